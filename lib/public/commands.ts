// Writes for members of the public (issue 18): the council's "Members of the public"
// organisation, the officer's audience and publishing settings, a person's response started
// without signing in (and the emailed link back to it), and the consent and "about you"
// details saved with a response. Answers themselves are saved and submitted by lib/responses,
// the same code as partners' answers, keyed by the respondent.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, responses, users } from "../../db/schema";
import type { ConsultationAudience, PublishResponses } from "../../db/schema/consultations";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { appUrl } from "../config";
import { deliverNow, queueEmail } from "../email";
import { ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { hit, LIMITS, type LimitDecision } from "../rate-limit";
import { headVersionSql } from "../responses/queries";
import { respondWindow, windowMessage } from "../responses/rules";
import { checkConsent, mayPublish, type ConsentInput } from "./consent";
import { parseAboutYou } from "./about-you";
import { refreshModeration, syncModerationQueue } from "./moderation-queue";
import { ensurePublicReference } from "./public-reference";
import { ensurePublicOrganisation } from "./organisation";

export { ensurePublicOrganisation };

export type AudienceSettings = {
  audience: ConsultationAudience;
  allowUnauthenticated: boolean;
  publishResponses: PublishResponses;
};

/**
 * The officer's choice of who responds and whether responses are published. Publishing can be
 * turned on after responses arrived: those answered no consent question and so stay unpublished.
 */
export async function updateAudienceSettings(db: Db, input: { consultationId: string } & AudienceSettings, actor: Actor): Promise<void> {
  if (input.allowUnauthenticated && input.audience === "partners") {
    throw new InvalidError("There is a problem", { allowUnauthenticated: "Only members of the public can respond without signing in: choose an audience that includes them" });
  }
  await db.transaction(async (tx) => {
    const [c] = await tx.select().from(consultations).where(eq(consultations.id, input.consultationId)).for("update");
    if (!c) throw new NotFoundError("Consultation");
    authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
    const before = { audience: c.audience, allowUnauthenticated: c.allowUnauthenticated, publishResponses: c.publishResponses };
    const after = { audience: input.audience, allowUnauthenticated: input.allowUnauthenticated, publishResponses: input.publishResponses };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    if (input.audience !== "partners") await ensurePublicOrganisation(tx, c.ownerOrganisationId);
    await tx.update(consultations).set({ ...after, updatedAt: new Date() }).where(eq(consultations.id, c.id));
    // Publishing turned on after responses exist: any that consented (given while publishing was
    // on before) enter the moderation queue now. Submissions queue their own from then on.
    if (before.publishResponses === "no" && after.publishResponses !== "no") await syncModerationQueue(tx, c.id);
    await writeAudit(tx, { actorId: actor.id, action: "consultation.update", entityType: "consultation", entityId: c.id, consultationId: c.id, before, after });
  });
}

/** Whether the consultation takes responses from members of the public. */
export function takesPublic(c: { audience: ConsultationAudience }): boolean {
  return c.audience !== "partners";
}

export function hashReturnToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const RETURN_COOKIE_PREFIX = "respond_return_";

export type StartWithoutSignIn =
  /** A new response, the browser's key to it (a cookie), and the link emailed to the address given. */
  | { kind: "started"; responseId: string; token: string }
  /** The address belongs to someone who can sign in: they were emailed how to, and nothing was made. */
  | { kind: "sign_in_sent" };

/**
 * A member of the public starts a response without signing in, giving an email address. A new
 * person is made for a new address (unverified, with no memberships), with the response and a
 * secret link back to it, emailed to the address. An address someone already uses is never
 * taken over: that person is emailed how to sign in instead, and nothing else happens.
 */
export async function startWithoutSignIn(db: Db, input: { slug: string; email: string }, now: Date = new Date()): Promise<StartWithoutSignIn> {
  const email = input.email.trim().toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.select({ c: consultations, headId: headVersionSql.id }).from(consultations).where(eq(consultations.slug, input.slug));
    const c = row?.c;
    if (!c || c.status === "draft" || !row.headId) throw new NotFoundError("Consultation");
    if (!takesPublic(c) || !c.allowUnauthenticated) throw new ForbiddenError("Sign in to respond to this consultation");
    const closed = windowMessage(c, respondWindow(c, now), now);
    if (closed) throw new LockedError(closed);
    const [made] = await tx.insert(users).values({ email }).onConflictDoNothing().returning({ id: users.id });
    if (!made) return { kind: "sign_in_sent" as const, c };
    const org = await ensurePublicOrganisation(tx, c.ownerOrganisationId);
    const [response] = await tx
      .insert(responses)
      .values({
        consultationId: c.id,
        organisationId: org.id,
        respondentUserId: made.id,
        returnTokenHash: hashReturnToken(token),
        consultationVersionId: row.headId,
        startedBy: made.id,
        lastEditedBy: made.id,
        lastEditedAt: now,
        createdAt: now,
      })
      .returning({ id: responses.id });
    await writeAudit(tx, {
      actorId: made.id,
      action: "response.start_unsigned",
      entityType: "response",
      entityId: response!.id,
      consultationId: c.id,
      organisationId: org.id,
    });
    const link = `${appUrl()}/respond/${c.slug}/return?token=${token}`;
    const mail = await queueEmail(tx, {
      to: email,
      kind: "return_link",
      consultationId: c.id,
      userId: made.id,
      subject: `Your response to “${c.title}”: the link back to it`,
      text: [
        `You started a response to “${c.title}”.`,
        "",
        `To come back to it, and change or finish it before the consultation closes, open this link:`,
        link,
        "",
        "Anyone with this link can see and change your response, so do not share it.",
        "If you did not start this response, you can ignore this email: nothing will be published in your name.",
      ].join("\n"),
    });
    return { kind: "started" as const, responseId: response!.id, mail, c };
  });
  if (result.kind === "sign_in_sent") {
    const c = result.c;
    const mail = await queueEmail(db, {
      to: email,
      kind: "sign_in_hint",
      consultationId: c.id,
      subject: `Respond to “${c.title}”`,
      text: [
        `Someone, probably you, asked to respond to “${c.title}” with this email address.`,
        "",
        "You already have an account with this address, so sign in to respond:",
        `${appUrl()}/sign-in?callbackUrl=${encodeURIComponent(`/respond/${c.slug}`)}`,
      ].join("\n"),
    });
    await deliverNow(db, mail);
    return { kind: "sign_in_sent" };
  }
  await deliverNow(db, result.mail);
  return { kind: "started", responseId: result.responseId, token };
}


/**
 * The person a return link (or its cookie) stands for, for this consultation only, as an actor
 * with no memberships: it can do nothing but edit their own response. Null for a wrong or
 * unknown token.
 */
export async function actorForReturnToken(db: Db, input: { slug: string; token: string }): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return null;
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt, erasedAt: users.erasedAt })
    .from(responses)
    .innerJoin(consultations, eq(consultations.id, responses.consultationId))
    .innerJoin(users, eq(users.id, responses.respondentUserId))
    .where(and(eq(responses.returnTokenHash, hashReturnToken(input.token)), eq(consultations.slug, input.slug)));
  if (!row || row.deactivatedAt || row.erasedAt) return null;
  return { id: row.id, name: row.name, email: row.email, memberships: [], returnLink: { slug: input.slug } };
}

export type DetailsInput = ConsentInput & {
  consultationId: string;
  organisationId: string;
  respondentUserId?: string | null;
  notifyOutcome?: boolean;
  /** The posted form's about-you fields (lib/public/about-you), for a member of the public. */
  aboutYouFields?: Record<string, unknown>;
};

/**
 * Saves the consent to publish, the name to publish (a member of the public's), "tell me the
 * outcome" and the "about you" answers with the response, making the response if need be.
 * Refused with the message for each field that is wrong; nothing is saved then.
 */
export async function saveResponseDetails(db: Db, input: DetailsInput, actor: Actor, now: Date = new Date()): Promise<{ responseId: string }> {
  const respondentUserId = input.respondentUserId ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ c: consultations, headId: headVersionSql.id }).from(consultations).where(eq(consultations.id, input.consultationId));
    const c = row?.c;
    if (!c || c.status === "draft" || !row.headId) throw new NotFoundError("Consultation");
    authorize(actor, "response.edit", { kind: "response", organisationId: input.organisationId, consultationOwnerOrganisationId: c.ownerOrganisationId, respondentUserId });
    const closed = windowMessage(c, respondWindow(c, now), now);
    if (closed) throw new LockedError(closed);
    const isPublic = respondentUserId !== null;
    const consent = checkConsent(c, input, { isPublic });
    const about = isPublic ? parseAboutYou(input.aboutYouFields ?? {}) : { value: null, errors: {} };
    const errors = { ...consent.errors, ...about.errors };
    if (Object.keys(errors).length) throw new InvalidError("There is a problem", errors);
    const set = {
      publishConsent: consent.value.publishConsent,
      publishedName: consent.value.publishedName,
      notifyOutcome: Boolean(input.notifyOutcome),
      aboutYou: about.value,
      lastEditedBy: actor.id,
      lastEditedAt: now,
    };
    const whose = respondentUserId
      ? and(eq(responses.consultationId, c.id), eq(responses.respondentUserId, respondentUserId))
      : and(eq(responses.consultationId, c.id), eq(responses.organisationId, input.organisationId), isNull(responses.respondentUserId));
    const chosen = { id: responses.id, status: responses.status, publicReference: responses.publicReference };
    let [response] = await tx.select(chosen).from(responses).where(whose).for("update");
    if (!response) {
      [response] = await tx
        .insert(responses)
        .values({
          consultationId: c.id,
          organisationId: input.organisationId,
          respondentUserId,
          consultationVersionId: row.headId,
          startedBy: actor.id,
          createdAt: now,
          ...set,
        })
        .onConflictDoNothing()
        .returning(chosen);
      if (!response) [response] = await tx.select(chosen).from(responses).where(whose).for("update");
    }
    await tx.update(responses).set(set).where(eq(responses.id, response!.id));
    // Consent given or withdrawn after submission: the answers join or leave the moderation queue now.
    // A submitted response that now consents is listed under a public reference (kept if withdrawn).
    if (response!.status === "submitted") {
      await refreshModeration(tx, [response!.id]);
      if (mayPublish(set.publishConsent)) await ensurePublicReference(tx, response!);
    }
    // What was chosen, not the details themselves: the audit log outlives the retention period.
    await writeAudit(tx, {
      actorId: actor.id,
      action: "response.details",
      entityType: "response",
      entityId: response!.id,
      consultationId: c.id,
      organisationId: input.organisationId,
      after: { publishConsent: set.publishConsent, notifyOutcome: set.notifyOutcome, aboutYouGiven: Boolean(set.aboutYou) },
    });
    return { responseId: response!.id };
  });
}

/** A short public reference drawn at first submission ("R-7K3F-92QX"); unlike the receipt's, it proves nothing. */
export const PUBLIC_REFERENCE_PREFIX = "R";

/**
 * Whether a response may be started without signing in for `email` from `client`: the
 * address's count first (so flooding one address does not use up the client's allowance).
 */
export async function allowPublicStart(db: Db, input: { email: string; client: string }, now: Date = new Date()): Promise<LimitDecision> {
  const perAddress = await hit(db, LIMITS.publicStartPerAddress, input.email.trim().toLowerCase(), now);
  if (!perAddress.allowed) return perAddress;
  return hit(db, LIMITS.publicStartPerClient, input.client, now);
}

/**
 * Before a sign-in link is sent for a public consultation: a new address becomes a member of
 * the public (no memberships), so the link can sign them in. Only for a published
 * consultation open to the public; returns whether the consultation takes them.
 */
export async function ensurePublicRespondent(db: Db, input: { slug: string; email: string }, now: Date = new Date()): Promise<boolean> {
  const [c] = await db.select().from(consultations).where(eq(consultations.slug, input.slug));
  if (!c || c.status === "draft" || c.publishedVersion === 0 || !takesPublic(c)) return false;
  if (windowMessage(c, respondWindow(c, now), now)) return false;
  await db.insert(users).values({ email: input.email.trim().toLowerCase() }).onConflictDoNothing();
  return true;
}

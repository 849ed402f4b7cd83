// The consultation's lifecycle as officers drive it: publish (after the checks pass, freezing a
// version and queueing the invitation emails) and close.
import { and, count, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, invitations } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDate } from "../format";
import { queueInvitationEmails } from "../invitations/commands";
import { notify, paths } from "../notifications/record";
import { endOfUkDay } from "./dates";
import { freezeVersion } from "./commands";
import { lockManaged } from "./editor";
import { getStructure } from "./queries";
import { publishProblems, type Problem } from "./rules";

/** Everything that stops this consultation being published now (empty when it is ready). */
export async function checkPublishable(db: Db, consultationId: string, now = new Date()): Promise<Problem[]> {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  const { chapters } = await getStructure(db, consultationId);
  return publishProblems(
    {
      kind: c.kind,
      askedBy: c.askedBy,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      chapters: chapters.map((ch) => ({ id: ch.id, title: ch.title, questions: ch.questions })),
    },
    now,
  );
}

/** The error a refused publish carries: one message per problem, keyed for the page's list. */
export function problemsError(problems: Problem[]) {
  return new InvalidError(
    problems.length === 1 ? problems[0].message : `There are ${problems.length} things to fix before publishing`,
    Object.fromEntries(problems.map((p, i) => [`problem-${i}`, p.message])),
  );
}

export const NO_AUDIENCE_QUESTION = "No one is invited yet. Publish anyway?";

/** Publishing would invite nobody and the officer has not said that is what they want. */
export class NoAudienceError extends InvalidError {
  constructor() {
    super(NO_AUDIENCE_QUESTION);
  }
}

/**
 * Publish a draft: check it, freeze version 1 (or the next), open it, and queue an invitation
 * email to everyone already in its audience. Refused, changing nothing, if any check fails.
 * With `confirmNoAudience: false` (the officer's publish button), an empty audience is refused
 * with NoAudienceError, so the page can ask "Publish anyway?"; counted inside the transaction,
 * so a colleague's removal a moment before is seen. Left out (seeds, imports), it is not asked.
 */
export async function publishConsultationAs(db: Db, consultationId: string, actor: Actor, now = new Date(), opts: { confirmNoAudience?: boolean } = {}) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    if (c.status !== "draft") throw new LockedError(c.status === "open" ? "This consultation is already published" : "This consultation is closed");
    const problems = await checkPublishable(tx, c.id, now);
    if (problems.length) throw problemsError(problems);
    if (opts.confirmNoAudience === false) {
      const [{ n }] = await tx.select({ n: count() }).from(invitations).where(eq(invitations.consultationId, c.id));
      if (!n) throw new NoAudienceError();
    }
    const version = await freezeVersion(tx, c.id, actor.id);
    const [after] = await tx.update(consultations).set({ status: "open", updatedAt: new Date() }).where(eq(consultations.id, c.id)).returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "consultation.publish",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { status: c.status, publishedVersion: c.publishedVersion },
      after: { status: "open", publishedVersion: version },
    });
    const queued = await queueInvitationEmails(tx, after, actor);
    return { consultation: after, version, invitationsQueued: queued };
  });
}

/** Close an open consultation: no more responses. Closing early brings the closing date forward. */
export async function closeConsultation(db: Db, consultationId: string, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
    if (c.status !== "open") throw new LockedError(c.status === "draft" ? "Only a published consultation can be closed" : "This consultation is already closed");
    const early = c.closesAt && c.closesAt > now && (!c.opensAt || c.opensAt < now);
    const [after] = await tx
      .update(consultations)
      .set({ status: "closed", closesAt: early ? now : c.closesAt, updatedAt: new Date() })
      .where(eq(consultations.id, c.id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "consultation.close",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { status: c.status, closesAt: c.closesAt },
      after: { status: after.status, closesAt: after.closesAt },
    });
    return after;
  });
}

/**
 * Reopen a closed consultation until a new closing date, so partners can amend what they
 * submitted (or submit late). Amendments are allowed from then on; every invited contact is
 * told, in the same transaction.
 */
export async function reopenConsultation(db: Db, input: { consultationId: string; closesOn: string }, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, input.consultationId, actor);
    if (c.status !== "closed") throw new LockedError(c.status === "open" ? "This consultation is already open" : "Only a closed consultation can be reopened");
    const closesAt = endOfUkDay(input.closesOn);
    if (closesAt <= now) {
      const m = "The new closing date must be today or later";
      throw new InvalidError(m, { closesOn: m });
    }
    const [after] = await tx
      .update(consultations)
      .set({ status: "open", closesAt, allowAmendments: true, updatedAt: new Date() })
      .where(eq(consultations.id, c.id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "consultation.reopen",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { status: c.status, closesAt: c.closesAt, allowAmendments: c.allowAmendments },
      after: { status: "open", closesAt, allowAmendments: true },
    });
    await notify(tx, {
      kind: "consultation_reopened",
      recipients: { invitedTo: c.id },
      consultationId: c.id,
      title: `“${c.title}” has reopened until ${formatDate(closesAt)}: you can amend your organisation's response`,
      path: paths.respond(c.slug),
      actorId: actor.id,
      now,
    });
    return after;
  });
}

/**
 * Close every open consultation whose closing date has passed (the daily job). Partners'
 * pages already refuse answers after the closing time; this makes the status say so too.
 */
export async function closeDueConsultations(db: Db, now = new Date()) {
  return db.transaction(async (tx) => {
    const closed = await tx
      .update(consultations)
      .set({ status: "closed", updatedAt: now })
      .where(and(eq(consultations.status, "open"), lt(consultations.closesAt, now)))
      .returning({ id: consultations.id, ownerOrganisationId: consultations.ownerOrganisationId, closesAt: consultations.closesAt });
    for (const c of closed) {
      await writeAudit(tx, {
        actorId: null,
        action: "consultation.close",
        entityType: "consultation",
        entityId: c.id,
        consultationId: c.id,
        organisationId: c.ownerOrganisationId,
        before: { status: "open" },
        after: { status: "closed", reason: "closing date passed", closesAt: c.closesAt },
      });
    }
    return closed.length;
  });
}

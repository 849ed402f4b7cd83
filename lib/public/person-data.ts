// A person's data on request (UK GDPR access and erasure), for an administrator acting on the
// person's request: everything held about them as JSON, and erasure. Erasure removes their name
// and email address, the names they asked to be published under and their "about you" answers,
// and withdraws consent to publish (their published responses leave the public pages and open
// data at once); their answers stay, without identity, in the counts and the council's analysis.
import { and, asc, count, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answerModerations, answers, consultations, memberships, questions, responses, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { forgetIdentity } from "../audit/erased";
import { expireExportsNaming, removeExportFiles } from "../exports/jobs";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError, parseField } from "../errors";
import { personEmailSearchSchema } from "../input/search";
import { likeContains } from "../sql";
import { deleteWhatWasSentTo, emailsTo } from "../email/people";
import { refreshModeration } from "./moderation-queue";

const SYSTEM = { kind: "system" } as const;

/** What erasure does to published responses, said to the administrator before they confirm. */
export const ERASURE_CONSEQUENCE =
  "Their name, email address, \"about you\" answers and the emails sent to them are removed and they can no longer sign in. Their responses are taken off the public pages and open data; their answers stay, without their name, in the counts and the council's analysis. Where others' records name them (the audit log, notifications and their emails, an endorsement they signed for an organisation they have left, a consultation or letterhead giving them as its contact), their name and address are no longer shown.";

export async function exportPersonData(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("Person");
  const rs = await db
    .select({ r: responses, consultation: consultations.title, slug: consultations.slug })
    .from(responses)
    .innerJoin(consultations, eq(consultations.id, responses.consultationId))
    .where(or(eq(responses.respondentUserId, userId), eq(responses.submittedBy, userId), eq(responses.startedBy, userId)))
    .orderBy(asc(responses.createdAt), asc(responses.reference));
  const ids = rs.map((x) => x.r.id);
  const rows = ids.length
    ? await db
        .select({ responseId: answers.responseId, number: questions.number, question: questions.text, answer: answers.valueText, published: answerModerations.publishedText, state: answerModerations.state })
        .from(answers)
        .innerJoin(questions, eq(questions.id, answers.questionId))
        .leftJoin(answerModerations, sql`${answerModerations.responseId} = ${answers.responseId} and ${answerModerations.questionId} = ${answers.questionId}`)
        .where(inArray(answers.responseId, ids))
    : [];
  const roles = await db.select({ organisationId: memberships.organisationId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
  const emails = await emailsTo(db, { id: user.id, email: user.email });
  await writeAudit(db, { actorId: actor.id, action: "person.export", entityType: "user", entityId: userId });
  return {
    exportedAt: new Date().toISOString(),
    person: { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt.toISOString(), erasedAt: user.erasedAt?.toISOString() ?? null },
    roles,
    responses: rs.map(({ r, consultation, slug }) => ({
      consultation,
      slug,
      reference: r.reference,
      publicReference: r.publicReference,
      status: r.status,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      ownResponse: r.respondentUserId === userId,
      publishConsent: r.publishConsent,
      publishedName: r.publishedName,
      notifyOutcome: r.notifyOutcome,
      aboutYou: r.aboutYou,
      answers: rows.filter((a) => a.responseId === r.id).map(({ number, question, answer, published, state }) => ({ number, question, answer, moderation: state ?? null, publishedAs: published ?? null })),
    })),
    emails,
  };
}

/** Erase a member of the public on request (see ERASURE_CONSEQUENCE). Staff and partners are deactivated instead. */
export async function erasePerson(db: Db, userId: string, actor: Actor, now = new Date()) {
  authorize(actor, "admin.manage", SYSTEM);
  const { files, ...result } = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new NotFoundError("Person");
    // Posted twice (a double click, a resubmitted form): the second finds them erased and does nothing.
    if (user.erasedAt) return { responses: 0, alreadyErased: true as const, files: [] };
    const roles = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, userId));
    if (roles.length) throw new InvalidError("This person holds roles in an organisation: remove the roles or deactivate them instead");
    const own = await tx
      .update(responses)
      .set({ publishedName: null, aboutYou: null, publishConsent: sql`case when ${responses.publishConsent} is null then null else 'none' end`, notifyOutcome: false, returnTokenHash: null })
      .where(eq(responses.respondentUserId, userId))
      .returning({ id: responses.id, consultationId: responses.consultationId });
    // Consent is withdrawn: their answers leave the moderation queue (its rows held copies of the text).
    await refreshModeration(tx, own.map((r) => r.id));
    // The emails sent to them hold their address, and some their name or answers.
    const { emails } = await deleteWhatWasSentTo(tx, [{ id: user.id, email: user.email }]);
    // What others hold that names them: the audit log's entries (withheld when read), their
    // notifications' titles, the endorsements they signed as a former role-holder.
    const forgotten = await forgetIdentity(tx, user, now);
    // Stored exports that name them (as who submitted a response) go now, not in a week.
    const exports = await expireExportsNaming(tx, user.id, now);
    await tx
      .update(users)
      .set({ name: null, email: sql`'erased-' || ${users.id}::text || '@erased.invalid'`, erasedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await writeAudit(tx, { actorId: actor.id, action: "person.erase", entityType: "user", entityId: userId, after: { responses: own.length, emails, removed: ["name", "email address", "published name", "about you answers", "consent to publish", "emails sent to them", "sign-in links"], ...forgotten, exports: exports.expired } });
    return { responses: own.length, emails, files: exports.files };
  });
  await removeExportFiles(files);
  return result;
}

/**
 * People whose email address contains the text given (case-insensitive), for an administrator
 * answering a request: at most 20, erased people left out (nothing is held to find them by).
 */
export async function findPeopleByEmail(db: Db, email: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const part = parseField(personEmailSearchSchema, email, "email");
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt, roles: count(memberships.id) })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(and(isNull(users.erasedAt), ilike(users.email, likeContains(part))))
    .groupBy(users.id)
    .orderBy(asc(users.email))
    .limit(21);
  return { people: rows.slice(0, 20).map((r) => ({ ...r, roles: Number(r.roles) })), more: rows.length > 20 };
}

/**
 * What the erasure page shows before the administrator confirms: who, whether they can be erased
 * (people holding roles cannot: they are deactivated instead), and how many of their responses
 * are published now and would be withdrawn.
 */
export async function erasureSummary(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const [user] = await db.select({ id: users.id, name: users.name, email: users.email, erasedAt: users.erasedAt }).from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("Person");
  const [roles] = await db.select({ n: count() }).from(memberships).where(eq(memberships.userId, userId));
  const [own] = await db
    .select({
      responses: count(),
      published: sql<number>`count(*) filter (where ${responses.publishConsent} in ('named', 'anonymous'))`.mapWith(Number),
    })
    .from(responses)
    .where(eq(responses.respondentUserId, userId));
  return {
    ...user,
    erased: user.erasedAt !== null,
    roles: Number(roles?.n ?? 0),
    responses: Number(own?.responses ?? 0),
    consentedToPublish: own?.published ?? 0,
  };
}

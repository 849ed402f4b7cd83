// Retention of respondents' personal data: once a consultation has been closed for its
// retention period (consultations.retention_months), a nightly job removes the names published
// under, the "about you" answers, the emails about it sent to members of the public and, for
// members of the public with no response still within a retention period, their name, email
// address and every email sent to them; and an address typed on a public start page that no
// response was ever started with, after UNUSED_PUBLIC_ACCOUNT_DAYS. Answers stay (the published ones as moderated,
// and every count), without identity. The audit log records who was removed and when, never what.
import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, responses, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { deletePublicEmailsAbout, deleteWhatWasSentTo } from "../email/people";
import { forgetIdentity, keepErasedDigests } from "../audit/erased";

export const JOB_RETENTION = "publication.retention";

/** Consultations whose retention period has ended at `now`. */
const expired = (now: Date) =>
  and(
    inArray(consultations.status, ["closed", "archived"]),
    isNotNull(consultations.closesAt),
    sql`${consultations.closesAt} + make_interval(months => ${consultations.retentionMonths}) < ${now.toISOString()}::timestamptz`,
  );

export type RetentionResult = { consultations: number; responses: number; people: number; emails: number };

/**
 * Days an address typed on a public consultation's start page is kept when no response was ever
 * started with it: anyone may type anyone's address there, so one nobody used does not stay.
 */
export const UNUSED_PUBLIC_ACCOUNT_DAYS = 30;

/**
 * Accounts a public start page made (no name, no role) with no response, older than
 * UNUSED_PUBLIC_ACCOUNT_DAYS: erased with every email sent to them.
 */
async function eraseUnusedPublicAccounts(tx: Db, now: Date): Promise<{ people: number; emails: number }> {
  const unused = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        isNull(users.name),
        isNull(users.erasedAt),
        sql`${users.createdAt} < ${now.toISOString()}::timestamptz - make_interval(days => ${UNUSED_PUBLIC_ACCOUNT_DAYS})`,
        sql`not exists (select 1 from memberships m where m.user_id = ${users.id})`,
        sql`not exists (select 1 from responses r where r.respondent_user_id = ${users.id} or r.started_by = ${users.id})`,
      ),
    );
  if (!unused.length) return { people: 0, emails: 0 };
  const { emails } = await deleteWhatWasSentTo(tx, unused);
  await keepErasedDigests(tx, unused.map((u) => u.email), now);
  await tx
    .update(users)
    .set({ email: sql`'erased-' || ${users.id}::text || '@erased.invalid'`, erasedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(inArray(users.id, unused.map((u) => u.id)));
  await writeAudit(
    tx,
    unused.map((u) => ({ actorId: null, action: "retention.erase_person" as const, entityType: "user", entityId: u.id, after: { removed: ["email address", "emails sent to them", "sign-in links"], reason: "no response started" } })),
  );
  return { people: unused.length, emails };
}

export async function applyRetention(db: Db, now = new Date()): Promise<RetentionResult> {
  return db.transaction(async (tx) => {
    const strays = await eraseUnusedPublicAccounts(tx, now);
    const due = await tx.select({ id: consultations.id }).from(consultations).where(expired(now));
    if (!due.length) return { consultations: 0, responses: 0, people: strays.people, emails: strays.emails };
    const ids = due.map((c) => c.id);
    const cleared = await tx
      .update(responses)
      .set({ publishedName: null, aboutYou: null })
      .where(and(inArray(responses.consultationId, ids), or(isNotNull(responses.publishedName), isNotNull(responses.aboutYou))))
      .returning({ id: responses.id, consultationId: responses.consultationId });
    // Members of the public whose every response is past retention: their identity goes.
    const people = await tx
      .selectDistinct({ id: users.id, name: users.name, email: users.email, consultationId: responses.consultationId })
      .from(responses)
      .innerJoin(users, eq(users.id, responses.respondentUserId))
      .where(
        and(
          inArray(responses.consultationId, ids),
          isNull(users.erasedAt),
          sql`not exists (select 1 from ${consultations} c join responses r2 on r2.consultation_id = c.id
                where r2.respondent_user_id = ${users.id}
                  and not (c.status in ('closed', 'archived') and c.closes_at is not null
                           and c.closes_at + make_interval(months => c.retention_months) < ${now.toISOString()}::timestamptz))`,
          sql`not exists (select 1 from memberships m where m.user_id = ${users.id})`,
        ),
      );
    const personIds = [...new Set(people.map((p) => p.id))];
    // Their emails go with their address (all of them, about any consultation), and the emails
    // about these consultations to any member of the public (receipts, links back, outcomes).
    const { emails: personEmails } = await deleteWhatWasSentTo(tx, people);
    // Members of the public have no name on their account (a start page makes none): their
    // address is kept as a digest. One with a name once held a role (a partner who also answered
    // a public consultation): what others' records wrote of them goes too.
    const distinct = [...new Map(people.map((p) => [p.id, p])).values()];
    await keepErasedDigests(tx, distinct.filter((p) => !p.name).map((p) => p.email), now);
    for (const person of distinct.filter((p) => p.name)) await forgetIdentity(tx, person, now);
    const aboutEmails = await deletePublicEmailsAbout(tx, ids);
    if (personIds.length) {
      await tx
        .update(users)
        .set({ name: null, email: sql`'erased-' || ${users.id}::text || '@erased.invalid'`, erasedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(inArray(users.id, personIds));
    }
    const byConsultation = new Map<string, { responses: number; emails: number }>();
    const tally = (id: string) => byConsultation.get(id) ?? byConsultation.set(id, { responses: 0, emails: 0 }).get(id)!;
    for (const r of cleared) tally(r.consultationId).responses++;
    for (const id of aboutEmails) tally(id).emails++;
    await writeAudit(tx, [
      ...[...byConsultation].map(([consultationId, n]) => ({
        actorId: null,
        action: "retention.apply" as const,
        entityType: "consultation",
        entityId: consultationId,
        consultationId,
        after: { responsesCleared: n.responses, emailsDeleted: n.emails, removed: ["published name", "about you answers", "emails to members of the public"] },
      })),
      ...personIds.map((id) => ({
        actorId: null,
        action: "retention.erase_person" as const,
        entityType: "user",
        entityId: id,
        consultationId: people.find((p) => p.id === id)!.consultationId,
        after: { removed: ["name", "email address", "emails sent to them", "sign-in links"] },
      })),
    ]);
    return { consultations: byConsultation.size, responses: cleared.length, people: personIds.length + strays.people, emails: personEmails + aboutEmails.length + strays.emails };
  });
}

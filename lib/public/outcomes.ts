// "We asked, you said, we did": the council's account of what it did with a consultation's
// responses. Officers write it (version-checked, so two officers never overwrite each other),
// publish it once the consultation has closed, and the people who asked to hear are emailed once.
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultationOutcomes, consultations, organisations, outbox, responses, users, type ConsultationOutcome } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { appUrl } from "../config";
import { queueEmail } from "../email";
import { ConflictError, InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDate, label } from "../format";
import { enqueueJob, type JobHandlers } from "../jobs/queue";
import type { SaveOutcomeInput } from "./publication-schemas";
import { plural } from "../text/plural";

export const JOB_OUTCOME_NOTIFY = "outcome.notify";

export type OutcomeTexts = Pick<ConsultationOutcome, "weAsked" | "youSaid" | "weDid" | "outcomeDate">;

/** The respondent types a consultation heard from, with how many submitted responses each. */
export async function respondentCounts(db: Db, consultationId: string): Promise<{ type: string; label: string; count: number }[]> {
  const rows = await db
    .select({
      type: sql<string>`case when ${responses.respondentUserId} is not null then 'public' else ${organisations.type} end`,
      count: sql<number>`count(*)::int`,
    })
    .from(responses)
    .innerJoin(organisations, eq(organisations.id, responses.organisationId))
    .where(and(eq(responses.consultationId, consultationId), eq(responses.status, "submitted")))
    .groupBy(sql`1`)
    .orderBy(desc(sql`2`), asc(sql`1`));
  return rows.map((r) => ({ ...r, label: r.type === "public" ? "Members of the public" : label(r.type) }));
}

/** The sentence "what you said" starts from when an officer first opens the editor. */
export function countsSentence(counts: { label: string; count: number }[]): string {
  const total = counts.reduce((n, c) => n + c.count, 0);
  if (!total) return "We received no responses.";
  const parts = counts.map((c) => `${c.count.toLocaleString("en-GB")} from ${c.label.toLowerCase()}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
  return `We received ${plural(total, "response")}: ${list}.`;
}

export async function getOutcome(db: Db, consultationId: string): Promise<ConsultationOutcome | null> {
  const [row] = await db.select().from(consultationOutcomes).where(eq(consultationOutcomes.consultationId, consultationId));
  return row ?? null;
}

/** The outcome as the public may read it: only once published, and only on a closed consultation. */
export async function getPublishedOutcome(db: Db, consultationId: string) {
  const [row] = await db
    .select({ outcome: consultationOutcomes, status: consultations.status })
    .from(consultationOutcomes)
    .innerJoin(consultations, eq(consultations.id, consultationOutcomes.consultationId))
    .where(and(eq(consultationOutcomes.consultationId, consultationId), eq(consultationOutcomes.status, "published")));
  if (!row || (row.status !== "closed" && row.status !== "archived")) return null;
  return row.outcome;
}

async function consultationToManage(db: Db, consultationId: string, actor: Actor) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "outcome.edit", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

/**
 * Save the outcome's texts. The save carries the version it was edited from (0 for a new one):
 * over a newer version nothing is written and both texts come back in the ConflictError.
 * Saving a published outcome keeps it published, with the new texts.
 */
export async function saveOutcome(db: Db, input: SaveOutcomeInput, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const c = await consultationToManage(tx, input.consultationId, actor);
    const [current] = await tx
      .select()
      .from(consultationOutcomes)
      .where(eq(consultationOutcomes.consultationId, c.id))
      .for("update");
    const texts = { weAsked: input.weAsked, youSaid: input.youSaid, weDid: input.weDid, outcomeDate: input.outcomeDate };
    if ((current?.version ?? 0) !== input.baseVersion) {
      const [by] = current?.updatedBy ? await tx.select({ name: users.name }).from(users).where(eq(users.id, current.updatedBy)) : [];
      throw new ConflictError(
        `${by?.name ?? "Someone else"} saved this outcome after you opened it. Their version is shown; yours was not saved and is kept below for you to copy.`,
        current ? { weAsked: current.weAsked, youSaid: current.youSaid, weDid: current.weDid, outcomeDate: current.outcomeDate, version: current.version } : null,
        { ...texts, version: input.baseVersion },
      );
    }
    let saved: ConsultationOutcome;
    if (!current) {
      const rows = await tx
        .insert(consultationOutcomes)
        .values({ consultationId: c.id, ...texts, version: 1, updatedBy: actor.id, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      // Two first saves at once: the second finds the first's row, which is a conflict like any other.
      if (!rows[0]) throw new ConflictError("Someone else saved this outcome at the same moment. Open it again to see their version.", null, texts);
      saved = rows[0];
    } else {
      [saved] = (await tx
        .update(consultationOutcomes)
        .set({ ...texts, version: current.version + 1, updatedBy: actor.id, updatedAt: now })
        .where(and(eq(consultationOutcomes.consultationId, c.id), eq(consultationOutcomes.version, current.version)))
        .returning()) as [ConsultationOutcome];
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "outcome.save",
      entityType: "consultation_outcome",
      entityId: c.id,
      consultationId: c.id,
      before: current ? { weAsked: current.weAsked, youSaid: current.youSaid, weDid: current.weDid, outcomeDate: current.outcomeDate } : null,
      after: texts,
    });
    return saved;
  });
}

/**
 * Publish the outcome (or take it down). Only a closed consultation's outcome is published, and
 * only a complete one. The first publication queues one email to each respondent who asked to
 * hear; publishing again after taking it down emails nobody twice.
 */
export async function setOutcomePublished(
  db: Db,
  input: { consultationId: string; baseVersion: number; publish: boolean },
  actor: Actor,
  now = new Date(),
) {
  const result = await db.transaction(async (tx) => {
    const c = await consultationToManage(tx, input.consultationId, actor);
    const [current] = await tx.select().from(consultationOutcomes).where(eq(consultationOutcomes.consultationId, c.id)).for("update");
    if (!current) throw new InvalidError("Write the outcome and save it before publishing it");
    if (current.version !== input.baseVersion) {
      throw new ConflictError("The outcome was changed after you opened it. Read the newer version, then publish.", current, null);
    }
    if (input.publish) {
      if (c.status !== "closed" && c.status !== "archived") throw new LockedError("An outcome is published once the consultation has closed");
      if (!current.weAsked || !current.youSaid || !current.weDid || !current.outcomeDate) {
        throw new InvalidError("Complete what we asked, what you said, what we did and the date before publishing");
      }
    }
    const wanted = input.publish ? "published" : "draft";
    if (current.status === wanted) return { outcome: current, changed: false };
    const [saved] = await tx
      .update(consultationOutcomes)
      .set({
        status: wanted,
        publishedAt: input.publish ? now : current.publishedAt,
        publishedBy: input.publish ? actor.id : current.publishedBy,
        version: current.version + 1,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .where(eq(consultationOutcomes.consultationId, c.id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: input.publish ? "outcome.publish" : "outcome.unpublish",
      entityType: "consultation_outcome",
      entityId: c.id,
      consultationId: c.id,
      before: { status: current.status },
      after: { status: wanted },
    });
    if (input.publish) await enqueueJob(tx, { name: JOB_OUTCOME_NOTIFY, payload: { consultationId: c.id }, singletonKey: `${JOB_OUTCOME_NOTIFY}:${c.id}` });
    return { outcome: saved!, changed: true };
  });
  return result;
}

/**
 * Email everyone who ticked "tell me when the outcome is published" on a submitted response: a
 * member of the public at their own address, a partner at the address of whoever submitted it.
 * One email per address, whatever the number of responses, and never a second: returns how
 * many were emailed this time.
 */
export async function sendOutcomeEmails(db: Db, consultationId: string): Promise<number> {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  const outcome = c ? await getPublishedOutcome(db, consultationId) : null;
  if (!c || !outcome) return 0;
  const rows = await db
    .selectDistinct({ email: users.email, userId: users.id, name: users.name })
    .from(responses)
    .innerJoin(users, or(eq(users.id, responses.respondentUserId), and(isNull(responses.respondentUserId), eq(users.id, responses.submittedBy))))
    .where(and(eq(responses.consultationId, consultationId), eq(responses.status, "submitted"), eq(responses.notifyOutcome, true), isNotNull(users.email)));
  const link = `${appUrl()}/consultations/${c.slug}/outcome`;
  // All in one transaction, each address once ever: a run that failed part-way and is retried,
  // or a second run, emails nobody twice (the emails go by their delivery jobs once it commits).
  return db.transaction(async (tx) => {
    const done = new Set(
      (await tx.select({ to: outbox.to }).from(outbox).where(and(eq(outbox.consultationId, consultationId), eq(outbox.kind, "outcome")))).map((m) => m.to),
    );
    let emailed = 0;
    for (const r of rows) {
      if (done.has(r.email)) continue;
      done.add(r.email);
      emailed++;
      await queueEmail(tx, {
        to: r.email,
        subject: `We asked, you said, we did: ${c.title}`,
        text: [
          `Hello${r.name ? ` ${r.name}` : ""},`,
          "",
          `You asked us to tell you when we published what we did after the consultation "${c.title}".`,
          `It was published on ${formatDate(outcome.publishedAt)}. Read it here:`,
          link,
          "",
          "You are getting this email because you asked for it when you responded. We will not email you about this consultation again.",
        ].join("\n"),
        kind: "outcome",
        consultationId,
        userId: r.userId,
      });
    }
    return emailed;
  });
}

export const outcomeJobHandlers: JobHandlers = {
  [JOB_OUTCOME_NOTIFY]: async (db, payload) => ({ emailed: await sendOutcomeEmails(db, String(payload.consultationId)) }),
};

export const OUTCOME_FILTERS = ["all", "published", "awaiting"] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

/**
 * Closed consultations for the public hub with whether their outcome is published, newest
 * closed first: "we did" where it is published, "awaiting the outcome" where it is not.
 */
export async function listClosedConsultationsByOutcome(db: Db, filter: OutcomeFilter = "all", limit = 100) {
  const published = sql<boolean>`coalesce(${consultationOutcomes.status} = 'published', false)`;
  const where = [inArray(consultations.status, ["closed", "archived"])];
  if (filter === "published") where.push(eq(consultationOutcomes.status, "published"));
  if (filter === "awaiting") where.push(sql`${consultationOutcomes.status} is distinct from 'published'`);
  return db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      closesAt: consultations.closesAt,
      outcomePublished: published,
      outcomeDate: sql<string | null>`case when ${published} then ${consultationOutcomes.outcomeDate} end`,
    })
    .from(consultations)
    .leftJoin(consultationOutcomes, eq(consultationOutcomes.consultationId, consultations.id))
    .where(and(...where))
    .orderBy(desc(sql`coalesce(${consultations.closesAt}, ${consultations.updatedAt})`), asc(consultations.id))
    .limit(limit);
}

// Moderation of the free-text answers of responses whose authors agreed to publication. Each
// such answer enters the queue as pending; an officer reads it beside the personal data the
// detector suggests (never removed automatically), redacts passages with a reason, then approves
// or withholds it. Closed answers need no moderation: they are published as chosen options.
// Every decision is version-checked and written to the audit log without the redacted words.
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import {
  answerModerations,
  consultations,
  MODERATION_STATES,
  questions,
  responses,
  users,
  type AnswerModeration,
  type ModerationState,
  type StoredRedaction,
} from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { ConflictError, InvalidError, NotFoundError } from "../errors";
import { detectPersonalData, type Suggestion } from "./personal-data";
import { checkRange, findPassage, redactText, REDACTION_REASON_LABELS, type RedactionReason } from "./redactions";
import type { DecideInput, RedactInput } from "./publication-schemas";

export { consentedSql, FREE_TEXT_TYPES, freeTextSql, refreshModeration, syncModerationQueue } from "./moderation-queue";

async function consultationFor(db: Db, consultationId: string, actor: Actor) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "publication.moderate", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

export type QueueItem = {
  responseId: string;
  questionId: string;
  state: ModerationState;
  version: number;
  text: string;
  redactions: (StoredRedaction & { label: string })[];
  suggestions: Suggestion[];
  withheldReason: string;
  questionNumber: string;
  questionText: string;
  publicReference: string | null;
  publishConsent: string | null;
};

const keyOf = (i: { responseId: string; questionId: string }) => `${i.responseId}:${i.questionId}`;

/**
 * The queue after an answer, as a row comparison, so that the queue's index starts at it (written
 * as "r > x or (r = x and q > y)" Postgres read the queue from its start: 1.3 s at the middle of a
 * million answers, against under a millisecond).
 */
const after = (responseId: string, questionId: string) =>
  sql`(${answerModerations.responseId}, ${answerModerations.questionId}) > (${responseId}::uuid, ${questionId}::uuid)`;

/**
 * One page of the queue in a stable order (response, then question), paged by keyset so a long
 * queue pages in constant time, with the detector's suggestions for each answer.
 */
export async function listModerationQueue(
  db: Db,
  input: { consultationId: string; state: ModerationState | "all"; after?: string; limit?: number },
  actor: Actor,
) {
  const c = await consultationFor(db, input.consultationId, actor);
  // The rows are made as responses are submitted and edited (lib/public/moderation-queue), not here.
  const limit = Math.min(input.limit ?? 25, 100);
  const where: SQL[] = [eq(answerModerations.consultationId, c.id)];
  if (input.state !== "all") where.push(eq(answerModerations.state, input.state));
  if (input.after) {
    const [r, q] = input.after.split(":") as [string, string];
    where.push(after(r, q));
  }
  const rows = await queueRows(db)
    .where(and(...where))
    .orderBy(asc(answerModerations.responseId), asc(answerModerations.questionId))
    .limit(limit + 1);
  const items: QueueItem[] = rows.slice(0, limit).map((r) => toItem(r.m, r));
  // Each state counted up to MODERATION_COUNT_CAP + 1 by the queue's index: a count of every
  // answer of a large public consultation on each view would grow with it.
  const [counts] = await rowsOf<Record<ModerationState, number>>(
    db,
    sql`select ${sql.join(
      MODERATION_STATES.map((s) => sql`(select count(*)::int from (select 1 from ${answerModerations} where ${answerModerations.consultationId} = ${c.id} and ${answerModerations.state} = ${s} limit ${MODERATION_COUNT_CAP + 1}) x) as ${sql.identifier(s)}`),
      sql`, `,
    )}`,
  );
  return {
    consultation: c,
    items,
    next: rows.length > limit ? keyOf(items[items.length - 1]!) : null,
    counts: { pending: counts!.pending, approved: counts!.approved, withheld: counts!.withheld },
  };
}

/** Above this, a state's count on the queue's page is shown as "10,000+". */
export const MODERATION_COUNT_CAP = 10_000;

function toItem(
  m: AnswerModeration,
  r: { questionNumber: string; questionText: string; publicReference: string | null; publishConsent: string | null; respondentName: string | null },
): QueueItem {
  return {
    responseId: m.responseId,
    questionId: m.questionId,
    state: m.state,
    version: m.version,
    text: m.moderatedText,
    redactions: m.redactions.map((x) => ({ ...x, label: REDACTION_REASON_LABELS[x.reason as RedactionReason] ?? x.reason })),
    suggestions: detectPersonalData(m.moderatedText, { respondentName: r.respondentName }),
    withheldReason: m.withheldReason,
    questionNumber: r.questionNumber,
    questionText: r.questionText,
    publicReference: r.publicReference,
    publishConsent: r.publishConsent,
  };
}

/** Lock the row and check the version the moderator saw; a stale one is a conflict (nothing written). */
async function lockForChange(tx: Db, input: { consultationId: string; responseId: string; questionId: string; baseVersion: number }, actor: Actor) {
  const c = await consultationFor(tx, input.consultationId, actor);
  const [m] = await tx
    .select()
    .from(answerModerations)
    .where(and(eq(answerModerations.responseId, input.responseId), eq(answerModerations.questionId, input.questionId), eq(answerModerations.consultationId, c.id)))
    .for("update");
  if (!m) throw new NotFoundError("Answer in the moderation queue");
  if (m.version !== input.baseVersion) {
    throw new ConflictError(
      "Someone else moderated this answer (or its author changed it) after you opened it. Its current state is shown; check it and try again.",
      { state: m.state, version: m.version, redactions: m.redactions.length },
      { version: input.baseVersion },
    );
  }
  return { c, m };
}

const publishedTextOf = (state: ModerationState, text: string, redactions: readonly StoredRedaction[]) =>
  state === "approved" ? redactText(text, redactions) : null;

/**
 * Redact a passage: by offsets (a selection) or by its text and occurrence (without JavaScript).
 * An approved answer stays approved with the passage hidden from then on. The audit entry keeps
 * where and why, never the words redacted.
 */
export async function redactPassage(db: Db, input: RedactInput, actor: Actor) {
  return db.transaction(async (tx) => {
    const { c, m } = await lockForChange(tx, input, actor);
    let range = input.start !== undefined && input.end !== undefined ? { start: input.start, end: input.end } : null;
    if (!range) {
      range = findPassage(m.moderatedText, input.passage, input.occurrence);
      if (!range) {
        throw new InvalidError("There is a problem", {
          passage: input.occurrence > 1 ? `That passage is not in the answer ${input.occurrence} times` : "That passage is not in the answer. Copy it exactly as it is shown",
        });
      }
    }
    checkRange(m.moderatedText, range);
    const redaction: StoredRedaction = { id: randomUUID(), ...range, reason: input.reason, ...(input.note ? { note: input.note } : {}) };
    const redactions = [...m.redactions, redaction];
    const [saved] = await tx
      .update(answerModerations)
      .set({ redactions, publishedText: publishedTextOf(m.state, m.moderatedText, redactions), version: m.version + 1, moderatedBy: actor.id, moderatedAt: new Date() })
      .where(and(eq(answerModerations.responseId, m.responseId), eq(answerModerations.questionId, m.questionId)))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "moderation.redact",
      entityType: "answer",
      entityId: m.responseId,
      consultationId: c.id,
      after: { questionId: m.questionId, start: range.start, end: range.end, characters: range.end - range.start, reason: input.reason, note: input.note || undefined },
    });
    return saved!;
  });
}

export async function removeRedaction(
  db: Db,
  input: { consultationId: string; responseId: string; questionId: string; baseVersion: number; redactionId: string },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const { c, m } = await lockForChange(tx, input, actor);
    const gone = m.redactions.find((r) => r.id === input.redactionId);
    if (!gone) throw new NotFoundError("Redaction");
    const redactions = m.redactions.filter((r) => r.id !== input.redactionId);
    const [saved] = await tx
      .update(answerModerations)
      .set({ redactions, publishedText: publishedTextOf(m.state, m.moderatedText, redactions), version: m.version + 1, moderatedBy: actor.id, moderatedAt: new Date() })
      .where(and(eq(answerModerations.responseId, m.responseId), eq(answerModerations.questionId, m.questionId)))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "moderation.unredact",
      entityType: "answer",
      entityId: m.responseId,
      consultationId: c.id,
      before: { questionId: m.questionId, start: gone.start, end: gone.end, reason: gone.reason },
    });
    return saved!;
  });
}

/** Approve (publish with its redactions) or withhold (never publish, with a reason kept here). */
export async function decideModeration(db: Db, input: DecideInput, actor: Actor) {
  return db.transaction(async (tx) => {
    const { c, m } = await lockForChange(tx, input, actor);
    const state: ModerationState = input.decision === "approve" ? "approved" : "withheld";
    const [saved] = await tx
      .update(answerModerations)
      .set({
        state,
        publishedText: publishedTextOf(state, m.moderatedText, m.redactions),
        withheldReason: state === "withheld" ? input.withheldReason : "",
        version: m.version + 1,
        moderatedBy: actor.id,
        moderatedAt: new Date(),
      })
      .where(and(eq(answerModerations.responseId, m.responseId), eq(answerModerations.questionId, m.questionId)))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: state === "approved" ? "moderation.approve" : "moderation.withhold",
      entityType: "answer",
      entityId: m.responseId,
      consultationId: c.id,
      before: { questionId: m.questionId, state: m.state },
      after: { questionId: m.questionId, state, redactions: m.redactions.length, reason: state === "withheld" ? input.withheldReason : undefined },
    });
    return saved!;
  });
}

/** Queue entries with what the moderator reads beside each: the question, references and the name it would be published under. */
function queueRows(db: Db) {
  return db
    .select({
      m: answerModerations,
      questionNumber: questions.number,
      questionText: questions.text,
      publicReference: responses.publicReference,
      publishConsent: responses.publishConsent,
      respondentName: sql<string | null>`coalesce(${responses.publishedName}, ${users.name})`,
    })
    .from(answerModerations)
    .innerJoin(responses, eq(responses.id, answerModerations.responseId))
    .innerJoin(questions, eq(questions.id, answerModerations.questionId))
    .leftJoin(users, eq(users.id, responses.respondentUserId));
}

/** One answer in the queue, with its suggestions, and the next pending answer after it (for "approve and next"). */
export async function getModerationItem(db: Db, input: { consultationId: string; responseId: string; questionId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, actor);
  const [row] = await queueRows(db)
    .where(and(eq(answerModerations.consultationId, c.id), eq(answerModerations.responseId, input.responseId), eq(answerModerations.questionId, input.questionId)));
  if (!row) throw new NotFoundError("Answer in the moderation queue");
  const [next] = await db
    .select({ responseId: answerModerations.responseId, questionId: answerModerations.questionId })
    .from(answerModerations)
    .where(
      and(
        eq(answerModerations.consultationId, c.id),
        eq(answerModerations.state, "pending"),
        after(input.responseId, input.questionId),
      ),
    )
    .orderBy(asc(answerModerations.responseId), asc(answerModerations.questionId))
    .limit(1);
  return { consultation: c, item: toItem(row.m, row), next: next ?? null };
}

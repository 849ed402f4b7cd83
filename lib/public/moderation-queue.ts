// Which answers are in the moderation queue, kept in step with the responses as they are
// written (issue 18). A response's queue rows are brought up to date in the transaction that
// changes what the queue depends on: its submission (or amendment), an edit of a submitted
// answer, and a change of its consent to publish. So a consenting answer is in the queue the
// moment it is submitted, with no officer visit, and nothing ever depends on a page being read.
// `syncModerationQueue` does the same for a whole consultation: a repair and backfill, for when
// the officer turns publishing on after responses exist. Kept apart from lib/public/moderation
// (the officer's reads and decisions) so that the submission path loads none of the detector.
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { executeNamed, type Db } from "../../db/client";
import { answerModerations, answers, questions, responses, type QuestionType } from "../../db/schema";

/** Question types whose answer holds text a person typed (all or part of it). */
export const FREE_TEXT_TYPES = ["long_text", "short_text", "yes_no", "rag_status"] as const satisfies readonly QuestionType[];

/** The typed part of an answer: the whole of a text answer, a yes/no's explanation, a RAG's commentary. */
export const freeTextSql = sql<string | null>`case ${questions.type}
  when 'long_text' then ${answers.value} #>> '{}'
  when 'short_text' then ${answers.value} #>> '{}'
  when 'yes_no' then ${answers.value} ->> 'explanation'
  when 'rag_status' then ${answers.value} ->> 'commentary' end`;

/** A response the public may see at all: submitted, with consent to publish (named or anonymous). */
export const consentedSql = (r = responses) =>
  and(eq(r.status, "submitted"), inArray(r.publishConsent, ["named", "anonymous"]))!;

export type QueueChange = { added: number; removed: number; requeued: number };

/** Which queue rows one run of the queue statement covers, as its one parameter ($1) selects them. */
export type QueueScope = "responses" | "consultation";

const SCOPE: Record<QueueScope, { answers: string; rows: string }> = {
  /** The responses given ($1, uuid[]): the submission path, an edit, a change of consent. */
  responses: { answers: "a.response_id = any($1::uuid[])", rows: "m.response_id = any($1::uuid[])" },
  /** Every response of one consultation ($1, uuid): the repair and backfill. */
  consultation: { answers: "r.consultation_id = $1::uuid", rows: "m.consultation_id = $1::uuid" },
};

// One statement for the rows in scope: each non-empty free-text answer of a consenting,
// submitted response has a row (added pending); a row whose answer is gone or empty now, or
// whose response no longer consents, is removed (its text was a copy of the answer; decisions
// stay in the audit log). Inserts in key order, so two runs over overlapping responses cannot
// deadlock. The same rules as migration 0021 (which, being a migration, keeps its own copy).
// The text is fixed per scope, so each runs as a named statement: the submission path runs it.
export function moderationQueueSql(scope: QueueScope): string {
  const { answers: inScope, rows: rowsInScope } = SCOPE[scope];
  return `
  with cur as (
    select a.response_id, a.question_id, r.consultation_id,
      case q.type when 'long_text' then a.value #>> '{}' when 'short_text' then a.value #>> '{}'
        when 'yes_no' then a.value ->> 'explanation' when 'rag_status' then a.value ->> 'commentary' end as text
    from answers a
    join responses r on r.id = a.response_id
    join questions q on q.id = a.question_id
    where ${inScope} and r.status = 'submitted' and r.publish_consent in ('named', 'anonymous')
      and q.type in (${FREE_TEXT_TYPES.map((t) => `'${t}'`).join(", ")})
  ), kept as (
    select * from cur where coalesce(text, '') <> ''
  ), removed as (
    delete from answer_moderations m
    where ${rowsInScope}
      and not exists (select 1 from kept where kept.response_id = m.response_id and kept.question_id = m.question_id)
    returning 1
  ), added as (
    insert into answer_moderations (response_id, question_id, consultation_id, moderated_text)
    select response_id, question_id, consultation_id, text from kept order by response_id, question_id
    on conflict do nothing
    returning 1
  )
  select (select count(*) from added)::int as added, (select count(*) from removed)::int as removed`;
}

const QUEUE_SQL: Record<QueueScope, string> = { responses: moderationQueueSql("responses"), consultation: moderationQueueSql("consultation") };

/** Add and remove the queue rows in scope; counts of each. */
async function syncRows(tx: Db, scope: QueueScope, param: string | readonly string[]): Promise<{ added: number; removed: number }> {
  const [counts] = await executeNamed<{ added: number; removed: number }>(tx, `moderation_queue_${scope}`, QUEUE_SQL[scope], [param]);
  return { added: Number(counts?.added ?? 0), removed: Number(counts?.removed ?? 0) };
}

/**
 * Bring the queue rows of these responses up to date, in the caller's transaction (call it
 * under the response's lock, as the submission and the save do). An answer whose text changed
 * since it was moderated goes back to pending, its redactions moved onto the new text.
 */
export async function refreshModeration(tx: Db, responseIds: readonly string[]): Promise<QueueChange> {
  if (!responseIds.length) return { added: 0, removed: 0, requeued: 0 };
  const counts = await syncRows(tx, "responses", responseIds);
  const requeued = await requeueEdited(tx, inArray(answerModerations.responseId, [...responseIds]));
  return { ...counts, requeued };
}

/**
 * Rows whose answer's text is no longer the text moderated go back to pending, their redactions
 * moved onto the new text (lib/public/redactions). The rows are locked first (in key order), so
 * an officer's decision made at the same moment is either before this (and requeued) or after
 * (and refused as stale by its version check): never lost, never applied to text it did not see.
 */
async function requeueEdited(tx: Db, scope: SQL): Promise<number> {
  const free = freeTextSql;
  const changed = await tx
    .select({ m: answerModerations, text: sql<string | null>`${free}` })
    .from(answerModerations)
    .innerJoin(answers, and(eq(answers.responseId, answerModerations.responseId), eq(answers.questionId, answerModerations.questionId)))
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(and(scope, sql`${free} is distinct from ${answerModerations.moderatedText}`))
    .orderBy(asc(answerModerations.responseId), asc(answerModerations.questionId))
    .for("update", { of: answerModerations });
  if (!changed.length) return 0;
  // Loaded only when an answer changed after moderation: the diff is not needed on most submissions.
  const { rebaseRedactions } = await import("./redactions");
  let requeued = 0;
  for (const { m, text } of changed) {
    const next = text ?? "";
    const rows = await tx
      .update(answerModerations)
      .set({
        state: "pending",
        moderatedText: next,
        redactions: rebaseRedactions(m.moderatedText, next, m.redactions),
        publishedText: null,
        version: m.version + 1,
      })
      .where(and(eq(answerModerations.responseId, m.responseId), eq(answerModerations.questionId, m.questionId), eq(answerModerations.version, m.version)))
      .returning({ v: answerModerations.version });
    requeued += rows.length;
  }
  return requeued;
}

/**
 * Repair and backfill for a whole consultation: the same rules as refreshModeration, for every
 * response. For the officer's settings action when publishing is turned on after responses
 * exist, for data loaded by other means (the demo, imports), and after a fault. Never run on
 * page reads. Idempotent, and safe beside submissions and other runs.
 */
export async function syncModerationQueue(db: Db, consultationId: string): Promise<QueueChange> {
  return db.transaction(async (tx) => {
    const counts = await syncRows(tx, "consultation", consultationId);
    const requeued = await requeueEdited(tx, eq(answerModerations.consultationId, consultationId));
    return { ...counts, requeued };
  });
}

// The collated report the committee reviews: chapter → sub-heading → question → summary of
// partner views → the council's draft answer → comment threads; and the resolutions recorded.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { readTogether, type Db } from "../../db/client";
import { auditLog, comments, draftAnswers, questions, sections, users, type CommentStatus, type DraftStatus, type QuestionType } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { countAnswersByQuestion, isClosedQuestion, summariseQuestion, type QuestionSummary } from "../collation/queries";
import { dueDateFor } from "../drafts/queries";
import { subjectIs, subjectRef, type ReviewSubject, type SubjectRef } from "./subject";
import { dateOf, selectJson, type Json } from "../sql";
import { shownName, shownNameOf } from "../audit/erased";

export type CommentView = {
  id: string;
  body: string;
  authorName: string | null;
  createdAt: Date;
};

export type CommentThread = CommentView & {
  status: CommentStatus;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  replies: CommentView[];
};

export type ReviewQuestion = {
  id: string;
  number: string;
  text: string;
  type: QuestionType;
  subheading: string | null;
  draft: { text: string; status: DraftStatus; version: number; assigneeName: string | null } | null;
  partnerCount: number;
  summary: QuestionSummary | null;
  /** The first few partner answers (submitted responses); the rest are on the collation page. */
  partnerAnswers: { organisationName: string; organisationType: string; valueText: string }[];
  threads: CommentThread[];
};

/** Partner answers shown per question in the report; more would drown the draft answer. */
export const REPORT_ANSWERS_PER_QUESTION = 6;

const assignee = alias(users, "assignee");

export async function getReviewReport(db: Db, input: { consultationId: string; answersPerQuestion?: number }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "review.read", actor);
  const perQuestion = Math.max(0, Math.min(50, input.answersPerQuestion ?? REPORT_ANSWERS_PER_QUESTION));
  const [chapterRows, questionRows, countRows, sampleRows, threads, resolutionRows] = await readTogether(db, [
    () => db.select({ id: sections.id, title: sections.title }).from(sections).where(eq(sections.consultationId, c.id)).orderBy(asc(sections.position)),
    () => db
      .select({
        id: questions.id,
        sectionId: questions.sectionId,
        number: questions.number,
        text: questions.text,
        type: questions.type,
        subheading: questions.subheading,
        draftText: draftAnswers.text,
        draftStatus: draftAnswers.status,
        draftVersion: draftAnswers.version,
        assigneeName: assignee.name,
      })
      .from(questions)
      .leftJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
      .leftJoin(assignee, eq(assignee.id, draftAnswers.assigneeId))
      .where(eq(questions.consultationId, c.id))
      .orderBy(asc(questions.position)),
    () => countAnswersByQuestion(db, c.id, { responseStatus: "submitted" }),
    // The first few answers per question, by a lateral LIMIT so no question pulls them all.
    () => db.execute(sql`select q.id as "questionId", x.name as "organisationName", x.type as "organisationType", x.value_text as "valueText"
        from questions q
        cross join lateral (
          select o.name, o.type, a.value_text
          from answers a join responses r on r.id = a.response_id join organisations o on o.id = r.organisation_id
          where a.question_id = q.id and r.consultation_id = ${c.id} and r.status = 'submitted'
          -- By response id, the answers primary key's order, so each question stops after a few rows.
          order by a.response_id
          limit ${perQuestion}
        ) x
        where q.consultation_id = ${c.id}`) as unknown as Promise<{
      rows: { questionId: string; organisationName: string; organisationType: string; valueText: string }[];
    }>,
    () => loadThreads(db, { kind: "consultation", consultationId: c.id }),
    () => listResolutionsUnchecked(db, c.id),
  ]);
  const counts = countRows;
  const threadsByQuestion = threads.byAnchor;
  const closed = questionRows.filter((q) => isClosedQuestion(q.type));
  const summaries = new Map(
    await readTogether(
      db,
      closed.map((q) => async () => [q.id, await summariseQuestion(db, { consultationId: c.id, questionId: q.id }, actor)] as const),
    ),
  );
  const questionsOut: (ReviewQuestion & { sectionId: string })[] = questionRows.map((q) => ({
    id: q.id,
    sectionId: q.sectionId,
    number: q.number,
    text: q.text,
    type: q.type,
    subheading: q.subheading,
    draft: q.draftStatus
      ? { text: q.draftText ?? "", status: q.draftStatus, version: q.draftVersion ?? 0, assigneeName: q.assigneeName }
      : null,
    partnerCount: counts.get(q.id) ?? 0,
    summary: summaries.get(q.id) ?? null,
    partnerAnswers: sampleRows.rows.filter((s) => s.questionId === q.id),
    threads: threadsByQuestion.get(q.id) ?? [],
  }));
  const allThreads = threads.all;
  return {
    consultation: c,
    chapters: chapterRows.map((ch) => ({ ...ch, questions: questionsOut.filter((q) => q.sectionId === ch.id) })),
    resolutions: resolutionRows,
    due: await dueDateFor(db, c),
    sentForReview: c.answerSetStatus === "drafting" ? null : await lastSentForReview(db, c.id),
    commentCounts: { threads: allThreads.length, open: allThreads.filter((t) => t.status === "open").length },
  };
}


/** Who last sent the answers for review and when, read from the audit log. */
async function lastSentForReview(db: Db, consultationId: string) {
  const [row] = await db
    .select({ at: auditLog.at, byName: shownName() })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.consultationId, consultationId), eq(auditLog.action, "answer_set.send_for_review")))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  return row ?? null;
}

async function listResolutionsUnchecked(db: Db, consultationId: string) {
  return listResolutionsOf(db, { kind: "consultation", consultationId });
}

/**
 * Every comment of a subject as one JSON array, oldest first, each with its author's and
 * resolver's names: the one definition of this read, used alone (loadThreads) or inside a larger
 * statement (the action-plan committee panel, lib/action-plans/committee.ts).
 */
export const commentsJson = (s: SubjectRef): SQL => sql`(select coalesce(json_agg(json_build_object(
    'id', c.id, 'anchorId', coalesce(c.question_id, c.priority_id), 'parentId', c.parent_id, 'body', c.body, 'status', c.status,
    'createdAt', c.created_at, 'resolvedAt', c.resolved_at, 'authorName', ${shownNameOf(sql`au.name`, sql`au.erased_at`)}, 'resolvedByName', ${shownNameOf(sql`rb.name`, sql`rb.erased_at`)}) order by c.created_at, c.id), '[]')
  from comments c join users au on au.id = c.author_id left join users rb on rb.id = c.resolved_by where ${subjectIs("c", s)})`;

/** commentsJson's rows, their times as dates. */
export const commentRowsOf = (json: Json<CommentRow, "createdAt" | "resolvedAt">[] | null): CommentRow[] =>
  (json ?? []).map((c) => ({ ...c, createdAt: new Date(c.createdAt), resolvedAt: dateOf(c.resolvedAt) }));

/** Every comment thread of a subject, by question or priority (without a permission check: callers have checked it). */
export async function loadThreads(db: Db, subject: ReviewSubject) {
  return threadsOf(commentRowsOf(await selectJson(db, commentsJson(subjectRef(subject)))));
}

export type CommentRow = { id: string; anchorId: string; parentId: string | null; body: string; status: CommentStatus; createdAt: Date; resolvedAt: Date | null; authorName: string | null; resolvedByName: string | null };

/** Comment rows, oldest first, as threads by question or priority (each thread's replies in order). */
export function threadsOf(rows: CommentRow[]) {
  const byAnchor = new Map<string, CommentThread[]>();
  const threadById = new Map<string, CommentThread>();
  for (const r of rows.filter((r) => !r.parentId)) {
    const t: CommentThread = {
      id: r.id,
      body: r.body,
      authorName: r.authorName,
      createdAt: r.createdAt,
      status: r.status,
      resolvedAt: r.resolvedAt,
      resolvedByName: r.resolvedByName,
      replies: [],
    };
    threadById.set(r.id, t);
    byAnchor.set(r.anchorId, [...(byAnchor.get(r.anchorId) ?? []), t]);
  }
  for (const r of rows.filter((r) => r.parentId)) {
    threadById.get(r.parentId!)?.replies.push({ id: r.id, body: r.body, authorName: r.authorName, createdAt: r.createdAt });
  }
  return { byAnchor, all: [...threadById.values()] };
}

export type ResolutionView = { id: string; meetingDate: string; committee: string; text: string; recordedAt: Date; recordedByName: string | null };

/** A subject's resolutions as one JSON array, newest meeting first (as commentsJson: used alone or inside a larger statement). */
export const resolutionsJson = (s: SubjectRef): SQL => sql`(select coalesce(json_agg(json_build_object(
    'id', r.id, 'meetingDate', r.meeting_date, 'committee', r.committee, 'text', r.text, 'recordedAt', r.recorded_at, 'recordedByName', rec.name)
    order by r.meeting_date desc, r.recorded_at desc), '[]')
  from resolutions r join users rec on rec.id = r.recorded_by where ${subjectIs("r", s)})`;

/** resolutionsJson's rows, their times as dates. */
export const resolutionsOfJson = (json: Json<ResolutionView, "recordedAt">[] | null): ResolutionView[] => (json ?? []).map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));

/** A subject's resolutions, newest meeting first (without a permission check). */
export async function listResolutionsOf(db: Db, subject: ReviewSubject): Promise<ResolutionView[]> {
  return resolutionsOfJson(await selectJson(db, resolutionsJson(subjectRef(subject))));
}

/** The committee's resolutions on the consultation's answers, newest meeting first. */
export async function listResolutions(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "review.read", actor);
  return listResolutionsUnchecked(db, c.id);
}

/** Whether any open comment thread remains, per question number (for the sign-off page's warning). */
export async function openThreadsByQuestion(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "review.read", actor);
  return db
    .select({ number: questions.number, open: sql<number>`count(*)::int` })
    .from(comments)
    .innerJoin(questions, eq(questions.id, comments.questionId))
    .where(and(eq(comments.consultationId, c.id), eq(comments.status, "open"), sql`${comments.parentId} is null`))
    .groupBy(questions.number, questions.position)
    .orderBy(asc(questions.position));
}

// What goes through review and sign-off: the council's answers to a consultation (commented per
// question) or an action plan's report for one reporting period (commented per strategic
// priority). The same tables (comments, resolutions, sign_offs) and the same writes serve both;
// callers check access and lock their subject's row, then call the tx-level writes in
// lib/review/commands.ts and lib/signoff/commands.ts.
import { eq, sql, type SQL } from "drizzle-orm";
import { comments, signOffs } from "../../db/schema";

export type ReviewSubject = { kind: "consultation"; consultationId: string } | { kind: "period"; reportingPeriodId: string };

/** Where a comment thread hangs: a question of a consultation, a priority of a period's report. */
export type CommentAnchor = { questionId: string } | { priorityId: string };

export function subjectValues(s: ReviewSubject) {
  return s.kind === "consultation"
    ? { consultationId: s.consultationId, reportingPeriodId: null }
    : { consultationId: null, reportingPeriodId: s.reportingPeriodId };
}

export function anchorValues(a: CommentAnchor) {
  return "questionId" in a ? { questionId: a.questionId, priorityId: null } : { questionId: null, priorityId: a.priorityId };
}

export const commentsOf = (s: ReviewSubject): SQL =>
  s.kind === "consultation" ? eq(comments.consultationId, s.consultationId) : eq(comments.reportingPeriodId, s.reportingPeriodId);

export const commentsAt = (a: CommentAnchor): SQL => ("questionId" in a ? eq(comments.questionId, a.questionId) : eq(comments.priorityId, a.priorityId));

export const signOffsOf = (s: ReviewSubject): SQL =>
  s.kind === "consultation" ? eq(signOffs.consultationId, s.consultationId) : eq(signOffs.reportingPeriodId, s.reportingPeriodId);


/**
 * A subject named in SQL: its id a value, or an outer query's column (a statement that reads the
 * review record beside the subject's own row, as the action-plan committee panel does).
 */
export type SubjectRef = { kind: ReviewSubject["kind"]; id: string | SQL };

export const subjectRef = (s: ReviewSubject): SubjectRef => (s.kind === "consultation" ? { kind: s.kind, id: s.consultationId } : { kind: s.kind, id: s.reportingPeriodId });

/** `<alias>.consultation_id = id` or `<alias>.reporting_period_id = id` (comments, resolutions and sign_offs name them alike). */
export const subjectIs = (alias: "c" | "r" | "s", s: SubjectRef): SQL =>
  sql`${sql.raw(`${alias}.${s.kind === "consultation" ? "consultation_id" : "reporting_period_id"}`)} = ${s.id}`;

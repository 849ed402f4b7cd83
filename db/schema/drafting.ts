// The council's own answers: draft answers with revisions, scrutiny comments, the
// committee's resolutions and signatories' sign-offs.
import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  uniqueIndex,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { planPriorities, reportingPeriods } from "./action-plans";
import { users } from "./auth";
import { editTracking } from "./columns";
import { consultations, questions } from "./consultations";
import { inList } from "./organisations";

export const DRAFT_STATUSES = ["not_started", "drafting", "ready_for_review", "approved"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const draftAnswers = pgTable(
  "draft_answers",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .unique()
      .references(() => questions.id, { onDelete: "cascade" }),
    text: text().notNull().default(""),
    status: text().$type<DraftStatus>().notNull().default("not_started"),
    assigneeId: uuid().references(() => users.id),
    /** Bumped on every save; a save over a newer version is refused. */
    ...editTracking(),
  },
  (t) => [
    index("draft_answers_consultation_idx").on(t.consultationId),
    index("draft_answers_assignee_idx").on(t.assigneeId),
    check("draft_answers_status_check", sql`${t.status} in (${inList(DRAFT_STATUSES)})`),
  ],
);

export const draftAnswerRevisions = pgTable(
  "draft_answer_revisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    draftAnswerId: uuid()
      .notNull()
      .references(() => draftAnswers.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    text: text().notNull(),
    status: text().$type<DraftStatus>().notNull(),
    assigneeId: uuid().references(() => users.id),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("draft_answer_revisions_unique").on(t.draftAnswerId, t.version)],
);

export const COMMENT_STATUSES = ["open", "resolved"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * What is reviewed and signed off: the council's answers to a consultation, or an action plan's
 * report for one reporting period. Comments, resolutions and sign-offs carry exactly one.
 */
const subjectCheck = (consultationId: unknown, reportingPeriodId: unknown) => sql`(${consultationId} is null) <> (${reportingPeriodId} is null)`;

export const comments = pgTable(
  "comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid().references(() => consultations.id, { onDelete: "cascade" }),
    /** A consultation's comments are per question. */
    questionId: uuid().references(() => questions.id, { onDelete: "cascade" }),
    /** A period report's comments are per strategic priority. */
    reportingPeriodId: uuid().references(() => reportingPeriods.id, { onDelete: "cascade" }),
    priorityId: uuid().references(() => planPriorities.id, { onDelete: "cascade" }),
    /** Replies point at the first comment of their thread. */
    parentId: uuid().references((): AnyPgColumn => comments.id, { onDelete: "cascade" }),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    body: text().notNull(),
    status: text().$type<CommentStatus>().notNull().default("open"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id),
  },
  (t) => [
    index("comments_question_idx").on(t.questionId, t.createdAt),
    index("comments_period_idx").on(t.reportingPeriodId, t.createdAt),
    check("comments_subject_check", subjectCheck(t.consultationId, t.reportingPeriodId)),
    check("comments_anchor_check", sql`(${t.consultationId} is null or ${t.questionId} is not null) and (${t.reportingPeriodId} is null or ${t.priorityId} is not null)`),
    check("comments_status_check", sql`${t.status} in (${inList(COMMENT_STATUSES)})`),
    check("comments_body_check", sql`length(${t.body}) > 0`),
  ],
);

export const resolutions = pgTable(
  "resolutions",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid().references(() => consultations.id, { onDelete: "cascade" }),
    reportingPeriodId: uuid().references(() => reportingPeriods.id, { onDelete: "cascade" }),
    meetingDate: date().notNull(),
    committee: text().notNull().default("Overview and Scrutiny Committee"),
    text: text().notNull(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("resolutions_consultation_idx").on(t.consultationId),
    index("resolutions_period_idx").on(t.reportingPeriodId),
    check("resolutions_subject_check", subjectCheck(t.consultationId, t.reportingPeriodId)),
  ],
);

export const SIGN_OFF_DECISIONS = ["approved", "returned"] as const;
export type SignOffDecision = (typeof SIGN_OFF_DECISIONS)[number];

export const signOffs = pgTable(
  "sign_offs",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid().references(() => consultations.id, { onDelete: "cascade" }),
    reportingPeriodId: uuid().references(() => reportingPeriods.id, { onDelete: "cascade" }),
    /** The consultation's answerSetVersion (or the period's reportVersion) this decision was about. */
    answerSetVersion: integer().notNull(),
    decision: text().$type<SignOffDecision>().notNull(),
    note: text().notNull().default(""),
    /** SHA-256 (hex) of the canonical serialisation of what was approved (answers or period report). */
    hash: text(),
    decidedBy: uuid()
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reopenedAt: timestamp({ withTimezone: true }),
    reopenedBy: uuid().references(() => users.id),
    reopenReason: text(),
  },
  (t) => [
    index("sign_offs_consultation_idx").on(t.consultationId, t.decidedAt),
    index("sign_offs_period_idx").on(t.reportingPeriodId, t.decidedAt),
    check("sign_offs_subject_check", subjectCheck(t.consultationId, t.reportingPeriodId)),
    // One standing approval per period report: a double sign-off cannot make two records.
    uniqueIndex("sign_offs_period_approved_unique").on(t.reportingPeriodId).where(sql`${t.decision} = 'approved' and ${t.reopenedAt} is null and ${t.reportingPeriodId} is not null`),
    check("sign_offs_decision_check", sql`${t.decision} in (${inList(SIGN_OFF_DECISIONS)})`),
    check("sign_offs_hash_check", sql`${t.decision} <> 'approved' or ${t.hash} is not null`),
  ],
);

export type DraftAnswer = typeof draftAnswers.$inferSelect;
export type DraftAnswerRevision = typeof draftAnswerRevisions.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Resolution = typeof resolutions.$inferSelect;
export type SignOff = typeof signOffs.$inferSelect;

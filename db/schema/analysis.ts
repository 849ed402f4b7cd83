// Analysis of free-text answers (issue 17): per question a codeframe of themes (optionally
// nested), tags on answers or on a passage of one, keyword rules per theme, per-answer analysis
// state (analysed, and a version for concurrent tagging), and background suggestion runs.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { editTracking } from "./columns";
import { consultations, questions } from "./consultations";
import { jsonb } from "./jsonb";
import { inList } from "./organisations";
import { answers, responses } from "./responses";
import { jobs } from "./system";

export const themes = pgTable(
  "themes",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    /** A sub-theme's parent, in the same question's codeframe. */
    parentId: uuid().references((): AnyPgColumn => themes.id, { onDelete: "set null" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** Bumped on every change (rename, rules); a change carries the version it started from. */
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("themes_question_name_unique").on(t.questionId, sql`lower(${t.name})`),
    index("themes_consultation_idx").on(t.consultationId),
    check("themes_not_own_parent", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export const TAG_SOURCES = ["manual", "rule", "suggestion"] as const;
export type TagSource = (typeof TAG_SOURCES)[number];
export const TAG_STATUSES = ["confirmed", "suggested"] as const;
export type TagStatus = (typeof TAG_STATUSES)[number];

export const answerTags = pgTable(
  "answer_tags",
  {
    id: uuid().primaryKey().defaultRandom(),
    themeId: uuid()
      .notNull()
      .references(() => themes.id, { onDelete: "cascade" }),
    responseId: uuid().notNull(),
    questionId: uuid().notNull(),
    /** A highlighted passage of the answer's text (character offsets), or null for the whole answer. */
    passageStart: integer(),
    passageEnd: integer(),
    passageText: text(),
    source: text().$type<TagSource>().notNull().default("manual"),
    /** Tags from suggestions and rules wait for an officer to confirm them. */
    status: text().$type<TagStatus>().notNull().default("confirmed"),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.responseId, t.questionId], foreignColumns: [answers.responseId, answers.questionId], name: "answer_tags_answer_fk" }).onDelete("cascade"),
    uniqueIndex("answer_tags_unique").on(t.themeId, t.responseId, t.questionId, sql`coalesce(${t.passageStart}, -1)`, sql`coalesce(${t.passageEnd}, -1)`),
    index("answer_tags_answer_idx").on(t.responseId, t.questionId),
    check("answer_tags_source_check", sql`${t.source} in (${inList(TAG_SOURCES)})`),
    check("answer_tags_status_check", sql`${t.status} in (${inList(TAG_STATUSES)})`),
    check(
      "answer_tags_passage_check",
      sql`(${t.passageStart} is null and ${t.passageEnd} is null) or (${t.passageStart} >= 0 and ${t.passageEnd} > ${t.passageStart})`,
    ),
  ],
);

/** Per answer: whether an officer has finished analysing it, and the version of its tag set. */
export const answerAnalysis = pgTable(
  "answer_analysis",
  {
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: uuid().notNull(),
    analysed: boolean().notNull().default(false),
    /** Bumped on every change to the answer's tags; a change carries the version it saw (If-Match). */
    ...editTracking(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionId] }),
    foreignKey({ columns: [t.responseId, t.questionId], foreignColumns: [answers.responseId, answers.questionId], name: "answer_analysis_answer_fk" }).onDelete("cascade"),
    index("answer_analysis_question_idx").on(t.questionId, t.analysed),
  ],
);

/** Words and phrases that tag an answer with a theme, unless one of the exclusions appears. */
export const themeRules = pgTable(
  "theme_rules",
  {
    themeId: uuid()
      .primaryKey()
      .references(() => themes.id, { onDelete: "cascade" }),
    phrases: text().array().notNull().default(sql`'{}'::text[]`),
    exclusions: text().array().notNull().default(sql`'{}'::text[]`),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAppliedAt: timestamp({ withTimezone: true }),
  },
);

export const SUGGESTION_RUN_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type SuggestionRunStatus = (typeof SUGGESTION_RUN_STATUSES)[number];

/** One background run of theme suggestions for a question, with its progress and result. */
export const suggestionRuns = pgTable(
  "suggestion_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    jobId: uuid().references(() => jobs.id, { onDelete: "set null" }),
    status: text().$type<SuggestionRunStatus>().notNull().default("queued"),
    stage: text(),
    progress: real().notNull().default(0),
    seed: integer().notNull().default(17),
    answerCount: integer(),
    /** The suggestions (lib/analysis/suggest's SuggestResult) once done. */
    result: jsonb(),
    /** What officers did with each suggestion: key → { action, themeId }. */
    decisions: jsonb().notNull().default({}),
    error: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("suggestion_runs_question_idx").on(t.questionId, t.createdAt),
    check("suggestion_runs_status_check", sql`${t.status} in (${inList(SUGGESTION_RUN_STATUSES)})`),
  ],
);

export type Theme = typeof themes.$inferSelect;
export type AnswerTag = typeof answerTags.$inferSelect;
export type ThemeRule = typeof themeRules.$inferSelect;
export type SuggestionRun = typeof suggestionRuns.$inferSelect;

/**
 * A second officer's review of one question's tagging: a seeded sample of answers the first
 * officer has finished (marked analysed), coded again blind by the officer who started the
 * review, so the agreement between the two can be measured per theme.
 */
export const tagReviews = pgTable(
  "tag_reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    /** The second officer: the one who codes the sample (and who did not code it first). */
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    seed: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tag_reviews_question_idx").on(t.questionId, t.createdAt)],
);

/**
 * One sampled answer: the first officer's whole-answer themes as they stood when sampled, the
 * second officer's, and, where they differ, the themes agreed on resolution (then applied to
 * the answer's tags). `version` is bumped by every save: a save carries the version it saw.
 */
export const tagReviewItems = pgTable(
  "tag_review_items",
  {
    reviewId: uuid()
      .notNull()
      .references(() => tagReviews.id, { onDelete: "cascade" }),
    responseId: uuid().notNull(),
    questionId: uuid().notNull(),
    position: integer().notNull(),
    firstThemeIds: uuid().array().notNull(),
    firstCodedBy: uuid().references(() => users.id),
    secondThemeIds: uuid().array(),
    secondCodedAt: timestamp({ withTimezone: true }),
    resolvedThemeIds: uuid().array(),
    resolutionNote: text(),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.responseId] }),
    foreignKey({ columns: [t.responseId, t.questionId], foreignColumns: [answers.responseId, answers.questionId], name: "tag_review_items_answer_fk" }).onDelete("cascade"),
    uniqueIndex("tag_review_items_position_unique").on(t.reviewId, t.position),
  ],
);

export type TagReview = typeof tagReviews.$inferSelect;
export type TagReviewItem = typeof tagReviewItems.$inferSelect;

// Publication of responses and the consultation's outcome (issue 18): the moderation state of
// each free-text answer of a consenting response (with the redactions an officer made, as ranges
// of the text moderated), and "We asked, you said, we did" per consultation.
import { sql } from "drizzle-orm";
import { check, customType, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { consultations, questions } from "./consultations";
import { jsonb } from "./jsonb";
import { inList } from "./organisations";
import { responses } from "./responses";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const MODERATION_STATES = ["pending", "approved", "withheld"] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/** One redaction: a range of `moderated_text` (JS string offsets), its reason and an optional note. */
export type StoredRedaction = { id: string; start: number; end: number; reason: string; note?: string };

/**
 * A free-text answer in the moderation queue. Only an `approved` row whose `moderated_text` is
 * still the answer's text is ever public, and then only with its redactions applied; an answer
 * edited after moderation goes back to `pending` with its redactions moved onto the new text.
 */
export const answerModerations = pgTable(
  "answer_moderations",
  {
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    state: text().$type<ModerationState>().notNull().default("pending"),
    /** The answer's text this moderation is about; the redactions' offsets point into it. */
    moderatedText: text().notNull(),
    redactions: jsonb().$type<StoredRedaction[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * What the public reads: the moderated text with its redactions applied, set while approved
     * and null otherwise. Public pages and their search read only this, so a search never finds a
     * response by a word that was redacted from it.
     */
    publishedText: text(),
    /** The published text's words (null unless approved): the public search reads this through its index. */
    publishedSearch: tsvector().generatedAlwaysAs(sql`case when published_text is not null then to_tsvector('simple', published_text) end`),
    /** Why an answer was withheld (kept with the council, never shown publicly). */
    withheldReason: text().notNull().default(""),
    /** Bumped on every change; a moderator's change carries the version it was made from. */
    version: integer().notNull().default(1),
    moderatedBy: uuid().references(() => users.id),
    moderatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionId] }),
    // The queue, in a stable order, paged by keyset; and the public pages' approved answers.
    index("answer_moderations_queue_idx").on(t.consultationId, t.state, t.responseId, t.questionId),
    // The public search within one consultation (btree_gin, migration 0014): a word's matches, not every answer.
    index("answer_moderations_search_idx").using("gin", t.consultationId, t.publishedSearch),
    check("answer_moderations_state_check", sql`${t.state} in (${inList(MODERATION_STATES)})`),
    check("answer_moderations_published_check", sql`(${t.state} = 'approved') = (${t.publishedText} is not null)`),
  ],
);

/**
 * The public counts page's figures, kept exact by triggers (migration 0020_public_counts) in the
 * transaction that changes a response or its answers: per consultation, the published responses
 * (question and option null) and those of them the public pages list (question null, option
 * "listed": with a public reference), each closed question's answers (option null) and each option
 * chosen, counting only submitted responses with consent to publish. The counts page then reads a few rows
 * whatever the number of responses. Each count is split over slots (by the writing connection) so
 * concurrent submissions rarely wait for one another's row; readers sum the slots.
 */
export const publishedCounts = pgTable(
  "published_counts",
  {
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid(),
    option: text(),
    slot: smallint().notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [unique("published_counts_unique").on(t.consultationId, t.questionId, t.option, t.slot).nullsNotDistinct()],
);

export const OUTCOME_STATUSES = ["draft", "published"] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** "We asked, you said, we did": what the council did with what it heard. */
export const consultationOutcomes = pgTable(
  "consultation_outcomes",
  {
    consultationId: uuid()
      .primaryKey()
      .references(() => consultations.id, { onDelete: "cascade" }),
    weAsked: text().notNull().default(""),
    youSaid: text().notNull().default(""),
    weDid: text().notNull().default(""),
    /** The date the outcome is dated (the decision's), shown beside it. */
    outcomeDate: date(),
    status: text().$type<OutcomeStatus>().notNull().default("draft"),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => users.id),
    version: integer().notNull().default(1),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_outcomes_status_idx").on(t.status, t.publishedAt),
    check("consultation_outcomes_status_check", sql`${t.status} in (${inList(OUTCOME_STATUSES)})`),
    check("consultation_outcomes_published_check", sql`${t.status} = 'draft' or ${t.publishedAt} is not null`),
  ],
);

export type AnswerModeration = typeof answerModerations.$inferSelect;
export type ConsultationOutcome = typeof consultationOutcomes.$inferSelect;

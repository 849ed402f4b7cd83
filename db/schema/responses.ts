// Partner responses: one per organisation per consultation, one answer row per question,
// and the history of each submission (amendments are new revisions).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { jsonb } from "./jsonb";
import { users } from "./auth";
import { editTracking } from "./columns";
import { consultations, consultationVersions, questions } from "./consultations";
import { inList, organisations } from "./organisations";

export const RESPONSE_STATUSES = ["draft", "submitted"] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** The required consent question when a consultation publishes responses (issue 18). */
export const PUBLISH_CONSENTS = ["named", "anonymous", "none"] as const;
export type PublishConsent = (typeof PUBLISH_CONSENTS)[number];

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** A 64-bit transaction id (Postgres xid8), as text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

export const responses = pgTable(
  "responses",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** The published structure version this response answers. */
    consultationVersionId: uuid().references(() => consultationVersions.id),
    status: text().$type<ResponseStatus>().notNull().default("draft"),
    /** Human reference given at first submission, e.g. "ODPM-7K3F-92QX". */
    reference: text().unique(),
    /** Submission revision: 0 while never submitted, 1 at first submission, +1 per amendment. */
    revision: integer().notNull().default(0),
    /**
     * The chapters (snapshot chapter ids) the organisation finished with "Save and continue":
     * the task list marks them completed even when they hold only optional questions left empty.
     */
    completedChapters: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    startedBy: uuid().references(() => users.id),
    lastEditedBy: uuid().references(() => users.id),
    lastEditedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // --- Members of the public (issue 18) -------------------------------------------------
    /**
     * The member of the public who responds as themselves (a user with no membership). Null for
     * a partner organisation's response. Set means organisationId is the owning council's
     * "public" organisation, and the response is this person's alone.
     */
    respondentUserId: uuid().references(() => users.id),
    /**
     * For a response started without signing in: SHA-256 (hex) of the secret in the emailed
     * return link (and the browser's cookie). Null for signed-in respondents.
     */
    returnTokenHash: text().unique(),
    /**
     * The answer to the consent question, required at submission when the consultation publishes
     * responses: publish with my name (or organisation's), anonymously, or not at all. Null when
     * the consultation does not publish.
     */
    publishConsent: text().$type<PublishConsent>(),
    /** The name a member of the public asked to be published under ("named"); personal data. */
    publishedName: text(),
    /** The reference shown on public pages, given at first submission; unlike `reference` it proves nothing. */
    publicReference: text().unique(),
    /** "Tell me when the outcome is published": email the respondent when the outcome appears. */
    notifyOutcome: boolean().notNull().default(false),
    /** "About you" answers (lib/public/about-you), personal data removed by retention and erasure. */
    aboutYou: jsonb().$type<Record<string, string>>(),
    /** SHA-256 of the normalised free text at submission: identical campaign text matches exactly. */
    textFingerprint: text(),
    /** 64-bit SimHash of the free text's word shingles: near-identical text is a few bits away. */
    textSimhash: bigint({ mode: "bigint" }),
    /** The campaign this response's text belongs to (near-identical responses); never dropped. */
    campaignGroupId: uuid().references((): AnyPgColumn => campaignGroups.id, { onDelete: "set null" }),
    /**
     * The transaction that last wrote this response's fingerprint, SimHash or campaign group
     * (lib/public/campaign): a submitter shortlists candidates before taking the consultation's
     * grouping lock, then re-reads under it only those written since its snapshot.
     */
    campaignXid: xid8(),
  },
  (t) => [
    // One response per partner organisation, and one per member of the public.
    uniqueIndex("responses_consultation_org_unique")
      .on(t.consultationId, t.organisationId)
      .where(sql`${t.respondentUserId} is null`),
    uniqueIndex("responses_consultation_person_unique")
      .on(t.consultationId, t.respondentUserId)
      .where(sql`${t.respondentUserId} is not null`),
    index("responses_campaign_idx").on(t.campaignGroupId),
    index("responses_fingerprint_idx").on(t.consultationId, t.textFingerprint),
    index("responses_campaign_xid_idx").on(t.consultationId, t.campaignXid),
    check("responses_publish_consent_check", sql`${t.publishConsent} is null or ${t.publishConsent} in (${inList(PUBLISH_CONSENTS)})`),
    index("responses_consultation_status_idx").on(t.consultationId, t.status),
    // The public responses pages (lib/public/publication): published responses in public-reference
    // order, paged by keyset and counted from the index alone.
    index("responses_published_idx")
      .on(t.consultationId, t.publicReference)
      .where(sql`${t.publicReference} is not null and ${t.status} = 'submitted' and ${t.publishConsent} in ('named', 'anonymous')`),
    index("responses_org_idx").on(t.organisationId),
    // A person's responses whatever the consultation (their data on request and erasure,
    // lib/public/person-data; the retention job's "no response still kept" and "none started"
    // tests, lib/public/retention): as respondent, as who started one, as who submitted one.
    index("responses_respondent_idx").on(t.respondentUserId).where(sql`${t.respondentUserId} is not null`),
    index("responses_started_by_idx").on(t.startedBy),
    index("responses_submitted_by_idx").on(t.submittedBy),
    // The Responses tab (lib/collation listResponseOrganisations): each organisation's responses
    // in the order they were started, paged by keyset, the public's many under their one organisation.
    index("responses_consultation_org_created_idx").on(t.consultationId, t.organisationId, t.createdAt, t.id),
    check("responses_status_check", sql`${t.status} in (${inList(RESPONSE_STATUSES)})`),
    check(
      "responses_submitted_check",
      sql`${t.status} = 'draft' or (${t.submittedAt} is not null and ${t.reference} is not null)`,
    ),
  ],
);

/**
 * Near-identical responses to one consultation (an organised campaign): grouped and counted so
 * officers read the text once and see how many sent it. Every response is kept and counted.
 */
export const campaignGroups = pgTable(
  "campaign_groups",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    /** The first response whose text the others resemble (shown as the campaign's text). */
    firstResponseId: uuid().references((): AnyPgColumn => responses.id, { onDelete: "set null" }),
    /** How many responses are in the group, kept in the transaction that adds one. */
    responseCount: integer().notNull().default(0),
    /** An officer's name for it ("Save the library postcard"); blank until named. */
    label: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_groups_consultation_idx").on(t.consultationId)],
);

export const answers = pgTable(
  "answers",
  {
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => questions.id),
    /** The typed value, as the question type's zod schema produced it. */
    value: jsonb().notNull(),
    /** Plain text of the value, for display, export and full-text search. */
    valueText: text().notNull().default(""),
    search: tsvector().generatedAlwaysAs(sql`to_tsvector('english', coalesce(value_text, ''))`),
    /**
     * The option a closed answer chose, for counting by index alone: a yes/no's answer, a RAG
     * status, a ranking's first, or a short string (single choice, agreement scale). Null for
     * anything else; long strings are open answers, not options (lib/collation checks the
     * question's options fit before relying on it).
     */
    choice: text().generatedAlwaysAs(
      sql`case jsonb_typeof(value) when 'object' then coalesce(value ->> 'answer', value ->> 'status') when 'array' then value ->> 0 when 'string' then case when length(value #>> '{}') <= 100 then value #>> '{}' end end`,
    ),
    /** Bumped on every save; a save carries the version it was edited from. */
    ...editTracking(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionId] }),
    // A question's answers in response order (the collation's pages) with the chosen option,
    // so counts and the first page are read from the index without visiting the table.
    index("answers_question_response_idx").on(t.questionId, t.responseId, t.choice),
    // One question's matches of a word straight from the index (btree_gin, migration 0014): a
    // search within a question costs its matches, not the question's answers. Searches across
    // questions use the same index on its search column alone.
    index("answers_search_idx").using("gin", t.questionId, t.search),
  ],
);

/**
 * How many answers each question has per chosen option (answers.choice; null for an answer with
 * none), kept exact by statement triggers on answers (migration 0010_scale) in the transaction that
 * writes them: closed-question counts then read a few rows, whatever the number of responses. Each
 * count is split over a few slots (by the writing connection) so concurrent submissions rarely wait
 * for one another's row; readers sum the slots.
 */
export const answerChoiceCounts = pgTable(
  "answer_choice_counts",
  {
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    choice: text(),
    slot: smallint().notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [unique("answer_choice_counts_unique").on(t.questionId, t.choice, t.slot).nullsNotDistinct()],
);

/**
 * How many answers each question has, and how many of them have text (answers.value_text not
 * empty), whatever their response's status, kept exact by statement triggers on answers
 * (migration 0037) in the transaction that writes them, split over 32 slots (by the writing
 * connection, as published_counts: every submission writes every question's row). Readers take away the answers of draft responses (few, found by
 * responses_consultation_status_idx), so that a question's count of submitted answers reads a few
 * rows and not every answer (lib/collation countAnswersByQuestion, lib/analysis progress).
 */
export const answerCounts = pgTable(
  "answer_counts",
  {
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    slot: smallint().notNull(),
    n: integer().notNull().default(0),
    withText: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.slot] })],
);

/** A copy of the answers as submitted, one row per submission or amendment. */
export const responseSubmissions = pgTable(
  "response_submissions",
  {
    id: uuid().primaryKey().defaultRandom(),
    responseId: uuid()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    answers: jsonb().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid().references(() => users.id),
  },
  (t) => [unique("response_submissions_unique").on(t.responseId, t.revision)],
);

export type Response = typeof responses.$inferSelect;
export type Answer = typeof answers.$inferSelect;
export type CampaignGroup = typeof campaignGroups.$inferSelect;

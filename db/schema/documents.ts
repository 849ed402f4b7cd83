// Draft documents put to partners for comment at a consultation's stages (issue 16): a document
// has one version per stage, each version its sections and numbered paragraphs with anchors that
// carry forward through edits; organisations comment on paragraphs, submit their comments as a
// representation, and the council answers each comment (or the main issue it is grouped into).
import { sql } from "drizzle-orm";
import { boolean, check, customType, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { consultations, stages } from "./consultations";
import { inList, organisations } from "./organisations";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const DOCUMENT_VERSION_STATUSES = ["draft", "published"] as const;
export type DocumentVersionStatus = (typeof DOCUMENT_VERSION_STATUSES)[number];

export const COMMENT_STANCES = ["support", "object", "comment"] as const;
export type CommentStance = (typeof COMMENT_STANCES)[number];

export const DOCUMENT_COMMENT_STATUSES = ["draft", "submitted"] as const;
export type DocumentCommentStatus = (typeof DOCUMENT_COMMENT_STATUSES)[number];

export const ENDORSEMENT_DECISIONS = ["endorse", "endorse_with_reservations", "not_endorse"] as const;
export type EndorsementDecision = (typeof ENDORSEMENT_DECISIONS)[number];

export const COMMENT_OUTCOMES = ["changed", "not_changed", "partly", "noted"] as const;
export type CommentOutcome = (typeof COMMENT_OUTCOMES)[number];

export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    title: text().notNull(),
    summary: text().notNull().default(""),
    /** Partners of any organisation may comment, not only the invited ones. */
    openToAll: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("documents_consultation_idx").on(t.consultationId, t.position)],
);

/** One version per stage: the officer edits a draft version, publishing freezes it. */
export const documentVersions = pgTable(
  "document_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    /** The stage whose window is the commenting period. */
    stageId: uuid()
      .notNull()
      .references(() => stages.id),
    version: integer().notNull(),
    /** What the version is called to readers: "Evidence base", "First draft", "Final version". */
    label: text().notNull(),
    status: text().$type<DocumentVersionStatus>().notNull().default("draft"),
    /** The text as edited (headings marked "## "), which the sections and paragraphs come from. */
    sourceText: text().notNull().default(""),
    /** Bumped on each save of the draft, so two officers' saves cannot overwrite each other. */
    editVersion: integer().notNull().default(1),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => users.id),
    /**
     * Set when the officer puts this (published) version to partners for endorsement as the
     * final text: the SHA-256 of its canonical text (lib/documents/endorsements.ts), re-checked
     * whenever it is shown and by every endorsement.
     */
    finalHash: text(),
    finalAt: timestamp({ withTimezone: true }),
    finalBy: uuid().references(() => users.id),
    /** Set when the officer publishes this version's consultation statement on the public hub. */
    statementPublishedAt: timestamp({ withTimezone: true }),
    statementPublishedBy: uuid().references(() => users.id),
    /**
     * Claimed by the daily scan (lib/documents/notices.ts) with a conditional update, so two
     * servers never tell partners twice: the stage opened, the stage closes soon, and up to when
     * new comments have gone into the officers' digest.
     */
    openNoticeAt: timestamp({ withTimezone: true }),
    closingNoticeAt: timestamp({ withTimezone: true }),
    digestedUpTo: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("document_versions_unique").on(t.documentId, t.version),
    check("document_versions_status_check", sql`${t.status} in (${inList(DOCUMENT_VERSION_STATUSES)})`),
    check("document_versions_positive", sql`${t.version} > 0`),
  ],
);

export const documentSections = pgTable(
  "document_sections",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    anchor: text().notNull(),
    heading: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [unique("document_sections_anchor_unique").on(t.versionId, t.anchor)],
);

export const documentParagraphs = pgTable(
  "document_paragraphs",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    sectionId: uuid().references(() => documentSections.id, { onDelete: "cascade" }),
    /** Stable across versions: the same paragraph, edited, keeps its anchor. */
    anchor: text().notNull(),
    /** As printed ("3", "3.2", "4.a"), or given when the text had none. */
    number: text().notNull(),
    text: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    unique("document_paragraphs_anchor_unique").on(t.versionId, t.anchor),
    index("document_paragraphs_version_idx").on(t.versionId, t.position),
  ],
);

/** A main issue the council groups comments into and answers once. */
export const documentIssues = pgTable(
  "document_issues",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    title: text().notNull(),
    response: text().notNull().default(""),
    outcome: text().$type<CommentOutcome>(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("document_issues_version_idx").on(t.versionId),
    check("document_issues_outcome_check", sql`${t.outcome} is null or ${t.outcome} in (${inList(COMMENT_OUTCOMES)})`),
  ],
);

/** An organisation's submission of its comments on a version: the receipt's reference. */
export const documentRepresentations = pgTable(
  "document_representations",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    reference: text().notNull().unique(),
    submittedBy: uuid().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("document_representations_version_org_idx").on(t.versionId, t.organisationId)],
);

export const documentComments = pgTable(
  "document_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    paragraphId: uuid()
      .notNull()
      .references(() => documentParagraphs.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    stance: text().$type<CommentStance>().notNull(),
    text: text().notNull(),
    proposedChange: text().notNull().default(""),
    /** The passage of the paragraph the comment is about, if one was chosen. */
    quote: text().notNull().default(""),
    status: text().$type<DocumentCommentStatus>().notNull().default("draft"),
    representationId: uuid().references(() => documentRepresentations.id),
    issueId: uuid().references(() => documentIssues.id, { onDelete: "set null" }),
    /** Bumped on every save; a save carries the version it was edited from. */
    editVersion: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    updatedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    search: tsvector().generatedAlwaysAs(
      sql`to_tsvector('english', coalesce(text, '') || ' ' || coalesce(proposed_change, '') || ' ' || coalesce(quote, ''))`,
    ),
  },
  (t) => [
    index("document_comments_version_paragraph_idx").on(t.versionId, t.paragraphId),
    index("document_comments_version_org_idx").on(t.versionId, t.organisationId, t.status),
    index("document_comments_search_idx").using("gin", t.search),
    check("document_comments_stance_check", sql`${t.stance} in (${inList(COMMENT_STANCES)})`),
    check("document_comments_status_check", sql`${t.status} in (${inList(DOCUMENT_COMMENT_STATUSES)})`),
    check(
      "document_comments_submitted_check",
      sql`${t.status} = 'draft' or (${t.submittedAt} is not null and ${t.representationId} is not null)`,
    ),
  ],
);

/** The council's answer to one comment. */
export const documentCommentResponses = pgTable(
  "document_comment_responses",
  {
    id: uuid().primaryKey().defaultRandom(),
    commentId: uuid()
      .notNull()
      .unique()
      .references(() => documentComments.id, { onDelete: "cascade" }),
    response: text().notNull(),
    outcome: text().$type<CommentOutcome>().notNull(),
    editVersion: integer().notNull().default(1),
    respondedBy: uuid().references(() => users.id),
    respondedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("document_comment_responses_outcome_check", sql`${t.outcome} in (${inList(COMMENT_OUTCOMES)})`)],
);

/**
 * An organisation's endorsement of a final version, recorded by one of its named signatories:
 * one per organisation and version (the unique key makes a double or simultaneous submission
 * one row), with the hash of exactly the text endorsed.
 */
export const documentEndorsements = pgTable(
  "document_endorsements",
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid()
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    decision: text().$type<EndorsementDecision>().notNull(),
    /** The reservations (endorse with reservations) or the reasons (do not endorse). */
    reservations: text().notNull().default(""),
    /** The hash of the final text the signatory was shown and endorsed. */
    hash: text().notNull(),
    signatoryId: uuid()
      .notNull()
      .references(() => users.id),
    /** As the signatory gave them when endorsing: kept even if the account changes later. */
    signatoryName: text().notNull(),
    signatoryPosition: text().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("document_endorsements_one_per_organisation").on(t.versionId, t.organisationId),
    // The endorsements a person signed: their name is read and rewritten at their erasure (lib/audit/erased).
    index("document_endorsements_signatory_idx").on(t.signatoryId),
    check("document_endorsements_decision_check", sql`${t.decision} in (${inList(ENDORSEMENT_DECISIONS)})`),
    check("document_endorsements_reservations_check", sql`${t.decision} = 'endorse' or length(${t.reservations}) > 0`),
  ],
);

export type DocumentEndorsement = typeof documentEndorsements.$inferSelect;
export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
export type DocumentParagraph = typeof documentParagraphs.$inferSelect;
export type DocumentSection = typeof documentSections.$inferSelect;
export type DocumentComment = typeof documentComments.$inferSelect;
export type DocumentCommentResponse = typeof documentCommentResponses.$inferSelect;
export type DocumentIssue = typeof documentIssues.$inferSelect;
export type DocumentRepresentation = typeof documentRepresentations.$inferSelect;

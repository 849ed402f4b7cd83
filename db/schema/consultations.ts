// Consultations and their structure: stages, chapters (sections), questions, the frozen
// versions responses point to, and the audience invited to respond.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { jsonb } from "./jsonb";
import { users } from "./auth";
import { inList, organisations } from "./organisations";

export const CONSULTATION_KINDS = ["questionnaire", "consultation_to_answer"] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export const CONSULTATION_STATUSES = ["draft", "open", "closed", "archived"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** Where the council's own answers are: drafting → in review → signed off (→ reopened = drafting). */
export const ANSWER_SET_STATUSES = ["drafting", "in_review", "signed_off"] as const;
export type AnswerSetStatus = (typeof ANSWER_SET_STATUSES)[number];

/** Who may respond (issue 18): invited partner organisations, members of the public, or both. */
export const CONSULTATION_AUDIENCES = ["partners", "public", "both"] as const;
export type ConsultationAudience = (typeof CONSULTATION_AUDIENCES)[number];

/** Whether and when responses are published (with consent, after moderation). */
export const PUBLISH_RESPONSES = ["no", "while_open", "after_close"] as const;
export type PublishResponses = (typeof PUBLISH_RESPONSES)[number];

export const QUESTION_TYPES = [
  "long_text",
  "short_text",
  "single_choice",
  "multiple_choice",
  "agreement_scale",
  "ranking",
  "number",
  "date",
  "yes_no",
  "rag_status",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Limits a question may set; which apply depends on its type. */
export type QuestionLimits = {
  maxLength?: number;
  minLength?: number;
  min?: number;
  max?: number;
  maxSelections?: number;
  minSelections?: number;
};

/** Show this question only if an earlier question's answer is one of `equals`. */
export type ShowIf = { questionNumber: string; equals: string[] };

export const consultations = pgTable(
  "consultations",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    summary: text().notNull().default(""),
    kind: text().$type<ConsultationKind>().notNull(),
    /** For a consultation to answer: who is asking (e.g. "ODPM"). */
    askedBy: text(),
    /** For a consultation to answer: when the council's answer is due. */
    responseDeadline: date(),
    /** Who partners write to about it (receipts reply to them); blank = the council branding's contact officer. */
    contactOfficerName: text().notNull().default(""),
    contactOfficerEmail: text().notNull().default(""),
    status: text().$type<ConsultationStatus>().notNull().default("draft"),
    opensAt: timestamp({ withTimezone: true }),
    closesAt: timestamp({ withTimezone: true }),
    /** The council that runs (or answers) it; officers of this organisation manage it. */
    ownerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    privacyNotice: text().notNull().default(""),
    retentionMonths: integer().notNull().default(24),
    allowAmendments: boolean().notNull().default(true),
    /**
     * The short code that starts each new response's reference ("LSPSTF-7K3F-92QX"): 2 to 10
     * capital letters and digits, set by the officer. Null for consultations made before it
     * existed: their code is then the title's initials (lib/consultations/reference-code).
     */
    referenceCode: text(),
    /** Who may respond and how, shown on the public page. */
    audienceDescription: text().notNull().default(""),
    /** Who may respond: partners (invited organisations, as before), public, or both. */
    audience: text().$type<ConsultationAudience>().notNull().default("partners"),
    /**
     * For a public audience: a person may respond without signing in; a link emailed to the
     * address they give brings them back to their response.
     */
    allowUnauthenticated: boolean().notNull().default(false),
    /** Whether responses are published (with the respondent's consent), and when. */
    publishResponses: text().$type<PublishResponses>().notNull().default("no"),
    /** Automatic reminders go this many days before the closing date (null = none). */
    reminderDaysBefore: integer(),
    /** The latest published structure version (0 = never published). */
    publishedVersion: integer().notNull().default(0),
    answerSetStatus: text().$type<AnswerSetStatus>().notNull().default("drafting"),
    /** Bumped when a signatory reopens signed-off answers. */
    answerSetVersion: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultations_status_idx").on(t.status),
    index("consultations_owner_idx").on(t.ownerOrganisationId),
    // The closed consultations, most recently closed first, paged by keyset (lib/consultations
    // queries): on the public hub, and per council on its officers' lists.
    index("consultations_closed_list_idx")
      .on(sql`(coalesce(${t.closesAt}, '-infinity'::timestamptz)) desc`, sql`${t.id} desc`)
      .where(sql`${t.status} = 'closed'`),
    index("consultations_owner_closed_list_idx")
      .on(t.ownerOrganisationId, sql`(coalesce(${t.closesAt}, '-infinity'::timestamptz)) desc`, sql`${t.id} desc`)
      .where(sql`${t.status} in ('closed', 'archived')`),
    check("consultations_kind_check", sql`${t.kind} in (${inList(CONSULTATION_KINDS)})`),
    check("consultations_status_check", sql`${t.status} in (${inList(CONSULTATION_STATUSES)})`),
    check(
      "consultations_answer_set_status_check",
      sql`${t.answerSetStatus} in (${inList(ANSWER_SET_STATUSES)})`,
    ),
    check(
      "consultations_dates_check",
      sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.closesAt} > ${t.opensAt}`,
    ),
    check("consultations_audience_check", sql`${t.audience} in (${inList(CONSULTATION_AUDIENCES)})`),
    check("consultations_publish_responses_check", sql`${t.publishResponses} in (${inList(PUBLISH_RESPONSES)})`),
    check("consultations_unauthenticated_check", sql`not ${t.allowUnauthenticated} or ${t.audience} <> 'partners'`),
    check("consultations_retention_check", sql`${t.retentionMonths} > 0`),
    check("consultations_reference_code_check", sql`${t.referenceCode} is null or ${t.referenceCode} ~ '^[A-Z0-9]{2,10}$'`),
    check(
      "consultations_reminder_days_check",
      sql`${t.reminderDaysBefore} is null or (${t.reminderDaysBefore} between 1 and 90)`,
    ),
  ],
);

/** A frozen JSON snapshot of the structure, written at each publish (as GOV.UK Forms does). */
export const consultationVersions = pgTable(
  "consultation_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    snapshot: jsonb().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid().references(() => users.id),
  },
  (t) => [
    unique("consultation_versions_unique").on(t.consultationId, t.version),
    check("consultation_versions_positive", sql`${t.version} > 0`),
  ],
);

export const stages = pgTable(
  "stages",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    startsOn: date(),
    dueOn: date(),
    position: integer().notNull(),
  },
  (t) => [
    index("stages_consultation_idx").on(t.consultationId, t.position),
    check("stages_dates_check", sql`${t.startsOn} is null or ${t.dueOn} is null or ${t.dueOn} >= ${t.startsOn}`),
  ],
);

/** A chapter of questions; sub-headings within it are carried on the questions. */
export const sections = pgTable(
  "sections",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    title: text().notNull(),
    description: text().notNull().default(""),
    position: integer().notNull(),
  },
  (t) => [index("sections_consultation_idx").on(t.consultationId, t.position)],
);

export const questions = pgTable(
  "questions",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    sectionId: uuid()
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    /** As printed in the paper: "16", "4.1", "Q3". */
    number: text().notNull(),
    /** The sub-heading this question sits under within its chapter, if any. */
    subheading: text(),
    type: text().$type<QuestionType>().notNull(),
    text: text().notNull(),
    hint: text().notNull().default(""),
    required: boolean().notNull().default(false),
    options: jsonb().$type<string[]>().notNull().default([]),
    limits: jsonb().$type<QuestionLimits>().notNull().default({}),
    showIf: jsonb().$type<ShowIf | null>(),
    position: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("questions_number_unique").on(t.consultationId, t.number),
    index("questions_section_idx").on(t.sectionId, t.position),
    check("questions_type_check", sql`${t.type} in (${inList(QUESTION_TYPES)})`),
  ],
);

/** A named contact invited to respond for their organisation. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    invitedBy: uuid().references(() => users.id),
    openedAt: timestamp({ withTimezone: true }),
    lastRemindedAt: timestamp({ withTimezone: true }),
    reminderCount: integer().notNull().default(0),
  },
  (t) => [
    unique("invitations_consultation_user_unique").on(t.consultationId, t.userId),
    index("invitations_org_idx").on(t.organisationId),
  ],
);

export type Consultation = typeof consultations.$inferSelect;
export type NewConsultation = typeof consultations.$inferInsert;
export type Stage = typeof stages.$inferSelect;
export type Section = typeof sections.$inferSelect;
export type Question = typeof questions.$inferSelect;
export type NewQuestion = typeof questions.$inferInsert;
export type Invitation = typeof invitations.$inferSelect;

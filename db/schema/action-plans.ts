// Action plans: plan → strategic priorities → indicators (targets, tolerance, polarity) and
// milestones / outputs / funded projects owned by organisations → reporting periods → one
// return per owner organisation per period, with one item per thing it owns.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { editTracking } from "./columns";
import { jsonb } from "./jsonb";
import { inList, organisations } from "./organisations";

export const PLAN_FREQUENCIES = ["monthly", "quarterly", "annual"] as const;
export type PlanFrequency = (typeof PLAN_FREQUENCIES)[number];

export const INDICATOR_UNITS = ["percentage", "number", "currency", "count", "yes_no"] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export const POLARITIES = ["higher", "lower"] as const;
export type Polarity = (typeof POLARITIES)[number];

export const PLAN_ITEM_KINDS = ["milestone", "project"] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

export const RAGS = ["red", "amber", "green"] as const;
export type Rag = (typeof RAGS)[number];

export const ITEM_STATUSES = ["not_started", "in_progress", "complete"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A period report's way to the committee: lib/review then lib/signoff. */
export const REPORT_REVIEW_STATUSES = ["open", "in_review", "signed_off"] as const;
export type ReportReviewStatus = (typeof REPORT_REVIEW_STATUSES)[number];

export const RETURN_STATUSES = ["draft", "submitted"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const actionPlans = pgTable(
  "action_plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The council whose officers run the plan. */
    ownerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    slug: text().notNull().unique(),
    title: text().notNull(),
    summary: text().notNull().default(""),
    frequency: text().$type<PlanFrequency>().notNull().default("quarterly"),
    /** The first day of the first reporting period. */
    firstPeriodStartsOn: date(),
    /** The plan's key to its colours, as the paper words it ("On target to meet ..."). */
    ragKey: jsonb().$type<{ rag: string; meaning: string }[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("action_plans_owner_idx").on(t.ownerOrganisationId),
    check("action_plans_frequency_check", sql`${t.frequency} in (${inList(PLAN_FREQUENCIES)})`),
  ],
);

export const planPriorities = pgTable(
  "plan_priorities",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    title: text().notNull(),
    /** The lead partnership; null while "to be established". */
    leadOrganisationId: uuid().references(() => organisations.id),
    /** The lead as the plan words it ("Chair of the Community Involvement Group (CIG)"). */
    leadText: text().notNull().default(""),
    resources: text().notNull().default(""),
    /** The plan's own progress comments for the priority. */
    comments: text().notNull().default(""),
    /** Bumped on every edit in the plan editor; an edit from an older version is refused. */
    version: integer().notNull().default(1),
  },
  (t) => [unique("plan_priorities_plan_number_unique").on(t.planId, t.number)],
);

export const planIndicators = pgTable(
  "plan_indicators",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    priorityId: uuid()
      .notNull()
      .references(() => planPriorities.id, { onDelete: "cascade" }),
    position: integer().notNull().default(0),
    code: text().notNull(),
    title: text().notNull(),
    unit: text().$type<IndicatorUnit>().notNull().default("percentage"),
    polarity: text().$type<Polarity>().notNull().default("higher"),
    baseline: doublePrecision(),
    /** When the baseline was measured, as the plan words it ("2008/09"). */
    baselineDate: text().notNull().default(""),
    /** Targets per year or period: { label: "2010/11", value: 33 }, earliest first. */
    targets: jsonb().$type<{ label: string; value: number }[]>().notNull().default(sql`'[]'::jsonb`),
    /** Results the plan already reports ({ label: "2008/09", value: 24.6 }). */
    results: jsonb().$type<{ label: string; value: number }[]>().notNull().default(sql`'[]'::jsonb`),
    /** How far short of target (in the indicator's unit) is still Amber rather than Red. */
    amberTolerance: doublePrecision().notNull().default(0),
    /** Who reports the actual: the priority's lead unless set. */
    ownerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    unique("plan_indicators_plan_code_unique").on(t.planId, t.code),
    index("plan_indicators_owner_idx").on(t.ownerOrganisationId),
    check("plan_indicators_unit_check", sql`${t.unit} in (${inList(INDICATOR_UNITS)})`),
    check("plan_indicators_polarity_check", sql`${t.polarity} in (${inList(POLARITIES)})`),
    check("plan_indicators_tolerance_check", sql`${t.amberTolerance} >= 0`),
  ],
);

/** Milestones and outputs of a priority, and the funded projects of the plan's appendix. */
export const planItems = pgTable(
  "plan_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    priorityId: uuid()
      .notNull()
      .references(() => planPriorities.id, { onDelete: "cascade" }),
    kind: text().$type<PlanItemKind>().notNull().default("milestone"),
    /** "1.3" for a milestone, "P1.2" for a project: unique within the plan. */
    number: text().notNull(),
    position: integer().notNull().default(0),
    text: text().notNull(),
    outcome: text().notNull().default(""),
    dueOn: date(),
    ownerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    unique("plan_items_plan_number_unique").on(t.planId, t.number),
    index("plan_items_owner_idx").on(t.ownerOrganisationId),
    check("plan_items_kind_check", sql`${t.kind} in (${inList(PLAN_ITEM_KINDS)})`),
  ],
);

export const planRisks = pgTable("plan_risks", {
  id: uuid().primaryKey().defaultRandom(),
  priorityId: uuid()
    .notNull()
    .references(() => planPriorities.id, { onDelete: "cascade" }),
  position: integer().notNull().default(0),
  risk: text().notNull(),
  mitigation: text().notNull().default(""),
  version: integer().notNull().default(1),
});

export const reportingPeriods = pgTable(
  "reporting_periods",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    /** "Q3 2009/10". */
    label: text().notNull(),
    /** The plan year a per-year target is read from ("2009/10"). */
    yearLabel: text().notNull().default(""),
    position: integer().notNull(),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    /** Set by the job queue's scan when it told the owner organisations the period is open. */
    openedAt: timestamp({ withTimezone: true }),
    /** Set when it reminded those who had not submitted, before the due date. */
    remindedAt: timestamp({ withTimezone: true }),
    /** Set when it closed the period (late and missing returns recorded). */
    closedAt: timestamp({ withTimezone: true }),
    /** The report's review: open → in_review (scrutiny comments, resolution) → signed_off (locked). */
    reportStatus: text().$type<ReportReviewStatus>().notNull().default("open"),
    /** Bumped when a signed-off report is reopened; a sign-off hashes one version. */
    reportVersion: integer().notNull().default(1),
    /** Bumped on every edit in the plan editor's period editor; an edit from an older version is refused. */
    version: integer().notNull().default(1),
  },
  (t) => [
    index("reporting_periods_opens_idx").on(t.opensAt),
    unique("reporting_periods_plan_position_unique").on(t.planId, t.position),
    unique("reporting_periods_plan_label_unique").on(t.planId, t.label),
    check("reporting_periods_report_status_check", sql`${t.reportStatus} in (${inList(REPORT_REVIEW_STATUSES)})`),
    check("reporting_periods_dates_check", sql`${t.opensAt} <= ${t.dueAt} and ${t.dueAt} <= ${t.closesAt}`),
  ],
);

/** One organisation's return for one period. */
export const planReturns = pgTable(
  "plan_returns",
  {
    id: uuid().primaryKey().defaultRandom(),
    periodId: uuid()
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    status: text().$type<ReturnStatus>().notNull().default("draft"),
    /** 0 while never submitted, 1 at first submission, +1 per amendment. */
    revision: integer().notNull().default(0),
    reference: text().unique(),
    lastEditedBy: uuid().references(() => users.id),
    lastEditedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id),
    /** An officer reopened this organisation's return after the period closed, until then. */
    reopenedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("plan_returns_period_org_unique").on(t.periodId, t.organisationId),
    index("plan_returns_org_idx").on(t.organisationId),
    check("plan_returns_status_check", sql`${t.status} in (${inList(RETURN_STATUSES)})`),
    check("plan_returns_submitted_check", sql`${t.status} = 'draft' or (${t.submittedAt} is not null and ${t.reference} is not null)`),
  ],
);

/** Per milestone or project (itemId) or per indicator (indicatorId): what the return says of it. */
export const returnItems = pgTable(
  "return_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    returnId: uuid()
      .notNull()
      .references(() => planReturns.id, { onDelete: "cascade" }),
    itemId: uuid().references(() => planItems.id, { onDelete: "cascade" }),
    indicatorId: uuid().references(() => planIndicators.id, { onDelete: "cascade" }),
    status: text().$type<ItemStatus>(),
    /** A milestone's RAG while in progress; an indicator's as worked out, or as overridden. */
    rag: text().$type<Rag>(),
    commentary: text().notNull().default(""),
    /** Required when Red. */
    correctiveAction: text().notNull().default(""),
    actual: doublePrecision(),
    /** The indicator's RAG worked out from target, tolerance and polarity. */
    computedRag: text().$type<Rag>(),
    /** An officer's override of the worked-out RAG, with the reason. */
    overrideRag: text().$type<Rag>(),
    overrideReason: text().notNull().default(""),
    /** Carried forward unchanged from the last period by "no change since last period". */
    carriedForward: integer().notNull().default(0),
    /** Bumped on every save; a save carries the version and hash it was edited from. */
    ...editTracking(),
    hash: text().notNull().default(""),
  },
  (t) => [
    unique("return_items_return_item_unique").on(t.returnId, t.itemId),
    unique("return_items_return_indicator_unique").on(t.returnId, t.indicatorId),
    check("return_items_subject_check", sql`(${t.itemId} is null) <> (${t.indicatorId} is null)`),
    check("return_items_status_check", sql`${t.status} is null or ${t.status} in (${inList(ITEM_STATUSES)})`),
    check("return_items_rag_check", sql`${t.rag} is null or ${t.rag} in (${inList(RAGS)})`),
    check("return_items_computed_rag_check", sql`${t.computedRag} is null or ${t.computedRag} in (${inList(RAGS)})`),
    check("return_items_override_rag_check", sql`${t.overrideRag} is null or ${t.overrideRag} in (${inList(RAGS)})`),
    check("return_items_red_action_check", sql`${t.rag} is distinct from 'red' or ${t.indicatorId} is not null or length(trim(${t.correctiveAction})) > 0`),
  ],
);

/** A copy of the return as submitted, one row per submission or amendment. */
export const returnSubmissions = pgTable(
  "return_submissions",
  {
    id: uuid().primaryKey().defaultRandom(),
    returnId: uuid()
      .notNull()
      .references(() => planReturns.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    items: jsonb().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedBy: uuid().references(() => users.id),
  },
  (t) => [unique("return_submissions_unique").on(t.returnId, t.revision)],
);

/**
 * The version of what a plan's report reads (its plan, priorities, risks, indicators, items,
 * periods, submitted returns and their items, and its owners' names): the id of the last
 * transaction that changed any of it and a random stamp, written at commit by the triggers of
 * migration 0027. The
 * report page keeps a built report per period while this is unchanged (lib/action-plans/report.ts).
 * No foreign key: a plan's deletion cascades to rows whose triggers still touch it at commit.
 */
export const actionPlanVersions = pgTable("action_plan_versions", {
  planId: uuid().primaryKey(),
  version: bigint({ mode: "bigint" }).notNull(),
  /** Drawn afresh with each new version: a transaction id may be handed out again after a failover. */
  stamp: uuid().notNull().defaultRandom(),
});

export type ActionPlan = typeof actionPlans.$inferSelect;
export type PlanPriority = typeof planPriorities.$inferSelect;
export type PlanIndicator = typeof planIndicators.$inferSelect;
export type PlanItem = typeof planItems.$inferSelect;
export type ReportingPeriod = typeof reportingPeriods.$inferSelect;
export type PlanReturn = typeof planReturns.$inferSelect;
export type ReturnItem = typeof returnItems.$inferSelect;

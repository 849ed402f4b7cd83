// Reads of action plans: an organisation's return for a period (only what it owns, with last
// period's beside it), and the plans and periods a person may see.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import {
  actionPlans,
  organisations,
  planIndicators,
  planItems,
  planPriorities,
  planReturns,
  reportingPeriods,
  returnItems,
  users,
  type ActionPlan,
  type PlanReturn,
  type ReportingPeriod,
  type ReturnItem,
} from "../../db/schema";
import { authorize, can, organisationsWithRole, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { encodeBase } from "../responses/schemas";
import type { Rag } from "./rag";
import { itemHash, type ItemValue, type Subject } from "./rules";
import { isUuid } from "../sql";
import { shownName } from "../audit/erased";

export type PeriodWindow = { state: "not_open" | "open" | "closed"; message: string | null; late: boolean };

/** Whether a period takes returns now; an officer's reopening of one organisation's counts too. */
export function periodWindow(period: Pick<ReportingPeriod, "opensAt" | "dueAt" | "closesAt">, ret: Pick<PlanReturn, "status" | "reopenedUntil"> | null, now: Date): PeriodWindow {
  const reopened = ret?.reopenedUntil && ret.reopenedUntil > now;
  const late = now > period.dueAt && ret?.status !== "submitted";
  if (now < period.opensAt) return { state: "not_open", message: "This reporting period is not open yet.", late: false };
  if (now >= period.closesAt && !reopened) return { state: "closed", message: "This reporting period has closed, so the return can no longer be changed. Ask the council's officer to reopen it.", late };
  return { state: "open", message: null, late };
}

export type StoredItem = ItemValue & {
  id: string;
  subjectId: string;
  version: number;
  hash: string;
  base: string;
  computedRag: Rag | null;
  overrideRag: Rag | null;
  overrideReason: string;
  carriedForward: boolean;
  updatedByName: string | null;
  updatedAt: Date;
};

export const EMPTY_ITEM_BASE = encodeBase({ version: 0, hash: itemHash({ status: null, rag: null, commentary: "", correctiveAction: "", actual: null }) });

function toStored(r: ReturnItem & { updatedByName?: string | null }): StoredItem {
  const value: ItemValue = { status: r.status ?? null, rag: r.rag ?? null, commentary: r.commentary, correctiveAction: r.correctiveAction, actual: r.actual ?? null };
  return {
    ...value,
    id: r.id,
    subjectId: (r.itemId ?? r.indicatorId)!,
    version: r.version,
    hash: r.hash,
    base: encodeBase({ version: r.version, hash: r.hash }),
    computedRag: r.computedRag ?? null,
    overrideRag: r.overrideRag ?? null,
    overrideReason: r.overrideReason,
    carriedForward: r.carriedForward > 0,
    updatedByName: r.updatedByName ?? null,
    updatedAt: r.updatedAt,
  };
}

/** A return's items by subject (milestone or indicator id). */
export async function loadReturnItems(db: Db, returnId: string): Promise<Map<string, StoredItem>> {
  const rows = await db
    .select({ item: returnItems, updatedByName: shownName() })
    .from(returnItems)
    .leftJoin(users, eq(users.id, returnItems.updatedBy))
    .where(eq(returnItems.returnId, returnId));
  return new Map(rows.map((r) => [(r.item.itemId ?? r.item.indicatorId)!, toStored({ ...r.item, updatedByName: r.updatedByName })]));
}

export type PeriodContext = { plan: ActionPlan; period: ReportingPeriod; previous: ReportingPeriod | null };

/** The period, its plan and the period before it. */
export async function loadPeriod(db: Db, periodId: string): Promise<PeriodContext> {
  if (!isUuid(periodId)) throw new NotFoundError("Reporting period");
  const [row] = await db.select({ period: reportingPeriods, plan: actionPlans }).from(reportingPeriods).innerJoin(actionPlans, eq(actionPlans.id, reportingPeriods.planId)).where(eq(reportingPeriods.id, periodId));
  if (!row) throw new NotFoundError("Reporting period");
  const [previous] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, row.plan.id), sql`${reportingPeriods.position} < ${row.period.position}`))
    .orderBy(sql`${reportingPeriods.position} desc`)
    .limit(1);
  return { plan: row.plan, period: row.period, previous: previous ?? null };
}

export type OwnedSubject = Subject & { priorityNumber: number; priorityTitle: string; position: number; outcome?: string; dueOn?: string | null; itemKind?: "milestone" | "project"; baseline?: number | null; baselineDate?: string };

/** What the organisation owns in the plan: its milestones, projects and indicators, in plan order. */
export async function loadOwnedSubjects(db: Db, planId: string, organisationId: string): Promise<OwnedSubject[]> {
  const [items, indicators] = await readTogether(db, [
    () => db
      .select({ i: planItems, pn: planPriorities.number, pt: planPriorities.title })
      .from(planItems)
      .innerJoin(planPriorities, eq(planPriorities.id, planItems.priorityId))
      .where(and(eq(planItems.planId, planId), eq(planItems.ownerOrganisationId, organisationId)))
      .orderBy(asc(planPriorities.number), asc(planItems.kind), asc(planItems.position)),
    () => db
      .select({ i: planIndicators, pn: planPriorities.number, pt: planPriorities.title })
      .from(planIndicators)
      .innerJoin(planPriorities, eq(planPriorities.id, planIndicators.priorityId))
      .where(and(eq(planIndicators.planId, planId), eq(planIndicators.ownerOrganisationId, organisationId)))
      .orderBy(asc(planPriorities.number), asc(planIndicators.position)),
  ]);
  const subjects: OwnedSubject[] = [
    ...indicators.map(({ i, pn, pt }) => ({
      kind: "indicator" as const,
      id: i.id,
      code: i.code,
      title: i.title,
      unit: i.unit,
      polarity: i.polarity,
      targets: i.targets,
      amberTolerance: i.amberTolerance,
      baseline: i.baseline,
      baselineDate: i.baselineDate,
      priorityNumber: pn,
      priorityTitle: pt,
      position: i.position,
    })),
    ...items.map(({ i, pn, pt }) => ({
      kind: "milestone" as const,
      id: i.id,
      number: i.number,
      text: i.text,
      outcome: i.outcome,
      dueOn: i.dueOn,
      itemKind: i.kind,
      priorityNumber: pn,
      priorityTitle: pt,
      position: 1000 + (i.kind === "project" ? 1000 : 0) + i.position,
    })),
  ];
  return subjects.sort((a, b) => a.priorityNumber - b.priorityNumber || a.position - b.position);
}

export type ReturnForm = Awaited<ReturnType<typeof getReturnForm>>;

/**
 * One organisation's return for a period, as its people see it: only what the organisation
 * owns, grouped by priority, each with what the return says now and what last period's said.
 */
export async function getReturnForm(db: Db, input: { periodId: string; organisationId: string }, actor: Actor, now = new Date()) {
  const { plan, period, previous } = await loadPeriod(db, input.periodId);
  authorize(actor, "plan_return.read", { kind: "plan_return", organisationId: input.organisationId, planOwnerOrganisationId: plan.ownerOrganisationId });
  const [org] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, input.organisationId));
  if (!org) throw new NotFoundError("Organisation");
  const subjects = await loadOwnedSubjects(db, plan.id, input.organisationId);
  const periodIds = [period.id, ...(previous ? [previous.id] : [])];
  const returns = await db
    .select()
    .from(planReturns)
    .where(and(inArray(planReturns.periodId, periodIds), eq(planReturns.organisationId, input.organisationId)));
  const ret = returns.find((r) => r.periodId === period.id) ?? null;
  const prevRet = previous ? (returns.find((r) => r.periodId === previous.id) ?? null) : null;
  const [items, prevItems] = await readTogether(db, [
    async () => (ret ? loadReturnItems(db, ret.id) : new Map<string, StoredItem>()),
    async () => (prevRet ? loadReturnItems(db, prevRet.id) : new Map<string, StoredItem>()),
  ]);
  const priorities: { number: number; title: string; subjects: { subject: OwnedSubject; current: StoredItem | null; previous: StoredItem | null }[] }[] = [];
  for (const s of subjects) {
    let p = priorities.find((x) => x.number === s.priorityNumber);
    if (!p) priorities.push((p = { number: s.priorityNumber, title: s.priorityTitle, subjects: [] }));
    p.subjects.push({ subject: s, current: items.get(s.id) ?? null, previous: prevItems.get(s.id) ?? null });
  }
  return {
    plan: { id: plan.id, title: plan.title, slug: plan.slug, ownerOrganisationId: plan.ownerOrganisationId },
    period,
    previousPeriod: previous,
    organisation: org,
    ret,
    window: periodWindow(period, ret, now),
    canEdit: can(actor, "plan_return.edit", { kind: "plan_return", organisationId: org.id, planOwnerOrganisationId: plan.ownerOrganisationId }),
    priorities,
    subjectCount: subjects.length,
  };
}

/**
 * The periods a partner reports in: for each plan where one of the actor's partner
 * organisations owns something, each period open now or recently, with the return's state.
 */
export async function listMyReturns(db: Db, actor: Actor, now = new Date()) {
  const orgIds = organisationsWithRole(actor, "partner");
  if (!orgIds.length) return [];
  const [a, b] = await readTogether(db, [
    () => db.selectDistinct({ plan_id: planItems.planId, organisation_id: planItems.ownerOrganisationId }).from(planItems).where(inArray(planItems.ownerOrganisationId, orgIds)),
    () => db.selectDistinct({ plan_id: planIndicators.planId, organisation_id: planIndicators.ownerOrganisationId }).from(planIndicators).where(inArray(planIndicators.ownerOrganisationId, orgIds)),
  ]);
  const pairs = [...new Map([...a, ...b].map((x) => [`${x.plan_id}/${x.organisation_id}`, x])).values()];
  if (!pairs.length) return [];
  const planIds = [...new Set(pairs.map((p) => p.plan_id))];
  const periods = await db
    .select({ period: reportingPeriods, planTitle: actionPlans.title })
    .from(reportingPeriods)
    .innerJoin(actionPlans, eq(actionPlans.id, reportingPeriods.planId))
    .where(and(inArray(reportingPeriods.planId, planIds), sql`${reportingPeriods.opensAt} <= ${now.toISOString()}::timestamptz`))
    .orderBy(sql`${reportingPeriods.opensAt} desc`);
  const rets = await db
    .select()
    .from(planReturns)
    .where(and(inArray(planReturns.organisationId, orgIds), periods.length ? inArray(planReturns.periodId, periods.map((p) => p.period.id)) : sql`false`));
  const orgNames = new Map(actor.memberships.map((m) => [m.organisationId, m.organisationName]));
  return periods.flatMap(({ period, planTitle }) =>
    pairs
      .filter((p) => p.plan_id === period.planId)
      .map((p) => {
        const ret = rets.find((r) => r.periodId === period.id && r.organisationId === p.organisation_id) ?? null;
        return { period, planTitle, organisationId: p.organisation_id, organisationName: orgNames.get(p.organisation_id) ?? "", ret, window: periodWindow(period, ret, now) };
      }),
  );
}

/** The plans whose reports the actor may read. */
export async function listPlans(db: Db, actor: Actor) {
  const ids = [...new Set(actor.memberships.map((m) => m.organisationId))].filter((id) => can(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: id }));
  if (!ids.length) return [];
  const plans = await db.select().from(actionPlans).where(inArray(actionPlans.ownerOrganisationId, ids)).orderBy(asc(actionPlans.title));
  const periods = plans.length ? await db.select().from(reportingPeriods).where(inArray(reportingPeriods.planId, plans.map((p) => p.id))).orderBy(asc(reportingPeriods.position)) : [];
  return plans.map((p) => ({ plan: p, periods: periods.filter((x) => x.planId === p.id) }));
}

/** The plan an officer or scrutiny member opens, with its periods; refuses anyone else. */
export async function getPlan(db: Db, planId: string, actor: Actor) {
  if (!isUuid(planId)) throw new NotFoundError("Action plan");
  const [plan] = await db.select().from(actionPlans).where(eq(actionPlans.id, planId));
  if (!plan) throw new NotFoundError("Action plan");
  authorize(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.position));
  return { plan, periods };
}


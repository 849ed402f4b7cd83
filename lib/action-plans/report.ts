// The action-plan report for a period, as the board and the committee read it: a summary
// (counts by RAG and by status, what changed colour since last period), the exceptions (Red,
// Amber, worsening, missing or late returns), then the whole plan by priority with baseline,
// target, actual, RAG and direction of travel, and each indicator's trend across periods.
// Only submitted returns count: a draft is "not yet returned".
import { asc, eq, sql } from "drizzle-orm";
import { isTransaction, readTogether, rowsOf, type Db } from "../../db/client";
import { reportingPeriods, type ActionPlan, type ItemStatus, type PlanIndicator, type Rag, type ReportingPeriod } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { groupBy } from "../group-by";
import { periodWindow } from "./queries";
import { directionOfRag, directionOfValue, effectiveRag, targetForPeriod, type Direction } from "./rag";
import { isUuid, jsonValue, uuidArray } from "../sql";
import { BoundedMap } from "../bounded-map";
import { deepFreeze } from "../deep-freeze";
import { editBase } from "../input/edit-merge";
import { overrideFormValues } from "./rules";

export type ReportFilters = { priority?: number | null; owner?: string | null; rag?: Rag | "none" | null };

export type ReportIndicator = {
  id: string;
  code: string;
  title: string;
  unit: string;
  polarity: "higher" | "lower";
  baseline: number | null;
  baselineDate: string;
  target: { label: string; value: number } | null;
  actual: number | null;
  rag: Rag | null;
  overridden: boolean;
  overrideReason: string;
  /** The override's fingerprints as drawn, for its form to post back (lib/input/edit-merge). */
  overrideBase: string;
  returnItemId: string | null;
  previousActual: number | null;
  direction: Direction | null;
  commentary: string;
  ownerName: string;
  trend: { period: string; actual: number | null; rag: Rag | null }[];
};

export type ReportMilestone = {
  id: string;
  number: string;
  kind: "milestone" | "project";
  text: string;
  outcome: string;
  dueOn: string | null;
  ownerName: string;
  status: ItemStatus | null;
  rag: Rag | null;
  previous: { status: ItemStatus | null; rag: Rag | null } | null;
  direction: Direction | null;
  commentary: string;
  correctiveAction: string;
  carriedForward: boolean;
};

/** `subjectId`: the indicator or milestone it is about (none for a return not in or late). */
export type Exception = { reason: "red" | "amber" | "worsening" | "missing" | "late"; label: string; text: string; ownerName: string; commentary: string; correctiveAction?: string; subjectId?: string };

export type PlanReport = ReturnType<typeof buildReport>;

type PeriodRow = Pick<ReportingPeriod, "id" | "planId" | "label" | "yearLabel" | "position" | "opensAt" | "dueAt" | "closesAt" | "openedAt" | "remindedAt" | "closedAt" | "reportStatus" | "reportVersion">;
type ItemRow = { returnId: string; itemId: string | null; indicatorId: string | null; actual: number | null; computedRag: Rag | null; overrideRag: Rag | null; id?: string | null; status?: ItemStatus | null; rag?: Rag | null; commentary?: string | null; correctiveAction?: string | null; overrideReason?: string | null; carriedForward?: number | null };
type ReportData = {
  plan: Pick<ActionPlan, "id" | "title" | "slug" | "ownerOrganisationId" | "ragKey">;
  period: PeriodRow;
  priorities: { id: string; number: number; title: string; leadOrganisationId: string | null; leadText: string; resources: string }[];
  items: { id: string; priorityId: string; ownerOrganisationId: string; kind: "milestone" | "project"; number: string; text: string; outcome: string; dueOn: string | null }[];
  indicators: { id: string; priorityId: string; ownerOrganisationId: string; code: string; title: string; unit: PlanIndicator["unit"]; polarity: PlanIndicator["polarity"]; baseline: number | null; baselineDate: string; targets: PlanIndicator["targets"] }[];
  risks: { priorityId: string; risk: string; mitigation: string }[];
  periods: PeriodRow[];
  returns: { id: string; periodId: string; organisationId: string; status: "draft" | "submitted"; submittedAt: Date | null; reference: string | null; revision: number }[];
  rows: ItemRow[];
  orgs: { id: string; name: string }[];
};

const PERIOD_JSON = sql.raw(`json_build_object('id', p.id, 'planId', p.plan_id, 'label', p.label, 'yearLabel', p.year_label, 'position', p.position, 'opensAt', p.opens_at, 'dueAt', p.due_at, 'closesAt', p.closes_at, 'openedAt', p.opened_at, 'remindedAt', p.reminded_at, 'closedAt', p.closed_at, 'reportStatus', p.report_status, 'reportVersion', p.report_version)`);

/**
 * Everything the report reads, in five statements sent at once (one round trip; Postgres runs
 * them on separate connections side by side; inside a transaction, as when a signatory approves
 * it, in turn: see readTogether): the plan's small parts as one JSON document, and the items,
 * indicators and the return items as plain rows with the field names the report uses, so no
 * row goes through the ORM's mapper. Of this period's and the last period's submitted returns
 * every field; of earlier ones only the indicators' figures and colours.
 */
async function loadReportData(db: Db, periodId: string, trends: boolean): Promise<ReportData> {
  if (!isUuid(periodId)) throw new NotFoundError("Reporting period");
  const planOf = sql`(select plan_id from reporting_periods where id = ${periodId})`;
  const recentPeriods = sql`(select p.id from reporting_periods p join reporting_periods c on c.id = ${periodId} and c.plan_id = p.plan_id where p.position <= c.position order by p.position desc limit 2)`;
  const olderPeriods = sql`(select p.id from reporting_periods p join reporting_periods c on c.id = ${periodId} and c.plan_id = p.plan_id where p.position <= c.position order by p.position desc offset 2)`;
  const [meta, items, indicators, recent, older] = await readTogether(db, [
    () => rowsOf<{ data: unknown }>(db, sql`
      with cur as (select * from reporting_periods where id = ${periodId}),
      per as (select p.* from reporting_periods p join cur on cur.plan_id = p.plan_id and p.position <= cur.position),
      owners as (select owner_organisation_id as id from plan_items where plan_id = (select plan_id from cur)
                 union select owner_organisation_id from plan_indicators where plan_id = (select plan_id from cur))
      select json_build_object(
        'plan', (select json_build_object('id', a.id, 'title', a.title, 'slug', a.slug, 'ownerOrganisationId', a.owner_organisation_id, 'ragKey', a.rag_key) from action_plans a where a.id = (select plan_id from cur)),
        'period', (select ${PERIOD_JSON} from cur p),
        'periods', (select coalesce(json_agg(${PERIOD_JSON} order by p.position), '[]') from per p),
        'priorities', (select coalesce(json_agg(json_build_object('id', p.id, 'number', p.number, 'title', p.title, 'leadOrganisationId', p.lead_organisation_id, 'leadText', p.lead_text, 'resources', p.resources) order by p.number), '[]')
                       from plan_priorities p where p.plan_id = (select plan_id from cur)),
        'risks', (select coalesce(json_agg(json_build_object('priorityId', r.priority_id, 'risk', r.risk, 'mitigation', r.mitigation) order by r.position), '[]')
                  from plan_risks r join plan_priorities p on p.id = r.priority_id where p.plan_id = (select plan_id from cur)),
        'returns', (select coalesce(json_agg(json_build_object('id', r.id, 'periodId', r.period_id, 'organisationId', r.organisation_id, 'status', r.status, 'submittedAt', r.submitted_at, 'reference', r.reference, 'revision', r.revision)), '[]')
                    from plan_returns r where r.period_id in ${trends ? sql`(select id from per)` : recentPeriods}),
        'orgs', (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name)), '[]') from organisations o where o.id in (select id from owners))
      ) as data`),
    () => rowsOf<ReportData["items"][number]>(db, sql`select i.id, i.priority_id as "priorityId", i.owner_organisation_id as "ownerOrganisationId", i.kind, i.number, i.text, i.outcome, i.due_on::text as "dueOn"
      from plan_items i join plan_priorities pp on pp.id = i.priority_id where i.plan_id = ${planOf} order by pp.number, i.kind, i.position`),
    () => rowsOf<ReportData["indicators"][number]>(db, sql`select i.id, i.priority_id as "priorityId", i.owner_organisation_id as "ownerOrganisationId", i.code, i.title, i.unit, i.polarity, i.baseline, i.baseline_date as "baselineDate", i.targets
      from plan_indicators i join plan_priorities pp on pp.id = i.priority_id where i.plan_id = ${planOf} order by pp.number, i.position`),
    // The last period's rows without their text (null): only their figures, colours and statuses are compared.
    () => rowsOf<ItemRow>(db, sql`select ri.return_id as "returnId", ri.item_id as "itemId", ri.indicator_id as "indicatorId", ri.actual, ri.computed_rag as "computedRag", ri.override_rag as "overrideRag", ri.status, ri.rag,
        case when cur then ri.id end as id, case when cur then ri.commentary end as commentary, case when cur then ri.corrective_action end as "correctiveAction",
        case when cur then ri.override_reason end as "overrideReason", case when cur then ri.carried_forward end as "carriedForward"
      from return_items ri join plan_returns r on r.id = ri.return_id, lateral (select r.period_id = ${periodId} as cur) c
      where r.period_id in ${recentPeriods} and r.status = 'submitted'`),
    async () =>
      trends
      ? rowsOf<ItemRow>(db, sql`select ri.return_id as "returnId", ri.item_id as "itemId", ri.indicator_id as "indicatorId", ri.actual, ri.computed_rag as "computedRag", ri.override_rag as "overrideRag"
      from return_items ri join plan_returns r on r.id = ri.return_id
      where r.period_id in ${olderPeriods} and r.status = 'submitted' and ri.indicator_id is not null`)
      : [],
  ]);
  const parts = {
    items,
    indicators: indicators.map((i) => ({ ...i, baseline: i.baseline === null ? null : Number(i.baseline) })),
    rows: [...recent, ...older].map((r) => (typeof r.actual === "string" ? { ...r, actual: Number(r.actual) } : r)),
  };
  const data = jsonValue<Omit<ReportData, "items" | "indicators" | "rows"> | null | undefined>(meta[0]?.data);
  if (!data || !data.period) throw new NotFoundError("Reporting period");
  const dates = (p: PeriodRow): PeriodRow => ({
    ...p,
    opensAt: new Date(p.opensAt),
    dueAt: new Date(p.dueAt),
    closesAt: new Date(p.closesAt),
    openedAt: p.openedAt ? new Date(p.openedAt) : null,
    remindedAt: p.remindedAt ? new Date(p.remindedAt) : null,
    closedAt: p.closedAt ? new Date(p.closedAt) : null,
  });
  return {
    ...data,
    period: dates(data.period),
    periods: data.periods.map(dates),
    returns: data.returns.map((r) => ({ ...r, submittedAt: r.submittedAt ? new Date(r.submittedAt) : null })),
    ...parts,
  };
}

/**
 * The report of a period, narrowed by the filters. `trends: false` (the report page, unless the
 * reader asks for the trend) leaves out the figures of periods before the last one: each
 * indicator's trend then holds the last two periods only, and everything else is the same.
 */
export async function getPlanReport(db: Db, input: { periodId: string } & ReportFilters, actor: Actor, now = new Date(), opts: { trends?: boolean } = {}): Promise<PlanReport> {
  const whole = await readableReport(db, input.periodId, opts.trends ?? true, actor, now);
  const f = matchers(input);
  return {
    ...whole,
    priorities: whole.priorities.filter((p) => !input.priority || p.number === input.priority).map((p) => narrowPriority(p, f)),
    filters: { priority: input.priority ?? null, owner: input.owner ?? null, rag: input.rag ?? null },
  };
}

/** String#localeCompare's order, from one collator made once (localeCompare makes one a call: 6× slower). */
const byName = new Intl.Collator().compare;

/** The whole report (every priority, no filter) worked out from what was read: pure. */
function buildReport(data: ReportData, now: Date, trends: boolean) {
  const { plan, period, priorities, items, indicators, periods, returns, rows } = data;
  const previous = periods.length > 1 ? periods[periods.length - 2]! : null;
  const risks = data.risks.map((r) => ({ r }));
  const submitted = returns.filter((r) => r.status === "submitted");
  const orgRows = data.orgs;
  const ownerIds = orgRows.map((o) => o.id);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const periodOfReturn = new Map(submitted.map((r) => [r.id, r.periodId]));
  // Two submitted returns of a period may name one subject (its owner changed): the latest
  // submitted counts (ties by the return's id), as the dashboard's periodCounts takes it.
  const order = new Map(
    [...submitted].sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r, n) => [r.id, n]),
  );
  const latestLast = [...rows].filter((r) => order.has(r.returnId)).sort((a, b) => order.get(a.returnId)! - order.get(b.returnId)!);
  /** periodId → subjectId (item or indicator) → item */
  const byPeriod = new Map([...groupBy(latestLast, (r) => periodOfReturn.get(r.returnId)!)].map(([pid, rs]) => [pid, new Map(rs.map((r) => [(r.itemId ?? r.indicatorId)!, r]))]));
  const now_ = byPeriod.get(period.id) ?? new Map();
  const before = previous ? (byPeriod.get(previous.id) ?? new Map()) : new Map();

  const reportIndicators: (ReportIndicator & { priorityId: string; ownerId: string })[] = indicators.map((i) => {
    const cur = now_.get(i.id);
    const prev = before.get(i.id);
    return {
      id: i.id,
      priorityId: i.priorityId,
      ownerId: i.ownerOrganisationId,
      code: i.code,
      title: i.title,
      unit: i.unit,
      polarity: i.polarity,
      baseline: i.baseline,
      baselineDate: i.baselineDate,
      target: targetForPeriod(i.targets, period),
      actual: cur?.actual ?? null,
      rag: cur ? effectiveRag(cur) : null,
      overridden: Boolean(cur?.overrideRag),
      overrideReason: cur?.overrideReason ?? "",
      overrideBase: editBase(overrideFormValues(cur?.overrideRag ?? null, cur?.overrideReason ?? "")),
      returnItemId: cur?.id ?? null,
      previousActual: prev?.actual ?? null,
      direction: directionOfValue(cur?.actual, prev?.actual, i.polarity),
      commentary: cur?.commentary ?? "",
      ownerName: orgName.get(i.ownerOrganisationId) ?? "",
      trend: (trends ? periods : periods.slice(-2)).map((p) => {
        const x = byPeriod.get(p.id)?.get(i.id);
        return { period: p.label, actual: x?.actual ?? null, rag: x ? effectiveRag(x) : null };
      }),
    };
  });
  const reportMilestones: (ReportMilestone & { priorityId: string; ownerId: string })[] = items.map((m) => {
    const cur = now_.get(m.id);
    const prev = before.get(m.id);
    const rag = cur ? effectiveRag(cur) : null;
    const prevState = prev ? { status: prev.status ?? null, rag: effectiveRag(prev) } : null;
    return {
      id: m.id,
      priorityId: m.priorityId,
      ownerId: m.ownerOrganisationId,
      number: m.number,
      kind: m.kind,
      text: m.text,
      outcome: m.outcome,
      dueOn: m.dueOn,
      ownerName: orgName.get(m.ownerOrganisationId) ?? "",
      status: cur?.status ?? null,
      rag,
      previous: prevState,
      direction: cur ? directionOfRag({ rag, status: cur.status }, prevState) : null,
      commentary: cur?.commentary ?? "",
      correctiveAction: cur?.correctiveAction ?? "",
      carriedForward: (cur?.carriedForward ?? 0) > 0,
    };
  });

  // Returns expected from each owner, and whether they came in on time.
  const win = periodWindow(period, null, now);
  const returnOf = new Map(returns.filter((x) => x.periodId === period.id).map((x) => [x.organisationId, x]));
  const returnRows = ownerIds
    .map((org) => {
      const r = returnOf.get(org) ?? null;
      const late = r?.status === "submitted" ? r.submittedAt! > period.dueAt : now > period.dueAt;
      return {
        organisationId: org,
        organisationName: orgName.get(org) ?? "",
        status: r?.status === "submitted" ? ("submitted" as const) : r ? ("draft" as const) : ("not_started" as const),
        submittedAt: r?.submittedAt ?? null,
        reference: r?.reference ?? null,
        revision: r?.revision ?? 0,
        late,
      };
    })
    .sort((a, b) => byName(a.organisationName, b.organisationName));

  const summary = {
    milestones: {
      total: reportMilestones.length,
      byStatus: { not_started: 0, in_progress: 0, complete: 0, not_reported: 0 } as Record<ItemStatus | "not_reported", number>,
      byRag: { red: 0, amber: 0, green: 0 } as Record<Rag, number>,
    },
    indicators: { total: reportIndicators.length, byRag: { red: 0, amber: 0, green: 0, none: 0 } as Record<Rag | "none", number> },
    returns: { expected: returnRows.length, submitted: returnRows.filter((r) => r.status === "submitted").length, late: returnRows.filter((r) => r.late).length },
  };
  for (const m of reportMilestones) {
    summary.milestones.byStatus[m.status ?? "not_reported"]++;
    if (m.rag) summary.milestones.byRag[m.rag]++;
  }
  for (const i of reportIndicators) summary.indicators.byRag[i.rag ?? "none"]++;

  const changes = [
    ...reportMilestones
      .filter((m) => m.previous && m.status && (m.previous.rag !== m.rag || (m.status === "complete") !== (m.previous.status === "complete")))
      .map((m) => ({ subjectId: m.id, label: m.number, text: m.text, from: m.previous!.status === "complete" ? "complete" : (m.previous!.rag ?? "none"), to: m.status === "complete" ? "complete" : (m.rag ?? "none"), ownerName: m.ownerName, direction: m.direction })),
    ...reportIndicators.flatMap((i) => {
      const prev = before.get(i.id);
      const from = prev ? effectiveRag(prev) : null;
      return i.rag && from && from !== i.rag ? [{ subjectId: i.id, label: i.code, text: i.title, from, to: i.rag, ownerName: i.ownerName, direction: i.direction }] : [];
    }),
  ];

  const exceptions: Exception[] = [];
  for (const r of returnRows) {
    if (r.status !== "submitted" && win.state !== "not_open") exceptions.push({ reason: r.late ? "late" : "missing", label: r.organisationName, text: r.late ? "Return overdue" : "Return not yet submitted", ownerName: r.organisationName, commentary: "" });
    else if (r.status === "submitted" && r.late) exceptions.push({ reason: "late", label: r.organisationName, text: "Return submitted after the due date", ownerName: r.organisationName, commentary: "" });
  }
  for (const rag of ["red", "amber"] as const) {
    for (const i of reportIndicators) if (i.rag === rag) exceptions.push({ reason: rag, label: i.code, text: i.title, ownerName: i.ownerName, commentary: i.commentary, subjectId: i.id });
    for (const m of reportMilestones) if (m.rag === rag) exceptions.push({ reason: rag, label: m.number, text: m.text, ownerName: m.ownerName, commentary: m.commentary, correctiveAction: m.correctiveAction, subjectId: m.id });
  }
  for (const i of reportIndicators) if (i.direction === "worsening") exceptions.push({ reason: "worsening", label: i.code, text: i.title, ownerName: i.ownerName, commentary: i.commentary, subjectId: i.id });
  for (const m of reportMilestones) if (m.direction === "worsening" && m.rag !== "red") exceptions.push({ reason: "worsening", label: m.number, text: m.text, ownerName: m.ownerName, commentary: m.commentary, correctiveAction: m.correctiveAction, subjectId: m.id });

  const byPriority = priorities.map((p) => ({
      id: p.id,
      number: p.number,
      title: p.title,
      leadText: p.leadText,
      leadName: p.leadOrganisationId ? (orgName.get(p.leadOrganisationId) ?? "") : "",
      resources: p.resources,
      risks: risks.filter((r) => r.r.priorityId === p.id).map((r) => ({ risk: r.r.risk, mitigation: r.r.mitigation })),
    indicators: reportIndicators.filter((i) => i.priorityId === p.id),
    milestones: reportMilestones.filter((m) => m.priorityId === p.id),
  }));

  return {
    plan: { id: plan.id, title: plan.title, slug: plan.slug, ownerOrganisationId: plan.ownerOrganisationId, ragKey: plan.ragKey },
    period,
    previousPeriod: previous,
    periods,
    window: win,
    summary,
    changes,
    exceptions,
    returns: returnRows,
    owners: orgRows.sort((a, b) => byName(a.name, b.name)),
    allPriorities: priorities.map((p) => ({ number: p.number, title: p.title })),
    priorities: byPriority,
    filters: { priority: null, owner: null, rag: null } as { priority: number | null; owner: string | null; rag: ReportFilters["rag"] },
  };
}

// Filters narrow the full plan, not the summary.
function matchers(f: ReportFilters) {
  return {
    ragMatch: (rag: Rag | null) => !f.rag || (f.rag === "none" ? rag === null : rag === f.rag),
    ownerMatch: (id: string) => !f.owner || id === f.owner,
  };
}

/** A priority with only its indicators and milestones that match the owner and RAG filters. */
function narrowPriority<P extends PlanReport["priorities"][number]>(p: P, { ragMatch, ownerMatch }: ReturnType<typeof matchers>): P {
  return { ...p, indicators: p.indicators.filter((i) => ownerMatch(i.ownerId) && ragMatch(i.rag)), milestones: p.milestones.filter((m) => ownerMatch(m.ownerId) && ragMatch(m.rag)) };
}

export const EXCEPTIONS_PER_PAGE = 25;
export const CHANGES_SHOWN = 20;
/** A priority with more milestones and projects than this shows them a page at a time. */
export const MILESTONES_PER_PAGE = 25;

/**
 * What the report page shows of a whole (unfiltered) report, so that a plan of any size serves
 * quickly: one priority at a time (the first unless chosen) with the owner and RAG filters, a
 * contents list of every priority with how many of its items match, a page of exceptions, and
 * the first changes of colour unless all are asked for; a large priority's milestones and
 * projects a page at a time (its indicators all together). The downloads hold everything.
 */
export function reportPageOf(r: PlanReport, q: ReportPageQuery) {
  const f = matchers(q);
  const narrowed = r.priorities.map((p) => narrowPriority(p, f));
  const chosen = narrowed.find((p) => p.number === q.priority) ?? narrowed[0] ?? null;
  const pages = Math.max(1, Math.ceil(r.exceptions.length / EXCEPTIONS_PER_PAGE));
  const exceptionsPage = Math.min(Math.max(1, q.exceptionsPage ?? 1), pages);
  const milestonesTotal = chosen?.milestones.length ?? 0;
  const milestonesPages = Math.max(1, Math.ceil(milestonesTotal / MILESTONES_PER_PAGE));
  const milestonesPage = Math.min(Math.max(1, q.milestonesPage ?? 1), milestonesPages);
  const priority = chosen && { ...chosen, milestones: chosen.milestones.slice((milestonesPage - 1) * MILESTONES_PER_PAGE, milestonesPage * MILESTONES_PER_PAGE) };
  return {
    priority,
    milestonesTotal,
    milestonesPage,
    milestonesPages,
    milestonesFrom: milestonesTotal ? (milestonesPage - 1) * MILESTONES_PER_PAGE + 1 : 0,
    contents: narrowed.map((p) => ({ number: p.number, title: p.title, items: p.indicators.length + p.milestones.length })),
    exceptions: r.exceptions.slice((exceptionsPage - 1) * EXCEPTIONS_PER_PAGE, exceptionsPage * EXCEPTIONS_PER_PAGE),
    exceptionsPage,
    exceptionsPages: pages,
    exceptionsFrom: r.exceptions.length ? (exceptionsPage - 1) * EXCEPTIONS_PER_PAGE + 1 : 0,
    changes: q.allChanges ? r.changes : r.changes.slice(0, CHANGES_SHOWN),
  };
}

export type ReportPageQuery = ReportFilters & { exceptionsPage?: number | null; milestonesPage?: number | null; allChanges?: boolean; trends?: boolean };

/**
 * What the clock changes in a built report: the window's state and whether the due date has passed
 * (which returns are late), both as periodWindow works them out (buildReport uses nothing else of now).
 */
function clockPhase(period: Pick<ReportingPeriod, "opensAt" | "dueAt" | "closesAt">, now: Date): string {
  const w = periodWindow(period, null, now);
  return `${w.state}:${w.late}`;
}

/**
 * The version of what a period's report reads (action_plan_versions, written at commit by the
 * triggers of migration 0027), or null when there is none to go by (a plan made before the table
 * and not written since has a row from the migration; a period that does not exist has none).
 */
async function reportDataVersion(db: Db, periodId: string): Promise<string | null> {
  const r = await rowsOf<{ version: string }>(db, sql`select v.version::text || ':' || v.stamp::text as version from reporting_periods p join action_plan_versions v on v.plan_id = p.plan_id where p.id = ${periodId}`);
  return r[0]?.version ?? null;
}

/**
 * The report page's built reports, per period and whether with the trend, each under the version
 * of the plan's data it was built from and the clock's phase. A plan of 700 items costs 20 ms of
 * server CPU and 12-29 ms of Postgres to read and build (docs/performance.md, "Issue 15"); a
 * committee member paging through priorities, filters and exceptions reads the same report
 * again and again. Each instance keeps its own; the version is in the database, so a write
 * through any instance is seen by all. Not kept inside a transaction (the triggers write the
 * version at commit, so a transaction would not see its own writes change it). The reports
 * kept are shared by every request: nothing may change them (frozen outside production).
 */
const builtReports = new BoundedMap<string, { version: string; phase: string; report: PlanReport }>(64);

/** The whole report of a period, once the actor may read the plan. */
async function readableReport(db: Db, periodId: string, trends: boolean, actor: Actor, now: Date): Promise<PlanReport> {
  const whole = await wholeReport(db, periodId, trends, now);
  authorize(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: whole.plan.ownerOrganisationId });
  return whole;
}

/** The whole report of a period as of now: kept while its data's version and the clock's phase are unchanged. */
async function wholeReport(db: Db, periodId: string, trends: boolean, now: Date): Promise<PlanReport> {
  if (!isUuid(periodId)) throw new NotFoundError("Reporting period");
  const keep = !isTransaction(db);
  // The version is read before the data: data read after it can only be as new or newer, so a
  // report is never kept under a version newer than its data (at worst it is built again).
  const version = keep ? await reportDataVersion(db, periodId) : null;
  const key = `${periodId}:${trends ? "trends" : "two"}`;
  // Entries in use outlast those read once.
  const kept = version === null ? undefined : builtReports.use(key);
  if (kept && kept.version === version && kept.phase === clockPhase(kept.report.period, now)) return kept.report;
  const report = buildReport(await loadReportData(db, periodId, trends), now, trends);
  // Frozen outside production (tests, development), where a caller changing a shared report fails
  // loudly; in production freezing a large plan's report cost a few milliseconds a build for nothing.
  if (version !== null) builtReports.set(key, { version, phase: clockPhase(report.period, now), report: process.env.NODE_ENV === "production" ? report : deepFreeze(report) });
  return report;
}

/**
 * The report page's data: the period's whole report (its figures of earlier periods only if the
 * trend is asked for; kept while nothing it reads has changed, see wholeReport), then what the
 * page shows of it (reportPageOf), with the totals of what it pages or shortens.
 */
export async function getPlanReportPage(db: Db, input: { periodId: string } & ReportPageQuery, actor: Actor, now = new Date()) {
  const whole = await readableReport(db, input.periodId, Boolean(input.trends), actor, now);
  return {
    plan: whole.plan,
    period: whole.period,
    previousPeriod: whole.previousPeriod,
    periods: whole.periods,
    window: whole.window,
    summary: whole.summary,
    returns: whole.returns,
    owners: whole.owners,
    allPriorities: whole.allPriorities,
    filters: { priority: input.priority ?? null, owner: input.owner ?? null, rag: input.rag ?? null },
    ...reportPageOf(whole, input),
    exceptionsTotal: whole.exceptions.length,
    changesTotal: whole.changes.length,
    /** The whole report the page was cut from, for the committee's hash (getReportCommittee's `report`): not to be shown or sent to the browser. */
    report: whole,
  };
}
export type PlanReportPage = Awaited<ReturnType<typeof getPlanReportPage>>;

/** A period's row of the dashboard as Postgres counts it (periodCounts). */
type PeriodCounts = { periodId: string; expected: number; submitted: number; late: number; red: number; amber: number; green: number; complete: number; none: number };

/**
 * Each period's returns and colours, counted by Postgres in one statement, as each period's report
 * (buildReport) counts them: the returns expected from the organisations owning the plan's items
 * and indicators, those submitted and those late (submitted after the due date, or not submitted
 * once it has passed; compared to the millisecond, as the report's dates are); and each item and
 * indicator once, coloured from the period's submitted returns (effectiveRag, a milestone complete
 * as "complete"), "none" for the rest.
 */
async function periodCounts(db: Db, planId: string, periodIds: readonly string[], now: Date): Promise<Map<string, PeriodCounts>> {
  const rows = await rowsOf<PeriodCounts>(db, sql`
    with per as (select id, date_trunc('milliseconds', due_at) as due_at from reporting_periods where plan_id = ${planId} and id = any(${uuidArray(periodIds)})),
    owners as (select o.id from organisations o where o.id in (select owner_organisation_id from plan_items where plan_id = ${planId}
                                                              union select owner_organisation_id from plan_indicators where plan_id = ${planId})),
    subjects as (select i.id from plan_items i join plan_priorities pp on pp.id = i.priority_id where i.plan_id = ${planId}
                 union all select i.id from plan_indicators i join plan_priorities pp on pp.id = i.priority_id where i.plan_id = ${planId}),
    -- One colour per subject and period: two returns naming one item (after it changed owner)
    -- count it once, from the latest submitted (ties by the return's id), as buildReport does.
    coloured as (select distinct on (r.period_id, coalesce(ri.item_id, ri.indicator_id)) r.period_id,
                        case when ri.item_id is not null and ri.status = 'complete' then 'complete'
                             else coalesce(ri.override_rag, ri.computed_rag, case when ri.status is null or ri.status = 'in_progress' then ri.rag end) end as colour
                 from plan_returns r join return_items ri on ri.return_id = r.id
                 where r.period_id in (select id from per) and r.status = 'submitted' and coalesce(ri.item_id, ri.indicator_id) in (select id from subjects)
                 order by r.period_id, coalesce(ri.item_id, ri.indicator_id), r.submitted_at desc, r.id desc),
    tally as (select period_id, count(*) filter (where colour = 'red')::int as red, count(*) filter (where colour = 'amber')::int as amber,
                     count(*) filter (where colour = 'green')::int as green, count(*) filter (where colour = 'complete')::int as complete
              from coloured group by period_id),
    returned as (select per.id as period_id, count(*)::int as expected, count(*) filter (where r.status = 'submitted')::int as submitted,
                        count(*) filter (where case when r.status = 'submitted' then date_trunc('milliseconds', r.submitted_at) > per.due_at
                                                    else ${now.toISOString()}::timestamptz > per.due_at end)::int as late
                 from per join owners o on true left join plan_returns r on r.period_id = per.id and r.organisation_id = o.id
                 group by per.id)
    select per.id as "periodId", coalesce(n.expected, 0) as expected, coalesce(n.submitted, 0) as submitted, coalesce(n.late, 0) as late,
           coalesce(t.red, 0) as red, coalesce(t.amber, 0) as amber, coalesce(t.green, 0) as green, coalesce(t.complete, 0) as complete,
           (select count(*) from subjects)::int - coalesce(t.red + t.amber + t.green + t.complete, 0) as none
    from per left join returned n on n.period_id = per.id left join tally t on t.period_id = per.id`);
  return new Map(rows.map((r) => [r.periodId, r]));
}

/**
 * The dashboard's counts per plan, under the version of the plan's data they were counted from (as
 * builtReports) and the clock's phase: which periods have started and which are past their due
 * date (all that `now` changes in them). Not kept inside a transaction.
 */
const keptCounts = new BoundedMap<string, { version: string; phase: string; counts: Map<string, PeriodCounts> }>(64);

async function dashboardCounts(db: Db, planId: string, started: readonly ReportingPeriod[], now: Date): Promise<Map<string, PeriodCounts>> {
  const keep = !isTransaction(db);
  // Read before the counts, as wholeReport reads it before the data.
  const version = keep ? await reportDataVersion(db, started[0]!.id) : null;
  const phase = started.map((p) => `${p.id}:${now > p.dueAt}`).join(",");
  const kept = version === null ? undefined : keptCounts.use(planId);
  if (kept && kept.version === version && kept.phase === phase) return kept.counts;
  const counts = await periodCounts(db, planId, started.map((p) => p.id), now);
  if (version !== null) keptCounts.set(planId, { version, phase, counts });
  return counts;
}

/**
 * The officer's dashboard of a plan: per period, returns received, due and late, and the RAG
 * distribution of everything reported; and the indicators off target (Red or Amber) in each of
 * the last two periods with figures. Not a report per period (whose reads grew with the square of
 * the periods reported): the counts of every period come from one statement (periodCounts), the
 * indicators' trends from the latest period's report (shared with that period's report page),
 * both kept while the plan's data and the clock's phase are unchanged.
 */
export async function getPlanDashboard(db: Db, planId: string, actor: Actor, now = new Date()) {
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.position));
  const started = periods.filter((p) => p.opensAt <= now);
  const last = started[started.length - 1];
  if (!last) return { rows: [], offTarget: [] };
  // The access check comes with it, before anything is counted.
  const latest = await getPlanReport(db, { periodId: last.id }, actor, now);
  const counts = await dashboardCounts(db, planId, started, now);
  const rows = started.map((p) => {
    const n = counts.get(p.id) ?? { expected: 0, submitted: 0, late: 0, red: 0, amber: 0, green: 0, complete: 0, none: 0 };
    // The period as the report reads it: every column but the editor's version.
    const { version: _version, ...period } = p;
    return {
      period,
      state: periodWindow(period, null, now).state,
      expected: n.expected,
      submitted: n.submitted,
      late: n.late,
      outstanding: n.expected - n.submitted,
      rag: { red: n.red, amber: n.amber, green: n.green, complete: n.complete, none: n.none },
    };
  });
  // Each indicator's two latest periods with a figure, when they are consecutive periods.
  const offTarget = latest.priorities.flatMap((p) =>
    p.indicators.flatMap((i) => {
      const idx = i.trend.map((t, n) => (t.rag ? n : -1)).filter((n) => n >= 0);
      const [a, b] = idx.slice(-2);
      if (a === undefined || b === undefined || b !== a + 1) return [];
      const off = (r: Rag | null) => r === "red" || r === "amber";
      if (!off(i.trend[a]!.rag) || !off(i.trend[b]!.rag)) return [];
      return [{ code: i.code, title: i.title, ownerName: i.ownerName, rag: i.trend[b]!.rag, periods: [i.trend[a]!.period, i.trend[b]!.period] }];
    }),
  );
  return { rows, offTarget };
}

// The action-plan report for a period, as the board and the committee read it: a summary
// (counts by RAG and by status, what changed colour since last period), the exceptions (Red,
// Amber, worsening, missing or late returns), then the whole plan by priority with baseline,
// target, actual, RAG and direction of travel, and each indicator's trend across periods.
// Only submitted returns count: a draft is "not yet returned".
import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organisations, planIndicators, planItems, planPriorities, planReturns, planRisks, reportingPeriods, returnItems, type ItemStatus, type Rag } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { loadPeriod, periodWindow } from "./queries";
import { directionOfRag, directionOfValue, effectiveRag, targetForPeriod, type Direction } from "./rag";

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

export type Exception = { reason: "red" | "amber" | "worsening" | "missing" | "late"; label: string; text: string; ownerName: string; commentary: string; correctiveAction?: string };

export type PlanReport = Awaited<ReturnType<typeof getPlanReport>>;

export async function getPlanReport(db: Db, input: { periodId: string } & ReportFilters, actor: Actor, now = new Date()) {
  const { plan, period, previous } = await loadPeriod(db, input.periodId);
  authorize(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  const [priorities, items, indicators, risks, periods] = await Promise.all([
    db.select().from(planPriorities).where(eq(planPriorities.planId, plan.id)).orderBy(asc(planPriorities.number)),
    db.select().from(planItems).where(eq(planItems.planId, plan.id)).orderBy(asc(planItems.kind), asc(planItems.position)),
    db.select().from(planIndicators).where(eq(planIndicators.planId, plan.id)).orderBy(asc(planIndicators.position)),
    db.select({ r: planRisks }).from(planRisks).innerJoin(planPriorities, eq(planPriorities.id, planRisks.priorityId)).where(eq(planPriorities.planId, plan.id)).orderBy(asc(planRisks.position)),
    db.select().from(reportingPeriods).where(and(eq(reportingPeriods.planId, plan.id), lte(reportingPeriods.position, period.position))).orderBy(asc(reportingPeriods.position)),
  ]);
  const periodIds = periods.map((p) => p.id);
  const returns = periodIds.length ? await db.select().from(planReturns).where(inArray(planReturns.periodId, periodIds)) : [];
  const submitted = returns.filter((r) => r.status === "submitted");
  // Everything of this period's and the last period's returns; of earlier ones only the
  // indicators' figures and colours, for the trend.
  const recentIds = new Set([period.id, ...(previous ? [previous.id] : [])]);
  const recent = submitted.filter((r) => recentIds.has(r.periodId)).map((r) => r.id);
  const older = submitted.filter((r) => !recentIds.has(r.periodId)).map((r) => r.id);
  const [recentRows, olderRows] = await Promise.all([
    recent.length ? db.select().from(returnItems).where(inArray(returnItems.returnId, recent)) : [],
    older.length
      ? db
          .select({ returnId: returnItems.returnId, itemId: returnItems.itemId, indicatorId: returnItems.indicatorId, actual: returnItems.actual, computedRag: returnItems.computedRag, overrideRag: returnItems.overrideRag })
          .from(returnItems)
          .where(and(inArray(returnItems.returnId, older), isNotNull(returnItems.indicatorId)))
      : [],
  ]);
  type Row = Pick<(typeof recentRows)[number], "returnId" | "itemId" | "indicatorId" | "actual" | "computedRag" | "overrideRag"> & Partial<(typeof recentRows)[number]>;
  const rows: Row[] = [...recentRows, ...olderRows];
  const ownerIds = [...new Set([...items.map((i) => i.ownerOrganisationId), ...indicators.map((i) => i.ownerOrganisationId)])];
  const orgRows = ownerIds.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ownerIds)) : [];
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));

  const periodOfReturn = new Map(submitted.map((r) => [r.id, r.periodId]));
  /** periodId → subjectId → item */
  const byPeriod = new Map<string, Map<string, (typeof rows)[number]>>();
  for (const r of rows) {
    const pid = periodOfReturn.get(r.returnId)!;
    const m = byPeriod.get(pid) ?? new Map();
    m.set((r.itemId ?? r.indicatorId)!, r);
    byPeriod.set(pid, m);
  }
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
      returnItemId: cur?.id ?? null,
      previousActual: prev?.actual ?? null,
      direction: directionOfValue(cur?.actual, prev?.actual, i.polarity),
      commentary: cur?.commentary ?? "",
      ownerName: orgName.get(i.ownerOrganisationId) ?? "",
      trend: periods.map((p) => {
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
  const returnRows = ownerIds
    .map((org) => {
      const r = returns.find((x) => x.periodId === period.id && x.organisationId === org) ?? null;
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
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName));

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
      .map((m) => ({ label: m.number, text: m.text, from: m.previous!.status === "complete" ? "complete" : (m.previous!.rag ?? "none"), to: m.status === "complete" ? "complete" : (m.rag ?? "none"), ownerName: m.ownerName, direction: m.direction })),
    ...reportIndicators
      .filter((i) => i.trend.length > 1 && i.rag && i.trend[i.trend.length - 2]!.rag && i.trend[i.trend.length - 2]!.rag !== i.rag)
      .map((i) => ({ label: i.code, text: i.title, from: i.trend[i.trend.length - 2]!.rag ?? "none", to: i.rag ?? "none", ownerName: i.ownerName, direction: i.direction })),
  ];

  const exceptions: Exception[] = [];
  for (const r of returnRows) {
    if (r.status !== "submitted" && win.state !== "not_open") exceptions.push({ reason: r.late ? "late" : "missing", label: r.organisationName, text: r.late ? "Return overdue" : "Return not yet submitted", ownerName: r.organisationName, commentary: "" });
    else if (r.status === "submitted" && r.late) exceptions.push({ reason: "late", label: r.organisationName, text: "Return submitted after the due date", ownerName: r.organisationName, commentary: "" });
  }
  for (const rag of ["red", "amber"] as const) {
    for (const i of reportIndicators) if (i.rag === rag) exceptions.push({ reason: rag, label: i.code, text: i.title, ownerName: i.ownerName, commentary: i.commentary });
    for (const m of reportMilestones) if (m.rag === rag) exceptions.push({ reason: rag, label: m.number, text: m.text, ownerName: m.ownerName, commentary: m.commentary, correctiveAction: m.correctiveAction });
  }
  for (const i of reportIndicators) if (i.direction === "worsening") exceptions.push({ reason: "worsening", label: i.code, text: i.title, ownerName: i.ownerName, commentary: i.commentary });
  for (const m of reportMilestones) if (m.direction === "worsening" && m.rag !== "red") exceptions.push({ reason: "worsening", label: m.number, text: m.text, ownerName: m.ownerName, commentary: m.commentary, correctiveAction: m.correctiveAction });

  // Filters narrow the full plan, not the summary.
  const ragMatch = (rag: Rag | null) => !input.rag || (input.rag === "none" ? rag === null : rag === input.rag);
  const ownerMatch = (id: string) => !input.owner || id === input.owner;
  const shown = priorities
    .filter((p) => !input.priority || p.number === input.priority)
    .map((p) => ({
      id: p.id,
      number: p.number,
      title: p.title,
      leadText: p.leadText,
      leadName: p.leadOrganisationId ? (orgName.get(p.leadOrganisationId) ?? "") : "",
      resources: p.resources,
      risks: risks.filter((r) => r.r.priorityId === p.id).map((r) => ({ risk: r.r.risk, mitigation: r.r.mitigation })),
      indicators: reportIndicators.filter((i) => i.priorityId === p.id && ownerMatch(i.ownerId) && ragMatch(i.rag)),
      milestones: reportMilestones.filter((m) => m.priorityId === p.id && ownerMatch(m.ownerId) && ragMatch(m.rag)),
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
    owners: orgRows.sort((a, b) => a.name.localeCompare(b.name)),
    allPriorities: priorities.map((p) => ({ number: p.number, title: p.title })),
    priorities: shown,
    filters: { priority: input.priority ?? null, owner: input.owner ?? null, rag: input.rag ?? null },
  };
}

/**
 * The officer's dashboard of a plan: per period, returns received, due and late, and the RAG
 * distribution of everything reported; and the indicators off target (Red or Amber) in each of
 * the last two periods with figures.
 */
export async function getPlanDashboard(db: Db, planId: string, actor: Actor, now = new Date()) {
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.position));
  const started = periods.filter((p) => p.opensAt <= now);
  const reports = [];
  for (const p of started) reports.push(await getPlanReport(db, { periodId: p.id }, actor, now));
  const rows = reports.map((r) => {
    const items = r.priorities.flatMap((p) => [...p.indicators.map((i) => i.rag), ...p.milestones.map((m) => (m.status === "complete" ? "complete" : m.rag))]);
    return {
      period: r.period,
      state: r.window.state,
      expected: r.summary.returns.expected,
      submitted: r.summary.returns.submitted,
      late: r.summary.returns.late,
      outstanding: r.summary.returns.expected - r.summary.returns.submitted,
      rag: {
        red: items.filter((x) => x === "red").length,
        amber: items.filter((x) => x === "amber").length,
        green: items.filter((x) => x === "green").length,
        complete: items.filter((x) => x === "complete").length,
        none: items.filter((x) => x === null).length,
      },
    };
  });
  // Each indicator's two latest periods with a figure, when they are consecutive periods.
  const latest = reports[reports.length - 1];
  const offTarget = (latest?.priorities ?? []).flatMap((p) =>
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

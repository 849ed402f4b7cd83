// Every item of every period's submitted returns of a plan, in one statement: the "all periods"
// CSV and the XLSX's second sheet. Only submitted returns count, as in the report.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import type { ItemStatus, Rag } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { loadPeriod } from "./queries";

export type HistoryRow = {
  period: string;
  priorityNumber: number;
  priorityTitle: string;
  kind: "indicator" | "milestone" | "project";
  reference: string;
  text: string;
  unit: string | null;
  ownerName: string;
  status: ItemStatus | null;
  rag: Rag | null;
  actual: number | null;
  commentary: string;
  correctiveAction: string;
  returnReference: string | null;
  submittedAt: Date | null;
};

/** Up to and including the given period, oldest period first, then by priority and position. */
export async function getPlanHistory(db: Db, input: { periodId: string }, actor: Actor): Promise<HistoryRow[]> {
  const { plan, period } = await loadPeriod(db, input.periodId);
  authorize(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  const result = await rowsOf<Omit<HistoryRow, "submittedAt" | "actual"> & { submittedAt: Date | string | null; actual: number | string | null }>(db, sql`
    select rp.label as period, pp.number as "priorityNumber", pp.title as "priorityTitle",
      coalesce(pi.kind, 'indicator') as kind, coalesce(pi.number, ind.code) as reference, coalesce(pi.text, ind.title) as text,
      ind.unit, o.name as "ownerName", ri.status, coalesce(ri.override_rag, ri.computed_rag, case when ri.status is null or ri.status = 'in_progress' then ri.rag end) as rag, ri.actual,
      ri.commentary, ri.corrective_action as "correctiveAction", r.reference as "returnReference", r.submitted_at as "submittedAt"
    from reporting_periods rp
    join plan_returns r on r.period_id = rp.id and r.status = 'submitted'
    join return_items ri on ri.return_id = r.id
    left join plan_items pi on pi.id = ri.item_id
    left join plan_indicators ind on ind.id = ri.indicator_id
    join plan_priorities pp on pp.id = coalesce(pi.priority_id, ind.priority_id)
    join organisations o on o.id = r.organisation_id
    where rp.plan_id = ${plan.id} and rp.position <= ${period.position}
    order by rp.position, pp.number, (pi.id is not null), coalesce(pi.position, ind.position), coalesce(pi.number, ind.code)`);
  return result.map((r) => ({
    ...r,
    priorityNumber: Number(r.priorityNumber),
    actual: r.actual === null ? null : Number(r.actual),
    submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
  }));
}

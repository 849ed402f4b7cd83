import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { RagTag } from "@/components/action-plans/rag-tag";
import { listPlans, periodWindow } from "@/lib/action-plans/queries";
import { getPlanDashboard } from "@/lib/action-plans/report";
import { can, organisationsWithRole } from "@/lib/auth/policy";
import { formatDate } from "@/lib/format";
import { pageContext } from "../manage/[id]/collate/_page";

export const metadata: Metadata = { title: "Action plans" };
export const dynamic = "force-dynamic";

export default async function ActionPlansPage() {
  const { actor } = await pageContext("/action-plans");
  const db = await getDb();
  const plans = await listPlans(db, actor);
  const now = new Date();
  const dashboards = new Map(await Promise.all(plans.map(async ({ plan }) => [plan.id, await getPlanDashboard(db, plan.id, actor, now)] as const)));
  return (
    <>
      <h1 className="govuk-heading-l">Action plans</h1>
      {organisationsWithRole(actor, "officer").length > 0 && (
        <p className="govuk-body">
          <Link className="govuk-link" href="/action-plans/import">
            Import an action plan
          </Link>
        </p>
      )}
      {plans.length === 0 && <p className="govuk-body">There are no action plans you can see.</p>}
      {plans.map(({ plan, periods }) => (
        <section key={plan.id} aria-labelledby={`plan-${plan.id}`} className="govuk-!-margin-bottom-8" data-testid="plan">
          <h2 className="govuk-heading-m" id={`plan-${plan.id}`}>
            {plan.title}
          </h2>
          {plan.summary && <p className="govuk-body">{plan.summary}</p>}
          {can(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId }) && (
            <p className="govuk-body">
              <Link className="govuk-link" href={`/action-plans/${plan.id}/edit`}>
                Edit the plan<span className="govuk-visually-hidden">: {plan.title}</span>
              </Link>
            </p>
          )}
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Reporting periods</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Period</th>
                <th scope="col" className="govuk-table__header">Opens</th>
                <th scope="col" className="govuk-table__header">Due</th>
                <th scope="col" className="govuk-table__header">Closes</th>
                <th scope="col" className="govuk-table__header">State</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {periods.map((p) => {
                const w = periodWindow(p, null, now);
                return (
                  <tr className="govuk-table__row" key={p.id}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" href={`/action-plans/${plan.id}/periods/${p.id}`}>
                        {p.label} report
                      </Link>
                    </td>
                    <td className="govuk-table__cell">{formatDate(p.opensAt)}</td>
                    <td className="govuk-table__cell">{formatDate(p.dueAt)}</td>
                    <td className="govuk-table__cell">{formatDate(p.closesAt)}</td>
                    <td className="govuk-table__cell">{w.state === "open" ? "Open for returns" : w.state === "closed" ? "Closed" : "Not open yet"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <DashboardView d={dashboards.get(plan.id)!} />
        </section>
      ))}
    </>
  );
}

function DashboardView({ d }: { d: Awaited<ReturnType<typeof getPlanDashboard>> }) {
  return (
    <>
      <table className="govuk-table" data-testid="dashboard">
        <caption className="govuk-table__caption govuk-table__caption--s">Returns and RAG by period</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Period</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Received</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Outstanding</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Late</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Red</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amber</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Green</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Achieved</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {d.rows.map((r) => (
            <tr className="govuk-table__row" key={r.period.id}>
              <th scope="row" className="govuk-table__header">{r.period.label}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {r.submitted} of {r.expected}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.outstanding}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.late}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.rag.red}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.rag.amber}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.rag.green}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.rag.complete}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="govuk-heading-s">Indicators off target for two periods running</h3>
      {d.offTarget.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list" data-testid="off-target">
          {d.offTarget.map((i) => (
            <li key={i.code}>
              <RagTag rag={i.rag} /> <strong>{i.code}</strong> {i.title} ({i.ownerName}; {i.periods.join(" and ")})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

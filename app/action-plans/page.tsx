import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { RagTag } from "@/components/action-plans/rag-tag";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import { listPlans, periodWindow } from "@/lib/action-plans/queries";
import { getPlanDashboard } from "@/lib/action-plans/report";
import { can, organisationsWithRole } from "@/lib/auth/policy";
import { formatDate } from "@/lib/format";
import { pageContext } from "@/app/_server/page";

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
          <Table caption="Reporting periods" columns={["Period", "Opens", "Due", "Closes", "State"]}>
            {periods.map((p) => {
              const w = periodWindow(p, null, now);
              return (
                <Tr key={p.id}>
                  <Td>
                    <Link className="govuk-link" href={`/action-plans/${plan.id}/periods/${p.id}`}>
                      {p.label} report
                    </Link>
                  </Td>
                  <Td>{formatDate(p.opensAt)}</Td>
                  <Td>{formatDate(p.dueAt)}</Td>
                  <Td>{formatDate(p.closesAt)}</Td>
                  <Td>{w.state === "open" ? "Open for returns" : w.state === "closed" ? "Closed" : "Not open yet"}</Td>
                </Tr>
              );
            })}
          </Table>
          <DashboardView d={dashboards.get(plan.id)!} />
        </section>
      ))}
    </>
  );
}

function DashboardView({ d }: { d: Awaited<ReturnType<typeof getPlanDashboard>> }) {
  return (
    <>
      <Table
        data-testid="dashboard"
        caption="Returns and RAG by period"
        columns={["Period", ...["Received", "Outstanding", "Late", "Red", "Amber", "Green", "Achieved"].map((label) => ({ label, numeric: true }))]}
      >
        {d.rows.map((r) => (
          <Tr key={r.period.id}>
            <RowHeader>{r.period.label}</RowHeader>
            <Td numeric>
              {r.submitted} of {r.expected}
            </Td>
            <Td numeric>{r.outstanding}</Td>
            <Td numeric>{r.late}</Td>
            <Td numeric>{r.rag.red}</Td>
            <Td numeric>{r.rag.amber}</Td>
            <Td numeric>{r.rag.green}</Td>
            <Td numeric>{r.rag.complete}</Td>
          </Tr>
        ))}
      </Table>
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

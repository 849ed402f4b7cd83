import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listPlans, periodWindow } from "@/lib/action-plans/queries";
import { formatDate } from "@/lib/format";
import { pageContext } from "../manage/[id]/collate/_page";

export const metadata: Metadata = { title: "Action plans" };
export const dynamic = "force-dynamic";

export default async function ActionPlansPage() {
  const { actor } = await pageContext("/action-plans");
  const plans = await listPlans(await getDb(), actor);
  const now = new Date();
  return (
    <>
      <h1 className="govuk-heading-l">Action plans</h1>
      {plans.length === 0 && <p className="govuk-body">There are no action plans you can see.</p>}
      {plans.map(({ plan, periods }) => (
        <section key={plan.id} aria-labelledby={`plan-${plan.id}`} className="govuk-!-margin-bottom-8" data-testid="plan">
          <h2 className="govuk-heading-m" id={`plan-${plan.id}`}>
            {plan.title}
          </h2>
          {plan.summary && <p className="govuk-body">{plan.summary}</p>}
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
        </section>
      ))}
    </>
  );
}

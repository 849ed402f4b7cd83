import type { Metadata } from "next";
import Link from "next/link";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { listMyReturns } from "@/lib/action-plans/queries";
import { formatDate } from "@/lib/format";
import { pageContext } from "@/app/_server/page";

export const metadata: Metadata = { title: "Progress returns" };
export const dynamic = "force-dynamic";

export default async function ReturnsPage() {
  const { actor } = await pageContext("/returns");
  const rows = await listMyReturns(await getDb(), actor);
  return (
    <>
      <h1 className="govuk-heading-l">Progress returns</h1>
      <p className="govuk-body">Each quarter your organisation reports progress on the milestones, projects and indicators it leads in the partnership&apos;s action plan.</p>
      {rows.length === 0 ? (
        <p className="govuk-body">Your organisation has nothing to report on in any action plan.</p>
      ) : (
        <table className="govuk-table" data-testid="returns-list">
          <caption className="govuk-table__caption govuk-table__caption--m">Reporting periods</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Period</th>
              <th scope="col" className="govuk-table__header">Organisation</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => {
              const status = r.ret?.status === "submitted" ? "submitted" : r.window.state === "closed" ? "closed" : r.ret ? "in_progress" : "not_started";
              const text = status === "submitted" ? "Submitted" : status === "closed" ? "Closed, not returned" : status === "in_progress" ? "In progress" : "Not started";
              return (
                <tr className="govuk-table__row" key={`${r.period.id}/${r.organisationId}`}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" href={`/returns/${r.period.id}?organisation=${r.organisationId}`}>
                      {r.planTitle}: {r.period.label}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{r.organisationName}</td>
                  <td className="govuk-table__cell">{formatDate(r.period.dueAt)}</td>
                  <td className="govuk-table__cell">
                    <Tag status={status}>{text}</Tag> {r.window.late && <strong className="govuk-tag govuk-tag--red">Late</strong>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

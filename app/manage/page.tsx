import type { Metadata } from "next";
import Link from "next/link";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { organisationsWithRole } from "@/lib/auth/policy";
import { listCouncilConsultations } from "@/lib/consultations/queries";
import { formatDate, label } from "@/lib/format";
import { requireActor } from "../_server/session";
import { forbidden } from "next/navigation";

export const metadata: Metadata = { title: "Manage consultations" };
export const dynamic = "force-dynamic";

export default async function ManagePage() {
  const actor = await requireActor("/manage");
  const roles = ["officer", "signatory", "scrutiny"] as const;
  if (!roles.some((r) => organisationsWithRole(actor, r).length)) forbidden();
  const officer = organisationsWithRole(actor, "officer").length > 0;
  const rows = await listCouncilConsultations(await getDb(), actor, [...roles]);
  return (
    <>
      <h1 className="govuk-heading-l">Consultations</h1>
      {officer && (
        <div className="govuk-button-group">
          <Link href="/manage/new" role="button" draggable="false" className="govuk-button" data-module="govuk-button">
            Create consultation
          </Link>
          <Link href="/manage/import" role="button" draggable="false" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Import questions
          </Link>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="govuk-body">Your council has no consultations yet.</p>
      ) : (
        <table className="govuk-table" data-testid="manage-list">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {rows.length} {rows.length === 1 ? "consultation" : "consultations"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Consultation</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Closes</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Questions</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Submitted</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/manage/${c.id}`}>
                    {c.title}
                  </Link>
                  <br />
                  <span className="govuk-body-s">
                    {label(c.kind)}
                    {c.askedBy ? ` from ${c.askedBy}` : ""}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <Tag status={c.status}>{label(c.status)}</Tag>
                </td>
                <td className="govuk-table__cell">{formatDate(c.closesAt)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.questionCount}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.submittedCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { listCouncilConsultations } from "@/lib/consultations/queries";
import { formatDate, label } from "@/lib/format";
import { requireActor } from "../_server/session";

export const metadata: Metadata = { title: "Council's answers: review and sign-off" };
export const dynamic = "force-dynamic";

/** Where committee members, signatories and officers find the council's answers to review or sign off. */
export default async function ReviewHomePage() {
  const actor = await requireActor("/review");
  const db = await getDb();
  const all = await listCouncilConsultations(db, actor, ["officer", "signatory", "scrutiny"]);
  const rows = all.filter((c) => c.kind === "consultation_to_answer");
  return (
    <>
      <h1 className="govuk-heading-l">The council&apos;s answers</h1>
      <p className="govuk-body">Consultations the council is answering: draft answers, the committee&apos;s review and sign-off.</p>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no consultations for you to review.</p>
      ) : (
        <table className="govuk-table" data-testid="review-home">
          <caption className="govuk-table__caption govuk-visually-hidden">Consultations the council is answering</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Consultation</th>
              <th scope="col" className="govuk-table__header">Answers</th>
              <th scope="col" className="govuk-table__header">Go to</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/manage/${c.id}/review`}>
                    {c.title}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block">
                    {c.askedBy ? `From ${c.askedBy}` : ""}
                    {c.responseDeadline ? ` · due ${formatDate(c.responseDeadline)}` : ""}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <Tag status={c.answerSetStatus}>{label(c.answerSetStatus)}</Tag>
                  <span className="govuk-body-s govuk-!-display-block">
                    {c.draftsReady} of {c.questionCount} ready or approved
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list govuk-body-s">
                    <li>
                      <Link className="govuk-link" href={`/manage/${c.id}/drafting`}>
                        Council&apos;s answers<span className="govuk-visually-hidden"> to {c.title}</span>
                      </Link>
                    </li>
                    <li>
                      <Link className="govuk-link" href={`/manage/${c.id}/collate`}>
                        Partner answers<span className="govuk-visually-hidden"> to {c.title}</span>
                      </Link>
                    </li>
                    <li>
                      <Link className="govuk-link" href={`/manage/${c.id}/sign-off`}>
                        Sign-off<span className="govuk-visually-hidden"> of {c.title}</span>
                      </Link>
                    </li>
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

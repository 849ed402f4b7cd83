import type { Metadata } from "next";
import Link from "next/link";
import { Tag } from "@/components/ui/tag";
import { ClosedConsultationsPage } from "@/components/consultation/closed-list";
import { getDb } from "@/db/client";
import { councilListParamsSchema } from "@/lib/consultations/list-params";
import { type CouncilConsultation, listCouncilConsultations, pageClosedCouncilConsultations, RECENTLY_CLOSED } from "@/lib/consultations/queries";
import { formatDate, label } from "@/lib/format";
import type { SearchParams } from "../_server/page";
import { requireActor } from "../_server/session";

export const metadata: Metadata = { title: "Council's answers: review and sign-off" };
export const dynamic = "force-dynamic";

const CLOSED_LIST = "/review?status=closed";

function AnswersTable({ rows, caption, testId }: { rows: CouncilConsultation[]; caption: string; testId: string }) {
  return (
    <table className="govuk-table" data-testid={testId}>
      <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
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
  );
}

/**
 * Where committee members, signatories and officers find the council's answers to review or sign
 * off: the consultations being answered now (open, draft, or closed with the answers in review) and
 * the most recently closed; every closed one a page at a time (?status=closed).
 */
export default async function ReviewHomePage({ searchParams }: { searchParams: SearchParams }) {
  // Anything but status=closed is the current list; a bad page link is the first page.
  const params = councilListParamsSchema.parse(await searchParams);
  const actor = await requireActor(params.status === "closed" ? CLOSED_LIST : "/review");
  const db = await getDb();
  const roles: ("officer" | "signatory" | "scrutiny")[] = ["officer", "signatory", "scrutiny"];

  if (params.status === "closed") {
    const page = await pageClosedCouncilConsultations(db, actor, roles, { kind: "consultation_to_answer", after: params.after, before: params.before });
    return (
      <ClosedConsultationsPage
        base="/review"
        back="Consultations being answered"
        heading={<>The council&apos;s answers: closed consultations</>}
        intro={`Every closed consultation the council has answered or is answering, most recently closed first${page.total ? ` (${page.total.toLocaleString("en-GB")} in all)` : ""}.`}
        empty="There are no closed consultations for you to review."
        page={page}
        testId="review-closed"
      >
        <AnswersTable rows={page.rows} caption="Closed consultations the council is answering, most recently closed first" testId="review-closed" />
      </ClosedConsultationsPage>
    );
  }

  const list = await listCouncilConsultations(db, actor, roles, { kind: "consultation_to_answer", recentlyClosed: RECENTLY_CLOSED });
  const rows = [...list.current, ...list.recentlyClosed];
  return (
    <>
      <h1 className="govuk-heading-l">The council&apos;s answers</h1>
      <p className="govuk-body">Consultations the council is answering: draft answers, the committee&apos;s review and sign-off.</p>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no consultations for you to review.</p>
      ) : (
        <AnswersTable rows={rows} caption="Consultations the council is answering" testId="review-home" />
      )}
      {list.closedCount > list.recentlyClosed.length && (
        <p className="govuk-body" data-testid="review-closed-link">
          <Link className="govuk-link" href={CLOSED_LIST}>
            See all closed consultations ({list.closedCount.toLocaleString("en-GB")})
          </Link>
        </p>
      )}
    </>
  );
}

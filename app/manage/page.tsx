import type { Metadata } from "next";
import Link from "next/link";
import { ClosedConsultationsPage } from "@/components/consultation/closed-list";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { organisationsWithRole } from "@/lib/auth/policy";
import { councilListParamsSchema } from "@/lib/consultations/list-params";
import { type CouncilConsultation, listCouncilConsultations, pageClosedCouncilConsultations, RECENTLY_CLOSED } from "@/lib/consultations/queries";
import { formatDate, label } from "@/lib/format";
import type { SearchParams } from "../_server/page";
import { requireActor } from "../_server/session";
import { forbidden } from "next/navigation";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Manage consultations" };
export const dynamic = "force-dynamic";

const ROLES = ["officer", "signatory", "scrutiny"] as const;
const CLOSED_LIST = "/manage?status=closed";

function ConsultationTable({ rows, caption, captionHidden = false, testId }: { rows: CouncilConsultation[]; caption: string; captionHidden?: boolean; testId: string }) {
  return (
    <table className="govuk-table" data-testid={testId}>
      <caption className={`govuk-table__caption ${captionHidden ? "govuk-visually-hidden" : "govuk-table__caption--m"}`}>{caption}</caption>
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
  );
}

export default async function ManagePage({ searchParams }: { searchParams: SearchParams }) {
  // Anything but status=closed is the current list; a bad page link is the first page.
  const params = councilListParamsSchema.parse(await searchParams);
  const actor = await requireActor(params.status === "closed" ? CLOSED_LIST : "/manage");
  if (!ROLES.some((r) => organisationsWithRole(actor, r).length)) forbidden();
  const db = await getDb();

  if (params.status === "closed") {
    const page = await pageClosedCouncilConsultations(db, actor, [...ROLES], { after: params.after, before: params.before });
    return (
      <ClosedConsultationsPage
        base="/manage"
        back="Current consultations"
        heading="Closed consultations"
        intro="Every closed and archived consultation of your council, most recently closed first."
        empty="Your council has no closed consultations."
        page={page}
        testId="manage-closed"
      >
        <ConsultationTable rows={page.rows} caption={plural(page.total, "closed or archived consultation", "closed or archived consultations")} testId="manage-closed" />
      </ClosedConsultationsPage>
    );
  }

  const officer = organisationsWithRole(actor, "officer").length > 0;
  const list = await listCouncilConsultations(db, actor, [...ROLES], { recentlyClosed: RECENTLY_CLOSED });
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
      {list.current.length === 0 ? (
        <p className="govuk-body">{list.closedCount ? "Your council has no open or draft consultations." : "Your council has no consultations yet."}</p>
      ) : (
        <>
          <ConsultationTable rows={list.current} caption={plural(list.current.length, "current consultation", "current consultations")} testId="manage-list" />
          <p className="govuk-body-s">Open and draft consultations, and closed ones whose answers are in review.</p>
        </>
      )}
      {list.recentlyClosed.length > 0 && (
        <section aria-labelledby="recently-closed">
          <h2 className="govuk-heading-m" id="recently-closed">
            Recently closed
          </h2>
          <ConsultationTable rows={list.recentlyClosed} caption="Most recently closed first" captionHidden testId="manage-recently-closed" />
        </section>
      )}
      {list.closedCount > 0 && (
        <p className="govuk-body" data-testid="manage-closed-link">
          <Link className="govuk-link" href={CLOSED_LIST}>
            See all closed consultations ({list.closedCount.toLocaleString("en-GB")})
          </Link>
        </p>
      )}
    </>
  );
}

// The consultation statement for one version of a document: who was invited and how, comment
// counts by type of organisation and by paragraph, and each comment with the council's response
// and its outcome. Prints as it is shown.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CommentBody, outcomeText, StanceTag } from "@/components/documents/comment-bits";
import { getDb } from "@/db/client";
import { getConsultation } from "@/lib/consultations/queries";
import { OUTCOME_LABELS } from "@/lib/documents/schemas";
import { getConsultationStatement, type StatementRow } from "@/lib/documents/statement";
import { formatDate } from "@/lib/format";
import { requirePermission } from "../../../../../_server/session";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { can } from "@/lib/auth/policy";
import { changeText } from "@/lib/exports/document-statement";
import { publishStatementAction } from "../../actions";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";
import { orPage } from "@/app/_server/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Consultation statement" };
export const dynamic = "force-dynamic";

function CountsTable({ caption, first, rows, withOrganisations }: { caption: string; first: string; rows: StatementRow[]; withOrganisations?: boolean }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">{first}</th>
          {withOrganisations && <th scope="col" className="govuk-table__header govuk-table__header--numeric">Organisations</th>}
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Comments</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Support</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Object</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Comment</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.key}>
            <th scope="row" className="govuk-table__header">{r.label}</th>
            {withOrganisations && <td className="govuk-table__cell govuk-table__cell--numeric">{r.organisations}</td>}
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.total}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.support}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.object}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{r.comment}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function StatementPage({ params, searchParams }: { params: Promise<{ id: string; docId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id, docId } = await params;
  const sp = await searchParams;
  if (!isUuid(id) || !isUuid(docId)) notFound();
  const db = await getDb();
  const c = await getConsultation(db, id);
  if (!c) notFound();
  const actor = await requirePermission("document.read_comments", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }, `/manage/${id}/documents/${docId}/statement`);
  const version = Number(sp.version) || null;
  const s = await orPage(getConsultationStatement(db, { documentId: docId, version, consultationId: id }, actor));
  const files = `/consultations/${s.consultationSlug}/documents/${docId}/`;
  const manages = can(actor, "document.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const window = s.stage?.startsOn && s.stage?.dueOn ? ` between ${formatDate(s.stage.startsOn)} and ${formatDate(s.stage.dueOn)}` : "";
  return (
    <>
      <Link href={`/manage/${id}/documents/${docId}/comments${version ? `?version=${version}` : ""}`} className="govuk-back-link">
        Back to the comments
      </Link>
      <h1 className="govuk-heading-l">
        Consultation statement
        <span className="govuk-caption-m">
          {s.documentTitle}, version {s.version}: {s.versionLabel}
        </span>
      </h1>
      {sp.published && (
        <SuccessBanner titleId="statement-banner-title" heading={<>The statement is published on the consultation&apos;s public page.</>} />
      )}
      <ul className="govuk-list" data-testid="statement-downloads">
        <li>
          <a className="govuk-link" href={`${files}statement.html?version=${s.version}`}>
            Print view
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${files}statement.pdf?version=${s.version}`}>
            Download as PDF
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${files}statement.docx?version=${s.version}`}>
            Download as Word document
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${files}statement-comments.csv?version=${s.version}`}>
            Download every comment with the council&apos;s response (CSV)
          </a>
        </li>
      </ul>
      {s.publishedAt ? (
        <p className="govuk-body" data-testid="statement-published">
          Published on the <Link className="govuk-link" href={`/consultations/${s.consultationSlug}`}>consultation&apos;s public page</Link> on {formatDate(s.publishedAt)}.
        </p>
      ) : manages ? (
        <ActionForm action={publishStatementAction} permalink={`/manage/${id}/documents/${docId}/statement?version=${s.version}`}>
          <input type="hidden" name="consultationId" value={id} />
          <input type="hidden" name="documentId" value={docId} />
          <input type="hidden" name="version" value={s.version} />
          <p className="govuk-body">Not published. Publishing puts this statement, with every organisation&apos;s comments and the council&apos;s responses, on the consultation&apos;s public page.</p>
          <SubmitButton secondary>Publish the statement</SubmitButton>
        </ActionForm>
      ) : null}
      <h2 className="govuk-heading-m">Who was invited and how</h2>
      <p className="govuk-body" data-testid="statement-invited">
        {s.stage ? `At stage ${s.stage.number} (${s.stage.name}), ` : ""}
        {s.invited.length} organisations were invited by email to read the document online and comment on any numbered paragraph{window}
        {s.openToAll ? "; partners of any other organisation could comment too" : ""}.
      </p>
      <ul className="govuk-list govuk-list--bullet">
        {s.invited.map((o) => (
          <li key={o.name}>
            {o.name} ({plural(o.contacts, "contact")})
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">How many comments</h2>
      <p className="govuk-body" data-testid="statement-totals">
        {plural(s.totals.comments, "comment")} from {plural(s.totals.organisations, "organisation")}. The council has answered {s.totals.answered}:{" "}
        {(Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[]).map((o, i, all) => `${s.outcomes[o]} ${OUTCOME_LABELS[o].toLowerCase()}${i < all.length - 1 ? ", " : "."}`)}
      </p>
      {s.byType.length > 0 && <CountsTable caption="Comments by type of organisation" first="Type of organisation" rows={s.byType} withOrganisations />}
      {s.byParagraph.length > 0 && <CountsTable caption="Comments by paragraph" first="Paragraph" rows={s.byParagraph} />}
      {s.issues.length > 0 && (
        <>
          <h2 className="govuk-heading-m">The main issues raised</h2>
          <ul className="govuk-list govuk-list--bullet" data-testid="statement-issues">
            {s.issues.map((i) => (
              <li key={i.title}>
                {i.title}: {plural(i.comments, "comment")} (paragraphs {i.paragraphs.join(", ")}; {i.organisations.join(", ")})
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 className="govuk-heading-m">The comments and how each was taken into account</h2>
      {s.comments.map((k) => (
        <div key={k.id} className="govuk-!-margin-bottom-6" data-testid="statement-comment">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
            Paragraph {k.paragraphNumber}: {k.organisationName} <StanceTag stance={k.stance} />
          </h3>
          <CommentBody text={k.text} quote={k.quote} proposedChange={k.proposedChange} />
          {k.issueTitle && <p className="govuk-body-s">Main issue: {k.issueTitle}</p>}
          <div className="govuk-inset-text">
            {k.response ? (
              <>
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Council&apos;s response: {outcomeText(k.outcome)}</p>
                <p className="govuk-body app-pre-wrap govuk-!-margin-bottom-0">{k.response}</p>
              </>
            ) : (
              <p className="govuk-body govuk-!-margin-bottom-0">Not answered yet.</p>
            )}
            {k.change && (
              <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-testid="statement-change">
                <Link
                  className="govuk-link"
                  href={
                    k.change.kind === "unchanged"
                      ? `/documents/${docId}?version=${k.change.version}#${k.change.anchor}`
                      : `/manage/${id}/documents/${docId}/compare?from=${s.version}&to=${k.change.version}#${k.change.anchor}`
                  }
                >
                  {changeText(k.change)}
                </Link>
              </p>
            )}
          </div>
        </div>
      ))}
    </>
  );
}

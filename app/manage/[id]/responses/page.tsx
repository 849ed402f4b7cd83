import type { Metadata } from "next";
import { FiguresAsOf } from "@/components/ui/figures-as-of";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { ORGANISATION_TYPE_OPTIONS } from "@/components/collation/filter-form";
import { Pager, withParams } from "@/components/collation/pager";
import { Tag } from "@/components/ui/tag";
import { countResponsesByOrganisationType, listResponseOrganisations, ORGANISATION_STATUS_FILTERS, type OrganisationStatusFilter } from "@/lib/collation/queries";
import { InvalidError } from "@/lib/errors";
import { formatDateTime, label } from "@/lib/format";
import { isPublicOrganisationType } from "@/lib/public/organisation";
import { orPage, reportContext, param, type SearchParams } from "@/app/_server/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Responses" };

const STATUS_TEXT: Record<string, string> = { not_started: "Not started", draft: "Drafting", submitted: "Submitted" };

export default async function ResponsesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/responses`;
  const { actor, db, notice } = await reportContext(base);
  const statusParam = param(sp.status);
  const status = ORGANISATION_STATUS_FILTERS.includes(statusParam as OrganisationStatusFilter) ? (statusParam as OrganisationStatusFilter) : undefined;
  const type = param(sp.type);
  const after = param(sp.after);
  const { byType, totals } = await orPage(countResponsesByOrganisationType(db, { consultationId: id }, actor));
  let list: Awaited<ReturnType<typeof listResponseOrganisations>> = { rows: [], nextCursor: null };
  let error: string | null = null;
  try {
    list = await orPage(listResponseOrganisations(db, { consultationId: id, status, organisationType: type as never, after }, actor));
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    error = e.message;
  }
  const current = { status, type };
  const anyPublic = list.rows.some((r) => isPublicOrganisationType(r.organisationType));

  return (
    <>
      <h1 className="govuk-heading-l">Responses</h1>
      <FiguresAsOf notice={notice} />
      <p className="govuk-body">
        <Link className="govuk-link" href={`${base}/campaigns`}>
          Campaigns
        </Link>{" "}
        – public responses with near-identical text, grouped and counted
      </p>
      <dl className="govuk-summary-list" data-testid="response-totals">
        {[
          ["Organisations invited", totals.invited],
          ["Not started", totals.notStarted],
          ["Drafting", totals.drafting],
          ["Submitted", totals.submitted],
        ].map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className={`govuk-summary-list__value ${styles.numeric}`}>{Number(v).toLocaleString("en-GB")}</dd>
          </div>
        ))}
      </dl>

      <table className="govuk-table" data-testid="responses-by-type">
        <caption className="govuk-table__caption govuk-table__caption--m">By type of organisation</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Type</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Invited</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Not started</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Drafting</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Submitted</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {byType.map((r) => (
            <tr className="govuk-table__row" key={r.organisationType}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" href={withParams(base, {}, { type: r.organisationType })}>
                  {label(r.organisationType)}
                </Link>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.invited}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.notStarted}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.drafting}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.submitted}</td>
            </tr>
          ))}
          {byType.length === 0 && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={5}>
                Nobody has been invited and no organisation has responded yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h2 className="govuk-heading-m">Organisations</h2>
      <form method="get" action={base} className={styles.filters}>
        <div className={styles.filterRow}>
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="type">Organisation type</label>
            {error && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <select className="govuk-select" id="type" name="type" defaultValue={type ?? ""}>
              <option value="">All types</option>
              {ORGANISATION_TYPE_OPTIONS.map((t) => (
                <option key={t} value={t}>{label(t)}</option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="status">Status</label>
            <select className="govuk-select" id="status" name="status" defaultValue={status ?? ""}>
              <option value="">Any status</option>
              {ORGANISATION_STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>{STATUS_TEXT[s]}</option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Filter</button>
          </div>
        </div>
      </form>

      {anyPublic && (
        <p className="govuk-body" data-testid="public-responses-note">
          Each member of the public&rsquo;s response has a row of its own, in the order they were started.
        </p>
      )}
      <table className="govuk-table" data-testid="response-organisations">
        <caption className="govuk-table__caption govuk-visually-hidden">Organisations invited or responding, and their responses</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Organisation</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Answers</th>
            <th scope="col" className="govuk-table__header">Last change</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {list.rows.map((r) => {
            // A member of the public's response is told apart by its reference (a draft has none
            // yet); its organisation, the council's "Members of the public", is the same for all.
            const isPublic = isPublicOrganisationType(r.organisationType);
            return (
              <tr className="govuk-table__row" key={r.responseId ?? r.organisationId}>
                <td className="govuk-table__cell">
                  {r.responseId ? (
                    <Link className="govuk-link" href={`${base}/${r.responseId}`}>
                      {isPublic ? (r.reference ?? "Draft response") : r.organisationName}
                      {isPublic && !r.reference && r.lastEditedAt && <span className="govuk-visually-hidden"> last changed {formatDateTime(r.lastEditedAt)}</span>}
                    </Link>
                  ) : (
                    r.organisationName
                  )}
                  <span className="govuk-body-s govuk-!-display-block">
                    {isPublic
                      ? r.organisationName
                      : `${label(r.organisationType)}${r.contactsInvited ? ` · ${plural(r.contactsInvited, "contact")} invited` : " · not invited"}`}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  {r.status === "submitted" ? (
                    <Tag status="submitted">Submitted</Tag>
                  ) : r.status === "draft" ? (
                    <Tag status="drafting">Drafting</Tag>
                  ) : (
                    <Tag status="not_started">Not started</Tag>
                  )}
                  {r.reference && !isPublic && <span className="govuk-body-s govuk-!-display-block">{r.reference}</span>}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.answerCount}</td>
                <td className="govuk-table__cell">
                  {r.submittedAt
                    ? `Submitted ${formatDateTime(r.submittedAt)}`
                    : r.lastEditedAt
                      ? `Edited ${formatDateTime(r.lastEditedAt)}${r.lastEditedBy ? ` by ${r.lastEditedBy}` : ""}`
                      : "Nothing yet"}
                </td>
              </tr>
            );
          })}
          {list.rows.length === 0 && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={4}>No organisations match.</td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager
        label="Pages of organisations and responses"
        prevHref={after ? withParams(base, current, {}) : null}
        prevText="First"
        nextHref={list.nextCursor ? withParams(base, current, { after: list.nextCursor }) : null}
      />
    </>
  );
}

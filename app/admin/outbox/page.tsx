import type { Metadata } from "next";
import Link from "next/link";
import { KeysetPager } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { SearchForm } from "@/components/ui/search-form";
import { countText } from "@/lib/admin/counts";
import { listOutboxPage, outboxStatusText } from "@/lib/admin/outbox";
import { readTextSearch, TEXT_SEARCH_MAX } from "@/lib/input/search";
import { formatDateTime } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Outbox" };

/** A recipient in the address (from a person's page) that cannot be searched for: too long, or text Postgres cannot compare. */
const TO_REFUSED = "The recipient in this page’s address is too long or not valid, so every email is listed";

export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const { actor, db } = await pageContext("/admin/outbox");
  // A refused search (too long, a NUL) says why at its field, keeps what was typed, and lists as
  // if none was made. A refused recipient (`to`, from a person's page; there is no field for it)
  // says so above the list, which is then of every email.
  const search = readTextSearch(sp.q);
  const to = readTextSearch(sp.to);
  const result = await orPage(listOutboxPage(db, { q: search.q, to: to.q, after: param(sp.after), before: param(sp.before) }, actor));
  const current = { q: result.q || undefined, to: result.to || undefined };
  return (
    <>
      <ErrorSummaryView fields={{ q: search.error, to: to.error && TO_REFUSED }} />
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every email the service sends, newest first. When SMTP is not configured, emails stay here instead of being sent,
        so you can follow sign-in links.
      </p>
      <SearchForm
        action="/admin/outbox"
        label="Search by recipient or subject"
        defaultValue={search.typed}
        error={search.error}
        maxLength={TEXT_SEARCH_MAX}
        hidden={{ to: result.to || undefined }}
        noValidate
      />
      {to.error && (
        <p className="govuk-error-message" id="to" tabIndex={-1}>
          <span className="govuk-visually-hidden">Error:</span> {TO_REFUSED}
        </p>
      )}
      {result.rows.length === 0 ? (
        <p className="govuk-body">
          {result.to ? `No emails to ${result.to} yet.` : result.q ? `No emails match “${result.q}”.` : "No emails yet."}
        </p>
      ) : (
        <table className="govuk-table" data-testid="outbox-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {result.total === 1 ? "1 email" : `${countText(result.total)} emails`}
            {result.to ? ` to ${result.to}` : ""}
            {result.q ? ` matching “${result.q}”` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Subject</th>
              <th scope="col" className="govuk-table__header">To</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Date</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {result.rows.map((m) => (
              <tr className="govuk-table__row" key={m.id} data-testid="outbox-message">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/admin/outbox/${m.id}`} data-testid="outbox-subject">
                    {m.subject}
                  </Link>
                </td>
                <td className="govuk-table__cell" data-testid="outbox-to">{m.to}</td>
                <td className="govuk-table__cell govuk-body-s">{outboxStatusText(m.status, m.retryAt)}</td>
                <td className="govuk-table__cell govuk-body-s">{formatDateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <KeysetPager
        label="Pages of the outbox"
        base="/admin/outbox"
        current={current}
        page={result}
        prevText="Newer"
        nextText="Older"
        hiddenSuffix=" emails"
      />
    </>
  );
}

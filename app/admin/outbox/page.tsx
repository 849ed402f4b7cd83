import type { Metadata } from "next";
import Link from "next/link";
import { pageLinks, Pager } from "@/components/collation/pager";
import { SearchForm } from "@/components/ui/search-form";
import { listOutboxPage, OUTBOX_PAGE_SIZE, outboxStatusText } from "@/lib/admin/outbox";
import { formatDateTime } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const { actor, db } = await pageContext("/admin/outbox");
  const pageNo = Number(param(sp.page) ?? "1");
  const result = await orPage(listOutboxPage(db, { q: param(sp.q), to: param(sp.to), page: Number.isFinite(pageNo) ? pageNo : 1 }, actor));
  const current = { q: result.q || undefined, to: result.to || undefined };
  const first = (result.page - 1) * OUTBOX_PAGE_SIZE + 1;
  return (
    <>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every email the service sends, newest first. When SMTP is not configured, emails stay here instead of being sent,
        so you can follow sign-in links.
      </p>
      <SearchForm action="/admin/outbox" label="Search by recipient or subject" defaultValue={result.q} hidden={{ to: result.to || undefined }} />
      {result.rows.length === 0 ? (
        <p className="govuk-body">
          {result.to ? `No emails to ${result.to} yet.` : result.q ? `No emails match “${result.q}”.` : "No emails yet."}
        </p>
      ) : (
        <table className="govuk-table" data-testid="outbox-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {result.total === 1 ? "1 email" : `${first} to ${first + result.rows.length - 1} of ${result.total} emails`}
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
      <Pager
        label="Pages of the outbox"
        {...pageLinks("/admin/outbox", current, result.page, result.pages)}
        prevText="Newer"
        nextText="Older"
        hiddenSuffix=" emails"
      />
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getOutboxMessage, outboxStatusText } from "@/lib/admin/outbox";
import { linkify } from "@/lib/email";
import { outboxKeepDays } from "@/lib/email/expiry";
import { formatDateTime, label } from "@/lib/format";
import { orPage, pageContext } from "@/app/_server/page";
import { isUuid } from "@/lib/sql";

export const metadata: Metadata = { title: "Email" };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const { actor, db } = await pageContext(`/admin/outbox/${id}`);
  const m = await orPage(getOutboxMessage(db, id, actor));
  return (
    <>
      <a href="/admin/outbox" className="govuk-back-link">
        Back to the outbox
      </a>
      <span className="govuk-caption-l">Email</span>
      <h1 className="govuk-heading-l">{m.subject}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">To</dt>
          <dd className="govuk-summary-list__value" data-testid="outbox-to">{m.to}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Kind</dt>
          <dd className="govuk-summary-list__value">{label(m.kind)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Created</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(m.createdAt)}</dd>
        </div>
        {m.sentAt && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Sent</dt>
            <dd className="govuk-summary-list__value">{formatDateTime(m.sentAt)}</dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {outboxStatusText(m.status, m.retryAt)}
            {m.lastError ? ` – ${m.lastError}` : ""}
          </dd>
        </div>
      </dl>
      <h2 className="govuk-heading-m">Message</h2>
      {m.bodyDeletedAt ? (
        <div className="govuk-inset-text" data-testid="outbox-body">
          The text of this email was deleted on {formatDateTime(m.bodyDeletedAt)}: the outbox keeps an email&apos;s text for {outboxKeepDays()} days.
        </div>
      ) : m.withheld ? (
        <div className="govuk-inset-text" data-testid="outbox-body">
          {m.text}
        </div>
      ) : (
        <pre className="app-pre govuk-body" data-testid="outbox-body">
          {linkify(m.text).map((part, i) =>
            part.href ? (
              <a key={i} className="govuk-link" href={part.href}>
                {part.text}
              </a>
            ) : (
              <span key={i}>{part.text}</span>
            ),
          )}
        </pre>
      )}
    </>
  );
}

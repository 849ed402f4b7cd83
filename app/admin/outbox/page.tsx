import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listOutbox, linkify } from "@/lib/email";
import { formatDateTime, label } from "@/lib/format";
import { requirePermission } from "../../_server/session";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  await requirePermission("admin.manage", { kind: "system" }, "/admin/outbox");
  const { to } = await searchParams;
  const messages = await listOutbox(await getDb(), { to, limit: 200 });
  return (
    <>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every email the service sends, newest first. When SMTP is not configured, emails stay here instead of being sent,
        so you can follow sign-in links.
      </p>
      <form method="get" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="to">
            Show emails to
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="to" name="to" type="email" defaultValue={to ?? ""} />
        </div>
        <button className="govuk-button govuk-button--secondary" type="submit">
          Filter
        </button>
      </form>
      {messages.length === 0 && <p className="govuk-body">No emails{to ? ` to ${to}` : ""} yet.</p>}
      {messages.map((m) => (
        <article key={m.id} className="govuk-summary-card" data-testid="outbox-message" aria-labelledby={`m-${m.id}`}>
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title" id={`m-${m.id}`}>
              {m.subject}
            </h2>
          </div>
          <div className="govuk-summary-card__content">
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
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Status</dt>
                <dd className="govuk-summary-list__value">
                  {m.status === "stored" ? "Kept in outbox (SMTP not configured)" : label(m.status)}
                  {m.lastError ? ` – ${m.lastError}` : ""}
                </dd>
              </div>
            </dl>
            <pre className="app-pre govuk-body">
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
          </div>
        </article>
      ))}
    </>
  );
}

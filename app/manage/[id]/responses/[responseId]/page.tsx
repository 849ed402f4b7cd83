import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { Tag } from "@/components/ui/tag";
import { getResponseForCouncil } from "@/lib/collation/queries";
import { getStructure } from "@/lib/consultations/queries";
import { formatDateTime, label } from "@/lib/format";
import { orPage, pageContext } from "@/app/_server/page";

export const metadata: Metadata = { title: "A partner's response" };

export default async function ResponsePage({ params }: { params: Promise<{ id: string; responseId: string }> }) {
  const { id, responseId } = await params;
  const { actor, db } = await pageContext(`/manage/${id}/responses/${responseId}`);
  const { consultation: c, response: r, answers } = await orPage(getResponseForCouncil(db, { consultationId: id, responseId }, actor));
  const structure = await getStructure(db, c.id);
  return (
    <>
      <Link href={`/manage/${c.id}/responses`} className="govuk-back-link">
        All responses
      </Link>
      <span className="govuk-caption-l">{label(r.organisationType)}</span>
      <h1 className="govuk-heading-l">{r.organisationName}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {r.status === "submitted" ? <Tag status="submitted">Submitted</Tag> : <Tag status="drafting">Drafting, not yet submitted</Tag>}
          </dd>
        </div>
        {r.reference && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reference</dt>
            <dd className="govuk-summary-list__value">{r.reference}</dd>
          </div>
        )}
        {r.submittedAt && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Submitted</dt>
            <dd className="govuk-summary-list__value">
              {formatDateTime(r.submittedAt)}
              {r.submittedBy ? ` by ${r.submittedBy}` : ""}
              {r.revision > 1 ? ` (amended, version ${r.revision})` : ""}
            </dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Last edited</dt>
          <dd className="govuk-summary-list__value">
            {formatDateTime(r.lastEditedAt)}
            {r.lastEditedBy ? ` by ${r.lastEditedBy}` : ""}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Questions answered</dt>
          <dd className="govuk-summary-list__value">{answers.size}</dd>
        </div>
      </dl>
      {structure.chapters.map((ch) => (
        <section key={ch.id} aria-labelledby={`ch-${ch.id}`}>
          <h2 className="govuk-heading-m" id={`ch-${ch.id}`}>
            {ch.title}
          </h2>
          <dl className="govuk-summary-list">
            {ch.questions.map((q) => {
              const a = answers.get(q.id);
              return (
                <div className="govuk-summary-list__row" key={q.id}>
                  <dt className="govuk-summary-list__key">
                    {q.number}. {q.text.length > 200 ? `${q.text.slice(0, 197)}…` : q.text}
                  </dt>
                  <dd className="govuk-summary-list__value">
                    {a ? <p className={`govuk-body ${styles.answer}`}>{a.valueText}</p> : <span className="govuk-hint">Not answered</span>}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}

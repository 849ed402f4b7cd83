import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getConsultationBySlug } from "@/lib/consultations/queries";
import { formatDate } from "@/lib/format";
import { getPublishedOutcome, respondentCounts } from "@/lib/public/outcomes";
import { responsesArePublic } from "@/lib/public/publication";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "We asked, you said, we did" };

export default async function OutcomePublicPage({ params }: { params: Promise<{ slug: string }> }) {
  const db = await getDb();
  const c = await getConsultationBySlug(db, (await params).slug);
  if (!c || c.status === "draft") notFound();
  const outcome = await getPublishedOutcome(db, c.id);
  if (!outcome) notFound();
  const counts = await respondentCounts(db, c.id);
  const paragraphs = (t: string) => t.split(/\n{2,}/).map((p, i) => <p key={i} className="govuk-body app-pre-wrap">{p}</p>);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={`/consultations/${c.slug}`} className="govuk-back-link">
          {c.title}
        </Link>
        <span className="govuk-caption-l">{c.title}</span>
        <h1 className="govuk-heading-xl">We asked, you said, we did</h1>
        {outcome.outcomeDate && <p className="govuk-body-s">Outcome dated {formatDate(outcome.outcomeDate)}; published {formatDate(outcome.publishedAt)}.</p>}
        <h2 className="govuk-heading-l">We asked</h2>
        {paragraphs(outcome.weAsked)}
        <h2 className="govuk-heading-l">You said</h2>
        {paragraphs(outcome.youSaid)}
        <table className="govuk-table" data-testid="outcome-counts">
          <caption className="govuk-table__caption govuk-table__caption--m">Who responded</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Respondent type</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Responses</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {counts.map((r) => (
              <tr key={r.type} className="govuk-table__row">
                <td className="govuk-table__cell">{r.label}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 className="govuk-heading-l">We did</h2>
        {paragraphs(outcome.weDid)}
        {responsesArePublic(c) && (
          <p className="govuk-body">
            <Link className="govuk-link" href={`/consultations/${c.slug}/responses`}>
              Read the published responses
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}

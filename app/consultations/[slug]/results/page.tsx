import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/publication/public";
import { getDb } from "@/db/client";
import { getPublishingConsultation, publishedCounts } from "@/lib/public/publication";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Results" };

export default async function ResultsPage({ params }: { params: Promise<{ slug: string }> }) {
  const db = await getDb();
  const c = await getPublishingConsultation(db, (await params).slug);
  if (!c) notFound();
  const { questions, responses } = await publishedCounts(db, c.id);
  return (
    <>
      <Link href={`/consultations/${c.slug}`} className="govuk-back-link">
        {c.title}
      </Link>
      <span className="govuk-caption-l">{c.title}</span>
      <h1 className="govuk-heading-xl">Results of the closed questions</h1>
      <p className="govuk-body">
        Counted over the {responses} {responses === 1 ? "response" : "responses"} whose authors agreed to publication. A multiple-choice question counts each option
        ticked; a ranking counts first preferences. <Link className="govuk-link" href={`/consultations/${c.slug}/responses`}>Read the responses</Link>. Open data:{" "}
        <a className="govuk-link" href={`/api/v1/public/consultations/${c.slug}/counts`}>JSON</a>.
      </p>
      {questions.length === 0 && <p className="govuk-body">This consultation has no closed questions.</p>}
      {questions.map((q) => (
        <section key={q.questionId} aria-labelledby={`q-${q.questionId}`} className="govuk-!-margin-bottom-8" data-testid="question-counts">
          <h2 className="govuk-heading-m" id={`q-${q.questionId}`}>
            {q.number}. {q.question}
          </h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {q.answered} {q.answered === 1 ? "answer" : "answers"}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Answer</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Count</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {q.counts.map((r) => (
                    <tr key={r.option} className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">{r.option}</th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{r.count}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{q.answered ? `${Math.round((r.count / q.answered) * 100)}%` : "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="govuk-grid-column-one-half">
              <BarChart rows={q.counts} />
            </div>
          </div>
        </section>
      ))}
    </>
  );
}

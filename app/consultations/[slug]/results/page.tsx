import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CountsFigure } from "@/components/publication/counts";
import { getDb } from "@/db/client";
import { getPublishingConsultation, publishedCountsOf } from "@/lib/public/publication";
import { keptPublishedThemes } from "@/lib/public/themes";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Results" };

export default async function ResultsPage({ params }: { params: Promise<{ slug: string }> }) {
  const db = await getDb();
  const c = await getPublishingConsultation(db, (await params).slug);
  if (!c) notFound();
  const [{ questions, responses }, themes] = await Promise.all([publishedCountsOf(db, c), keptPublishedThemes(db, c.id)]);
  return (
    <>
      <Link href={`/consultations/${c.slug}`} className="govuk-back-link">
        {c.title}
      </Link>
      <span className="govuk-caption-l">{c.title}</span>
      <h1 className="govuk-heading-xl">Results</h1>
      <p className="govuk-body">
        Counted over the {plural(responses, "response", "responses")} whose authors agreed to publication.{" "}
        <Link className="govuk-link" href={`/consultations/${c.slug}/responses`}>Read the responses</Link>. Open data:{" "}
        <a className="govuk-link" href={`/api/v1/public/consultations/${c.slug}/counts`}>JSON</a>.
      </p>
      <h2 className="govuk-heading-l">Closed questions</h2>
      <p className="govuk-body">A multiple-choice question counts each option ticked; a ranking counts first preferences.</p>
      {questions.length === 0 && <p className="govuk-body">This consultation has no closed questions.</p>}
      {questions.map((q) => (
        <CountsFigure
          key={q.questionId}
          id={`q-${q.questionId}`}
          testId="question-counts"
          heading={`${q.number}. ${q.question}`}
          caption={plural(q.answered, "answer", "answers")}
          labelHeading="Answer"
          countHeading="Count"
          rows={q.counts.map((r) => ({ label: r.option, count: r.count }))}
          base={q.answered}
        />
      ))}
      {themes.length > 0 && (
        <>
          <h2 className="govuk-heading-l">Themes in the written answers</h2>
          <p className="govuk-body">
            The council read the written answers and noted the themes they raise. Each theme counts the respondents whose published answer raises it; an answer can raise
            several themes, so the shares can add up to more than 100%. Answers not published (withheld, or still being checked) are not counted.
          </p>
          {themes.map((q) => (
            <CountsFigure
              key={q.questionId}
              id={`t-${q.questionId}`}
              testId="question-themes"
              heading={`${q.number}. ${q.question}`}
              caption={`Themes in ${plural(q.answered, "published answer", "published answers")}`}
              labelHeading="Theme"
              countHeading="Respondents"
              rows={q.themes.map((t) => ({ label: t.theme, count: t.respondents }))}
              base={q.answered}
            />
          ))}
        </>
      )}
    </>
  );
}

import type { Metadata } from "next";
import { FiguresAsOf } from "@/components/ui/figures-as-of";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { CollationFilterForm } from "@/components/collation/filter-form";
import { HighlightedText } from "@/components/collation/highlighted-text";
import { Pager, withParams } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { listQuestionsWithAnswerCounts, listStagesForFilter, searchAnswers, PAGE_SIZE } from "@/lib/collation/queries";
import { InvalidError } from "@/lib/errors";
import { label } from "@/lib/format";
import { orPage, reportContext, param, type SearchParams } from "@/app/_server/page";
import { filterFromParams } from "./_page";
import { pageNumber } from "@/lib/input/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Collation" };

export default async function CollatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/collate`;
  const { actor, db, notice } = await reportContext(base);
  const { values, filter } = filterFromParams(sp);
  const page = pageNumber(param(sp.page), 1000);
  const stages = await orPage(listStagesForFilter(db, { consultationId: id }, actor));

  let error: { field: string; message: string } | null = null;
  let questions: Awaited<ReturnType<typeof listQuestionsWithAnswerCounts>> = [];
  let results: Awaited<ReturnType<typeof searchAnswers>> | null = null;
  try {
    if (values.q) {
      results = await orPage(searchAnswers(db, { consultationId: id, query: values.q, filter, offset: (page - 1) * PAGE_SIZE }, actor));
    } else {
      questions = await orPage(listQuestionsWithAnswerCounts(db, { consultationId: id, filter }, actor));
    }
  } catch (e) {
    if (!(e instanceof InvalidError)) throw e;
    const [field, message] = Object.entries(e.fieldErrors)[0] ?? ["q", e.message];
    error = { field, message };
  }
  const current = { q: values.q, type: values.type, stage: values.stage, status: values.status };
  const chapters = [...new Map(questions.map((q) => [q.sectionId, q.chapter])).entries()];

  return (
    <>
      <h1 className="govuk-heading-l">Collation</h1>
      <FiguresAsOf notice={notice} />
      <p className="govuk-body">
        Every partner&apos;s answer to each question, with counts for questions that offer choices, and a search across all the answers.
      </p>
      <ErrorSummaryView fields={error ? { [error.field]: error.message } : {}} />
      <CollationFilterForm action={base} values={values} stages={stages} searchLabel="Search all partner answers" error={error} />

      {results && (
        <section aria-labelledby="results-heading" data-testid="search-results">
          <h2 className="govuk-heading-m" id="results-heading">
            {results.total === 0
              ? `No answers match “${values.q}”`
              : `${results.totalIsCapped ? "More than " : ""}${plural(results.total, "answer matches", "answers match")} “${values.q}”`}
          </h2>
          {results.total > 0 && <p className="govuk-body-s">Best matches first.</p>}
          <ol className={styles.answerList} start={(page - 1) * PAGE_SIZE + 1}>
            {results.rows.map((r) => (
              <li key={`${r.responseId}-${r.questionId}`}>
                <p className={`govuk-body-s ${styles.answerMeta}`}>
                  <Link className="govuk-link govuk-!-font-weight-bold" href={withParams(`${base}/${r.questionId}`, {}, { q: values.q, type: values.type, stage: values.stage, status: values.status })}>
                    Question {r.questionNumber}
                  </Link>{" "}
                  · {r.organisationName} ({label(r.organisationType)}){r.responseStatus === "draft" ? " · draft response" : ""}
                </p>
                <p className={`govuk-body ${styles.answer}`}>
                  <HighlightedText headline={r.headline} cutStart={r.cutStart} cutEnd={r.cutEnd} />
                </p>
              </li>
            ))}
          </ol>
          <Pager
            label="Pages of search results"
            prevHref={page > 1 ? withParams(base, current, { page: page > 2 ? String(page - 1) : undefined }) : null}
            nextHref={results.hasMore ? withParams(base, current, { page: String(page + 1) }) : null}
          />
        </section>
      )}

      {!results &&
        !error &&
        chapters.map(([sectionId, chapter]) => (
          <table className="govuk-table" key={sectionId}>
            <caption className="govuk-table__caption govuk-table__caption--m">{chapter}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Question
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Answers
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {questions
                .filter((q) => q.sectionId === sectionId)
                .map((q) => (
                  <tr className="govuk-table__row" key={q.id}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" href={withParams(`${base}/${q.id}`, {}, { type: values.type, stage: values.stage, status: values.status })}>
                        <strong>{q.number}.</strong> {q.text.length > 160 ? `${q.text.slice(0, 157)}…` : q.text}
                      </Link>
                      {q.subheading && <span className="govuk-body-s govuk-!-display-block">{q.subheading}</span>}
                    </td>
                    <td className={`govuk-table__cell govuk-table__cell--numeric ${styles.numeric}`}>{q.answerCount}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

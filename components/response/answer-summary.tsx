// A response's answers as GOV.UK summary lists, one per chapter: on the check page (with
// Change links), in the read-only view of what was submitted, and for closed consultations.
import Link from "next/link";
import type { SummaryChapter } from "@/lib/responses/rules";
import { questionFieldId } from "@/lib/responses/schemas";

type Props = {
  summary: SummaryChapter[];
  /** Where each question's Change link goes; none for a read-only view. */
  changeHref?: (chapterIndex: number, questionId: string) => string;
  chapterCount: number;
  /** Ids of required questions still to answer, flagged in the list. */
  missing?: Set<string>;
};

export function AnswerSummary({ summary, changeHref, chapterCount, missing }: Props) {
  return (
    <>
      {summary.map(({ chapter, index, items }) => (
        <section key={chapter.id} aria-labelledby={`summary-${chapter.id}`} className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id={`summary-${chapter.id}`}>
            <span className="govuk-caption-m">
              Chapter {index + 1} of {chapterCount}
            </span>
            {chapter.title}
          </h2>
          {items.length === 0 ? (
            <p className="govuk-body">No questions in this chapter apply to your organisation.</p>
          ) : (
            <dl className="govuk-summary-list">
              {items.map(({ question: q, answered, text }) => (
                <div className="govuk-summary-list__row" key={q.id} id={questionFieldId(q.id)}>
                  <dt className="govuk-summary-list__key">
                    <span className="govuk-caption-m">Question {q.number}</span>
                    <span className="app-summary-question">{q.text}</span>
                  </dt>
                  <dd className="govuk-summary-list__value">
                    {answered ? (
                      <div className="app-pre">{text}</div>
                    ) : missing?.has(q.id) ? (
                      <strong className="app-missing">Not answered: this question must be answered</strong>
                    ) : (
                      <span className="app-secondary-text">Not answered</span>
                    )}
                  </dd>
                  {changeHref && (
                    <dd className="govuk-summary-list__actions">
                      <Link className="govuk-link" href={changeHref(index, q.id)}>
                        {answered ? "Change" : "Answer"}
                        <span className="govuk-visually-hidden"> question {q.number}</span>
                      </Link>
                    </dd>
                  )}
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </>
  );
}

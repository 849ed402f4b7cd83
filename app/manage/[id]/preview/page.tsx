import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { QuestionField } from "@/components/question/question-field";
import { getStructure } from "@/lib/consultations/queries";
import { controlSettings } from "@/lib/responses/rules";
import { managedConsultation } from "../edit/page-context";

export const metadata: Metadata = { title: "Preview" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ chapter?: string; question?: string }> };

function conditionText(showIf: { questionNumber: string; equals: string[] }) {
  const answers = showIf.equals.map((v) => `“${v}”`);
  const list = answers.length === 1 ? answers[0] : `${answers.slice(0, -1).join(", ")} or ${answers[answers.length - 1]}`;
  return `Answer this only if you answered ${list} to question ${showIf.questionNumber}.`;
}

/**
 * One chapter a page, with the same question controls, sub-headings and show-if notes the
 * respondent's pages use. The controls are live but belong to no form: nothing is saved.
 */
export default async function PreviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  const base = `/manage/${id}/preview`;
  const { db, c } = await managedConsultation(id, base);
  const { chapters } = await getStructure(db, id);
  let index = Math.max(0, Math.min(chapters.length - 1, Number(search.chapter ?? 1) - 1 || 0));
  if (search.question) {
    const found = chapters.findIndex((ch) => ch.questions.some((q) => q.id === search.question));
    if (found !== -1) index = found;
  }
  const chapter = chapters[index];
  const questions = chapter?.questions ?? [];
  const anyRequired = questions.some((q) => q.required);
  const allRequired = questions.every((q) => q.required);
  const hasSubheadings = questions.some((q) => q.subheading);
  let lastSubheading: string | null = null;
  return (
    <>
      <div className="govuk-notification-banner" role="region" aria-labelledby="preview-title" data-testid="preview-banner">
        <div className="govuk-notification-banner__header">
          <h2 className="govuk-notification-banner__title" id="preview-title">
            Preview
          </h2>
        </div>
        <div className="govuk-notification-banner__content">
          <p className="govuk-notification-banner__heading">
            This is how respondents see {chapters.length > 1 ? `chapter ${index + 1}` : "the questions"}{c.status === "draft" ? " once you publish" : ""}. Nothing you enter here is saved.
          </p>
          <p className="govuk-body">
            <Link className="govuk-notification-banner__link" href={`/manage/${id}/edit`}>
              Back to editing
            </Link>
          </p>
        </div>
      </div>
      {!chapter ? (
        <p className="govuk-body">There are no chapters yet.</p>
      ) : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <span className="govuk-caption-l">
              Chapter {index + 1} of {chapters.length}
              <span className="govuk-visually-hidden">, {c.title}</span>
            </span>
            <h1 className="govuk-heading-l">{chapter.title}</h1>
            {chapter.description &&
              chapter.description.split(/\n{2,}/).map((p, i) => (
                <p className="govuk-body app-pre-wrap" key={i}>
                  {p}
                </p>
              ))}
            {questions.length === 0 && <p className="govuk-body">This chapter has no questions yet.</p>}
            {questions.length > 0 && !anyRequired && <p className="govuk-body">Answer the questions your organisation has a view on. You can leave any of them blank.</p>}
            {anyRequired && !allRequired && <p className="govuk-body">Questions marked “(optional)” can be left blank.</p>}
            <div data-testid="preview-questions">
              {questions.map((q) => {
                const heading = hasSubheadings && q.subheading && q.subheading !== lastSubheading ? q.subheading : null;
                if (q.subheading) lastSubheading = q.subheading;
                return (
                  <Fragment key={q.id}>
                    {heading && <h2 className="govuk-heading-m app-subheading">{heading}</h2>}
                    <QuestionField
                      question={q}
                      settings={controlSettings(q)}
                      values={{}}
                      condition={q.showIf ? conditionText(q.showIf) : undefined}
                      markOptional={anyRequired && !allRequired}
                      headingLevel={hasSubheadings ? 3 : 2}
                    />
                  </Fragment>
                );
              })}
            </div>
            <nav className="govuk-pagination govuk-pagination--block" aria-label="Chapters">
              {index > 0 && (
                <div className="govuk-pagination__prev">
                  <Link className="govuk-link govuk-pagination__link" href={`${base}?chapter=${index}`} rel="prev">
                    <span className="govuk-pagination__link-title">
                      Previous<span className="govuk-visually-hidden"> chapter</span>
                    </span>
                    <span className="govuk-visually-hidden">:</span>
                    <span className="govuk-pagination__link-label">{chapters[index - 1].title}</span>
                  </Link>
                </div>
              )}
              {index < chapters.length - 1 && (
                <div className="govuk-pagination__next">
                  <Link className="govuk-link govuk-pagination__link" href={`${base}?chapter=${index + 2}`} rel="next">
                    <span className="govuk-pagination__link-title">
                      Next<span className="govuk-visually-hidden"> chapter</span>
                    </span>
                    <span className="govuk-visually-hidden">:</span>
                    <span className="govuk-pagination__link-label">{chapters[index + 1].title}</span>
                  </Link>
                </div>
              )}
            </nav>
          </div>
        </div>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AnswerSummary } from "@/components/response/answer-summary";
import { DeclarationField } from "@/components/response/declaration-field";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { formatDateTime } from "@/lib/format";
import { answerSummary } from "@/lib/responses/rules";
import { questionFieldId } from "@/lib/responses/schemas";
import { submitResponseAction } from "../../actions";
import { loadRespondPage, type RespondSearch } from "../../load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Check your answers before submitting" };

type Props = { params: Promise<{ slug: string }>; searchParams: RespondSearch };

export default async function CheckAnswersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { ctx, href } = await loadRespondPage(slug, await searchParams, `/respond/${slug}/check`);
  if (!ctx.canEdit) redirect(href());
  const { response, progress } = ctx;
  const amending = response?.status === "submitted";
  const missing = progress.missingRequired;
  const summary = answerSummary(ctx.chapters, ctx.values);
  const ready = progress.answeredCount > 0 && missing.length === 0 && (!amending || ctx.changedSinceSubmission);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop govuk-grid-column-full">
        <Link href={href()} className="govuk-back-link">
          Back to all chapters
        </Link>
        <span className="govuk-caption-l">Responding for {ctx.organisation.name}</span>
        <h1 className="govuk-heading-l">{amending ? "Check your changes before submitting them" : "Check your answers before submitting your response"}</h1>
        <p className="govuk-body">{ctx.consultation.title}</p>

        {missing.length > 0 && (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <div className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              You need to answer {missing.length === 1 ? "a question" : `${missing.length} questions`} before you can submit:{" "}
              {missing.map((q, i) => (
                <span key={q.id}>
                  {i > 0 && ", "}
                  <a className="govuk-link" href={`#${questionFieldId(q.id)}`}>
                    question {q.number}
                  </a>
                </span>
              ))}
              .
            </div>
          </div>
        )}

        <AnswerSummary
          summary={summary}
          chapterCount={ctx.chapters.length}
          missing={new Set(missing.map((q) => q.id))}
          changeHref={(i, id) => href(`/chapter/${i + 1}`, { return: "check" }, questionFieldId(id))}
        />

        {ready ? (
          <>
            <h2 className="govuk-heading-m">{amending ? "Now send your changes" : "Now send your response"}</h2>
            <p className="govuk-body">
              {amending
                ? `Submitting sends these answers as a new version of ${ctx.organisation.name}'s response. The council keeps every version.`
                : `Submitting sends these answers as ${ctx.organisation.name}'s response. You will get a reference number and an email with a copy of your answers.`}
              {ctx.consultation.allowAmendments && ctx.consultation.closesAt
                ? ` You can still change them until ${formatDateTime(ctx.consultation.closesAt)}.`
                : " You will not be able to change them after you submit."}
            </p>
            <ActionForm action={submitResponseAction} permalink={href("/check")}>
              <input type="hidden" name="slug" value={ctx.consultation.slug} />
              <input type="hidden" name="organisationId" value={ctx.organisation.id} />
              <input type="hidden" name="revision" value={String(response?.revision ?? 0)} />
              <DeclarationField organisationName={ctx.organisation.name} />
              <SubmitButton>{amending ? "Submit changes" : "Submit response"}</SubmitButton>
            </ActionForm>
          </>
        ) : (
          <p className="govuk-body">
            {amending && !ctx.changedSinceSubmission
              ? "You have not changed any answers since your organisation submitted its response."
              : progress.answeredCount === 0
                ? "Answer at least one question before you submit."
                : "Answer the questions marked above, then come back to this page to submit."}{" "}
            <Link className="govuk-link" href={href()}>
              Back to all chapters
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}

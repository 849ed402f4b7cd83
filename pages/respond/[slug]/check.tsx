// Check your answers, the declaration, and submit. Served by the Pages Router with no
// JavaScript at all; the form posts back here (PRG: 303 to the confirmation on success).
// Submitting twice (double click, back button, resend) is one submission: the post carries
// the revision the page showed (lib/responses/commands.ts submitResponse).
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { loadRespond, postedForm, redirectTo, respondentPage, submitResponseForm, type RespondProps } from "@/app/_server/respond";
import { AnswerSummary } from "@/components/response/answer-summary";
import { DeclarationField } from "@/components/response/declaration-field";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import { ErrorSummaryView, type SummaryItem } from "@/components/ui/error-summary-view";
import { formatDateTime } from "@/lib/format";
import { describeAboutYou } from "@/lib/public/about-you";
import { CONSENT_WORDS, consentRequired } from "@/lib/public/consent";
import { answerSummary, type SummaryChapter } from "@/lib/responses/rules";
import { questionFieldId } from "@/lib/responses/schemas";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  org: string | null;
  organisationId: string;
  organisationName: string;
  consultationTitle: string;
  amending: boolean;
  changedSinceSubmission: boolean;
  answeredCount: number;
  missing: { id: string; number: string }[];
  summary: SummaryChapter[];
  chapterCount: number;
  ready: boolean;
  revision: number;
  /** The closing date, when answers can still be changed after submitting. */
  changeableUntil: string | null;
  csrfToken: string;
  errors: SummaryItem[];
  declarationError: string | null;
  declarationChecked: boolean;
  /** A member of the public's own response: no declaration for an organisation. */
  isPublic: boolean;
  /** Publishing consent and "about you", shown with a link to change them (null: not asked). */
  details: { key: string; value: string }[] | null;
  /** The consent question is asked and not answered yet. */
  consentMissing: boolean;
};

type Props = RespondProps<View>;

/** Where an error summary line points: the field, or the page for a problem with the whole post. */
const fieldId = (name: string) => (name === "_form" ? "main-content" : `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`);

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { actor, db, ctx, href, shell } = loaded;
  let errors: Record<string, string> = {};
  let declarationChecked = false;
  if (c.req.method === "POST") {
    const { fields, problem } = await postedForm(c);
    declarationChecked = fields.declaration === "yes";
    if (problem) errors = { _form: problem };
    else {
      const outcome = await submitResponseForm(db, actor, fields, ctx);
      if ("redirect" in outcome) return redirectTo(outcome.redirect, 303);
      errors = outcome.state.errors ?? {};
    }
  }
  if (!ctx.canEdit) return redirectTo(href(), c.req.method === "POST" ? 303 : 307);
  const { response, progress } = ctx;
  const amending = response?.status === "submitted";
  const missing = progress.missingRequired;
  const isPublic = ctx.respondentUserId !== null;
  const askConsent = consentRequired(ctx.consultation);
  const consentMissing = askConsent && !response?.publishConsent;
  const details =
    isPublic || askConsent
      ? [
          ...(askConsent
            ? [
                { key: "Publishing", value: response?.publishConsent ? CONSENT_WORDS[response.publishConsent] : "Not answered yet" },
                ...(response?.publishConsent === "named" && response.publishedName ? [{ key: "Name to publish", value: response.publishedName }] : []),
              ]
            : []),
          { key: "Email me the outcome", value: response?.notifyOutcome ? "Yes" : "No" },
          ...describeAboutYou(response?.aboutYou as Record<string, string> | null).map((a) => ({ key: a.question, value: a.answer })),
        ]
      : null;
  return {
    props: {
      shell,
      problem: null,
      view: {
        slug: ctx.consultation.slug,
        org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
        organisationId: ctx.organisation.id,
        organisationName: ctx.organisation.name,
        consultationTitle: ctx.consultation.title,
        amending,
        changedSinceSubmission: ctx.changedSinceSubmission,
        answeredCount: progress.answeredCount,
        missing: missing.map((q) => ({ id: q.id, number: q.number })),
        summary: answerSummary(ctx.chapters, ctx.values),
        chapterCount: ctx.chapters.length,
        ready: progress.answeredCount > 0 && missing.length === 0 && !consentMissing && (!amending || ctx.changedSinceSubmission),
        revision: response?.revision ?? 0,
        changeableUntil: ctx.consultation.allowAmendments && ctx.consultation.closesAt ? formatDateTime(ctx.consultation.closesAt) : null,
        csrfToken: shell.csrfToken,
        errors: Object.entries(errors).map(([field, message]) => ({ href: `#${fieldId(field)}`, text: message })),
        declarationError: errors.declaration ?? null,
        declarationChecked,
        isPublic,
        details,
        consentMissing,
      },
    },
  };
});

export default function CheckAnswersPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  return (
    <RespondPage shell={shell} problem={problem} title="Check your answers before submitting">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds-from-desktop govuk-grid-column-full">
          <Link href={href()} className="govuk-back-link">
            Back to all chapters
          </Link>
          <ErrorSummaryView items={v.errors} />
          <span className="govuk-caption-l">{v.isPublic ? "Responding as yourself" : `Responding for ${v.organisationName}`}</span>
          <h1 className="govuk-heading-l">{v.amending ? "Check your changes before submitting them" : "Check your answers before submitting your response"}</h1>
          <p className="govuk-body">{v.consultationTitle}</p>

          {v.missing.length > 0 && (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                You need to answer {v.missing.length === 1 ? "a question" : `${v.missing.length} questions`} before you can submit:{" "}
                {v.missing.map((q, i) => (
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
            summary={v.summary}
            chapterCount={v.chapterCount}
            missing={new Set(v.missing.map((q) => q.id))}
            changeHref={(i, id) => href(`/chapter/${i + 1}`, { return: "check" }, questionFieldId(id))}
          />

          {v.details && (
            <>
              <h2 className="govuk-heading-m" id="f-publishConsent">
                {v.isPublic ? "Publishing and about you" : "Publishing"}
              </h2>
              <dl className="govuk-summary-list" data-testid="details-summary">
                {v.details.map((d) => (
                  <div className="govuk-summary-list__row" key={d.key}>
                    <dt className="govuk-summary-list__key">{d.key}</dt>
                    <dd className="govuk-summary-list__value">{d.value}</dd>
                    <dd className="govuk-summary-list__actions">
                      <Link className="govuk-link" href={href("/details")}>
                        Change<span className="govuk-visually-hidden"> {d.key.toLowerCase()}</span>
                      </Link>
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}

          {v.ready ? (
            <>
              <h2 className="govuk-heading-m">{v.amending ? "Now send your changes" : "Now send your response"}</h2>
              <p className="govuk-body">
                {v.isPublic
                  ? v.amending
                    ? "Submitting sends these answers as a new version of your response. The council keeps every version."
                    : "Submitting sends your response to the council. You will get a reference number and an email with a copy of your answers."
                  : v.amending
                    ? `Submitting sends these answers as a new version of ${v.organisationName}'s response. The council keeps every version.`
                    : `Submitting sends these answers as ${v.organisationName}'s response. You will get a reference number and an email with a copy of your answers.`}
                {v.changeableUntil ? ` You can still change them until ${v.changeableUntil}.` : " You will not be able to change them after you submit."}
              </p>
              <form method="post" action={href("/check")} noValidate>
                <input type="hidden" name="csrfToken" value={v.csrfToken} />
                <input type="hidden" name="slug" value={v.slug} />
                <input type="hidden" name="organisationId" value={v.organisationId} />
                <input type="hidden" name="revision" value={String(v.revision)} />
                {!v.isPublic && <DeclarationField organisationName={v.organisationName} error={v.declarationError ?? undefined} checked={v.declarationChecked} />}
                <button type="submit" className="govuk-button" data-module="govuk-button">
                  {v.amending ? "Submit changes" : "Submit response"}
                </button>
              </form>
            </>
          ) : (
            <p className="govuk-body">
              {v.consentMissing && v.missing.length === 0 && v.answeredCount > 0 ? (
                <>
                  <Link className="govuk-link" href={href("/details")}>
                    Say whether we may publish your response
                  </Link>{" "}
                  before you submit.
                </>
              ) : v.amending && !v.changedSinceSubmission
                ? "You have not changed any answers since your organisation submitted its response."
                : v.answeredCount === 0
                  ? "Answer at least one question before you submit."
                  : "Answer the questions marked above, then come back to this page to submit."}{" "}
              <Link className="govuk-link" href={href()}>
                Back to all chapters
              </Link>
            </p>
          )}
        </div>
      </div>
    </RespondPage>
  );
}

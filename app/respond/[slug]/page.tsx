import type { Metadata } from "next";
import Link from "next/link";
import { AnswerSummary } from "@/components/response/answer-summary";
import { ResponseTaskList } from "@/components/response/task-list";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { getConsultationBySlug } from "@/lib/consultations/queries";
import { formatDateTime } from "@/lib/format";
import { listSubmissions } from "@/lib/responses/queries";
import { answerSummary } from "@/lib/responses/rules";
import { loadRespondPage, type RespondSearch } from "../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: RespondSearch };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const c = await getConsultationBySlug(await getDb(), (await params).slug);
  return { title: c ? `Your response: ${c.title}` : "Your organisation's response" };
}

export default async function RespondOverviewPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const search = await searchParams;
  const { db, ctx, href } = await loadRespondPage(slug, search, `/respond/${slug}`);
  const { consultation: c, response, progress } = ctx;
  const submitted = response?.status === "submitted";
  const history = response ? await listSubmissions(db, response.id) : [];
  const status = submitted
    ? ctx.changedSinceSubmission
      ? { key: "in_progress", text: "Submitted, with changes not yet sent" }
      : { key: "submitted", text: "Submitted" }
    : ctx.window === "closed"
      ? { key: "closed", text: response ? "Not submitted before the closing date" : "No response was sent" }
      : response
        ? { key: "in_progress", text: "In progress" }
        : { key: "to_do", text: "Not started" };
  const canCheck = progress.answeredCount > 0 && progress.missingRequired.length === 0;
  const completed = progress.chapters.filter((p) => p.state === "completed").length;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Responding for {ctx.organisation.name}</span>
        <h1 className="govuk-heading-l">{c.title}</h1>

        {search.saved === "1" && ctx.canEdit && (
          <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="saved-title">
                Success
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">Your answers have been saved</p>
              <p className="govuk-body">
                You and your colleagues at {ctx.organisation.name} can come back to them at any time
                {c.closesAt ? ` before ${formatDateTime(c.closesAt)}` : ""}.
              </p>
            </div>
          </div>
        )}

        {ctx.editBlockedReason && (
          <div className="govuk-notification-banner" role="region" aria-labelledby="closed-title" data-testid="not-accepting">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="closed-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{ctx.editBlockedReason}</p>
            </div>
          </div>
        )}

        {submitted && response.reference && (
          <div className="govuk-inset-text" data-testid="submitted-note">
            {ctx.organisation.name} submitted its response on {formatDateTime(response.submittedAt)}
            {response.submittedByName ? ` (${response.submittedByName})` : ""}. Reference: <strong>{response.reference}</strong>.
            {ctx.canEdit && (
              <>
                {" "}
                You can change your answers until {formatDateTime(c.closesAt)}; submit again to send the changes.
              </>
            )}
          </div>
        )}

        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Status</dt>
            <dd className="govuk-summary-list__value">
              <Tag status={status.key}>{status.text}</Tag>
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Deadline</dt>
            <dd className="govuk-summary-list__value">
              {c.closesAt ? formatDateTime(c.closesAt) : "No closing date"}
              {ctx.window === "closed" ? " (closed)" : ctx.window === "not_open_yet" ? " (not open yet)" : ""}
            </dd>
          </div>
          {ctx.currentStage && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Current stage</dt>
              <dd className="govuk-summary-list__value">{ctx.currentStage}</dd>
            </div>
          )}
          {response && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Last saved</dt>
              <dd className="govuk-summary-list__value" data-testid="last-saved">
                {response.lastEditedByName ? `By ${response.lastEditedByName}, ` : ""}
                {formatDateTime(response.lastEditedAt)}
              </dd>
            </div>
          )}
          {response?.reference && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Reference</dt>
              <dd className="govuk-summary-list__value">{response.reference}</dd>
            </div>
          )}
        </dl>

        <p className="govuk-body">
          One response is sent for {ctx.organisation.name}. Everyone at {ctx.organisation.name} who is signed up can add to it and
          sees the same answers. Read the <Link className="govuk-link" href={href("/privacy")}>privacy notice</Link> to find out
          how your information is used.
        </p>

        {ctx.canEdit ? (
          <>
            <h2 className="govuk-heading-m">{submitted ? "Change your answers" : "Your answers"}</h2>
            <p className="govuk-body">
              You have completed {completed} of {ctx.chapters.length} {ctx.chapters.length === 1 ? "chapter" : "chapters"}.
            </p>
            <ResponseTaskList
              chapters={ctx.chapters}
              progress={progress.chapters}
              chapterHref={(i) => href(`/chapter/${i + 1}`)}
              checkHref={canCheck && (!submitted || ctx.changedSinceSubmission) ? href("/check") : null}
              checkLabel={submitted ? "Check and submit your changes" : "Check your answers and submit"}
              checkBlockedReason={
                submitted
                  ? "Change an answer first"
                  : progress.missingRequired.length
                    ? `Answer the required questions first (${progress.missingRequired.map((q) => q.number).join(", ")})`
                    : "Answer at least one question first"
              }
            />
          </>
        ) : (
          response && (
            <>
              <h2 className="govuk-heading-m">{submitted ? "What your organisation submitted" : "Your organisation's answers (not submitted)"}</h2>
              <AnswerSummary
                summary={answerSummary(ctx.chapters, submitted && history[0] ? new Map(Object.entries(history[0].answers as object)) : ctx.values, { answeredOnly: true })}
                chapterCount={ctx.chapters.length}
              />
            </>
          )
        )}

        {history.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Submission history</h2>
            <table className="govuk-table" data-testid="history">
              <caption className="govuk-visually-hidden">Every version of the response submitted</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Version</th>
                  <th scope="col" className="govuk-table__header">Submitted</th>
                  <th scope="col" className="govuk-table__header">By</th>
                  <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Answers</span></th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {history.map((h) => (
                  <tr className="govuk-table__row" key={h.revision}>
                    <td className="govuk-table__cell">{h.revision === 1 ? "Original response" : `Amendment ${h.revision - 1}`}</td>
                    <td className="govuk-table__cell">{formatDateTime(h.submittedAt)}</td>
                    <td className="govuk-table__cell">{h.submittedByName ?? "Removed user"}</td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" href={href("/submitted", { version: String(h.revision) })}>
                        View<span className="govuk-visually-hidden"> version {h.revision}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" href="/">
            Back to your consultations
          </Link>
        </p>
      </div>
    </div>
  );
}

// A partner's response to one consultation: status, deadline, the task list of chapters, and
// the submission history. Served by the Pages Router with no JavaScript at all.
import type { GetServerSideProps } from "next";
import Link from "next/link";
import { loadRespond, respondentPage, type RespondProps } from "@/app/_server/respond";
import { AnswerSummary } from "@/components/response/answer-summary";
import { respondLinks } from "@/components/response/links";
import { RespondPage } from "@/components/response/respond-page";
import { ResponseTaskList } from "@/components/response/task-list";
import { Tag } from "@/components/ui/tag";
import { formatDateTime } from "@/lib/format";
import { PrivacyNotice } from "@/components/public/privacy-notice";
import { consentRequired } from "@/lib/public/consent";
import { DEFAULT_PUBLIC_PRIVACY_NOTICE } from "@/lib/public/queries";
import { listSubmissions } from "@/lib/responses/queries";
import { answerSummary, type ChapterProgress, type SnapshotChapter, type SummaryChapter } from "@/lib/responses/rules";

export const config = { unstable_runtimeJS: false };

type View = {
  slug: string;
  org: string | null;
  title: string;
  organisationName: string;
  saved: boolean;
  editBlockedReason: string | null;
  canEdit: boolean;
  submitted: boolean;
  submittedNote: string | null;
  status: { key: string; text: string };
  deadline: string;
  closesAt: string | null;
  currentStage: string | null;
  lastSaved: string | null;
  reference: string | null;
  chapters: SnapshotChapter[];
  progress: ChapterProgress[];
  completed: number;
  checkHref: string | null;
  checkBlockedReason: string;
  readOnly: SummaryChapter[] | null;
  history: { revision: number; submittedAt: string; by: string }[];
  /** A member of the public's own response. */
  isPublic: boolean;
  /** The privacy notice, shown before a member of the public answers anything. */
  privacyNotice: string | null;
  retentionMonths: number;
};

type Props = RespondProps<View>;

export const getServerSideProps: GetServerSideProps<Props> = respondentPage(async (c) => {
  const loaded = await loadRespond<View>(c);
  if ("result" in loaded) return loaded.result;
  const { db, ctx, href, shell } = loaded;
  const { consultation: co, response, progress } = ctx;
  const submitted = response?.status === "submitted";
  const history = response ? await listSubmissions(db, response.id) : [];
  const isPublic = ctx.respondentUserId !== null;
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
  const view: View = {
    slug: co.slug,
    org: ctx.organisationChoices.length > 1 ? ctx.organisation.id : null,
    title: co.title,
    organisationName: ctx.organisation.name,
    saved: c.query.saved === "1" && ctx.canEdit,
    editBlockedReason: ctx.editBlockedReason,
    canEdit: ctx.canEdit,
    submitted,
    submittedNote:
      submitted && response.reference && isPublic
        ? `You submitted your response on ${formatDateTime(response.submittedAt)}.`
        : submitted && response.reference
        ? `${ctx.organisation.name} submitted its response on ${formatDateTime(response.submittedAt)}${response.submittedByName ? ` (${response.submittedByName})` : ""}.`
        : null,
    status,
    deadline: `${co.closesAt ? formatDateTime(co.closesAt) : "No closing date"}${ctx.window === "closed" ? " (closed)" : ctx.window === "not_open_yet" ? " (not open yet)" : ""}`,
    closesAt: co.closesAt ? formatDateTime(co.closesAt) : null,
    currentStage: ctx.currentStage,
    lastSaved: response ? `${response.lastEditedByName ? `By ${response.lastEditedByName}, ` : ""}${formatDateTime(response.lastEditedAt)}` : null,
    reference: response?.reference ?? null,
    chapters: ctx.chapters,
    progress: progress.chapters,
    completed: progress.chapters.filter((p) => p.state === "completed").length,
    // Publishing consent and "about you" come before checking answers, where they apply.
    checkHref: canCheck && (!submitted || ctx.changedSinceSubmission) ? href(isPublic || consentRequired(co) ? "/details" : "/check") : null,
    checkBlockedReason: submitted
      ? "Change an answer first"
      : progress.missingRequired.length
        ? `Answer the required questions first (${progress.missingRequired.map((q) => q.number).join(", ")})`
        : "Answer at least one question first",
    readOnly:
      !ctx.canEdit && response
        ? answerSummary(ctx.chapters, submitted && history[0] ? new Map(Object.entries(history[0].answers as object)) : ctx.values, { answeredOnly: true })
        : null,
    history: history.map((h) => ({ revision: h.revision, submittedAt: formatDateTime(h.submittedAt), by: h.submittedByName ?? (isPublic ? "You" : "Removed user") })),
    isPublic,
    privacyNotice: isPublic && !response ? co.privacyNotice.trim() || DEFAULT_PUBLIC_PRIVACY_NOTICE : null,
    retentionMonths: co.retentionMonths,
  };
  return { props: { shell, problem: null, view } };
});

export default function RespondOverviewPage({ shell, problem, view: v, kept }: Props) {
  if (!v) return <RespondPage shell={shell} problem={problem} kept={kept} title="" />;
  const href = respondLinks(v.slug, v.org);
  return (
    <RespondPage shell={shell} problem={problem} title={`Your response: ${v.title}`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{v.isPublic ? "Responding as yourself" : `Responding for ${v.organisationName}`}</span>
          <h1 className="govuk-heading-l">{v.title}</h1>

          {v.saved && (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="saved-title">
                  Success
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">Your answers have been saved</p>
                <p className="govuk-body">
                  {v.isPublic ? "You can come back to them at any time" : `You and your colleagues at ${v.organisationName} can come back to them at any time`}
                  {v.closesAt ? ` before ${v.closesAt}` : ""}.
                </p>
              </div>
            </div>
          )}

          {v.editBlockedReason && (
            <div className="govuk-notification-banner" role="region" aria-labelledby="closed-title" data-testid="not-accepting">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title" id="closed-title">
                  Important
                </h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">{v.editBlockedReason}</p>
              </div>
            </div>
          )}

          {v.submittedNote && (
            <div className="govuk-inset-text" data-testid="submitted-note">
              {v.submittedNote} Reference: <strong>{v.reference}</strong>.
              {v.canEdit && <> You can change your answers until {v.closesAt}; submit again to send the changes.</>}
            </div>
          )}

          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Status</dt>
              <dd className="govuk-summary-list__value">
                <Tag status={v.status.key}>{v.status.text}</Tag>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Deadline</dt>
              <dd className="govuk-summary-list__value">{v.deadline}</dd>
            </div>
            {v.currentStage && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Current stage</dt>
                <dd className="govuk-summary-list__value">{v.currentStage}</dd>
              </div>
            )}
            {v.lastSaved && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Last saved</dt>
                <dd className="govuk-summary-list__value" data-testid="last-saved">
                  {v.lastSaved}
                </dd>
              </div>
            )}
            {v.reference && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Reference</dt>
                <dd className="govuk-summary-list__value">{v.reference}</dd>
              </div>
            )}
          </dl>

          {v.privacyNotice && <PrivacyNotice notice={v.privacyNotice} retentionMonths={v.retentionMonths} />}

          <p className="govuk-body">
            {v.isPublic
              ? "This is your own response: nobody else can see or change it. "
              : `One response is sent for ${v.organisationName}. Everyone at ${v.organisationName} who is signed up can add to it and sees the same answers. `}
            Read the{" "}
            <Link className="govuk-link" href={href("/privacy")}>
              privacy notice
            </Link>{" "}
            to find out how your information is used.
          </p>

          {v.canEdit ? (
            <>
              <h2 className="govuk-heading-m">{v.submitted ? "Change your answers" : "Your answers"}</h2>
              <p className="govuk-body">
                You have completed {v.completed} of {v.chapters.length} {v.chapters.length === 1 ? "chapter" : "chapters"}.
              </p>
              <ResponseTaskList
                chapters={v.chapters}
                progress={v.progress}
                chapterHref={(i) => href(`/chapter/${i + 1}`)}
                checkHref={v.checkHref}
                checkLabel={v.submitted ? "Check and submit your changes" : "Check your answers and submit"}
                checkBlockedReason={v.checkBlockedReason}
              />
            </>
          ) : (
            v.readOnly && (
              <>
                <h2 className="govuk-heading-m">
                  {v.isPublic
                    ? v.submitted
                      ? "What you submitted"
                      : "Your answers (not submitted)"
                    : v.submitted
                      ? "What your organisation submitted"
                      : "Your organisation's answers (not submitted)"}
                </h2>
                <AnswerSummary summary={v.readOnly} chapterCount={v.chapters.length} />
              </>
            )
          )}

          {v.history.length > 0 && (
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
                  {v.history.map((h) => (
                    <tr className="govuk-table__row" key={h.revision}>
                      <td className="govuk-table__cell">{h.revision === 1 ? "Original response" : `Amendment ${h.revision - 1}`}</td>
                      <td className="govuk-table__cell">{h.submittedAt}</td>
                      <td className="govuk-table__cell">{h.by}</td>
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
            <Link className="govuk-link" href={v.isPublic ? "/consultations" : "/"}>
              {v.isPublic ? "Back to consultations" : "Back to your consultations"}
            </Link>
          </p>
        </div>
      </div>
    </RespondPage>
  );
}

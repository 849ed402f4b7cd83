import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { OptionChart } from "@/components/collation/option-chart";
import { CommentThreads } from "@/components/drafting/comment-threads";
import { DateField, TextareaField } from "@/components/drafting/fields";
import { LinkedAnswer } from "@/components/drafting/linked-answer";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import { can } from "@/lib/auth/policy";
import { daysLeftText } from "@/lib/drafts/due-date";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { getReviewReport } from "@/lib/review/queries";
import { orPage, pageContext } from "@/app/_server/page";
import { sendForReviewAction } from "../drafting/actions";
import { addCommentAction, recordResolutionAction, setCommentStatusAction } from "./actions";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Review of the council's answers" };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const base = `/manage/${id}/review`;
  const { actor, db } = await pageContext(base);
  const report = await orPage(getReviewReport(db, { consultationId: id }, actor));
  const c = report.consultation;
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const signedOff = c.answerSetStatus === "signed_off";
  const canComment = can(actor, "review.comment", resource) && !signedOff;
  const canRecord = can(actor, "review.record_resolution", resource) && c.answerSetStatus === "in_review";
  const canSend = can(actor, "draft_answer.edit", resource) && c.answerSetStatus === "drafting";
  const allQuestions = report.chapters.flatMap((ch) => ch.questions);
  const links = Object.fromEntries(allQuestions.map((q) => [q.number, `#q-${q.number}`]));

  return (
    <>
      <h1 className="govuk-heading-l">Review of the council&apos;s answers</h1>
      <p className="govuk-body">
        <Tag status={c.answerSetStatus}>{label(c.answerSetStatus)}</Tag> Answer set version {c.answerSetVersion} ·{" "}
        {report.commentCounts.threads} comment {report.commentCounts.threads === 1 ? "thread" : "threads"}, {report.commentCounts.open} open
        {report.due ? ` · committee papers due ${formatDate(report.due.dueOn)} (${daysLeftText(report.due.daysLeft)})` : ""}
      </p>
      {c.answerSetStatus === "drafting" && (
        <div className="govuk-inset-text">
          The answers are still being drafted. The committee can read and comment on them now; an officer sends them for review when
          every question has an answer.
        </div>
      )}
      {c.answerSetStatus === "in_review" && report.sentForReview && (
        <div className="govuk-inset-text" data-testid="sent-for-review">
          Sent for review by {report.sentForReview.byName ?? "an officer"}, {formatDateTime(report.sentForReview.at)}.
        </div>
      )}
      {canSend && (
        <ActionForm action={sendForReviewAction} permalink={base}>
          <input type="hidden" name="consultationId" value={c.id} />
          <SubmitButton>Send for review</SubmitButton>
        </ActionForm>
      )}
      {signedOff && (
        <div className="govuk-inset-text">
          The answers have been signed off, so the review is closed.{" "}
          <Link className="govuk-link" href={`/manage/${c.id}/sign-off`}>
            See the sign-off
          </Link>
          .
        </div>
      )}

      <section aria-labelledby="resolution-heading" data-testid="resolutions">
        <h2 className="govuk-heading-m" id="resolution-heading">
          The committee&apos;s resolution
        </h2>
        <p className="govuk-body" data-testid="resolution-who">
          The officer records the committee&apos;s resolution here after the meeting
          {c.answerSetStatus === "drafting" ? ", once the answers have been sent for review" : ""}. Committee members comment on each answer below.
        </p>
        {report.resolutions.length === 0 && <p className="govuk-body">No resolution has been recorded yet.</p>}
        {report.resolutions.map((r) => (
          <div key={r.id} className="govuk-inset-text" data-testid="resolution">
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
              {r.committee}, {formatDate(r.meetingDate)}
            </p>
            <p className={`govuk-body ${styles.answer}`}>{r.text}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Recorded by {r.recordedByName}, {formatDateTime(r.recordedAt)}
            </p>
          </div>
        ))}
        {canRecord && (
          <details className="govuk-details" open={report.resolutions.length === 0}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Record the committee&apos;s resolution</span>
            </summary>
            <div className="govuk-details__text">
              <ActionForm action={recordResolutionAction} permalink={`${base}#resolution-heading`}>
                <input type="hidden" name="consultationId" value={c.id} />
                <DateField name="meetingDate" legend="Date of the meeting" hint="For example, 2 3 2026" />
                <TextField name="committee" label="Committee" defaultValue="Overview and Scrutiny Committee" />
                <TextareaField
                  name="text"
                  label="Resolution"
                  hint="As minuted, for example: agreed that the draft responses can be submitted subject to the comments on question 12"
                  rows={4}
                />
                <SubmitButton>Record resolution</SubmitButton>
              </ActionForm>
            </div>
          </details>
        )}
      </section>

      <nav aria-labelledby="contents-heading">
        <h2 className="govuk-heading-m" id="contents-heading">
          Contents
        </h2>
        <ol className="govuk-list govuk-list--number">
          {report.chapters.map((ch) => (
            <li key={ch.id}>
              <a className="govuk-link" href={`#ch-${ch.id}`}>
                {ch.title}
              </a>{" "}
              <span className="govuk-body-s">
                (questions {ch.questions[0]?.number}–{ch.questions[ch.questions.length - 1]?.number})
              </span>
            </li>
          ))}
        </ol>
      </nav>

      {report.chapters.map((ch) => (
        <section key={ch.id} aria-labelledby={`ch-${ch.id}`}>
          <h2 className="govuk-heading-l govuk-!-margin-top-8" id={`ch-${ch.id}`}>
            {ch.title}
          </h2>
          {ch.questions.map((q, i) => {
            const newSubheading = q.subheading && q.subheading !== ch.questions[i - 1]?.subheading;
            // Under a sub-heading (h3) a question is h4, otherwise h3; its parts one level below.
            const QH = q.subheading ? "h4" : "h3";
            const PH = q.subheading ? "h5" : "h4";
            return (
              <div key={q.id}>
                {newSubheading && <h3 className="govuk-heading-m govuk-!-margin-top-6">{q.subheading}</h3>}
                <section className={styles.question} id={`q-${q.number}`} aria-labelledby={`qh-${q.number}`} data-testid={`review-question-${q.number}`}>
                  <QH className="govuk-heading-m" id={`qh-${q.number}`}>
                    Question {q.number}
                  </QH>
                  <p className="govuk-body-l">{q.text}</p>

                  <PH className="govuk-heading-s">Partner views</PH>
                  <p className="govuk-body">
                    {q.partnerCount === 0
                      ? "No partner answered this question."
                      : `${plural(q.partnerCount, "partner")} answered.`}{" "}
                    {q.partnerCount > 0 && (
                      <Link className="govuk-link" href={`/manage/${c.id}/collate/${q.id}`}>
                        {q.partnerCount > q.partnerAnswers.length ? `Read all ${q.partnerCount} answers` : "Read them beside the draft"}
                        <span className="govuk-visually-hidden"> (partner answers to question {q.number})</span>
                      </Link>
                    )}
                  </p>
                  {q.summary?.options && q.summary.answered > 0 && <OptionChart summary={q.summary} questionNumber={q.number} />}
                  {q.partnerAnswers.length > 0 && !q.summary?.options && (
                    <ul className={styles.answerList}>
                      {q.partnerAnswers.map((a, j) => (
                        <li key={j}>
                          <p className={`govuk-body-s ${styles.answerMeta}`}>
                            <strong>{a.organisationName}</strong> · {label(a.organisationType)}
                          </p>
                          <p className={`govuk-body ${styles.answer}`}>{a.valueText}</p>
                        </li>
                      ))}
                    </ul>
                  )}

                  <PH className="govuk-heading-s">
                    The council&apos;s draft answer{" "}
                    {q.draft && <Tag status={q.draft.status}>{label(q.draft.status)}</Tag>}
                  </PH>
                  <div className={styles.draftPanel} data-testid={`review-draft-${q.number}`}>
                    <LinkedAnswer text={q.draft?.text ?? ""} links={links} selfNumber={q.number} />
                  </div>

                  <PH className="govuk-heading-s">Comments</PH>
                  <CommentThreads
                    consultationId={c.id}
                    questionId={q.id}
                    questionNumber={q.number}
                    threads={q.threads}
                    canComment={canComment}
                    permalink={`${base}#q-${q.number}`}
                    addCommentAction={addCommentAction}
                    setStatusAction={setCommentStatusAction}
                  />
                </section>
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}

// One question's (or one priority's) comment threads in the review, with reply, resolve / reopen and new-comment
// forms for those allowed to comment (plain forms; details elements need no script).
import { Tag } from "@/components/ui/tag";
import type { FormState } from "@/components/ui/form-state";
import { formatDateTime } from "@/lib/format";
import type { CommentThread } from "@/lib/review/queries";
import styles from "../collation/collation.module.scss";
import { TextareaField } from "./fields";
import { ScopedActionForm, ScopedDetails } from "./scoped-form";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function CommentThreads({
  subject,
  consultationId,
  questionId,
  questionNumber,
  threads,
  canComment,
  permalink,
  addCommentAction,
  setStatusAction,
  anchor = "question",
}: {
  /** The subject's hidden fields: `{ consultationId }` or `{ periodId }`. */
  subject?: Record<string, string>;
  consultationId?: string;
  /** The thread's anchor id: a question's, or a priority's (`anchor="priority"`). */
  questionId: string;
  questionNumber: string;
  anchor?: "question" | "priority";
  threads: CommentThread[];
  canComment: boolean;
  permalink: string;
  addCommentAction: Action;
  setStatusAction: Action;
}) {
  const subjectFields = Object.entries(subject ?? { consultationId: consultationId ?? "" }).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);
  const anchorField = anchor === "priority" ? "priorityId" : "questionId";
  const where = anchor === "priority" ? `priority ${questionNumber}` : `question ${questionNumber}`;
  return (
    <div data-testid={`comments-${questionNumber}`}>
      {threads.length === 0 && <p className="govuk-body govuk-hint">No comments on this {anchor === "priority" ? "priority" : "answer"}.</p>}
      {threads.map((t) => (
        <article key={t.id} id={`thread-${t.id}`} className={`${styles.thread}${t.status === "resolved" ? ` ${styles.threadResolved}` : ""}`} aria-label={`Comment by ${t.authorName ?? "someone"}`} data-testid="comment-thread">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>{t.authorName}</strong>, {formatDateTime(t.createdAt)}{" "}
            {t.status === "resolved" ? <Tag status="approved">Resolved</Tag> : <Tag status="in_review">Open</Tag>}
          </p>
          <p className={`govuk-body ${styles.answer}`}>{t.body}</p>
          {t.replies.map((r) => (
            <div key={r.id} className={styles.reply}>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                <strong>{r.authorName}</strong> replied, {formatDateTime(r.createdAt)}
              </p>
              <p className={`govuk-body ${styles.answer}`}>{r.body}</p>
            </div>
          ))}
          {t.status === "resolved" && t.resolvedByName && (
            <p className="govuk-body-s">
              Resolved by {t.resolvedByName}
              {t.resolvedAt ? `, ${formatDateTime(t.resolvedAt)}` : ""}
            </p>
          )}
          {canComment && (
            <div className={styles.inlineForms}>
              <ScopedActionForm action={setStatusAction} permalink={permalink} item={`thread-${t.id}`} idPrefix={`status-${t.id}`}>
                {subjectFields}
                <input type="hidden" name="commentId" value={t.id} />
                <input type="hidden" name="status" value={t.status === "resolved" ? "open" : "resolved"} />
                <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                  {t.status === "resolved" ? "Reopen" : "Resolve"}
                  <span className="govuk-visually-hidden"> the comment by {t.authorName} on {where}</span>
                </button>
              </ScopedActionForm>
              {/* The form around the toggle: what it said after a post shows above it, and a refused
                  reply opens it (ScopedDetails), so the error is never hidden in a closed toggle. */}
              <ScopedActionForm action={addCommentAction} permalink={permalink} item={`thread-${t.id}`} idPrefix={`reply-${t.id}`}>
                <ScopedDetails
                  className="govuk-details govuk-!-margin-bottom-2"
                  summary={
                    <>
                      Reply<span className="govuk-visually-hidden"> to the comment by {t.authorName} on {where}</span>
                    </>
                  }
                >
                  {subjectFields}
                  <input type="hidden" name={anchorField} value={questionId} />
                  <input type="hidden" name="parentId" value={t.id} />
                  <TextareaField name="body" label="Your reply" rows={3} />
                  <button type="submit" className="govuk-button govuk-!-margin-bottom-0">
                    Add reply
                  </button>
                </ScopedDetails>
              </ScopedActionForm>
            </div>
          )}
        </article>
      ))}
      {/* Open, not behind a "details" toggle: committee members read down the report and
          comment as they go, and a closed toggle per question read as "no way to comment". */}
      {canComment && (
        <ScopedActionForm action={addCommentAction} permalink={permalink} idPrefix={`comment-${questionId}`} testId={`comment-form-${questionNumber}`}>
          {subjectFields}
          <input type="hidden" name={anchorField} value={questionId} />
          <TextareaField name="body" label={anchor === "priority" ? `Your comment on priority ${questionNumber}` : `Your comment on the answer to question ${questionNumber}`} rows={3} />
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Add comment<span className="govuk-visually-hidden"> on {where}</span>
          </button>
        </ScopedActionForm>
      )}
    </div>
  );
}

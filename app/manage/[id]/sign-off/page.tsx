import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/collation/collation.module.scss";
import { ApprovalDecisions } from "@/components/drafting/approval-decisions";
import { RadiosField, TextareaField } from "@/components/drafting/fields";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import { can } from "@/lib/auth/policy";
import { formatDate, formatDateTime, label } from "@/lib/format";
import { listResolutions, openThreadsByQuestion } from "@/lib/review/queries";
import { getSignOffState } from "@/lib/signoff/queries";
import { orPage, pageContext } from "@/app/_server/page";
import { decideSignOffAction, reopenSignOffAction } from "./actions";

export const metadata: Metadata = { title: "Sign-off" };

export default async function SignOffPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const base = `/manage/${id}/sign-off`;
  const { actor, db } = await pageContext(base);
  const state = await orPage(getSignOffState(db, { consultationId: id }, actor));
  const c = state.consultation;
  const resource = { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId } as const;
  const [resolutions, openThreads] = await Promise.all([
    listResolutions(db, { consultationId: c.id }, actor),
    openThreadsByQuestion(db, { consultationId: c.id }, actor),
  ]);
  const canDecide = can(actor, "signoff.decide", resource) && c.answerSetStatus === "in_review";
  const canReopen = can(actor, "signoff.reopen", resource) && c.answerSetStatus === "signed_off";
  const approval = state.latestApproval;

  return (
    <>
      <h1 className="govuk-heading-l">Sign-off</h1>
      <p className="govuk-body">
        <Tag status={c.answerSetStatus}>{label(c.answerSetStatus)}</Tag> Answer set version {c.answerSetVersion}
      </p>

      {c.answerSetStatus === "signed_off" && approval && (
        <div className="govuk-panel govuk-panel--confirmation" data-testid="signed-off-panel">
          <h2 className="govuk-panel__title">Signed off</h2>
          <div className="govuk-panel__body">
            by {approval.decidedByName}, {formatDateTime(approval.decidedAt)}
          </div>
        </div>
      )}
      {c.answerSetStatus === "signed_off" && approval && (
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">SHA-256 of the approved answers</dt>
            <dd className="govuk-summary-list__value">
              <span className={styles.hash} data-testid="approved-hash">
                {approval.hash}
              </span>
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Check it</dt>
            <dd className="govuk-summary-list__value">
              <Link className="govuk-link" href={`${base}/verify`}>
                Verify that the stored answers still match
              </Link>
            </dd>
          </div>
        </dl>
      )}
      {c.answerSetStatus !== "signed_off" && approval?.reopenedAt && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="reopened-title" data-module="govuk-notification-banner" data-testid="reopened-banner">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="reopened-title">
              Reopened
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              The answers signed off as version {approval.answerSetVersion} were reopened as version {c.answerSetVersion}. They need signing off again.
            </p>
            <p className="govuk-body">
              Reopened by {approval.reopenedByName}, {formatDateTime(approval.reopenedAt)}: {approval.reopenReason}
            </p>
          </div>
        </div>
      )}
      {c.answerSetStatus === "drafting" && (
        <div className="govuk-inset-text">
          The answers are being drafted. An officer sends them for review; a signatory then approves them or returns them with a note.
        </div>
      )}

      {canDecide && (
        <section aria-labelledby="decide-heading">
          <h2 className="govuk-heading-m" id="decide-heading">
            Your decision
          </h2>
          {openThreads.length > 0 && (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Comments are still open on {openThreads.length === 1 ? "question" : "questions"} {openThreads.map((t) => t.number).join(", ")}.
              </strong>
            </div>
          )}
          {resolutions.length === 0 ? (
            <p className="govuk-body">The committee&apos;s resolution has not been recorded.</p>
          ) : (
            <div className="govuk-inset-text">
              {resolutions[0].committee}, {formatDate(resolutions[0].meetingDate)}: {resolutions[0].text}
            </div>
          )}
          <p className="govuk-body">
            You are approving exactly the {state.answers.length} answers below, whose SHA-256 fingerprint is{" "}
            <span className={styles.hash} data-testid="current-hash">
              {state.hash}
            </span>
            . If anyone changes an answer before you confirm, you will be asked to read them again.
          </p>
          <ActionForm action={decideSignOffAction} permalink={base}>
            <input type="hidden" name="consultationId" value={c.id} />
            <input type="hidden" name="expectedHash" value={state.hash} />
            <input type="hidden" name="seen" value={state.seen} />
            <RadiosField
              name="decision"
              legend="Do you approve the council's answers for submission?"
              options={[
                { value: "approved", text: "Approve", hint: "The answers are locked and can be submitted." },
                { value: "returned", text: "Return to the officers", hint: "Say what needs to change in the note." },
              ]}
            />
            <TextareaField name="note" label="Note" hint="Required when you return the answers" rows={4} />
            <SubmitButton>Confirm decision</SubmitButton>
          </ActionForm>
        </section>
      )}

      {canReopen && (
        <section aria-labelledby="reopen-heading">
          <h2 className="govuk-heading-m" id="reopen-heading">
            Reopen the answers
          </h2>
          <p className="govuk-body">
            Reopening unlocks the answers for editing as version {c.answerSetVersion + 1}. They will need signing off again. The sign-off
            above stays on record.
          </p>
          <ActionForm action={reopenSignOffAction} permalink={base}>
            <input type="hidden" name="consultationId" value={c.id} />
            <TextareaField name="reason" label="Why are you reopening the answers?" rows={3} />
            <SubmitButton secondary>Reopen the answers</SubmitButton>
          </ActionForm>
        </section>
      )}

      <h2 className="govuk-heading-m">{c.answerSetStatus === "signed_off" ? "The approved answers" : "The answers as they stand"}</h2>
      {state.emptyAnswers.length > 0 && (
        <p className="govuk-body">
          Still without an answer: {state.emptyAnswers.length === 1 ? "question" : "questions"} {state.emptyAnswers.join(", ")}.
        </p>
      )}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Read all {state.answers.length} answers</span>
        </summary>
        <div className="govuk-details__text">
          <dl className="govuk-summary-list">
            {state.answers.map((a) => (
              <div className="govuk-summary-list__row" key={a.questionId}>
                <dt className="govuk-summary-list__key">Question {a.number}</dt>
                <dd className="govuk-summary-list__value">
                  <p className={`govuk-body ${styles.answer}`}>{a.text || "No answer"}</p>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </details>

      <h2 className="govuk-heading-m">Decisions</h2>
      {state.decisions.length === 0 ? (
        <p className="govuk-body">No decision yet.</p>
      ) : (
        <ApprovalDecisions decisions={state.decisions} caption="Every sign-off decision, newest first" captionHidden approvedText="Approved" />
      )}
    </>
  );
}

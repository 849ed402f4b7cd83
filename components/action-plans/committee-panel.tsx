// The committee's part of a period's report: where it stands, the resolutions, sending it for
// review, signing it off (with the SHA-256 of exactly what is approved) or returning it, and
// reopening. The same forms and fields as the council's answers' review and sign-off.
import styles from "@/components/collation/collation.module.scss";
import { ApprovalDecisions } from "@/components/drafting/approval-decisions";
import { DateField, RadiosField, TextareaField } from "@/components/drafting/fields";
import { ActionForm, DrawnHidden, SubmitButton, TextField } from "@/components/ui/action-form";
import { Tag } from "@/components/ui/tag";
import type { FormState } from "@/components/ui/form-state";
import type { ReportCommittee } from "@/lib/action-plans/committee";
import { formatDate, formatDateTime } from "@/lib/format";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

const STATUS = { open: ["drafting", "Not yet sent to the committee"], in_review: ["in_review", "With the committee for review"], signed_off: ["approved", "Signed off"] } as const;

export function CommitteePanel({
  c,
  base,
  can,
  actions,
}: {
  c: ReportCommittee;
  base: string;
  can: { send: boolean; record: boolean; decide: boolean; reopen: boolean };
  actions: { send: Action; record: Action; decide: Action; reopen: Action };
}) {
  const [tag, text] = STATUS[c.status];
  const permalink = `${base}#committee`;
  return (
    <section aria-labelledby="committee" className="govuk-!-margin-bottom-6" data-testid="committee">
      <h2 className="govuk-heading-m" id="committee">
        The committee
      </h2>
      <p className="govuk-body" data-testid="committee-status">
        <Tag status={tag}>{text}</Tag> Version {c.version}
        {c.status === "in_review" && c.openThreads > 0 ? ` · ${c.openThreads} open comment ${c.openThreads === 1 ? "thread" : "threads"}` : ""}
      </p>
      {c.latestApproval && (
        <div className="govuk-inset-text" data-testid="approval">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            Signed off by {c.latestApproval.decidedByName}, {formatDateTime(c.latestApproval.decidedAt)}
          </h3>
          <div className="govuk-body">
            SHA-256 of what was approved (version {c.latestApproval.answerSetVersion}):{" "}
            <span className={styles.hash} data-testid="approved-hash">
              {c.latestApproval.hash}
            </span>
            <br />
            {c.verified ? "The stored report still matches it." : "The stored report no longer matches it."}
          </div>
        </div>
      )}
      {c.resolutions.length === 0 ? (
        <p className="govuk-body">No resolution has been recorded yet.</p>
      ) : (
        c.resolutions.map((r) => (
          <div key={r.id} className="govuk-inset-text" data-testid="resolution">
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
              {r.committee}, {formatDate(r.meetingDate)}
            </p>
            <p className={`govuk-body ${styles.answer}`}>{r.text}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Recorded by {r.recordedByName}, {formatDateTime(r.recordedAt)}
            </p>
          </div>
        ))
      )}
      {can.send && c.status === "open" && (
        <ActionForm action={actions.send} permalink={permalink}>
          <input type="hidden" name="periodId" value={c.periodId} />
          <p className="govuk-body">Scrutiny members are told and can comment on each priority; signatories can then sign it off.</p>
          <SubmitButton>Send the report to the committee</SubmitButton>
        </ActionForm>
      )}
      {can.record && c.status === "in_review" && (
        <details className="govuk-details" open={c.resolutions.length === 0}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Record the committee&apos;s resolution</span>
          </summary>
          <div className="govuk-details__text">
            <ActionForm action={actions.record} permalink={permalink}>
              <input type="hidden" name="periodId" value={c.periodId} />
              <DateField name="meetingDate" legend="Date of the meeting" hint="For example, 2 3 2026" />
              <TextField name="committee" label="Committee" defaultValue="Overview and Scrutiny Committee" />
              <TextareaField name="text" label="Resolution" hint="As minuted, for example: resolved to note the contents of the report" rows={3} />
              <SubmitButton>Record resolution</SubmitButton>
            </ActionForm>
          </div>
        </details>
      )}
      {can.decide && c.status === "in_review" && (
        <div data-testid="sign-off-form">
          <h3 className="govuk-heading-s">Sign off the report</h3>
          <p className="govuk-body">
            You are approving exactly this report as it stands, with the committee&apos;s resolution, whose SHA-256 fingerprint is{" "}
            <span className={styles.hash} data-testid="current-hash">
              {c.hash}
            </span>
            . Once signed off, the period&apos;s returns can no longer change. If anything changes before you confirm, you will be asked to read it again.
          </p>
          <ActionForm action={actions.decide} permalink={permalink}>
            <input type="hidden" name="periodId" value={c.periodId} />
            {/* The fingerprint of the report as it was when the page was opened: a refresh (a comment saved) must not move it to one not read. */}
            <DrawnHidden name="expectedHash" value={c.hash ?? ""} strict />
            <RadiosField
              name="decision"
              legend="Do you sign off the report?"
              options={[
                { value: "approved", text: "Sign off", hint: "The report and the period's returns are locked." },
                { value: "returned", text: "Return to the officers", hint: "Say what needs to change in the note." },
              ]}
            />
            <TextareaField name="note" label="Note" hint="Required when you return the report" rows={3} />
            <SubmitButton>Confirm decision</SubmitButton>
          </ActionForm>
        </div>
      )}
      {can.reopen && c.status === "signed_off" && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Reopen the report</span>
          </summary>
          <div className="govuk-details__text">
            <ActionForm action={actions.reopen} permalink={permalink}>
              <input type="hidden" name="periodId" value={c.periodId} />
              <TextareaField name="reason" label="Why are you reopening the report?" rows={3} />
              <SubmitButton secondary>Reopen the report</SubmitButton>
            </ActionForm>
          </div>
        </details>
      )}
      {c.decisions.length > 0 && (
        <ApprovalDecisions decisions={c.decisions} caption="Decisions" approvedText="Signed off" />
      )}
    </section>
  );
}

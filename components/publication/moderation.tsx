"use client";
// The moderator's forms: approve (one button, for a quick pass through the queue with the
// keyboard), withhold with a reason, redact a suggested passage in one press or a passage copied
// into the box, and remove a redaction. Each is a plain form that works without JavaScript.
import { ActionForm, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
type Key = { consultationId: string; responseId: string; questionId: string; version: number };

function Hidden({ k }: { k: Key }) {
  return (
    <>
      <input type="hidden" name="consultationId" value={k.consultationId} />
      <input type="hidden" name="responseId" value={k.responseId} />
      <input type="hidden" name="questionId" value={k.questionId} />
      <input type="hidden" name="baseVersion" value={k.version} />
    </>
  );
}

/**
 * Approve, as one button; `context` names the answer for screen readers. `item` is needed where
 * the page lists many answers (the queue); an answer's own page has one button and none.
 */
export function ApproveButton({ action, k, context, next, from, permalink, item }: { action: Action; k: Key; context: string; next?: string | null; from?: "item"; permalink: string; item?: string }) {
  return (
    <ActionForm action={action} permalink={permalink} item={item} className="app-inline-form">
      <Hidden k={k} />
      <input type="hidden" name="decision" value="approve" />
      {next && <input type="hidden" name="next" value={next} />}
      {from && <input type="hidden" name="from" value={from} />}
      <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
        {next !== undefined ? "Approve and go to the next" : "Approve"}
        <span className="govuk-visually-hidden"> {context}</span>
      </button>
    </ActionForm>
  );
}

export function WithholdForm({ action, k, next, permalink }: { action: Action; k: Key; next: string | null; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink}>
      <Hidden k={k} />
      <input type="hidden" name="decision" value="withhold" />
      <input type="hidden" name="from" value="item" />
      {next && <input type="hidden" name="next" value={next} />}
      <TextField name="withheldReason" label="Why is it withheld?" hint="Kept with the council; never published. For example: defamatory, names a member of staff." />
      <SubmitButton secondary>Withhold this answer</SubmitButton>
    </ActionForm>
  );
}

/** One press redacts a suggested passage (its offsets travel as hidden fields). */
export function RedactSuggestionButton({ action, k, start, end, reason, text, label, permalink, item }: { action: Action; k: Key; start: number; end: number; reason: string; text: string; label: string; permalink: string; item: string }) {
  return (
    <ActionForm action={action} permalink={permalink} item={item} className="app-inline-form">
      <Hidden k={k} />
      <input type="hidden" name="start" value={start} />
      <input type="hidden" name="end" value={end} />
      <input type="hidden" name="reason" value={reason} />
      <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-1" data-module="govuk-button">
        Redact “{text}”<span className="govuk-visually-hidden"> as {label}</span>
      </button>
    </ActionForm>
  );
}

export function RedactPassageForm({ action, k, reasons, permalink }: { action: Action; k: Key; reasons: { value: string; text: string }[]; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink}>
      <Hidden k={k} />
      <TextAreaField name="passage" label="Passage to redact" hint="Copy the words from the answer exactly, as few as will hide what must be hidden." rows={2} />
      <TextField name="occurrence" label="Which occurrence" hint="1 for the first time these words appear in the answer, 2 for the second, and so on." defaultValue="1" width="govuk-input--width-3" />
      <SelectField name="reason" label="Reason" options={[{ value: "", text: "Choose a reason" }, ...reasons]} />
      <TextField name="note" label="Note (optional; needed for Other)" />
      <SubmitButton>Redact passage</SubmitButton>
    </ActionForm>
  );
}

export function RemoveRedactionButton({ action, k, redactionId, label, permalink, item }: { action: Action; k: Key; redactionId: string; label: string; permalink: string; item: string }) {
  return (
    <ActionForm action={action} permalink={permalink} item={item} className="app-inline-form">
      <Hidden k={k} />
      <input type="hidden" name="redactionId" value={redactionId} />
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
        Remove<span className="govuk-visually-hidden"> the redaction: {label}</span>
      </button>
    </ActionForm>
  );
}

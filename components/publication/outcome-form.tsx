"use client";
// The outcome editor: three texts and a date, saved with the version they were edited from; a
// save over someone else's newer version shows theirs and keeps yours (ConflictError).
import { ActionForm, SubmitButton, TextAreaField, TextField, useFormState } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
type Texts = { weAsked: string; youSaid: string; weDid: string; outcomeDate: string };

function Conflict() {
  const state = useFormState();
  const theirs = state.conflict?.current as (Texts & { version: number }) | null | undefined;
  if (!state.conflict) return null;
  return (
    <div className="govuk-inset-text" data-testid="outcome-conflict">
      <h2 className="govuk-heading-s">The version saved by someone else</h2>
      {theirs ? (
        <>
          <p className="govuk-body"><strong>We asked:</strong> {theirs.weAsked}</p>
          <p className="govuk-body"><strong>You said:</strong> {theirs.youSaid}</p>
          <p className="govuk-body"><strong>We did:</strong> {theirs.weDid}</p>
          <p className="govuk-body">Your text is still in the boxes below. Reload the page to edit their version.</p>
        </>
      ) : (
        <p className="govuk-body">Reload the page to see it. Your text is still in the boxes below.</p>
      )}
    </div>
  );
}

function Version({ base }: { base: number }) {
  const state = useFormState();
  const v = state.ok && typeof state.values?.baseVersion === "string" ? state.values.baseVersion : String(base);
  return <input type="hidden" name="baseVersion" value={v} />;
}

export function OutcomeForm({ action, consultationId, version, texts, permalink }: { action: Action; consultationId: string; version: number; texts: Texts; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink} ownConflictView>
      <Conflict />
      <input type="hidden" name="consultationId" value={consultationId} />
      <Version base={version} />
      <TextAreaField name="weAsked" label="We asked" hint="What the consultation asked, in a sentence or two." defaultValue={texts.weAsked} rows={4} labelClass="govuk-label--m" />
      <TextAreaField name="youSaid" label="You said" hint="What people told you. The counts by respondent type are filled in from the responses; edit them into your summary." defaultValue={texts.youSaid} rows={6} labelClass="govuk-label--m" />
      <TextAreaField name="weDid" label="We did" hint="What the council decided or changed because of it." defaultValue={texts.weDid} rows={6} labelClass="govuk-label--m" />
      <TextField name="outcomeDate" label="Date of the outcome" hint="For example, 2026-12-04" defaultValue={texts.outcomeDate} width="govuk-input--width-10" />
      <SubmitButton>Save outcome</SubmitButton>
    </ActionForm>
  );
}

export function PublishOutcomeForm({ action, consultationId, version, publish, permalink }: { action: Action; consultationId: string; version: number; publish: boolean; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink}>
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="baseVersion" value={version} />
      <input type="hidden" name="publish" value={publish ? "yes" : "no"} />
      <SubmitButton secondary={!publish}>{publish ? "Publish outcome" : "Take the outcome down"}</SubmitButton>
    </ActionForm>
  );
}

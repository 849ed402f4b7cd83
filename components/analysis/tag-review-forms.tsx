"use client";
// The forms of a second officer's review: start a sample, code one sampled answer (blind: the
// form shows no one else's themes), and record the themes agreed where the two officers
// differ. Plain forms bound to server actions: they work without JavaScript.
import { ActionForm, SubmitButton, TextAreaField } from "@/components/ui/action-form";
import { REVIEW_SAMPLE } from "@/lib/analysis/schemas";
import { CheckboxGroup, PrefixedInput } from "./fields";

type Action = Parameters<typeof ActionForm>[0]["action"];
type ThemeOption = { id: string; name: string };

export function StartReviewForm({ action, consultationId, questionId, permalink }: { action: Action; consultationId: string; questionId: string; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink} idPrefix="start-">
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="questionId" value={questionId} />
      <PrefixedInput
        name="size"
        label="How many answers to code again"
        hint={`From ${REVIEW_SAMPLE.min} to ${REVIEW_SAMPLE.max}. They are drawn at random from answers another officer has marked analysed.`}
        defaultValue={String(REVIEW_SAMPLE.default)}
        width="govuk-input--width-4"
      />
      <SubmitButton>Start a review</SubmitButton>
    </ActionForm>
  );
}

export function CodeItemForm({ action, consultationId, reviewId, responseId, version, themes, respondent, permalink, item }: { action: Action; consultationId: string; reviewId: string; responseId: string; version: number; themes: ThemeOption[]; respondent: string; permalink: string; item: string }) {
  return (
    <ActionForm action={action} permalink={permalink} item={item} idPrefix={`code-${responseId.slice(0, 8)}-`}>
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="reviewId" value={reviewId} />
      <input type="hidden" name="responseId" value={responseId} />
      <input type="hidden" name="baseVersion" value={version} />
      <CheckboxGroup name="themeIds" legend={`Themes in the answer from ${respondent}`} options={themes.map((t) => ({ value: t.id, text: t.name }))} checked={[]} />
      <SubmitButton secondary>Save my themes</SubmitButton>
    </ActionForm>
  );
}

export function ResolveItemForm({ action, consultationId, reviewId, responseId, version, themes, checked, respondent, permalink, item }: { action: Action; consultationId: string; reviewId: string; responseId: string; version: number; themes: ThemeOption[]; checked: string[]; respondent: string; permalink: string; item: string }) {
  return (
    <ActionForm action={action} permalink={permalink} item={item} idPrefix={`resolve-${responseId.slice(0, 8)}-`}>
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="reviewId" value={reviewId} />
      <input type="hidden" name="responseId" value={responseId} />
      <input type="hidden" name="baseVersion" value={version} />
      <CheckboxGroup name="themeIds" legend={`Agreed themes for the answer from ${respondent}`} options={themes.map((t) => ({ value: t.id, text: t.name }))} checked={checked} />
      <TextAreaField name="note" label="Note on the decision (optional)" rows={2} />
      <SubmitButton secondary>Record agreed themes</SubmitButton>
    </ActionForm>
  );
}

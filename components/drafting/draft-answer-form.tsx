"use client";
// The council's answer to one question as a plain form: text, status, assignee and the
// version it started from (hidden). If someone saved in between, the server refuses and this
// form shows their text and the officer's side by side to merge — with or without JavaScript,
// since the conflict comes back as the action's state and is rendered like any error.
import { ActionForm, fieldId, useDrawnOnce, useFormState } from "@/components/ui/action-form";
import { LabelledSelect } from "@/components/ui/field-parts";
import type { FormState } from "@/components/ui/form-state";
import { label } from "@/lib/format";
import { EDITABLE_DRAFT_STATUSES } from "@/lib/drafts/statuses";
import styles from "../collation/collation.module.scss";

type Snapshot = { text: string; status: string; assigneeId: string | null; version: number; updatedByName?: string | null; updatedAt?: string | null };

export type DraftAnswerFormProps = {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  consultationId: string;
  questionId: string;
  questionNumber: string;
  draft: { text: string; status: string; assigneeId: string | null; version: number };
  officers: { id: string; name: string }[];
  /** The page's own URL, where the form posts without JavaScript. */
  permalink: string;
  rows?: number;
  /** The text box's label; by default "The council's answer to question N". */
  textLabel?: string;
};

export function DraftAnswerForm(props: DraftAnswerFormProps) {
  return (
    <ActionForm action={props.action} permalink={props.permalink} ownConflictView>
      <DraftFields {...props} />
    </ActionForm>
  );
}

function pick(values: Record<string, string | string[]> | undefined, name: string, fallback: string): string {
  const v = values?.[name];
  return v === undefined ? fallback : Array.isArray(v) ? (v[0] ?? fallback) : v;
}

function DraftFields({ consultationId, questionId, questionNumber, draft: stored, officers, rows = 10, textLabel }: DraftAnswerFormProps) {
  const state = useFormState();
  // The answer as the form was drawn, anew only after its own save: the page refreshes while an
  // officer writes (each tag or comment saved beside it), and a colleague's save arriving that
  // way must be met as a conflict on saving, not replace what is being written.
  const draft = useDrawnOnce(stored);
  const conflict = state.conflict as { current: Snapshot; attempted: Snapshot } | undefined;
  const error = state.errors?.text;
  const textId = fieldId("text");
  // After a conflict the save goes against the version that beat it; otherwise the one shown.
  const baseVersion = conflict ? conflict.current.version : Number(pick(state.values, "baseVersion", String(draft.version)));
  const text = conflict ? conflict.attempted.text : pick(state.values, "text", draft.text);
  const status = conflict ? conflict.attempted.status : pick(state.values, "status", draft.status === "approved" ? "ready_for_review" : draft.status);
  const assigneeId = conflict ? (conflict.attempted.assigneeId ?? "") : pick(state.values, "assigneeId", draft.assigneeId ?? "");
  // What the officer started from, so a save over a colleague's status or assignee change keeps it.
  const baseStatus = conflict ? conflict.current.status : pick(state.values, "baseStatus", draft.status);
  const baseAssigneeId = conflict ? (conflict.current.assigneeId ?? "") : pick(state.values, "baseAssigneeId", draft.assigneeId ?? "");
  const statusError = state.errors?.status;
  const assigneeError = state.errors?.assigneeId;
  const formKey = `${draft.version}|${baseVersion}|${state.message ?? ""}`;

  return (
    <div key={formKey}>
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="questionId" value={questionId} />
      <input type="hidden" name="baseVersion" value={baseVersion} />
      <input type="hidden" name="baseStatus" value={baseStatus} />
      <input type="hidden" name="baseAssigneeId" value={baseAssigneeId} />

      {conflict && (
        <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid="draft-conflict">
          <h2 className="govuk-error-summary__title">Someone else saved this answer after you started</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">
              {conflict.current.updatedByName ?? "Another officer"} saved version {conflict.current.version}. Nothing has been lost: their text
              and yours are both below.
            </p>
            <ul className="govuk-list govuk-error-summary__list">
              <li>
                <a href={`#${textId}`}>Merge their text into yours, then save the merged answer</a>
              </li>
            </ul>
          </div>
        </div>
      )}

      {conflict && (
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor={fieldId("theirs")}>
            Their text (version {conflict.current.version}
            {conflict.current.updatedByName ? `, saved by ${conflict.current.updatedByName}` : ""})
          </label>
          <textarea className="govuk-textarea" id={fieldId("theirs")} rows={rows} readOnly defaultValue={conflict.current.text} data-testid="their-text" />
        </div>
      )}

      <div className={`govuk-form-group${error || conflict ? " govuk-form-group--error" : ""}${conflict ? ` ${styles.conflict}` : ""}`}>
        <h2 className="govuk-label-wrapper">
          <label className="govuk-label govuk-label--m" htmlFor={textId}>
            {conflict ? "Your text: merge here, then save" : (textLabel ?? `The council's answer to question ${questionNumber}`)}
          </label>
        </h2>
        <div id={`${textId}-hint`} className="govuk-hint">
          To refer to another answer, write for example “As for 16 above.”
        </div>
        {error && (
          <p id={`${textId}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <textarea
          className={`govuk-textarea${error || conflict ? " govuk-textarea--error" : ""}`}
          id={textId}
          name="text"
          rows={rows}
          defaultValue={text}
          aria-describedby={[`${textId}-hint`, error && `${textId}-error`].filter(Boolean).join(" ")}
        />
      </div>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <LabelledSelect
            id={fieldId("status")}
            name="status"
            label="Status"
            className="govuk-!-width-full"
            error={statusError}
            value={status}
            options={EDITABLE_DRAFT_STATUSES.map((s) => ({ value: s, text: label(s) }))}
          />
        </div>
        <div className="govuk-grid-column-one-half">
          <LabelledSelect
            id={fieldId("assigneeId")}
            name="assigneeId"
            label="Assigned to"
            className="govuk-!-width-full"
            error={assigneeError}
            value={assigneeId}
            options={[{ value: "", text: "Nobody" }, ...officers.map((o) => ({ value: o.id, text: o.name }))]}
          />
        </div>
      </div>

      <button type="submit" className="govuk-button" data-module="govuk-button">
        {conflict ? "Save merged answer" : "Save answer"}
      </button>
    </div>
  );
}

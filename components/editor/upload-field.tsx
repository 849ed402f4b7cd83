"use client";
// A GOV.UK file upload inside an EditorForm, with its error beside it.
import { useEditorField } from "./editor-form";

export function UploadField({ name, label, hint, accept }: { name: string; label: string; hint?: string; accept?: string }) {
  const { error, id } = useEditorField(name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id={id} name={name} type="file" accept={accept} aria-describedby={describedBy} />
    </div>
  );
}

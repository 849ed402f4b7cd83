"use client";
// A GOV.UK file upload inside an EditorForm, with its error beside it.
import { useEditorField } from "./editor-form";
import { FieldError, FieldHint, fieldDescribedBy } from "@/components/ui/field-parts";

export function UploadField({ name, label, hint, accept }: { name: string; label: string; hint?: string; accept?: string }) {
  const { error, id } = useEditorField(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id={id} name={name} type="file" accept={accept} aria-describedby={fieldDescribedBy(id, hint, error)} />
    </div>
  );
}

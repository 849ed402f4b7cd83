// The pieces every GOV.UK form field repeats: the hint, the error message and the
// aria-describedby that ties them to the control. Plain markup: usable from server and
// client components alike.

/** Joins the ids of a field's hint and error for aria-describedby; undefined when neither. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** `aria-describedby` for the field `id` with an optional hint and error. */
export function fieldDescribedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null);
}

export function FieldHint({ id, hint }: { id: string; hint?: React.ReactNode }) {
  if (!hint) return null;
  return (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

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

/**
 * A labelled field's frame: the form group (marked when in error), the label, the hint and the
 * error message, then the control, which takes `fieldDescribedBy(id, hint, error)`.
 */
export function LabelledField({
  id,
  label,
  hint,
  error,
  labelClass,
  labelAs,
  children,
}: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  labelClass?: string;
  /** Wrap the label in a heading, as GOV.UK does when a page asks one question. */
  labelAs?: "h2" | "h3";
  children: React.ReactNode;
}) {
  const labelEl = (
    <label className={`govuk-label ${labelClass ?? "govuk-label--s"}`} htmlFor={id}>
      {label}
    </label>
  );
  const Heading = labelAs;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {Heading ? <Heading className="govuk-label-wrapper">{labelEl}</Heading> : labelEl}
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

export type SelectOption = { value: string; text: string };

/**
 * A labelled GOV.UK select: for an action form's field (SelectField) and for a plain GET form
 * drawn on the server. `value` is the option chosen when drawn.
 */
export function LabelledSelect({
  id,
  name,
  label,
  hint,
  error,
  labelClass,
  value,
  options,
  className,
}: {
  id: string;
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  labelClass?: string;
  value?: string;
  options: SelectOption[];
  /** More classes for the select (a width: `govuk-!-width-full`). */
  className?: string;
}) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <select
        key={value}
        className={`govuk-select${className ? ` ${className}` : ""}${error ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={fieldDescribedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * A GOV.UK details toggle around a form's fields, drawn open when the form's last post was
 * refused: the fields it hides, their errors (and a clash's both versions) are then in view,
 * without JavaScript too, as the page comes back from the post drawn with that state.
 */
export function RefusalDetails({ refused, summary, children, className = "govuk-details", testId }: { refused: boolean; summary: React.ReactNode; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <details className={className} open={refused || undefined} data-testid={testId}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

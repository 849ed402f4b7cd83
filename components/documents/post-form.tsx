// The form block the draft-document pages share (the comment page and the endorse page): a plain
// POST form with its hidden fields, one GOV.UK radios question and the "Save / Cancel" button
// group. Plain markup for the Pages Router's no-JavaScript pages; text fields use LabelledField
// (components/ui/field-parts.tsx).
import Link from "next/link";
import type { ReactNode } from "react";

export function PlainPostForm({ action, hidden, submitLabel, cancelHref, children }: { action: string; hidden: Record<string, string>; submitLabel: string; cancelHref: string; children: ReactNode }) {
  return (
    <form method="post" action={action} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" data-module="govuk-button">
          {submitLabel}
        </button>
        {/* data-form-cancel: a page that shows this form in place closes it instead (components/documents/enhance). */}
        <Link className="govuk-link" href={cancelHref} data-form-cancel="">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/**
 * One question answered by a radio button. The first option's id is `id`, so that the error
 * summary's link lands on it; the others are `${id}-${value}`.
 */
export function RadiosQuestion({
  id,
  name,
  legend,
  legendSize = "s",
  small = false,
  options,
  value,
  error,
}: {
  id: string;
  name: string;
  legend: ReactNode;
  legendSize?: "s" | "m";
  small?: boolean;
  options: { value: string; label: ReactNode }[];
  value: string;
  error?: string;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={error ? `${id}-error` : undefined}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {error && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className={`govuk-radios${small ? " govuk-radios--small" : ""}`} data-module="govuk-radios">
          {options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input className="govuk-radios__input" id={optionId} name={name} type="radio" value={o.value} defaultChecked={value === o.value} />
                <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

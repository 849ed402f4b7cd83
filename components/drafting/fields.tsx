"use client";
// Form fields that read the ActionForm's state (errors and what was typed), for the pages of
// drafting, review and sign-off: a textarea, radios and a GOV.UK date input.
import { fieldId, useFormState } from "@/components/ui/action-form";
import { useScopedForm } from "./scoped-form";
import { FieldError, FieldHint, fieldDescribedBy, LabelledField } from "@/components/ui/field-parts";

/** The form's state and field ids: a ScopedActionForm's if inside one, else the ActionForm's. */
function useField(name: string) {
  const scoped = useScopedForm();
  const plain = useFormState();
  const state = scoped?.state ?? plain;
  return { state, id: scoped ? `${scoped.idPrefix}-${fieldId(name)}` : fieldId(name) };
}

function typed(values: Record<string, string | string[]> | undefined, name: string, fallback = ""): string {
  const v = values?.[name];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v.join(",") : v;
}

export function TextareaField({
  name,
  label,
  hint,
  defaultValue,
  rows = 5,
  labelClass,
  labelAs,
}: {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  rows?: number;
  labelClass?: string;
  /** Wrap the label in a heading, as GOV.UK does when a page asks one question. */
  labelAs?: "h2" | "h3";
}) {
  const { state, id } = useField(name);
  const error = state.errors?.[name];
  const value = typed(state.values, name, defaultValue);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass} labelAs={labelAs}>
      <textarea
        key={value}
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-describedby={fieldDescribedBy(id, hint, error)}
      />
    </LabelledField>
  );
}

export function RadiosField({
  name,
  legend,
  hint,
  options,
  defaultValue,
  inline,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; text: string; hint?: string }[];
  defaultValue?: string;
  inline?: boolean;
}) {
  const { state, id } = useField(name);
  const error = state.errors?.[name];
  const value = typed(state.values, name, defaultValue);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={fieldDescribedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className={`govuk-radios${inline ? " govuk-radios--inline" : ""}`} key={value}>
          {options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  className="govuk-radios__input"
                  id={optionId}
                  name={name}
                  type="radio"
                  value={o.value}
                  defaultChecked={value === o.value}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                  {o.text}
                </label>
                {o.hint && (
                  <div id={`${optionId}-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK date input: fields `${name}-day`, `-month`, `-year`; the error is keyed by `name`. */
export function DateField({ name, legend, hint, defaultValue }: { name: string; legend: string; hint?: string; defaultValue?: { day: string; month: string; year: string } }) {
  const { state, id } = useField(name);
  const error = state.errors?.[name];
  const parts = [
    { key: "day", label: "Day", width: "govuk-input--width-2" },
    { key: "month", label: "Month", width: "govuk-input--width-2" },
    { key: "year", label: "Year", width: "govuk-input--width-4" },
  ] as const;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={fieldDescribedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className="govuk-date-input">
          {parts.map((p, i) => {
            const field = `${name}-${p.key}`;
            const v = typed(state.values, field, defaultValue?.[p.key] ?? "");
            const inputId = i === 0 ? id : `${id}-${p.key}`;
            return (
              <div className="govuk-date-input__item" key={p.key}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={inputId}>
                    {p.label}
                  </label>
                  <input
                    key={v}
                    className={`govuk-input govuk-date-input__input ${p.width}${error ? " govuk-input--error" : ""}`}
                    id={inputId}
                    name={field}
                    type="text"
                    inputMode="numeric"
                    defaultValue={v}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

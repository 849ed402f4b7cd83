"use client";
// The question bank's checkboxes: one per question found, with its type, options and the
// consultation it came from as the hint. Keeps what was ticked when the add is refused.
import { fieldId, useFormState } from "@/components/ui/action-form";
import { fieldDescribedBy } from "@/components/ui/field-parts";

export type BankChoice = { id: string; text: string; details: string[] };

export function BankChoices({ choices, legend }: { choices: BankChoice[]; legend: string }) {
  const state = useFormState();
  const error = state.errors?.questionIds;
  const ticked = new Set([state.values?.questionIds ?? []].flat());
  const id = fieldId("questionIds");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={fieldDescribedBy(id, true, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <div id={`${id}-hint`} className="govuk-hint">
          Select all that apply. Copies are added at the end of the chapter, numbered on from the last question; the originals are not changed.
        </div>
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" data-testid="bank-results">
          {choices.map((c, i) => {
            const itemId = i === 0 ? id : `${id}-${i}`;
            return (
              <div className="govuk-checkboxes__item" key={c.id} data-testid="bank-question">
                <input
                  className="govuk-checkboxes__input"
                  id={itemId}
                  name="questionIds"
                  type="checkbox"
                  value={c.id}
                  defaultChecked={ticked.has(c.id)}
                  aria-describedby={`${itemId}-details`}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={itemId}>
                  {c.text}
                </label>
                <div id={`${itemId}-details`} className="govuk-hint govuk-checkboxes__hint">
                  {c.details.map((d, k) => (
                    <span key={k} className="app-bank-detail">
                      {d}
                    </span>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

// The declaration on the check page: a single checkbox, with the submit's error beside it.
export function DeclarationField({ organisationName, error, checked }: { organisationName: string; error?: string; checked?: boolean }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={error ? "f-declaration-error" : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Declaration</h2>
        </legend>
        {error && (
          <p id="f-declaration-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="govuk-checkboxes">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="f-declaration"
              name="declaration"
              type="checkbox"
              value="yes"
              defaultChecked={checked}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="f-declaration">
              I confirm that I may submit this response on behalf of {organisationName}, and that the answers are correct to the
              best of my knowledge
            </label>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

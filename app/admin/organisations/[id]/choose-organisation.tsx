/**
 * The GET form that picks the organisation to merge into, on the organisation's page and again,
 * with the error beside it, on the merge page when nothing valid was picked. Works without JavaScript.
 */
export function ChooseOrganisationForm({ action, organisations, error }: { action: string; organisations: { id: string; name: string }[]; error?: string }) {
  return (
    <form method="get" action={action} noValidate>
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label" htmlFor="intoId">
          Organisation to keep
        </label>
        {error && (
          <p id="intoId-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <select
          className={`govuk-select${error ? " govuk-select--error" : ""}`}
          id="intoId"
          name="intoId"
          defaultValue=""
          aria-describedby={error ? "intoId-error" : undefined}
        >
          <option value="">Select an organisation</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Continue
      </button>
    </form>
  );
}

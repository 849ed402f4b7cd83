import { organisationChoicesText, type OrganisationChoices } from "@/lib/admin/organisations";
import { FindOrganisation, type OrganisationSearch } from "../../organisation-choice";

/**
 * The choice of the organisation to merge into, on the organisation's page and again, with the
 * error beside it, on the merge page when nothing valid was picked: a search (`org`, a GET form
 * back to `searchAction`) that narrows the choice to at most ORGANISATION_CHOICES organisations,
 * then the GET form that picks one. Works without JavaScript.
 */
export function ChooseOrganisationForm({
  action,
  searchAction,
  search,
  choices,
  error,
  chosen = "",
}: {
  action: string;
  searchAction: string;
  search: OrganisationSearch;
  choices: OrganisationChoices;
  error?: string;
  /** The organisation picked before, kept chosen when it was refused. */
  chosen?: string;
}) {
  const said = organisationChoicesText({ ...choices, count: choices.organisations.length });
  return (
    <>
      <FindOrganisation action={searchAction} search={search} label="Find an organisation" />
      <form method="get" action={action} noValidate>
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="intoId">
            Organisation to keep
          </label>
          <div id="intoId-hint" className="govuk-hint">
            {said}
          </div>
          {error && (
            <p id="intoId-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <select
            className={`govuk-select${error ? " govuk-select--error" : ""}`}
            id="intoId"
            name="intoId"
            defaultValue={chosen}
            aria-describedby={error ? "intoId-hint intoId-error" : "intoId-hint"}
          >
            <option value="">Select an organisation</option>
            {choices.organisations.map((o) => (
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
    </>
  );
}

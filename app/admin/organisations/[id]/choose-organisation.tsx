import { LabelledSelect } from "@/components/ui/field-parts";
import { organisationChoicesText, type OrganisationChoices } from "@/lib/admin/organisations";
import type { ReadSearch } from "@/lib/input/search";
import { FindOrganisation } from "../../organisation-choice";

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
  search: ReadSearch;
  choices: OrganisationChoices;
  error?: string;
  /** The organisation picked before, kept chosen when it was refused. */
  chosen?: string;
}) {
  const said = organisationChoicesText(choices);
  return (
    <>
      <FindOrganisation action={searchAction} search={search} choices={choices} label="Find an organisation" />
      <form method="get" action={action} noValidate>
        <LabelledSelect
          id="intoId"
          name="intoId"
          label="Organisation to keep"
          labelClass=""
          hint={said}
          error={error}
          value={chosen}
          options={[{ value: "", text: "Select an organisation" }, ...choices.organisations.map((o) => ({ value: o.id, text: o.name }))]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Continue
        </button>
      </form>
    </>
  );
}

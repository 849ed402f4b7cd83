// "Find an organisation" and the choice it gives, for the administrator's forms that choose one
// (a person's organisation and roles, an API key's, the organisation to merge into). The service
// may hold a hundred thousand organisations, so the choice lists at most ORGANISATION_CHOICES of
// them (lib/admin findOrganisations), and a GET search narrows it: both work without JavaScript.
import { SelectField } from "@/components/ui/action-form";
import { SearchForm } from "@/components/ui/search-form";
import { UntilHydrated } from "@/components/ui/until-hydrated";
import { label } from "@/lib/format";
import { organisationChoicesText, type OrganisationChoices } from "@/lib/admin/organisations";
import { ORGANISATION_SEARCH_MAX, type ReadSearch } from "@/lib/input/search";


/**
 * The GET form that narrows the choice: its text lands in the address as `org`, kept in the field
 * when refused. With JavaScript it updates the page in place (SearchForm inPlace), so what was
 * typed in the form below it stays, and what it found is said to screen readers; without, the
 * page reloads: say so with `withoutScript`.
 */
export function FindOrganisation({
  action,
  search,
  choices,
  label: text = "Find an organisation",
  hint = "All or part of its name.",
  withoutScript,
  hidden,
}: {
  action: string;
  search: ReadSearch;
  /** What the search found (the choice it narrows). */
  choices: OrganisationChoices;
  label?: string;
  hint?: string;
  /** Said after the hint until the page's scripts have taken over (UntilHydrated). */
  withoutScript?: string;
  hidden?: Record<string, string | undefined>;
}) {
  return (
    <SearchForm
      action={action}
      name="org"
      label={text}
      hint={
        withoutScript ? (
          <>
            {hint}
            <UntilHydrated> {withoutScript}</UntilHydrated>
          </>
        ) : (
          hint
        )
      }
      defaultValue={search.typed}
      error={search.error}
      button="Find"
      maxLength={ORGANISATION_SEARCH_MAX}
      hidden={hidden}
      noValidate
      inPlace
      status={choices.q ? organisationChoicesText(choices) : ""}
    />
  );
}

/** The choice itself, inside an action form: what the search found, and a line saying whether to search for more. */
export function OrganisationSelect({
  name = "organisationId",
  label: text = "Organisation",
  hint,
  choices,
  empty = "Select an organisation",
  withType = false,
}: {
  name?: string;
  label?: string;
  hint?: string;
  choices: OrganisationChoices;
  empty?: string;
  withType?: boolean;
}) {
  const said = organisationChoicesText(choices);
  return (
    <SelectField
      name={name}
      label={text}
      hint={hint ? `${hint} ${said}` : said}
      options={[{ value: "", text: empty }, ...choices.organisations.map((o) => ({ value: o.id, text: withType ? `${o.name} (${label(o.type)})` : o.name }))]}
    />
  );
}

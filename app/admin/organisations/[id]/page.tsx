import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { ASSIGNABLE_ORGANISATION_TYPES } from "@/db/schema/organisations";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { findOrganisations, getOrganisation } from "@/lib/admin/organisations";
import { readOrganisationSearch } from "@/lib/input/search";
import { label } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { renameOrganisationAction } from "../actions";
import { ChooseOrganisationForm } from "./choose-organisation";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";

export const metadata: Metadata = { title: "An organisation" };

export default async function OrganisationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/organisations/${id}`;
  const { actor, db } = await pageContext(base);
  const sp = await searchParams;
  const org = await orPage(getOrganisation(db, id, actor));
  // "Find the organisation to keep": a refused search says why at its field, keeps what was typed, and offers the first by name.
  const search = readOrganisationSearch(sp.org);
  const choices = await orPage(findOrganisations(db, { q: search.q, except: org.id }, actor));
  const merged = param(sp.merged) !== undefined;
  return (
    <>
      <ErrorSummaryView fields={{ org: search.error }} />
      <a href="/admin/organisations" className="govuk-back-link">
        Back to organisations
      </a>
      {merged && (
        <SuccessBanner titleId="merged-title" heading={<>Merged. Its people, invitations and responses are now {org.name}&rsquo;s.</>} />
      )}
      <span className="govuk-caption-l">Organisation</span>
      <h1 className="govuk-heading-l">{org.name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Name and type</h2>
          <ActionForm action={renameOrganisationAction} permalink={base}>
            <input type="hidden" name="organisationId" value={org.id} />
            <TextField name="name" label="Name" defaultValue={org.name} width="govuk-!-width-full" />
            <SelectField name="type" label="Type" defaultValue={org.type} options={ASSIGNABLE_ORGANISATION_TYPES.map((t) => ({ value: t, text: label(t) }))} />
            <SubmitButton>Save</SubmitButton>
          </ActionForm>

          <h2 className="govuk-heading-m" id="merge">
            Merge into another organisation
          </h2>
          <p className="govuk-body">
            If {org.name} is a duplicate of another organisation, merge it into that one: its people, invitations and responses move
            there, and {org.name} is removed from every list. You will be asked to confirm.
          </p>
          <ChooseOrganisationForm action={`${base}/merge`} searchAction={`${base}#merge`} search={search} choices={choices} />
        </div>
      </div>
    </>
  );
}

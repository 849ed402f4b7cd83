import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { getDb } from "@/db/client";
import { ORGANISATION_TYPES } from "@/db/schema/organisations";
import { listOrganisations } from "@/lib/admin/commands";
import { label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { createOrganisationAction } from "../actions";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage() {
  await requirePermission("admin.manage", { kind: "system" }, "/admin/organisations");
  const orgs = await listOrganisations(await getDb());
  return (
    <>
      <h1 className="govuk-heading-l">Organisations</h1>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{orgs.length} organisations</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Type</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {orgs.map((o) => (
            <tr className="govuk-table__row" key={o.id}>
              <td className="govuk-table__cell">{o.name}</td>
              <td className="govuk-table__cell">{label(o.type)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Add an organisation</h2>
      <ActionForm action={createOrganisationAction} permalink="/admin/organisations">
        <TextField name="name" label="Name" width="govuk-!-width-two-thirds" />
        <SelectField
          name="type"
          label="Type"
          options={[{ value: "", text: "Select a type" }, ...ORGANISATION_TYPES.map((t) => ({ value: t, text: label(t) }))]}
        />
        <SubmitButton>Add organisation</SubmitButton>
      </ActionForm>
    </>
  );
}

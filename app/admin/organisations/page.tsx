import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import Link from "next/link";
import { getDb } from "@/db/client";
import { ASSIGNABLE_ORGANISATION_TYPES } from "@/db/schema/organisations";
import { listOrganisationsWithCounts } from "@/lib/admin/organisations";
import { label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { createOrganisationAction } from "../actions";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage() {
  const actor = await requirePermission("admin.manage", { kind: "system" }, "/admin/organisations");
  const orgs = await listOrganisationsWithCounts(await getDb(), actor);
  return (
    <>
      <h1 className="govuk-heading-l">Organisations</h1>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{orgs.length} organisations</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Type</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Letterhead</span>
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {orgs.map((o) => (
            <tr className="govuk-table__row" key={o.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" href={`/admin/organisations/${o.id}`}>
                  {o.name}
                </Link>
              </td>
              <td className="govuk-table__cell">{label(o.type)}</td>
              <td className="govuk-table__cell">
                {o.type === "council" && (
                  <a className="govuk-link" href={`/admin/organisations/${o.id}/branding`}>
                    Letterhead<span className="govuk-visually-hidden"> of {o.name}</span>
                  </a>
                )}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{o.people}</td>
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
          options={[{ value: "", text: "Select a type" }, ...ASSIGNABLE_ORGANISATION_TYPES.map((t) => ({ value: t, text: label(t) }))]}
        />
        <SubmitButton>Add organisation</SubmitButton>
      </ActionForm>
    </>
  );
}

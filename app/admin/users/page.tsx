import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { getDb } from "@/db/client";
import { ROLES } from "@/db/schema/organisations";
import { listOrganisations, listUsersWithRoles } from "@/lib/admin/commands";
import { label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { createUserAction, grantRoleAction, revokeRoleAction } from "../actions";

export const metadata: Metadata = { title: "Users and roles" };

export default async function UsersPage() {
  const actor = await requirePermission("admin.manage", { kind: "system" }, "/admin/users");
  const db = await getDb();
  const [people, orgs] = await Promise.all([listUsersWithRoles(db, actor), listOrganisations(db)]);
  const orgOptions = [{ value: "", text: "Select an organisation" }, ...orgs.map((o) => ({ value: o.id, text: o.name }))];
  const roleOptions = [{ value: "", text: "Select a role" }, ...ROLES.map((r) => ({ value: r, text: label(r) }))];
  return (
    <>
      <h1 className="govuk-heading-l">Users and roles</h1>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{people.length} people</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Email</th>
            <th scope="col" className="govuk-table__header">Roles</th>
            <th scope="col" className="govuk-table__header">Sessions</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {people.map((p) => (
            <tr className="govuk-table__row" key={p.id}>
              <td className="govuk-table__cell">{p.erased ? "(erased)" : p.name}</td>
              <td className="govuk-table__cell">{p.erased ? "" : p.email}</td>
              <td className="govuk-table__cell">
                <ul className="govuk-list">
                  {p.roles.map((r) => (
                    <li key={r.membershipId}>
                      {label(r.role)}, {r.organisationName}{" "}
                      <ActionForm action={revokeRoleAction} permalink="/admin/users" className="app-inline-form">
                        <input type="hidden" name="membershipId" value={r.membershipId} />
                        <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0 govuk-!-font-size-16">
                          Remove<span className="govuk-visually-hidden"> {label(r.role)} role from {p.name}</span>
                        </button>
                      </ActionForm>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="govuk-table__cell">
                {!p.erased && (
                  <a className="govuk-link" href={`/admin/users/${p.id}/end-sessions`}>
                    End sessions<span className="govuk-visually-hidden"> of {p.name ?? p.email}</span>
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">Add a person</h2>
          <ActionForm action={createUserAction} permalink="/admin/users">
            <TextField name="name" label="Full name" autoComplete="off" />
            <TextField name="email" label="Email address" type="email" autoComplete="off" />
            <SelectField name="organisationId" label="Organisation" options={orgOptions} />
            <SelectField name="role" label="Role" options={roleOptions} />
            <SubmitButton>Add person</SubmitButton>
          </ActionForm>
        </div>
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">Give someone another role</h2>
          <ActionForm action={grantRoleAction} permalink="/admin/users">
            <SelectField
              name="userId"
              label="Person"
              options={[{ value: "", text: "Select a person" }, ...people.filter((p) => !p.erased).map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }))]}
            />
            <SelectField name="organisationId" label="Organisation" options={orgOptions} />
            <SelectField name="role" label="Role" options={roleOptions} />
            <SubmitButton>Add role</SubmitButton>
          </ActionForm>
        </div>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { ROLES } from "@/db/schema/organisations";
import { listOrganisations, listUsersWithRoles } from "@/lib/admin/commands";
import { label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { createUserAction, grantRoleAction, revokeRoleAction } from "../actions";

export const metadata: Metadata = { title: "Users and roles" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ remove?: string; removed?: string }> }) {
  const { remove, removed } = await searchParams;
  const actor = await requirePermission("admin.manage", { kind: "system" }, "/admin/users");
  const db = await getDb();
  const [people, orgs] = await Promise.all([listUsersWithRoles(db, actor), listOrganisations(db)]);
  const orgOptions = [{ value: "", text: "Select an organisation" }, ...orgs.map((o) => ({ value: o.id, text: o.name }))];
  const roleOptions = [{ value: "", text: "Select a role" }, ...ROLES.map((r) => ({ value: r, text: label(r) }))];
  // "Remove" links here with ?remove=<membership id>: the confirmation step, which works without JavaScript.
  const removing = typeof remove === "string" ? people.flatMap((p) => p.roles.filter((r) => r.membershipId === remove).map((r) => ({ person: p, role: r })))[0] : undefined;
  return (
    <>
      {removed && !removing && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="removed-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="removed-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Role removed</p>
          </div>
        </div>
      )}
      <h1 className="govuk-heading-l">Users and roles</h1>
      {removing && (
        <ConfirmStep
          title={`Are you sure you want to remove the ${label(removing.role.role).toLowerCase()} role at ${removing.role.organisationName} from ${removing.person.name ?? removing.person.email}?`}
          action={revokeRoleAction}
          hidden={{ membershipId: removing.role.membershipId }}
          confirmLabel="Yes, remove this role"
          cancelHref="/admin/users"
          permalink={`/admin/users?remove=${removing.role.membershipId}`}
          headingLevel={2}
        >
          <p className="govuk-body">They keep their account and any other roles. What they did in this role stays in the audit log.</p>
        </ConfirmStep>
      )}
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
              <td className="govuk-table__cell">
                {p.erased ? (
                  "(erased)"
                ) : (
                  <Link className="govuk-link" href={`/admin/users/${p.id}`}>
                    {p.name ?? p.email}
                  </Link>
                )}
                {p.deactivated && (
                  <>
                    {" "}
                    <Tag status="deactivated">Deactivated</Tag>
                  </>
                )}
              </td>
              <td className="govuk-table__cell">{p.erased ? "" : p.email}</td>
              <td className="govuk-table__cell">
                <ul className="govuk-list">
                  {p.roles.map((r) => (
                    <li key={r.membershipId}>
                      {label(r.role)}, {r.organisationName}{" "}
                      <a className="govuk-link app-delete-link" href={`/admin/users?remove=${r.membershipId}#confirm`}>
                        Remove<span className="govuk-visually-hidden"> {label(r.role)} role from {p.name}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="govuk-table__cell">
                {!p.erased && !p.deactivated && (
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
              options={[{ value: "", text: "Select a person" }, ...people.filter((p) => !p.erased && !p.deactivated).map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }))]}
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

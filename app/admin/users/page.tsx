import type { Metadata } from "next";
import Link from "next/link";
import { KeysetPager, withParams } from "@/components/collation/pager";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { SearchForm } from "@/components/ui/search-form";
import { Tag } from "@/components/ui/tag";
import { ROLES } from "@/db/schema/organisations";
import { countText } from "@/lib/admin/counts";
import { findOrganisations } from "@/lib/admin/organisations";
import { getRoleForRemoval, listPeople, type PeopleGroup } from "@/lib/admin/people";
import { readOrganisationSearch, readTextSearch, TEXT_SEARCH_MAX } from "@/lib/input/search";
import { label } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { createUserAction, revokeRoleAction } from "../actions";
import { FindOrganisation, OrganisationSelect } from "../organisation-choice";
import { SuccessBanner } from "@/components/ui/success-banner";

export const metadata: Metadata = { title: "Users and roles" };

const GROUPS: { group: PeopleGroup; text: string; hint: string }[] = [
  { group: "with-roles", text: "With a role", hint: "Council staff and partners." },
  { group: "without-roles", text: "Without a role", hint: "Members of the public who responded, and people whose roles were removed." },
];

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const { actor, db } = await pageContext("/admin/users");
  const removeId = param(sp.remove);
  // Each search refused (too long, a NUL) says why at its field, keeps what was typed, and lists as if none was made.
  const search = readTextSearch(sp.q);
  const orgSearch = readOrganisationSearch(sp.org);
  const [list, choices, removing] = await Promise.all([
    orPage(listPeople(db, { group: param(sp.show), q: search.q, after: param(sp.after), before: param(sp.before) }, actor)),
    orPage(findOrganisations(db, { q: orgSearch.q }, actor)),
    removeId ? getRoleForRemoval(db, removeId, actor) : null,
  ]);
  const removed = param(sp.removed);
  // The list as shown now: its group (the first is the default) and its search, kept by every link.
  const current = { show: list.group === "with-roles" ? undefined : list.group, q: list.q || undefined };
  const roleOptions = [{ value: "", text: "Select a role" }, ...ROLES.map((r) => ({ value: r, text: label(r) }))];
  const shown = GROUPS.find((g) => g.group === list.group)!;
  return (
    <>
      <ErrorSummaryView fields={{ q: search.error, org: orgSearch.error }} />
      {removed && !removing && (
        <SuccessBanner titleId="removed-title" heading="Role removed" />
      )}
      <h1 className="govuk-heading-l">Users and roles</h1>
      {removing && (
        <ConfirmStep
          title={`Are you sure you want to remove the ${label(removing.role).toLowerCase()} role at ${removing.organisationName} from ${removing.name ?? removing.email}?`}
          action={revokeRoleAction}
          hidden={{ membershipId: removing.membershipId }}
          confirmLabel="Yes, remove this role"
          cancelHref={withParams("/admin/users", current, {})}
          permalink={`/admin/users?remove=${removing.membershipId}`}
          headingLevel={2}
        >
          <p className="govuk-body">They keep their account and any other roles. What they did in this role stays in the audit log.</p>
        </ConfirmStep>
      )}
      <SearchForm
        action="/admin/users"
        label="Search by name or email address"
        defaultValue={search.typed}
        error={search.error}
        maxLength={TEXT_SEARCH_MAX}
        hidden={{ show: current.show }}
        noValidate
      />
      <nav className="govuk-!-margin-bottom-4" aria-label="Which people">
        <ul className="govuk-list app-inline-list">
          {GROUPS.map((g) => {
            const n = g.group === "with-roles" ? list.counts.withRoles : list.counts.withoutRoles;
            const href = withParams("/admin/users", { q: current.q }, { show: g.group === "with-roles" ? undefined : g.group });
            return (
              <li key={g.group}>
                {g.group === list.group ? (
                  <strong aria-current="page">
                    {g.text} ({countText(n)})
                  </strong>
                ) : (
                  <Link className="govuk-link" href={href}>
                    {g.text} ({countText(n)})
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      {list.people.length === 0 ? (
        <p className="govuk-body">{list.q ? `Nobody ${shown.text.toLowerCase()} matches “${list.q}”.` : `Nobody ${shown.text.toLowerCase()}.`}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {shown.text}: {list.total === 1 ? "1 person" : `${countText(list.total)} people`}
            {list.q ? ` matching “${list.q}”` : ""}
            <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{shown.hint}</span>
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Email</th>
              <th scope="col" className="govuk-table__header">Roles</th>
              <th scope="col" className="govuk-table__header">Sessions</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {list.people.map((p) => (
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
                        <a className="govuk-link app-delete-link" href={`${withParams("/admin/users", current, { remove: r.membershipId })}#confirm`}>
                          Remove<span className="govuk-visually-hidden"> {label(r.role)} role from {p.name ?? p.email}</span>
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
      )}
      <KeysetPager
        label="Pages of people"
        base="/admin/users"
        current={current}
        page={list}
        hiddenSuffix=" page of people"
      />

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="add">
            Add a person
          </h2>
          <p className="govuk-body">To give someone already listed another role, open their page.</p>
          <FindOrganisation
            action="/admin/users#add"
            search={orgSearch}
            choices={choices}
            label="Find their organisation"
            hint="All or part of its name."
            withoutScript="Without JavaScript, find it before you fill in the form below: the search reloads the page, which does not keep what you typed there."
            hidden={current}
          />
          <ActionForm action={createUserAction} permalink={withParams("/admin/users", current, { org: orgSearch.q || undefined })}>
            <TextField name="name" label="Full name" autoComplete="off" />
            <TextField name="email" label="Email address" type="email" autoComplete="off" />
            <OrganisationSelect choices={choices} />
            <SelectField name="role" label="Role" options={roleOptions} />
            <SubmitButton>Add person</SubmitButton>
          </ActionForm>
        </div>
      </div>
    </>
  );
}

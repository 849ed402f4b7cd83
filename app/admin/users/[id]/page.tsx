import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { withParams } from "@/components/collation/pager";
import { Tag } from "@/components/ui/tag";
import { ROLES } from "@/db/schema/organisations";
import { findOrganisations } from "@/lib/admin/organisations";
import { getPerson } from "@/lib/admin/people";
import { readOrganisationSearch } from "@/lib/input/search";
import { formatDateTime, label } from "@/lib/format";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { grantRoleAction, revokeRoleAction } from "../../actions";
import { reactivatePersonAction, updatePersonAction } from "../actions";
import { FindOrganisation, OrganisationSelect } from "../../organisation-choice";
import { isUuid } from "@/lib/sql";
import { SuccessBanner } from "@/components/ui/success-banner";

export const metadata: Metadata = { title: "A person's details" };

const DONE: Record<string, string> = {
  deactivated: "deactivated. They cannot sign in, and their sessions have ended.",
  reactivated: "reactivated. They can sign in again.",
};

export default async function PersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const base = `/admin/users/${id}`;
  const { actor, db } = await pageContext(base);
  const sp = await searchParams;
  // "Find an organisation": a refused search says why at its field, keeps what was typed, and offers the first by name.
  const orgSearch = readOrganisationSearch(sp.org);
  const [person, choices] = await Promise.all([orPage(getPerson(db, id, actor)), orPage(findOrganisations(db, { q: orgSearch.q }, actor))]);
  const done = DONE[param(sp.done) ?? ""];
  const who = person.name ?? person.email;
  const permalink = withParams(base, {}, { org: orgSearch.q || undefined });
  const roleOptions = [{ value: "", text: "Select a role" }, ...ROLES.map((r) => ({ value: r, text: label(r) }))];
  return (
    <>
      <ErrorSummaryView fields={{ org: orgSearch.error }} />
      <a href="/admin/users" className="govuk-back-link">
        Back to users and roles
      </a>
      {done && (
        <SuccessBanner titleId="done-title" heading={<>{who} is {done}</>} />
      )}
      <span className="govuk-caption-l">Person</span>
      <h1 className="govuk-heading-l">
        {who}
        {person.deactivatedAt && (
          <>
            {" "}
            <Tag status="deactivated">Deactivated</Tag>
          </>
        )}
      </h1>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Details</h2>
          <FindOrganisation
            action={`${base}#org`}
            search={orgSearch}
            choices={choices}
            hint="All or part of its name: to move their roles to it, or to give them a role in it, below."
            withoutScript="Without JavaScript, the search reloads the page, which does not keep what you typed in the forms below."
          />
          <ActionForm action={updatePersonAction} permalink={permalink}>
            <input type="hidden" name="userId" value={person.id} />
            <TextField name="name" label="Full name" defaultValue={person.name ?? ""} autoComplete="off" />
            <TextField name="email" label="Email address" type="email" defaultValue={person.email} autoComplete="off" hint="They sign in with this address." />
            <OrganisationSelect choices={choices} hint="Choose an organisation to move every role they hold to it." empty="Keep their roles where they are" />
            <SubmitButton>Save details</SubmitButton>
          </ActionForm>

          <h2 className="govuk-heading-m">Roles</h2>
          {person.roles.length === 0 ? (
            <p className="govuk-body">No roles.</p>
          ) : (
            <ul className="govuk-list" data-testid="person-roles">
              {person.roles.map((r) => (
                <li key={r.membershipId} id={`role-${r.membershipId}`}>
                  {label(r.role)}, {r.organisationName}{" "}
                  <ActionForm action={revokeRoleAction} permalink={permalink} item={`role-${r.membershipId}`} className="app-inline-form">
                    <input type="hidden" name="membershipId" value={r.membershipId} />
                    <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0 govuk-!-font-size-16">
                      Remove<span className="govuk-visually-hidden"> {label(r.role)} role, {r.organisationName}</span>
                    </button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
          <h3 className="govuk-heading-s">Give them another role</h3>
          <ActionForm action={grantRoleAction} permalink={permalink} idPrefix="grant-">
            <input type="hidden" name="userId" value={person.id} />
            <OrganisationSelect choices={choices} />
            <SelectField name="role" label="Role" options={roleOptions} />
            <SubmitButton secondary>Add role</SubmitButton>
          </ActionForm>

          <h2 className="govuk-heading-m">Account</h2>
          {person.deactivatedAt ? (
            <>
              <p className="govuk-body">
                Deactivated {formatDateTime(person.deactivatedAt)}. They cannot sign in, are not offered as an assignee and are sent no
                notifications.
              </p>
              <ActionForm action={reactivatePersonAction} permalink={base}>
                <input type="hidden" name="userId" value={person.id} />
                <SubmitButton secondary>Reactivate {who}</SubmitButton>
              </ActionForm>
            </>
          ) : (
            <>
              <p className="govuk-body">Someone who has left: deactivate them. Their past work keeps their name.</p>
              <div className="govuk-button-group">
                <a className="govuk-button govuk-button--warning" href={`${base}/deactivate`} role="button" draggable="false">
                  Deactivate<span className="govuk-visually-hidden"> {who}</span>
                </a>
                <a className="govuk-link" href={`${base}/end-sessions`}>
                  End sessions<span className="govuk-visually-hidden"> of {who}</span>
                </a>
              </div>
            </>
          )}
        </div>
      </div>
    </>
  );
}

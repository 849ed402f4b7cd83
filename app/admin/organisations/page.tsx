import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import Link from "next/link";
import { KeysetPager } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { SearchForm } from "@/components/ui/search-form";
import { getDb } from "@/db/client";
import { ASSIGNABLE_ORGANISATION_TYPES } from "@/db/schema/organisations";
import { countText } from "@/lib/admin/counts";
import { listOrganisationsPage } from "@/lib/admin/organisations";
import { ORGANISATION_SEARCH_MAX, readOrganisationSearch } from "@/lib/input/search";
import { label } from "@/lib/format";
import { orPage, param, type SearchParams } from "@/app/_server/page";
import { requirePermission } from "../../_server/session";
import { createOrganisationAction } from "../actions";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const actor = await requirePermission("admin.manage", { kind: "system" }, "/admin/organisations");
  // A refused search (too long, a NUL) says why at its field, keeps what was typed, and lists as if none was made.
  const search = readOrganisationSearch(sp.q);
  const list = await orPage(listOrganisationsPage(await getDb(), { q: search.q, after: param(sp.after), before: param(sp.before) }, actor));
  const orgs = list.rows;
  const current = { q: list.q || undefined };
  return (
    <>
      <ErrorSummaryView fields={{ q: search.error }} />
      <h1 className="govuk-heading-l">Organisations</h1>
      <SearchForm
        action="/admin/organisations"
        label="Search organisations"
        defaultValue={search.typed}
        error={search.error}
        maxLength={ORGANISATION_SEARCH_MAX}
        noValidate
      />
      {orgs.length === 0 ? (
        <p className="govuk-body">{list.q ? `No organisations match “${list.q}”.` : "No organisations yet."}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {list.total === 1 ? "1 organisation" : `${countText(list.total)} organisations`}
            {list.q ? ` matching “${list.q}”` : ""}
          </caption>
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
      )}
      <KeysetPager
        label="Pages of organisations"
        base="/admin/organisations"
        current={current}
        page={list}
        hiddenSuffix=" page of organisations"
      />
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

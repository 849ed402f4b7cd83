import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { Tag } from "@/components/ui/tag";
import { getDb } from "@/db/client";
import { API_KEY_SCOPES } from "@/db/schema/system";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { findOrganisations } from "@/lib/admin/organisations";
import { readOrganisationSearch } from "@/lib/input/search";
import { listApiKeys } from "@/lib/api-keys/queries";
import { formatDateTime, label } from "@/lib/format";
import { requirePermission } from "../../_server/session";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { CreatedKey } from "./created-key";
import { FindOrganisation, OrganisationSelect } from "../organisation-choice";
import { SuccessBanner } from "@/components/ui/success-banner";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

const SCOPE_TEXT: Record<string, string> = {
  read: "Read only",
  read_write: "Read and write",
};

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<{ revoked?: string; revoke?: string; org?: string | string[] }> }) {
  const { revoked, revoke, org } = await searchParams;
  const actor = await requirePermission("admin.manage", { kind: "system" }, "/admin/api-keys");
  const db = await getDb();
  // "Find an organisation": a refused search says why at its field, keeps what was typed, and offers the first by name.
  const orgSearch = readOrganisationSearch(org);
  const [keys, choices] = await Promise.all([listApiKeys(db, actor), findOrganisations(db, { q: orgSearch.q }, actor)]);
  const permalink = orgSearch.q ? `/admin/api-keys?org=${encodeURIComponent(orgSearch.q)}` : "/admin/api-keys";
  const active = keys.filter((k) => !k.revokedAt);
  // "Revoke" links here with ?revoke=<id>: the confirmation step, which works without JavaScript.
  const toRevoke = typeof revoke === "string" ? active.find((k) => k.id === revoke) : undefined;
  return (
    <>
      <ErrorSummaryView fields={{ org: orgSearch.error }} />
      {toRevoke && (
        <ConfirmStep
          title={`Are you sure you want to revoke the API key “${toRevoke.name}”?`}
          action={revokeApiKeyAction}
          hidden={{ apiKeyId: toRevoke.id }}
          confirmLabel="Yes, revoke this key"
          cancelHref="/admin/api-keys"
          permalink={`/admin/api-keys?revoke=${toRevoke.id}`}
          headingLevel={2}
        >
          <p className="govuk-body">
            {toRevoke.organisationName}&apos;s systems using it (it starts <code>{toRevoke.prefix}</code>) will be refused from the next request. This cannot be undone: a new key
            would have to be made and given to them.
          </p>
        </ConfirmStep>
      )}
      {revoked && (
        <SuccessBanner titleId="revoked-title" heading={<>API key &ldquo;{revoked.slice(0, 100)}&rdquo; revoked. Requests with it are refused from now on.</>} />
      )}
      <h1 className="govuk-heading-l">API keys</h1>
      <p className="govuk-body">
        Other systems use an API key to read consultations and responses, submit an organisation&apos;s response or work on the council&apos;s
        draft answers through the <Link className="govuk-link" href="/api-docs">public API</Link>. Each key acts for one organisation: a
        council&apos;s key sees all responses to that council&apos;s consultations; a partner&apos;s key sees only its own organisation&apos;s.
      </p>

      <table className="govuk-table" data-testid="api-keys">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {plural(active.length, "key in use", "keys in use")}
          {keys.length > active.length ? `, ${keys.length - active.length} revoked` : ""}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Organisation</th>
            <th scope="col" className="govuk-table__header">Can</th>
            <th scope="col" className="govuk-table__header">Starts with</th>
            <th scope="col" className="govuk-table__header">Last used</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {keys.length === 0 && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={6}>
                No API keys yet.
              </td>
            </tr>
          )}
          {keys.map((k) => (
            <tr className="govuk-table__row" key={k.id}>
              <td className="govuk-table__cell">
                {k.name}
                <br />
                <span className="govuk-body-s govuk-!-margin-bottom-0">
                  Created {formatDateTime(k.createdAt)}
                  {k.createdByName ? ` by ${k.createdByName}` : ""}
                </span>
              </td>
              <td className="govuk-table__cell">{k.organisationName}</td>
              <td className="govuk-table__cell">{SCOPE_TEXT[k.scope] ?? label(k.scope)}</td>
              <td className="govuk-table__cell">
                <code>{k.prefix}…</code>
              </td>
              <td className="govuk-table__cell">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</td>
              <td className="govuk-table__cell">
                {k.revokedAt ? (
                  <>
                    <Tag status="closed">Revoked</Tag>
                    <br />
                    <span className="govuk-body-s">{formatDateTime(k.revokedAt)}</span>
                  </>
                ) : (
                  <Link className="govuk-link app-delete-link" href={`/admin/api-keys?revoke=${k.id}#confirm`}>
                    Revoke<span className="govuk-visually-hidden"> the key {k.name}</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="create">
            Create an API key
          </h2>
          <FindOrganisation
            action="/admin/api-keys#create"
            search={orgSearch}
            choices={choices}
            label="Find an organisation"
            hint="All or part of its name."
            withoutScript="Without JavaScript, find it before you fill in the form below: the search reloads the page, which does not keep what you typed there."
          />
          <ActionForm action={createApiKeyAction} permalink={permalink}>
            <CreatedKey />
            <TextField name="name" label="Name" hint="Say which system will use it, for example “Police records system”" autoComplete="off" width="govuk-!-width-two-thirds" />
            <OrganisationSelect label="Organisation the key acts for" choices={choices} withType />
            <SelectField
              name="scope"
              label="What the key may do"
              hint="Read only: consultations, responses, summaries and exports. Read and write also: create consultations, submit responses, save draft answers — as the organisation's role allows."
              options={[{ value: "", text: "Select" }, ...API_KEY_SCOPES.map((s) => ({ value: s, text: SCOPE_TEXT[s] ?? s }))]}
            />
            <SubmitButton>Create API key</SubmitButton>
          </ActionForm>
          <p className="govuk-body-s">
            The key is shown once, when it is created. The service keeps only a fingerprint (SHA-256) of it, so it cannot be shown again: if
            it is lost, revoke it and create another.
          </p>
        </div>
      </div>
    </>
  );
}

// Campaigns: the consultation's groups of near-identical public responses, with their counts,
// the shared text and the officer's label; ?group= lists one group's responses.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { listCampaignGroups, listCampaignResponses } from "@/lib/public/campaigns";
import { can } from "@/lib/auth/policy";
import { formatDateTime } from "@/lib/format";
import { CAMPAIGN_LABEL_MAX } from "@/lib/public/schemas";
import { orPage, pageContext, param, type SearchParams } from "../../collate/_page";
import { campaignLabelAction } from "./actions";
import { consultationFor } from "@/lib/collation/access";

export const metadata: Metadata = { title: "Campaigns" };

function SharedText({ text }: { text: string }) {
  if (!text) return <p className="govuk-body govuk-hint">No free text.</p>;
  return (
    <div className="govuk-inset-text" data-testid="campaign-text">
      {text.split(/\n{2,}/).map((p, i) => (
        <p className="govuk-body" key={i} style={{ whiteSpace: "pre-line" }}>
          {p}
        </p>
      ))}
    </div>
  );
}

export default async function CampaignsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const sp = await searchParams;
  const base = `/manage/${id}/responses/campaigns`;
  const { actor, db } = await pageContext(base);
  const groups = await orPage(listCampaignGroups(db, id, actor));
  const c = await orPage(consultationFor(db, id, "consultation.read_responses", actor));
  const mayLabel = can(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const groupId = param(sp.group);
  const group = groupId ? groups.find((g) => g.id === groupId) : undefined;
  const members = group ? await orPage(listCampaignResponses(db, { consultationId: id, groupId: group.id }, actor)) : [];

  if (groupId && group) {
    const self = `${base}?group=${group.id}`;
    return (
      <>
        <Link href={base} className="govuk-back-link">
          All campaigns
        </Link>
        <h1 className="govuk-heading-l">{group.label || "Unlabelled campaign"}</h1>
        <p className="govuk-body" data-testid="campaign-count">
          {group.responseCount.toLocaleString("en-GB")} {group.responseCount === 1 ? "response" : "responses"} with near-identical text. Every one is kept
          and counted.
        </p>
        <h2 className="govuk-heading-m">The text they share</h2>
        <SharedText text={group.sharedText} />
        {mayLabel && (
          <ActionForm action={campaignLabelAction} permalink={self}>
            <input type="hidden" name="consultationId" value={id} />
            <input type="hidden" name="groupId" value={group.id} />
            <TextField name="label" label="Label" hint={`A name for this campaign, for example “Save the library postcard”. Up to ${CAMPAIGN_LABEL_MAX} characters; leave blank to clear.`} defaultValue={group.label} />
            <SubmitButton>Save label</SubmitButton>
          </ActionForm>
        )}
        <table className="govuk-table" data-testid="campaign-responses">
          <caption className="govuk-table__caption govuk-table__caption--m">Responses in this campaign</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Response</th>
              <th scope="col" className="govuk-table__header">Submitted</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {members.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/manage/${id}/responses/${r.id}`}>
                    {r.publicReference ?? r.reference ?? "Response"}
                  </Link>
                </td>
                <td className="govuk-table__cell">{r.submittedAt ? formatDateTime(r.submittedAt) : "Not submitted"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }

  return (
    <>
      <Link href={`/manage/${id}/responses`} className="govuk-back-link">
        Responses
      </Link>
      <h1 className="govuk-heading-l">Campaigns</h1>
      <p className="govuk-body">
        Public responses with near-identical text are grouped here as a campaign. They are never dropped: each one is kept and counted.
      </p>
      {groupId && <p className="govuk-error-message">That campaign is not in this consultation.</p>}
      {groups.length === 0 ? (
        <p className="govuk-body" data-testid="no-campaigns">No campaigns have been found in the responses.</p>
      ) : (
        <table className="govuk-table" data-testid="campaign-groups">
          <caption className="govuk-table__caption govuk-visually-hidden">Campaign groups</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Campaign</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Responses</th>
              <th scope="col" className="govuk-table__header">Text they share</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {groups.map((g) => (
              <tr className="govuk-table__row" key={g.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" href={`${base}?group=${g.id}`}>
                    {g.label || "Unlabelled campaign"}
                  </Link>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{g.responseCount.toLocaleString("en-GB")}</td>
                <td className="govuk-table__cell">{g.sharedText.length > 300 ? `${g.sharedText.slice(0, 300)}…` : g.sharedText || "No free text"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// Campaigns: the consultation's groups of near-identical public responses, with their counts,
// the shared text and the officer's label, 50 groups a page; ?group= shows one group and its
// responses, 100 a page. Both lists are paged by keyset (?after= the last row of the page before).
import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/collation/pager";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import { getCampaignGroup, listCampaignGroups, listCampaignResponses } from "@/lib/public/campaigns";
import { can } from "@/lib/auth/policy";
import { formatDateTime } from "@/lib/format";
import { CAMPAIGN_LABEL_MAX } from "@/lib/public/schemas";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";
import { campaignLabelAction } from "./actions";
import { consultationFor } from "@/lib/collation/access";
import { plural } from "@/lib/text/plural";

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
  const c = await orPage(consultationFor(db, id, "consultation.read_responses", actor));
  const mayLabel = can(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const groupId = param(sp.group);
  const after = param(sp.after);

  if (groupId) {
    const group = await orPage(getCampaignGroup(db, { consultationId: id, groupId }, actor));
    const { responses: members, next } = await orPage(listCampaignResponses(db, { consultationId: id, groupId: group.id, after }, actor));
    const self = `${base}?group=${group.id}`;
    return (
      <>
        <Link href={base} className="govuk-back-link">
          All campaigns
        </Link>
        <h1 className="govuk-heading-l">{group.label || "Unlabelled campaign"}</h1>
        <p className="govuk-body" data-testid="campaign-count">
          {plural(group.responseCount, "response")} with near-identical text. Every one is kept
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
        <Table caption={after ? "Responses in this campaign (continued)" : "Responses in this campaign"} captionSize="m" columns={["Response", "Submitted"]} data-testid="campaign-responses">
          {members.map((r) => (
            <Tr key={r.id}>
              <Td>
                <Link className="govuk-link" href={`/manage/${id}/responses/${r.id}`}>
                  {r.publicReference ?? r.reference ?? "Response"}
                </Link>
              </Td>
              <Td>{r.submittedAt ? formatDateTime(r.submittedAt) : "Not submitted"}</Td>
            </Tr>
          ))}
        </Table>
        <Pager label="Pages of the campaign's responses" prevHref={after ? self : null} prevText="First page" nextHref={next ? `${self}&after=${next}` : null} />
      </>
    );
  }

  const { groups, next, total } = await orPage(listCampaignGroups(db, id, actor, { after }));
  return (
    <>
      <Link href={`/manage/${id}/responses`} className="govuk-back-link">
        Responses
      </Link>
      <h1 className="govuk-heading-l">Campaigns</h1>
      <p className="govuk-body">
        Public responses with near-identical text are grouped here as a campaign. They are never dropped: each one is kept and counted.
      </p>
      {total === 0 ? (
        <p className="govuk-body" data-testid="no-campaigns">No campaigns have been found in the responses.</p>
      ) : (
        <>
          <p className="govuk-body" data-testid="campaign-total">
            {plural(total, "campaign")}, largest first.
          </p>
          <Table caption="Campaign groups" captionClassName="govuk-visually-hidden" columns={["Campaign", { label: "Responses", numeric: true }, "Text they share"]} data-testid="campaign-groups">
            {groups.map((g) => (
              <Tr key={g.id}>
                <RowHeader>
                  <Link className="govuk-link" href={`${base}?group=${g.id}`}>
                    {g.label || "Unlabelled campaign"}
                  </Link>
                </RowHeader>
                <Td numeric>{g.responseCount.toLocaleString("en-GB")}</Td>
                <Td>{g.sharedText.length > 300 ? `${g.sharedText.slice(0, 300)}…` : g.sharedText || "No free text"}</Td>
              </Tr>
            ))}
          </Table>
          <Pager label="Pages of campaigns" prevHref={after ? base : null} prevText="First page" nextHref={next ? `${base}?after=${next}` : null} />
        </>
      )}
    </>
  );
}

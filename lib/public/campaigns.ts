// The officers' view of campaigns (issue 18): the groups of near-identical public responses to a
// consultation (lib/public/campaign.ts makes them), each with its count, the text the responses
// share (the first one's free text), a label the officer sets, and its responses. Every response
// stays and counts; a group only flags them.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { answers, campaignGroups, questions, responses, sections } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { writeAudit } from "../audit";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { InvalidError, NotFoundError } from "../errors";
import { campaignLabelSchema } from "./schemas";

export type CampaignGroupRow = { id: string; label: string; responseCount: number; sharedText: string; createdAt: Date };

/** Groups on a page of the campaigns list, and responses on a page of one group. */
export const CAMPAIGN_GROUPS_PAGE = 50;
export const CAMPAIGN_RESPONSES_PAGE = 100;

/** A page's cursor: the id of the last row of the page before; anything else starts at the first page. */
const cursorOf = (after: string | undefined) => (after && isUuid(after) ? after : undefined);
const pageSize = (limit: number | undefined, max: number) => Math.min(Math.max(limit ?? max, 1), max);

/** The text the groups' responses share: the first response's free-text answers, in question order. */
async function withSharedText(db: Db, groups: (typeof campaignGroups.$inferSelect)[]): Promise<CampaignGroupRow[]> {
  const firstIds = groups.map((g) => g.firstResponseId).filter((id): id is string => id !== null);
  const texts = firstIds.length
    ? await db
        .select({ responseId: answers.responseId, text: answers.valueText })
        .from(answers)
        .innerJoin(questions, eq(questions.id, answers.questionId))
        .innerJoin(sections, eq(sections.id, questions.sectionId))
        .where(and(inArray(answers.responseId, firstIds), inArray(questions.type, ["long_text", "short_text"]), isNotNull(answers.valueText)))
        .orderBy(asc(sections.position), asc(questions.position))
    : [];
  return groups.map((g) => ({
    id: g.id,
    label: g.label,
    responseCount: g.responseCount,
    createdAt: g.createdAt,
    sharedText: texts
      .filter((t) => t.responseId === g.firstResponseId)
      .map((t) => t.text!.trim())
      .filter(Boolean)
      .join("\n\n"),
  }));
}

/**
 * A page of the consultation's campaign groups, largest first (then oldest), paged by keyset:
 * `after` is the last group of the page before, and the next page starts after where that group
 * stands now (a group that grows meanwhile may move to an earlier page; none is shown twice on
 * one page). `total` counts every group.
 */
export async function listCampaignGroups(
  db: Db,
  consultationId: string,
  actor: Actor,
  page: { after?: string; limit?: number } = {},
): Promise<{ groups: CampaignGroupRow[]; next: string | null; total: number }> {
  const c = await consultationFor(db, consultationId, "consultation.read_responses", actor);
  const limit = pageSize(page.limit, CAMPAIGN_GROUPS_PAGE);
  const after = cursorOf(page.after);
  const live = and(eq(campaignGroups.consultationId, c.id), sql`${campaignGroups.responseCount} > 0`);
  const afterCursor = after
    ? sql`exists (select 1 from campaign_groups a where a.id = ${after} and a.consultation_id = ${c.id}
        and (${campaignGroups.responseCount} < a.response_count
          or (${campaignGroups.responseCount} = a.response_count and (${campaignGroups.createdAt}, ${campaignGroups.id}) > (a.created_at, a.id))))`
    : undefined;
  const [rows, counted] = await readTogether(db, [
    () => db
      .select()
      .from(campaignGroups)
      .where(and(live, afterCursor))
      .orderBy(desc(campaignGroups.responseCount), asc(campaignGroups.createdAt), asc(campaignGroups.id))
      .limit(limit + 1),
    () => db.select({ total: sql<number>`count(*)::int` }).from(campaignGroups).where(live),
  ]);
  const total = Number(counted[0]?.total ?? 0);
  const shown = rows.slice(0, limit);
  return { groups: await withSharedText(db, shown), next: rows.length > limit ? shown[shown.length - 1]!.id : null, total };
}

/** One of the consultation's campaign groups, with the text its responses share. */
export async function getCampaignGroup(db: Db, input: { consultationId: string; groupId: string }, actor: Actor): Promise<CampaignGroupRow> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.groupId)) throw new NotFoundError("Campaign");
  const [g] = await db.select().from(campaignGroups).where(and(eq(campaignGroups.id, input.groupId), eq(campaignGroups.consultationId, c.id)));
  if (!g) throw new NotFoundError("Campaign");
  return (await withSharedText(db, [g]))[0]!;
}

export type CampaignResponseRow = { id: string; publicReference: string | null; reference: string | null; status: string; submittedAt: Date | null };

/**
 * A page of the responses in one of the consultation's campaign groups (a filter of the
 * responses list), in the order they were submitted, paged by keyset (`after`: the last
 * response of the page before).
 */
export async function listCampaignResponses(
  db: Db,
  input: { consultationId: string; groupId: string; after?: string; limit?: number },
  actor: Actor,
): Promise<{ responses: CampaignResponseRow[]; next: string | null }> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.groupId)) throw new NotFoundError("Campaign");
  const [g] = await db.select({ id: campaignGroups.id }).from(campaignGroups).where(and(eq(campaignGroups.id, input.groupId), eq(campaignGroups.consultationId, c.id)));
  if (!g) throw new NotFoundError("Campaign");
  const limit = pageSize(input.limit, CAMPAIGN_RESPONSES_PAGE);
  const after = cursorOf(input.after);
  const at = sql`coalesce(${responses.submittedAt}, 'epoch'::timestamptz)`;
  const rows = await db
    .select({ id: responses.id, publicReference: responses.publicReference, reference: responses.reference, status: responses.status, submittedAt: responses.submittedAt })
    .from(responses)
    .where(
      and(
        eq(responses.consultationId, c.id),
        eq(responses.campaignGroupId, g.id),
        after ? sql`(${at}, ${responses.id}) > (select coalesce(a.submitted_at, 'epoch'::timestamptz), a.id from responses a where a.id = ${after})` : undefined,
      ),
    )
    .orderBy(at, asc(responses.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  return { responses: shown, next: rows.length > limit ? shown[shown.length - 1]!.id : null };
}

/**
 * An officer names a campaign group. campaign_groups has no version column, so the last label
 * saved wins; the audit log keeps each change (before and after), so none is lost.
 */
export async function setCampaignLabel(db: Db, input: { consultationId: string; groupId: string; label: unknown }, actor: Actor): Promise<void> {
  const c = await consultationFor(db, input.consultationId, "consultation.manage", actor);
  const parsed = campaignLabelSchema.safeParse(input.label);
  if (!parsed.success) throw new InvalidError("There is a problem", { label: parsed.error.issues[0]!.message });
  if (!isUuid(input.groupId)) throw new NotFoundError("Campaign");
  await db.transaction(async (tx) => {
    const [g] = await tx
      .select({ id: campaignGroups.id, label: campaignGroups.label })
      .from(campaignGroups)
      .where(and(eq(campaignGroups.id, input.groupId), eq(campaignGroups.consultationId, c.id)))
      .for("update");
    if (!g) throw new NotFoundError("Campaign");
    if (g.label === parsed.data) return;
    await tx.update(campaignGroups).set({ label: parsed.data }).where(eq(campaignGroups.id, g.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "campaign.label",
      entityType: "campaign_group",
      entityId: g.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { label: g.label },
      after: { label: parsed.data },
    });
  });
}

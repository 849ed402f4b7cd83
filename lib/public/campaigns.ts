// The officers' view of campaigns (issue 18): the groups of near-identical public responses to a
// consultation (lib/public/campaign.ts makes them), each with its count, the text the responses
// share (the first one's free text), a label the officer sets, and its responses. Every response
// stays and counts; a group only flags them.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answers, campaignGroups, questions, responses, sections } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { writeAudit } from "../audit";
import { consultationFor, isUuid } from "../collation/access";
import { InvalidError, NotFoundError } from "../errors";
import { campaignLabelSchema } from "./schemas";

export type CampaignGroupRow = { id: string; label: string; responseCount: number; sharedText: string; createdAt: Date };

/** The consultation's campaign groups, largest first, with the text their responses share. */
export async function listCampaignGroups(db: Db, consultationId: string, actor: Actor): Promise<CampaignGroupRow[]> {
  const c = await consultationFor(db, consultationId, "consultation.read_responses", actor);
  const groups = await db
    .select()
    .from(campaignGroups)
    .where(and(eq(campaignGroups.consultationId, c.id), sql`${campaignGroups.responseCount} > 0`))
    .orderBy(desc(campaignGroups.responseCount), asc(campaignGroups.createdAt));
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

export type CampaignResponseRow = { id: string; publicReference: string | null; reference: string | null; status: string; submittedAt: Date | null };

/** The responses in one of the consultation's campaign groups (a filter of the responses list). */
export async function listCampaignResponses(db: Db, input: { consultationId: string; groupId: string }, actor: Actor): Promise<CampaignResponseRow[]> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.groupId)) throw new NotFoundError("Campaign");
  const [g] = await db.select({ id: campaignGroups.id }).from(campaignGroups).where(and(eq(campaignGroups.id, input.groupId), eq(campaignGroups.consultationId, c.id)));
  if (!g) throw new NotFoundError("Campaign");
  return db
    .select({ id: responses.id, publicReference: responses.publicReference, reference: responses.reference, status: responses.status, submittedAt: responses.submittedAt })
    .from(responses)
    .where(and(eq(responses.consultationId, c.id), eq(responses.campaignGroupId, g.id)))
    .orderBy(asc(responses.submittedAt), asc(responses.id));
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

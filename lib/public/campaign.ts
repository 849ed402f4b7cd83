// Campaign detection: near-identical free text sent by many people (an organised campaign) is
// grouped and counted, so officers read it once and know how many sent it. Every response is
// kept and counted in full; the group is only a flag. Text is normalised (case, accents,
// punctuation, spacing) and cut into three-word shingles; two texts are near-identical when their
// shingle sets overlap by SIMILARITY (Jaccard) or more. To find the few earlier responses worth
// comparing without reading them all, each response keeps a 64-bit SimHash of its shingles:
// alike texts are a few bits apart, unrelated ones about half the bits apart.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answers, campaignGroups, responses } from "../../db/schema";

/** Texts shorter than this (in words, after normalising) are never grouped: "I agree" is not a campaign. */
export const MIN_CAMPAIGN_WORDS = 8;
/** Shingle overlap (Jaccard) from which two texts are one campaign. */
export const SIMILARITY = 0.7;
/**
 * SimHashes at most this many bits apart are compared in full. A 0.7 overlap puts texts about
 * 12 bits apart on average; unrelated texts are 32 ± 4 apart, so few are read for nothing.
 */
export const CANDIDATE_BITS = 18;
const CANDIDATES = 20;

/** Lower case, no accents, letters and digits only, single spaces. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function words(text: string): string[] {
  const n = normaliseText(text);
  return n ? n.split(" ") : [];
}

/** SHA-256 of the normalised text, or null for text too short to be a campaign. */
export function textFingerprint(text: string): string | null {
  const w = words(text);
  if (w.length < MIN_CAMPAIGN_WORDS) return null;
  return createHash("sha256").update(w.join(" ")).digest("hex");
}

/** The text's distinct three-word shingles. */
export function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

/** Shared shingles over all shingles of either. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The 64-bit SimHash of the text's three-word shingles, as a signed bigint (Postgres bigint), or null when too short. */
export function simhash64(text: string): bigint | null {
  if (words(text).length < MIN_CAMPAIGN_WORDS) return null;
  const weights = new Array<number>(64).fill(0);
  for (const shingle of shingles(text)) {
    const digest = createHash("md5").update(shingle).digest();
    const hi = digest.readUInt32BE(0);
    const lo = digest.readUInt32BE(4);
    for (let b = 0; b < 32; b++) {
      weights[b] += (lo >>> b) & 1 ? 1 : -1;
      weights[b + 32] += (hi >>> b) & 1 ? 1 : -1;
    }
  }
  let h = 0n;
  for (let b = 63; b >= 0; b--) h = (h << 1n) | (weights[b]! > 0 ? 1n : 0n);
  return BigInt.asIntN(64, h);
}

/** Bits that differ between two SimHashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

export function isNearIdentical(a: string, b: string): boolean {
  const fa = textFingerprint(a);
  const fb = textFingerprint(b);
  if (!fa || !fb) return false;
  return fa === fb || similarity(shingles(a), shingles(b)) >= SIMILARITY;
}

export type CampaignAssignment = { campaignGroupId: string | null; responseCount: number };

/**
 * Records the response's text fingerprint and SimHash and puts it in the campaign group of the
 * first earlier submitted response to the consultation with near-identical text (making the
 * group if that one had none). Runs in the submitting transaction, under a lock per
 * consultation so two near-identical submissions at the same moment join one group. An
 * amendment whose text no longer matches leaves its group (whose count goes down).
 */
export async function assignCampaignGroup(
  tx: Db,
  input: {
    responseId: string;
    consultationId: string;
    /** The response's free text: its answers to `questionIds`, in question order. */
    text: string;
    questionIds: string[];
  },
): Promise<CampaignAssignment> {
  const fingerprint = textFingerprint(input.text);
  const simhash = simhash64(input.text);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`campaign:${input.consultationId}`}, 0))`);
  const [prior] = await tx.select({ groupId: responses.campaignGroupId }).from(responses).where(eq(responses.id, input.responseId));
  let match: { id: string; groupId: string | null } | undefined;
  if (fingerprint && simhash !== null) {
    const same = sql`${responses.textFingerprint} = ${fingerprint}`;
    const distance = sql<number>`bit_count((${responses.textSimhash} # ${simhash.toString()}::bigint)::bit(64))`;
    const near = await tx
      .select({ id: responses.id, groupId: responses.campaignGroupId, same: sql<boolean>`${same}` })
      .from(responses)
      .where(
        and(
          eq(responses.consultationId, input.consultationId),
          ne(responses.id, input.responseId),
          eq(responses.status, "submitted"),
          sql`(${same} or (${responses.textSimhash} is not null and ${distance} <= ${CANDIDATE_BITS}))`,
        ),
      )
      // Those already in a campaign first, so variants of one letter join one group.
      .orderBy(sql`${responses.campaignGroupId} is null`, desc(same), asc(distance), asc(responses.submittedAt))
      .limit(CANDIDATES);
    const others = near.filter((r) => !r.same);
    let similar = new Set<string>();
    if (others.length && input.questionIds.length) {
      // Read the candidates' free text and compare it in full: the SimHash only shortlists.
      const texts = await tx
        .select({ responseId: answers.responseId, questionId: answers.questionId, text: answers.valueText })
        .from(answers)
        .where(and(inArray(answers.responseId, others.map((r) => r.id)), inArray(answers.questionId, input.questionIds)));
      const mine = shingles(input.text);
      const order = new Map(input.questionIds.map((id, i) => [id, i]));
      similar = new Set(
        others
          .filter((r) => {
            const theirs = texts
              .filter((t) => t.responseId === r.id)
              .sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)!)
              .map((t) => t.text)
              .join("\n");
            return similarity(mine, shingles(theirs)) >= SIMILARITY;
          })
          .map((r) => r.id),
      );
    }
    match = near.find((r) => r.same || similar.has(r.id));
  }
  let groupId: string | null = match?.groupId ?? null;
  if (match && !groupId) {
    const [g] = await tx
      .insert(campaignGroups)
      .values({ consultationId: input.consultationId, firstResponseId: match.id, responseCount: 1 })
      .returning({ id: campaignGroups.id });
    groupId = g!.id;
    await tx.update(responses).set({ campaignGroupId: groupId }).where(eq(responses.id, match.id));
  }
  const previous = prior?.groupId ?? null;
  if (previous && previous !== groupId) {
    await tx.update(campaignGroups).set({ responseCount: sql`${campaignGroups.responseCount} - 1` }).where(eq(campaignGroups.id, previous));
  }
  if (groupId && previous !== groupId) {
    await tx.update(campaignGroups).set({ responseCount: sql`${campaignGroups.responseCount} + 1` }).where(eq(campaignGroups.id, groupId));
  }
  await tx
    .update(responses)
    .set({ textFingerprint: fingerprint, textSimhash: simhash, campaignGroupId: groupId })
    .where(eq(responses.id, input.responseId));
  if (!groupId) return { campaignGroupId: null, responseCount: 0 };
  const [g] = await tx.select({ n: campaignGroups.responseCount }).from(campaignGroups).where(eq(campaignGroups.id, groupId));
  return { campaignGroupId: groupId, responseCount: g?.n ?? 0 };
}

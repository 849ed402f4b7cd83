// Campaign detection: near-identical free text sent by many people (an organised campaign) is
// grouped and counted, so officers read it once and know how many sent it. Every response is
// kept and counted in full; the group is only a flag. Text is normalised (case, accents,
// punctuation, spacing) and compared by a 64-bit SimHash of its three-word shingles: texts a
// few words apart are a few bits apart, unrelated texts about half the bits apart.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignGroups, responses } from "../../db/schema";

/** Texts shorter than this (in words, after normalising) are never grouped: "I agree" is not a campaign. */
export const MIN_CAMPAIGN_WORDS = 8;
/** SimHashes at most this many bits apart are near-identical (about 95% shared shingles and up). */
export const NEAR_IDENTICAL_BITS = 3;

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

/** The 64-bit SimHash of the text's three-word shingles, as a signed bigint (Postgres bigint), or null when too short. */
export function simhash64(text: string): bigint | null {
  const w = words(text);
  if (w.length < MIN_CAMPAIGN_WORDS) return null;
  const weights = new Array<number>(64).fill(0);
  for (let i = 0; i + 3 <= w.length; i++) {
    const digest = createHash("md5").update(`${w[i]} ${w[i + 1]} ${w[i + 2]}`).digest();
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
  return fa === fb || hammingDistance(simhash64(a)!, simhash64(b)!) <= NEAR_IDENTICAL_BITS;
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
  input: { responseId: string; consultationId: string; text: string },
): Promise<CampaignAssignment> {
  const fingerprint = textFingerprint(input.text);
  const simhash = simhash64(input.text);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`campaign:${input.consultationId}`}, 0))`);
  const [prior] = await tx.select({ groupId: responses.campaignGroupId }).from(responses).where(eq(responses.id, input.responseId));
  let match: { id: string; groupId: string | null } | undefined;
  if (fingerprint && simhash !== null) {
    const same = sql`${responses.textFingerprint} = ${fingerprint}`;
    [match] = await tx
      .select({ id: responses.id, groupId: responses.campaignGroupId })
      .from(responses)
      .where(
        and(
          eq(responses.consultationId, input.consultationId),
          ne(responses.id, input.responseId),
          eq(responses.status, "submitted"),
          sql`(${same} or (${responses.textSimhash} is not null
            and bit_count((${responses.textSimhash} # ${simhash.toString()}::bigint)::bit(64)) <= ${NEAR_IDENTICAL_BITS}))`,
        ),
      )
      .orderBy(desc(same), sql`${responses.campaignGroupId} is null`, asc(responses.submittedAt))
      .limit(1);
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

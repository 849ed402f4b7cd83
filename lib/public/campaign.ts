// Campaign detection: near-identical free text sent by many people (an organised campaign) is
// grouped and counted, so officers read it once and know how many sent it. Every response is
// kept and counted in full; the group is only a flag. Text is normalised (case, accents,
// punctuation, spacing) and cut into three-word shingles; two texts are near-identical when their
// shingle sets overlap by SIMILARITY (Jaccard) or more. To find the few earlier responses worth
// comparing without reading them all, each response keeps a 64-bit SimHash of its shingles:
// alike texts are a few bits apart, unrelated ones about half the bits apart.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { advisoryXactLock, rowsOf, type Db } from "../../db/client";
import { campaignGroups, responses } from "../../db/schema";
import { uuidArray } from "../sql";

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

/** One earlier response worth comparing, with what ranks it. */
export type Candidate = {
  id: string;
  groupId: string | null;
  /** The same fingerprint (the same normalised text). */
  same: boolean;
  /** SimHash bits apart; null when the response has no SimHash. */
  distance: number | null;
  /** When it was submitted, in microseconds since 1970 (as Postgres orders it). */
  at: bigint;
  /** Read under the lock, for those of another text: its free text, to compare in full. */
  text?: string | null;
};

/**
 * The order candidates are tried in: those already in a campaign first (so variants of one letter
 * join one group), then the same text, the nearest SimHash, the earliest submitted, and the id
 * (so ties always break the same way).
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    Number(a.groupId === null) - Number(b.groupId === null) ||
    Number(b.same) - Number(a.same) ||
    (a.distance ?? 65) - (b.distance ?? 65) ||
    (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export type Probe = { responseId: string; consultationId: string; fingerprint: string; simhash: bigint; questionIds?: string[] };

const sameSql = (p: Probe) => sql`coalesce(r.text_fingerprint = ${p.fingerprint}, false)`;
const distanceSql = (p: Probe) => sql`bit_count((r.text_simhash # ${p.simhash.toString()}::bigint)::bit(64))::int`;
/** An earlier response of the consultation worth comparing (the shortlist's rule). */
const candidateSql = (p: Probe) =>
  sql`(r.status = 'submitted' and (r.text_fingerprint = ${p.fingerprint} or (r.text_simhash is not null and ${distanceSql(p)} <= ${CANDIDATE_BITS})))`;
const columnsSql = (p: Probe) =>
  sql`r.id, r.campaign_group_id as group_id, ${sameSql(p)} as same, ${distanceSql(p)} as distance, ((extract(epoch from r.submitted_at) * 1000000)::bigint) as at_us`;
const orderSql = sql`same desc, distance asc nulls last, at_us asc, id asc`;
/** The free text of a response of another text (its answers to the probe's questions, in order), read with the ranking so as to need no statement more under the lock. */
const textSql = (p: Probe) =>
  p.questionIds?.length
    ? sql`case when not ${sameSql(p)} then (select string_agg(a.value_text, E'\n' order by array_position(${uuidArray(p.questionIds)}, a.question_id))
        from answers a where a.response_id = r.id and a.question_id = any(${uuidArray(p.questionIds)})) end`
    : sql`null::text`;

type CandidateRow = { id: string; group_id: string | null; same: boolean; distance: number | null; at: string; text?: string | null };
const toCandidate = (r: CandidateRow): Candidate => ({
  id: r.id,
  groupId: r.group_id,
  same: r.same,
  distance: r.distance === null ? null : Number(r.distance),
  at: BigInt(r.at),
  ...(r.text !== undefined ? { text: r.text } : {}),
});
/**
 * The first CANDIDATES candidates in order, read whole under the lock: every submitted response
 * of the consultation is measured, since no index finds SimHashes up to 18 bits apart exactly.
 */
export async function allCandidates(tx: Db, p: Probe): Promise<Candidate[]> {
  const rows = await rowsOf<CandidateRow>(
    tx,
    sql`select c.id, c.group_id, c.same, c.distance, c.at_us::text as at, ${textSql(p)} as text
      from (select * from (select ${columnsSql(p)} from responses r
          where r.consultation_id = ${p.consultationId} and r.id <> ${p.responseId} and ${candidateSql(p)}) c0
        order by group_id is null, ${orderSql} limit ${CANDIDATES}) c
      join responses r on r.id = c.id
      order by c.group_id is null, c.same desc, c.distance asc nulls last, c.at_us asc, c.id asc`,
  );
  return rows.map(toCandidate);
}

/** Per class (in a campaign or not), how many the shortlist keeps: room for some to change class or leave before the lock. */
const SHORTLIST = CANDIDATES * 2;

/**
 * The candidates as a snapshot of the consultation sees them, read before taking the lock (the
 * measuring of every submitted response is the slow part): the first SHORTLIST of those in a
 * campaign and of those not, in order, and the snapshot itself.
 */
export type Shortlist = { snapshot: string; grouped: Candidate[]; ungrouped: Candidate[] };

export async function shortlistCandidates(tx: Db, p: Probe): Promise<Shortlist> {
  const rows = await rowsOf<CandidateRow & { snapshot: string; id: string | null }>(
    tx,
    sql`with c as materialized (
        select ${columnsSql(p)} from responses r
        where r.consultation_id = ${p.consultationId} and r.id <> ${p.responseId} and ${candidateSql(p)}
      )
      select s.snapshot, x.id, x.group_id, x.same, x.distance, x.at_us::text as at
      from (select pg_current_snapshot()::text as snapshot) s
      left join (
        (select * from c where group_id is not null order by ${orderSql} limit ${SHORTLIST})
        union all
        (select * from c where group_id is null order by ${orderSql} limit ${SHORTLIST})
      ) x on true`,
  );
  const found = rows.filter((r) => r.id !== null).map(toCandidate);
  return { snapshot: rows[0]!.snapshot, grouped: found.filter((c) => c.groupId !== null), ungrouped: found.filter((c) => c.groupId === null) };
}

/**
 * Under the lock: the first CANDIDATES candidates now, from the shortlist and the responses whose
 * grouping was written since its snapshot, re-read; or null when the shortlist cannot tell (too
 * many of it left its class), and the whole consultation must be measured again.
 *
 * Why this is the same as measuring everything under the lock: a response's rank depends on its
 * group, fingerprint and SimHash (written only by assignCampaignGroup, which stamps campaign_xid
 * with its transaction) and on its status and submission time (a submitted response stays
 * submitted; submitting again only moves its time later). So a response neither in the
 * shortlist nor stamped since the snapshot ranks now no earlier than it did then, after the last
 * of its class in the shortlist when that class was cut short; such a class bounds the answer.
 * The shortlisted ones are re-read, as they may have changed (joined a group, been deleted).
 */
export function mergeShortlist(list: Shortlist, fresh: Candidate[]): Candidate[] | null {
  const top = [...fresh].sort(compareCandidates).slice(0, CANDIDATES);
  for (const cls of [list.grouped, list.ungrouped]) {
    if (cls.length < SHORTLIST) continue; // the whole class was read: nothing unseen in it
    const last = cls[cls.length - 1]!;
    if (top.length < CANDIDATES || compareCandidates(top[top.length - 1]!, last) > 0) return null;
  }
  return top;
}

/** Under the lock: the shortlist and every response stamped since its snapshot, as they are now, and the response's own group. */
async function recheck(tx: Db, p: Probe, list: Shortlist): Promise<{ fresh: Candidate[]; prior: string | null }> {
  const ids = [...list.grouped, ...list.ungrouped].map((c) => c.id);
  const snap = sql`${list.snapshot}::pg_snapshot`;
  const rows = await rowsOf<CandidateRow & { me: boolean; candidate: boolean }>(
    tx,
    sql`select r.id, r.campaign_group_id as group_id, r.id = ${p.responseId} as me, ${candidateSql(p)} as candidate,
        ${sameSql(p)} as same, ${distanceSql(p)} as distance, ((extract(epoch from r.submitted_at) * 1000000)::bigint)::text as at,
        case when r.id <> ${p.responseId} and ${candidateSql(p)} then ${textSql(p)} end as text
      from responses r
      where r.consultation_id = ${p.consultationId}
        and (r.id = ${p.responseId} or r.id = any(${uuidArray(ids)})
          or (r.campaign_xid >= pg_snapshot_xmin(${snap}) and not pg_visible_in_snapshot(r.campaign_xid, ${snap})))`,
  );
  const prior = rows.find((r) => r.me)?.group_id ?? null;
  return { fresh: rows.filter((r) => !r.me && r.candidate).map(toCandidate), prior };
}

/**
 * Under the lock: the first CANDIDATES candidates as measuring every response now would give
 * (from the shortlist and what changed since, or measured again when that cannot tell), and the
 * response's own group.
 */
export async function rankCandidates(tx: Db, p: Probe, list: Shortlist): Promise<{ candidates: Candidate[]; prior: string | null; measuredAgain: boolean }> {
  const { fresh, prior } = await recheck(tx, p, list);
  const merged = mergeShortlist(list, fresh);
  if (merged) return { candidates: merged, prior, measuredAgain: false };
  return { candidates: await allCandidates(tx, p), prior, measuredAgain: true };
}

/**
 * Records the response's text fingerprint and SimHash and puts it in the campaign group of the
 * first earlier submitted response to the consultation with near-identical text (making the
 * group if that one had none). Runs in a transaction of its own, under a lock per consultation
 * so two near-identical submissions at the same moment join one group. The slow part, measuring
 * every earlier response's SimHash, is done before the lock (shortlistCandidates); under it only
 * the shortlist and what was grouped since are re-read (mergeShortlist says why that is the
 * same). An amendment whose text no longer matches leaves its group (whose count goes down).
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
  const probe: Probe | null = fingerprint && simhash !== null ? { responseId: input.responseId, consultationId: input.consultationId, fingerprint, simhash, questionIds: input.questionIds } : null;
  const list = probe ? await shortlistCandidates(tx, probe) : null;
  await advisoryXactLock(tx, `campaign:${input.consultationId}`);
  let previous: string | null;
  let match: Candidate | undefined;
  if (probe && list) {
    const ranked = await rankCandidates(tx, probe, list);
    previous = ranked.prior;
    const near = ranked.candidates;
    // Those of another text are compared in full (their text read with the ranking): the SimHash only shortlists.
    const mine = input.questionIds.length ? shingles(input.text) : null;
    match = near.find((r) => r.same || (mine !== null && similarity(mine, shingles(r.text ?? "")) >= SIMILARITY));
  } else {
    const [prior] = await tx.select({ groupId: responses.campaignGroupId }).from(responses).where(eq(responses.id, input.responseId));
    previous = prior?.groupId ?? null;
  }
  const stamp = sql`pg_current_xact_id()`;
  let groupId: string | null = match?.groupId ?? null;
  if (match && !groupId) {
    const [g] = await tx
      .insert(campaignGroups)
      .values({ consultationId: input.consultationId, firstResponseId: match.id, responseCount: 1 })
      .returning({ id: campaignGroups.id });
    groupId = g!.id;
    await tx.update(responses).set({ campaignGroupId: groupId, campaignXid: stamp }).where(eq(responses.id, match.id));
  }
  if (previous && previous !== groupId) {
    await tx.update(campaignGroups).set({ responseCount: sql`${campaignGroups.responseCount} - 1` }).where(eq(campaignGroups.id, previous));
  }
  // The response's own fingerprint, SimHash, group and stamp, and its group's count, in one statement.
  const own = sql`update responses set text_fingerprint = ${fingerprint}, text_simhash = ${simhash === null ? null : simhash.toString()}::bigint,
    campaign_group_id = ${groupId}::uuid, campaign_xid = ${stamp} where id = ${input.responseId}`;
  if (groupId && previous !== groupId) {
    const [g] = await rowsOf<{ n: number }>(
      tx,
      sql`with g as (update campaign_groups set response_count = response_count + 1 where id = ${groupId} returning response_count),
        own as (${own} returning 1)
        select (select response_count from g) as n, (select count(*) from own) as own`,
    );
    return { campaignGroupId: groupId, responseCount: g?.n ?? 0 };
  }
  await tx.execute(own);
  if (!groupId) return { campaignGroupId: null, responseCount: 0 };
  const [g] = await tx.select({ n: campaignGroups.responseCount }).from(campaignGroups).where(eq(campaignGroups.id, groupId));
  return { campaignGroupId: groupId, responseCount: g?.n ?? 0 };
}

// What an erased person was known by, withheld wherever it was written before they were erased.
//
// Erasure (lib/public/person-data, lib/public/retention) removes a person's name and address from
// their account and from what is theirs. Others' records were written while they were known: the
// audit log's entries (an invitation to them, their account's creation, a reminder's recipients),
// which are append-only by design (migration 0001), so they are withheld when read; and others'
// notifications ("Ann Example signed off…") and an endorsement signed by them, which are rewritten
// at erasure. For the log, erasure keeps a digest of each string they were known by
// (erased_identities): it names no one, and only recognises the same text again.
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { documentEndorsements, erasedIdentities, notifications } from "../../db/schema";

/** What an erased person's name or address reads as where it was written before. */
export const ERASED_TEXT = "Erased on request";
/** How an erased person is named in others' notifications and the endorsements they signed. */
export const ERASED_PERSON = "Someone whose details were erased";

/** Strings longer than any name or address are not looked up (answers, descriptions). */
const LONGEST_IDENTITY = 320;

/** A name or address as it is compared: trimmed, case and Unicode form set aside. */
export function identityDigest(text: string): string {
  return createHash("sha256").update(text.normalize("NFC").trim().toLowerCase()).digest("hex");
}

type Known = { id: string; name: string | null; email: string };

/**
 * At erasure, in its transaction: keep the digests of what `person` was known by, and rewrite
 * what others hold that names them (their notifications' titles, the endorsements they signed).
 */
export async function forgetIdentity(tx: Db | Tx, person: Known): Promise<void> {
  const known = [person.email, person.name].filter((s): s is string => !!s && s.trim() !== "");
  await keepErasedDigests(tx, known);
  // Titles that name the person who caused them begin "<name or address> did…"; the rest of a
  // title is the consultation's or the document's, never rewritten.
  for (const s of known) {
    await tx
      .update(notifications)
      .set({ title: sql`${ERASED_PERSON}::text || substr(${notifications.title}, length(${s}::text) + 1)` })
      .where(and(eq(notifications.actorId, person.id), sql`left(${notifications.title}, length(${s}::text) + 1) = ${s}::text || ' '`));
  }
  // The organisation's decision, its signatory's position and the text's hash stay: the name goes.
  await tx.update(documentEndorsements).set({ signatoryName: ERASED_PERSON }).where(eq(documentEndorsements.signatoryId, person.id));
}

/**
 * The digests of names and addresses erased (in bulk, as retention erases members of the public
 * whose only trace is their own response), for the audit log to withhold them.
 */
export async function keepErasedDigests(tx: Db | Tx, known: readonly string[]): Promise<void> {
  const digests = [...new Set(known.filter((s) => s.trim() !== "").map(identityDigest))];
  for (let i = 0; i < digests.length; i += 1000) {
    await tx
      .insert(erasedIdentities)
      .values(digests.slice(i, i + 1000).map((digest) => ({ digest })))
      .onConflictDoNothing();
  }
}

function strings(v: unknown, into: Set<string>): void {
  if (typeof v === "string") {
    if (v.length <= LONGEST_IDENTITY && v.trim() !== "") into.add(v);
  } else if (Array.isArray(v)) for (const x of v) strings(x, into);
  else if (v !== null && typeof v === "object") for (const x of Object.values(v)) strings(x, into);
}

function replaced(v: unknown, erased: ReadonlySet<string>): unknown {
  if (typeof v === "string") return erased.has(v) ? ERASED_TEXT : v;
  if (Array.isArray(v)) return v.map((x) => replaced(x, erased));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaced(x, erased)]));
  return v;
}

/**
 * Audit entries as they may be shown: every value (before and after) that is an erased person's
 * name or address reads "Erased on request". One lookup for the page, by digest.
 */
export async function withholdErased<R extends { before: unknown; after: unknown }>(db: Db, rows: R[]): Promise<R[]> {
  const candidates = new Set<string>();
  for (const r of rows) {
    strings(r.before, candidates);
    strings(r.after, candidates);
  }
  if (!candidates.size) return rows;
  const byDigest = new Map<string, string[]>();
  for (const s of candidates) {
    const d = identityDigest(s);
    byDigest.set(d, [...(byDigest.get(d) ?? []), s]);
  }
  const found = await db.select({ digest: erasedIdentities.digest }).from(erasedIdentities).where(inArray(erasedIdentities.digest, [...byDigest.keys()]));
  if (!found.length) return rows;
  const erased = new Set(found.flatMap((f) => byDigest.get(f.digest) ?? []));
  return rows.map((r) => ({ ...r, before: replaced(r.before, erased), after: replaced(r.after, erased) }));
}

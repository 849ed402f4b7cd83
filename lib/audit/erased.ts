// What an erased person was known by, withheld wherever it was written before they were erased.
//
// Erasure (lib/public/person-data, lib/public/retention) removes a person's name and address from
// their account and from what is theirs. Others' records were written while they were known:
// - the audit log's entries (an invitation to them, their account's creation and renaming, a
//   reminder's recipients, an endorsement they signed), append-only by design (migration 0001):
//   withheld when read. Erasure keeps a digest of every name and address they were known by
//   (erased_identities) with when they were erased; an entry written before then shows
//   "Erased on request" for a value, under a key that names a person, whose digest is kept. A
//   digest does not hold the name: it can only confirm a guess of it;
// - others' notifications they caused ("Ann Example signed off…") and those notifications'
//   emails, an endorsement they signed for an organisation they have left, and a consultation or
//   a council's letterhead that still gives them as its contact or signatory: rewritten at
//   erasure (a contact left blank falls back to the council's, a letterhead's to none).
import { createHash } from "node:crypto";
import { and, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client";
import { rowsOf } from "../../db/client";
import { auditLog, consultations, councilBranding, documentEndorsements, erasedIdentities, notifications, outbox, users } from "../../db/schema";

/** What an erased person's name or address reads as where it was written before. */
export const ERASED_TEXT = "Erased on request";
/** How an erased person is named in others' notifications and the endorsements they signed. */
export const ERASED_PERSON = "Someone whose details were erased";

/** The keys under which the audit log's entries write a person's name or address (and lists of them). */
const IDENTITY_KEYS: ReadonlySet<string> = new Set([
  "name",
  "email",
  "recipients",
  "signatory",
  "contactOfficerName",
  "contactOfficerEmail",
  "contactName",
  "contactEmail",
  "signatoryName",
]);

/** A name or address as it is compared: trimmed, case and Unicode form set aside. */
export function identityDigest(text: string): string {
  return createHash("sha256").update(text.normalize("NFC").trim().toLowerCase()).digest("hex");
}

type Known = { id: string; name: string | null; email: string };

export type Forgotten = { notifications: number; endorsements: number; contacts: number; letterheads: number };

/**
 * At erasure, in its transaction, before the account itself is blanked: keep the digests of
 * every name and address `person` was known by (now, and as earlier entries about them wrote
 * them), and rewrite what others hold that names them.
 */
export async function forgetIdentity(tx: Db | Tx, person: Known, erasedAt: Date): Promise<Forgotten> {
  const earlier = await rowsOf<{ value: string }>(
    tx,
    sql`select distinct v.value from ${auditLog} a,
          lateral (values (a.before->>'name'), (a.before->>'email'), (a.after->>'name'), (a.after->>'email')) v(value)
        where a.entity_type = 'user' and a.entity_id = ${person.id} and v.value is not null
        union select signatory_name from ${documentEndorsements} where signatory_id = ${person.id}`,
  );
  const known = [...new Set([person.email, person.name, ...earlier.map((r) => r.value)].filter((s): s is string => !!s && s.trim() !== "" && s !== ERASED_PERSON))];
  await keepErasedDigests(tx, known, erasedAt);
  // Titles that name the person who caused them begin "<name or address> did…"; the rest of a
  // title is the consultation's or the document's, never rewritten. The email it went as too.
  let rewritten = 0;
  for (const s of known) {
    const rows = await tx
      .update(notifications)
      .set({ title: sql`${ERASED_PERSON}::text || substr(${notifications.title}, length(${s}::text) + 1)` })
      .where(and(eq(notifications.actorId, person.id), sql`left(${notifications.title}, length(${s}::text) + 1) = ${s}::text || ' '`))
      .returning({ outboxId: notifications.outboxId });
    rewritten += rows.length;
    const sent = rows.map((r) => r.outboxId).filter((id): id is string => id !== null);
    if (sent.length) {
      await tx
        .update(outbox)
        .set({ subject: sql`replace(${outbox.subject}, ${s}::text, ${ERASED_PERSON}::text)`, text: "", html: null, bodyDeletedAt: sql`coalesce(${outbox.bodyDeletedAt}, ${erasedAt.toISOString()}::timestamptz)` })
        .where(inArray(outbox.id, sent));
    }
  }
  // The organisation's decision, its signatory's position and the text's hash stay: the name goes.
  const endorsements = await tx.update(documentEndorsements).set({ signatoryName: ERASED_PERSON }).where(eq(documentEndorsements.signatoryId, person.id)).returning({ id: documentEndorsements.id });
  // Still given as a contact or signatory, by name or address: blanked, so the council's own is used.
  const lowered = known.map((s) => s.normalize("NFC").trim().toLowerCase());
  const matches = (column: AnyPgColumn) => sql`lower(trim(${column})) = any(${sql.param(lowered)}::text[])`;
  const contacts = await tx
    .update(consultations)
    .set({ contactOfficerName: "", contactOfficerEmail: "" })
    .where(sql`${matches(consultations.contactOfficerName)} or ${matches(consultations.contactOfficerEmail)}`)
    .returning({ id: consultations.id });
  const contactLetterheads = await tx
    .update(councilBranding)
    .set({ contactName: "", contactEmail: "" })
    .where(sql`${matches(councilBranding.contactName)} or ${matches(councilBranding.contactEmail)}`)
    .returning({ id: councilBranding.organisationId });
  const signedLetterheads = await tx
    .update(councilBranding)
    .set({ signatoryName: "", signatoryTitle: "" })
    .where(and(isNotNull(councilBranding.signatoryName), matches(councilBranding.signatoryName)))
    .returning({ id: councilBranding.organisationId });
  return { notifications: rewritten, endorsements: endorsements.length, contacts: contacts.length, letterheads: new Set([...contactLetterheads, ...signedLetterheads].map((r) => r.id)).size };
}

/**
 * The digests of names and addresses erased at `erasedAt` (in bulk, as retention erases members of
 * the public), for the audit log to withhold them in entries written before then.
 */
export async function keepErasedDigests(tx: Db | Tx, known: readonly string[], erasedAt: Date): Promise<void> {
  const digests = [...new Set(known.filter((s) => s.trim() !== "").map(identityDigest))];
  for (let i = 0; i < digests.length; i += 1000) {
    await tx
      .insert(erasedIdentities)
      .values(digests.slice(i, i + 1000).map((digest) => ({ digest, erasedAt })))
      .onConflictDoUpdate({ target: erasedIdentities.digest, set: { erasedAt: sql`greatest(${erasedIdentities.erasedAt}, excluded.erased_at)` } });
  }
}

/** Each string held under a key that names a person (in lists under it too), with the entry's time. */
function identityStrings(v: unknown, into: Set<string>, named = false): void {
  if (typeof v === "string") {
    if (named && v.trim() !== "") into.add(v);
  } else if (Array.isArray(v)) for (const x of v) identityStrings(x, into, named);
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) identityStrings(x, into, IDENTITY_KEYS.has(k));
}

function replaced(v: unknown, erased: (s: string) => boolean, named = false): unknown {
  if (typeof v === "string") return named && erased(v) ? ERASED_TEXT : v;
  if (Array.isArray(v)) return v.map((x) => replaced(x, erased, named));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaced(x, erased, IDENTITY_KEYS.has(k))]));
  return v;
}

/**
 * Audit entries as they may be shown: a value under a key that names a person, in an entry
 * written before that name or address was erased, reads "Erased on request". One lookup for the
 * page, by digest.
 */
export async function withholdErased<R extends { at: Date; before: unknown; after: unknown }>(db: Db, rows: R[]): Promise<R[]> {
  const candidates = new Set<string>();
  for (const r of rows) {
    identityStrings(r.before, candidates);
    identityStrings(r.after, candidates);
  }
  if (!candidates.size) return rows;
  const digestOf = new Map([...candidates].map((s) => [s, identityDigest(s)]));
  const found = await db
    .select({ digest: erasedIdentities.digest, erasedAt: erasedIdentities.erasedAt })
    .from(erasedIdentities)
    .where(sql`${erasedIdentities.digest} = any(${sql.param([...new Set(digestOf.values())])}::text[])`);
  if (!found.length) return rows;
  const erasedAt = new Map(found.map((f) => [f.digest, f.erasedAt.getTime()]));
  return rows.map((r) => {
    const erased = (s: string) => {
      const when = erasedAt.get(digestOf.get(s) ?? "");
      return when !== undefined && r.at.getTime() <= when;
    };
    return { ...r, before: replaced(r.before, erased), after: replaced(r.after, erased) };
  });
}

/**
 * A person's name as others are shown it (who last changed an answer, wrote a comment, decided):
 * "Someone whose details were erased" for an erased person, whose name is gone; their name (or
 * null, as before, for one who gave none) for anyone else.
 */
export function shownName(t: typeof users = users) {
  return shownNameOf(sql`${t.name}`, sql`${t.erasedAt}`);
}

/** shownName for a statement that reads users under an alias of its own (`au.name`, `au.erased_at`). */
export function shownNameOf(name: SQL, erasedAt: SQL) {
  return sql<string | null>`coalesce(${name}, case when ${erasedAt} is not null then ${ERASED_PERSON}::text end)`;
}

// Endorsement of a document's final version (issue 16, the last stage): the officer puts the
// newest published version to partners as the final text, which records the SHA-256 of exactly
// that text (lib/signoff/hash.ts, as sign-off of the council's answers does); then a named
// signatory of each invited organisation records that it endorses, endorses with reservations,
// or does not endorse, against the hash they were shown. One endorsement per organisation: a
// double or simultaneous submission makes one row. The hash is re-checked whenever it is shown.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import {
  documentEndorsements,
  documentParagraphs,
  documentSections,
  documentVersions,
  invitations,
  organisations,
  stages,
  type Document,
  type DocumentEndorsement,
  type EndorsementDecision,
} from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, organisationsWithRole, type Actor } from "../auth/policy";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDateTime } from "../format";
import { notify, paths } from "../notifications/record";
import { canonicalText, sha256Hex, stableStringify } from "../signoff/hash";
import { documentFor } from "./access";
import { endorsementWindow, type EndorsementWindow } from "./rules";
import type { endorseSchema } from "./schemas";
import { ENDORSEMENT_LABELS } from "./schemas";
import type { z } from "zod";

/** Bumped if the serialisation below changes, so a stored hash is re-checked with its own format. */
export const DOCUMENT_VERSION_FORMAT = "council-consult/document-version@1";

type Endorse = z.output<typeof endorseSchema>;

/**
 * The canonical JSON of a version's text: the document, version number and name, the sections
 * (anchor, heading) and the paragraphs (anchor, number, section, text) in reading order, keys
 * sorted and texts NFC with LF line ends. Exactly what a signatory reads, and nothing else.
 */
export function canonicalVersion(input: {
  documentId: string;
  version: number;
  label: string;
  sections: { id: string; anchor: string; heading: string }[];
  paragraphs: { anchor: string; number: string; text: string; sectionId: string | null }[];
}): string {
  const sectionAnchor = new Map(input.sections.map((s) => [s.id, s.anchor]));
  return stableStringify({
    format: DOCUMENT_VERSION_FORMAT,
    documentId: input.documentId,
    version: input.version,
    label: canonicalText(input.label),
    sections: input.sections.map((s) => ({ anchor: s.anchor, heading: canonicalText(s.heading) })),
    paragraphs: input.paragraphs.map((p) => ({
      anchor: p.anchor,
      number: canonicalText(p.number),
      section: p.sectionId ? (sectionAnchor.get(p.sectionId) ?? null) : null,
      text: canonicalText(p.text),
    })),
  });
}

/** The SHA-256 of a stored version's text as it stands now. */
export async function versionHash(db: Db, v: { id: string; documentId: string; version: number; label: string }): Promise<string> {
  const [sections, paragraphs] = await readTogether(db, [
    () => db.select({ id: documentSections.id, anchor: documentSections.anchor, heading: documentSections.heading }).from(documentSections).where(eq(documentSections.versionId, v.id)).orderBy(asc(documentSections.position)),
    () => db
      .select({ anchor: documentParagraphs.anchor, number: documentParagraphs.number, text: documentParagraphs.text, sectionId: documentParagraphs.sectionId })
      .from(documentParagraphs)
      .where(eq(documentParagraphs.versionId, v.id))
      .orderBy(asc(documentParagraphs.position)),
  ]);
  return sha256Hex(canonicalVersion({ documentId: v.documentId, version: v.version, label: v.label, sections, paragraphs }));
}

async function newestPublished(db: Db, documentId: string, lock = false) {
  const q = db
    .select({ v: documentVersions, s: stages })
    .from(documentVersions)
    .innerJoin(stages, eq(stages.id, documentVersions.stageId))
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.status, "published")))
    .orderBy(asc(documentVersions.version));
  const rows = lock ? await q.for("update", { of: documentVersions }) : await q;
  return rows[rows.length - 1] ?? null;
}

/**
 * Put the document's newest published version to partners for endorsement as the final text:
 * its hash is recorded and it takes no more comments. Done once per version, and only for the
 * version the officer was shown (`version`).
 */
export async function putForEndorsement(db: Db, input: { documentId: string; version: number }, actor: Actor, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const { d, c } = await documentFor(tx, input.documentId, actor, "document.manage");
    const newest = await newestPublished(tx, d.id, true);
    if (!newest) throw new InvalidError("Publish the final version before putting it for endorsement.");
    // The version the officer was shown: a newer one published meanwhile is not put by mistake.
    if (newest.v.version !== input.version) throw new InvalidError(`Version ${input.version} is not the newest published version of this document. Reload the page to see the newest.`);
    if (newest.v.finalHash) throw new LockedError(`Version ${newest.v.version} was already put for endorsement on ${formatDateTime(newest.v.finalAt!)}.`);
    if (c.status !== "open") throw new InvalidError("The consultation is not open, so partners cannot endorse the document.");
    const hash = await versionHash(tx, newest.v);
    await tx.update(documentVersions).set({ finalHash: hash, finalAt: now, finalBy: actor.id, updatedAt: now }).where(eq(documentVersions.id, newest.v.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.put_for_endorsement",
      entityType: "document_version",
      entityId: newest.v.id,
      consultationId: c.id,
      after: { document: d.title, version: newest.v.version, label: newest.v.label, hash },
    });
    return { versionId: newest.v.id, version: newest.v.version, hash };
  });
}

/** The organisations the actor may endorse for: a signatory in them, and invited (or the document open to all). */
export async function endorsingOrganisations(db: Db, doc: Pick<Document, "consultationId" | "openToAll">, actor: Actor | null): Promise<{ id: string; name: string }[]> {
  if (!actor) return [];
  const mine = organisationsWithRole(actor, "signatory");
  if (!mine.length) return [];
  const names = new Map(actor.memberships.map((m) => [m.organisationId, m.organisationName]));
  let ids = mine;
  if (!doc.openToAll) {
    const invited = await db
      .selectDistinct({ id: invitations.organisationId })
      .from(invitations)
      .where(and(eq(invitations.consultationId, doc.consultationId), inArray(invitations.organisationId, mine)));
    const set = new Set(invited.map((i) => i.id));
    ids = mine.filter((id) => set.has(id));
  }
  return ids.map((id) => ({ id, name: names.get(id) ?? "" }));
}

/**
 * Each organisation as it stands now: itself, or the one it was merged into (following a chain of
 * merges). An endorsement is a signed record and stays under the organisation that signed it;
 * after an admin merges that organisation into another, it is shown (and counted) as the kept
 * organisation's, "signed as" the original (issue 16; lib/admin/organisations.ts mergeOrganisations).
 */
export async function currentOrganisations(db: Db, ids: string[]): Promise<Map<string, { id: string; name: string; type: string }>> {
  const known = new Map<string, { id: string; name: string; type: string; mergedIntoId: string | null }>();
  let wanted = [...new Set(ids)];
  // At most a few rounds: each follows one merge.
  for (let round = 0; wanted.length && round < 20; round++) {
    const rows = await db.select({ id: organisations.id, name: organisations.name, type: organisations.type, mergedIntoId: organisations.mergedIntoId }).from(organisations).where(inArray(organisations.id, wanted));
    for (const r of rows) known.set(r.id, r);
    wanted = [...new Set(rows.map((r) => r.mergedIntoId).filter((x): x is string => !!x && !known.has(x)))];
  }
  const out = new Map<string, { id: string; name: string; type: string }>();
  for (const id of ids) {
    let o = known.get(id);
    for (let hops = 0; o?.mergedIntoId && known.has(o.mergedIntoId) && hops < 20; hops++) o = known.get(o.mergedIntoId);
    if (o) out.set(id, { id: o.id, name: o.name, type: o.type });
  }
  return out;
}

export type EndorsementView = {
  id: string;
  /** The organisation the decision counts for now (the kept one, after a merge). */
  organisationId: string;
  organisationName: string;
  organisationType: string;
  /** The organisation that signed, when it has since been merged into organisationName's; else null. */
  signedAs: string | null;
  decision: EndorsementDecision;
  decisionLabel: string;
  reservations: string;
  signatoryName: string;
  signatoryPosition: string;
  decidedAt: Date;
  /** The endorsement was made against the final text as it stands (its hash matches). */
  matches: boolean;
};

export type EndorsementState = {
  document: Document;
  consultation: { id: string; title: string; slug: string; ownerOrganisationId: string };
  /** The version put for endorsement (the newest such); null when none has been. */
  final: { id: string; version: number; label: string; finalAt: Date; storedHash: string; recomputedHash: string; matches: boolean } | null;
  window: EndorsementWindow;
  endorsements: EndorsementView[];
  /** Invited organisations that have not recorded a decision yet (for the council's page). */
  awaiting: { id: string; name: string }[];
  manages: boolean;
};

/**
 * Who has endorsed the final version, for anyone who may read the document: the record lists
 * each organisation's named signatory and decision (with reservations), and the final text's
 * hash recomputed now beside the one recorded, so a changed text shows as not verified.
 */
export async function getEndorsements(db: Db, input: { documentId: string }, actor: Actor | null, now: Date = new Date()): Promise<EndorsementState> {
  const { d, c, manages } = await documentFor(db, input.documentId, actor);
  const published = await db
    .select({ v: documentVersions, s: stages })
    .from(documentVersions)
    .innerJoin(stages, eq(stages.id, documentVersions.stageId))
    .where(and(eq(documentVersions.documentId, d.id), eq(documentVersions.status, "published")))
    .orderBy(asc(documentVersions.version));
  const newest = published[published.length - 1];
  const finals = published.filter((r) => r.v.finalHash);
  const fin = finals[finals.length - 1];
  const base = { document: d, consultation: { id: c.id, title: c.title, slug: c.slug, ownerOrganisationId: c.ownerOrganisationId }, manages };
  if (!fin) return { ...base, final: null, window: "not_final", endorsements: [], awaiting: [] };
  const recomputedHash = await versionHash(db, fin.v);
  const rows = await db
    .select({ e: documentEndorsements, name: organisations.name, type: organisations.type })
    .from(documentEndorsements)
    .innerJoin(organisations, eq(organisations.id, documentEndorsements.organisationId))
    .where(eq(documentEndorsements.versionId, fin.v.id))
    .orderBy(asc(organisations.name));
  const now_ = await currentOrganisations(db, rows.map((r) => r.e.organisationId));
  const endorsements = rows
    .map(({ e, name, type }) => {
      const kept = now_.get(e.organisationId) ?? { id: e.organisationId, name, type };
      return { e, kept, signedAs: kept.id === e.organisationId ? null : name };
    })
    .sort((a, b) => a.kept.name.localeCompare(b.kept.name))
    .map(({ e, kept, signedAs }) => ({
    id: e.id,
    organisationId: kept.id,
    organisationName: kept.name,
    organisationType: kept.type,
    signedAs,
    decision: e.decision,
    decisionLabel: ENDORSEMENT_LABELS[e.decision],
    reservations: e.reservations,
    signatoryName: e.signatoryName,
    signatoryPosition: e.signatoryPosition,
    decidedAt: e.decidedAt,
    matches: e.hash === recomputedHash && e.hash === fin.v.finalHash,
  }));
  let awaiting: { id: string; name: string }[] = [];
  if (manages) {
    const invited = await db
      .selectDistinct({ id: organisations.id, name: organisations.name })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
      .where(eq(invitations.consultationId, c.id))
      .orderBy(asc(organisations.name));
    const done = new Set(endorsements.map((e) => e.organisationId));
    awaiting = invited.filter((o) => !done.has(o.id));
  }
  const window = endorsementWindow(
    { consultationStatus: c.status, versionStatus: fin.v.status, superseded: newest!.v.id !== fin.v.id, final: true, stage: fin.s },
    now,
  );
  return {
    ...base,
    final: { id: fin.v.id, version: fin.v.version, label: fin.v.label, finalAt: fin.v.finalAt!, storedHash: fin.v.finalHash!, recomputedHash, matches: recomputedHash === fin.v.finalHash },
    window,
    endorsements,
    awaiting,
  };
}

/**
 * An organisation merged into this one may have decided already (its record kept as it was
 * signed): the kept organisation then has a decision, and a second is refused as a repeat is.
 */
async function refuseIfMergedInDecided(tx: Db, organisation: { id: string; name: string }, versionId: string) {
  const rows = await tx
    .select({ e: documentEndorsements, name: organisations.name })
    .from(documentEndorsements)
    .innerJoin(organisations, eq(organisations.id, documentEndorsements.organisationId))
    .where(and(eq(documentEndorsements.versionId, versionId), sql`${organisations.mergedIntoId} is not null`));
  if (!rows.length) return;
  const kept = await currentOrganisations(tx, rows.map((r) => r.e.organisationId));
  const earlier = rows.find((r) => kept.get(r.e.organisationId)?.id === organisation.id);
  if (!earlier) return;
  throw new LockedError(
    `${organisation.name}'s decision on the final version was already recorded by ${earlier.e.signatoryName}, ${formatDateTime(earlier.e.decidedAt)}, signing for ${earlier.name} (since merged into ${organisation.name}): ${ENDORSEMENT_LABELS[earlier.e.decision].toLowerCase()}. Nothing more has been recorded.`,
  );
}

/**
 * Record the organisation's endorsement of the final version. The signatory must be a named
 * signatory of the organisation, the organisation invited, the window open, and the text the
 * signatory was shown (`expectedHash`) the final text as recorded and as it stands. The unique
 * key (version, organisation) makes a repeated or simultaneous submission one row: the same
 * person repeating the same decision gets the recorded one back; anything else is told who
 * recorded the organisation's decision and when.
 */
export async function endorseDocument(db: Db, input: Endorse, actor: Actor, now: Date = new Date()): Promise<{ endorsement: DocumentEndorsement; created: boolean }> {
  return db.transaction(async (tx) => {
    const { d, c } = await documentFor(tx, input.documentId, actor);
    authorize(actor, "document.endorse", { kind: "response", organisationId: input.organisationId, consultationOwnerOrganisationId: c.ownerOrganisationId });
    const organisation = (await endorsingOrganisations(tx, d, actor)).find((o) => o.id === input.organisationId);
    if (!organisation) throw new NotFoundError("Document");
    // FOR SHARE: the version cannot be put for endorsement again, nor superseded, meanwhile.
    const [newest] = await tx
      .select({ v: documentVersions, s: stages })
      .from(documentVersions)
      .innerJoin(stages, eq(stages.id, documentVersions.stageId))
      .where(and(eq(documentVersions.documentId, d.id), eq(documentVersions.status, "published")))
      .orderBy(asc(documentVersions.version))
      .for("share", { of: documentVersions })
      .then((rows) => rows.slice(-1));
    const window = newest ? endorsementWindow({ consultationStatus: c.status, versionStatus: newest.v.status, superseded: false, final: !!newest.v.finalHash, stage: newest.s }, now) : "not_final";
    if (!newest || window === "not_final") throw new InvalidError("The final version has not been put to partners for endorsement yet. Nothing has been recorded.");
    if (window === "closed") throw new LockedError("Endorsement of the final version has closed. Nothing has been recorded.");
    const current = await versionHash(tx, newest.v);
    if (current !== newest.v.finalHash) {
      throw new LockedError("The final text no longer matches the text put for endorsement, so no endorsement can be recorded. Tell the council's contact officer.");
    }
    if (input.expectedHash !== current) {
      throw new InvalidError("The final text changed after you opened this page, so your decision was not recorded. Read it again before deciding.", {
        _form: "The final text changed after you opened this page, so your decision was not recorded. Read it again before deciding.",
      });
    }
    await refuseIfMergedInDecided(tx, organisation, newest.v.id);
    const [row] = await tx
      .insert(documentEndorsements)
      .values({
        versionId: newest.v.id,
        organisationId: organisation.id,
        decision: input.decision,
        reservations: input.reservations,
        hash: current,
        signatoryId: actor.id,
        signatoryName: actor.name ?? actor.email,
        signatoryPosition: input.position,
        decidedAt: now,
      })
      .onConflictDoNothing({ target: [documentEndorsements.versionId, documentEndorsements.organisationId] })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(documentEndorsements)
        .where(and(eq(documentEndorsements.versionId, newest.v.id), eq(documentEndorsements.organisationId, organisation.id)));
      if (existing && existing.signatoryId === actor.id && existing.decision === input.decision && existing.reservations === input.reservations) {
        return { endorsement: existing, created: false };
      }
      throw new LockedError(
        `${organisation.name}'s decision on the final version was already recorded by ${existing?.signatoryName ?? "another signatory"}${existing ? `, ${formatDateTime(existing.decidedAt)}` : ""}: ${existing ? ENDORSEMENT_LABELS[existing.decision].toLowerCase() : "recorded"}. Nothing more has been recorded.`,
      );
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.endorse",
      entityType: "document_endorsement",
      entityId: row.id,
      consultationId: c.id,
      organisationId: organisation.id,
      after: { document: d.title, version: newest.v.version, decision: ENDORSEMENT_LABELS[row.decision], reservations: row.reservations || null, signatory: row.signatoryName, position: row.signatoryPosition, hash: current },
    });
    await notify(tx, {
      kind: "document_endorsed",
      recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `${organisation.name}: ${ENDORSEMENT_LABELS[row.decision].toLowerCase()} ${d.title} (${newest.v.label})`,
      path: paths.documentEndorsements(c.id, d.id),
      actorId: actor.id,
      now,
    });
    return { endorsement: row, created: true };
  });
}

// The consultation statement of one version of a document: who was invited and how, how many
// comments came from each type of organisation and on each paragraph, and every comment with
// the council's response and outcome, linked to what became of the paragraph in the next
// version. Plain data for the page and the exports (lib/exports/document-statement.ts). The
// council's readers see it at any time; anyone, once an officer has published it.
import { and, asc, eq, sql } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { documentVersions, invitations, organisations, stages, type CommentOutcome } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, can, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import { label } from "../format";
import { diffVersions, type ParagraphChange } from "./anchors";
import { countComments, getDocumentVersion, getDocumentView, paragraphsOfVersion, selectComments, type OfficerComment } from "./queries";

export type StatementRow = { key: string; label: string; organisations?: number; total: number; support: number; object: number; comment: number };

export type ConsultationStatement = {
  documentTitle: string;
  consultationTitle: string;
  version: number;
  versionLabel: string;
  stage: { name: string; number: number; startsOn: string | null; dueOn: string | null } | null;
  openToAll: boolean;
  invited: { name: string; type: string; contacts: number }[];
  byType: StatementRow[];
  byParagraph: StatementRow[];
  totals: { comments: number; organisations: number; answered: number };
  outcomes: Record<CommentOutcome, number>;
  comments: (OfficerComment & { change: CommentChange | null })[];
  documentId: string;
  consultationId: string;
  consultationSlug: string;
  /** When the statement was published on the public hub; null while only the council sees it. */
  publishedAt: Date | null;
  /** The next published version, whose paragraphs the outcomes link to; null when there is none yet. */
  nextVersion: { version: number; label: string } | null;
  generatedAt: Date;
  /** The main issues the comments were grouped under, with who raised each and on which paragraphs. */
  issues: { title: string; comments: number; paragraphs: string[]; organisations: string[] }[];
};

/** What became of a commented paragraph in the next version: its anchor there, and how it changed. */
export type CommentChange = { version: number; anchor: string; kind: ParagraphChange["kind"]; numberAfter: string | null };

/**
 * Who may read a version's statement, decided before anything of it is read: the council's readers
 * at any time (`reader`), anyone once it is published; before that, others are refused (signed in,
 * by `authorize`; otherwise as not there). `next` is the next published version, whose paragraphs
 * the outcomes link to.
 */
export type StatementAccess = { view: DocumentVersionView; publishedAt: Date | null; reader: boolean; next: DocumentVersionView["versions"][number] | null };
type DocumentVersionView = Awaited<ReturnType<typeof getDocumentVersion>>;

export async function statementAccess(db: Db, input: { documentId: string; version?: number | null; consultationId?: string }, actor: Actor | null): Promise<StatementAccess> {
  // The version without its text: a download the public is served from what is kept reads no more.
  const view = await getDocumentVersion(db, input, actor);
  // Asked for under another consultation's address: not there.
  if (input.consultationId && view.consultation.id !== input.consultationId) throw new NotFoundError("Document");
  const publishedAt = view.version.statementPublishedAt;
  const reader = can(actor, "document.read_comments", { kind: "consultation", ownerOrganisationId: view.consultation.ownerOrganisationId });
  if (!reader && !publishedAt) {
    // Not published: only the council's readers; others are told it is not there, signed in or not.
    if (actor) authorize(actor, "document.read_comments", { kind: "consultation", ownerOrganisationId: view.consultation.ownerOrganisationId });
    throw new NotFoundError("Consultation statement");
  }
  const next = view.versions.find((v) => v.status === "published" && v.version > view.version.version) ?? null;
  return { view, publishedAt, reader, next };
}

export async function getConsultationStatement(db: Db, input: { documentId: string; version?: number | null; consultationId?: string }, actor: Actor | null, now: Date = new Date()): Promise<ConsultationStatement> {
  return statementOf(db, await statementAccess(db, input, actor), now);
}

/** The statement of a version its reader may read (statementAccess decided). */
export async function statementOf(db: Db, { view, publishedAt, next }: StatementAccess, now: Date = new Date()): Promise<ConsultationStatement> {
  const [[stage], { paragraphs }] = await readTogether(db, [
    () => db.select().from(stages).where(eq(stages.id, view.version.stageId)),
    () => paragraphsOfVersion(db, view.version.id),
  ]);
  const [comments, counts, invited, nextParas] = await readTogether(db, [
    () => selectComments(db, { versionId: view.version.id, limit: 1_000_000 }),
    () => countComments(db, view.version.id),
    () => db
      .select({ name: organisations.name, type: organisations.type, contacts: sql<number>`count(*)::int` })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
      .where(and(eq(invitations.consultationId, view.consultation.id)))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.name)),
    async () => (next ? (await paragraphsOfVersion(db, next.id)).paragraphs : null),
  ]);
  const changes = nextParas ? new Map(diffVersions(paragraphs, nextParas).map((c) => [c.anchor, c])) : null;
  const changeOf = (anchor: string): CommentChange | null => {
    const c = changes?.get(anchor);
    return c && next ? { version: next.version, anchor: c.anchor, kind: c.kind, numberAfter: c.numberAfter } : null;
  };
  const byTypeMap = new Map<string, StatementRow & { orgs: Set<string> }>();
  for (const k of comments) {
    const row = byTypeMap.get(k.organisationType) ?? { key: k.organisationType, label: label(k.organisationType), total: 0, support: 0, object: 0, comment: 0, orgs: new Set<string>() };
    row.total += 1;
    row[k.stance] += 1;
    row.orgs.add(k.organisationId);
    byTypeMap.set(k.organisationType, row);
  }
  const byType = [...byTypeMap.values()].sort((a, b) => a.label.localeCompare(b.label)).map(({ orgs, ...r }) => ({ ...r, organisations: orgs.size }));
  const byParagraph = paragraphs
    .filter((p) => counts.has(p.id))
    .map((p) => {
      const n = counts.get(p.id)!;
      return { key: p.anchor, label: p.number, total: n.total, support: n.support, object: n.object, comment: n.comment };
    });
  const outcomes: Record<CommentOutcome, number> = { changed: 0, partly: 0, not_changed: 0, noted: 0 };
  for (const k of comments) if (k.outcome) outcomes[k.outcome] += 1;
  return {
    documentTitle: view.document.title,
    consultationTitle: view.consultation.title,
    version: view.version.version,
    versionLabel: view.version.label,
    stage: stage ? { name: stage.name, number: stage.position + 1, startsOn: stage.startsOn, dueOn: stage.dueOn } : null,
    openToAll: view.document.openToAll,
    invited,
    byType,
    byParagraph,
    totals: { comments: comments.length, organisations: new Set(comments.map((k) => k.organisationId)).size, answered: comments.filter((k) => k.response).length },
    outcomes,
    comments: comments.map((k) => ({ ...k, change: changeOf(k.paragraphAnchor) })),
    issues: issuesOf(comments),
    documentId: view.document.id,
    consultationId: view.consultation.id,
    consultationSlug: view.consultation.slug,
    publishedAt,
    nextVersion: next ? { version: next.version, label: next.label } : null,
    generatedAt: now,
  };
}

function issuesOf(comments: OfficerComment[]) {
  const byIssue = new Map<string, { title: string; comments: number; paragraphs: Set<string>; organisations: Set<string> }>();
  for (const k of comments) {
    if (!k.issueId || !k.issueTitle) continue;
    const i = byIssue.get(k.issueId) ?? { title: k.issueTitle, comments: 0, paragraphs: new Set<string>(), organisations: new Set<string>() };
    i.comments += 1;
    i.paragraphs.add(k.paragraphNumber);
    i.organisations.add(k.organisationName);
    byIssue.set(k.issueId, i);
  }
  return [...byIssue.values()]
    .sort((a, b) => b.comments - a.comments || a.title.localeCompare(b.title))
    .map((i) => ({ title: i.title, comments: i.comments, paragraphs: [...i.paragraphs], organisations: [...i.organisations].sort() }));
}

/**
 * Publish a version's consultation statement on the public hub (the consultation's page lists
 * it and anyone may read or download it). Only once the stage's comments are closed.
 */
export async function publishStatement(db: Db, input: { documentId: string; version: number }, actor: Actor, now: Date = new Date()) {
  const view = await getDocumentView(db, input, actor);
  authorize(actor, "document.manage", { kind: "consultation", ownerOrganisationId: view.consultation.ownerOrganisationId });
  if (view.version.status !== "published") throw new InvalidError("Publish the version before its consultation statement.");
  if (view.window === "open") throw new InvalidError("Comments on this version are still open: publish its statement once they close.");
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(documentVersions)
      .set({ statementPublishedAt: now, statementPublishedBy: actor.id })
      .where(and(eq(documentVersions.id, view.version.id), sql`${documentVersions.statementPublishedAt} is null`))
      .returning({ id: documentVersions.id });
    if (!updated) return { published: false };
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.statement_publish",
      entityType: "document_version",
      entityId: view.version.id,
      consultationId: view.consultation.id,
      after: { document: view.document.title, version: view.version.version, label: view.version.label },
    });
    return { published: true };
  });
}

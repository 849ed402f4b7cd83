// Reads of draft documents: a version with its sections and paragraphs, what a commenter's
// organisation has written, and every organisation's comments for officers (with counts per
// paragraph). Access is checked here, through lib/auth/policy.
import { and, asc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import { readTogether, rowsOf, type Db } from "../../db/client";
import {
  consultations,
  documentCommentResponses,
  documentComments,
  documentIssues,
  documentParagraphs,
  documentRepresentations,
  documents,
  documentSections,
  documentVersions,
  invitations,
  organisations,
  stages,
  users,
  type CommentOutcome,
  type CommentStance,
  type Consultation,
  type Document,
  type DocumentVersion,
  type Stage,
} from "../../db/schema";
import { authorize, organisationsWithRole, type Actor } from "../auth/policy";
import { listStages } from "../consultations/queries";
import { NotFoundError } from "../errors";
import { documentFor } from "./access";
import { commentWindow, commentWindowMessage, type CommentWindow } from "./rules";
import { isUuid, uuidArray } from "../sql";
import { shownName } from "../audit/erased";
import { exactUtc } from "../keyset";

export type ParagraphView = { id: string; anchor: string; number: string; text: string; sectionId: string | null };
export type SectionView = { id: string | null; anchor: string; heading: string; paragraphs: ParagraphView[] };
export type VersionSummary = Pick<DocumentVersion, "id" | "version" | "label" | "status" | "publishedAt" | "stageId" | "editVersion" | "finalHash" | "finalAt" | "statementPublishedAt"> & {
  stageName: string;
  stagePosition: number;
};

export type DocumentView = {
  document: Document;
  consultation: Consultation;
  versions: VersionSummary[];
  version: VersionSummary;
  stage: Stage | null;
  sections: SectionView[];
  paragraphs: ParagraphView[];
  /** The shown version is the newest published one (an older or unpublished one is not). */
  isLatest: boolean;
  /** Whether the shown version takes comments now: "open" only for the newest published version. */
  window: CommentWindow;
  windowMessage: string | null;
  /** The actor may manage the document (sees unpublished versions). */
  manages: boolean;
};

export async function hasDocuments(db: Db, consultationId: string): Promise<boolean> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(eq(documents.consultationId, consultationId)).limit(1);
  return !!row;
}

export async function listDocuments(db: Db, consultationId: string) {
  const docs = await db.select().from(documents).where(eq(documents.consultationId, consultationId)).orderBy(asc(documents.position), asc(documents.createdAt));
  if (!docs.length) return [];
  const versions = await versionsOf(db, docs.map((d) => d.id));
  return docs.map((d) => ({ ...d, versions: versions.filter((v) => v.documentId === d.id) }));
}

/** A version as a list of versions shows it: without its text. */
const VERSION_SUMMARY = {
  id: documentVersions.id,
  documentId: documentVersions.documentId,
  version: documentVersions.version,
  label: documentVersions.label,
  status: documentVersions.status,
  publishedAt: documentVersions.publishedAt,
  stageId: documentVersions.stageId,
  editVersion: documentVersions.editVersion,
  finalHash: documentVersions.finalHash,
  finalAt: documentVersions.finalAt,
  statementPublishedAt: documentVersions.statementPublishedAt,
  stageName: stages.name,
  stagePosition: stages.position,
};

function versionsOf(db: Db, documentIds: string[]) {
  return versionsWith(db, documentIds, VERSION_SUMMARY);
}

/** The versions of some documents in order, with their stages: the columns given. */
async function versionsWith<C extends SelectedFields>(db: Db, documentIds: string[], columns: C): Promise<SelectResultFields<C>[]> {
  const rows = await db
    .select(columns as SelectedFields)
    .from(documentVersions)
    .innerJoin(stages, eq(stages.id, documentVersions.stageId))
    .where(inArray(documentVersions.documentId, documentIds))
    .orderBy(asc(documentVersions.version));
  return rows as SelectResultFields<C>[];
}

export async function paragraphsOfVersion(db: Db, versionId: string): Promise<{ sections: SectionView[]; paragraphs: ParagraphView[] }> {
  const [secs, paras] = await readTogether(db, [
    () => db.select().from(documentSections).where(eq(documentSections.versionId, versionId)).orderBy(asc(documentSections.position)),
    () => db
      .select({ id: documentParagraphs.id, anchor: documentParagraphs.anchor, number: documentParagraphs.number, text: documentParagraphs.text, sectionId: documentParagraphs.sectionId })
      .from(documentParagraphs)
      .where(eq(documentParagraphs.versionId, versionId))
      .orderBy(asc(documentParagraphs.position)),
  ]);
  const sections: SectionView[] = [];
  const loose = paras.filter((p) => !p.sectionId);
  if (loose.length) sections.push({ id: null, anchor: "start", heading: "", paragraphs: loose });
  for (const s of secs) sections.push({ id: s.id, anchor: s.anchor, heading: s.heading, paragraphs: paras.filter((p) => p.sectionId === s.id) });
  return { sections, paragraphs: paras };
}

/** The document, its versions, and the one asked for (else the newest published; a draft only for those who manage it). */
async function chooseVersion(db: Db, input: { documentId: string; version?: number | null }, actor: Actor | null) {
  const row = await documentFor(db, input.documentId, actor);
  const all = await versionsOf(db, [row.d.id]);
  const published = all.filter((v) => v.status === "published");
  const visible = row.manages ? all : published;
  const version = input.version ? visible.find((v) => v.version === input.version) : (published[published.length - 1] ?? (row.manages ? visible[visible.length - 1] : undefined));
  if (!version) throw new NotFoundError("Document");
  return { row, visible, published, version };
}

/**
 * getDocumentView without the version's text, for a page that shows a few of its paragraphs
 * (the officer's comments page: getCommentsOverview reads those of the comments on it).
 */
export async function getDocumentVersion(db: Db, input: { documentId: string; version?: number | null }, actor: Actor | null): Promise<Pick<DocumentView, "document" | "consultation" | "versions" | "version" | "manages">> {
  const { row, visible, version } = await chooseVersion(db, input, actor);
  return { document: row.d, consultation: row.c, versions: visible, version, manages: row.manages };
}

/** Some paragraphs of a version, in the version's order (the ids of another version's paragraphs give nothing). */
export async function paragraphsById(db: Db, versionId: string, ids: string[]): Promise<ParagraphView[]> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (!wanted.length) return [];
  return db
    .select({ id: documentParagraphs.id, anchor: documentParagraphs.anchor, number: documentParagraphs.number, text: documentParagraphs.text, sectionId: documentParagraphs.sectionId })
    .from(documentParagraphs)
    .where(and(eq(documentParagraphs.versionId, versionId), sql`${documentParagraphs.id} = any(${uuidArray(wanted)})`))
    .orderBy(asc(documentParagraphs.position));
}

/**
 * A document as its reader sees it: the newest published version (or the one asked for). Only
 * those who manage the document see an unpublished version or a draft consultation's document.
 */
export async function getDocumentView(db: Db, input: { documentId: string; version?: number | null }, actor: Actor | null, now: Date = new Date()): Promise<DocumentView> {
  const { row, visible, published, version } = await chooseVersion(db, input, actor);
  const { manages } = row;
  // The stage and the paragraphs in parallel: one round trip fewer on every reader's page.
  const [[stage], { sections, paragraphs }] = await readTogether(db, [() => db.select().from(stages).where(eq(stages.id, version.stageId)), () => paragraphsOfVersion(db, version.id)]);
  const newest = published[published.length - 1];
  const w = {
    consultationStatus: row.c.status,
    versionStatus: version.status,
    superseded: !!newest && newest.version > version.version,
    final: !!version.finalHash,
    stage: stage ?? null,
  };
  return {
    document: row.d,
    consultation: row.c,
    versions: visible.map(({ ...v }) => v),
    version,
    stage: stage ?? null,
    sections,
    paragraphs,
    isLatest: version.status === "published" && !w.superseded,
    window: commentWindow(w, now),
    windowMessage: commentWindowMessage(w, now),
    manages,
  };
}

/**
 * The officer's document page (a document of consultation `consultationId`, else not found, for
 * those who manage it): every version without its text (getDocumentView read 600 paragraphs there
 * to show none), the newest one's text if it is a draft (to edit), the consultation's stages and
 * each version's comments: read side by side, after one access check.
 */
export async function getDocumentManagePage(db: Db, input: { consultationId: string; documentId: string }, actor: Actor) {
  const row = await documentFor(db, input.documentId, actor);
  // Another consultation's document is not found under this one (before any refusal: its officers see a 404 here).
  if (row.c.id !== input.consultationId) throw new NotFoundError("Document");
  const resource = { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId } as const;
  authorize(actor, "document.manage", resource);
  authorize(actor, "document.read_comments", resource);
  const [versions, stageRows, totals] = await readTogether(db, [
    () =>
      versionsWith(db, [row.d.id], {
        ...VERSION_SUMMARY,
        draftText: sql<string | null>`case when ${documentVersions.status} = 'draft' then ${documentVersions.sourceText} end`,
        updatedAt: documentVersions.updatedAt,
      }),
    () => listStages(db, row.c.id),
    () => countsByVersion(db, row.d.id),
  ]);
  const latest = versions[versions.length - 1];
  if (!latest) throw new NotFoundError("Document");
  const draft = latest.draftText === null ? null : { ...latest, sourceText: latest.draftText };
  return { document: row.d, consultation: row.c, versions: versions.map(({ draftText: _t, updatedAt: _u, ...v }) => v), latest, draft, stages: stageRows, totals };
}

/** Submitted comments on each version of a document (by version id), for those who may read them: one count, not commentCounts' per paragraph. */
export async function commentTotals(db: Db, documentId: string, actor: Actor): Promise<Map<string, number>> {
  await documentFor(db, documentId, actor, "document.read_comments");
  return countsByVersion(db, documentId);
}

async function countsByVersion(db: Db, documentId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ versionId: documentComments.versionId, total: sql<number>`count(*)::int` })
    .from(documentComments)
    .innerJoin(documentVersions, eq(documentVersions.id, documentComments.versionId))
    .where(and(eq(documentVersions.documentId, documentId), eq(documentComments.status, "submitted")))
    .groupBy(documentComments.versionId);
  return new Map(rows.map((r) => [r.versionId, r.total]));
}

export type OwnComment = {
  id: string;
  paragraphId: string;
  paragraphNumber: string;
  paragraphAnchor: string;
  stance: CommentStance;
  text: string;
  proposedChange: string;
  quote: string;
  status: "draft" | "submitted";
  editVersion: number;
  updatedByName: string | null;
  updatedAt: Date;
  reference: string | null;
  response: string | null;
  outcome: CommentOutcome | null;
};

/** The organisations the actor may comment for on this document: partner in them, and invited (or the document open to all). */
export async function commentingOrganisations(db: Db, doc: Pick<Document, "consultationId" | "openToAll">, actor: Actor): Promise<{ id: string; name: string }[]> {
  const partnerOrgs = organisationsWithRole(actor, "partner");
  if (!partnerOrgs.length) return [];
  const names = new Map(actor.memberships.map((m) => [m.organisationId, m.organisationName]));
  if (doc.openToAll) return partnerOrgs.map((id) => ({ id, name: names.get(id) ?? "" }));
  const invited = await db
    .selectDistinct({ id: invitations.organisationId })
    .from(invitations)
    .where(and(eq(invitations.consultationId, doc.consultationId), inArray(invitations.organisationId, partnerOrgs)));
  const ids = new Set(invited.map((i) => i.id));
  return partnerOrgs.filter((id) => ids.has(id)).map((id) => ({ id, name: names.get(id) ?? "" }));
}

/** An organisation's comments on a version, draft and submitted, in paragraph order. */
export async function listOwnComments(db: Db, input: { versionId: string; organisationId: string; consultationOwnerOrganisationId: string }, actor: Actor): Promise<OwnComment[]> {
  authorize(actor, "document.comment_read", { kind: "response", organisationId: input.organisationId, consultationOwnerOrganisationId: input.consultationOwnerOrganisationId });
  return db
    .select({
      id: documentComments.id,
      paragraphId: documentComments.paragraphId,
      paragraphNumber: documentParagraphs.number,
      paragraphAnchor: documentParagraphs.anchor,
      stance: documentComments.stance,
      text: documentComments.text,
      proposedChange: documentComments.proposedChange,
      quote: documentComments.quote,
      status: documentComments.status,
      editVersion: documentComments.editVersion,
      updatedByName: shownName(),
      updatedAt: documentComments.updatedAt,
      reference: documentRepresentations.reference,
      response: documentCommentResponses.response,
      outcome: documentCommentResponses.outcome,
    })
    .from(documentComments)
    .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
    .leftJoin(users, eq(users.id, documentComments.updatedBy))
    .leftJoin(documentRepresentations, eq(documentRepresentations.id, documentComments.representationId))
    .leftJoin(documentCommentResponses, eq(documentCommentResponses.commentId, documentComments.id))
    .where(and(eq(documentComments.versionId, input.versionId), eq(documentComments.organisationId, input.organisationId)))
    .orderBy(asc(documentParagraphs.position), asc(documentComments.createdAt));
}

export async function getRepresentation(db: Db, input: { reference: string; organisationId: string; consultationOwnerOrganisationId: string }, actor: Actor) {
  authorize(actor, "document.comment_read", { kind: "response", organisationId: input.organisationId, consultationOwnerOrganisationId: input.consultationOwnerOrganisationId });
  const [rep] = await db
    .select({ r: documentRepresentations, byName: shownName() })
    .from(documentRepresentations)
    .leftJoin(users, eq(users.id, documentRepresentations.submittedBy))
    .where(and(eq(documentRepresentations.reference, input.reference), eq(documentRepresentations.organisationId, input.organisationId)));
  if (!rep) throw new NotFoundError("Submission");
  const list = await db
    .select({ id: documentComments.id, number: documentParagraphs.number, anchor: documentParagraphs.anchor, stance: documentComments.stance, text: documentComments.text, proposedChange: documentComments.proposedChange, quote: documentComments.quote })
    .from(documentComments)
    .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
    .where(eq(documentComments.representationId, rep.r.id))
    .orderBy(asc(documentParagraphs.position), asc(documentComments.createdAt));
  return { ...rep.r, submittedByName: rep.byName, comments: list };
}

export type OfficerCommentFilter = {
  versionId: string;
  stance?: CommentStance | null;
  organisationId?: string | null;
  paragraphId?: string | null;
  q?: string | null;
  /** "answered" | "unanswered" */
  answered?: "answered" | "unanswered" | null;
  commentId?: string | null;
  /** At most this many (1,000 unless said). */
  limit?: number;
  /** Keyset: only comments after this one in the list's order (paragraph, organisation, submitted, id). */
  after?: CommentCursor | null;
};

/** The submitted time is Postgres's to the microsecond (exactText), not a Date's millisecond: comments apart by less than a millisecond are neither skipped nor repeated. */
export type CommentCursor = [position: number, organisationName: string, submittedAt: string, id: string];

/** A timestamp as UTC ISO text to the microsecond (a Date keeps milliseconds), for a keyset cursor. */
const exactText = (t: SQLWrapper) => sql<string | null>`${exactUtc(t)}`;

/** A comment as the officers' list reads it: with its paragraph's position and its exact submitted time, for the order and the cursor. */
type ListedComment = OfficerComment & { position: number; submittedAtText: string | null };

/** A cursor as a URL carries it; null for anything that is not one (a tampered link starts from the top). */
export function decodeCommentCursor(s: string | null | undefined): CommentCursor | null {
  if (!s || s.length > 2_000) return null;
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(v) || v.length !== 4) return null;
    const [p, n, t, id] = v;
    if (!Number.isInteger(p) || typeof n !== "string" || typeof t !== "string" || Number.isNaN(Date.parse(t)) || typeof id !== "string" || !isUuid(id)) return null;
    return [p, n, t, id];
  } catch {
    return null;
  }
}

export function encodeCommentCursor(c: CommentCursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

export const COMMENT_PAGE_SIZE = 500;

/**
 * One page of listComments, by keyset (so page 40 costs what page 1 does, and comments arriving
 * meanwhile never shift a page): the comments and the cursor of the next page, null at the end.
 */
export async function listCommentsPage(db: Db, filter: Omit<OfficerCommentFilter, "limit">, actor: Actor, pageSize = COMMENT_PAGE_SIZE): Promise<{ items: OfficerComment[]; next: string | null }> {
  await authorizeVersion(db, filter.versionId, actor, "document.read_comments");
  return commentsPageOf(db, filter, pageSize);
}

async function commentsPageOf(db: Db, filter: Omit<OfficerCommentFilter, "limit">, pageSize: number): Promise<{ items: OfficerComment[]; next: string | null }> {
  const rows = await selectCommentsWithPosition(db, { ...filter, limit: pageSize + 1 });
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  const next = rows.length > pageSize && last ? encodeCommentCursor([last.position, last.organisationName, last.submittedAtText!, last.id]) : null;
  return { items: items.map(({ position: _p, submittedAtText: _t, ...k }) => k), next };
}

export type OfficerComment = {
  id: string;
  paragraphId: string;
  paragraphNumber: string;
  paragraphAnchor: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  stance: CommentStance;
  text: string;
  proposedChange: string;
  quote: string;
  reference: string | null;
  submittedAt: Date | null;
  response: string | null;
  outcome: CommentOutcome | null;
  responseEditVersion: number | null;
  issueId: string | null;
  issueTitle: string | null;
};

/** Submitted comments on a version, for those who may read them, filtered; paragraph order, then organisation. */
export async function listComments(db: Db, filter: OfficerCommentFilter, actor: Actor): Promise<OfficerComment[]> {
  await authorizeVersion(db, filter.versionId, actor, "document.read_comments");
  return selectComments(db, filter);
}

/** listComments without the access check, for a caller that has decided access (a published statement). */
export async function selectComments(db: Db, filter: OfficerCommentFilter): Promise<OfficerComment[]> {
  return (await selectCommentsWithPosition(db, filter)).map(({ position: _p, submittedAtText: _t, ...k }) => k);
}

async function selectCommentsWithPosition(db: Db, filter: OfficerCommentFilter): Promise<ListedComment[]> {
  if (!filter.organisationId && !filter.paragraphId && !filter.commentId && !filter.q?.trim() && filter.answered !== "answered") return selectCommentsParagraphByParagraph(db, filter);
  const where: SQL[] = [eq(documentComments.versionId, filter.versionId), eq(documentComments.status, "submitted")];
  if (filter.stance) where.push(eq(documentComments.stance, filter.stance));
  if (filter.organisationId) where.push(eq(documentComments.organisationId, filter.organisationId));
  if (filter.paragraphId) where.push(eq(documentComments.paragraphId, filter.paragraphId));
  if (filter.commentId) where.push(eq(documentComments.id, filter.commentId));
  if (filter.q?.trim()) where.push(sql`${documentComments.search} @@ websearch_to_tsquery('english', ${filter.q.trim()})`);
  if (filter.answered === "answered") where.push(sql`${documentCommentResponses.id} is not null`);
  if (filter.answered === "unanswered") where.push(sql`${documentCommentResponses.id} is null`);
  if (filter.after) {
    const [position, organisationName, submittedAt, id] = filter.after;
    where.push(sql`(${documentParagraphs.position}, ${organisations.name}, ${documentComments.submittedAt}, ${documentComments.id}) > (${position}, ${organisationName}, ${submittedAt}::timestamptz, ${id}::uuid)`);
  }
  return db
    .select({
      id: documentComments.id,
      paragraphId: documentComments.paragraphId,
      paragraphNumber: documentParagraphs.number,
      paragraphAnchor: documentParagraphs.anchor,
      organisationId: documentComments.organisationId,
      organisationName: organisations.name,
      organisationType: organisations.type,
      stance: documentComments.stance,
      text: documentComments.text,
      proposedChange: documentComments.proposedChange,
      quote: documentComments.quote,
      reference: documentRepresentations.reference,
      submittedAt: documentComments.submittedAt,
      submittedAtText: exactText(documentComments.submittedAt),
      response: documentCommentResponses.response,
      outcome: documentCommentResponses.outcome,
      responseEditVersion: documentCommentResponses.editVersion,
      issueId: documentComments.issueId,
      issueTitle: documentIssues.title,
      position: documentParagraphs.position,
    })
    .from(documentComments)
    .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
    .innerJoin(organisations, eq(organisations.id, documentComments.organisationId))
    .leftJoin(documentRepresentations, eq(documentRepresentations.id, documentComments.representationId))
    .leftJoin(documentCommentResponses, eq(documentCommentResponses.commentId, documentComments.id))
    .leftJoin(documentIssues, eq(documentIssues.id, documentComments.issueId))
    .where(and(...where))
    .orderBy(asc(documentParagraphs.position), asc(organisations.name), asc(documentComments.submittedAt), asc(documentComments.id))
    .limit(filter.limit ?? 1000);
}

type CommentRow = Omit<ListedComment, "submittedAt"> & { submittedAtExact: unknown };

/**
 * selectCommentsWithPosition where the filter keeps most comments (none, or a stance, or the
 * unanswered ones): the version's paragraphs in order, each paragraph's comments beside it
 * (LATERAL), so Postgres stops after the paragraphs that fill the page instead of joining and
 * sorting every comment of the version for the first 500 (20,000 comments: 35–45 → 13–15 ms).
 * The same rows in the same order as the general statement, which a narrow filter (an
 * organisation, a paragraph, a search, the answered ones) keeps: there, walking every paragraph
 * would cost more than reading the few comments it selects by their index.
 */
async function selectCommentsParagraphByParagraph(db: Db, filter: OfficerCommentFilter): Promise<ListedComment[]> {
  const inner: SQL[] = [sql`c.version_id = p.version_id`, sql`c.paragraph_id = p.id`, sql`c.status = 'submitted'`];
  if (filter.stance) inner.push(sql`c.stance = ${filter.stance}`);
  if (filter.answered === "unanswered") inner.push(sql`cr.id is null`);
  const outer: SQL[] = [sql`p.version_id = ${filter.versionId}`];
  if (filter.after) {
    const [position, organisationName, submittedAt, id] = filter.after;
    inner.push(sql`(p.position, o.name, c.submitted_at, c.id) > (${position}, ${organisationName}, ${submittedAt}::timestamptz, ${id}::uuid)`);
    outer.push(sql`p.position >= ${position}`);
  }
  // OFFSET 0 keeps the subquery apart (not pulled up into one join of every comment).
  const result = await rowsOf<CommentRow>(db, sql`
    select k.*, p.number as "paragraphNumber", p.anchor as "paragraphAnchor", p.position
    from document_paragraphs p
    cross join lateral (
      select c.id, c.paragraph_id as "paragraphId", c.organisation_id as "organisationId", o.name as "organisationName", o.type as "organisationType",
        c.stance, c.text, c.proposed_change as "proposedChange", c.quote, r.reference, c.submitted_at as "submittedAtExact", ${exactText(sql`c.submitted_at`)} as "submittedAtText",
        cr.response, cr.outcome, cr.edit_version as "responseEditVersion", c.issue_id as "issueId", i.title as "issueTitle"
      from document_comments c
      join organisations o on o.id = c.organisation_id
      left join document_representations r on r.id = c.representation_id
      left join document_comment_responses cr on cr.comment_id = c.id
      left join document_issues i on i.id = c.issue_id
      where ${and(...inner)}
      offset 0
    ) k
    where ${and(...outer)}
    order by p.position, k."organisationName", k."submittedAtExact", k.id
    limit ${filter.limit ?? 1000}`);
  // The exact time read for the order (its type differs by driver) is dropped; the Date is made from the text (to the millisecond).
  return result.map(({ submittedAtExact: _exact, ...k }) => ({ ...k, submittedAt: k.submittedAtText === null ? null : new Date(k.submittedAtText) }));
}

export type ParagraphCounts = { total: number; support: number; object: number; comment: number; unanswered: number };

/** Submitted comments per paragraph of a version, for officers. */
export async function commentCounts(db: Db, versionId: string, actor: Actor): Promise<Map<string, ParagraphCounts>> {
  await authorizeVersion(db, versionId, actor, "document.read_comments");
  return countComments(db, versionId);
}

/** commentCounts without the access check, for a caller that has decided access; only of `paragraphIds` when given. */
export async function countComments(db: Db, versionId: string, paragraphIds?: readonly string[]): Promise<Map<string, ParagraphCounts>> {
  if (paragraphIds && !paragraphIds.length) return new Map();
  const rows = await db
    .select({
      paragraphId: documentComments.paragraphId,
      total: sql<number>`count(*)::int`,
      support: sql<number>`(count(*) filter (where ${documentComments.stance} = 'support'))::int`,
      object: sql<number>`(count(*) filter (where ${documentComments.stance} = 'object'))::int`,
      comment: sql<number>`(count(*) filter (where ${documentComments.stance} = 'comment'))::int`,
      unanswered: sql<number>`(count(*) filter (where ${documentCommentResponses.id} is null))::int`,
    })
    .from(documentComments)
    .leftJoin(documentCommentResponses, eq(documentCommentResponses.commentId, documentComments.id))
    .where(and(eq(documentComments.versionId, versionId), eq(documentComments.status, "submitted"), paragraphIds ? sql`${documentComments.paragraphId} = any(${uuidArray(paragraphIds)})` : undefined))
    .groupBy(documentComments.paragraphId);
  return new Map(rows.map((r) => [r.paragraphId, { total: r.total, support: r.support, object: r.object, comment: r.comment, unanswered: r.unanswered }]));
}

/** The organisations that submitted comments on a version, with their counts. */
export async function commentingOrganisationsOf(db: Db, versionId: string, actor: Actor) {
  await authorizeVersion(db, versionId, actor, "document.read_comments");
  return commentingOrganisationsIn(db, versionId);
}

/** The organisations that commented on a version (or on one paragraph of it), with their counts. */
function commentingOrganisationsIn(db: Db, versionId: string, paragraphId?: string | null) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      type: organisations.type,
      total: sql<number>`count(*)::int`,
      unanswered: sql<number>`(count(*) filter (where ${documentCommentResponses.id} is null))::int`,
    })
    .from(documentComments)
    .innerJoin(organisations, eq(organisations.id, documentComments.organisationId))
    .leftJoin(documentCommentResponses, eq(documentCommentResponses.commentId, documentComments.id))
    .where(and(eq(documentComments.versionId, versionId), eq(documentComments.status, "submitted"), paragraphId ? eq(documentComments.paragraphId, paragraphId) : undefined))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.name));
}

/**
 * The officer's comments page of a version already chosen (getDocumentVersion), for those who may
 * read its comments: a page of its comments as filtered (listCommentsPage), the counts and the
 * text of the paragraphs on that page, and every commenting organisation with its counts (the
 * filter's options, and the totals as their sum): the version's, or with a paragraph chosen that
 * paragraph's (its page is about it). `paragraph` is the address's `?paragraph=` as given: a
 * paragraph of this version, else (malformed, unknown, another version's) NotFoundError. Access is
 * decided on the version as chosen, with no read of its own; the reads run side by side, and the
 * comments are aggregated once (by organisation), not also by paragraph.
 */
export async function getCommentsOverview(
  db: Db,
  chosen: Pick<DocumentView, "consultation" | "version">,
  input: Omit<OfficerCommentFilter, "versionId" | "paragraphId" | "commentId" | "limit"> & {
    paragraph?: string | null;
    /** The list under its paragraphs (their text is read) or under its organisations (it is not). */
    by?: "paragraph" | "organisation";
  },
  actor: Actor,
  pageSize = COMMENT_PAGE_SIZE,
) {
  authorize(actor, "document.read_comments", { kind: "consultation", ownerOrganisationId: chosen.consultation.ownerOrganisationId });
  const { paragraph: paragraphId = null, by = "paragraph", ...rest } = input;
  if (paragraphId !== null && !isUuid(paragraphId)) throw new NotFoundError("Paragraph");
  const versionId = chosen.version.id;
  const filter = { ...rest, versionId, paragraphId };
  // The paragraph asked for beside the reads it filters: another version's paragraph has no comments here to find.
  const [[paragraph], page, orgs] = await readTogether(db, [
    () => paragraphsById(db, versionId, paragraphId ? [paragraphId] : []),
    () => commentsPageOf(db, filter, pageSize),
    () => commentingOrganisationsIn(db, versionId, paragraphId),
  ]);
  if (paragraphId && !paragraph) throw new NotFoundError("Paragraph");
  const shown = [...new Set(page.items.map((k) => k.paragraphId))];
  const [counts, paragraphs] = await readTogether(db, [
    () => countComments(db, versionId, shown),
    // Only the paragraphs of the comments on this page (not the version's 600); the one chosen is read already.
    () => (by === "organisation" ? [] : paragraph ? (shown.length ? [paragraph] : []) : paragraphsById(db, versionId, shown)),
  ]);
  const total = orgs.reduce((n, o) => n + o.total, 0);
  const unanswered = orgs.reduce((n, o) => n + o.unanswered, 0);
  return { ...page, counts, organisations: orgs, total, unanswered, paragraph: paragraph ?? null, paragraphs };
}

type VersionPermission = Extract<import("../auth/policy").Action, "document.read_comments" | "document.manage">;

export async function authorizeVersion(db: Db, versionId: string, actor: Actor, permission: VersionPermission) {
  const [row] = await db
    .select({ v: documentVersions, ownerOrganisationId: consultations.ownerOrganisationId, consultationId: consultations.id })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .innerJoin(consultations, eq(consultations.id, documents.consultationId))
    .where(eq(documentVersions.id, versionId));
  if (!row) throw new NotFoundError("Document version");
  authorize(actor, permission, { kind: "consultation", ownerOrganisationId: row.ownerOrganisationId });
  return row;
}

/** The main issues comments on a version are grouped under, with how many each holds. */
export async function listIssues(db: Db, versionId: string, actor: Actor) {
  await authorizeVersion(db, versionId, actor, "document.read_comments");
  return db
    .select({ id: documentIssues.id, title: documentIssues.title, comments: sql<number>`count(${documentComments.id})::int` })
    .from(documentIssues)
    .leftJoin(documentComments, eq(documentComments.issueId, documentIssues.id))
    .where(eq(documentIssues.versionId, versionId))
    .groupBy(documentIssues.id)
    .orderBy(asc(documentIssues.title));
}

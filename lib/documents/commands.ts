// Writes to draft documents. Officers add a document to a stage, edit a draft version (each
// save against the version it started from), publish it (its paragraphs keep the anchors of
// the version before), and start the next version as an edit of the last. Partners write
// their organisation's comments together (a save over a colleague's newer save is refused
// with both texts kept), then submit them as the organisation's representation, with a
// receipt. Officers answer each submitted comment with a response and an outcome.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { advisoryXactLock, type Db } from "../../db/client";
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
  organisations,
  stages,
  users,
  type CommentStance,
  type Consultation,
  type Document,
} from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { referenceCodeOf } from "../consultations/reference-code";
import { deliverNow, queueEmail } from "../email";
import { ConflictError, ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDateTime } from "../format";
import { notify, paths } from "../notifications/record";
import { makeReference } from "../responses/reference";
import { documentFor } from "./access";
import { carryAnchors, newAnchor } from "./anchors";
import { commentingOrganisations } from "./queries";
import { commentWindowMessage } from "./rules";
import type { z } from "zod";
import type { createDocumentSchema, respondToCommentSchema, saveCommentSchema, saveVersionTextSchema, startVersionSchema } from "./schemas";
import { OUTCOME_LABELS, STANCE_LABELS } from "./schemas";
import { formatDocument, paragraphsOf, splitDocument } from "./split";
import { shownName } from "../audit/erased";

type CreateDocument = z.output<typeof createDocumentSchema>;
type SaveVersionText = z.output<typeof saveVersionTextSchema>;
type StartVersion = z.output<typeof startVersionSchema>;
type SaveComment = z.output<typeof saveCommentSchema>;
type RespondToComment = Omit<z.output<typeof respondToCommentSchema>, "issueTitle"> & { issueTitle?: string };

async function consultationToManage(tx: Db, consultationId: string, actor: Actor): Promise<Consultation> {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "document.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

async function stageOf(tx: Db, consultationId: string, stageId: string) {
  const [s] = await tx.select().from(stages).where(and(eq(stages.id, stageId), eq(stages.consultationId, consultationId)));
  if (!s) throw new InvalidError("Select one of this consultation's stages", { stageId: "Select one of this consultation's stages" });
  return s;
}

/**
 * Add a document to a consultation's stage from pasted (or uploaded) text: the text is read
 * loosely and kept in its canonical form, as a first draft version to check before publishing.
 */
export async function createDocument(db: Db, input: CreateDocument, actor: Actor) {
  const split = splitDocument(input.text, { loose: true });
  if (!paragraphsOf(split).length) {
    throw new InvalidError("There is a problem", { text: "Paste the document's text, or upload a Word file" });
  }
  return db.transaction(async (tx) => {
    const c = await consultationToManage(tx, input.consultationId, actor);
    await stageOf(tx, c.id, input.stageId);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.consultationId, c.id));
    const [doc] = await tx
      .insert(documents)
      .values({ consultationId: c.id, title: input.title, summary: input.summary, openToAll: input.openToAll, position: n, createdBy: actor.id })
      .returning();
    const [version] = await tx
      .insert(documentVersions)
      .values({ documentId: doc!.id, stageId: input.stageId, version: 1, label: input.label, sourceText: formatDocument(split), createdBy: actor.id })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.create",
      entityType: "document",
      entityId: doc!.id,
      consultationId: c.id,
      after: { title: doc!.title, version: 1, label: input.label, paragraphs: paragraphsOf(split).length },
    });
    return { document: doc!, version: version!, warnings: split.warnings };
  });
}

async function versionToManage(tx: Db, versionId: string, actor: Actor, lock = false) {
  const q = tx
    .select({ v: documentVersions, d: documents, c: consultations })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .innerJoin(consultations, eq(consultations.id, documents.consultationId))
    .where(eq(documentVersions.id, versionId));
  const [row] = lock ? await q.for("update", { of: documentVersions }) : await q;
  if (!row) throw new NotFoundError("Document version");
  authorize(actor, "document.manage", { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId });
  return row;
}

/**
 * Save the text of a draft version, against the edit it started from: a save over a
 * colleague's newer save is refused, with both texts kept for the officer to choose.
 */
export async function saveVersionText(db: Db, input: SaveVersionText, actor: Actor) {
  const split = splitDocument(input.text);
  const text = formatDocument(split);
  return db.transaction(async (tx) => {
    const { v, c } = await versionToManage(tx, input.versionId, actor, true);
    if (v.status !== "draft") throw new LockedError(`Version ${v.version} is published and cannot be changed. Start a new version to edit it.`);
    if (v.editVersion !== input.baseEditVersion) {
      throw new ConflictError("Someone else saved this document's text after you opened it. Their text is below; nothing of yours was saved.", { text: v.sourceText, editVersion: v.editVersion }, { text: input.text });
    }
    const [saved] = await tx
      .update(documentVersions)
      .set({ sourceText: text, editVersion: v.editVersion + 1, updatedAt: new Date() })
      .where(eq(documentVersions.id, v.id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.version_save",
      entityType: "document_version",
      entityId: v.id,
      consultationId: c.id,
      before: { paragraphs: paragraphsOf(splitDocument(v.sourceText)).length },
      after: { paragraphs: paragraphsOf(split).length, editVersion: saved!.editVersion },
    });
    return { version: saved!, warnings: split.warnings };
  });
}

/**
 * Publish a draft version: its sections and paragraphs are fixed, each paragraph taking the
 * anchor of the paragraph it continues in the last published version, so comments and links
 * carry forward. Comments open with its stage.
 */
export async function publishVersion(db: Db, input: { versionId: string }, actor: Actor, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const { v, d, c } = await versionToManage(tx, input.versionId, actor, true);
    if (v.status !== "draft") throw new LockedError(`Version ${v.version} is already published.`);
    const split = splitDocument(v.sourceText);
    const paras = paragraphsOf(split);
    if (!paras.length) throw new InvalidError("This version has no paragraphs to publish. Add its text first.");
    const [previous] = await tx
      .select()
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, d.id), eq(documentVersions.status, "published")))
      .orderBy(desc(documentVersions.version))
      .limit(1);
    const prevParas = previous
      ? await tx.select().from(documentParagraphs).where(eq(documentParagraphs.versionId, previous.id)).orderBy(asc(documentParagraphs.position))
      : [];
    const prevSections = previous ? await tx.select().from(documentSections).where(eq(documentSections.versionId, previous.id)) : [];
    const anchors = carryAnchors(prevParas, paras);
    const sectionAnchors = new Map<string, string>();
    for (const s of prevSections) if (!sectionAnchors.has(s.heading.toLowerCase())) sectionAnchors.set(s.heading.toLowerCase(), s.anchor);
    const usedSectionAnchors = new Set<string>();
    const sectionIds: (string | null)[] = [];
    for (const [i, s] of split.sections.entries()) {
      if (!s.heading) {
        sectionIds.push(null);
        continue;
      }
      let anchor = sectionAnchors.get(s.heading.toLowerCase());
      if (!anchor || usedSectionAnchors.has(anchor)) anchor = newAnchor("s");
      usedSectionAnchors.add(anchor);
      const [row] = await tx.insert(documentSections).values({ versionId: v.id, anchor, heading: s.heading, position: i }).returning({ id: documentSections.id });
      sectionIds.push(row!.id);
    }
    const rows = paras.map((p, i) => ({ versionId: v.id, sectionId: sectionIds[p.section] ?? null, anchor: anchors[i]!, number: p.number, text: p.text, position: i }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(documentParagraphs).values(rows.slice(i, i + 500));
    const [published] = await tx
      .update(documentVersions)
      .set({ status: "published", publishedAt: now, publishedBy: actor.id, updatedAt: now })
      .where(eq(documentVersions.id, v.id))
      .returning();
    const carried = anchors.filter((a) => prevParas.some((p) => p.anchor === a)).length;
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.publish",
      entityType: "document_version",
      entityId: v.id,
      consultationId: c.id,
      after: { document: d.title, version: v.version, label: v.label, paragraphs: rows.length, carriedForward: carried },
    });
    return { version: published!, paragraphs: rows.length, carriedForward: carried };
  });
}

/** Start the next version (for a later stage) as an edit of the last one, which must be published. */
export async function startNextVersion(db: Db, input: StartVersion, actor: Actor) {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(documents).where(eq(documents.id, input.documentId)).for("update");
    if (!d) throw new NotFoundError("Document");
    const c = await consultationToManage(tx, d.consultationId, actor);
    await stageOf(tx, c.id, input.stageId);
    const [last] = await tx.select().from(documentVersions).where(eq(documentVersions.documentId, d.id)).orderBy(desc(documentVersions.version)).limit(1);
    if (last && last.status !== "published") throw new InvalidError(`Version ${last.version} is not published yet: publish it, or keep editing it.`);
    const [version] = await tx
      .insert(documentVersions)
      .values({ documentId: d.id, stageId: input.stageId, version: (last?.version ?? 0) + 1, label: input.label, sourceText: last?.sourceText ?? "", createdBy: actor.id })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document.version_start",
      entityType: "document_version",
      entityId: version!.id,
      consultationId: c.id,
      after: { document: d.title, version: version!.version, label: input.label, from: last?.version ?? null },
    });
    return version!;
  });
}

// ---------------------------------------------------------------------------------------------
// Comments

type Commentable = { d: Document; c: Consultation; versionId: string; organisation: { id: string; name: string } };

/**
 * The document's newest published version, for the organisation to comment on: refused unless
 * the actor is a partner in an organisation invited to comment (or the document is open to
 * all) and the version's stage is open now.
 */
async function commentable(tx: Db, documentId: string, organisationId: string, actor: Actor, now: Date): Promise<Commentable> {
  const row = await documentFor(tx, documentId, actor);
  if (row.c.status === "draft") throw new NotFoundError("Document");
  authorize(actor, "document.comment", { kind: "response", organisationId, consultationOwnerOrganisationId: row.c.ownerOrganisationId });
  const orgs = await commentingOrganisations(tx, row.d, actor);
  const organisation = orgs.find((o) => o.id === organisationId);
  if (!organisation) throw new ForbiddenError("Your organisation has not been invited to comment on this document");
  const [v] = await tx
    .select({ v: documentVersions, s: stages })
    .from(documentVersions)
    .innerJoin(stages, eq(stages.id, documentVersions.stageId))
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.status, "published")))
    .orderBy(desc(documentVersions.version))
    .limit(1);
  if (!v) throw new NotFoundError("Document");
  const closed = commentWindowMessage({ consultationStatus: row.c.status, versionStatus: v.v.status, superseded: false, final: !!v.v.finalHash, stage: v.s }, now);
  if (closed) throw new LockedError(`${closed} Nothing has been saved.`);
  return { d: row.d, c: row.c, versionId: v.v.id, organisation };
}

export type CommentSnapshot = { stance: CommentStance; text: string; proposedChange: string; quote: string; editVersion: number; updatedByName: string | null; updatedAt: string };

/**
 * Save one of the organisation's draft comments (a new one when no commentId). The save carries
 * the comment's version it was edited from: when a colleague saved it since, nothing is
 * written and both versions come back (ConflictError), so neither is lost.
 */
export async function saveComment(db: Db, input: SaveComment, actor: Actor, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const { c, versionId, organisation } = await commentable(tx, input.documentId, input.organisationId, actor, now);
    const [para] = await tx.select().from(documentParagraphs).where(and(eq(documentParagraphs.id, input.paragraphId), eq(documentParagraphs.versionId, versionId)));
    if (!para) throw new InvalidError("That paragraph is not in the version open for comment. Nothing has been saved.");
    if (input.quote && !para.text.includes(input.quote)) {
      throw new InvalidError("There is a problem", { quote: "The passage must be copied exactly from the paragraph, or left empty" });
    }
    const values = { stance: input.stance, text: input.text, proposedChange: input.proposedChange, quote: input.quote };
    if (!input.commentId) {
      const [row] = await tx
        .insert(documentComments)
        .values({ versionId, paragraphId: para.id, organisationId: organisation.id, ...values, createdBy: actor.id, updatedBy: actor.id, createdAt: now, updatedAt: now })
        .returning();
      await writeAudit(tx, { actorId: actor.id, action: "document_comment.save", entityType: "document_comment", entityId: row!.id, consultationId: c.id, organisationId: organisation.id, after: { paragraph: para.number, ...values } });
      return { comment: row!, created: true };
    }
    const [current] = await tx
      .select({ k: documentComments, byName: shownName() })
      .from(documentComments)
      .leftJoin(users, eq(users.id, documentComments.updatedBy))
      .where(and(eq(documentComments.id, input.commentId), eq(documentComments.organisationId, organisation.id), eq(documentComments.versionId, versionId)))
      .for("update", { of: documentComments });
    if (!current) throw new NotFoundError("Comment");
    if (current.k.status !== "draft") throw new LockedError("This comment has been submitted and can no longer be changed. Nothing has been saved.");
    if (current.k.editVersion !== input.baseEditVersion) {
      const theirs: CommentSnapshot = {
        stance: current.k.stance,
        text: current.k.text,
        proposedChange: current.k.proposedChange,
        quote: current.k.quote,
        editVersion: current.k.editVersion,
        updatedByName: current.byName,
        updatedAt: current.k.updatedAt.toISOString(),
      };
      throw new ConflictError(
        `${current.byName ?? "Someone else in your organisation"} changed this comment at ${formatDateTime(current.k.updatedAt)}, after you opened it. Their version is shown; yours was not saved and is kept below for you to copy.`,
        theirs,
        { ...values, editVersion: input.baseEditVersion, updatedByName: actor.name, updatedAt: now.toISOString() } satisfies CommentSnapshot,
      );
    }
    const [row] = await tx
      .update(documentComments)
      .set({ ...values, paragraphId: para.id, editVersion: current.k.editVersion + 1, updatedBy: actor.id, updatedAt: now })
      .where(eq(documentComments.id, current.k.id))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document_comment.save",
      entityType: "document_comment",
      entityId: row!.id,
      consultationId: c.id,
      organisationId: organisation.id,
      before: { stance: current.k.stance, text: current.k.text, proposedChange: current.k.proposedChange, quote: current.k.quote },
      after: values,
    });
    return { comment: row!, created: false };
  });
}

/** Delete one of the organisation's draft comments (not a submitted one). */
export async function deleteComment(db: Db, input: { documentId: string; organisationId: string; commentId: string }, actor: Actor, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const { c, versionId, organisation } = await commentable(tx, input.documentId, input.organisationId, actor, now);
    const [k] = await tx
      .select()
      .from(documentComments)
      .where(and(eq(documentComments.id, input.commentId), eq(documentComments.organisationId, organisation.id), eq(documentComments.versionId, versionId)))
      .for("update");
    if (!k) throw new NotFoundError("Comment");
    if (k.status !== "draft") throw new LockedError("This comment has been submitted and cannot be deleted.");
    await tx.delete(documentComments).where(eq(documentComments.id, k.id));
    await writeAudit(tx, { actorId: actor.id, action: "document_comment.delete", entityType: "document_comment", entityId: k.id, consultationId: c.id, organisationId: organisation.id, before: { stance: k.stance, text: k.text } });
  });
}

/**
 * Submit the organisation's draft comments as its representation: each is fixed, a reference
 * is given, and a receipt listing each comment and its paragraph is emailed to the person who
 * submitted (with the council's contact officer to reply to).
 */
export async function submitComments(db: Db, input: { documentId: string; organisationId: string }, actor: Actor, now: Date = new Date()) {
  const { receipt, ...done } = await db.transaction(async (tx) => {
    const { d, c, versionId, organisation } = await commentable(tx, input.documentId, input.organisationId, actor, now);
    const drafts = await tx
      .select({ k: documentComments, number: documentParagraphs.number, position: documentParagraphs.position })
      .from(documentComments)
      .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
      .where(and(eq(documentComments.versionId, versionId), eq(documentComments.organisationId, organisation.id), eq(documentComments.status, "draft")))
      .orderBy(asc(documentParagraphs.position), asc(documentComments.createdAt))
      .for("update", { of: documentComments });
    if (!drafts.length) throw new InvalidError("Your organisation has no comments waiting to be submitted. Add a comment on a paragraph first.");
    const [{ label }] = await tx.select({ label: documentVersions.label }).from(documentVersions).where(eq(documentVersions.id, versionId));
    const [rep] = await tx
      .insert(documentRepresentations)
      .values({ versionId, organisationId: organisation.id, reference: makeReference(referenceCodeOf(c)), submittedBy: actor.id, submittedAt: now })
      .returning();
    await tx
      .update(documentComments)
      .set({ status: "submitted", submittedAt: now, representationId: rep!.id })
      .where(and(eq(documentComments.versionId, versionId), eq(documentComments.organisationId, organisation.id), eq(documentComments.status, "draft")));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document_comment.submit",
      entityType: "document_representation",
      entityId: rep!.id,
      consultationId: c.id,
      organisationId: organisation.id,
      after: { reference: rep!.reference, document: d.title, version: label, comments: drafts.length },
    });
    // Officers hear of new comments in the daily digest (lib/documents/notices.ts), not one by one.
    const lines = drafts.map((x) => {
      const parts = [`Paragraph ${x.number} (${STANCE_LABELS[x.k.stance]}): ${x.k.text}`];
      if (x.k.quote) parts.push(`  About the passage: “${x.k.quote}”`);
      if (x.k.proposedChange) parts.push(`  Proposed change: ${x.k.proposedChange}`);
      return parts.join("\n");
    });
    const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisation.id));
    // An API key's service account has no mailbox (its address is made up): no receipt then.
    const receipt = actor.apiKeyScope ? null : await queueEmail(tx, {
      to: actor.email,
      subject: `Comments received: ${d.title} (${rep!.reference})`,
      text: [
        `We have received ${org?.name ?? organisation.name}'s comments on “${d.title}” (${label}), submitted ${formatDateTime(now)}.`,
        `Reference: ${rep!.reference}`,
        "",
        ...lines,
        "",
        "The council will publish its response to the comments in the consultation statement.",
      ].join("\n"),
      replyTo: c.contactOfficerEmail || null,
      kind: "document_comments_receipt",
      consultationId: c.id,
      userId: actor.id,
    });
    return { representation: rep!, count: drafts.length, receipt };
  });
  // Sent once the comments are committed; a mail server that is down is retried by its job.
  await deliverNow(db, receipt);
  return done;
}

/**
 * The council's answer to a submitted comment: a response and an outcome. A change over a
 * colleague's newer answer is refused with both kept.
 */
export async function respondToComment(db: Db, input: RespondToComment, actor: Actor, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ k: documentComments, c: consultations, number: documentParagraphs.number, documentId: documents.id, title: documents.title, version: documentVersions.version, submittedBy: documentRepresentations.submittedBy })
      .from(documentComments)
      .leftJoin(documentRepresentations, eq(documentRepresentations.id, documentComments.representationId))
      .innerJoin(documentVersions, eq(documentVersions.id, documentComments.versionId))
      .innerJoin(documents, eq(documents.id, documentVersions.documentId))
      .innerJoin(consultations, eq(consultations.id, documents.consultationId))
      .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
      .where(eq(documentComments.id, input.commentId))
      // Two officers answering one comment take turns (its first answer too, which has no row
      // to lock yet): the second finds the first's answer and is told, both kept.
      .for("update", { of: documentComments });
    if (!row) throw new NotFoundError("Comment");
    authorize(actor, "document.manage", { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId });
    if (row.k.status !== "submitted") throw new NotFoundError("Comment");
    const [existing] = await tx.select().from(documentCommentResponses).where(eq(documentCommentResponses.commentId, row.k.id)).for("update");
    if ((existing?.editVersion ?? 0) !== input.baseEditVersion) {
      throw new ConflictError(
        "Someone else answered this comment after you opened it. Their answer is shown; yours was not saved and is kept below.",
        { response: existing?.response ?? "", outcome: existing?.outcome ?? null },
        { response: input.response, outcome: input.outcome },
      );
    }
    const values = { response: input.response, outcome: input.outcome, respondedBy: actor.id, respondedAt: now };
    // The main issue it is grouped under: one of the version's by its title, or a new one.
    let issueId: string | null = null;
    const issueTitle = input.issueTitle?.trim() ?? "";
    if (issueTitle) {
      // One issue of a title per version, however many officers name it at once.
      await advisoryXactLock(tx, sql`'document_issue:' || ${row.k.versionId} || ':' || lower(${issueTitle})`);
      const [found] = await tx
        .select({ id: documentIssues.id })
        .from(documentIssues)
        .where(and(eq(documentIssues.versionId, row.k.versionId), sql`lower(${documentIssues.title}) = lower(${issueTitle})`))
        .limit(1);
      issueId = found?.id ?? (await tx.insert(documentIssues).values({ versionId: row.k.versionId, title: issueTitle, createdBy: actor.id }).returning({ id: documentIssues.id }))[0]!.id;
    }
    if (issueId !== row.k.issueId) await tx.update(documentComments).set({ issueId }).where(eq(documentComments.id, row.k.id));
    const [saved] = existing
      ? await tx.update(documentCommentResponses).set({ ...values, editVersion: existing.editVersion + 1 }).where(eq(documentCommentResponses.id, existing.id)).returning()
      : await tx.insert(documentCommentResponses).values({ commentId: row.k.id, ...values }).returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "document_comment.respond",
      entityType: "document_comment",
      entityId: row.k.id,
      consultationId: row.c.id,
      organisationId: row.k.organisationId,
      before: existing ? { response: existing.response, outcome: OUTCOME_LABELS[existing.outcome] } : null,
      after: { paragraph: row.number, response: input.response, outcome: OUTCOME_LABELS[input.outcome], mainIssue: issueTitle || null },
    });
    if (row.submittedBy) {
      await notify(tx, {
        kind: "document_comment_answered",
        recipients: { userIds: [row.submittedBy] },
        consultationId: row.c.id,
        title: `The council answered your organisation's comment on paragraph ${row.number} of ${row.title}`,
        path: paths.ownDocumentComments(row.documentId, row.version),
        actorId: actor.id,
        dedupeKey: `document_comment_answered:${row.k.id}`,
        now,
      });
    }
    return saved!;
  });
}

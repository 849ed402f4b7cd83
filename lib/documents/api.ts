// The draft-documents API: a consultation's documents, a version's sections and numbered
// paragraphs, comments (a partner's key: its own organisation's, drafts and submitted; a
// council's key: every organisation's submitted ones), and a partner system posting a comment
// on a paragraph for the key's organisation. The same lib calls as the pages, so the same
// access rules, windows and validation.
import { z } from "zod";
import type { Db } from "../../db/client";
import { COMMENT_OUTCOMES, COMMENT_STANCES } from "../../db/schema/documents";
import { can, type Actor } from "../auth/policy";
import { isUuid } from "../sql";
import { getConsultation } from "../consultations/queries";
import { InvalidError, NotFoundError } from "../errors";
import { saveComment, submitComments } from "./commands";
import { getDocumentView, listComments, listDocuments, listOwnComments } from "./queries";
import { COMMENT_TEXT_MAX, saveCommentSchema } from "./schemas";

const isoDate = z.string().meta({ format: "date-time" });

export const apiDocumentVersionSummarySchema = z
  .object({ version: z.number().int(), label: z.string(), status: z.enum(["draft", "published"]), publishedAt: isoDate.nullable(), stage: z.string(), final: z.boolean() })
  .meta({ id: "DocumentVersionSummary" });
export const apiDocumentSchema = z
  .object({ id: z.uuid(), consultationId: z.uuid(), title: z.string(), summary: z.string(), openToAll: z.boolean(), versions: z.array(apiDocumentVersionSummarySchema) })
  .meta({ id: "Document" });
export const apiDocumentListSchema = z.object({ data: z.array(apiDocumentSchema) }).meta({ id: "DocumentList" });

export const apiParagraphSchema = z
  .object({ anchor: z.string().meta({ description: "Stable across versions: the same paragraph, edited, keeps it" }), number: z.string(), section: z.string().nullable(), text: z.string() })
  .meta({ id: "DocumentParagraph" });
export const apiDocumentVersionSchema = z
  .object({
    documentId: z.uuid(),
    title: z.string(),
    version: z.number().int(),
    label: z.string(),
    latest: z.boolean(),
    commenting: z.enum(["open", "not_open_yet", "closed"]),
    finalHash: z.string().nullable().meta({ description: "SHA-256 of the final text, once put for endorsement" }),
    sections: z.array(z.object({ anchor: z.string(), heading: z.string() })),
    paragraphs: z.array(apiParagraphSchema),
  })
  .meta({ id: "DocumentVersion" });

export const apiDocumentCommentSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    organisation: z.string().nullable(),
    paragraph: z.object({ anchor: z.string(), number: z.string() }),
    stance: z.enum(COMMENT_STANCES),
    text: z.string(),
    proposedChange: z.string(),
    quote: z.string(),
    status: z.enum(["draft", "submitted"]),
    reference: z.string().nullable(),
    response: z.string().nullable(),
    outcome: z.enum(COMMENT_OUTCOMES).nullable(),
  })
  .meta({ id: "DocumentComment" });
export const apiDocumentCommentListSchema = z.object({ version: z.number().int(), data: z.array(apiDocumentCommentSchema) }).meta({ id: "DocumentCommentList" });

export const apiPostCommentSchema = z
  .object({
    paragraph: z.string().min(1).max(100).meta({ description: 'The paragraph\'s number as printed ("4.3") or its anchor' }),
    stance: z.enum(COMMENT_STANCES),
    text: z.string().min(1).max(COMMENT_TEXT_MAX),
    proposedChange: z.string().max(COMMENT_TEXT_MAX).optional(),
    quote: z.string().max(2_000).optional().meta({ description: "A passage copied exactly from the paragraph" }),
    submit: z.boolean().optional().meta({ description: "Submit the organisation's draft comments (this one included) as its representation" }),
  })
  .meta({ id: "DocumentCommentInput" });
export const apiPostCommentResultSchema = z
  .object({ comment: apiDocumentCommentSchema, submitted: z.object({ reference: z.string(), comments: z.number().int() }).nullable() })
  .meta({ id: "DocumentCommentResult" });

export async function listDocumentsForApi(db: Db, actor: Actor, consultationId: string): Promise<z.infer<typeof apiDocumentListSchema>> {
  const c = isUuid(consultationId) ? await getConsultation(db, consultationId) : null;
  // Any key may read the documents of a consultation that is not a draft; a draft's only its council's officers.
  if (!c || (c.status === "draft" && !can(actor, "document.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId }))) throw new NotFoundError("Consultation");
  const manages = can(actor, "document.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const docs = await listDocuments(db, c.id);
  return {
    data: docs.map((d) => ({
      id: d.id,
      consultationId: c.id,
      title: d.title,
      summary: d.summary,
      openToAll: d.openToAll,
      versions: d.versions
        .filter((v) => manages || v.status === "published")
        .map((v) => ({ version: v.version, label: v.label, status: v.status, publishedAt: v.publishedAt?.toISOString() ?? null, stage: `Stage ${v.stagePosition + 1}: ${v.stageName}`, final: !!v.finalHash })),
    })),
  };
}

export async function getDocumentVersionForApi(db: Db, actor: Actor, documentId: string, version: number | null): Promise<z.infer<typeof apiDocumentVersionSchema>> {
  const view = await getDocumentView(db, { documentId, version }, actor);
  const sectionAnchor = new Map(view.sections.filter((s) => s.id).map((s) => [s.id!, s.anchor]));
  return {
    documentId: view.document.id,
    title: view.document.title,
    version: view.version.version,
    label: view.version.label,
    latest: view.isLatest,
    commenting: view.window,
    finalHash: view.version.finalHash ?? null,
    sections: view.sections.filter((s) => s.id).map((s) => ({ anchor: s.anchor, heading: s.heading })),
    paragraphs: view.paragraphs.map((p) => ({ anchor: p.anchor, number: p.number, section: p.sectionId ? (sectionAnchor.get(p.sectionId) ?? null) : null, text: p.text })),
  };
}

/**
 * Comments on a version: a council reader's key gets every organisation's submitted comments;
 * a partner's key its own organisation's, drafts and submitted.
 */
export async function listCommentsForApi(db: Db, actor: Actor, organisationId: string, documentId: string, version: number | null): Promise<z.infer<typeof apiDocumentCommentListSchema>> {
  const view = await getDocumentView(db, { documentId, version }, actor);
  const owner = view.consultation.ownerOrganisationId;
  if (can(actor, "document.read_comments", { kind: "consultation", ownerOrganisationId: owner })) {
    const all = await listComments(db, { versionId: view.version.id, limit: 1_000_000 }, actor);
    return {
      version: view.version.version,
      data: all.map((k) => ({
        id: k.id,
        organisationId: k.organisationId,
        organisation: k.organisationName,
        paragraph: { anchor: k.paragraphAnchor, number: k.paragraphNumber },
        stance: k.stance,
        text: k.text,
        proposedChange: k.proposedChange,
        quote: k.quote,
        status: "submitted" as const,
        reference: k.reference,
        response: k.response,
        outcome: k.outcome,
      })),
    };
  }
  const own = await listOwnComments(db, { versionId: view.version.id, organisationId, consultationOwnerOrganisationId: owner }, actor);
  return { version: view.version.version, data: own.map((k) => ownOut(k, organisationId)) };
}

function ownOut(k: Awaited<ReturnType<typeof listOwnComments>>[number], organisationId: string): z.infer<typeof apiDocumentCommentSchema> {
  return {
    id: k.id,
    organisationId,
    organisation: null,
    paragraph: { anchor: k.paragraphAnchor, number: k.paragraphNumber },
    stance: k.stance,
    text: k.text,
    proposedChange: k.proposedChange,
    quote: k.quote,
    status: k.status,
    reference: k.reference,
    response: k.response,
    outcome: k.outcome,
  };
}

/** A partner system's comment on a paragraph of the version open for comment, for the key's organisation. */
export async function postCommentForApi(db: Db, actor: Actor, organisationId: string, documentId: string, body: z.infer<typeof apiPostCommentSchema>): Promise<z.infer<typeof apiPostCommentResultSchema>> {
  const view = await getDocumentView(db, { documentId }, actor);
  const wanted = body.paragraph.trim();
  const para = view.paragraphs.find((p) => p.anchor === wanted) ?? view.paragraphs.find((p) => p.number === wanted);
  if (!para) throw new InvalidError(`There is no paragraph ${wanted} in the version open for comment. Nothing has been saved.`, { paragraph: `No paragraph ${wanted} in version ${view.version.version}` });
  const input = saveCommentSchema.parse({
    documentId,
    organisationId,
    paragraphId: para.id,
    stance: body.stance,
    text: body.text,
    proposedChange: body.proposedChange ?? "",
    quote: body.quote ?? "",
  });
  const saved = await saveComment(db, input, actor);
  const submitted = body.submit ? await submitComments(db, { documentId, organisationId }, actor) : null;
  const own = await listOwnComments(db, { versionId: saved.comment.versionId, organisationId, consultationOwnerOrganisationId: view.consultation.ownerOrganisationId }, actor);
  const k = own.find((x) => x.id === saved.comment.id)!;
  return { comment: ownOut(k, organisationId), submitted: submitted ? { reference: submitted.representation.reference, comments: submitted.count } : null };
}

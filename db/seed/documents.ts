// Demo draft documents (issue 16): a document's versions at the consultation's stages, each
// published through lib/documents as an officer would, and the partner comments already made on
// an earlier, closed stage with the council's answers (inserted as they stand: their stage is
// closed, so the commenting commands would rightly refuse them).
import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { consultations, documentCommentResponses, documentComments, documentParagraphs, documentRepresentations, stages, type CommentOutcome, type CommentStance } from "../schema";
import type { Actor } from "../../lib/auth/policy";
import { createDocument, publishVersion, saveVersionText, startNextVersion } from "../../lib/documents/commands";
import { makeReference } from "../../lib/responses/reference";
import { referenceCodeOf } from "../../lib/consultations/reference-code";

export type SeedDocuments = {
  documents: {
    title: string;
    summary: string;
    versions: {
      stage: number;
      label: string;
      text: string;
      comments: { organisation: string; by: string; paragraph: string; stance: CommentStance; text: string; proposedChange: string; quote?: string; response?: { text: string; outcome: CommentOutcome } }[];
    }[];
  }[];
};

export async function loadDemoDocuments(
  db: Db,
  consultationId: string,
  data: SeedDocuments,
  officer: Actor,
  ids: { org: (key: string) => string; user: (key: string) => string },
) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  const code = referenceCodeOf(c!);
  const stageRows = await db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(stages.position);
  const stageId = (n: number) => stageRows[n - 1]!.id;
  for (const spec of data.documents) {
    let documentId: string | null = null;
    for (const v of spec.versions) {
      let versionId: string;
      if (!documentId) {
        const created = await createDocument(db, { consultationId, title: spec.title, summary: spec.summary, stageId: stageId(v.stage), label: v.label, openToAll: false, text: v.text }, officer);
        documentId = created.document.id;
        versionId = created.version.id;
      } else {
        const next = await startNextVersion(db, { documentId, stageId: stageId(v.stage), label: v.label }, officer);
        await saveVersionText(db, { versionId: next.id, text: v.text, baseEditVersion: next.editVersion }, officer);
        versionId = next.id;
      }
      await publishVersion(db, { versionId }, officer);
      const byOrg = new Map<string, typeof v.comments>();
      for (const k of v.comments) byOrg.set(k.organisation, [...(byOrg.get(k.organisation) ?? []), k]);
      for (const [orgKey, list] of byOrg) {
        const organisationId = ids.org(orgKey);
        const by = ids.user(list[0]!.by);
        const [rep] = await db.insert(documentRepresentations).values({ versionId, organisationId, reference: makeReference(code), submittedBy: by }).returning();
        for (const k of list) {
          const [para] = await db.select().from(documentParagraphs).where(and(eq(documentParagraphs.versionId, versionId), eq(documentParagraphs.number, k.paragraph)));
          if (!para) throw new Error(`demo comment on a missing paragraph ${k.paragraph}`);
          const [row] = await db
            .insert(documentComments)
            .values({ versionId, paragraphId: para.id, organisationId, stance: k.stance, text: k.text, proposedChange: k.proposedChange, quote: k.quote ?? "", status: "submitted", representationId: rep!.id, createdBy: by, updatedBy: by, submittedAt: new Date() })
            .returning();
          if (k.response) await db.insert(documentCommentResponses).values({ commentId: row!.id, response: k.response.text, outcome: k.response.outcome, respondedBy: officer.id });
        }
      }
    }
  }
}

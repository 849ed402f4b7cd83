// Loading a document for an access decision: every read and write of lib/documents starts here,
// so that "may this person see (or do this to) this document" is asked in one place, through
// lib/auth/policy. A draft consultation's documents exist only for those who manage them.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, documents, type Consultation, type Document } from "../../db/schema";
import { authorize, can, type Action, type Actor } from "../auth/policy";
import { isUuid } from "../sql";
import { NotFoundError } from "../errors";

export type DocumentAccess = { d: Document; c: Consultation; manages: boolean };

/**
 * The document and its consultation, if the actor may see it (anyone may see a document of a
 * consultation that is not a draft); with `action`, also if the actor may do that to the
 * consultation's documents. NotFoundError or ForbiddenError otherwise.
 */
export async function documentFor(db: Db, documentId: string, actor: Actor | null, action?: Extract<Action, "document.manage" | "document.read_comments">): Promise<DocumentAccess> {
  if (!isUuid(documentId)) throw new NotFoundError("Document");
  const [row] = await db
    .select({ d: documents, c: consultations })
    .from(documents)
    .innerJoin(consultations, eq(consultations.id, documents.consultationId))
    .where(eq(documents.id, documentId));
  if (!row) throw new NotFoundError("Document");
  const resource = { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId } as const;
  const manages = can(actor, "document.manage", resource);
  if (!manages && row.c.status === "draft") throw new NotFoundError("Document");
  if (action) authorize(actor, action, resource);
  return { ...row, manages };
}

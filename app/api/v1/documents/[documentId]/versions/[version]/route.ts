import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";
import { getDocumentVersionForApi } from "@/lib/documents/api";

/** One version of a document ("latest" for the newest published) with its sections and numbered paragraphs. */
export const GET = apiRoute<{ documentId: string; version: string }>(async ({ db, principal, params }) => {
  const documentId = pathId(params.documentId, "Document");
  if (params.version !== "latest" && !/^\d{1,4}$/.test(params.version)) throw new ApiError("not_found", "Document version was not found");
  return json(await getDocumentVersionForApi(db, principal.actor, documentId, params.version === "latest" ? null : Number(params.version)));
});

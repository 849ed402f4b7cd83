import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";
import { listDocumentsForApi } from "@/lib/documents/api";

/** A consultation's draft documents with their versions. */
export const GET = apiRoute<{ id: string }>(async ({ db, principal, params }) => json(await listDocumentsForApi(db, principal.actor, pathId(params.id, "Consultation"))));

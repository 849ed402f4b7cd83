import { etagOf, getDraftAnswerForApi, parseIfMatch, saveDraftAnswerForApi } from "@/lib/api/council";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId, readJson } from "@/lib/api/http";
import { putDraftAnswerSchema } from "@/lib/api/schemas";

export const GET = apiRoute<{ id: string; questionId: string }>(async ({ db, principal, params }) => {
  const draft = await getDraftAnswerForApi(db, principal.actor, pathId(params.id, "Consultation"), pathId(params.questionId, "Question"));
  return json(draft, { headers: { ETag: etagOf(draft.version) } });
});

export const PUT = apiRoute<{ id: string; questionId: string }>(
  async ({ req, db, principal, params }) => {
    const consultationId = pathId(params.id, "Consultation");
    const questionId = pathId(params.questionId, "Question");
    const ifMatch = parseIfMatch(req.headers.get("if-match"));
    const body = await readJson(req, putDraftAnswerSchema);
    const saved = await saveDraftAnswerForApi(db, principal.actor, { consultationId, questionId, ifMatch, body });
    return json(saved, { headers: { ETag: etagOf(saved.version) } });
  },
  // A version conflict here is HTTP's failed precondition: the caller's If-Match is stale.
  { write: true, conflictStatus: 412 },
);

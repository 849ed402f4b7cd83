import { getAnswerTagsForApi, putAnswerTagsForApi } from "@/lib/api/analysis";
import { etagOf, parseIfMatch } from "@/lib/api/council";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId, readJson } from "@/lib/api/http";
import { putAnswerTagsBodySchema } from "@/lib/api/schemas";

type Params = { id: string; questionId: string; responseId: string };

export const GET = apiRoute<Params>(async ({ db, principal, params }) => {
  const tags = await getAnswerTagsForApi(db, principal.actor, pathId(params.id, "Consultation"), pathId(params.questionId, "Question"), pathId(params.responseId, "Answer"));
  return json(tags, { headers: { ETag: etagOf(tags.version) } });
});

export const PUT = apiRoute<Params>(
  async ({ req, db, principal, params }) => {
    const consultationId = pathId(params.id, "Consultation");
    const questionId = pathId(params.questionId, "Question");
    const responseId = pathId(params.responseId, "Answer");
    const ifMatch = parseIfMatch(req.headers.get("if-match"));
    const body = await readJson(req, putAnswerTagsBodySchema);
    const saved = await putAnswerTagsForApi(db, principal.actor, { consultationId, questionId, responseId, ifMatch, body });
    return json(saved, { headers: { ETag: etagOf(saved.version) } });
  },
  // A stale If-Match is HTTP's failed precondition (412), with the stored tags in details.current.
  { write: true, conflictStatus: 412 },
);

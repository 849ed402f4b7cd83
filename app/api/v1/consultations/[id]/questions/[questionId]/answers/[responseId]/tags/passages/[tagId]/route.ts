// DELETE: remove one tagged passage of an answer (lib/api/analysis removePassageForApi).
import { removePassageForApi } from "@/lib/api/analysis";
import { etagOf } from "@/lib/api/council";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";

type Params = { id: string; questionId: string; responseId: string; tagId: string };

export const DELETE = apiRoute<Params>(
  async ({ db, principal, params }) => {
    const saved = await removePassageForApi(db, principal.actor, {
      consultationId: pathId(params.id, "Consultation"),
      questionId: pathId(params.questionId, "Question"),
      responseId: pathId(params.responseId, "Answer"),
      tagId: pathId(params.tagId, "Passage"),
    });
    return json(saved, { headers: { ETag: etagOf(saved.version) } });
  },
  { write: true },
);

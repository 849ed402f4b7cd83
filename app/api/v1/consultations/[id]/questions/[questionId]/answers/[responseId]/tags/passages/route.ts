// POST: tag a passage of one answer with a theme (lib/api/analysis tagPassageForApi).
import { tagPassageForApi } from "@/lib/api/analysis";
import { etagOf } from "@/lib/api/council";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId, readJson } from "@/lib/api/http";
import { postPassageBodySchema } from "@/lib/api/schemas";

type Params = { id: string; questionId: string; responseId: string };

export const POST = apiRoute<Params>(
  async ({ req, db, principal, params }) => {
    const at = { consultationId: pathId(params.id, "Consultation"), questionId: pathId(params.questionId, "Question"), responseId: pathId(params.responseId, "Answer") };
    const body = await readJson(req, postPassageBodySchema);
    const saved = await tagPassageForApi(db, principal.actor, { ...at, body });
    return json(saved, { headers: { ETag: etagOf(saved.version) } });
  },
  { write: true },
);

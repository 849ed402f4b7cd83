import { getThemesForApi } from "@/lib/api/analysis";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";

export const GET = apiRoute<{ id: string; questionId: string }>(async ({ db, principal, params }) =>
  json(await getThemesForApi(db, principal.actor, pathId(params.id, "Consultation"), pathId(params.questionId, "Question"))),
);

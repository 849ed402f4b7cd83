import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";
import { getResponseForApi } from "@/lib/api/responses";

export const GET = apiRoute<{ id: string }>(async ({ db, principal, params }) =>
  json(await getResponseForApi(db, principal.actor, pathId(params.id, "Response"))),
);

import { listPlansForApi } from "@/lib/action-plans/api";
import { apiRoute } from "@/lib/api/handler";
import { json } from "@/lib/api/http";

export const GET = apiRoute(async ({ db, principal }) => json(await listPlansForApi(db, principal.actor)));

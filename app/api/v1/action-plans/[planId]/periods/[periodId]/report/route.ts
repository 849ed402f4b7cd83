import { planReportForApi } from "@/lib/action-plans/api";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";

export const GET = apiRoute<{ planId: string; periodId: string }>(async ({ db, principal, params }) =>
  json(await planReportForApi(db, principal.actor, pathId(params.planId, "Action plan"), pathId(params.periodId, "Reporting period"))),
);

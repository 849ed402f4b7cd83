import { getReportDb } from "@/db/client";
import { summariseQuestionForApi } from "@/lib/api/council";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";

// Counts are a report: read from the replica when there is one (DATABASE_REPLICA_URL).
export const GET = apiRoute<{ id: string; questionId: string }>(async ({ principal, params }) =>
  json(await summariseQuestionForApi((await getReportDb()).db, principal.actor, pathId(params.id, "Consultation"), pathId(params.questionId, "Question"))),
);

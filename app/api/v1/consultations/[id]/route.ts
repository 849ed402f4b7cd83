import { getConsultationForApi } from "@/lib/api/consultations";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId } from "@/lib/api/http";

export const GET = apiRoute<{ id: string }>(async ({ db, principal, params }) =>
  json(await getConsultationForApi(db, principal.actor, pathId(params.id, "Consultation"))),
);

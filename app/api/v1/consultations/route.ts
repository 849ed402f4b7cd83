import { createConsultationForApi, listConsultationsForApi } from "@/lib/api/consultations";
import { apiRoute } from "@/lib/api/handler";
import { json, readJson, readQuery } from "@/lib/api/http";
import { listConsultationsQuerySchema } from "@/lib/api/schemas";
import { questionSetSchema } from "@/lib/question-sets/schema";

/** Question sets carry every draft answer, so they get more room than other bodies. */
const QUESTION_SET_LIMIT = 2 * 1024 * 1024;

export const GET = apiRoute(async ({ req, db, principal }) => {
  const query = readQuery(req, listConsultationsQuerySchema);
  return json(await listConsultationsForApi(db, principal.actor, query));
});

export const POST = apiRoute(
  async ({ req, db, principal }) => {
    const set = await readJson(req, questionSetSchema, QUESTION_SET_LIMIT);
    const created = await createConsultationForApi(db, principal.actor, principal.organisationId, set);
    return json(created, { status: 201, headers: { Location: `/api/v1/consultations/${created.id}` } });
  },
  { write: true },
);

// GET and POST /api/v1/consultations/{id}/responses: served by pages/api/v1/consultations/[id]/responses.ts
// (the Pages Router, for its lighter request path: lib/api/node-route), called directly by the tests.
import { apiRoute } from "@/lib/api/handler";
import { json, pathId, readJsonValue, readQuery } from "@/lib/api/http";
import { idempotencyKeyOf, requestFingerprint, withIdempotency } from "@/lib/api/idempotency";
import { listResponsesForApi } from "@/lib/api/responses";
import { listResponsesQuerySchema, submitResponseSchema } from "@/lib/api/schemas";
import { submitResponseForApi } from "@/lib/api/submissions";

export const GET = apiRoute<{ id: string }>(async ({ req, db, principal, params }) => {
  const query = readQuery(req, listResponsesQuerySchema);
  return json(await listResponsesForApi(db, principal.actor, pathId(params.id, "Consultation"), query));
});

export const POST = apiRoute<{ id: string }>(
  async ({ req, db, principal, params }) => {
    const consultationId = pathId(params.id, "Consultation");
    const key = idempotencyKeyOf(req);
    const raw = await readJsonValue(req);
    // The fingerprint is of the body as sent, so a retry with a different body is caught
    // even when that body is invalid.
    return withIdempotency(db, { apiKeyId: principal.apiKeyId, key, fingerprint: () => requestFingerprint(req, raw) }, async (claim) => {
      const body = submitResponseSchema.parse(raw);
      // The claim's outcome is recorded with the submission itself (see lib/api/idempotency).
      return { status: 201, body: await submitResponseForApi(db, principal, consultationId, body, claim) };
    });
  },
  { write: true },
);

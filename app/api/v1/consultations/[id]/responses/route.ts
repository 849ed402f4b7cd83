import { apiRoute } from "@/lib/api/handler";
import { JSON_BODY_LIMIT, json, pathId, readBodyText, readQuery } from "@/lib/api/http";
import { idempotencyKeyOf, requestFingerprint, withIdempotency } from "@/lib/api/idempotency";
import { listResponsesForApi } from "@/lib/api/responses";
import { listResponsesQuerySchema, submitResponseSchema } from "@/lib/api/schemas";
import { submitResponseForApi } from "@/lib/api/submissions";
import { ApiError } from "@/lib/api/errors";

export const GET = apiRoute<{ id: string }>(async ({ req, db, principal, params }) => {
  const query = readQuery(req, listResponsesQuerySchema);
  return json(await listResponsesForApi(db, principal.actor, pathId(params.id, "Consultation"), query));
});

export const POST = apiRoute<{ id: string }>(
  async ({ req, db, principal, params }) => {
    const consultationId = pathId(params.id, "Consultation");
    const key = idempotencyKeyOf(req);
    const text = await readBodyText(req, JSON_BODY_LIMIT);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ApiError("bad_request", "The request body is not valid JSON", [{ path: "", message: (e as Error).message }]);
    }
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

import { apiReturnBodySchema, postReturnForApi } from "@/lib/action-plans/api";
import { apiRoute } from "@/lib/api/handler";
import { pathId, readJsonValue } from "@/lib/api/http";
import { idempotencyKeyOf, requestFingerprint, withIdempotency } from "@/lib/api/idempotency";

/** A partner system posts its organisation's return for a period (with an Idempotency-Key to retry safely). */
export const POST = apiRoute<{ planId: string; periodId: string }>(
  async ({ req, db, principal, params }) => {
    const planId = pathId(params.planId, "Action plan");
    const periodId = pathId(params.periodId, "Reporting period");
    const key = idempotencyKeyOf(req);
    const raw = await readJsonValue(req);
    return withIdempotency(db, { apiKeyId: principal.apiKeyId, key, fingerprint: () => requestFingerprint(req, raw) }, async () => {
      const body = apiReturnBodySchema.parse(raw);
      return { status: 200, body: await postReturnForApi(db, principal.actor, principal.organisationId, planId, periodId, body) };
    });
  },
  { write: true },
);

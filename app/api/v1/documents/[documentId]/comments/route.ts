import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { json, pathId, readJsonValue } from "@/lib/api/http";
import { idempotencyKeyOf, requestFingerprint, withIdempotency } from "@/lib/api/idempotency";
import { apiPostCommentSchema, listCommentsForApi, postCommentForApi } from "@/lib/documents/api";

/** Comments on a version (?version=, the newest published otherwise): a council's key every organisation's submitted ones, a partner's its own. */
export const GET = apiRoute<{ documentId: string }>(async ({ req, db, principal, params }) => {
  const documentId = pathId(params.documentId, "Document");
  const v = new URL(req.url).searchParams.get("version");
  if (v !== null && !/^\d{1,4}$/.test(v)) throw new ApiError("bad_request", "version must be a whole number", [{ path: "version", message: "Expected a version number" }]);
  return json(await listCommentsForApi(db, principal.actor, principal.organisationId, documentId, v === null ? null : Number(v)));
});

/** A partner system comments on a paragraph for its organisation (send an Idempotency-Key to retry safely). */
export const POST = apiRoute<{ documentId: string }>(
  async ({ req, db, principal, params }) => {
    const documentId = pathId(params.documentId, "Document");
    const key = idempotencyKeyOf(req);
    const raw = await readJsonValue(req);
    return withIdempotency(db, { apiKeyId: principal.apiKeyId, key, fingerprint: () => requestFingerprint(req, raw) }, async () => {
      const body = apiPostCommentSchema.parse(raw);
      return { status: 201, body: await postCommentForApi(db, principal.actor, principal.organisationId, documentId, body) };
    });
  },
  { write: true },
);

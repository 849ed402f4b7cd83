// Idempotency-Key for API writes: the first request with a key records its outcome; a retry
// with the same key and the same body gets that outcome again (Idempotent-Replayed: true)
// without acting twice; the same key with a different body is refused (422); a retry while
// the first is still running gets 409. Keys are per API key and kept for 24 hours.
import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import { stableJson } from "../responses/hash";
import { ApiError, describeError, type ErrorOptions } from "./errors";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type Outcome = { status: number; body: unknown; headers?: Record<string, string> };

export function idempotencyKeyOf(req: Request): string | null {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim();
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError("bad_request", "Idempotency-Key must be 1 to 255 visible characters (a UUID is a good choice)", [{ path: "Idempotency-Key", message: "Not a valid key" }]);
  }
  return key;
}

/** Same method, path and (key-order-insensitive) JSON body → same hash. */
export function requestFingerprint(req: Request, body: unknown): string {
  const url = new URL(req.url);
  return createHash("sha256").update(`${req.method} ${url.pathname}\n${stableJson(body)}`, "utf8").digest("hex");
}

function respond(o: Outcome, replayed: boolean): Response {
  return Response.json(o.body, {
    status: o.status,
    headers: { "Cache-Control": "no-store", ...(o.headers ?? {}), ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
  });
}

/**
 * Run `action` at most once per (API key, Idempotency-Key). Domain errors are outcomes too and
 * are replayed; an unexpected failure (5xx) forgets the key so that a retry can try again.
 */
export async function withIdempotency(
  db: Db,
  /** `fingerprint` is worked out only when a key was sent (it hashes the whole body). */
  input: { apiKeyId: string; key: string | null; fingerprint: () => string; errorOptions?: ErrorOptions },
  action: () => Promise<Outcome>,
  now = new Date(),
): Promise<Response> {
  const run = async (): Promise<Outcome> => {
    try {
      return await action();
    } catch (e) {
      return describeError(e, input.errorOptions);
    }
  };
  if (!input.key) return respond(await run(), false);
  const fingerprint = input.fingerprint();
  const where = and(eq(idempotencyKeys.apiKeyId, input.apiKeyId), eq(idempotencyKeys.key, input.key));
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, input.apiKeyId), lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ apiKeyId: input.apiKeyId, key: input.key, requestHash: fingerprint, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!claimed.length) {
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    if (!existing) throw new ApiError("idempotency_in_progress", "A request with this Idempotency-Key is being processed; retry shortly");
    if (existing.requestHash !== fingerprint) {
      throw new ApiError("idempotency_key_reused", "This Idempotency-Key was used with a different request. Use a new key for a new request.", [
        { path: "Idempotency-Key", message: "Already used with a different body" },
      ]);
    }
    if (existing.responseStatus === null) throw new ApiError("idempotency_in_progress", "A request with this Idempotency-Key is being processed; retry shortly");
    return respond({ status: existing.responseStatus, body: existing.responseBody }, true);
  }
  const outcome = await run();
  if (outcome.status >= 500) {
    await db.delete(idempotencyKeys).where(where);
  } else {
    await db.update(idempotencyKeys).set({ responseStatus: outcome.status, responseBody: outcome.body as object }).where(where);
  }
  return respond(outcome, false);
}

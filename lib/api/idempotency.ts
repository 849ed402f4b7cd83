// Idempotency-Key for API writes: the first request with a key records its outcome; a retry
// with the same key and the same body gets that outcome again (Idempotent-Replayed: true)
// without acting twice; the same key with a different body is refused (422); a retry while
// the first is still running gets 409 with Retry-After. Keys are per API key and kept for 24
// hours.
//
// Crashes: the claim is a lease (IDEMPOTENCY_LEASE_MS), and the work writes the outcome in its
// own transaction (or statement), so the work and its outcome commit together or not at all.
// A retry after a process or database crash therefore finds the outcome and replays it (the
// original 201 and its reference), or finds no outcome and, once the lease has run out, takes
// the claim over and does the work, once.
import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { executeRelaxable, relaxableStatement, type Db } from "../../db/client";
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

// The claim, in one statement: the key's expired claims (older than IDEMPOTENCY_TTL_MS) are
// deleted, and the key is claimed: a new key; the same key when its claim has expired (replaced
// whole, as if deleted first); or one whose holder ran out of lease without an outcome (it
// crashed, or the database restarted under it), for the same request (the lease alone moves).
// A claim from before leases existed counts as leased from its creation. $1 API key, $2 key,
// $3 fingerprint, $4 now, $5 the lease's end, $6 the expiry cutoff, $7 the lease's length.
// Its commit need not wait for the disk (db/client relaxableStatement). The
// claiming request answers only after a later commit that does wait (the work's, the outcome's
// or the claim's release), which writes the claim to disk with it. A concurrent retry may be told
// "in progress" from a claim not yet on disk; if a crash then loses it, nothing was done under it
// and the next retry claims again.
export const CLAIM = relaxableStatement(
  "idempotency_claim",
  (relax) => `
  with ${relax ? `${relax.cte}, ` : ""}expired as (
    delete from idempotency_keys where (api_key_id, key) in (
      -- Housekeeping never waits: a claim another request holds is left for a later one, so
      -- two claims of one API key cannot each wait for a row the other has locked (a deadlock).
      select api_key_id, key from idempotency_keys
      where api_key_id = $1::uuid and created_at < $6::timestamptz and key <> $2::text
      for update skip locked
    )
  )
  insert into idempotency_keys (api_key_id, key, request_hash, created_at, lease_expires_at)
  select $1::uuid, $2::text, $3::text, $4::timestamptz, $5::timestamptz${relax ? ` where ${relax.read}` : ""}
  on conflict (api_key_id, key) do update set
    lease_expires_at = excluded.lease_expires_at,
    request_hash = excluded.request_hash,
    created_at = case when idempotency_keys.created_at < $6::timestamptz then excluded.created_at else idempotency_keys.created_at end,
    response_status = case when idempotency_keys.created_at < $6::timestamptz then null else idempotency_keys.response_status end,
    response_body = case when idempotency_keys.created_at < $6::timestamptz then null else idempotency_keys.response_body end
  where idempotency_keys.created_at < $6::timestamptz
    or (idempotency_keys.response_status is null and idempotency_keys.request_hash = $3::text
      and coalesce(idempotency_keys.lease_expires_at, idempotency_keys.created_at + $7::interval) <= $4::timestamptz)
  returning key`,
);

/** How long a claim is held for the request that made it: far longer than any request runs. */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * A request's hold on its key. The lease's end doubles as the holder's token: a request that
 * took the claim over from a crashed one has a later lease, so the crashed one's outcome
 * (should it still be running, past its lease) can no longer be recorded, and its work rolls
 * back with it.
 */
export type IdempotencyClaim = { apiKeyId: string; key: string; leaseExpiresAt: Date; recorded: boolean };

/** The claim was taken over by a retry after its lease ran out: this request must not act. */
export class IdempotencyClaimLostError extends ApiError {
  constructor() {
    super("idempotency_in_progress", "A retry with this Idempotency-Key took over after this request ran out of time; it is being processed", undefined, { "Retry-After": "1" });
  }
}

function heldBy(claim: IdempotencyClaim) {
  return and(
    eq(idempotencyKeys.apiKeyId, claim.apiKeyId),
    eq(idempotencyKeys.key, claim.key),
    eq(idempotencyKeys.leaseExpiresAt, claim.leaseExpiresAt),
    isNull(idempotencyKeys.responseStatus),
  );
}

/**
 * Record the outcome of the work, in the transaction that did the work, so that both commit or
 * neither does. Throws IdempotencyClaimLostError (rolling the work back) if the claim is no
 * longer this request's.
 */
export async function recordOutcome(tx: Db, claim: IdempotencyClaim, outcome: Outcome): Promise<void> {
  const updated = await tx
    .update(idempotencyKeys)
    .set({ responseStatus: outcome.status, responseBody: outcome.body as object })
    .where(heldBy(claim))
    .returning({ key: idempotencyKeys.key });
  if (!updated.length) throw new IdempotencyClaimLostError();
  claim.recorded = true;
}

function inProgress(leaseExpiresAt: Date | null, now: Date): ApiError {
  const seconds = leaseExpiresAt ? Math.max(1, Math.ceil((leaseExpiresAt.getTime() - now.getTime()) / 1000)) : 1;
  return new ApiError(
    "idempotency_in_progress",
    `A request with this Idempotency-Key is being processed; retry in ${seconds} second${seconds === 1 ? "" : "s"}`,
    { retryAfterSeconds: seconds },
    { "Retry-After": String(seconds) },
  );
}

/**
 * Run `action` at most once per (API key, Idempotency-Key). `action` gets the claim (null when
 * no key was sent) and must record a success with recordOutcome (or in its own statement,
 * setting `claim.recorded`) in the transaction that does its work; an action that writes
 * nothing may leave it to this function. Domain errors are outcomes too and are replayed (the
 * work they stopped wrote nothing); an unexpected failure (5xx) releases the claim so that a
 * retry can try again at once.
 */
export async function withIdempotency(
  db: Db,
  /** `fingerprint` is worked out only when a key was sent (it hashes the whole body). */
  input: { apiKeyId: string; key: string | null; fingerprint: () => string; errorOptions?: ErrorOptions; leaseMs?: number },
  action: (claim: IdempotencyClaim | null) => Promise<Outcome>,
  now = new Date(),
): Promise<Response> {
  const run = async (claim: IdempotencyClaim | null): Promise<Outcome & { lost?: boolean }> => {
    try {
      return await action(claim);
    } catch (e) {
      return { ...describeError(e, input.errorOptions), lost: e instanceof IdempotencyClaimLostError };
    }
  };
  if (!input.key) return respond(await run(null), false);
  const fingerprint = input.fingerprint();
  const where = and(eq(idempotencyKeys.apiKeyId, input.apiKeyId), eq(idempotencyKeys.key, input.key));
  const leaseMs = input.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  const claimed = await executeRelaxable<{ key: string }>(db, CLAIM, [
    input.apiKeyId,
    input.key,
    fingerprint,
    now.toISOString(),
    leaseExpiresAt.toISOString(),
    new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString(),
    `${leaseMs} milliseconds`,
  ]);
  if (!claimed.length) {
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    if (!existing) throw inProgress(null, now);
    if (existing.requestHash !== fingerprint) {
      throw new ApiError("idempotency_key_reused", "This Idempotency-Key was used with a different request. Use a new key for a new request.", [
        { path: "Idempotency-Key", message: "Already used with a different body" },
      ]);
    }
    if (existing.responseStatus === null) throw inProgress(existing.leaseExpiresAt, now);
    return respond({ status: existing.responseStatus, body: existing.responseBody }, true);
  }
  const claim: IdempotencyClaim = { apiKeyId: input.apiKeyId, key: input.key, leaseExpiresAt, recorded: false };
  const { lost, ...outcome } = await run(claim);
  // A retry took the claim over: it records the outcome, not this request.
  if (!claim.recorded && !lost) {
    if (outcome.status >= 500) await db.delete(idempotencyKeys).where(heldBy(claim));
    else {
      try {
        await recordOutcome(db, claim, outcome);
      } catch (e) {
        if (!(e instanceof IdempotencyClaimLostError)) throw e;
      }
    }
  }
  return respond(outcome, false);
}

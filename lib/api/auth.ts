// Who is calling: the API key in `Authorization: Bearer <key>`, turned into a principal by
// lib/api-keys, then the per-key rate limit. Missing or bad keys are 401 with a
// WWW-Authenticate challenge; a read-only key asking to write is 403. A client that presents
// too many unknown keys gets 429 instead of 401 for them, shared by every instance.
import type { Db } from "../../db/client";
import { authenticateAndCountApiKey, type ApiKeyPrincipal } from "../api-keys/queries";
import { ApiError } from "./errors";
import { clientAddress } from "../auth/request-origin";
import { apiLimitPerKey, hit, LIMITS } from "../rate-limit";
import { rateLimitPerMinute } from "./rate-limit";

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="api"' };

export async function authenticateRequest(req: Request, db: Db): Promise<ApiKeyPrincipal> {
  const header = req.headers.get("authorization");
  if (!header) throw new ApiError("unauthenticated", "Send your API key as: Authorization: Bearer <key>", undefined, CHALLENGE);
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new ApiError("unauthenticated", "The Authorization header must be: Bearer <key>", undefined, CHALLENGE);
  // The key and its request counted against the key's limit, in one statement.
  const authenticated = await authenticateAndCountApiKey(db, m[1]!, apiLimitPerKey(rateLimitPerMinute()));
  if (!authenticated) {
    // Counted only when the key is unknown, so a good key costs no extra statement and a
    // client sharing an address with a misbehaving one keeps working.
    const guessing = await hit(db, LIMITS.unknownApiKeysPerClient, clientAddress(req.headers));
    if (!guessing.allowed) throw rateLimited("Too many requests with API keys that are not valid", guessing.retryAfterSeconds);
    throw new ApiError("unauthenticated", "The API key is not valid or has been revoked", undefined, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' });
  }
  const { principal, decision } = authenticated;
  if (!decision.allowed) throw rateLimited("Too many requests for this API key", decision.retryAfterSeconds);
  return principal;
}

function rateLimited(what: string, retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", `${what}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
}

export function requireWriteScope(principal: ApiKeyPrincipal): void {
  if (principal.scope !== "read_write") throw new ApiError("forbidden", "This API key is read-only; use a read and write key to change data");
}

// Who is calling: the API key in `Authorization: Bearer <key>`, turned into a principal by
// lib/api-keys, then the per-key rate limit. Missing or bad keys are 401 with a
// WWW-Authenticate challenge; a read-only key asking to write is 403.
import type { Db } from "../../db/client";
import { authenticateApiKey, type ApiKeyPrincipal } from "../api-keys/queries";
import { ApiError } from "./errors";
import { apiLimiter } from "./rate-limit";

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="api"' };

export async function authenticateRequest(req: Request, db: Db): Promise<ApiKeyPrincipal> {
  const header = req.headers.get("authorization");
  if (!header) throw new ApiError("unauthenticated", "Send your API key as: Authorization: Bearer <key>", undefined, CHALLENGE);
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new ApiError("unauthenticated", "The Authorization header must be: Bearer <key>", undefined, CHALLENGE);
  const principal = await authenticateApiKey(db, m[1]!);
  if (!principal) {
    throw new ApiError("unauthenticated", "The API key is not valid or has been revoked", undefined, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' });
  }
  const decision = apiLimiter().take(principal.apiKeyId);
  if (!decision.allowed) {
    throw new ApiError("rate_limited", `Too many requests for this API key. Try again in ${decision.retryAfterSeconds} seconds.`, { retryAfterSeconds: decision.retryAfterSeconds }, {
      "Retry-After": String(decision.retryAfterSeconds),
    });
  }
  return principal;
}

export function requireWriteScope(principal: ApiKeyPrincipal): void {
  if (principal.scope !== "read_write") throw new ApiError("forbidden", "This API key is read-only; use a read and write key to change data");
}

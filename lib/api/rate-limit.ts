// The API's limit per key: API_RATE_LIMIT_PER_MINUTE requests a minute, counted in Postgres
// (lib/rate-limit) so that every instance behind a load balancer counts against the same limit.
import type { Db } from "../../db/client";
import { settings } from "../config";
import { apiLimitPerKey, hit, type LimitDecision } from "../rate-limit";

/** API_RATE_LIMIT_PER_MINUTE, read once (lib/config). */
export function rateLimitPerMinute(): number {
  return settings().apiRateLimitPerMinute;
}

/** Counts one request by the key: allowed, or refused with the seconds until the next minute. */
export function takeApiRequest(db: Db, apiKeyId: string, now: Date = new Date()): Promise<LimitDecision> {
  return hit(db, apiLimitPerKey(rateLimitPerMinute()), apiKeyId, now);
}

// The API's limit per key: API_RATE_LIMIT_PER_MINUTE requests a minute, counted in Postgres
// (lib/rate-limit) so that every instance behind a load balancer counts against the same limit.
import type { Db } from "../../db/client";
import { apiLimitPerKey, hit, type LimitDecision } from "../rate-limit";

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

export function rateLimitPerMinute(): number {
  const n = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_RATE_LIMIT_PER_MINUTE;
}

/** Counts one request by the key: allowed, or refused with the seconds until the next minute. */
export function takeApiRequest(db: Db, apiKeyId: string, now: Date = new Date()): Promise<LimitDecision> {
  return hit(db, apiLimitPerKey(rateLimitPerMinute()), apiKeyId, now);
}

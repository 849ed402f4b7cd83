// The API's limit per key: API_RATE_LIMIT_PER_MINUTE requests a minute, counted in Postgres
// (lib/rate-limit) so that every instance behind a load balancer counts against the same limit.
// The count is taken in the key's own check (lib/api-keys/queries.ts), one statement.
import { settings } from "../config";

/** API_RATE_LIMIT_PER_MINUTE, read once (lib/config). */
export function rateLimitPerMinute(): number {
  return settings().apiRateLimitPerMinute;
}

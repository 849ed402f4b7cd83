// The one shared secret the operator's tools send (HEALTH_TOKEN): the health check's figures and
// the metrics are given to a request whose Authorization header bears it.
import { timingSafeEqual } from "node:crypto";

/** Whether a request's Authorization header is `Bearer <token>` (compared in constant time); never when no token is set. */
export function bearsToken(authorization: string | null, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const given = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Keyset cursors that carry a time: Postgres keeps timestamps to the microsecond and a Date to the
// millisecond, so a cursor holds the time as Postgres writes it (exactUtc), and a cursor read from
// an address is taken only if its time is exactly that shape and a moment Postgres accepts
// (isExactUtc): rows made within one millisecond are neither skipped nor repeated, and a
// tampered link never reaches Postgres as a date it would refuse with an error.
import { sql, type SQLWrapper } from "drizzle-orm";

/** A timestamp as UTC ISO text to the microsecond ("2026-12-06T23:59:59.123456Z"), for a cursor. */
export const exactUtc = (t: SQLWrapper) => sql<string>`to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const EXACT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Whether `at` is a time as exactUtc writes it, and a real one: no 31 February (a Date rolls it
 * over, Postgres refuses it) and no year 0 (Postgres refuses it too).
 */
export function isExactUtc(at: unknown): at is string {
  if (typeof at !== "string" || !EXACT_UTC.test(at) || at.startsWith("0000")) return false;
  const d = new Date(at);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 23) === at.slice(0, 23);
}

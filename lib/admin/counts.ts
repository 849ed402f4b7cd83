// The counts the administrator's lists show beside them (people with and without a role, jobs and
// emails by state): each stops at ADMIN_COUNT_CAP + 1 rows, read by the list's own index, and is
// shown as "10,000+" past it, so a view costs the same on a service of a thousand rows or of ten
// million. Past the cap an exact figure tells an administrator nothing a search would not.
import { sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/** Above this a count is shown as "10,000+" (as the moderation queue's are). */
export const ADMIN_COUNT_CAP = 10_000;

/** The rows of `table` that `where` takes, counted up to ADMIN_COUNT_CAP + 1: an int column of a select. */
export function cappedCount(table: PgTable, where?: SQL): SQL<number> {
  return sql<number>`(select count(*)::int from (select 1 from ${table} where ${where ?? sql`true`} limit ${ADMIN_COUNT_CAP + 1}) capped)`.mapWith(Number);
}

/** A capped count in words: "1,234", or "10,000+" past the cap. */
export function countText(n: number): string {
  return n > ADMIN_COUNT_CAP ? `${ADMIN_COUNT_CAP.toLocaleString("en-GB")}+` : n.toLocaleString("en-GB");
}

// Keyset cursors that carry a time: Postgres keeps timestamps to the microsecond and a Date to the
// millisecond, so a cursor holds the time as Postgres writes it (exactUtc), and a cursor read from
// an address is taken only if its time is exactly that shape and a moment Postgres accepts
// (isExactUtc): rows made within one millisecond are neither skipped nor repeated, and a
// tampered link never reaches Postgres as a date it would refuse with an error.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

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

/** Down a list is the way its pages go ("Next", "Older"); up is back towards its first page. */
export type KeysetDirection = "down" | "up";

/** One page of a keyset-paged list and the cursors of the pages either side, null where there is none. */
export type KeysetPage<T> = { rows: T[]; previous: string | null; next: string | null };

/**
 * One page of a list read by keyset: the first `size` rows, or the `size` just below the cursor
 * `down`, or just above the cursor `up` (a page's "Next" and "Previous" links carry the cursor of
 * its last and first row). `read(from, direction, limit)` reads `limit` rows from the cursor
 * `from` (not including it; null reads from the top) going that way, in that order.
 *
 * A cursor that leads nowhere (stale, tampered, or with fewer than a page above it) gives the
 * first page. Each link is shown only when there are rows that way: where the rows read do not
 * tell, one more row is read, so a tampered cursor never offers a link that leads back to the
 * same page, and `previous` is null exactly on the first page. Given both cursors (no page writes
 * that), `up` is read.
 */
export async function keysetPage<T, C>(
  read: (from: C | null, direction: KeysetDirection, limit: number) => Promise<T[]>,
  { down = null, up = null }: { down?: C | null; up?: C | null },
  size: number,
  keyOf: (row: T) => C,
  encode: (cursor: C) => string,
): Promise<KeysetPage<T>> {
  const beyond = async (row: T, direction: KeysetDirection) => ((await read(keyOf(row), direction, 1)).length > 0 ? encode(keyOf(row)) : null);
  if (up !== null) {
    const rows = await read(up, "up", size + 1);
    if (rows.length > size) {
      const page = rows.slice(0, size).reverse();
      return { rows: page, previous: encode(keyOf(page[0]!)), next: await beyond(page[page.length - 1]!, "down") };
    }
  } else if (down !== null) {
    const rows = await read(down, "down", size + 1);
    if (rows.length) {
      const page = rows.slice(0, size);
      return { rows: page, previous: await beyond(page[0]!, "up"), next: rows.length > size ? encode(keyOf(page[page.length - 1]!)) : null };
    }
  }
  const rows = await read(null, "down", size + 1);
  const page = rows.slice(0, size);
  return { rows: page, previous: null, next: rows.length > size ? encode(keyOf(page[page.length - 1]!)) : null };
}

/**
 * Where the rows of a list ordered by `columns` descending (newest first, say (created_at, id))
 * are from a cursor whose values are `from` (not including it; null: from the top), and their
 * order that way: down the list those below it, in the list's order; up it those above it, in the
 * reverse order (keysetPage turns them round). One row comparison, so that an index on the
 * columns serves every page as it serves the first.
 */
export function descendingRange(columns: SQLWrapper[], from: SQLWrapper[] | null, direction: KeysetDirection): { where: SQL | undefined; orderBy: SQL[] } {
  const key = sql`(${sql.join(columns, sql`, `)})`;
  const at = from && sql`(${sql.join(from, sql`, `)})`;
  const down = direction === "down";
  return {
    where: at ? (down ? sql`${key} < ${at}` : sql`${key} > ${at}`) : undefined,
    orderBy: columns.map((c) => (down ? sql`${c} desc` : sql`${c} asc`)),
  };
}

/** descendingRange for a list newest first by (a time, an id), from a cursor of that time (exactUtc) and id. */
export function newestFirstRange(time: SQLWrapper, id: SQLWrapper, from: { at: string; id: string } | null, direction: KeysetDirection) {
  return descendingRange([time, id], from && [sql`${from.at}::timestamptz`, sql`${from.id}::uuid`], direction);
}

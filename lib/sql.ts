// Small pieces of SQL built from values a person or the database gave (a "contains" search, an
// array of ids, each passed as one bound parameter, never spliced into the statement), and the
// reading of a JSON document Postgres built (jsonValue, selectJson, with the types of its dates).
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";

/**
 * The LIKE pattern for "contains `text`", case-insensitive searches typed by a person: LIKE's
 * wildcards (`%`, `_`) and its escape character (Postgres's default `\`) are matched as the
 * characters they are, so "a_b%" finds exactly that text and "%" alone does not match everything.
 */
export function likeContains(text: string): string {
  return `%${likeEscaped(text)}%`;
}

/**
 * The LIKE pattern for "begins with `text`", escaped as likeContains is. Unlike "contains", it can
 * be answered from a btree index (one built with text_pattern_ops, whatever the collation), so a
 * search by it reads only the rows it finds.
 */
export function likePrefix(text: string): string {
  return `${likeEscaped(text)}%`;
}

function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` is a UUID in its canonical 8-4-4-4-12 form: every id in an address or a form is
 * checked with this before it reaches a `uuid` column, so a malformed one is "not found" (a 404 or
 * a message), never Postgres's "invalid input syntax for type uuid" (a 500).
 */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * A `uuid[]` for `= any(…)` and array columns, as one parameter (the array literal `{a,b}`)
 * however many ids it holds: a statement with thousands of ids keeps one placeholder. Every id
 * must be a UUID (a programming error otherwise), so the literal cannot be broken out of.
 */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`Not a UUID: ${JSON.stringify(id).slice(0, 60)}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/**
 * A JSON document (an object or an array) as a column of a raw statement gives it:
 * node-postgres hands it over parsed, PGlite sometimes as text. Anything else is returned as it
 * came (null, undefined for a missing row).
 */
export function jsonValue<T>(raw: unknown): T {
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as T;
}

/**
 * The one value of `select <expr>`, a JSON document built by Postgres (json_build_object,
 * json_agg), or null.
 */
export async function selectJson<T>(db: Db, expr: SQL): Promise<T | null> {
  const [row] = await rowsOf<{ data: unknown }>(db, sql`select ${expr} as data`);
  return jsonValue<T | null>(row?.data ?? null);
}

/** `T` as it arrives in JSON: the fields `K` (timestamps) as ISO strings, null where they were null. */
export type Json<T, K extends keyof T> = Omit<T, K> & { [F in K]: null extends T[F] ? string | null : string };

/** A timestamp read from JSON (an ISO string), or null. */
export const dateOf = (s: string | Date | null): Date | null => (s === null ? null : new Date(s));

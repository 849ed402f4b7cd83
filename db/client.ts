// The one database handle. With DATABASE_URL: a node-postgres pool. Without: embedded
// PGlite in DATA_DIR. Opened lazily on first use, never at import (so `next build` and
// modules that only import types never open it), and kept on globalThis so one process
// holds one handle.
import path from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Pool } from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver's database: lib/ functions take this and never care which. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle is a Db too. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { db: Db; close: () => Promise<void>; driver: "pg" | "pglite" };

const globalForDb = globalThis as unknown as { __consultDb?: Handle };

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR ?? ".data");
}

export function driverName(): "pg" | "pglite" {
  return process.env.DATABASE_URL ? "pg" : "pglite";
}

export async function openPg(url: string, max = Number(process.env.DATABASE_POOL_SIZE ?? 10)): Promise<Handle> {
  const { Pool } = await import("pg");
  const pool = new Pool({ connectionString: url, max });
  // An idle connection the server closes (a restart, an administrator, a dropped test
  // database) is removed from the pool and replaced; unhandled, it would crash the process.
  pool.on("error", (e) => console.error(`postgres: an idle connection was closed: ${e.message}`));
  const db = drizzlePg(pool, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pg", close: () => pool.end() };
}

export async function openPglite(dir: string | undefined): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

/**
 * The node-postgres pool behind a drizzle handle, for what only a raw connection can do (COPY);
 * null on PGlite and for a transaction's handle.
 */
export function pgPool(db: Db): Pool | null {
  const client = (db as unknown as { $client?: Partial<Pool> }).$client;
  return client && typeof client.connect === "function" && typeof client.totalCount === "number" ? (client as Pool) : null;
}

let opening: Promise<Handle> | undefined;

/** The process's database, opened on first call. */
export async function getDb(): Promise<Db> {
  if (globalForDb.__consultDb) return globalForDb.__consultDb.db;
  opening ??= (process.env.DATABASE_URL ? openPg(process.env.DATABASE_URL) : openPglite(dataDir())).then(
    (h) => (globalForDb.__consultDb = h),
  );
  return (await opening).db;
}

export async function closeDb(): Promise<void> {
  const h = globalForDb.__consultDb;
  globalForDb.__consultDb = undefined;
  opening = undefined;
  if (h) await h.close();
}

export { schema };

/**
 * A statement that runs on nearly every request, under a fixed name so that each connection
 * parses it once and Postgres can keep its plan (node-postgres prepares a named statement per
 * connection; PGlite ignores the name). `text` uses $1, $2… for `params`. Works on a
 * transaction's handle too.
 */
export async function executeNamed<T>(db: Db, name: string, text: string, params: unknown[]): Promise<T[]> {
  const result = (await db._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}

/**
 * A query built once per database (or transaction) handle and run as a named statement:
 * drizzle does not rebuild its SQL on each call, and each connection parses and plans it
 * once. Its inputs are placeholders (`sql.placeholder("name")`), given to `execute({ name })`.
 * A transaction is a handle of its own, so a query run in one is built for it.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let q = built.get(db);
    if (!q) built.set(db, (q = build(db)));
    return q;
  };
}

/**
 * Whether a database error (as node-postgres or PGlite raise it, possibly wrapped by drizzle)
 * is a unique violation, of the named constraint if one is given.
 */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (let x = e, depth = 0; x && typeof x === "object" && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const { code, constraint: name } = x as { code?: unknown; constraint?: unknown };
    if (code === "23505") return constraint === undefined || name === constraint;
  }
  return false;
}

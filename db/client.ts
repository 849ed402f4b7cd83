// The one database handle. With DATABASE_URL: a node-postgres pool. Without: embedded
// PGlite in DATA_DIR. Opened lazily on first use, never at import (so `next build` and
// modules that only import types never open it), and kept on globalThis so one process
// holds one handle.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { PgDialect, PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ClientBase, Pool } from "pg";
import { is, sql as sqlTag, type SQL } from "drizzle-orm";
import { settings } from "../lib/config";
import { causes } from "../lib/errors";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver's database: lib/ functions take this and never care which. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle is a Db too. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The rows of a raw SQL statement, as both drivers return them (node-postgres and PGlite put
 * them under `rows`; drizzle's `execute` types the result by driver, hence the one cast here).
 */
export async function rowsOf<T>(db: Pick<Db, "execute"> | Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** An open database and how to close it. */
export type Handle = { db: Db; close: () => Promise<void>; driver: "pg" | "pglite" };

/** How the handles name columns: the schema's camelCase fields as snake_case. */
const CASING = "snake_case";
let dialect: PgDialect | undefined;

/** A drizzle `sql` statement as the handles render it: its text and bound values (to run through plain pg, or to inline). */
export function renderSql(statement: SQL): { sql: string; params: unknown[] } {
  return (dialect ??= new PgDialect({ casing: CASING })).sqlToQuery(statement);
}

const globalForDb = globalThis as unknown as { __consultDb?: Handle };

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR ?? ".data");
}

export function driverName(): "pg" | "pglite" {
  return process.env.DATABASE_URL ? "pg" : "pglite";
}

/**
 * Limits on a pool's connections: the longest one statement may run (Postgres's
 * statement_timeout, set on each connection as it opens), and the longest a caller waits for a
 * connection (to open, or to come free when all are lent). 0 or unset: no limit.
 */
export type PgLimits = { statementTimeoutMs?: number; connectionTimeoutMs?: number };

/**
 * The app's limits (DATABASE_STATEMENT_TIMEOUT_SECONDS, DATABASE_CONNECTION_TIMEOUT_SECONDS): a
 * runaway report, or a database that stops answering, fails its one request with a message
 * (lib/errors databaseProblem) instead of holding a connection, and its locks, for ever. What
 * must run longer says so itself (the export's COPY sets its own, EXPORT_STATEMENT_TIMEOUT_MS),
 * and the setup scripts open their database without these limits (openSetupDb).
 */
export function appPgLimits(): PgLimits {
  const s = settings();
  return { statementTimeoutMs: s.databaseStatementTimeoutSeconds * 1000, connectionTimeoutMs: s.databaseConnectionTimeoutSeconds * 1000 };
}

export async function openPg(url: string, max = Number(process.env.DATABASE_POOL_SIZE ?? 10), limits: PgLimits = {}): Promise<Handle> {
  const { Pool } = await import("pg");
  const timeout = Math.trunc(limits.statementTimeoutMs ?? 0);
  const pool = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: limits.connectionTimeoutMs || undefined,
    // A SET run on each new connection before the pool lends it (pg-pool awaits onConnect),
    // rather than a startup parameter, which PgBouncer refuses.
    ...(timeout > 0 ? { onConnect: (client: ClientBase) => client.query(`set statement_timeout = ${timeout}`) } : {}),
  });
  // An idle connection the server closes (a restart, an administrator, a dropped test
  // database) is removed from the pool and replaced; unhandled, it would crash the process.
  pool.on("error", (e) => console.error(`postgres: an idle connection was closed: ${e.message}`));
  if (process.env.BENCH_SQL_LOG) captureStatements(pool, process.env.BENCH_SQL_LOG);
  const db = drizzlePg(pool, { schema, casing: CASING }) as unknown as Db;
  return { db, driver: "pg", close: () => pool.end() };
}

export async function openPglite(dir: string | undefined): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { btree_gin } = await import("@electric-sql/pglite/contrib/btree_gin");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  // btree_gin: answers_search_idx indexes a uuid beside a tsvector (migration 0014); pg_trgm:
  // the "contains" searches' trigram indexes (migration 0041).
  const options = { extensions: { btree_gin, pg_trgm } };
  const client = dir ? new PGlite(dir, options) : new PGlite(options);
  await client.waitReady;
  const db = drizzle(client, { schema, casing: CASING }) as unknown as Db;
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

/**
 * Runs independent reads side by side where that helps and one after another where it cannot:
 * on a node-postgres pool each read takes its own connection (one round trip's wait for all), at
 * most `atOnce` at a time so that a long list (one read per question) does not take the whole
 * pool from other requests; on a transaction's handle, or PGlite's single connection, there is
 * one client, and reads started together would only queue on it (node-postgres deprecates that
 * and pg 9 refuses it: "Calling client.query() when the client is already executing a query").
 * Pass functions, not started queries, so nothing runs before this decides how.
 *
 * Answers, and a failure, come back in the order of the reads, however the reads were run: the
 * error thrown is that of the first read (in the list) that failed, once every read before it
 * has succeeded, and no read starts after one has failed. So an access check passed first
 * guards the reads after it (see afterCheck, lib/collation/queries.ts): a refused caller gets
 * the refusal, never the data or an error about it, and on one client those reads never run.
 */
export async function readTogether<const T extends readonly (() => unknown)[]>(
  db: Db,
  reads: T,
  atOnce = READS_AT_ONCE,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Out = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
  const settle: ((o: Outcome) => void)[] = [];
  const outcomes = reads.map(() => new Promise<Outcome>((resolve) => settle.push(resolve)));
  const lanes = pgPool(db) ? Math.max(1, Math.min(atOnce, reads.length)) : 1;
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < reads.length && !failed) {
      const i = next++;
      try {
        settle[i]!({ ok: true, value: await reads[i]!() });
      } catch (error) {
        failed = true;
        settle[i]!({ ok: false, error });
      }
    }
  };
  for (let l = 0; l < lanes; l++) void lane();
  // Reads start in the list's order, so every read before a failed one has started and settles.
  const out: unknown[] = [];
  for (const outcome of outcomes) {
    const o = await outcome;
    if (!o.ok) throw o.error;
    out.push(o.value);
  }
  return out as Out;
}

/** How many of one request's reads readTogether runs at once on the pool (of DATABASE_POOL_SIZE, 10 by default). */
export const READS_AT_ONCE = 6;

/**
 * For the benchmark's page floor only (BENCH_SQL_LOG=file): while capture is on (SIGUSR2 toggles
 * it; off at start, so it costs nothing under load), every statement the pool's connections run is
 * appended to the file as a JSON line (name, text, values), so that the bench can run a page's
 * statements by hand. Never set in production: the values include what people typed.
 */
function captureStatements(pool: Pool, file: string) {
  const g = globalThis as unknown as { __consultSqlCapture?: { on: boolean } };
  if (!g.__consultSqlCapture) {
    const state = (g.__consultSqlCapture = { on: false as boolean });
    process.on("SIGUSR2", () => {
      state.on = !state.on;
    });
  }
  const state = g.__consultSqlCapture!;
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      if (state.on) {
        const [q, v] = a as [string | { name?: string; text: string; values?: unknown[] }, unknown];
        const entry = typeof q === "string" ? { text: q, values: Array.isArray(v) ? v : undefined } : { name: q.name, text: q.text, values: q.values ?? (Array.isArray(v) ? v : undefined) };
        appendFileSync(file, JSON.stringify({ pid: process.pid, at: Date.now(), client: clientId(client), ...entry }) + "\n");
      }
      return query(...a);
    };
  });
}

const clientIds = new WeakMap<object, number>();
let nextClientId = 1;
function clientId(c: object): number {
  let id = clientIds.get(c);
  if (!id) clientIds.set(c, (id = nextClientId++));
  return id;
}

let opening: Promise<Handle> | undefined;

/** The process's database, opened on first call, with the app's limits (appPgLimits). */
export async function getDb(): Promise<Db> {
  if (globalForDb.__consultDb) return globalForDb.__consultDb.db;
  const url = process.env.DATABASE_URL;
  opening ??= (url ? openPg(url, undefined, appPgLimits()) : openPglite(dataDir())).then((h) => (globalForDb.__consultDb = h));
  return (await opening).db;
}

/**
 * The database for the setup scripts (db:setup, db:migrate, db:seed), each its own process, as a
 * handle of their own for them to close: without the app's statement timeout, as a migration
 * that builds an index or fills a column on a large table runs for minutes.
 */
export function openSetupDb(): Promise<Handle> {
  const url = process.env.DATABASE_URL;
  return url ? openPg(url) : openPglite(dataDir());
}

const globalForHealth = globalThis as unknown as { __consultHealthDb?: Promise<Handle> };

/**
 * The health check's own connection to the primary (lib/health), so that a pool busy with
 * requests does not make a live database look dead. On PGlite, the one database.
 */
export async function getHealthDb(): Promise<Db> {
  if (!process.env.DATABASE_URL) return getDb();
  globalForHealth.__consultHealthDb ??= openPg(process.env.DATABASE_URL, 1, appPgLimits());
  return (await globalForHealth.__consultHealthDb).db;
}

export async function closeDb(): Promise<void> {
  const health = globalForHealth.__consultHealthDb;
  globalForHealth.__consultHealthDb = undefined;
  if (health) await (await health).close();
  const h = globalForDb.__consultDb;
  globalForDb.__consultDb = undefined;
  opening = undefined;
  if (h) await h.close();
  const r = globalForReplica.__consultReplicaDb;
  globalForReplica.__consultReplicaDb = undefined;
  openingReplica = undefined;
  if (r) await r.close();
}

// ---------------------------------------------------------------------------------------------
// Reports from a read replica (DATABASE_REPLICA_URL): collation, search, counts and exports read
// a streaming replica of the primary, so a large export or a busy collation page does not take
// the primary's CPU and I/O from partners submitting. Writes, and pages that must show what was
// just written, use getDb() (the primary). Without DATABASE_REPLICA_URL (or on PGlite) the report
// handle is the primary itself.

const globalForReplica = globalThis as unknown as { __consultReplicaDb?: Handle };
let openingReplica: Promise<Handle> | undefined;

/** Replica lag beyond which a page served from it says how old its figures are. */
export const REPLICA_LAG_NOTICE_SECONDS = 5;

export type ReportDb = {
  db: Db;
  /** "replica" when DATABASE_REPLICA_URL is set and used, else "primary". */
  source: "primary" | "replica";
  /** How far behind the primary the replica is (0 on the primary, or a replica that has replayed everything it received). */
  lag: () => Promise<ReplicaLag>;
};

export type ReplicaLag = { source: "primary" | "replica"; lagSeconds: number; asOf: Date | null };

/** The replica's lag: none when it has replayed all it received, else the age of the last transaction it replayed. */
export async function measureReplicaLag(db: Db): Promise<ReplicaLag> {
  const [row] = await rowsOf<{ replica: boolean; caught_up: boolean; replayed_at: string | null; age: number | null }>(
    db,
    sqlTag`select pg_is_in_recovery() as replica,
       coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), true) as caught_up,
       to_json(pg_last_xact_replay_timestamp()) #>> '{}' as replayed_at,
       extract(epoch from (now() - pg_last_xact_replay_timestamp()))::float8 as age`,
  );
  if (!row!.replica) return { source: "primary", lagSeconds: 0, asOf: null };
  const replayedAt = row!.replayed_at ? new Date(row!.replayed_at) : null;
  if (row!.caught_up) return { source: "replica", lagSeconds: 0, asOf: replayedAt };
  return { source: "replica", lagSeconds: Math.max(0, Number(row!.age ?? 0)), asOf: replayedAt };
}

/**
 * The handle for report reads: the replica when DATABASE_REPLICA_URL is set, else the primary
 * (`primary` when the caller already holds one, e.g. a job handed its database, else the app's).
 */
export async function getReportDb(primary?: Db): Promise<ReportDb> {
  const url = process.env.DATABASE_REPLICA_URL;
  if (!url || !process.env.DATABASE_URL) {
    const db = primary ?? (await getDb());
    return { db, source: "primary", lag: async () => ({ source: "primary", lagSeconds: 0, asOf: null }) };
  }
  if (!globalForReplica.__consultReplicaDb) {
    openingReplica ??= openPg(url, Number(process.env.DATABASE_REPLICA_POOL_SIZE ?? process.env.DATABASE_POOL_SIZE ?? 10), appPgLimits()).then(
      (h) => (globalForReplica.__consultReplicaDb = h),
    );
    await openingReplica;
  }
  const db = globalForReplica.__consultReplicaDb!.db;
  return { db, source: "replica", lag: () => measureReplicaLag(db) };
}

/** "figures as of HH:MM:SS" (UK time) when the replica lags by more than REPLICA_LAG_NOTICE_SECONDS, else null. */
export function replicaNotice(lag: ReplicaLag, timeZone = "Europe/London"): string | null {
  if (lag.source !== "replica" || lag.lagSeconds <= REPLICA_LAG_NOTICE_SECONDS || !lag.asOf) return null;
  const t = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone }).format(lag.asOf);
  return `figures as of ${t}`;
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
 * A statement whose writes are bookkeeping that a crash may lose without harm (a rate limit's
 * count, an API key's last use, an idempotency claim): where the statement is its own transaction
 * (on the pool), it lets that transaction commit without waiting for its WAL to reach disk
 * (`synchronous_commit` off, for that transaction only). The request then holds its pooled
 * connection for the statement's work, not for an fsync as well: under load, most of the key
 * check's time on its connection was that wait (issue 21). Later commits that wait flush its WAL
 * too, so nothing that depends on it can outlive it; a crash may lose the last fraction of a
 * second of counts. On a transaction's handle (where it would relax the caller's whole commit)
 * and on PGlite it runs as written.
 *
 * `build` writes the statement given, when relaxed, a CTE to put in its WITH list and a condition
 * (always true) that reads it, for a WHERE clause: Postgres runs a CTE only when it is read.
 * Both texts are built once, here; executeRelaxable picks one per handle.
 */
export type RelaxableStatement = { name: string; plain: string; relaxed: string };

export function relaxableStatement(name: string, build: (relax: { cte: string; read: string } | null) => string): RelaxableStatement {
  return {
    name,
    plain: build(null),
    relaxed: build({ cte: `relaxed_commit as (select set_config('synchronous_commit', 'off', true) as setting)`, read: `(select setting from relaxed_commit) is not null` }),
  };
}

/** Runs a relaxableStatement (see there): relaxed where the statement is its own transaction. */
export function executeRelaxable<T>(db: Db, statement: RelaxableStatement, params: unknown[]): Promise<T[]> {
  return relaxesCommit(db)
    ? executeNamed<T>(db, `${statement.name}_relaxed`, statement.relaxed, params)
    : executeNamed<T>(db, statement.name, statement.plain, params);
}

/** Whether `db` is a transaction's handle (one connection, the caller's, held until the transaction ends), on either driver. */
export function isTransaction(db: Db): boolean {
  return is(db, PgTransaction);
}

/** Whether a statement on `db` is its own transaction, so that relaxing its commit affects it alone. */
export function relaxesCommit(db: Db): boolean {
  return pgPool(db) !== null;
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
 * Take a lock on `key` until the transaction ends, for work that must take turns where no row
 * exists yet to lock (two first saves of one thing, two names alike). `key` is text, or SQL that
 * makes it (lower() of a name, so the lock follows Postgres's own comparison, not JavaScript's).
 */
export async function advisoryXactLock(tx: Pick<Db, "execute"> | Tx, key: string | SQL): Promise<void> {
  await tx.execute(sqlTag`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** A database error's SQLSTATE (as node-postgres or PGlite raise it, possibly wrapped by drizzle), or undefined. */
export function pgErrorCode(e: unknown): string | undefined {
  for (const x of causes(e)) {
    const { code } = x as { code?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Whether a database error (as node-postgres or PGlite raise it, possibly wrapped by drizzle)
 * is a unique violation, of the named constraint if one is given.
 */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (const x of causes(e)) {
    const { code, constraint: name } = x as { code?: unknown; constraint?: unknown };
    if (code === "23505") return constraint === undefined || name === constraint;
  }
  return false;
}

// Applies the committed drizzle-kit migrations to a database handle.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pgPool, type Db } from "./client";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function migrateDb(db: Db, driver: "pg" | "pglite"): Promise<void> {
  if (driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  }
}

/**
 * The advisory lock key that one setup (migrations, then the demo content) holds at a time:
 * the first 64 bits of sha256("consult:setup"), fixed so that every instance and version agrees.
 */
export const SETUP_LOCK_KEY = "1042372660217921605";

/**
 * Runs `work` (migrations, the demo content) while no other process sets up the same database.
 * Several app instances started together on one Postgres (a deploy of two, a rolling restart)
 * each run `npm run serve`; drizzle's migrator reads which migrations are applied and then
 * applies the rest without a lock, so two at once both applied them and the second failed to
 * start (duplicate key in pg_type on the first CREATE TABLE), and two empty databases' checks
 * both loaded the demo content. The lock is a transaction's advisory lock on a connection of
 * its own, held until `work` ends; the others wait for it, then find the migrations applied and
 * the content loaded. A transaction's lock, not a session's: behind PgBouncer in transaction
 * pooling a session lock would stay on the server connection after this one closed (and be
 * taken again at once by whoever was lent it next), while a transaction keeps its server
 * connection to itself and its lock ends with it. A process that dies holding it loses its
 * connection, and the lock with it. PGlite serves one process, so there is nothing to wait for.
 */
export async function withSetupLock<T>(db: Db, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const pool = pgPool(db);
  if (!pool) return work();
  // A client of its own, outside the pool: the lock's connection must not be one the work
  // waits for (a pool of one would wait for ever).
  const { Client } = await import("pg");
  const client = new Client(pool.options);
  // A connection lost while the work runs ends the lock; the work's own statements report it.
  client.on("error", (e) => console.error(`setup lock: its connection was lost: ${e.message}`));
  await client.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ got: boolean }>("select pg_try_advisory_xact_lock($1::bigint) as got", [SETUP_LOCK_KEY]);
    if (!rows[0]?.got) {
      onWait?.();
      await client.query("select pg_advisory_xact_lock($1::bigint)", [SETUP_LOCK_KEY]);
    }
    return await work();
  } finally {
    // Ending the transaction (and the connection) lets the lock go, whatever state a failed
    // setup left things in.
    await client.query("rollback").catch(() => {});
    await client.end().catch(() => {});
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const { openSetupDb } = await import("./client");
  const { db, driver, close } = await openSetupDb();
  await withSetupLock(db, () => migrateDb(db, driver), () => console.log("waiting for another process setting up the database"));
  console.log(`migrations applied (${driver})`);
  await close();
}

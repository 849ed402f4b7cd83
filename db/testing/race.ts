// Real races for the integration tests on Postgres: the racers start together while a third
// connection holds the row they contend for, and are let go only once Postgres shows every one
// of them waiting on a lock, so that each trial truly overlaps (started one after another they
// would often not).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";

type Settled<T extends readonly unknown[]> = { -readonly [K in keyof T]: PromiseSettledResult<T[K]> };

/**
 * Runs `racers` at once while `lockSql` (a `select … for update` of the contested row) is held
 * by another connection of `db`; lets go once all of them wait on a lock (the first on the
 * holder, the others on it or on each other). Fails if they do not all get there within
 * `timeoutMs` (they would not have raced). Returns each racer's outcome, in order.
 */
export async function raceOnRow<T extends readonly unknown[]>(
  db: Db,
  lockSql: SQL,
  racers: { [K in keyof T]: () => Promise<T[K]> },
  timeoutMs = 10_000,
): Promise<Settled<T>> {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const released = new Promise<void>((r) => (release = r));
  const holder = db.transaction(async (tx) => {
    await tx.execute(lockSql);
    locked();
    await released;
  });
  await isLocked;
  const all = Promise.allSettled((racers as readonly (() => Promise<unknown>)[]).map((run) => run()));
  try {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 2))) {
      const waiting = (await db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`,
      )) as unknown as { rows: [{ n: number }] };
      if (waiting.rows[0].n >= racers.length) break;
      if (Date.now() > deadline) throw new Error(`only ${waiting.rows[0].n} of the ${racers.length} racers reached the lock`);
    }
  } finally {
    release();
    await holder;
  }
  return (await all) as Settled<T>;
}

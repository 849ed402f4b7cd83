// On Postgres: reads started together on a transaction's handle fail the test they happen in (as
// node-postgres 9 will refuse them; db/testing/one-query-per-client.ts), and readTogether runs
// them in turn there, and side by side on the pool.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTogether } from "./client";
import { createTestDb, type TestDb } from "./testing";
import { takeQueryOverlaps } from "./testing/one-query-per-client";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const one = (n: number) => sql`select ${n}::int as n, pg_backend_pid() as pid`;
type Row = { n: number; pid: number };
const rowOf = (r: unknown) => (r as { rows: Row[] }).rows[0]!;

describe.skipIf(!process.env.DATABASE_URL)("reads side by side", () => {
  it("catches reads started at once on a transaction's one connection", async () => {
    takeQueryOverlaps();
    const rows = await t.db.transaction(async (tx) => (await Promise.all([tx.execute(one(1)), tx.execute(one(2)), tx.execute(one(3))])).map(rowOf));
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    // The second waited behind the first, the third behind both: each recorded (and run).
    expect(takeQueryOverlaps().map((o) => o.text)).toHaveLength(2);
  });

  it("runs them in turn inside a transaction, on its connection", async () => {
    const rows = await t.db.transaction(async (tx) => (await readTogether(tx, [() => tx.execute(one(1)), () => tx.execute(one(2)), () => tx.execute(one(3))])).map(rowOf));
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(takeQueryOverlaps(), "none sent while another ran").toEqual([]);
  });

  it("runs them on separate connections of the pool", async () => {
    const slow = (n: number) => sql`select ${n}::int as n, pg_backend_pid() as pid from pg_sleep(0.2)`;
    const rows = (await readTogether(t.db, [() => t.db.execute(slow(1)), () => t.db.execute(slow(2)), () => t.db.execute(slow(3))])).map(rowOf);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(new Set(rows.map((r) => r.pid)).size).toBe(3);
  });
});

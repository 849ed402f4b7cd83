// On Postgres: the app's pool limits (appPgLimits). A statement past DATABASE_STATEMENT_TIMEOUT_SECONDS
// is stopped by Postgres and the pool goes on serving; a caller that waits past
// DATABASE_CONNECTION_TIMEOUT_SECONDS for a connection is refused instead of queued for ever;
// both are told apart from other faults (databaseProblem) so that pages, forms and the API say
// so. The export's COPY has a longer limit of its own, in its own transaction only.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyBegin, EXPORT_STATEMENT_TIMEOUT_MS } from "../lib/exports/responses-copy";
import { databaseProblem } from "../lib/errors";
import { describeError } from "../lib/api/errors";
import { openPg, openSetupDb, pgPool, rowsOf, type Handle } from "./client";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/** `fn` with the database `opening` opens, closed afterwards. */
async function withHandle(opening: Promise<Handle>, fn: (h: Handle) => Promise<void>): Promise<void> {
  const h = await opening;
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail("expected it to fail"),
    (e: unknown) => e,
  );
}

describe.skipIf(!process.env.DATABASE_URL)("the app's limits on its database connections", () => {
  it("stops a statement that runs past the timeout, says why, and the pool goes on serving", async () => {
    await withHandle(openPg(t.url!, 2, { statementTimeoutMs: 300 }), async (h) => {
      const started = Date.now();
      const e = await failure(h.db.execute(sql`select pg_sleep(5)`));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(databaseProblem(e)?.kind).toBe("timeout");
      // The API says 503 with Retry-After, never the statement.
      const original = console.error;
      console.error = () => {};
      const api = describeError(e);
      console.error = original;
      expect(api.status).toBe(503);
      expect(JSON.stringify(api.body)).not.toContain("pg_sleep");
      // Every connection of the pool has the limit, and quick statements run as before.
      const settings = await Promise.all([0, 1, 2, 3].map(() => rowsOf<{ statement_timeout: string }>(h.db, sql`show statement_timeout`)));
      expect(settings.map((r) => r[0]!.statement_timeout)).toEqual(["300ms", "300ms", "300ms", "300ms"]);
      expect(await rowsOf<{ n: number }>(h.db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
      // A transaction stopped part way leaves nothing behind.
      await h.db.execute(sql`create table limits_probe (id uuid primary key)`);
      const id = randomUUID();
      const tx = await failure(
        h.db.transaction(async (tx) => {
          await tx.execute(sql`insert into limits_probe values (${id})`);
          await tx.execute(sql`select pg_sleep(5)`);
        }),
      );
      expect(databaseProblem(tx)?.kind).toBe("timeout");
      expect(await rowsOf(h.db, sql`select * from limits_probe`)).toEqual([]);
    });
  });

  it("gives the export's COPY a longer limit of its own, in its own transaction only", async () => {
    await withHandle(openPg(t.url!, 1, { statementTimeoutMs: 300 }), async (h) => {
      const client = await pgPool(h.db)!.connect();
      try {
        await client.query(copyBegin({ consultationId: randomUUID() }, (v) => client.escapeLiteral(v)));
        const { rows } = await client.query<{ statement_timeout: string }>("show statement_timeout");
        expect(rows[0]!.statement_timeout).toBe(`${EXPORT_STATEMENT_TIMEOUT_MS / 60_000}min`);
        await client.query("select pg_sleep(0.6)");
        await client.query("commit");
        // After the export, the connection goes back to the pool with the limit as it was.
        const after = await client.query("select pg_sleep(0.6)").then(
          () => null,
          (e: unknown) => e,
        );
        expect(databaseProblem(after)?.kind).toBe("timeout");
      } finally {
        client.release();
      }
    });
  });

  it("refuses a caller that waits past the connection timeout, rather than queueing it for ever", async () => {
    await withHandle(openPg(t.url!, 1, { connectionTimeoutMs: 300 }), async (h) => {
      const held = await pgPool(h.db)!.connect();
      try {
        const started = Date.now();
        const e = await failure(h.db.execute(sql`select 1`));
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(databaseProblem(e)?.kind).toBe("unavailable");
      } finally {
        held.release();
      }
      // Once a connection is free again, requests are served.
      expect(await rowsOf<{ n: number }>(h.db, sql`select 2 as n`)).toEqual([{ n: 2 }]);
    });
  });

  it("has none unless asked (the setup scripts, the tests, the benchmarks)", async () => {
    await withHandle(openPg(t.url!, 1), async (h) => {
      expect((await rowsOf<{ statement_timeout: string }>(h.db, sql`show statement_timeout`))[0]!.statement_timeout).toBe("0");
    });
  });

  it("has none on the setup scripts' database, whatever the app's are (a migration may run for minutes)", async () => {
    await withHandle(openSetupDb(), async (h) => {
      expect((await rowsOf<{ statement_timeout: string }>(h.db, sql`show statement_timeout`))[0]!.statement_timeout).toBe("0");
    });
  });
});

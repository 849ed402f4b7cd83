// Rate limits kept in the database (PGlite, or Postgres with DATABASE_URL): counted exactly under
// concurrency, shared by every instance, refused with the seconds to wait, old windows deleted.
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openPg, relaxableStatement, relaxesCommit, schema, type Db } from "../../db/client";
import { rateLimits } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { allowEmailLinkAttempt, allowSignInEmail, recordFailedEmailLink, waitText } from "../auth/throttle";
import { check, deleteOldWindows, hit, LIMITS, type Limit } from ".";

let t: TestDb;
/** A second app instance: its own connection pool on the same database. */
let other: { db: Db; close: () => Promise<void> };

beforeAll(async () => {
  t = await createTestDb();
  if (t.driver === "pg") other = await openPg(t.url!, 5);
  else {
    // PGlite is one in-process database: a second drizzle handle over it stands in.
    const client = (t.db as unknown as { $client: never }).$client;
    other = { db: drizzle(client, { schema, casing: "snake_case" }) as unknown as Db, close: async () => {} };
  }
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const at = new Date("2026-12-03T10:00:05Z");
const limit = (bucket: string, n: number, windowSeconds = 60): Limit => ({ bucket, limit: n, windowSeconds });

describe("rate limits in the database", () => {
  it("are shared by two instances: together they get the limit, not twice it", async () => {
    const l = limit("shared", 10);
    const both = await Promise.all(Array.from({ length: 30 }, (_, i) => hit(i % 2 ? other.db : t.db, l, "key-1", at)));
    expect(both.filter((d) => d.allowed)).toHaveLength(10);
    expect((await hit(other.db, l, "key-1", at)).allowed).toBe(false);
  });

  it("allow the limit, then refuse with the seconds until the window ends, and allow again after it", async () => {
    const l = limit("api_key_test", 3);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await hit(t.db, l, "k", at));
    expect(first.map((d) => d.allowed)).toEqual([true, true, true]);
    expect(await hit(t.db, l, "k", at)).toEqual({ allowed: false, hits: 4, retryAfterSeconds: 55 });
    expect((await hit(t.db, l, "k", new Date(at.getTime() + 55_000))).allowed).toBe(true);
  });

  it("keep a separate count per subject and per bucket", async () => {
    const a = limit("per_subject", 1);
    expect((await hit(t.db, a, "a", at)).allowed).toBe(true);
    expect((await hit(t.db, a, "a", at)).allowed).toBe(false);
    expect((await hit(t.db, a, "b", at)).allowed).toBe(true);
    expect((await hit(t.db, limit("other_bucket", 1), "a", at)).allowed).toBe(true);
  });

  it("queue only the first five of 30 sign-in emails to one address in 2 seconds; the rest are told when to try again", async () => {
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        allowSignInEmail(i % 2 ? other.db : t.db, { email: "sarah.lee@police.example", client: `192.0.2.${i}` }, new Date(at.getTime() + i * 66)),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const refused = decisions.filter((d) => !d.allowed);
    expect(refused).toHaveLength(25);
    for (const d of refused) expect(!d.allowed && d.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limit sign-in emails per client address too, and a flood on one address does not use up the client's allowance", async () => {
    const client = "198.51.100.77";
    for (let i = 0; i < 10; i++) await allowSignInEmail(t.db, { email: "flooded@example.org", client }, at);
    const others = [];
    for (let i = 0; i < 30; i++) others.push(await allowSignInEmail(other.db, { email: `person${i}@example.org`, client }, at));
    expect(others.filter((d) => d.allowed)).toHaveLength(LIMITS.signInEmailPerClient.limit - 5);
    expect(others.at(-1)!.allowed).toBe(false);
  });

  it("refuse a client more email links after ten that did not work, counting failures only", async () => {
    const client = "203.0.113.5";
    for (let i = 0; i < 10; i++) {
      expect((await allowEmailLinkAttempt(t.db, client, at)).allowed).toBe(true);
      await recordFailedEmailLink(i % 2 ? other.db : t.db, client, at);
    }
    const refused = await allowEmailLinkAttempt(other.db, client, at);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterSeconds).toBe(15 * 60 - 5);
    expect((await allowEmailLinkAttempt(t.db, "203.0.113.6", at)).allowed).toBe(true);
  });

  it("can be checked without counting, for limits on failures only", async () => {
    const l = limit("failures", 2);
    expect((await check(t.db, l, "c", at)).allowed).toBe(true);
    await hit(t.db, l, "c", at);
    expect((await check(t.db, l, "c", at)).allowed).toBe(true);
    await hit(other.db, l, "c", at);
    const refused = await check(t.db, l, "c", at);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterSeconds).toBe(55);
  });

  it("say how long to wait in words", () => {
    expect([waitText(1), waitText(40), waitText(60), waitText(61), waitText(895)]).toEqual(["1 second", "40 seconds", "1 minute", "2 minutes", "15 minutes"]);
  });

  it("delete windows older than a day", async () => {
    await hit(t.db, limit("old", 5), "x", new Date(at.getTime() - 3 * 24 * 3600_000));
    expect(await deleteOldWindows(t.db, at)).toBeGreaterThanOrEqual(1);
    const left = await t.db.select().from(rateLimits);
    expect(left.every((r) => r.windowStart.getTime() > at.getTime() - 24 * 3600_000)).toBe(true);
  });

  it("commit a hit without waiting for the disk on the pool only, never relaxing a transaction that counts one", async () => {
    const setting = async (db: Db) => ((await db.execute(sql`show synchronous_commit`)) as unknown as { rows: { synchronous_commit: string }[] }).rows[0]!.synchronous_commit;
    // Inside a transaction the hit is an ordinary write: the transaction's commit still waits.
    await t.db.transaction(async (tx) => {
      expect(relaxesCommit(tx)).toBe(false);
      expect((await hit(tx, limit("in-tx", 5), "k", at)).allowed).toBe(true);
      expect(await setting(tx)).toBe("on");
    });
    expect(relaxesCommit(t.db)).toBe(t.driver === "pg");
    expect((await hit(t.db, limit("pooled", 5), "k", at)).hits).toBe(1);
    expect(await setting(t.db)).toBe("on");
    // What the relaxed statement does to its own transaction, seen from inside one: off until it ends.
    await t.db.transaction(async (tx) => {
      const probe = relaxableStatement("probe", (relax) => (relax ? `with ${relax.cte} select 1 where ${relax.read}` : "select 1"));
      await tx.execute(sql.raw(probe.relaxed));
      expect(await setting(tx)).toBe("off");
    });
    expect(await setting(t.db)).toBe("on");
  });
});

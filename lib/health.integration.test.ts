// The health check (GET /api/health) on the test database (Postgres, or PGlite): ok, the
// database gone or hanging (503, one probe however many calls), jobs overdue and a replica that
// lags or cannot be reached (degraded, still 200), and nothing of an error shown.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db, type ReportDb } from "../db/client";
import { jobs } from "../db/schema";
import { createTestDb, type TestDb } from "../db/testing";
import { checkHealth, checkHealthOnce, healthHttpStatus, JOBS_OVERDUE_SECONDS, type HealthSources } from "./health";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const onPrimary = (db: Db): ReportDb => ({ db, source: "primary", lag: async () => ({ source: "primary", lagSeconds: 0, asOf: null }) });
const sourcesOf = (db: Db, reports?: () => Promise<ReportDb>): HealthSources => ({ primary: async () => db, reports: reports ?? (async () => onPrimary(db)), timeoutMs: 500 });

/** A database handle whose statements never finish, counting those sent. */
function hanging() {
  const sent = { n: 0 };
  const db = { execute: () => (sent.n++, new Promise(() => undefined)) } as unknown as Db;
  return { db, sent };
}

describe("the health check", () => {
  it("says ok with the database's time, no replica and no jobs overdue", async () => {
    await t.db.delete(jobs);
    const report = await checkHealth(sourcesOf(t.db));
    expect(report).toMatchObject({ status: "ok", database: { status: "ok" }, replica: null, jobs: { status: "ok", due: 0, oldestDueSeconds: null } });
    expect(report.database.ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    expect(healthHttpStatus(report)).toBe(200);
  });

  it("is degraded, still serving, when jobs due have waited past the limit", async () => {
    await t.db.delete(jobs);
    await t.db.insert(jobs).values([
      { name: "send-email", runAt: sql`now() - make_interval(secs => ${JOBS_OVERDUE_SECONDS + 60})` },
      { name: "send-email" },
      // Due later, or done: not counted.
      { name: "send-email", runAt: sql`now() + interval '1 hour'` },
      { name: "send-email", status: "done", runAt: sql`now() - interval '1 day'` },
    ]);
    const report = await checkHealth(sourcesOf(t.db));
    expect(report).toMatchObject({ status: "degraded", database: { status: "ok" }, jobs: { status: "overdue", due: 2 } });
    expect(report.jobs.oldestDueSeconds).toBeGreaterThanOrEqual(JOBS_OVERDUE_SECONDS + 59);
    expect(healthHttpStatus(report)).toBe(200);
    // Due but recent: a worker is keeping up.
    await t.db.delete(jobs);
    await t.db.insert(jobs).values({ name: "send-email", runAt: sql`now() - interval '10 seconds'` });
    expect((await checkHealth(sourcesOf(t.db))).jobs).toMatchObject({ status: "ok", due: 1 });
    await t.db.delete(jobs);
  });

  it("reports a replica's lag, and is degraded when it lags or cannot be reached", async () => {
    const replica = (lagSeconds: number | Error) => async (): Promise<ReportDb> => ({
      db: t.db,
      source: "replica",
      lag: async () => {
        if (lagSeconds instanceof Error) throw lagSeconds;
        return { source: "replica", lagSeconds, asOf: new Date() };
      },
    });
    expect(await checkHealth(sourcesOf(t.db, replica(1.26)))).toMatchObject({ status: "ok", replica: { status: "ok", lagSeconds: 1.3 } });
    expect(await checkHealth(sourcesOf(t.db, replica(42)))).toMatchObject({ status: "degraded", replica: { status: "lagging", lagSeconds: 42 } });
    const down = await checkHealth(sourcesOf(t.db, replica(new Error("connect ECONNREFUSED 10.1.2.3:5433"))));
    expect(down).toMatchObject({ status: "degraded", replica: { status: "unavailable", lagSeconds: null } });
    expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3/);
    expect(healthHttpStatus(down)).toBe(200);
  });

  it("is unavailable (503) when the database refuses, and shows nothing of the error", async () => {
    const nowhere = await openPg("postgres://nobody:secret@127.0.0.1:1/nothing", 1);
    try {
      const report = await checkHealth(sourcesOf(nowhere.db));
      expect(report).toMatchObject({ status: "unavailable", database: { status: "unavailable", ms: null }, replica: null, jobs: { status: "unavailable" } });
      expect(healthHttpStatus(report)).toBe(503);
      expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|nobody|secret|127\.0\.0\.1/);
    } finally {
      await nowhere.close();
    }
  });

  it("is unavailable when the database hangs, and sends it one probe however many checks come", async () => {
    const { db, sent } = hanging();
    const sources: HealthSources = { primary: async () => db, reports: async () => onPrimary(db), timeoutMs: 100 };
    const started = Date.now();
    const reports = await Promise.all(Array.from({ length: 5 }, () => checkHealthOnce(sources)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reports.every((r) => r.status === "unavailable")).toBe(true);
    // Later checks wait on the probe still hanging rather than sending another.
    expect((await checkHealth(sources)).status).toBe("unavailable");
    expect((await checkHealthOnce(sources)).status).toBe("unavailable");
    expect(sent.n).toBe(1);
  });
});

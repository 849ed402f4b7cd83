// The metrics' figures read from a real database (Postgres, and PGlite): jobs counted by kind and
// outcome as the queue runs them, and the health check's figures (jobs due, the database
// answering) as the gauges a scrape reports.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ReportDb } from "../db/client";
import { jobs } from "../db/schema";
import { createTestDb, type TestDb } from "../db/testing";
import { checkHealth, type HealthSources } from "./health";
import { runDueJobs, type JobHandlers } from "./jobs/queue";
import { metrics, recordHealth } from "./metrics";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.db.delete(jobs);
});

/** A metric's value for the labels given (0 when never counted). */
async function value(metric: { get: () => Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }, labels: Record<string, string>) {
  const found = (await metric.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x) && Object.keys(v.labels).length === Object.keys(labels).length);
  return found?.value ?? 0;
}

describe("metrics from the database", () => {
  it("counts job runs by kind and outcome, each run once", async () => {
    const { jobRuns } = metrics();
    const before = {
      done: await value(jobRuns, { job: "test.metrics", outcome: "done" }),
      failed: await value(jobRuns, { job: "test.metrics", outcome: "failed" }),
      retry: await value(jobRuns, { job: "test.metrics", outcome: "retry" }),
    };
    await t.db.insert(jobs).values([
      ...Array.from({ length: 5 }, () => ({ name: "test.metrics", payload: { fail: false } })),
      { name: "test.metrics", payload: { fail: true }, maxAttempts: 1 },
      { name: "test.metrics", payload: { fail: true }, maxAttempts: 3 },
    ]);
    const handlers: JobHandlers = {
      "test.metrics": async (_db, payload) => {
        if (payload.fail) throw new Error("refused");
      },
    };
    const counts = await runDueJobs(t.db, handlers, { leaseMs: 30_000 });
    expect(counts).toMatchObject({ done: 5, failed: 1, retry: 1 });
    expect(await value(jobRuns, { job: "test.metrics", outcome: "done" })).toBe(before.done + 5);
    expect(await value(jobRuns, { job: "test.metrics", outcome: "failed" })).toBe(before.failed + 1);
    expect(await value(jobRuns, { job: "test.metrics", outcome: "retry" })).toBe(before.retry + 1);
  });

  it("reports the health check's figures: the database answering, and the jobs due", async () => {
    await t.db.insert(jobs).values([
      { name: "test.waiting", runAt: new Date(Date.now() - 120_000) },
      { name: "test.waiting", runAt: new Date(Date.now() - 5_000) },
      { name: "test.later", runAt: new Date(Date.now() + 3_600_000) },
    ]);
    const sources: HealthSources = { primary: async () => t.db, app: async () => t.db, reports: async (): Promise<ReportDb> => ({ db: t.db, source: "primary", lag: async () => ({ source: "primary", lagSeconds: 0, asOf: null }) }) };
    recordHealth(await checkHealth(sources));
    const h = metrics().health;
    expect(await value(h.databaseUp, { database: "primary" })).toBe(1);
    expect(await value(h.databaseReadOnly, { database: "primary" })).toBe(0);
    expect(await value(h.databaseSeconds, { database: "primary" })).toBeGreaterThan(0);
    expect(await value(h.jobsDue, {})).toBe(2);
    expect(await value(h.jobsOldestDueSeconds, {})).toBeGreaterThanOrEqual(119);
    expect(await value(h.status, { status: "ok" })).toBe(1);
    expect((await h.databaseUp.get()).values.map((v) => v.labels.database)).toEqual(["primary"]);
  });
});

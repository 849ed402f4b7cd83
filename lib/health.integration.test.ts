// The health check (GET /api/health) on the test database (Postgres, or PGlite): ok, the
// database gone, hanging or a standby (503, one query per part however many checks come), jobs
// overdue and a replica that lags or cannot be reached (degraded, still 200), nothing of an error
// shown, and the figures only to a request bearing the token.
import { eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostname } from "node:os";
import { openPg, pgPool, renderSql, type Db, type ReportDb } from "../db/client";
import { jobs } from "../db/schema";
import { createTestDb, type TestDb } from "../db/testing";
import { jobLeaseMs } from "./jobs/queue";
import journal from "../db/migrations/meta/_journal.json";
import { buildInfo, checkHealth, EMAIL_DELAYED_SECONDS, healthHttpStatus, healthView, JOBS_OVERDUE_SECONDS, type HealthReport, type HealthSources } from "./health";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const onPrimary = (db: Db): ReportDb => ({ db, source: "primary", lag: async () => ({ source: "primary", lagSeconds: 0, asOf: null }) });
const sourcesOf = (db: Db, reports?: () => Promise<ReportDb>): HealthSources => ({ primary: async () => db, app: async () => db, reports: reports ?? (async () => onPrimary(db)), timeoutMs: 500 });

/** A stand-in database: `answer` gives each statement's rows (or a promise that never settles), counting the statements sent by kind. */
function standIn(answer: (text: string) => unknown[] | "hang") {
  const sent = { primary: 0, jobs: 0, schema: 0 };
  const db = {
    execute: (q: SQL) => {
      const text = renderSql(q).sql;
      if (text.includes("from jobs")) sent.jobs++;
      else if (text.includes("__drizzle_migrations")) sent.schema++;
      else sent.primary++;
      const rows = answer(text);
      return rows === "hang" ? new Promise(() => undefined) : Promise.resolve({ rows });
    },
  } as unknown as Db;
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

  it("is degraded when an email has waited to be sent past the limit (the mail server failing: its job retrying, not due)", async () => {
    await t.db.delete(jobs);
    await t.db.insert(jobs).values([
      // Written 20 minutes ago, its send refused three times, next try in 20 minutes.
      { name: "email.deliver", attempts: 3, createdAt: sql`now() - make_interval(secs => ${EMAIL_DELAYED_SECONDS + 300})`, runAt: sql`now() + interval '20 minutes'` },
      { name: "email.deliver", createdAt: sql`now() - interval '5 seconds'` },
      // Sent: not waiting.
      { name: "email.deliver", status: "done", createdAt: sql`now() - interval '1 day'` },
    ]);
    const report = await checkHealth(sourcesOf(t.db));
    expect(report).toMatchObject({ status: "degraded", jobs: { status: "ok" }, email: { status: "delayed", waiting: 2 } });
    expect(report.email.oldestWaitingSeconds).toBeGreaterThanOrEqual(EMAIL_DELAYED_SECONDS + 299);
    expect(healthView(report, null, undefined)).toMatchObject({ status: "degraded", email: "delayed" });
    // Only recent ones waiting: the mail server is keeping up.
    await t.db.delete(jobs).where(eq(jobs.attempts, 3));
    expect((await checkHealth(sourcesOf(t.db))).email).toMatchObject({ status: "ok", waiting: 1 });
    await t.db.delete(jobs);
  });

  it("counts a running job whose claim lapsed as due again since it lapsed: overdue when no worker has taken it back", async () => {
    await t.db.delete(jobs);
    const lease = jobLeaseMs() / 1000;
    await t.db.insert(jobs).values([
      // Its worker stopped long ago, and no worker has looked since.
      { name: "send-email", status: "running", attempts: 1, lockedBy: "a x", lockedAt: sql`now() - make_interval(secs => ${lease + JOBS_OVERDUE_SECONDS + 60})` },
      // Running under a live claim: not due.
      { name: "send-email", status: "running", attempts: 1, lockedBy: "b y", lockedAt: sql`now() - interval '1 second'` },
    ]);
    const report = await checkHealth(sourcesOf(t.db));
    expect(report).toMatchObject({ status: "degraded", jobs: { status: "overdue", due: 1 } });
    expect(report.jobs.oldestDueSeconds).toBeGreaterThanOrEqual(JOBS_OVERDUE_SECONDS + 59);
    expect(report.jobs.oldestDueSeconds).toBeLessThan(JOBS_OVERDUE_SECONDS + 120);
    // Lapsed a moment ago: due, not yet overdue.
    await t.db.update(jobs).set({ lockedAt: sql`now() - make_interval(secs => ${lease + 5})` }).where(eq(jobs.lockedBy, "a x"));
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

  it("is unavailable when the database hangs, and sends it one query however many checks come", async () => {
    const { db, sent } = standIn(() => "hang");
    const sources: HealthSources = { primary: async () => db, app: async () => db, reports: async () => onPrimary(db), timeoutMs: 100 };
    const started = Date.now();
    const reports = await Promise.all(Array.from({ length: 5 }, () => checkHealth(sources)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reports.every((r) => r.status === "unavailable")).toBe(true);
    // Later checks wait on the query still hanging rather than sending another...
    expect((await checkHealth(sources)).status).toBe("unavailable");
    expect(sent.primary).toBe(1);
    // ...until it has hung for five time limits: then it is given up, and the next asks again.
    await new Promise((r) => setTimeout(r, 5 * 100));
    expect((await checkHealth(sources)).status).toBe("unavailable");
    expect(sent.primary).toBe(2);
  });

  it("is degraded when the jobs query hangs on the app's pool, which the probe does not use; one jobs query however many checks come", async () => {
    const primary = standIn(() => [{ standby: false }]);
    const app = standIn(() => "hang");
    const sources: HealthSources = { primary: async () => primary.db, app: async () => app.db, reports: async () => onPrimary(primary.db), timeoutMs: 100 };
    const reports = await Promise.all(Array.from({ length: 4 }, () => checkHealth(sources)));
    reports.push(await checkHealth(sources));
    for (const r of reports) {
      expect(r).toMatchObject({ status: "degraded", database: { status: "ok" }, jobs: { status: "unavailable" } });
      expect(healthHttpStatus(r)).toBe(200);
    }
    expect(app.sent).toEqual({ primary: 0, jobs: 1, schema: 1 });
    expect(primary.sent.jobs).toBe(0);
  });

  it("gives this instance's load: its pool's connections and waiting requests, the event loop's delay, its memory", async () => {
    const report = await checkHealth(sourcesOf(t.db));
    expect(report.instance.name).toBe(process.env.INSTANCE_NAME || `${hostname()}:${process.pid}`);
    expect(report.instance.memoryMb).toBeGreaterThan(10);
    expect(report.instance.eventLoopDelayMs.max).toBeGreaterThanOrEqual(report.instance.eventLoopDelayMs.p99);
    // The loop held up for 200 ms between two checks: the second says so.
    await new Promise((r) => setTimeout(r, 50));
    const until = Date.now() + 200;
    while (Date.now() < until) {
      // busy: nothing else runs
    }
    await new Promise((r) => setTimeout(r, 20));
    expect((await checkHealth(sourcesOf(t.db))).instance.eventLoopDelayMs.max).toBeGreaterThanOrEqual(150);
    if (t.driver === "pglite") {
      expect(report.instance.pool).toBeNull();
      return;
    }
    // An app pool of 2 with both connections held and 3 requests waiting for one: the check's own
    // jobs count and its read of the migrations wait there too (and are given up after the time
    // limit, the jobs and the schema "unavailable").
    const small = await openPg(t.url!, 2);
    const held = await Promise.all([0, 1].map(() => pgPool(small.db)!.connect()));
    try {
      // (A drizzle statement is sent when awaited: then() sends it.)
      const queued = [0, 1, 2].map(() => small.db.execute(sql`select 1`).then(() => undefined));
      const busy = await checkHealth({ ...sourcesOf(t.db), app: async () => small.db });
      expect(busy.jobs.status).toBe("unavailable");
      expect(busy.schema.status).toBe("unavailable");
      expect(busy.instance.pool).toEqual({ size: 2, idle: 0, waiting: 5 });
      for (const c of held.splice(0)) c.release();
      await Promise.all(queued);
      expect((await checkHealth({ ...sourcesOf(t.db), app: async () => small.db })).instance.pool).toMatchObject({ size: 2, waiting: 0 });
    } finally {
      for (const c of held) c.release();
      await small.close();
    }
  });

  it("says the database has this build's migrations; a newer build's are said (a rolling upgrade), missing ones make it degraded", async () => {
    const report = await checkHealth(sourcesOf(t.db));
    expect(report.schema).toEqual({ status: "ok", expected: journal.entries.length, latest: journal.entries.at(-1)!.tag, applied: journal.entries.length });
    // A newer build migrated the database: this instance is the old one, still serving.
    const newer = journal.entries.at(-1)!.when + 60_000;
    await t.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('newer-build', ${newer})`);
    try {
      const ahead = await checkHealth(sourcesOf(t.db));
      expect(ahead.schema).toMatchObject({ status: "ahead", applied: journal.entries.length + 1 });
      expect(ahead.status).toBe("ok");
      expect(healthView(ahead, null, undefined)).toMatchObject({ status: "ok", schema: "ahead" });
    } finally {
      await t.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'newer-build'`);
    }
    // This build's last migration not applied (db:setup not run), or none at all: degraded.
    const behind = standIn((text) => (text.includes("__drizzle_migrations") ? [{ latest: String(journal.entries.at(-2)!.when), count: journal.entries.length - 1 }] : text.includes("from jobs") ? [{ due: 0, oldest: null }] : [{ standby: false }]));
    const r1 = await checkHealth(sourcesOf(behind.db));
    expect(r1).toMatchObject({ status: "degraded", schema: { status: "behind", applied: journal.entries.length - 1 } });
    const missing = Object.assign(new Error("Failed query"), { cause: Object.assign(new Error('relation "drizzle.__drizzle_migrations" does not exist'), { code: "42P01" }) });
    const empty = standIn((text) => (text.includes("__drizzle_migrations") ? (() => { throw missing; })() : text.includes("from jobs") ? [{ due: 0, oldest: null }] : [{ standby: false }]));
    expect((await checkHealth(sourcesOf(empty.db))).schema).toMatchObject({ status: "behind", applied: 0 });
  });

  it("reads the migrations once a minute while they are in order, and at every check while they are not", async () => {
    const rows = { latest: String(journal.entries.at(-1)!.when), count: journal.entries.length };
    const db = standIn((text) => (text.includes("__drizzle_migrations") ? [rows] : text.includes("from jobs") ? [{ due: 0, oldest: null }] : [{ standby: false }]));
    const sources: HealthSources = { ...sourcesOf(db.db), schemaKeepMs: 2_000 };
    for (let i = 0; i < 3; i++) expect((await checkHealth(sources)).schema.status).toBe("ok");
    expect(db.sent).toMatchObject({ primary: 3, jobs: 3, schema: 1 });
    // The database is rolled back past this build's migrations: said once the minute is up, and
    // asked again at each check until it is mended.
    rows.latest = String(journal.entries.at(-2)!.when);
    await new Promise((r) => setTimeout(r, 2_050));
    expect((await checkHealth(sources)).schema.status).toBe("behind");
    expect((await checkHealth(sources)).schema.status).toBe("behind");
    expect(db.sent.schema).toBe(3);
    rows.latest = String(journal.entries.at(-1)!.when);
    expect((await checkHealth(sources)).status).toBe("ok");
    expect((await checkHealth(sources)).schema.status).toBe("ok");
    expect(db.sent.schema).toBe(4);
  });

  it("says which build the instance runs", async () => {
    const { build } = (await checkHealth(sourcesOf(t.db))).instance;
    expect(build).toEqual(buildInfo());
    expect(build.version).toBeTruthy();
  });

  it("is unavailable (503) on a standby: the primary must take writes", async () => {
    const { db } = standIn(() => [{ standby: true }]);
    const report = await checkHealth(sourcesOf(db));
    expect(report).toMatchObject({ status: "unavailable", database: { status: "read_only" } });
    expect(healthHttpStatus(report)).toBe(503);
  });
});

describe("what a caller is shown", () => {
  const report: HealthReport = {
    status: "degraded",
    checkedAt: "2026-12-06T01:00:00.000Z",
    database: { status: "ok", ms: 3.2 },
    replica: { status: "lagging", lagSeconds: 42 },
    jobs: { status: "ok", due: 7, oldestDueSeconds: 12 },
    email: { status: "ok", waiting: 2, oldestWaitingSeconds: 3 },
    instance: { name: "web-2", eventLoopDelayMs: { p99: 11.2, max: 30 }, pool: { size: 10, idle: 0, waiting: 4 }, memoryMb: 312, build: { version: "0.1.0", commit: null } },
    schema: { status: "ok", expected: 33, latest: "0032_outbox_delivery_jobs", applied: 33 },
  };
  const states = { status: "degraded", checkedAt: "2026-12-06T01:00:00.000Z", database: "ok", replica: "lagging", jobs: "ok", email: "ok", schema: "ok" };

  it("is each part's state, without figures, to anyone", () => {
    expect(healthView(report, null, undefined)).toEqual(states);
    expect(healthView(report, "Bearer anything", undefined)).toEqual(states);
    expect(healthView({ ...report, replica: null }, null, "s3cret-token")).toEqual({ ...states, replica: null });
  });

  it("includes the figures for a request bearing HEALTH_TOKEN, and only that", () => {
    expect(healthView(report, "Bearer s3cret-token", "s3cret-token")).toEqual(report);
    for (const wrong of ["Bearer s3cret-toke", "Bearer s3cret-token ", "s3cret-token", "Basic s3cret-token", "Bearer S3CRET-TOKEN", ""]) {
      expect(healthView(report, wrong, "s3cret-token")).toEqual(states);
    }
  });

});

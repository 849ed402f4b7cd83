// The job queue's claims, on the test database (Postgres: workers on connection pools of their
// own, racing for real; PGlite: the same steps on its one connection). Each job runs once
// however many workers race for it; a job that runs longer than its claim keeps it (renewed);
// one whose worker stopped is taken by another once its claim lapses, and the stopped worker's
// late outcome is never recorded over it; a job at its last attempt fails for good; a worker told
// to stop claims nothing more and gives back the job it was running if that job stops with it.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { jobs } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { claimJob, enqueueJob, LAPSED_MESSAGE, pruneFinishedJobs, releaseLapsedJobs, runDueJobs, runJob, type JobHandlers } from "./queue";
import { FORCE_AFTER_MS, startJobWorker, workerStopping } from "./worker";

let t: TestDb;
/** Other "instances": pools of their own on Postgres; the one handle on PGlite. */
const others: { db: Db; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 3; i++) others.push(t.url ? await openPg(t.url, 2) : { db: t.db, close: async () => undefined });
});
afterAll(async () => {
  for (const o of others) await o.close();
  await t?.close();
});
beforeEach(async () => {
  await t.db.delete(jobs);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jobRow = async (id: string) => (await t.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** Holds until told to stop (or `ms` pass), recording each start; `ignoreStop` holds regardless. */
function holding(ms: number, opts: { ignoreStop?: boolean } = {}) {
  const starts: { id: string; aborted: boolean }[] = [];
  const handlers: JobHandlers = {
    "test.hold": async (_db, _payload, job, { signal }) => {
      const start = { id: job.id, aborted: false };
      starts.push(start);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        if (opts.ignoreStop) return;
        signal.addEventListener("abort", () => {
          start.aborted = true;
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      return { by: job.lockedBy };
    },
  };
  return { starts, handlers };
}

describe("job claims", () => {
  it("runs each of 200 jobs exactly once with four workers racing for them", async () => {
    const ids = (await t.db.insert(jobs).values(Array.from({ length: 200 }, () => ({ name: "test.count" }))).returning({ id: jobs.id })).map((r) => r.id);
    const runs = new Map<string, number>();
    const handlers: JobHandlers = {
      "test.count": async (_db, _p, job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await sleep(Math.random() * 3);
      },
    };
    const workers = [t.db, ...others.map((o) => o.db)];
    const counts = await Promise.all(workers.map((db) => runDueJobs(db, handlers, { leaseMs: 30_000 })));
    expect(counts.reduce((n, c) => n + c.done, 0)).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(200);
    if (t.driver === "pg") expect(counts.filter((c) => c.done > 0).length).toBeGreaterThan(1);
    const rows = await t.db.select({ status: jobs.status, attempts: jobs.attempts, lockedBy: jobs.lockedBy }).from(jobs).where(inArray(jobs.id, ids));
    expect(rows.every((r) => r.status === "done" && r.attempts === 1 && r.lockedBy === null)).toBe(true);
  });

  it("keeps the claim of a job that runs three times longer than the claim lasts: no other worker takes it", async () => {
    const leaseMs = 2_000;
    const id = (await enqueueJob(t.db, { name: "test.hold" }))!;
    const { starts, handlers } = holding(3 * leaseMs);
    const running = runDueJobs(t.db, handlers, { leaseMs });
    // Another worker looks every 100 ms while it runs, with the same claim length.
    let looked = 0;
    let takenBack = 0;
    while (!(await jobRow(id)).finishedAt) {
      const c = await runDueJobs(others[0]!.db, handlers, { leaseMs });
      takenBack += c.lapsed;
      looked++;
      await sleep(100);
    }
    expect(await running).toMatchObject({ done: 1, lost: 0 });
    expect(looked).toBeGreaterThan(10);
    expect(takenBack).toBe(0);
    expect(starts.map((s) => s.id)).toEqual([id]);
    expect(await jobRow(id)).toMatchObject({ status: "done", attempts: 1, lockedAt: null, lockedBy: null });
  });

  it("gives a job whose worker stopped to the next worker once its claim lapses, and never records the stopped worker's late outcome", async () => {
    const leaseMs = 1_000;
    const id = (await enqueueJob(t.db, { name: "test.hold" }))!;
    // Worker A claims it, then stops (its process was killed): nothing renews the claim.
    const claimedByA = (await claimJob(t.db))!;
    expect(claimedByA).toMatchObject({ id, status: "running", attempts: 1 });
    expect(claimedByA.lockedBy).toMatch(/ [0-9a-f-]{36}$/);
    const b = holding(1_500);
    // Within the claim, B takes nothing.
    expect(await runDueJobs(others[0]!.db, b.handlers, { leaseMs })).toMatchObject({ lapsed: 0, done: 0 });
    await sleep(leaseMs + 200);
    // Past it, B gives it back, claims it and runs it.
    const byB = runDueJobs(others[0]!.db, b.handlers, { leaseMs });
    await until(async () => b.starts.length === 1, "B runs the job");
    const claimedByB = await jobRow(id);
    expect(claimedByB).toMatchObject({ status: "running", attempts: 2 });
    expect(claimedByB.lockedBy).not.toBe(claimedByA.lockedBy);
    // A comes back and finishes its run late, while B runs it: A records nothing over B's claim.
    const a = holding(10);
    expect(await runJob(t.db, claimedByA, a.handlers, { leaseMs })).toBe("lost");
    expect(await jobRow(id)).toMatchObject({ status: "running", lockedBy: claimedByB.lockedBy });
    expect(await byB).toMatchObject({ lapsed: 1, done: 1 });
    expect(await jobRow(id)).toMatchObject({ status: "done", attempts: 2, lastError: null, lockedBy: null, result: { by: claimedByB.lockedBy } });
  });

  it("tells a run whose claim was taken while it runs to stop, and records nothing of it", async () => {
    const leaseMs = 1_000;
    const id = (await enqueueJob(t.db, { name: "test.hold" }))!;
    const a = holding(30_000);
    const byA = runDueJobs(t.db, a.handlers, { leaseMs });
    await until(async () => (await jobRow(id)).status === "running", "A runs the job");
    // B looks at an hour later (as after a pause of A's longer than its claim): A's claim has lapsed, and B takes the job.
    const b = holding(2 * leaseMs);
    const byB = runDueJobs(others[0]!.db, b.handlers, { leaseMs, now: new Date(Date.now() + 3_600_000) });
    // At its next renewal, while B runs the job, A finds its claim gone: its run is told to stop and records nothing.
    expect(await byA).toMatchObject({ lost: 1, done: 0, retry: 0 });
    expect(a.starts).toEqual([{ id, aborted: true }]);
    expect(b.starts).toEqual([{ id, aborted: false }]);
    expect(await jobRow(id)).toMatchObject({ status: "running", attempts: 2 });
    expect(await byB).toMatchObject({ lapsed: 1, done: 1 });
    expect(await jobRow(id)).toMatchObject({ status: "done", attempts: 2, lockedBy: null });
  });

  it("fails for good a job whose claim lapsed at its last attempt", async () => {
    const id = (await enqueueJob(t.db, { name: "test.hold", maxAttempts: 2 }))!;
    await t.db.update(jobs).set({ attempts: 1 }).where(eq(jobs.id, id));
    await claimJob(t.db);
    // Not lapsed yet: left alone.
    expect(await releaseLapsedJobs(t.db, undefined, 60_000)).toEqual({ queued: 0, failed: [] });
    const lapsed = await releaseLapsedJobs(t.db, new Date(Date.now() + 61_000), 60_000);
    expect(lapsed.queued).toBe(0);
    expect(lapsed.failed.map((j) => j.id)).toEqual([id]);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: LAPSED_MESSAGE, lockedAt: null, lockedBy: null });
    expect(row.finishedAt).not.toBeNull();
    expect(await claimJob(t.db, { now: new Date(Date.now() + 3_600_000) })).toBeNull();
  });

  it("runs every give-up of jobs that failed for good, and the round, when one give-up fails", async () => {
    const ids = [(await enqueueJob(t.db, { name: "test.a", maxAttempts: 1 }))!, (await enqueueJob(t.db, { name: "test.b", maxAttempts: 1 }))!];
    for (const id of ids) await claimJob(t.db, { id });
    const due = (await enqueueJob(t.db, { name: "test.hold", runAt: new Date(Date.now() + 1_800_000) }))!;
    const gaveUp: string[] = [];
    const giveUps = {
      "test.a": async () => {
        throw new Error("the database blinked");
      },
      "test.b": async (_db: unknown, _p: unknown, job: { id: string }) => void gaveUp.push(job.id),
    };
    const { handlers } = holding(10);
    const counts = await runDueJobs(t.db, handlers, { now: new Date(Date.now() + 3_600_000), giveUps });
    expect(counts).toMatchObject({ lapsed: 2, giveUpErrors: 1, done: 1 });
    expect(gaveUp).toEqual([ids[1]]);
    expect((await jobRow(due)).status).toBe("done");
  });

  it("claims a given job only while it is due and queued", async () => {
    const later = (await enqueueJob(t.db, { name: "test.hold", runAt: new Date(Date.now() + 60_000) }))!;
    const now = (await enqueueJob(t.db, { name: "test.hold" }))!;
    expect(await claimJob(t.db, { id: later })).toBeNull();
    expect(await claimJob(t.db, { id: now, name: "other.name" })).toBeNull();
    expect(await claimJob(t.db, { id: now, name: "test.hold" })).toMatchObject({ id: now, status: "running" });
    expect(await claimJob(t.db, { id: now })).toBeNull();
  });
});

describe("stopping the worker", () => {
  const queue = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await enqueueJob(t.db, { name: "test.hold", runAt: new Date(Date.now() - 1000 * (n - i)) }))!);
    return ids;
  };

  it("claims nothing more, and gives back the job it runs when that job stops with it", async () => {
    const ids = await queue(3);
    const { starts, handlers } = holding(30_000);
    const worker = startJobWorker({ getDb: async () => t.db, handlers, intervalMs: 50, leaseMs: 5_000, log: () => undefined });
    await until(async () => starts.length === 1, "the worker runs the first job");
    // What an export started outside the worker's round stops with.
    const stopping = workerStopping();
    expect(stopping?.aborted).toBe(false);
    await worker.stop();
    expect(stopping?.aborted).toBe(true);
    // Still there for an export that starts while the server drains.
    expect(workerStopping()).toBe(stopping);
    expect(starts).toEqual([{ id: ids[0], aborted: true }]);
    // Given back as it was before the claim, due now: the next worker takes it at once.
    const rows = await t.db.select().from(jobs).where(inArray(jobs.id, ids));
    expect(rows.map((r) => [r.status, r.attempts, r.lockedBy])).toEqual(ids.map(() => ["queued", 0, null]));
    await sleep(200);
    expect(starts).toHaveLength(1);
    const next = await claimJob(others[0]!.db);
    expect(next?.id).toBe(ids[0]);
  });

  it("lets a job that does not stop finish, and claims nothing after it", async () => {
    const ids = await queue(2);
    const { starts, handlers } = holding(500, { ignoreStop: true });
    const worker = startJobWorker({ getDb: async () => t.db, handlers, intervalMs: 50, leaseMs: 5_000, log: () => undefined });
    await until(async () => starts.length === 1, "the worker runs the first job");
    await worker.stop();
    const rows = new Map((await t.db.select().from(jobs).where(inArray(jobs.id, ids))).map((r) => [r.id, r]));
    expect(rows.get(ids[0]!)).toMatchObject({ status: "done", attempts: 1 });
    expect(rows.get(ids[1]!)).toMatchObject({ status: "queued", attempts: 0 });
    expect(starts).toHaveLength(1);
  });

  it("stops on SIGTERM before the server's own handler runs, and holds the exit that handler makes until the job is given back", async () => {
    const before = process.listeners("SIGTERM");
    const exit = process.exit;
    const exits: unknown[] = [];
    // Stands for Next.js's own handler, which ends with process.exit(143).
    const nextHandler = () => process.exit(143);
    process.on("SIGTERM", nextHandler);
    process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit;
    const ids = await queue(1);
    const { starts, handlers } = holding(30_000);
    const worker = startJobWorker({ getDb: async () => t.db, handlers, intervalMs: 50, leaseMs: 5_000, stopOnSignals: true, log: () => undefined });
    const ours = process.listeners("SIGTERM")[0] as (s: NodeJS.Signals) => void;
    try {
      expect(process.listeners("SIGTERM")).toEqual([ours, ...before, nextHandler]);
      await until(async () => starts.length === 1, "the worker runs the job");
      // What the signal calls, in order (not process.emit, which would also run the test runner's own handlers).
      ours("SIGTERM");
      nextHandler();
      expect(exits).toEqual([]);
      await until(async () => (await jobRow(ids[0]!)).status === "queued", "the job is given back");
      await until(async () => exits.length > 0, "the held exit is made");
      expect(exits).toEqual([143]);
      expect(starts).toEqual([{ id: ids[0], aborted: true }]);
    } finally {
      process.off("SIGTERM", ours);
      process.off("SIGINT", ours);
      process.off("SIGTERM", nextHandler);
      process.exit = exit;
      await worker.stop();
    }
    expect(process.listeners("SIGTERM")).toEqual(before);
  });

  it("with no other handler for the signal, exits itself once stopped; a second signal, not the same one twice, exits at once", async () => {
    const exit = process.exit;
    const exits: unknown[] = [];
    process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit;
    const { handlers } = holding(30_000);
    const worker = startJobWorker({ getDb: async () => t.db, handlers, intervalMs: 50, leaseMs: 5_000, stopOnSignals: true, log: () => undefined });
    const ours = process.listeners("SIGINT")[0] as (s: NodeJS.Signals) => void;
    try {
      // Only ours listens (the test runner's own handlers, if any, are set aside for this).
      const others = process.listeners("SIGINT").slice(1) as (() => void)[];
      for (const l of others) process.off("SIGINT", l);
      try {
        ours("SIGINT");
        // The same press arriving twice (the group's signal, and a wrapper passing it on): no forced exit.
        ours("SIGINT");
        await until(async () => exits.length > 0, "the exit");
        expect(exits).toEqual([130]);
        // A second press, later: at once.
        await sleep(FORCE_AFTER_MS);
        ours("SIGINT");
        expect(exits).toEqual([130, 130]);
      } finally {
        for (const l of others) process.on("SIGINT", l);
      }
    } finally {
      process.off("SIGINT", ours);
      process.off("SIGTERM", ours);
      process.exit = exit;
      await worker.stop();
    }
  });
});

describe("pruning finished jobs", () => {
  it("deletes the named kinds' jobs finished before the keeping time, and nothing else", async () => {
    await t.db.delete(jobs);
    const now = new Date("2026-12-06T03:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await t.db.insert(jobs).values([
      { name: "email.deliver", status: "done", finishedAt: ago(31), singletonKey: "old delivery" },
      { name: "email.deliver", status: "done", finishedAt: ago(29), singletonKey: "recent delivery" },
      { name: "email.deliver", status: "failed", finishedAt: ago(60), singletonKey: "old failure" },
      { name: "email.deliver", status: "queued", singletonKey: "waiting" },
      { name: "export.responses", status: "done", finishedAt: ago(90), singletonKey: "old export" },
    ]);
    expect(await pruneFinishedJobs(t.db, { names: ["email.deliver"], keepDays: 30, now })).toBe(1);
    expect((await t.db.select({ key: jobs.singletonKey }).from(jobs)).map((j) => j.key).sort()).toEqual(["old export", "old failure", "recent delivery", "waiting"]);
    expect(await pruneFinishedJobs(t.db, { names: [], keepDays: 30, now })).toBe(0);
  });
});

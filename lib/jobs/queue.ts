// The Postgres-backed job queue: background work (emails, reminders) lives as rows in the
// `jobs` table and is claimed with SELECT … FOR UPDATE SKIP LOCKED, so any number of workers
// (or one worker inside the Next server on PGlite) share it without sending anything twice.
import { and, asc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { jobs, type Job } from "../../db/schema";

export type EnqueueInput = {
  name: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** Jobs with the same key run once, ever: a second enqueue is a no-op. */
  singletonKey?: string;
  maxAttempts?: number;
};

/** Add a job; returns its id, or null when a job with the same singletonKey already exists. */
export async function enqueueJob(db: Db, input: EnqueueInput): Promise<string | null> {
  // A key already taken by a committed job: nothing to add, and no insert to wait on. An insert
  // of a key another open transaction has just inserted waits for that transaction to end, so
  // every submission in one notification window would otherwise queue behind the one before.
  if (input.singletonKey) {
    const [taken] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.singletonKey, input.singletonKey)).limit(1);
    if (taken) return null;
  }
  const rows = await db
    .insert(jobs)
    .values({
      name: input.name,
      payload: input.payload ?? {},
      runAt: input.runAt ?? new Date(),
      singletonKey: input.singletonKey ?? null,
      maxAttempts: input.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.singletonKey })
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

export type JobHandler = (db: Db, payload: Record<string, unknown>, job: Job) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

/** A running job whose worker died is given back to the queue after this long. */
export const STALE_AFTER_MS = 15 * 60 * 1000;

/** Wait before retry n (1-based): 30 s, 2 min, 8 min, 32 min … capped at 6 hours. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempt - 1), 6 * 60 * 60 * 1000);
}

/** Claim up to `limit` due jobs: they become `running` and count an attempt. */
export async function claimJobs(db: Db, limit = 10, now = new Date()): Promise<Job[]> {
  await db
    .update(jobs)
    .set({ status: "queued", lockedAt: null })
    .where(and(eq(jobs.status, "running"), lt(jobs.lockedAt, new Date(now.getTime() - STALE_AFTER_MS))));
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, now)))
      .orderBy(asc(jobs.runAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(jobs)
      .set({ status: "running", lockedAt: now, attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due.map((d) => d.id)))
      .returning();
  });
}

/** Run one claimed job and record the outcome: done, queued again later, or failed for good. */
export async function runJob(db: Db, job: Job, handlers: JobHandlers, now = () => new Date()): Promise<"done" | "retry" | "failed"> {
  const handler = handlers[job.name];
  try {
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    const result = await handler(db, (job.payload ?? {}) as Record<string, unknown>, job);
    // The handler may have stored progress in `result` (e.g. the outbox row it created), so
    // only overwrite it when the handler returned something.
    await db
      .update(jobs)
      .set({ status: "done", finishedAt: now(), lockedAt: null, lastError: null, ...(result === undefined ? {} : { result }) })
      .where(eq(jobs.id, job.id));
    return "done";
  } catch (e) {
    const message = String((e as Error)?.message ?? e).slice(0, 2000);
    const giveUp = job.attempts >= job.maxAttempts;
    await db
      .update(jobs)
      .set(
        giveUp
          ? { status: "failed", finishedAt: now(), lockedAt: null, lastError: message }
          : { status: "queued", lockedAt: null, lastError: message, runAt: new Date(now().getTime() + retryDelayMs(job.attempts)) },
      )
      .where(eq(jobs.id, job.id));
    return giveUp ? "failed" : "retry";
  }
}

/** Claim and run due jobs until none are left (or `maxJobs` have run). For the worker and tests. */
export async function runDueJobs(db: Db, handlers: JobHandlers, opts: { maxJobs?: number; now?: Date } = {}) {
  const counts = { done: 0, retry: 0, failed: 0 };
  const max = opts.maxJobs ?? 500;
  let ran = 0;
  while (ran < max) {
    const batch = await claimJobs(db, Math.min(10, max - ran), opts.now ?? new Date());
    if (!batch.length) break;
    for (const job of batch) {
      counts[await runJob(db, job, handlers)]++;
      ran++;
    }
  }
  return counts;
}

/** Store progress on a running job, so a retry carries on instead of starting again. */
export async function setJobResult(db: Db, jobId: string, result: unknown): Promise<void> {
  await db.update(jobs).set({ result }).where(eq(jobs.id, jobId));
}

export async function listJobsByKeys(db: Db, keys: string[]) {
  if (!keys.length) return [];
  return db
    .select({ singletonKey: jobs.singletonKey, status: jobs.status, attempts: jobs.attempts, lastError: jobs.lastError })
    .from(jobs)
    .where(inArray(jobs.singletonKey, keys));
}

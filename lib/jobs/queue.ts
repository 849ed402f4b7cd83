// The Postgres-backed job queue: background work (emails, reminders) lives as rows in the
// `jobs` table and is claimed with SELECT … FOR UPDATE SKIP LOCKED, so any number of workers
// (or one worker inside the Next server on PGlite) share it without sending anything twice.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { jobs, type Job } from "../../db/schema";
import { settings } from "../config";
import { recordJobRun } from "../metrics";
import { safeErrorMessage } from "../log";

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
      // Due now on the database's clock, like the claims (an instance's clock may be ahead).
      runAt: input.runAt ?? sql`now()`,
      singletonKey: input.singletonKey ?? null,
      maxAttempts: input.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.singletonKey })
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

/** What a handler is given beside its payload. */
export type JobContext = {
  /**
   * Aborted when the run should stop: its worker is stopping (the server was told to stop), or
   * its claim was lost (it lapsed and another worker took the job). A handler that can stop
   * part-way (a long export, a suggestion run) should; one that stops on it while its worker is
   * stopping is given back to the queue at once, for another worker.
   */
  signal: AbortSignal;
};

export type JobHandler = (db: Db, payload: Record<string, unknown>, job: Job, context: JobContext) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

/**
 * How long a claim on a job lasts unrenewed (JOB_LEASE_SECONDS, 60 by default). The worker
 * running a job renews its claim every third of this; a running job whose claim has lapsed (its
 * worker's process stopped, or lost the database) is given back to the queue by the next worker
 * that looks. It was a fixed 15 minutes, never renewed: a job stranded by a stopped server waited
 * that long, and one that ran longer (a large export, theme suggestions) was taken and run again
 * by a second worker while the first still ran it.
 */
export function jobLeaseMs(): number {
  return settings().jobLeaseSeconds * 1000;
}

/** The instance running this process's worker, as its claims and the worker check name it: INSTANCE_NAME, else host and process id. */
export function instanceName(): string {
  return process.env.INSTANCE_NAME || `${os.hostname()}:${process.pid}`;
}

/** Wait before retry n (1-based): 30 s, 2 min, 8 min, 32 min … capped at 6 hours. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempt - 1), 6 * 60 * 60 * 1000);
}

/** A job no worker holds. */
const UNCLAIMED = { lockedAt: null, lockedBy: null } as const;

/**
 * Claim times are the database's clock (now()), never an instance's: instances whose clocks
 * differ would otherwise judge one another's claims lapsed early (and a job would run twice).
 * Tests may pass their own `now`.
 */
const clock = (now: Date | undefined) => (now ? sql`${now.toISOString()}::timestamptz` : sql`now()`);

/** A running job's claim that has not been renewed for `leaseMs` (on the database's clock, or `now`). */
export function claimLapsed(leaseMs = jobLeaseMs(), now?: Date): SQL {
  return sql`(${jobs.status} = 'running' and (${jobs.lockedAt} is null or ${jobs.lockedAt} < ${clock(now)} - make_interval(secs => ${leaseMs / 1000})))`;
}

/**
 * Claim the next due job (the oldest due first), or the one named by `id` if it is due and
 * still queued: it becomes `running` under a claim of its own (the instance and a new token, in
 * locked_by) and counts an attempt. One job per claim, taken in one statement: a worker holds
 * only the job it runs, so nothing it has claimed waits behind a long job (with a batch of ten,
 * nine did, and past the lapse time another worker took them too). Returns null when there is
 * none (or another worker holds it).
 */
export async function claimJob(db: Db, opts: { now?: Date; id?: string; name?: string } = {}): Promise<Job | null> {
  const due = [eq(jobs.status, "queued"), sql`${jobs.runAt} <= ${clock(opts.now)}`];
  if (opts.id) due.push(eq(jobs.id, opts.id));
  if (opts.name) due.push(eq(jobs.name, opts.name));
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(...due))
    .orderBy(asc(jobs.runAt))
    .limit(1)
    .for("update", { skipLocked: true });
  const [job] = await db
    .update(jobs)
    .set({ status: "running", lockedAt: clock(opts.now), lockedBy: `${instanceName()} ${randomUUID()}`, attempts: sql`${jobs.attempts} + 1` })
    .where(sql`${jobs.id} = (${next})`)
    .returning();
  return job ?? null;
}

/** The error a job given back after its worker stopped carries. */
export const LAPSED_MESSAGE = "The worker running it stopped before it finished";

/**
 * Give back to the queue every running job whose claim has lapsed (not renewed for `leaseMs`):
 * queued again to run now, or failed for good if that was its last attempt (a job that stops
 * its worker every time, by running it out of memory say, must not go round for ever). Returns
 * how many were queued again, and the jobs that failed (for their give-up handlers).
 */
export async function releaseLapsedJobs(db: Db, now?: Date, leaseMs = jobLeaseMs()): Promise<{ queued: number; failed: Job[] }> {
  const last = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${last} then 'failed' else 'queued' end`,
      finishedAt: sql`case when ${last} then ${clock(now)} end`,
      ...UNCLAIMED,
      lastError: LAPSED_MESSAGE,
    })
    .where(claimLapsed(leaseMs, now))
    .returning();
  return { queued: rows.filter((r) => r.status === "queued").length, failed: rows.filter((r) => r.status === "failed") };
}

/**
 * What to do when a job of a kind fails for good without its handler saying so (its claim
 * lapsed at its last attempt): e.g. mark the record it was making failed, so that nothing waits
 * on it for ever.
 */
export type GiveUpHandlers = Record<string, (db: Db, payload: Record<string, unknown>, job: Job) => Promise<unknown>>;

/**
 * A run's outcome: done, queued again later, failed for good, given back (it stopped with its
 * worker), or lost (its claim lapsed and it was given back or taken by another worker: this run
 * records nothing).
 */
export type JobOutcome = "done" | "retry" | "failed" | "released" | "lost";

export type RunOptions = {
  now?: () => Date;
  leaseMs?: number;
  /** Aborted when the worker is stopping: the handler is told, and a job that stops with it is given back. */
  signal?: AbortSignal;
};

/**
 * Run one claimed job and record the outcome, renewing its claim while it runs. Every write to
 * the job is made only while the claim is this run's, so a run whose claim lapsed (and another
 * worker then took the job) never records over the other's.
 */
export async function runJob(db: Db, job: Job, handlers: JobHandlers, opts: RunOptions = {}): Promise<JobOutcome> {
  const outcome = await runClaimed(db, job, handlers, opts);
  recordJobRun(job.name, outcome);
  return outcome;
}

async function runClaimed(db: Db, job: Job, handlers: JobHandlers, opts: RunOptions): Promise<JobOutcome> {
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? jobLeaseMs();
  const mine = and(eq(jobs.id, job.id), eq(jobs.status, "running"), job.lockedBy ? eq(jobs.lockedBy, job.lockedBy) : isNull(jobs.lockedBy));
  // Aborted when the claim is lost or the worker stops (a listener on the worker's signal, removed
  // when the run ends: AbortSignal.any on a process-long signal leaks on some Node 20 releases).
  const claim = new AbortController();
  const signal = claim.signal;
  let lost = false;
  const stop = () => claim.abort(opts.signal!.reason);
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener("abort", stop, { once: true });
  let renewal: Promise<void> | undefined;
  const renew = setInterval(() => {
    // One renewal at a time: a slow one is not overtaken by the next.
    renewal ??= db
      .update(jobs)
      .set({ lockedAt: sql`now()` })
      .where(mine)
      .returning({ id: jobs.id })
      .then((rows) => {
        if (rows.length) return;
        lost = true;
        claim.abort(new Error("The job's claim lapsed and another worker took it"));
      })
      // The database did not answer: try again at the next renewal (the claim lapses if it stays away).
      .catch(() => undefined)
      .finally(() => (renewal = undefined));
  }, Math.max(100, Math.floor(leaseMs / 3)));
  renew.unref?.();
  /** Ends the renewals; whether the worker was stopping as the handler ended, read before waiting. */
  const ended = async () => {
    clearInterval(renew);
    opts.signal?.removeEventListener("abort", stop);
    const stopping = Boolean(opts.signal?.aborted);
    await renewal;
    return { stopping, lost };
  };
  const record = async (values: PgUpdateSetSource<typeof jobs>) => (await db.update(jobs).set(values).where(mine).returning({ id: jobs.id })).length > 0;

  let result: unknown;
  try {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    result = await handler(db, (job.payload ?? {}) as Record<string, unknown>, job, { signal });
  } catch (e) {
    const { stopping, lost } = await ended();
    if (lost) return "lost";
    if (stopping) {
      // Stopped with its worker: back to the queue as it was before this claim, for another worker now.
      return (await record({ status: "queued", ...UNCLAIMED, attempts: sql`greatest(${jobs.attempts} - 1, 0)` })) ? "released" : "lost";
    }
    const message = safeErrorMessage(e).slice(0, 2000);
    const giveUp = job.attempts >= job.maxAttempts;
    const recorded = await record(
      giveUp
        ? { status: "failed", finishedAt: now(), ...UNCLAIMED, lastError: message }
        : { status: "queued", ...UNCLAIMED, lastError: message, runAt: opts.now ? new Date(opts.now().getTime() + retryDelayMs(job.attempts)) : sql`now() + make_interval(secs => ${retryDelayMs(job.attempts) / 1000})` },
    );
    return !recorded ? "lost" : giveUp ? "failed" : "retry";
  }
  if ((await ended()).lost) return "lost";
  // The handler may have stored progress in `result` (e.g. the outbox row it created), so
  // only overwrite it when the handler returned something.
  return (await record({ status: "done", finishedAt: now(), ...UNCLAIMED, lastError: null, ...(result === undefined ? {} : { result }) })) ? "done" : "lost";
}

/**
 * Give back lapsed claims (running the give-up handlers of jobs that failed for good), then claim
 * and run due jobs one at a time until none are left, `maxJobs` have run, or `signal` (the worker
 * stopping) is aborted. For the worker and tests.
 */
export async function runDueJobs(
  db: Db,
  handlers: JobHandlers,
  opts: { maxJobs?: number; now?: Date; leaseMs?: number; signal?: AbortSignal; giveUps?: GiveUpHandlers } = {},
) {
  const counts: Record<JobOutcome | "lapsed" | "giveUpErrors", number> = { done: 0, retry: 0, failed: 0, released: 0, lost: 0, lapsed: 0, giveUpErrors: 0 };
  const leaseMs = opts.leaseMs ?? jobLeaseMs();
  const lapsed = await releaseLapsedJobs(db, opts.now, leaseMs);
  counts.lapsed = lapsed.queued + lapsed.failed.length;
  for (const job of lapsed.failed) {
    try {
      await opts.giveUps?.[job.name]?.(db, (job.payload ?? {}) as Record<string, unknown>, job);
    } catch (e) {
      // The job is failed already; what its give-up would have marked is left as it was (logged, and the round goes on).
      counts.giveUpErrors++;
      console.error(`[jobs] the give-up of job ${job.id} (${job.name}) failed: ${safeErrorMessage(e)}`);
    }
  }
  const max = opts.maxJobs ?? 500;
  for (let ran = 0; ran < max && !opts.signal?.aborted; ran++) {
    const job = await claimJob(db, { now: opts.now });
    if (!job) break;
    counts[await runJob(db, job, handlers, { leaseMs, signal: opts.signal })]++;
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

/**
 * Claim one queued job by id (and kind) and run it now, in this process: what a request does
 * after committing the job, so the user need not wait for a worker. If a worker has taken it
 * first (or it is not due), nothing happens: the worker runs it. Returns the outcome, or null.
 */
export async function runJobNow(db: Db, job: { id: string; name: string }, handlers: JobHandlers, opts: RunOptions = {}): Promise<JobOutcome | null> {
  const claimed = await claimJob(db, { id: job.id, name: job.name });
  return claimed ? runJob(db, claimed, handlers, opts) : null;
}

/**
 * Runs `batch` (one statement over at most `size` rows, returning how many it changed) until a
 * batch comes back short or `signal` is aborted, and returns the total: the loop of the daily
 * clean-ups (old emails' text, export files, finished jobs), each batch its own short statement.
 */
export async function inBatches(size: number, signal: AbortSignal | undefined, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  while (!signal?.aborted) {
    const n = await batch();
    total += n;
    if (n < size) break;
  }
  return total;
}

/** Finished jobs one statement of pruneFinishedJobs deletes. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes jobs of the kinds named that finished well more than `keepDays` before `now`, in
 * batches: one delivery job per email sent and one of each daily scan a day would otherwise stay
 * for ever. Only kinds whose finished rows nothing reads may be named: not those whose row is
 * their record (exports and their files, theme suggestions) or whose once-only key stops them
 * being queued again (invitations, outcome emails). Returns how many.
 */
export async function pruneFinishedJobs(db: Db, o: { names: readonly string[]; keepDays: number; now?: Date; signal?: AbortSignal }): Promise<number> {
  if (!o.names.length) return 0;
  const cutoff = new Date((o.now ?? new Date()).getTime() - o.keepDays * 86_400_000);
  return inBatches(PRUNE_BATCH, o.signal, async () => {
    const gone = await db
      .delete(jobs)
      .where(
        inArray(
          jobs.id,
          db
            .select({ id: jobs.id })
            .from(jobs)
            .where(and(eq(jobs.status, "done"), inArray(jobs.name, [...o.names]), sql`${jobs.finishedAt} < ${cutoff.toISOString()}::timestamptz`))
            .limit(PRUNE_BATCH),
        ),
      )
      .returning({ id: jobs.id });
    return gone.length;
  });
}

// The job worker loop: every few seconds (or at once when nudged after an enqueue) it runs
// the due jobs, and once a day it queues the automatic-reminder scan. One per process, kept
// on globalThis so a second start (hot reload, two module copies) is a no-op.
import type { Db } from "../../db/client";
import { enqueueJob, jobLeaseMs, runDueJobs, type GiveUpHandlers, type JobHandlers } from "./queue";
import { safeErrorMessage } from "../log";

export type WorkerOptions = {
  getDb: () => Promise<Db>;
  handlers: JobHandlers;
  /** For jobs that fail for good because their claim lapsed (see GiveUpHandlers). */
  giveUps?: GiveUpHandlers;
  /** Whether the database may be used yet (on PGlite: only once the server has opened it). */
  isDbReady?: () => boolean;
  intervalMs?: number;
  /** How long a claim lasts unrenewed (JOB_LEASE_SECONDS by default). */
  leaseMs?: number;
  /** Jobs queued once a day, deduplicated by a key that includes the date. */
  daily?: { name: string; payload?: Record<string, unknown> }[];
  /** Stop on SIGTERM and SIGINT (the server being stopped): no job is claimed after, and the running one is told to stop. */
  stopOnSignals?: boolean;
  log?: (message: string) => void;
};

type WorkerState = {
  nudge: () => void;
  /** Aborted when the worker stops (the server stopping). */
  signal: AbortSignal;
  /** Claim nothing more and tell the running job to stop; resolves when the worker's current round has ended. */
  stop: () => Promise<void>;
  lastDaily?: string;
};

const g = globalThis as unknown as { __consultJobWorker?: WorkerState; __consultJobWorkerStopped?: AbortSignal };

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

export function startJobWorker(opts: WorkerOptions): WorkerState {
  if (g.__consultJobWorker) return g.__consultJobWorker;
  const interval = opts.intervalMs ?? 5000;
  const log = opts.log ?? ((m: string) => console.log(`[jobs] ${m}`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let round: Promise<void> | undefined;
  let again = false;
  const stopping = new AbortController();

  const work = async () => {
    if (opts.isDbReady && !opts.isDbReady()) return;
    const db = await opts.getDb();
    const today = new Date().toISOString().slice(0, 10);
    if (state.lastDaily !== today && opts.daily?.length) {
      for (const d of opts.daily) await enqueueJob(db, { name: d.name, payload: d.payload, singletonKey: `${d.name}:${today}` });
      state.lastDaily = today;
    }
    do {
      again = false;
      const counts = await runDueJobs(db, opts.handlers, { maxJobs: 200, leaseMs: opts.leaseMs ?? jobLeaseMs(), signal: stopping.signal, giveUps: opts.giveUps });
      if (counts.retry || counts.failed || counts.lost || counts.released || counts.lapsed) {
        log(
          `done ${counts.done}, to retry ${counts.retry}, failed ${counts.failed}` +
            (counts.lapsed ? `, given back after their worker stopped ${counts.lapsed}` : "") +
            (counts.released ? `, given back as this worker stops ${counts.released}` : "") +
            (counts.lost ? `, taken by another worker after this one's claim lapsed ${counts.lost}` : ""),
        );
      }
    } while (again && !stopping.signal.aborted);
  };

  const tick = async () => {
    if (stopping.signal.aborted) return;
    if (round) {
      again = true;
      return;
    }
    round = work()
      .catch((e) => log(`worker error: ${safeErrorMessage(e)}`))
      .finally(() => {
        round = undefined;
        if (!stopping.signal.aborted) {
          clearTimeout(timer);
          timer = setTimeout(tick, interval);
          timer.unref?.();
        }
      });
  };

  // The first SIGTERM or SIGINT stops the worker and holds the exit Next.js's own handler then
  // makes (or, with no other handler, exits once stopped); another one at least FORCE_AFTER_MS
  // later exits at once. (Ctrl+C reaches every process of the group, and a wrapper passes it on
  // too: the same press can arrive twice within milliseconds.)
  let signalledAt = 0;
  const signalled = () => signalledAt > 0;
  const exit = process.exit;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT_CODES[signal as StopSignal] ?? 1;
    if (signalled()) {
      if (Date.now() - signalledAt >= FORCE_AFTER_MS) exit(code);
      return;
    }
    signalledAt = Date.now();
    const stopped = state.stop();
    if (process.listenerCount(signal) > 1) holdExitUntil(stopped, STOP_GRACE_MS);
    else void stopped.finally(() => exit(code));
  };
  const state: WorkerState = {
    signal: stopping.signal,
    nudge: () => {
      if (stopping.signal.aborted) return;
      clearTimeout(timer);
      timer = setTimeout(tick, 50);
      timer.unref?.();
    },
    stop: async () => {
      if (!stopping.signal.aborted) {
        if (round) log("stopping: no job is claimed after this, and the running one is told to stop");
        stopping.abort(new Error("The server is stopping"));
        clearTimeout(timer);
        if (g.__consultJobWorker === state) g.__consultJobWorker = undefined;
        g.__consultJobWorkerStopped = stopping.signal;
        // Stopped by a signal, the listeners stay for a second one.
        if (!signalled()) for (const s of STOP_SIGNALS) process.off(s, onSignal);
      }
      await round;
    },
  };
  g.__consultJobWorker = state;
  // Before the server's own handlers (Next's), which stop it once its requests are answered.
  if (opts.stopOnSignals) for (const s of STOP_SIGNALS) process.prependListener(s, onSignal);
  timer = setTimeout(tick, Math.min(interval, 2000));
  timer.unref?.();
  return state;
}

/** How long a stopping server's exit waits for its worker's round to end (the running job told to stop, and given back). */
export const STOP_GRACE_MS = 10_000;
/** A second stop signal this long after the first exits at once; one sooner is the same press arriving twice. */
export const FORCE_AFTER_MS = 2_000;

const STOP_SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as StopSignal[];

/**
 * Next.js's own handler for SIGTERM and SIGINT ends with process.exit once the server's requests
 * are answered, usually within milliseconds: before a job told to stop could be given back, so
 * that job would wait for its claim to lapse. Until `done` settles, or `graceMs` pass, a call of
 * process.exit (Next's, or any other) only notes its code; then process.exit is itself again, and
 * the process exits with the first code noted, if any.
 */
export function holdExitUntil(done: Promise<unknown>, graceMs: number): void {
  const exit = process.exit;
  let code: Parameters<typeof process.exit>[0] | undefined;
  let called = false;
  process.exit = ((c?: Parameters<typeof process.exit>[0]) => {
    if (!called) [called, code] = [true, c];
    return undefined as never;
  }) as typeof process.exit;
  let over = false;
  const release = () => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    process.exit = exit;
    if (called) exit(code);
  };
  const timer = setTimeout(release, graceMs);
  timer.unref?.();
  void done.catch(() => undefined).finally(release);
}

/** Ask the worker in this process (if any) to look for jobs now rather than at its next tick. */
export function nudgeJobWorker(): void {
  g.__consultJobWorker?.nudge();
}

/**
 * Aborted when this process's worker stops (the server stopping): for work run outside the
 * worker's round (an export started at once in the request's process) to stop with it too.
 * Undefined when no worker runs here (JOB_WORKER=0).
 */
export function workerStopping(): AbortSignal | undefined {
  return g.__consultJobWorker?.signal ?? g.__consultJobWorkerStopped;
}

/** Stop the worker in this process (if any): see WorkerState.stop. */
export async function stopJobWorker(): Promise<void> {
  await g.__consultJobWorker?.stop();
}

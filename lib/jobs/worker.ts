// The job worker loop: every few seconds (or at once when nudged after an enqueue) it runs
// the due jobs, and once a day it queues the automatic-reminder scan. One per process, kept
// on globalThis so a second start (hot reload, two module copies) is a no-op.
import type { Db } from "../../db/client";
import { enqueueJob, runDueJobs, type JobHandlers } from "./queue";

export type WorkerOptions = {
  getDb: () => Promise<Db>;
  handlers: JobHandlers;
  /** Whether the database may be used yet (on PGlite: only once the server has opened it). */
  isDbReady?: () => boolean;
  intervalMs?: number;
  /** Jobs queued once a day, deduplicated by a key that includes the date. */
  daily?: { name: string; payload?: Record<string, unknown> }[];
  log?: (message: string) => void;
};

type WorkerState = { nudge: () => void; stop: () => void; lastDaily?: string };

const g = globalThis as unknown as { __consultJobWorker?: WorkerState };

export function startJobWorker(opts: WorkerOptions): WorkerState {
  if (g.__consultJobWorker) return g.__consultJobWorker;
  const interval = opts.intervalMs ?? 5000;
  const log = opts.log ?? ((m: string) => console.log(`[jobs] ${m}`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      if (opts.isDbReady && !opts.isDbReady()) return;
      const db = await opts.getDb();
      const today = new Date().toISOString().slice(0, 10);
      if (state.lastDaily !== today && opts.daily?.length) {
        for (const d of opts.daily) await enqueueJob(db, { name: d.name, payload: d.payload, singletonKey: `${d.name}:${today}` });
        state.lastDaily = today;
      }
      do {
        again = false;
        const counts = await runDueJobs(db, opts.handlers, { maxJobs: 200 });
        if (counts.retry || counts.failed) log(`done ${counts.done}, to retry ${counts.retry}, failed ${counts.failed}`);
      } while (again && !stopped);
    } catch (e) {
      log(`worker error: ${(e as Error).message}`);
    } finally {
      running = false;
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(tick, interval);
        timer.unref?.();
      }
    }
  };

  const state: WorkerState = {
    nudge: () => {
      clearTimeout(timer);
      timer = setTimeout(tick, 50);
      timer.unref?.();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      g.__consultJobWorker = undefined;
    },
  };
  g.__consultJobWorker = state;
  timer = setTimeout(tick, Math.min(interval, 2000));
  timer.unref?.();
  return state;
}

/** Ask the worker in this process (if any) to look for jobs now rather than at its next tick. */
export function nudgeJobWorker(): void {
  g.__consultJobWorker?.nudge();
}

// The health check a load balancer or a hosting provider's monitor calls (GET /api/health): can
// this instance serve? It asks the primary database for one row, the read replica (when there is
// one) for its lag, and the job queue for jobs overdue, each within a time limit, and says which
// is wrong without saying anything a stranger could use (no host names, versions or errors).
//
// - "ok": all is well;
// - "degraded": the instance can serve, but the replica cannot be reached or lags (reports then
//   say how old their figures are), or jobs due have waited past JOBS_OVERDUE_SECONDS (no worker
//   is running them);
// - "unavailable": the primary database does not answer within the limit: take the instance out
//   of the pool (HTTP 503).
//
// One check runs at a time per process (monitors calling at once share it), and while the
// primary's probe hangs no other is sent: a database that hangs holds one connection, not one
// per call.
import { sql } from "drizzle-orm";
import type { Db, ReportDb } from "../db/client";
import { REPLICA_LAG_NOTICE_SECONDS } from "../db/client";

/** How long each part of the check may take. */
export const HEALTH_TIMEOUT_MS = 2_000;
/** Jobs due for longer than this mean no worker is running them. */
export const JOBS_OVERDUE_SECONDS = 300;

type Part = "ok" | "unavailable";
export type HealthReport = {
  status: "ok" | "degraded" | "unavailable";
  checkedAt: string;
  database: { status: Part; ms: number | null };
  replica: { status: Part | "lagging"; lagSeconds: number | null } | null;
  jobs: { status: Part | "overdue"; due: number | null; oldestDueSeconds: number | null };
};

export type HealthSources = {
  primary: () => Promise<Db>;
  /** The handle reports read (db/client getReportDb): a replica is checked when it is one. */
  reports: () => Promise<ReportDb>;
  timeoutMs?: number;
};

class TimedOut extends Error {}

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work(), limit]).finally(() => clearTimeout(timer));
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** Jobs queued and due (at most 1,000 counted), and how long the oldest has waited. */
async function jobBacklog(db: Db): Promise<{ due: number; oldestDueSeconds: number | null }> {
  const [row] = rowsOf<{ due: number; oldest: number | null }>(
    await db.execute(sql`select count(*)::int as due, extract(epoch from now() - min(run_at))::float8 as oldest
      from (select run_at from jobs where status = 'queued' and run_at <= now() order by run_at limit 1000) d`),
  );
  return { due: row!.due, oldestDueSeconds: row!.oldest === null ? null : Math.max(0, Math.round(row!.oldest)) };
}

// The primary's probe still running (per `primary`): a check that comes while it hangs waits on
// it rather than sending another.
const probes = new WeakMap<HealthSources["primary"], Promise<void>>();

function probe(primary: HealthSources["primary"]): Promise<void> {
  let running = probes.get(primary);
  if (!running) {
    running = primary()
      .then((db) => db.execute(sql`select 1`))
      .then(() => undefined)
      .finally(() => probes.delete(primary));
    probes.set(primary, running);
  }
  return running;
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const timeoutMs = sources.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const started = performance.now();
  const database = await within(timeoutMs, () => probe(sources.primary))
    .then(() => ({ status: "ok" as const, ms: Math.round((performance.now() - started) * 10) / 10 }))
    .catch(() => ({ status: "unavailable" as const, ms: null }));
  const checkedAt = new Date().toISOString();
  if (database.status === "unavailable") {
    return { status: "unavailable", checkedAt, database, replica: null, jobs: { status: "unavailable", due: null, oldestDueSeconds: null } };
  }
  const [replica, jobs] = await Promise.all([
    within(timeoutMs, async () => {
      const reports = await sources.reports();
      if (reports.source !== "replica") return null;
      const lag = await reports.lag();
      return { status: lag.lagSeconds > REPLICA_LAG_NOTICE_SECONDS ? ("lagging" as const) : ("ok" as const), lagSeconds: Math.round(lag.lagSeconds * 10) / 10 };
    }).catch(() => ({ status: "unavailable" as const, lagSeconds: null })),
    within(timeoutMs, async () => {
      const b = await jobBacklog(await sources.primary());
      return { status: (b.oldestDueSeconds ?? 0) > JOBS_OVERDUE_SECONDS ? ("overdue" as const) : ("ok" as const), ...b };
    }).catch(() => ({ status: "unavailable" as const, due: null, oldestDueSeconds: null })),
  ]);
  const degraded = (replica && replica.status !== "ok") || jobs.status !== "ok";
  return { status: degraded ? "degraded" : "ok", checkedAt, database, replica, jobs };
}

/** The HTTP status for a report: 503 only when the instance cannot serve. */
export function healthHttpStatus(report: HealthReport): 200 | 503 {
  return report.status === "unavailable" ? 503 : 200;
}

const inFlight = new WeakMap<HealthSources["primary"], Promise<HealthReport>>();

/** checkHealth, shared by the calls that arrive while one is running (per `primary`). */
export function checkHealthOnce(sources: HealthSources): Promise<HealthReport> {
  let running = inFlight.get(sources.primary);
  if (!running) {
    running = checkHealth(sources).finally(() => inFlight.delete(sources.primary));
    inFlight.set(sources.primary, running);
  }
  return running;
}

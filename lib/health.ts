// The health check a load balancer or a hosting provider's monitor calls (GET /api/health): can
// this instance serve? It asks the primary database whether it answers and takes writes, the read
// replica (when reports read one) for its lag, and the job queue for jobs overdue, each within a
// time limit.
//
// - "ok": all is well;
// - "degraded": the instance can serve, but the replica cannot be reached or lags (reports then
//   say how old their figures are), or jobs due have waited past JOBS_OVERDUE_SECONDS (no worker
//   is running them; a job whose worker stopped is due from when its claim lapsed), or an email
//   has waited to be sent past EMAIL_DELAYED_SECONDS (the mail server refuses or does not answer:
//   its delivery job is retrying, so it is not "due", and only this says so), or the database
//   lacks migrations this build needs (`schema` "behind": `npm run db:setup` was not run);
// - "unavailable": the primary does not answer within the limit, or is a standby (read only):
//   take the instance out of the pool (HTTP 503).
//
// Each part's query runs once at a time per process: checks that come while one is running, or
// hanging, wait on it rather than sending another, so a database that hangs holds one connection
// per part, not one per call (a part hanging past ABANDON_AFTER limits is given up and asked
// again: a connection lost without a word should not keep the instance out for good). The
// caller gives the primary's probe a connection of its own (db/client getHealthDb), so that a
// pool busy with exports, or a jobs query waiting on a lock, does not make a live database look
// dead; the jobs are counted on the app's pool (held up there, they show as degraded).
//
// Anyone may call it: the answer says each part's state and nothing else. The figures (the
// database's time to answer, the replica's lag, the jobs due and the oldest one's wait, and the
// instance's own load: event loop delay, pool, memory, and which build it runs) are for the
// provider's monitors, given to a request that carries HEALTH_TOKEN (healthView).
//
// `schema` compares the migrations this build was made with against those the database has
// applied: "ahead" (a newer build has migrated it: this instance is an old one still running,
// as in a rolling upgrade) is said but is not a fault; "behind" is. Found in order, it is taken
// as read for a minute (it changes only at a deploy); a fault is asked again at every check.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db, ReportDb } from "../db/client";
import { pgErrorCode, pgPool, REPLICA_LAG_NOTICE_SECONDS, rowsOf } from "../db/client";
import { JOB_EMAIL_DELIVER } from "./email";
import { claimLapsed, instanceName, jobLeaseMs } from "./jobs/queue";
import journal from "../db/migrations/meta/_journal.json";
import { bearsToken } from "./security/bearer";

/** How long each part of the check may take. */
export const HEALTH_TIMEOUT_MS = 2_000;
/** Jobs due for longer than this mean no worker is running them. */
export const JOBS_OVERDUE_SECONDS = 300;
/** An email still unsent this long after it was written means the mail server is failing (its job retries: 30 s, 2, 8 min…). */
export const EMAIL_DELAYED_SECONDS = 900;
/** A part's query still running after this many time limits is given up, and the next check asks again. */
const ABANDON_AFTER = 5;
/**
 * How long a schema found "ok" (or "ahead") is taken as read: it changes only at a deploy, and a
 * load balancer polls every few seconds. "behind" and "unavailable" are asked again each time.
 */
export const SCHEMA_KEEP_MS = 60_000;

export type HealthReport = {
  status: "ok" | "degraded" | "unavailable";
  checkedAt: string;
  database: { status: "ok" | "read_only" | "unavailable"; ms: number | null };
  replica: { status: "ok" | "lagging" | "unavailable"; lagSeconds: number | null } | null;
  jobs: { status: "ok" | "overdue" | "unavailable"; due: number | null; oldestDueSeconds: number | null };
  /** Emails waiting to be sent through SMTP (their delivery jobs not yet done; at most 1,000 counted), and how long the oldest has waited. */
  email: { status: "ok" | "delayed" | "unavailable"; waiting: number | null; oldestWaitingSeconds: number | null };
  /**
   * The database's migrations against this build's: how many this build has and the last one's
   * name, how many the database has applied (null when they could not be read).
   */
  schema: { status: SchemaStatus; expected: number; latest: string; applied: number | null };
  /**
   * This instance's own load, figures only (they never change the status): its name, the event
   * loop's delay since the last check (99th percentile and most, in ms: a loop held up delays
   * every request), its database pool (connections open, idle, and requests waiting for one:
   * waiting means the pool is the bottleneck; null on PGlite) and its memory (resident, MB).
   */
  instance: {
    name: string;
    eventLoopDelayMs: { p99: number; max: number };
    pool: { size: number; idle: number; waiting: number } | null;
    memoryMb: number;
    /** The build it runs: the package's version and the source's commit (when the build knew it). */
    build: BuildInfo;
  };
};

export type SchemaStatus = "ok" | "behind" | "ahead" | "unavailable";
export type BuildInfo = { version: string; commit: string | null };

/** The build this instance runs (next.config.mjs writes both in at build time). */
export function buildInfo(): BuildInfo {
  return { version: process.env.CONSULT_VERSION || "unknown", commit: process.env.CONSULT_COMMIT || null };
}

/** Postgres's SQLSTATE for a table that does not exist (no migration has run). */
const UNDEFINED_TABLE = "42P01";

/** The migrations this build was made with, as drizzle's journal lists them. */
const MIGRATIONS: readonly { tag: string; when: number }[] = journal.entries;

/**
 * The database's migrations against the build's, from what drizzle's table records: each applied
 * migration's time (the journal's `when`), the latest and how many.
 */
export function schemaState(applied: { latest: number | null; count: number }, built: readonly { tag: string; when: number }[] = MIGRATIONS): HealthReport["schema"] {
  const last = built[built.length - 1];
  const expected = { expected: built.length, latest: last?.tag ?? "", applied: applied.count };
  if (!last) return { status: "ok", ...expected };
  if (applied.latest === null || applied.latest < last.when) return { status: "behind", ...expected };
  return { status: applied.latest > last.when ? "ahead" : "ok", ...expected };
}

export type HealthSources = {
  /** The primary, on a connection of the check's own. */
  primary: () => Promise<Db>;
  /** The app's own handle on the primary, for the jobs (a query held up there must not hold the probe's connection). */
  app: () => Promise<Db>;
  /** The handle reports read (db/client getReportDb): a replica is checked when it is one. */
  reports: () => Promise<ReportDb>;
  timeoutMs?: number;
  /** How long a schema found in order is kept (SCHEMA_KEEP_MS). */
  schemaKeepMs?: number;
};

class TimedOut extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

// The query of each part still running, per sources: a check that comes while it runs waits on it.
const running = new WeakMap<HealthSources, Map<string, { work: Promise<unknown>; since: number }>>();

function shared<T>(sources: HealthSources, part: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let parts = running.get(sources);
  if (!parts) running.set(sources, (parts = new Map()));
  const now = Date.now();
  const known = parts.get(part);
  if (known && now - known.since < ABANDON_AFTER * timeoutMs) return within(timeoutMs, known.work as Promise<T>);
  const entry = { work: work(), since: now };
  entry.work
    .catch(() => undefined)
    .finally(() => {
      if (parts.get(part) === entry) parts.delete(part);
    });
  parts.set(part, entry);
  return within(timeoutMs, entry.work);
}

const tenths = (n: number) => Math.round(n * 10) / 10;

let loop: IntervalHistogram | undefined;

/** The event loop's delay since the last call (ms), measured from the first call on. */
function eventLoopDelay(): { p99: number; max: number } {
  if (!loop) {
    loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
  }
  // Before its first sample the histogram reads its largest value: nothing measured yet.
  const seen = loop.count > 0;
  const out = seen ? { p99: tenths(loop.percentile(99) / 1e6), max: tenths(loop.max / 1e6) } : { p99: 0, max: 0 };
  loop.reset();
  return out;
}

async function instanceLoad(sources: HealthSources): Promise<HealthReport["instance"]> {
  const pool = await sources.app().then(pgPool, () => null);
  return {
    name: instanceName(),
    eventLoopDelayMs: eventLoopDelay(),
    pool: pool ? { size: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
    memoryMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
    build: buildInfo(),
  };
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const timeoutMs = sources.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const started = performance.now();
  const database = await shared(sources, "primary", timeoutMs, async () =>
    (await rowsOf<{ standby: boolean }>(await sources.primary(), sql`select pg_is_in_recovery() as standby`))[0]!,
  )
    .then((r) => ({ status: r.standby ? ("read_only" as const) : ("ok" as const), ms: tenths(performance.now() - started) }))
    .catch(() => ({ status: "unavailable" as const, ms: null }));
  const checkedAt = new Date().toISOString();
  if (database.status !== "ok") {
    const unknown = { status: "unavailable" as const };
    return {
      status: "unavailable",
      checkedAt,
      database,
      replica: null,
      jobs: { ...unknown, due: null, oldestDueSeconds: null },
      email: { ...unknown, waiting: null, oldestWaitingSeconds: null },
      schema: unreadSchema(),
      instance: await instanceLoad(sources),
    };
  }
  const [replica, queue, schema] = await Promise.all([
    shared(sources, "replica", timeoutMs, async () => {
      const reports = await sources.reports();
      return reports.source === "replica" ? await reports.lag() : null;
    })
      .then((lag) => (lag ? { status: lag.lagSeconds > REPLICA_LAG_NOTICE_SECONDS ? ("lagging" as const) : ("ok" as const), lagSeconds: tenths(lag.lagSeconds) } : null))
      .catch(() => ({ status: "unavailable" as const, lagSeconds: null })),
    // Jobs due (at most 1,000 of each kind counted), and how long the oldest has waited: those
    // queued and due, and those whose worker stopped (running, the claim lapsed: due again since
    // it lapsed, and given back only when a worker looks).
    // The same statement counts the emails waiting to be sent: their delivery jobs not done.
    shared(sources, "jobs", timeoutMs, async () => {
      const leaseMs = jobLeaseMs();
      return (
        await rowsOf<{ due: number; oldest: number | null; emails?: number; oldestEmail?: number | null }>(
          await sources.app(),
          sql`select count(*)::int as due, extract(epoch from now() - min(due_at))::float8 as oldest,
            (select count(*)::int from (select 1 from jobs where name = ${JOB_EMAIL_DELIVER} and status in ('queued', 'running') limit 1000) e) as emails,
            (select extract(epoch from now() - min(created_at))::float8 from jobs where name = ${JOB_EMAIL_DELIVER} and status in ('queued', 'running')) as "oldestEmail"
          from ((select run_at as due_at from jobs where status = 'queued' and run_at <= now() order by run_at limit 1000)
            union all (select coalesce(locked_at, run_at) + make_interval(secs => ${leaseMs / 1000}) from jobs where ${claimLapsed(leaseMs)} order by locked_at limit 1000)) d`,
        )
      )[0]!;
    })
      .then(({ due, oldest, emails, oldestEmail }) => {
        const seconds = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.max(0, Math.round(x)));
        const oldestDueSeconds = seconds(oldest);
        const oldestWaitingSeconds = seconds(oldestEmail);
        return {
          jobs: { status: (oldestDueSeconds ?? 0) > JOBS_OVERDUE_SECONDS ? ("overdue" as const) : ("ok" as const), due, oldestDueSeconds },
          email: { status: (oldestWaitingSeconds ?? 0) > EMAIL_DELAYED_SECONDS ? ("delayed" as const) : ("ok" as const), waiting: emails ?? 0, oldestWaitingSeconds },
        };
      })
      .catch(() => ({
        jobs: { status: "unavailable" as const, due: null, oldestDueSeconds: null },
        email: { status: "unavailable" as const, waiting: null, oldestWaitingSeconds: null },
      })),
    schemaOf(sources, timeoutMs),
  ]);
  const { jobs, email } = queue;
  const degraded = (replica && replica.status !== "ok") || jobs.status !== "ok" || email.status !== "ok" || (schema.status !== "ok" && schema.status !== "ahead");
  return { status: degraded ? "degraded" : "ok", checkedAt, database, replica, jobs, email, schema, instance: await instanceLoad(sources) };
}

// The schema last found in order, and when, per sources.
const schemaKept = new WeakMap<HealthSources, { schema: HealthReport["schema"]; at: number }>();

/** The migrations applied, on the app's pool (a table of a few dozen rows; missing before the first setup); kept a while once in order. */
async function schemaOf(sources: HealthSources, timeoutMs: number): Promise<HealthReport["schema"]> {
  const kept = schemaKept.get(sources);
  if (kept && Date.now() - kept.at < (sources.schemaKeepMs ?? SCHEMA_KEEP_MS)) return kept.schema;
  const schema = await shared(sources, "schema", timeoutMs, async () => {
    const [row] = await rowsOf<{ latest: string | null; count: number }>(
      await sources.app(),
      sql`select max(created_at)::text as latest, count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    return schemaState({ latest: row?.latest == null ? null : Number(row.latest), count: row?.count ?? 0 });
  }).catch((e: unknown) => (pgErrorCode(e) === UNDEFINED_TABLE ? schemaState({ latest: null, count: 0 }) : unreadSchema()));
  if (schema.status === "ok" || schema.status === "ahead") schemaKept.set(sources, { schema, at: Date.now() });
  else schemaKept.delete(sources);
  return schema;
}

function unreadSchema(): HealthReport["schema"] {
  return { ...schemaState({ latest: null, count: 0 }), status: "unavailable", applied: null };
}

/** The HTTP status for a report: 503 only when the instance cannot serve. */
export function healthHttpStatus(report: HealthReport): 200 | 503 {
  return report.status === "unavailable" ? 503 : 200;
}

export type PublicHealth = {
  status: HealthReport["status"];
  checkedAt: string;
  database: HealthReport["database"]["status"];
  replica: NonNullable<HealthReport["replica"]>["status"] | null;
  jobs: HealthReport["jobs"]["status"];
  email: HealthReport["email"]["status"];
  schema: SchemaStatus;
};

/**
 * What the caller is shown: each part's state, and the figures too when `token` (HEALTH_TOKEN) is
 * set and the request's Authorization header is `Bearer <token>`.
 */
export function healthView(report: HealthReport, authorization: string | null, token: string | undefined): HealthReport | PublicHealth {
  if (bearsToken(authorization, token)) return report;
  return { status: report.status, checkedAt: report.checkedAt, database: report.database.status, replica: report.replica?.status ?? null, jobs: report.jobs.status, email: report.email.status, schema: report.schema.status };
}

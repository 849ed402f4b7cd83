// Figures for a hosting provider's Prometheus (GET /api/metrics, with HEALTH_TOKEN): this
// instance's process (CPU, memory, event loop, garbage collection: prom-client's defaults), its
// database pool, what the health check reads (the database's time to answer, the replica's lag,
// jobs due, emails waiting), and counters of what the instance has done since it started (API
// requests by route and status, and their time; job runs by kind and outcome; responses
// submitted). Each instance counts its own: Prometheus sums them across instances.
//
// One registry per process, kept on globalThis: routes are bundled apart, and a counter
// registered twice would count half the work in each copy.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { HealthReport } from "./health";
import { bearsToken } from "./security/bearer";

type Metrics = {
  registry: Registry;
  apiRequests: Counter<"method" | "route" | "status">;
  apiSeconds: Histogram<"method" | "route">;
  jobRuns: Counter<"job" | "outcome">;
  submissions: Counter<"kind">;
  health: {
    status: Gauge<"status">;
    databaseUp: Gauge<"database">;
    databaseReadOnly: Gauge<"database">;
    databaseSeconds: Gauge<"database">;
    replicaLagSeconds: Gauge<"database">;
    jobsDue: Gauge;
    jobsOldestDueSeconds: Gauge;
    emailsWaiting: Gauge;
    emailsOldestWaitingSeconds: Gauge;
    poolConnections: Gauge<"pool" | "state">;
    poolWaiting: Gauge<"pool">;
    schema: Gauge<"state">;
    migrations: Gauge<"which">;
    build: Gauge<"version" | "commit">;
  };
};

const g = globalThis as unknown as { __consultMetrics?: Metrics; __consultMetricsFault?: boolean };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
  /** Per database (primary, replica): absent for a database there is not. */
  const perDatabase = (name: string, help: string) => new Gauge({ name, help, labelNames: ["database"], registers });
  return {
    registry,
    apiRequests: new Counter({ name: "consult_api_requests_total", help: "API requests answered, by method, route and HTTP status.", labelNames: ["method", "route", "status"], registers }),
    apiSeconds: new Histogram({
      name: "consult_api_request_duration_seconds",
      help: "Time to answer an API request (to the start of its body: an export streams after), by method and route.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobRuns: new Counter({ name: "consult_job_runs_total", help: "Background jobs run by this instance, by kind and outcome (done, retry, failed, released, lost).", labelNames: ["job", "outcome"], registers }),
    submissions: new Counter({ name: "consult_responses_submitted_total", help: "Responses submitted or amended through this instance (a repeated post is not counted).", labelNames: ["kind"], registers }),
    health: {
      status: new Gauge({ name: "consult_health_status", help: "The health check's status: 1 for the current one (ok, degraded, unavailable), 0 for the others.", labelNames: ["status"], registers }),
      databaseUp: perDatabase("consult_database_up", "1 when the database (primary, or the read replica of DATABASE_REPLICA_URL) answered the health check in time, else 0."),
      databaseReadOnly: perDatabase("consult_database_read_only", "1 when the primary database is a standby (read only), else 0."),
      databaseSeconds: perDatabase("consult_database_response_seconds", "The primary database's time to answer the health check (NaN when it did not)."),
      replicaLagSeconds: perDatabase("consult_database_lag_seconds", "How far the read replica is behind the primary (NaN when it could not be read)."),
      jobsDue: gauge("consult_jobs_due", "Background jobs due and not yet run (NaN when they could not be counted)."),
      jobsOldestDueSeconds: gauge("consult_jobs_oldest_due_seconds", "How long the oldest due job has waited."),
      emailsWaiting: gauge("consult_emails_waiting", "Emails waiting to be sent through SMTP (at most 1,000 counted)."),
      emailsOldestWaitingSeconds: gauge("consult_emails_oldest_waiting_seconds", "How long the oldest waiting email has waited."),
      poolConnections: new Gauge({ name: "consult_db_pool_connections", help: "This instance's database connections, busy and idle, of its app pool (absent on PGlite).", labelNames: ["pool", "state"], registers }),
      poolWaiting: new Gauge({ name: "consult_db_pool_waiting_requests", help: "Requests waiting for a connection of this instance's app pool (absent on PGlite).", labelNames: ["pool"], registers }),
      schema: new Gauge({
        name: "consult_database_schema",
        help: "The database's migrations against this build's: 1 for the current state (ok; behind: migrations missing, run db:setup; ahead: a newer build migrated it; unavailable), 0 for the others.",
        labelNames: ["state"],
        registers,
      }),
      migrations: new Gauge({ name: "consult_database_migrations", help: "Migrations this build has (expected) and the database has applied (NaN when not read).", labelNames: ["which"], registers }),
      build: new Gauge({ name: "consult_build_info", help: "1, labelled with the build this instance runs: the package's version and the source's commit.", labelNames: ["version", "commit"], registers }),
    },
  };
}

export function metrics(): Metrics {
  return (g.__consultMetrics ??= create());
}

/** A figure that could not be read: NaN, which Prometheus keeps as "no value", rather than a 0 that looks true. */
const figure = (n: number | null | undefined) => (n === null || n === undefined ? Number.NaN : n);

/** The health check's figures as gauges, replacing the last scrape's. */
export function recordHealth(report: HealthReport): void {
  const h = metrics().health;
  for (const s of ["ok", "degraded", "unavailable"] as const) h.status.set({ status: s }, report.status === s ? 1 : 0);
  for (const gauge of [h.databaseUp, h.databaseReadOnly, h.databaseSeconds, h.replicaLagSeconds]) gauge.reset();
  const primary = { database: "primary" };
  h.databaseUp.set(primary, report.database.status === "unavailable" ? 0 : 1);
  h.databaseReadOnly.set(primary, report.database.status === "read_only" ? 1 : 0);
  h.databaseSeconds.set(primary, report.database.ms === null ? Number.NaN : report.database.ms / 1000);
  if (report.replica) {
    const replica = { database: "replica" };
    h.databaseUp.set(replica, report.replica.status === "unavailable" ? 0 : 1);
    h.replicaLagSeconds.set(replica, figure(report.replica.lagSeconds));
  }
  h.jobsDue.set(figure(report.jobs.due));
  h.jobsOldestDueSeconds.set(figure(report.jobs.oldestDueSeconds));
  h.emailsWaiting.set(figure(report.email.waiting));
  h.emailsOldestWaitingSeconds.set(figure(report.email.oldestWaitingSeconds));
  for (const s of ["ok", "behind", "ahead", "unavailable"] as const) h.schema.set({ state: s }, report.schema.status === s ? 1 : 0);
  h.migrations.set({ which: "expected" }, report.schema.expected);
  h.migrations.set({ which: "applied" }, figure(report.schema.applied));
  h.build.reset();
  h.build.set({ version: report.instance.build.version, commit: report.instance.build.commit ?? "" }, 1);
  h.poolConnections.reset();
  h.poolWaiting.reset();
  const pool = report.instance.pool;
  if (pool) {
    h.poolConnections.set({ pool: "app", state: "busy" }, pool.size - pool.idle);
    h.poolConnections.set({ pool: "app", state: "idle" }, pool.idle);
    h.poolWaiting.set({ pool: "app" }, pool.waiting);
  }
}

/** The registry's figures in Prometheus's text format, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** What GET /api/metrics answers: its status, headers and body. */
export type MetricsAnswer = { status: number; headers: Record<string, string>; body: string };

const NO_STORE = { "Cache-Control": "no-store" };
const refusal = (status: number, code: string, message: string, headers: Record<string, string> = {}): MetricsAnswer => ({
  status,
  headers: { ...NO_STORE, ...headers, "Content-Type": "application/json" },
  body: JSON.stringify({ error: { code, message } }),
});

/**
 * The answer to a scrape: none without HEALTH_TOKEN set (404), a refusal without it borne (401),
 * else the figures, the health check's read afresh (`check`) first. Never cached.
 */
export async function metricsAnswer(authorization: string | null, token: string | undefined, check: () => Promise<HealthReport>): Promise<MetricsAnswer> {
  if (!token) return refusal(404, "not_found", "Metrics are off. Set HEALTH_TOKEN to give them to a request that bears it.");
  if (!bearsToken(authorization, token)) {
    return refusal(401, "unauthorized", "Send the HEALTH_TOKEN as Authorization: Bearer <token>.", { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
  recordHealth(await check());
  const { body, contentType } = await renderMetrics();
  return { status: 200, headers: { ...NO_STORE, "Content-Type": contentType }, body };
}

/**
 * The API's routes (app/api/v1 and pages/api/v1; lib/metrics.test.ts checks this list against
 * those folders). A request is counted under the route it matched, its parameters named as the
 * route names them, so that a label has as many values as there are routes, however many records
 * and requests there are; a path that matches none (a scanner's) under one label of its own.
 */
export const API_ROUTES = [
  "/api/v1/action-plans",
  "/api/v1/action-plans/[planId]/periods/[periodId]/report",
  "/api/v1/action-plans/[planId]/periods/[periodId]/returns",
  "/api/v1/consultations",
  "/api/v1/consultations/[id]",
  "/api/v1/consultations/[id]/documents",
  "/api/v1/consultations/[id]/draft-answers/[questionId]",
  "/api/v1/consultations/[id]/export.csv",
  "/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags",
  "/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages",
  "/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/[tagId]",
  "/api/v1/consultations/[id]/questions/[questionId]/summary",
  "/api/v1/consultations/[id]/questions/[questionId]/themes",
  "/api/v1/consultations/[id]/responses",
  "/api/v1/documents/[documentId]/comments",
  "/api/v1/documents/[documentId]/versions/[version]",
  "/api/v1/openapi.json",
  "/api/v1/public/consultations/[slug]/counts",
  "/api/v1/public/consultations/[slug]/outcome",
  "/api/v1/public/consultations/[slug]/responses",
  "/api/v1/public/consultations/[slug]/responses.csv",
  "/api/v1/question-set.schema.json",
  "/api/v1/question-sets/parse",
  "/api/v1/responses/[id]",
] as const;

const ROUTE_SEGMENTS = API_ROUTES.map((r) => ({ label: r.replace(/\[(\w+)\]/g, "{$1}"), segments: r.split("/").filter(Boolean) }));

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * A request path as the route it matches, `/api/v1/consultations/{id}/export.csv`, as Next.js
 * matches it (a literal segment before a parameter); `{unmatched}` for any other.
 */
export function routeLabel(pathname: string): string {
  const segments = pathname.split("/").filter(Boolean).map(decoded);
  let best: { label: string; literals: number } | null = null;
  for (const route of ROUTE_SEGMENTS) {
    if (route.segments.length !== segments.length) continue;
    let literals = 0;
    const matches = route.segments.every((r, i) => {
      if (r.startsWith("[")) return true;
      literals++;
      return r === segments[i];
    });
    if (matches && (!best || literals > best.literals)) best = { label: route.label, literals };
  }
  return best?.label ?? "{unmatched}";
}

/** Counting never fails the work counted: a fault in it is logged, once per process. */
function safely(record: () => void): void {
  try {
    record();
  } catch (e) {
    if (!g.__consultMetricsFault) console.error("metrics: a figure could not be recorded", e);
    g.__consultMetricsFault = true;
  }
}

/** Count an API request and its time, from its start. */
export function recordApiRequest(method: string, url: string, status: number, startedAt: number): void {
  safely(() => {
    const m = metrics();
    let route = "{unparsable}";
    try {
      route = routeLabel(new URL(url, "http://x.invalid").pathname);
    } catch {
      // Counted under its own name.
    }
    const verb = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].includes(method) ? method : "OTHER";
    m.apiRequests.inc({ method: verb, route, status: String(status) });
    m.apiSeconds.observe({ method: verb, route }, (performance.now() - startedAt) / 1000);
  });
}

/** An API route handler counted and timed (consult_api_requests_total and its duration), given its route's params. */
export function countedRoute<P>(handler: (req: Request, params: P) => Promise<Response>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const startedAt = performance.now();
    const params = ((await context?.params) ?? {}) as P;
    const res = await handler(req, params);
    recordApiRequest(req.method, req.url, res.status, startedAt);
    return res;
  };
}

/** Count a background job's run by its kind and outcome. */
export function recordJobRun(job: string, outcome: string): void {
  safely(() => metrics().jobRuns.inc({ job, outcome }));
}

/** Count a response submitted (or amended): by a partner organisation, or a member of the public. */
export function recordSubmission(kind: "partner" | "public"): void {
  safely(() => metrics().submissions.inc({ kind }));
}

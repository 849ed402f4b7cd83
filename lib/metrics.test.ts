import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HealthReport } from "./health";
import { API_ROUTES, metrics, metricsAnswer, recordApiRequest, recordHealth, renderMetrics, routeLabel } from "./metrics";
import { sample } from "./testing/prometheus";

const report = (over: Partial<HealthReport> = {}): HealthReport => ({
  status: "degraded",
  checkedAt: new Date().toISOString(),
  database: { status: "ok", ms: 3.2 },
  replica: { status: "lagging", lagSeconds: 12.5 },
  jobs: { status: "overdue", due: 4, oldestDueSeconds: 610 },
  email: { status: "ok", waiting: null, oldestWaitingSeconds: null },
  instance: { name: "a:1", eventLoopDelayMs: { p99: 1, max: 2 }, pool: { size: 7, idle: 5, waiting: 1 }, memoryMb: 100, build: { version: "0.1.0", commit: "07c3e03aa1b2" } },
  schema: { status: "ahead", expected: 33, latest: "0032_outbox_delivery_jobs", applied: 34 },
  ...over,
});

describe("routeLabel: one label per API route, however many records and requests", () => {
  it("names a request by the route it matches, its parameters by their names", () => {
    expect(routeLabel("/api/v1/consultations/6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b/export.csv")).toBe("/api/v1/consultations/{id}/export.csv");
    expect(routeLabel("/api/v1/documents/6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b/versions/3")).toBe("/api/v1/documents/{documentId}/versions/{version}");
    expect(routeLabel("/api/v1/public/consultations/lsp-future/responses.csv")).toBe("/api/v1/public/consultations/{slug}/responses.csv");
    expect(routeLabel("/api/v1/consultations")).toBe("/api/v1/consultations");
  });

  it("gives values that are the routes' own words no label of their own", () => {
    const words = ["tags", "questions", "api", "answers", "v1", "consultations", "{id}", "%7Bid%7D", "export.csv"];
    const labels = new Set<string>();
    for (const id of words) for (const q of words) for (const r of words) labels.add(routeLabel(`/api/v1/consultations/${id}/questions/${q}/answers/${r}/tags`));
    expect([...labels]).toEqual(["/api/v1/consultations/{id}/questions/{questionId}/answers/{responseId}/tags"]);
    // A literal beats a parameter, as in Next.js's own matching.
    expect(routeLabel("/api/v1/consultations/x/export.csv")).toBe("/api/v1/consultations/{id}/export.csv");
  });

  it("gives a scanner's paths one label", () => {
    const labels = new Set(["/api/v1/wp-admin", "/api/v1/.env", "/api/v1/x/y/z/" + "a".repeat(5000), "/api/v1/%3Cscript%3E", "/api/v1/%E0%A4%A", "/" + "a/".repeat(100)].map((p) => routeLabel(p)));
    expect([...labels]).toEqual(["{unmatched}"]);
  });

  it("lists every route of the API's folders, and no other", () => {
    const files = [
      ...readdirSync("app/api/v1", { recursive: true }).map(String).filter((f) => /(^|\/)route\.tsx?$/.test(f)).map((f) => `/api/v1/${path.dirname(f)}`.replace(/\/\.$/, "")),
      ...readdirSync("pages/api/v1", { recursive: true }).map(String).filter((f) => f.endsWith(".ts")).map((f) => `/api/v1/${f.replace(/\.ts$/, "")}`),
    ].filter((r) => !r.includes("[..."));
    expect([...API_ROUTES].sort()).toEqual(files.sort());
  });
});

describe("the metrics in Prometheus's text format", () => {
  it("counts API requests by method, route and status, with their time", async () => {
    const route = "/api/v1/consultations/{id}";
    const before = sample((await renderMetrics()).body, "consult_api_requests_total", `method="GET",route="${route}",status="404"`) ?? 0;
    recordApiRequest("GET", "http://localhost/api/v1/consultations/6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b", 404, performance.now() - 20);
    recordApiRequest("GET", "/api/v1/consultations/0b6f3c1e-1d2a-4c55-9a7e-3f2d7c1b9e01?x=1", 404, performance.now());
    recordApiRequest("BREW", "/api/v1/consultations", 405, performance.now());
    const { body, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, "consult_api_requests_total", `method="GET",route="${route}",status="404"`)).toBe(before + 2);
    expect(sample(body, "consult_api_requests_total", `method="OTHER",route="/api/v1/consultations",status="405"`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, "consult_api_request_duration_seconds_bucket", `le="0.01",method="GET",route="${route}"`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, "consult_api_request_duration_seconds_count", `method="GET",route="${route}"`)).toBeGreaterThanOrEqual(2);
  });

  it("gives the health check's figures as gauges, each scrape replacing the last", async () => {
    recordHealth(report());
    let body = (await renderMetrics()).body;
    expect(sample(body, "consult_health_status", 'status="degraded"')).toBe(1);
    expect(sample(body, "consult_health_status", 'status="ok"')).toBe(0);
    expect(sample(body, "consult_database_up", 'database="primary"')).toBe(1);
    expect(sample(body, "consult_database_response_seconds", 'database="primary"')).toBeCloseTo(0.0032);
    expect(sample(body, "consult_database_up", 'database="replica"')).toBe(1);
    expect(sample(body, "consult_database_lag_seconds", 'database="replica"')).toBe(12.5);
    expect(sample(body, "consult_jobs_due")).toBe(4);
    expect(sample(body, "consult_jobs_oldest_due_seconds")).toBe(610);
    // Not counted is not zero.
    expect(sample(body, "consult_emails_waiting")).toBeNaN();
    expect(sample(body, "consult_db_pool_connections", 'pool="app",state="busy"')).toBe(2);
    expect(sample(body, "consult_db_pool_connections", 'pool="app",state="idle"')).toBe(5);
    expect(sample(body, "consult_db_pool_waiting_requests", 'pool="app"')).toBe(1);
    // The database migrated by a newer build: said, as one state of four; and which build this is.
    expect(sample(body, "consult_database_schema", 'state="ahead"')).toBe(1);
    expect(sample(body, "consult_database_schema", 'state="ok"')).toBe(0);
    expect(sample(body, "consult_database_migrations", 'which="expected"')).toBe(33);
    expect(sample(body, "consult_database_migrations", 'which="applied"')).toBe(34);
    expect(sample(body, "consult_build_info", 'version="0.1.0",commit="07c3e03aa1b2"')).toBe(1);

    // The database away, no replica configured, PGlite (no pool): those figures go.
    recordHealth(report({ status: "unavailable", database: { status: "unavailable", ms: null }, replica: null, instance: { ...report().instance, pool: null } }));
    body = (await renderMetrics()).body;
    expect(sample(body, "consult_health_status", 'status="unavailable"')).toBe(1);
    expect(sample(body, "consult_health_status", 'status="degraded"')).toBe(0);
    expect(sample(body, "consult_database_up", 'database="primary"')).toBe(0);
    expect(sample(body, "consult_database_response_seconds", 'database="primary"')).toBeNaN();
    expect(sample(body, "consult_database_up", 'database="replica"')).toBeUndefined();
    expect(sample(body, "consult_database_lag_seconds", 'database="replica"')).toBeUndefined();
    expect(sample(body, "consult_db_pool_connections", 'pool="app",state="busy"')).toBeUndefined();
    // Another build (a restart into a new version): one build_info series, the new one's.
    recordHealth(report({ schema: { status: "unavailable", expected: 33, latest: "0032_outbox_delivery_jobs", applied: null }, instance: { ...report().instance, build: { version: "0.2.0", commit: null } } }));
    body = (await renderMetrics()).body;
    expect(body.match(/^consult_build_info\{/gm)).toHaveLength(1);
    expect(sample(body, "consult_build_info", 'version="0.2.0",commit=""')).toBe(1);
    expect(sample(body, "consult_database_schema", 'state="unavailable"')).toBe(1);
    expect(sample(body, "consult_database_migrations", 'which="applied"')).toBeNaN();
  });

  it("has the process's own figures, and one registry however often it is asked for", async () => {
    expect(metrics()).toBe(metrics());
    const body = (await renderMetrics()).body;
    expect(sample(body, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(body).toContain("# TYPE nodejs_eventloop_lag_p99_seconds gauge");
  });
});

describe("metricsAnswer: what GET /api/metrics answers", () => {
  const never = async (): Promise<HealthReport> => {
    throw new Error("the health check is not read for a refused request");
  };

  it("gives none when no HEALTH_TOKEN is set (404), whatever is sent", async () => {
    for (const authorization of [null, "Bearer ", "Bearer undefined"]) {
      const a = await metricsAnswer(authorization, undefined, never);
      expect(a.status).toBe(404);
      expect(JSON.parse(a.body)).toEqual({ error: { code: "not_found", message: expect.stringContaining("HEALTH_TOKEN") } });
    }
    expect((await metricsAnswer("Bearer ", "", never)).status).toBe(404);
  });

  it("refuses a request without the token (401), saying how to send it, and never cached", async () => {
    for (const authorization of [null, "Bearer wrong", "s3cret", "Basic s3cret"]) {
      const a = await metricsAnswer(authorization, "s3cret", never);
      expect(a.status).toBe(401);
      expect(a.headers).toMatchObject({ "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store", "Content-Type": "application/json" });
      expect(JSON.parse(a.body).error.code).toBe("unauthorized");
      expect(a.body).not.toContain("s3cret");
    }
  });

  it("gives the figures to a request bearing it, the health check read afresh", async () => {
    let reads = 0;
    const a = await metricsAnswer("Bearer s3cret", "s3cret", async () => {
      reads += 1;
      return report({ jobs: { status: "ok", due: 17, oldestDueSeconds: 3 } });
    });
    expect(reads).toBe(1);
    expect(a.status).toBe(200);
    expect(a.headers["Content-Type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(a.headers["Cache-Control"]).toBe("no-store");
    expect(sample(a.body, "consult_jobs_due")).toBe(17);
  });
});

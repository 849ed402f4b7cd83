// A hosting provider's Prometheus scrapes GET /api/metrics with the HEALTH_TOKEN: the instance's
// figures in Prometheus's text format, counting the API requests it answered. Without the token,
// a 401 and nothing of them (the access matrix checks every actor).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { sample } from "../lib/testing/prometheus";
import { ownClient } from "./fixtures";
import { E2E_HEALTH_TOKEN } from "./fixtures/env";

test("Prometheus reads the instance's figures with the token, and counts the API's answers", async ({ request }) => {
  const scrape = async () => {
    const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${E2E_HEALTH_TOKEN}` } });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers()["cache-control"]).toBe("no-store");
    return res.text();
  };
  const refused = 'method="GET",route="/api/v1/consultations/{id}",status="401"';
  const before = sample(await scrape(), "consult_api_requests_total", refused) ?? 0;
  // From an address of its own: unknown keys are limited per client, and other journeys use them up.
  const client = ownClient();
  for (let i = 0; i < 3; i++) {
    const res = await request.get(`/api/v1/consultations/${randomUUID()}`, { headers: { Authorization: "Bearer cck_not-a-key", "X-Forwarded-For": client } });
    expect(res.status()).toBe(401);
  }
  const text = await scrape();
  expect(sample(text, "consult_api_requests_total", refused)).toBe(before + 3);
  expect(sample(text, "consult_database_up", 'database="primary"')).toBe(1);
  expect(sample(text, "consult_health_status", 'status="unavailable"')).toBe(0);
  expect(sample(text, "consult_jobs_due")).toBeGreaterThanOrEqual(0);
  expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  // The database has this build's migrations, and the build says which it is (its version from
  // package.json; its commit when it was built in a git checkout, as CI's clone is).
  expect(sample(text, "consult_database_schema", 'state="ok"')).toBe(1);
  expect(sample(text, "consult_database_migrations", 'which="applied"')).toBe(sample(text, "consult_database_migrations", 'which="expected"'));
  const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  expect(text).toMatch(new RegExp(`^consult_build_info\\{version="${version.replace(/\./g, "\\.")}",commit="[0-9a-f]{12}"\\} 1$`, "m"));
  // The ids asked for are not labels: one route, however many records.
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
});

test("a wrong token is refused with a 401 and a JSON error, never the figures", async ({ request }) => {
  for (const authorization of [`Bearer ${E2E_HEALTH_TOKEN}x`, E2E_HEALTH_TOKEN, `Basic ${E2E_HEALTH_TOKEN}`, ""]) {
    const res = await request.get("/api/metrics", { headers: authorization ? { Authorization: authorization } : {} });
    expect(res.status()).toBe(401);
    expect(res.headers()["www-authenticate"]).toBe('Bearer realm="metrics"');
    const body = await res.json();
    expect(body.error.code).toBe("unauthorized");
    expect(JSON.stringify(body)).not.toContain("consult_");
  }
});

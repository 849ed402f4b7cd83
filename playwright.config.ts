import { defineConfig, devices } from "@playwright/test";
import { E2E_HEALTH_TOKEN } from "./e2e/fixtures/env";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
/** "-2" etc. when scripts/e2e.sh runs this as one of several shards, each with its own server. */
const SHARD = process.env.E2E_SHARD ? `-${process.env.E2E_SHARD}` : "";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // Journeys are long (sign in, many pages, an axe scan on each); on a busy two-core host a
  // minute was not always enough.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // CI also writes JUnit XML (reports/), for tools that read test results rather than logs.
  // Run in shards (scripts/e2e.sh), each shard names its report and results folder.
  reporter: process.env.CI ? [["list"], ["junit", { outputFile: `reports/e2e${SHARD}.xml` }]] : [["list"]],
  outputDir: `test-results${SHARD}`,
  use: {
    baseURL,
    // Recording a trace costs about 30 % of a journey's CPU (measured: authoring.spec.ts took 139
    // CPU seconds with every test traced, 98 without), and the shards share two cores. In CI, where
    // a failed journey is tried again, only that retry is traced; locally, every failure keeps one.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // A fresh database for every run: a new PGlite folder, or the database DATABASE_URL names
    // (.ci/run creates a fresh one). The production build, as `npm start` serves it.
    command: `node e2e/server.mjs`,
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      NEXTAUTH_URL: baseURL,
      DEMO_MODE: "1",
      DATA_DIR: process.env.E2E_DATA_DIR ?? ".data-e2e",
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      // The monitoring figures (GET /api/health's, GET /api/metrics) go to a request bearing it.
      HEALTH_TOKEN: E2E_HEALTH_TOKEN,
    },
  },
});

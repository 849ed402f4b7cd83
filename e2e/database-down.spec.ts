// When the database cannot be reached (down, refusing, out of connections), people see GOV.UK's
// "Sorry, there is a problem with the service" in the site's frame, never a stack trace or a
// blank page, and the API answers 503 with Retry-After. A second server of the same build,
// started here with a DATABASE_URL nothing listens on.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const BASE = `http://localhost:${PORT}`;
let server: ChildProcess | undefined;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(tmpdir(), "consult-db-down-"));
  server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(PORT)], {
    env: {
      ...process.env,
      PORT: String(PORT),
      // Port 1: nothing listens, every connection is refused at once.
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/consult",
      DATABASE_CONNECTION_TIMEOUT_SECONDS: "5",
      DATA_DIR: dataDir,
      NEXTAUTH_URL: BASE,
      NEXTAUTH_SECRET: "db-down-secret-db-down-secret",
      SERVICE_NAME: "Lancashire consultations",
      DEMO_MODE: "0",
      JOB_WORKER: "0",
    },
    stdio: "ignore",
  });
  await expect(async () => {
    const res = await fetch(`${BASE}/accessibility`);
    expect(res.status).toBe(200);
  }).toPass({ timeout: 90_000 });
});

test.afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

test("the API answers 503 with Retry-After and a message, never the driver's error", async ({ request }) => {
  const res = await request.get(`${BASE}/api/v1/consultations`, { headers: { Authorization: "Bearer cck_0000000000000000000000000000000000000000" } });
  expect(res.status()).toBe(503);
  expect(res.headers()["retry-after"]).toBe("60");
  expect(await res.json()).toEqual({ error: { code: "unavailable", message: "Sorry, the service cannot reach its database just now. Try again in a minute." } });
});

test("a respondent's page says there is a problem with the service, in the site's frame and without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(`${BASE}/documents/0b6f3c1e-1d2a-4c55-9a7e-3f2d7c1b9e01`);
  expect(res?.status()).toBe(500);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
  await expect(page).toHaveTitle("Sorry, there is a problem with the service – Lancashire consultations");
  await expect(page.getByRole("banner")).toContainText("Lancashire consultations");
  await expect(page.getByRole("link", { name: "contact the council" })).toHaveAttribute("href", "/contact");
  await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|postgres|Error:/);
  expect(await page.locator("script").count()).toBe(0);
  await context.close();
});

test("an officer's page says the same, with a button that tries again", async ({ page }) => {
  await page.goto(`${BASE}/consultations`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|postgres|Error:/);
  await expectNoAxeViolations(page);
});

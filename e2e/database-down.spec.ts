// When the database cannot be reached (down, refusing, out of connections), people see GOV.UK's
// "Sorry, there is a problem with the service" in the site's frame, never a stack trace or a
// blank page, and the API answers 503 with Retry-After. A second server of the same build,
// started here with a DATABASE_URL nothing listens on.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { expectNoAxeViolations } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const BASE = `http://localhost:${PORT}`;
const SECRET = "db-down-secret-db-down-secret";
let server: ChildProcess | undefined;
let dataDir: string;
/** What the server wrote to stdout and stderr. */
let output = "";
const PARTNER_ID = "5d0c8a4e-8a7b-4f7e-9d51-6f1f0e3b2a10";
/** The references people were given for the failures they met: the log must have each. */
const references: Record<string, string> = {};

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
      NEXTAUTH_SECRET: SECRET,
      HEALTH_TOKEN: "db-down-health-token",
      SERVICE_NAME: "Lancashire consultations",
      DEMO_MODE: "0",
      JOB_WORKER: "0",
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [server.stdout, server.stderr]) stream?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await expect(async () => {
    const res = await fetch(`${BASE}/accessibility`);
    expect(res.status).toBe(200);
  }).toPass({ timeout: 90_000 });
});

test.afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** The reference the page gives the person to quote ("give them this reference: 2868193867"). */
async function shownReference(page: Page): Promise<string> {
  await expect(page.locator("main")).toContainText(/If it keeps happening, contact the council and give them this reference: \d+\./);
  return (await page.locator("main .app-reference").innerText()).trim();
}

test("the API answers 503 with Retry-After and a message, never the driver's error", async ({ request }) => {
  const res = await request.get(`${BASE}/api/v1/consultations`, { headers: { Authorization: "Bearer cck_0000000000000000000000000000000000000000" } });
  expect(res.status()).toBe(503);
  expect(res.headers()["retry-after"]).toBe("60");
  const body = await res.json();
  expect(body).toEqual({ error: { code: "unavailable", message: "Sorry, the service cannot reach its database just now. Try again in a minute.", reference: expect.stringMatching(/^\d+$/) } });
  references.api = body.error.reference;
});

test("a respondent's page says there is a problem with the service, in the site's frame and without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(`${BASE}/documents/0b6f3c1e-1d2a-4c55-9a7e-3f2d7c1b9e01`);
  expect(res?.status()).toBe(503);
  expect(res?.headers()["retry-after"]).toBe("60");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
  await expect(page).toHaveTitle("Sorry, there is a problem with the service – Lancashire consultations");
  await expect(page.getByRole("banner")).toContainText("Lancashire consultations");
  await expect(page.getByRole("link", { name: "contact the council" })).toHaveAttribute("href", "/contact");
  references.respondent = await shownReference(page);
  await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|postgres|Error:/);
  expect(await page.locator("script").count()).toBe(0);
  await context.close();
});

test("an officer's page says the same, with a button that tries again", async ({ page }) => {
  await page.goto(`${BASE}/consultations`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  references.officer = await shownReference(page);
  await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|postgres|Error:/);
  await expectNoAxeViolations(page);
});

test("a partner's answers posted while the database is away are kept, to copy or to send again", async ({ browser }) => {
  // A partner signed in before the database went away: their session is still good.
  const context = await browser.newContext({ baseURL: BASE });
  const sessionToken = await encode({ token: { sub: PARTNER_ID, name: "Priya Partner" }, secret: SECRET });
  await context.addCookies([{ name: "next-auth.session-token", value: sessionToken, url: BASE }]);
  const page = await context.newPage();
  await page.goto("/accessibility");
  // The CSRF token every page's form carries, from the cookie the first page set.
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.csrf-token"));
  const csrfToken = decodeURIComponent(cookie?.value ?? "").split("|")[0]!;
  expect(csrfToken).toMatch(/^\w{16,}$/);
  const answer = 'Our answer: <script>alert("x")</script> & more, on "shared" priorities.\nSecond line.';
  const explanation = "Because the partnership asked for it.";
  // The chapter's form as the browser sends it (the page itself cannot be read while the database is away).
  const post = async (token: string) => {
    const posted = page.waitForResponse((r) => r.request().method() === "POST");
    await page.evaluate(
      ({ answer, explanation, token }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = "/respond/lsp-future/chapter/1";
        const fields: [string, string][] = [
          ["csrfToken", token],
          ["q-6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b", answer],
          ["q-6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b.explanation", explanation],
          ["topics", "housing"],
          ["topics", "health"],
          ["intent", "continue"],
        ];
        for (const [name, value] of fields) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { answer, explanation, token },
    );
    expect((await posted).status()).toBe(503);
    await page.waitForURL("**/respond/lsp-future/chapter/1");
  };

  // A post this site's page did not send (another site's, without the token): nothing of it is shown or offered to send.
  await post("not-the-token");
  await expect(page.getByText("The service cannot reach its database just now, so nothing was saved. Try again in a minute.")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("alert(");

  await post(csrfToken);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
  await expect(page.getByText("The service cannot reach its database just now, so nothing was saved. Try again in a minute.")).toBeVisible();
  await expect(page.getByLabel("What you typed (1 of 2)")).toHaveValue(answer);
  await expect(page.getByLabel("What you typed (2 of 2)")).toHaveValue(explanation);
  references.post = await shownReference(page);
  // Who is signed in cannot be read just now: the header offers neither sign in nor sign out.
  await expect(page.getByRole("banner")).toContainText("Lancashire consultations");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|postgres|Error:/);
  expect(await page.locator("script").count()).toBe(0);
  await expectNoAxeViolations(page);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: "test-results/database-down-post-kept.png", fullPage: true });

  // Try again sends the same post, every field as it was (the repeated ones too).
  const again = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/respond/lsp-future/chapter/1"));
  const answered = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Try again" }).click();
  const sent = new URLSearchParams((await again).postData() ?? "");
  // (A form sends line breaks as CR LF, as it did the first time.)
  expect(sent.get("q-6f1f0e3b-2a10-4f7e-9d51-5d0c8a4e8a7b")?.replace(/\r\n/g, "\n")).toBe(answer);
  expect(sent.getAll("topics")).toEqual(["housing", "health"]);
  expect(sent.get("intent")).toBe("continue");
  expect(sent.get("csrfToken")).toBe(csrfToken);
  expect((await answered).status()).toBe(503);
  await expect(page.getByLabel("What you typed (1 of 2)")).toHaveValue(answer);
  await context.close();
});

test("the metrics still answer, and say the database is down", async ({ request }) => {
  const res = await request.get(`${BASE}/api/metrics`, { headers: { Authorization: "Bearer db-down-health-token" } });
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/^consult_database_up\{database="primary"\} 0$/m);
  expect(text).toMatch(/^consult_health_status\{status="unavailable"\} 1$/m);
  // Not counted, rather than 0 (prom-client writes NaN as "Nan", which Prometheus reads as NaN).
  expect(text).toMatch(/^consult_jobs_due nan$/im);
});

test("the server's log is JSON lines (LOG_FORMAT=json) with each failure, and never a statement's values", async () => {
  // Runs after the journeys above, whose requests failed on the database.
  // Next.js writes a few lines of its own before it loads the app (its banner, "Ready in"): text.
  const all = output.split("\n").filter((l) => l.trim() !== "");
  const lines = all.slice(all.findIndex((l) => l.startsWith("{")));
  expect(all.length - lines.length).toBeLessThanOrEqual(6);
  expect(lines.length).toBeGreaterThan(0);
  const entries = lines.map((l) => JSON.parse(l) as { time: string; level: string; instance: string; msg: string; error?: { name: string; query?: string; reference?: string; cause?: unknown } });
  for (const e of entries) {
    expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(["info", "warn", "error"]).toContain(e.level);
    expect(e.instance).toBeTruthy();
  }
  // The partner's session read failed: the statement is logged, its parameter (their id) is not.
  const failures = entries.filter((e) => e.level === "error" && e.error);
  expect(failures.length).toBeGreaterThan(0);
  expect(JSON.stringify(failures)).toContain("ECONNREFUSED");
  expect(failures.some((e) => e.error?.query)).toBe(true);
  expect(output).not.toContain(PARTNER_ID);
  expect(output).not.toContain("alert(");
  // Each reference a person was given finds its failure in the log (API, respondent page, officer
  // page, a post kept), each once.
  expect(Object.keys(references).sort()).toEqual(["api", "officer", "post", "respondent"]);
  for (const [where, reference] of Object.entries(references)) {
    const found = failures.filter((e) => e.error?.reference === reference || e.msg.includes(`reference ${reference}`));
    expect(found.length, `the ${where} failure's reference ${reference} in the log`).toBeGreaterThanOrEqual(1);
  }
});

// Exports and the API, end to end: an officer downloads the council's response (DOCX, PDF,
// print view) and the responses (CSV, XLSX, and a background export); partners are refused;
// an admin creates an API key (shown once), uses it, and revokes it; the API reference renders.
// Every page is checked with axe and photographed for a look.
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "../lib/invitations/csv";
import { expectNoAxeViolations, signInAs } from "./fixtures";

test.describe.configure({ mode: "serial" });

const TITLE = "Local Strategic Partnerships: Shaping their Future";
let odpm = "";
/** The submitted responses the Exports tab states (2 as seeded; more once other journeys have submitted): the downloads must hold as many. */
let submitted = 0;
const exportsPage = () => `/manage/${odpm}/exports`;

async function shot(page: Page, name: string) {
  // Outside test-results, which every Playwright run on this machine empties.
  await page.screenshot({ path: `${process.env.SHOTS_DIR ?? "/tmp/exports-shots"}/exports-${name}.png`, fullPage: true });
}

test("an officer opens the Exports tab of the ODPM consultation", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  const href = await page.getByRole("link", { name: TITLE, exact: true }).first().getAttribute("href");
  odpm = /\/manage\/([0-9a-f-]{36})/.exec(href ?? "")![1]!;
  await page.goto(`/manage/${odpm}`);
  await page.getByRole("navigation", { name: "Consultation" }).getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  const council = page.getByTestId("council-response-exports");
  await expect(council).toContainText("Not signed off yet");
  const stated = /(\d+) submitted responses?/.exec(await page.getByTestId("responses-exports").innerText());
  expect(stated).not.toBeNull();
  submitted = Number(stated![1]);
  expect(submitted).toBeGreaterThanOrEqual(2);
  await expectNoAxeViolations(page);
  await shot(page, "tab");
});

test("the council's response downloads as Word and PDF, and opens as a print view marked DRAFT", async ({ page }) => {
  await signInAs(page, "officer", exportsPage());
  await page.goto(exportsPage());
  const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as Word (DOCX)" }).click()]);
  expect(docx.suggestedFilename()).toBe("lsp-shaping-their-future-draft-council-response.docx");
  const docxBytes = await (await docx.createReadStream()).toArray();
  expect(Buffer.concat(docxBytes).subarray(0, 2).toString()).toBe("PK");

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe("lsp-shaping-their-future-draft-council-response.pdf");
  expect(Buffer.concat(await (await pdf.createReadStream()).toArray()).subarray(0, 5).toString()).toBe("%PDF-");

  const printHref = await page.getByRole("link", { name: /Open the print view/ }).getAttribute("href");
  await page.goto(printHref!);
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText("DRAFT. These answers have not been signed off and may change.")).toBeVisible();
  await expect(page.locator(".qa")).toHaveCount(35);
  await expectNoAxeViolations(page);
  await shot(page, "print-view");
});

test("the collated report and the responses download for the officer", async ({ page }) => {
  await signInAs(page, "officer", exportsPage());
  await page.goto(exportsPage());
  const [report] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download collated report as Word (DOCX)" }).click()]);
  expect(report.suggestedFilename()).toBe("lsp-shaping-their-future-collated-report.docx");
  const csv = await page.request.get(`${exportsPage()}/responses-wide.csv`);
  expect(csv.status()).toBe(200);
  // A header and a row for each submitted response the tab stated (answers may hold line breaks: read it as CSV).
  const rows = parseCsv(await csv.text());
  expect(rows).toHaveLength(1 + submitted);
  expect(rows[0]!.slice(0, 2)).toEqual(["Reference", "Organisation"]);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Excel workbook (XLSX)" }).click()]);
  expect(xlsx.suggestedFilename()).toBe("lsp-shaping-their-future-responses.xlsx");
});

test("a background export is prepared and offered for download when ready", async ({ page }) => {
  await signInAs(page, "officer", exportsPage());
  await page.goto(exportsPage());
  // The officer is told how long the file stays (EXPORT_KEEP_DAYS, 7 by default).
  await expect(page.getByText(/kept here for 7 days for you and your colleagues to download, then deleted/)).toBeVisible();
  await page.getByLabel("Format").selectOption({ label: "Excel workbook (XLSX), both layouts" });
  await page.getByRole("button", { name: "Prepare export" }).click();
  await expect(page.getByText("The export is being prepared")).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.goto(exportsPage());
        return page.getByTestId("export-jobs").locator("tbody tr").first().innerText();
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toContain("Ready");
  const link = page.getByTestId("export-jobs").getByRole("link", { name: /Download lsp-shaping-their-future-responses\.xlsx/ }).first();
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(file.suggestedFilename()).toBe("lsp-shaping-their-future-responses.xlsx");
  await expectNoAxeViolations(page);
  await shot(page, "tab-with-job");
});

test("partners are refused the council's exports", async ({ page }) => {
  await signInAs(page, "partner");
  for (const file of ["council-response.docx", "collated-report.pdf", "responses-wide.csv", "responses.xlsx"]) {
    const res = await page.request.get(`${exportsPage()}/${file}`);
    expect(res.status(), file).toBe(403);
  }
  const res = await page.goto(exportsPage());
  expect(res?.status()).toBe(403);
});

test("an admin creates an API key, which is shown once, works, and stops working when revoked", async ({ page }) => {
  await signInAs(page, "admin", "/admin/api-keys");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expectNoAxeViolations(page);

  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create API key" }) });
  await form.getByLabel("Name").fill("Police records system");
  await form.getByRole("button", { name: "Create API key" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Select the organisation the key acts for");
  await expect(summary).toContainText("Select what the key may do");
  await expect(form.getByLabel("Name")).toHaveValue("Police records system");
  await expectNoAxeViolations(page);

  await form.getByLabel("Organisation the key acts for").selectOption({ label: "Lancashire Constabulary (Police)" });
  await form.getByLabel("What the key may do").selectOption({ label: "Read only" });
  await form.getByRole("button", { name: "Create API key" }).click();
  const created = page.getByTestId("created-key");
  await expect(created).toContainText("Copy the key now");
  const key = await created.getByLabel("API key").inputValue();
  expect(key).toMatch(/^cck_[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page);
  await shot(page, "api-key-created");

  const api = await page.request.get("/api/v1/consultations", { headers: { authorization: `Bearer ${key}` } });
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { data: { title: string }[] }).data.map((c) => c.title)).toContain(TITLE);
  const write = await page.request.post("/api/v1/question-sets/parse", { headers: { authorization: `Bearer ${key}`, "content-type": "text/plain" }, data: "1: A question?" });
  expect(write.status()).toBe(200);

  await page.goto("/admin/api-keys");
  await expect(page.getByTestId("created-key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  const row = page.getByTestId("api-keys").getByRole("row").filter({ hasText: "Police records system" });
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).not.toContainText("Never");
  await row.getByRole("link", { name: "Revoke the key Police records system" }).click();
  await expect(page.getByTestId("confirm-step")).toContainText("Are you sure you want to revoke the API key “Police records system”?");
  await page.getByRole("button", { name: "Yes, revoke this key" }).click();
  await expect(page.getByText("API key “Police records system” revoked")).toBeVisible();
  await expect(page.getByTestId("api-keys").getByRole("row").filter({ hasText: "Police records system" })).toContainText("Revoked");
  const after = await page.request.get("/api/v1/consultations", { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  await shot(page, "api-keys");
});

test("partners cannot reach the API keys page", async ({ page }) => {
  await signInAs(page, "partner");
  const res = await page.goto("/admin/api-keys");
  expect(res?.status()).toBe(403);
});

test("the API reference renders from the OpenAPI document, without signing in", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /GET \/consultations\/\{consultationId\}\/export\.csv/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "DraftAnswer", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, "api-docs");
  const doc = await page.request.get("/api/v1/openapi.json");
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
  const unknown = await page.request.get("/api/v1/nothing-here");
  expect(unknown.status()).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
});

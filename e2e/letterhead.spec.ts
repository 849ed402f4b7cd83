// Documents a council would send, end to end: the administrator sets the council's letterhead
// (refused values come back at their fields, with and without JavaScript, keeping what was
// typed) and uploads a logo, served as the image it is; the officer downloads the covering
// letter and annex as Word and PDF; a partner prints and downloads its own response, and
// another organisation's partner is refused it. axe on every new page, keyboard for the form.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { testPng } from "../lib/branding/testing";
import { readZipEntries } from "../lib/exports/testing/zip";
import { expectNoAxeViolations, signInAs } from "./fixtures";

test.describe.configure({ mode: "serial" });

const ODPM_SLUG = "lsp-shaping-their-future";
const TITLE = "Local Strategic Partnerships: Shaping their Future";
const files = mkdtempSync(path.join(tmpdir(), "letterhead-e2e-"));
const LOGO = path.join(files, "logo.png");
const SVG = path.join(files, "logo.svg");
writeFileSync(LOGO, testPng());
writeFileSync(SVG, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
let brandingPath = "";

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${process.env.SHOTS_DIR ?? "/tmp/letterhead-shots"}/letterhead-${name}.png`, fullPage: true });
}

async function bytesOf(download: import("@playwright/test").Download): Promise<Buffer> {
  return Buffer.concat(await (await download.createReadStream()).toArray());
}

test("the administrator finds the council's letterhead from the organisations page", async ({ page }) => {
  await signInAs(page, "admin", "/admin/organisations");
  await page.goto("/admin/organisations");
  await page.getByRole("link", { name: /^Letterhead of / }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Letterhead" })).toBeVisible();
  brandingPath = new URL(page.url()).pathname;
  await expectNoAxeViolations(page);
});

test("refused values come back at their fields, keeping what was typed (JavaScript off)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "admin", brandingPath);
  await page.goto(brandingPath);
  await page.getByLabel("Council name").fill("Chorley Borough Council");
  await page.getByLabel("Contact officer’s email address").fill("not an address");
  await page.getByLabel("Letter text").fill("Dear {{asked_by}}, about {{consultaton_title}}");
  await page.getByLabel(/Upload a logo|Replace the logo/).setInputFiles(SVG);
  await page.getByRole("button", { name: "Save letterhead" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toContainText("{{consultaton_title}} is not a placeholder");
  await expect(summary).toContainText("Enter an email address in the correct format");
  await expect(page.getByLabel("Council name")).toHaveValue("Chorley Borough Council");
  await expect(page.getByLabel("Letter text")).toHaveValue("Dear {{asked_by}}, about {{consultaton_title}}");
  // (axe needs JavaScript: the same page with errors is checked in the next test.)
  await shot(page, "errors");
  await context.close();
});

test("an SVG logo is refused at its field", async ({ page }) => {
  await signInAs(page, "admin", brandingPath);
  await page.goto(brandingPath);
  await page.getByLabel(/Upload a logo|Replace the logo/).setInputFiles(SVG);
  await page.getByRole("button", { name: "Save letterhead" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The logo must be a PNG or JPEG image");
  await expect(page.locator("#f-logo-error")).toContainText("The logo must be a PNG or JPEG image");
  await expectNoAxeViolations(page);
});

test("the administrator sets the letterhead by keyboard and uploads a logo, which is served as a PNG", async ({ page }) => {
  await signInAs(page, "admin", brandingPath);
  await page.goto(brandingPath);
  await page.getByLabel("Council name").focus();
  await page.keyboard.type("Chorley Borough Council");
  const fields: [string | RegExp, string][] = [
    ["Postal address", "Town Hall\nMarket Street\nChorley PR7 1DP"],
    ["Contact officer’s name", "Jane Fisher"],
    ["Contact officer’s email address", "jane.fisher@council.example"],
    ["Contact officer’s phone number", "01257 515151"],
    ["Signatory’s name", "Donna Hall"],
    ["Signatory’s job title", "Chief Executive"],
  ];
  for (const [label, value] of fields) {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(value);
  }
  await page.getByLabel(/Upload a logo|Replace the logo/).setInputFiles(LOGO);
  await page.getByRole("button", { name: "Save letterhead" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Letterhead saved")).toBeVisible();
  await page.reload();
  const logo = page.getByRole("img", { name: "Chorley Borough Council logo" });
  await expect(logo).toBeVisible();
  const src = await logo.getAttribute("src");
  const res = await page.request.get(src!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await res.body()).equals(testPng())).toBe(true);
  await expectNoAxeViolations(page);
  await shot(page, "saved");
});

test("the officer downloads the covering letter and annex as Word and PDF", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  const href = await page.getByRole("link", { name: TITLE, exact: true }).first().getAttribute("href");
  const exportsPage = `${href}/exports`;
  await page.goto(exportsPage);
  const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the covering letter and annex as Word (DOCX)" }).click()]);
  expect(docx.suggestedFilename()).toBe(`${ODPM_SLUG}-draft-covering-letter.docx`);
  const entries = readZipEntries(await bytesOf(docx));
  const xml = entries.get("word/document.xml")!.toString("utf8");
  expect(xml).toContain("Chorley Borough Council");
  expect(xml).toContain("Chief Executive");
  expect(xml).toContain('w:val="Heading1"');
  expect([...entries.keys()].some((k) => k.startsWith("word/media/"))).toBe(true);
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the covering letter and annex as PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe(`${ODPM_SLUG}-draft-covering-letter.pdf`);
  expect((await bytesOf(pdf)).subarray(0, 5).toString()).toBe("%PDF-");
  const print = await page.getByRole("link", { name: "Open the covering letter's print view (HTML)" }).getAttribute("href");
  await page.goto(print!);
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByRole("img", { name: "Chorley Borough Council logo" })).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, "letter-print-view");
});

test("the consultation's details offer its own contact officer, the council's by default, and refuse a bad address", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  const href = await page.getByRole("link", { name: TITLE, exact: true }).first().getAttribute("href");
  await page.goto(`${href}/edit/details`);
  await expect(page.getByText("Leave both empty to use the council's contact officer, Jane Fisher (jane.fisher@council.example).")).toBeVisible();
  await page.getByLabel("Contact officer's email address").fill("not an address");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter an email address in the correct format");
  await expectNoAxeViolations(page);
  await shot(page, "details-contact");
});

test("a partner prints and downloads its own submitted response", async ({ page }) => {
  await signInAs(page, "cvs", `/respond/${ODPM_SLUG}/submitted`);
  await page.goto(`/respond/${ODPM_SLUG}/submitted`);
  await expect(page.getByRole("heading", { name: "Print or keep a copy" })).toBeVisible();
  await expectNoAxeViolations(page);
  const [docx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as Word (DOCX)" }).click()]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  expect(readZipEntries(await bytesOf(docx)).get("word/document.xml")!.toString("utf8")).toContain("Chorley Council for Voluntary Service");
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as PDF" }).click()]);
  expect((await bytesOf(pdf)).subarray(0, 5).toString()).toBe("%PDF-");
  await page.getByRole("link", { name: "Open the print view" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText("Chorley Council for Voluntary Service").first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.emulateMedia({ media: "print" });
  await shot(page, "partner-print-view");
});

test("another organisation's partner is refused that response", async ({ page }) => {
  await signInAs(page, "admin", "/admin/users");
  // The add-a-person form offers at most 50 organisations: found by name.
  const users = await (await page.request.get(`/admin/users?org=${encodeURIComponent("Chorley Council for Voluntary Service")}`)).text();
  const cvsOrg = /<option value="([0-9a-f-]{36})">Chorley Council for Voluntary Service<\/option>/.exec(users)![1]!;
  await signInAs(page, "partner", `/respond/${ODPM_SLUG}`);
  for (const file of ["response.html", "response.pdf", "response.docx"]) {
    const res = await page.request.get(`/consultations/${ODPM_SLUG}/our-response/${file}?org=${cvsOrg}`);
    expect(res.status(), file).toBe(403);
    expect(await res.text()).toBe("You can only download your own organisation's response.");
  }
  // Council staff do not get a partner's copy either; they have the council's exports.
  await signInAs(page, "officer", "/manage");
  expect((await page.request.get(`/consultations/${ODPM_SLUG}/our-response/response.html?org=${cvsOrg}`)).status()).toBe(403);
});

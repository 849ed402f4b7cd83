// Issue 19: an officer uploads a consultation paper as a Word file or a PDF (made here, with
// Word's automatic numbering, and a PDF with a running header and page numbers), checks what was
// found, fixes the text, and creates the consultation; with JavaScript on and off; a file that is
// not a paper is refused at the field; axe on each state of the page.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { pagedPdf, parkingStrategyDocx } from "../lib/question-sets/test-papers";
import { expectNoAxeViolations, signInAs } from "./fixtures";

const DIR = path.resolve("test-results/import-files");
const DOCX = path.join(DIR, "parking-strategy.docx");
const PDF = path.join(DIR, "parking-strategy.pdf");
const BAD = path.join(DIR, "photo.docx");
const SHOTS = process.env.E2E_SHOTS_DIR ?? DIR;

test.beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(DOCX, await parkingStrategyDocx());
  writeFileSync(
    PDF,
    await pagedPdf([
      ["Parking Strategy 2026 to 2031", "", "1. Do you agree with the proposed parking zones?"],
      ["2. Do you agree with the proposed permit charges?", "Yes / No"],
      ["3. What else should the council consider?"],
    ]),
  );
  writeFileSync(BAD, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
});

async function openImporter(page: Page) {
  await signInAs(page, "officer", "/manage/import");
  await page.goto("/manage/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import questions" })).toBeVisible();
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`an officer uploads a Word file, checks and fixes what was found, and creates the consultation (${js})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await openImporter(page);
    await page.getByLabel("Upload the consultation paper").setInputFiles(DOCX);
    await page.getByRole("button", { name: "Check the questions" }).click();
    const preview = page.getByTestId("paste-preview");
    await expect(preview.getByTestId("paste-source")).toContainText("parking-strategy.docx");
    await expect(preview.getByTestId("paste-counts")).toHaveText("3 questions in 1 chapter.");
    await expect(preview).toContainText("1. Do you agree with the proposed parking zones?");
    await expect(preview.getByTestId("preview-type").nth(1)).toHaveText("Single choice: Daily / Weekly / Rarely");
    // Word's numbering came out as text the officer can see and correct.
    await expect(page.getByLabel("Paste the questions")).toHaveValue(/1\. Do you agree with the proposed parking zones\?/);
    // axe runs in the page: with JavaScript off the same page is checked by the test above.
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    if (javaScriptEnabled) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, "import-upload-preview.png"), fullPage: true });
    }

    const text = await page.getByLabel("Paste the questions").inputValue();
    await page.getByLabel("Paste the questions").fill(text.replace("proposed parking zones?", "proposed parking zones and hours?"));
    await page.getByRole("button", { name: "Check again" }).click();
    await expect(preview).toContainText("1. Do you agree with the proposed parking zones and hours?");
    await expect(page.getByLabel("Title")).toHaveValue("Parking Strategy 2026 to 2031");
    await page.getByLabel("Title").fill(`Parking strategy (${js})`);
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?imported=1/);
    await expect(page.getByTestId("structure-count")).toHaveText("3 questions in 1 chapter");
    await expect(page.getByText("Do you agree with the proposed parking zones and hours?")).toBeVisible();
    await context.close();
  });

  test(`an officer uploads a PDF and its running header and page numbers are left out (${js})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await openImporter(page);
    await page.getByLabel("Upload the consultation paper").setInputFiles(PDF);
    await page.getByRole("button", { name: "Check the questions" }).click();
    const preview = page.getByTestId("paste-preview");
    await expect(preview.getByTestId("paste-source")).toContainText("PDF, 3 pages");
    await expect(preview.getByTestId("paste-counts")).toHaveText("3 questions in 1 chapter.");
    await expect(preview.getByTestId("preview-type").nth(1)).toHaveText("Yes or no, with explanation");
    await expect(page.getByLabel("Paste the questions")).not.toHaveValue(/Draft for consultation|Page 1 of 3/);
    // What was left out is listed, not lost silently.
    await expect(preview.getByTestId("paste-left-out")).toContainText("“Borough Council – Draft for consultation”, a running header or footer (3 pages)");
    await expect(preview.getByTestId("paste-left-out")).toContainText("Page numbers (3)");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await context.close();
  });
}

test("a pasted survey page's form labels and page numbers are listed under Text not imported", async ({ page }) => {
  await openImporter(page);
  await page.getByLabel("Paste the questions").fill(["Question Title", "* 1. Do you agree with the proposal?", "Page 1 of 2", "Question Title", "* 2. Any other comments?"].join("\n"));
  await page.getByRole("button", { name: "Check the questions" }).click();
  const preview = page.getByTestId("paste-preview");
  await expect(preview.getByTestId("paste-counts")).toHaveText("2 questions in 1 chapter.");
  await expect(preview.getByTestId("paste-no-warnings")).toContainText("listed under “Text not imported”");
  const skipped = preview.getByTestId("paste-skipped");
  await skipped.getByText(/Text not imported/).click();
  await expect(skipped).toContainText("Lines 1 to 4, page numbers, running headers and form labels left out");
  await expect(skipped).toContainText("line 3: Page 1 of 2");
  await expectNoAxeViolations(page);
});

for (const javaScriptEnabled of [true, false]) {
  test(`a file that is not a Word document or a PDF is refused at the field, and the typed text is kept (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await openImporter(page);
    await page.getByLabel("Paste the questions").fill("1. Kept?");
    await page.getByLabel("Upload the consultation paper").setInputFiles(BAD);
    await page.getByRole("button", { name: "Check the questions" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("must be a Word document (.docx), a PDF or a text file");
    await expect(page.locator(".govuk-error-message").first()).toContainText("must be a Word document");
    await expect(page.getByLabel("Paste the questions")).toHaveValue("1. Kept?");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await context.close();
  });
}

// Officers author, import and publish consultations and invite partners: paste the ODPM paper,
// publish to two partner organisations, follow an invitation link, remind only those yet to
// submit; the editor with and without JavaScript; bad input that changes nothing; the public
// hub; axe on every page built here. Creates its own consultations (the seeded ones are left
// as they are for the other journeys).
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, fillDate, latestEmailLink, signInAs, signInAsWithoutJs, ukDay } from "./fixtures";

const SEED_PAPER = "/work/shared/seeds/002_c29d52a561d580ca.txt";
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/authoring-shots";
mkdirSync(SHOTS, { recursive: true });

/** A screenshot of the top of the page, and one of the whole page. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await page.screenshot({ path: `${SHOTS}/${name}-full.png`, fullPage: true });
}

/**
 * The link in the newest outbox email to `email` whose subject matches, read as the admin and
 * waiting for the job worker to write it. Signs in as the admin unless already signed in.
 */
async function outboxSubjects(page: Page, email: string) {
  if (!(await page.getByTestId("signed-in-as").filter({ hasText: "Ravi Shah" }).count())) await signInAs(page, "admin", "/admin/outbox");
  await page.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  return page.getByTestId("outbox-subject").allTextContents();
}

let odpmId = "";
let odpmSlug = "";

test.describe.serial("the ODPM paper, from paste to reminders", () => {
  test("an officer pastes the ODPM questions, checks what was found and creates the consultation", async ({ page }) => {
    // The first journey after the server starts, with six axe scans of 35-question pages: on a
    // busy two-core host it has run past the default minute.
    test.slow();
    await signInAs(page, "officer");
    await page.getByRole("link", { name: "Manage consultations" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Consultations" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Import questions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import questions" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel("Paste the questions").fill(readFileSync(SEED_PAPER, "utf8"));
    await page.getByRole("button", { name: "Check the questions" }).click();
    const preview = page.getByTestId("paste-preview");
    await expect(preview.getByTestId("paste-counts")).toHaveText("35 questions in 4 chapters, with 35 draft answers.");
    await expect(preview.getByTestId("paste-no-warnings")).toBeVisible();
    await expect(preview.getByTestId("preview-chapter")).toHaveCount(4);
    await expect(preview).toContainText("Regional/sub-regional engagement");
    await expect(preview).toContainText("35. What learning or development do you feel is required by LSPs");
    await expectNoAxeViolations(page);
    await shot(page, "importer-preview");
    // Fix nothing; give the details the paper does not carry.
    await expect(page.getByLabel("Title")).toHaveValue(/Local Strategic Partnerships: Shaping Their Future/);
    await expect(page.getByRole("radio", { name: "Consultation to answer" })).toBeChecked();
    await page.getByLabel("Who is asking").fill("ODPM");
    await fillDate(page, /Opening date/, ukDay(0));
    await fillDate(page, /Closing date/, ukDay(30));
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?imported=1/);
    odpmId = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1];
    await expect(page.getByTestId("structure-count")).toHaveText("35 questions in 4 chapters");
    await expect(page.getByTestId("editor-chapter").first()).toContainText("Chapter 1: The role of LSPs and Sustainable Community Strategies");
    await expectNoAxeViolations(page);
    await shot(page, "editor");
  });

  test("the officer picks two partner organisations and publishes; each contact's invitation is in the outbox", async ({ page }) => {
    await signInAs(page, "officer", `/manage/${odpmId}/audience`);
    await page.goto(`/manage/${odpmId}/audience`);
    await expect(page.getByRole("heading", { level: 1, name: "Audience" })).toBeVisible();
    await page.getByLabel(/All contacts at Lancashire Constabulary/).check();
    await page.getByLabel(/All contacts at Chorley and South Ribble Primary Care Trust/).check();
    await page.getByRole("button", { name: "Add to the audience" }).click();
    await expect(page.getByText("3 people added to the audience")).toBeVisible();
    await expect(page.getByTestId("audience-row")).toHaveCount(3);
    await expect(page.getByTestId("email-state").first()).toContainText("Not sent yet");
    await expectNoAxeViolations(page);
    await shot(page, "audience-before-publish");

    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page.getByTestId("publish-problems")).toHaveCount(0);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("published-banner")).toContainText("Published as version 1.");
    await expect(page.getByTestId("published-banner")).toContainText("Invitation emails to 3 contacts are being sent.");
    await expectNoAxeViolations(page);

    for (const who of [DEMO.partner, DEMO.partner2, DEMO.health]) {
      const link = await latestEmailLink(page, who.email, /Invitation to respond: Local Strategic Partnerships/);
      expect(link).toContain("/api/auth/callback/email?callbackUrl=");
      expect(decodeURIComponent(link)).toMatch(/\/respond\/local-strategic-partnerships-shaping-their-future/);
    }
    // Nobody else was invited.
    expect(await outboxSubjects(page, DEMO.cvs.email)).not.toContainEqual(expect.stringMatching(/Invitation to respond: Local Strategic Partnerships: Shaping Their/));
  });

  test("the invitation link signs the partner in and takes them straight to the consultation", async ({ page }) => {
    const link = await latestEmailLink(page, DEMO.health.email, /Invitation to respond: Local Strategic Partnerships/);
    odpmSlug = decodeURIComponent(link).match(/\/respond\/([a-z0-9-]+)/)![1];
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByTestId("signed-in-as")).toContainText(DEMO.health.name);
    await expect(page).toHaveURL(new RegExp(`/respond/${odpmSlug}$`));
    // Grace answers one question and submits for her organisation.
    await page.goto(`/respond/${odpmSlug}/chapter/1`);
    await page.getByRole("textbox", { name: /^Question 1 / }).fill("The LSP should own the vision for the area.");
    for (const next of ["chapter/2", "chapter/3", "chapter/4", "check"]) {
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect(page).toHaveURL(new RegExp(`/respond/${odpmSlug}/${next}$`));
    }
    await page.getByLabel(/I confirm that I may submit this response/).check();
    await page.getByRole("button", { name: "Submit response" }).click();
    await expect(page.getByText(/reference/i).first()).toBeVisible();
  });

  test("the officer sees who opened and who submitted, and 'remind' goes only to those who have not submitted", async ({ page }) => {
    await signInAs(page, "officer", `/manage/${odpmId}/audience`);
    await page.goto(`/manage/${odpmId}/audience`);
    const grace = page.getByTestId("audience-row").filter({ hasText: DEMO.health.email });
    await expect(grace.getByTestId("progress")).toContainText("Submitted");
    await expect(grace).not.toContainText(/Opened\s*No/);
    await expect(page.getByTestId("audience-row").filter({ hasText: DEMO.partner.email }).getByTestId("progress")).toContainText("Not started");
    await page.getByRole("button", { name: "Remind those who have not submitted" }).click();
    await expect(page.getByText("Reminders to 2 people are being sent")).toBeVisible();
    await shot(page, "audience");
    for (const who of [DEMO.partner, DEMO.partner2]) {
      const link = await latestEmailLink(page, who.email, /Reminder: Local Strategic Partnerships/);
      expect(link).toContain("/api/auth/callback/email?");
    }
    expect(await outboxSubjects(page, DEMO.health.email)).not.toContainEqual(expect.stringMatching(/^Reminder:/));
  });

  test("once answered, a question cannot be deleted but its wording can be fixed, as a new version", async ({ page }) => {
    await signInAs(page, "officer", `/manage/${odpmId}/edit`);
    await page.goto(`/manage/${odpmId}/edit`);
    await expect(page.getByTestId("open-notice")).toContainText("now version 1");
    await page.getByRole("link", { name: "Delete question 1", exact: true }).click();
    await expect(page.getByText("Partners have given 1 answer to this question, so it cannot be deleted")).toBeVisible();
    await expect(page.getByRole("button", { name: "Yes, delete this question" })).toHaveCount(0);
    await page.goto(`/manage/${odpmId}/edit`);
    await page.getByRole("link", { name: "Edit question 1", exact: true }).click();
    await expect(page.getByText("Partners have given 1 answer to this question.")).toBeVisible();
    await page.getByRole("radio", { name: "Short text" }).check();
    await page.getByRole("button", { name: "Save question" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("its type cannot change");
    await page.getByRole("radio", { name: "Long text" }).check();
    const text = page.getByLabel("Question", { exact: true });
    await text.fill(`${await text.inputValue()} (wording fixed)`);
    await page.getByRole("button", { name: "Save question" }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/${odpmId}/edit#question-`));
    await expect(page.getByTestId("open-notice")).toContainText("now version 2");
    await expect(page.getByTestId("editor-question").first()).toContainText("(wording fixed)");
  });

  test("the public hub lists it among the open consultations, and its page says how to respond", async ({ page }) => {
    await page.context().clearCookies();
    await page.goto("/consultations");
    const open = page.getByTestId("hub-open");
    await expect(open.getByRole("link", { name: "Local Strategic Partnerships: Shaping Their Future – A Consultation Paper" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel("Search by title").fill("Shaping Their Future");
    const mine = page.getByRole("link", { name: "Local Strategic Partnerships: Shaping Their Future – A Consultation Paper" });
    await page.getByLabel("Status").selectOption("closed");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("hub-count")).toContainText("matching “Shaping Their Future” (closed only)");
    await expect(mine).toHaveCount(0);
    await page.getByLabel("Status").selectOption("open");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("hub-open")).toBeVisible();
    await expect(page.getByTestId("hub-item").filter({ hasText: "Breckland" })).toHaveCount(0);
    await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping Their Future – A Consultation Paper" }).click();
    await expect(page.getByTestId("how-to-respond")).toContainText("Responses close at 11:59pm on");
    await expect(page.getByRole("link", { name: "Sign in to respond" })).toHaveAttribute("href", new RegExp(`/sign-in\\?callbackUrl=%2Frespond%2F${odpmSlug}`));
    await expectNoAxeViolations(page);
    await shot(page, "hub-consultation");
  });

  test("the question set exports to JSON and imports back to the same structure", async ({ page }) => {
    await signInAs(page, "officer", `/manage/${odpmId}`);
    const res = await page.request.get(`/manage/${odpmId}/export.json`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toMatch(/attachment; filename=".*\.question-set\.json"/);
    const set = await res.json();
    expect(set.format).toBe("council-consult/question-set");
    expect(set.chapters.flatMap((c: { questions: unknown[] }) => c.questions)).toHaveLength(35);
    await page.goto("/manage/import");
    await page.getByLabel("Question-set file").setInputFiles({ name: "odpm.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(set)) });
    await page.getByRole("button", { name: "Import file" }).click();
    await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?imported=1/);
    const copyId = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1];
    expect(copyId).not.toBe(odpmId);
    await expect(page.getByTestId("structure-count")).toHaveText("35 questions in 4 chapters");
    const again = await (await page.request.get(`/manage/${copyId}/export.json`)).json();
    expect(again).toEqual(set);
    const schema = await (await page.request.get("/api/v1/question-set.schema.json")).json();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toEqual(expect.arrayContaining(["format", "formatVersion", "title", "kind", "chapters"]));
  });
});

test.describe("bad input gets a clear message and changes nothing", () => {
  async function consultationCount(page: Page) {
    await page.goto("/manage");
    return Number((await page.getByTestId("manage-list").locator("caption").textContent())!.match(/\d+/)![0]);
  }

  test("an empty paste, a 5 MB paste and a malformed JSON file", async ({ page }) => {
    await signInAs(page, "officer", "/manage");
    const before = await consultationCount(page);
    await page.goto("/manage/import");
    await page.getByRole("button", { name: "Check the questions" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Paste the consultation paper's questions first.");
    await expect(page.locator("#f-text-error")).toContainText("Paste the consultation paper's questions first.");
    await expectNoAxeViolations(page);

    await page.getByLabel("Paste the questions").evaluate((el) => {
      (el as HTMLTextAreaElement).value = "1. Is this a question?\n".repeat(230_000);
    });
    await page.getByRole("button", { name: "Check the questions" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText(/Your paste is 5\.\d MB, more than the 2 MB limit/);
    await expect(page.getByTestId("paste-preview")).toHaveCount(0);

    await page.getByLabel("Question-set file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{\n  "format": "council-consult/question-set",\n  "title": "x",,\n}') });
    await page.getByRole("button", { name: "Import file" }).click();
    await expect(page.getByTestId("json-errors")).toContainText("line 3, column 16");
    await expect(page.getByTestId("json-errors")).toContainText("This is not valid JSON");
    const wrongShape = JSON.stringify({ format: "council-consult/question-set", formatVersion: 1, title: "x", kind: "survey", chapters: [{ title: "A", questions: [{ number: "1", type: "essay", text: "Hi" }] }] });
    await page.getByLabel("Or paste the JSON").fill(wrongShape);
    await page.getByRole("button", { name: "Import file" }).click();
    await expect(page.getByTestId("json-errors")).toContainText("kind");
    await expect(page.getByTestId("json-errors")).toContainText("chapters[0].questions[0].type");
    await expectNoAxeViolations(page);
    await shot(page, "importer-errors");
    expect(await consultationCount(page)).toBe(before);
  });

  test("dates in the wrong order, with and without JavaScript", async ({ page, browser }) => {
    await signInAs(page, "officer", "/manage");
    const before = await consultationCount(page);
    await page.goto("/manage/new");
    await page.getByLabel("Title").fill("Dates the wrong way round");
    await fillDate(page, /Opening date/, { day: "10", month: "3", year: "2031" });
    await fillDate(page, /Closing date/, { day: "1", month: "3", year: "2031" });
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("The closing date must be after the opening date");
    await expectNoAxeViolations(page);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await signInAsWithoutJs(p2, DEMO.officer.name);
    await p2.goto("/manage/new");
    await p2.getByLabel("Title").fill("Dates the wrong way round");
    await fillDate(p2, /Opening date/, { day: "10", month: "3", year: "2031" });
    await fillDate(p2, /Closing date/, { day: "1", month: "3", year: "2031" });
    await p2.getByRole("button", { name: "Create consultation" }).click();
    await expect(p2.locator(".govuk-error-summary")).toContainText("The closing date must be after the opening date");
    await expect(p2.getByLabel("Title")).toHaveValue("Dates the wrong way round");
    await noJs.close();
    expect(await consultationCount(page)).toBe(before);
  });
});

test.describe.serial("the editor", () => {
  let id = "";

  test("an officer creates a questionnaire, adds stages, chapters and questions of several types, and previews it", async ({ page }) => {
    await signInAs(page, "officer", "/manage/new");
    await page.goto("/manage/new");
    await page.getByLabel("Title").fill("Community safety priorities");
    await page.getByRole("radio", { name: "Questionnaire" }).check();
    await fillDate(page, /Opening date/, ukDay(1));
    await fillDate(page, /Closing date/, ukDay(40));
    await page.getByLabel("Summary").fill("Which community safety priorities should the partnership focus on?");
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?created=1/);
    id = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1];

    await page.getByRole("link", { name: "Add a stage" }).click();
    await page.getByLabel("Name of the stage").fill("Scoping stage");
    await fillDate(page, /Starts/, ukDay(1));
    await fillDate(page, /Due/, ukDay(20));
    await page.getByRole("button", { name: "Add stage" }).click();
    await expect(page.locator("section", { has: page.locator("#stages") })).toContainText("Scoping stage");

    await page.getByRole("link", { name: "Add a chapter" }).click();
    await page.getByLabel("Chapter title").fill("Priorities");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Add chapter" }).click();

    await page.getByRole("link", { name: "Add a question to chapter 1" }).click();
    await expect(page.getByLabel("Question number")).toHaveValue("1");
    await page.getByLabel("Question", { exact: true }).fill("Which sector is your organisation in?");
    await page.getByRole("radio", { name: "Single choice" }).check();
    // Live validation: the options are checked as soon as the field is left.
    await page.getByLabel("Options, one on each line").fill("Police");
    await page.getByLabel("Options, one on each line").blur();
    await expect(page.locator("#f-options-error")).toContainText("Enter at least 2 options, one on each line");
    await page.getByLabel("Options, one on each line").fill("Police\nHealth\nVoluntary sector");
    await page.getByLabel("Respondents must answer this question").check();
    await expectNoAxeViolations(page);
    await shot(page, "question-form");
    await page.getByRole("button", { name: "Add question" }).click();

    await page.getByRole("link", { name: "Add a question to chapter 1" }).click();
    await expect(page.getByLabel("Question number")).toHaveValue("2");
    await page.getByLabel("Question", { exact: true }).fill("What could the police do differently?");
    await page.getByLabel("Earlier question").selectOption("1");
    await expect(page.getByTestId("showif-choices")).toContainText("“Police”, “Health”, “Voluntary sector”");
    await page.getByLabel("Answers that show this question, one on each line").fill("Health\nVoluntary sector");
    await page.getByRole("button", { name: "Add question" }).click();

    await page.getByRole("link", { name: "Add a question to chapter 1" }).click();
    await page.getByLabel("Question", { exact: true }).fill("Rank these priorities");
    await page.getByRole("radio", { name: "Ranking of priorities" }).check();
    await page.getByLabel("Options, one on each line").fill("Anti-social behaviour\nRoad safety\nDomestic abuse");
    await page.getByRole("button", { name: "Add question" }).click();

    const rows = page.getByTestId("editor-question");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText("shown if question 1 is “Health” or “Voluntary sector”");
    await rows.nth(2).getByRole("button", { name: "Move up question 3" }).click();
    await expect(page.getByTestId("editor-question").nth(1)).toContainText("Rank these priorities");
    // A question cannot move above the one it depends on.
    await page.getByTestId("editor-question").nth(2).getByRole("button", { name: "Move up question 2" }).click();
    await page.getByTestId("editor-question").nth(1).getByRole("button", { name: "Move up question 2" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "question 1 must come before it" })).toBeVisible();
    await expectNoAxeViolations(page);
    await shot(page, "editor-questionnaire");

    await page.getByRole("link", { name: "Preview as a respondent" }).click();
    await expect(page.getByTestId("preview-banner")).toContainText("Nothing you enter here is saved");
    await expect(page.getByRole("radio", { name: "Health" })).toBeVisible();
    await expect(page.getByText("Answer this only if you answered “Health” or “Voluntary sector” to question 1.")).toBeVisible();
    await expectNoAxeViolations(page);
    await shot(page, "preview");
  });

  test("publishing lists what to fix first, and the editor works without JavaScript", async ({ browser, page }) => {
    await signInAs(page, "officer", `/manage/${id}`);
    await page.goto(`/manage/${id}/edit/chapters/new`);
    await page.getByLabel("Chapter title").fill("Left empty");
    await page.getByRole("button", { name: "Add chapter" }).click();
    // Back on the editor once the chapter is saved; leaving sooner would cancel the save.
    await expect(page).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
    await page.goto(`/manage/${id}`);
    await expect(page.getByTestId("publish-problems")).toContainText("Chapter 2, “Left empty”, has no questions");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("has no questions");
    await expect(page.getByTestId("status")).toContainText("Draft");

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await signInAsWithoutJs(p2, DEMO.officer.name);
    await p2.goto(`/manage/${id}/edit`);
    await p2.getByRole("link", { name: "Add a question to chapter 2" }).click();
    await p2.getByLabel("Question number").fill("1");
    await p2.getByLabel("Question", { exact: true }).fill("How many staff days can you give?");
    await p2.getByRole("radio", { name: "Number" }).check();
    await p2.getByLabel("Smallest number allowed").fill("10");
    await p2.getByLabel("Largest number allowed").fill("5");
    await p2.getByRole("button", { name: "Add question" }).click();
    await expect(p2.locator(".govuk-error-summary")).toContainText("Largest number allowed must be at least the smallest");
    await expect(p2.getByLabel("Question", { exact: true })).toHaveValue("How many staff days can you give?");
    await p2.getByLabel("Largest number allowed").fill("365");
    await p2.getByRole("button", { name: "Add question" }).click();
    await expect(p2.locator(".govuk-error-summary")).toContainText("There is already a question 1");
    await p2.getByLabel("Question number").fill("4");
    await p2.getByRole("button", { name: "Add question" }).click();
    await expect(p2).toHaveURL(new RegExp(`/manage/${id}/edit#question-`));
    await expect(p2.getByTestId("editor-chapter").nth(1)).toContainText("How many staff days can you give?");
    await noJs.close();

    await page.goto(`/manage/${id}`);
    await expect(page.getByTestId("publish-problems")).toHaveCount(0);
    await page.getByRole("button", { name: "Publish" }).click();
    // Nobody is invited: asked first (e2e/officer-tools.spec.ts covers the step itself).
    await expect(page.getByTestId("publish-confirm")).toContainText("No one is invited yet. Publish anyway?");
    await page.getByRole("button", { name: "Yes, publish anyway" }).click();
    await expect(page.getByTestId("published-banner")).toContainText("Nobody has been invited yet.");
    await page.getByRole("button", { name: "Close consultation" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Confirm that you want to close the consultation");
    await page.getByLabel("Yes, close this consultation now").check();
    await page.getByRole("button", { name: "Close consultation" }).click();
    await expect(page.getByTestId("status")).toContainText("Closed");
  });

  test("contacts import from CSV with every bad row listed and nothing saved", async ({ page }) => {
    await signInAs(page, "officer", "/manage/new");
    await page.goto("/manage/new");
    await page.getByLabel("Title").fill("Youth forum questionnaire");
    await page.getByRole("button", { name: "Create consultation" }).click();
    await page.waitForURL(/\/manage\/[0-9a-f-]{36}\/edit/);
    const cid = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1];
    await page.goto(`/manage/${cid}/audience`);
    await page.getByLabel("Or paste the rows").fill("name,email,organisation\nAmy Lowe,amy@youth.example,Chorley Youth Forum\n,not-an-email,\n");
    await page.getByRole("button", { name: "Import contacts" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Row 3: enter the contact's name");
    await expect(page.getByTestId("audience-row")).toHaveCount(0);
    await page.getByLabel("Or paste the rows").fill("name,email,organisation\nAmy Lowe,amy@youth.example,Chorley Youth Forum\nBen Ray,ben@youth.example,Chorley Youth Forum\n");
    await page.getByRole("button", { name: "Import contacts" }).click();
    await expect(page.getByText("2 people from 2 rows added to the audience")).toBeVisible();
    await expect(page.getByTestId("audience-row")).toHaveCount(2);
    await expect(page.getByTestId("picker-org").filter({ hasText: "Chorley Youth Forum" })).toContainText("All 2 contacts are invited.");
    await expectNoAxeViolations(page);
  });
});

test("partners and scrutiny members cannot author", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  await page.getByTestId("manage-list").getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).click();
  await page.waitForURL(/\/manage\/[0-9a-f-]{36}$/);
  const seeded = /\/manage\/([0-9a-f-]{36})/.exec(page.url())![1];
  await signInAs(page, "partner");
  for (const path of ["/manage", "/manage/new", "/manage/import", `/manage/${seeded}/edit`, `/manage/${seeded}/audience`, `/manage/${seeded}/preview`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  expect((await page.request.get(`/manage/${seeded}/export.json`)).status()).toBe(403);
  await signInAs(page, "scrutiny");
  for (const path of ["/manage/new", `/manage/${seeded}/edit`, `/manage/${seeded}/audience`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  // Scrutiny may read the overview, without the publish or close buttons.
  const res = await page.goto(`/manage/${seeded}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Close consultation" })).toHaveCount(0);
});

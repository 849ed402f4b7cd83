// Officers' tools (issue 20): duplicate a consultation, reuse questions from the question bank,
// restore an earlier revision of a draft answer (a stale restore is a conflict), no empty
// answer marked ready for review, no text revision for a status-only change, "publish anyway?"
// when nobody is invited, and one confirmation step before every destructive action, with
// JavaScript on and off. Works on its own copy of the ODPM consultation, so the seeded one is
// left as the other journeys expect it.
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, newSignedInPage, signInAs } from "./fixtures";

const ODPM = "Local Strategic Partnerships: Shaping their Future";
const BRECKLAND = "Breckland Partnership: partner questionnaire on refreshing the Sustainable Community Strategy";
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/officer-tools-shots";
mkdirSync(SHOTS, { recursive: true });

async function openConsultation(page: Page, title: string) {
  await page.goto("/manage");
  await page.getByRole("link", { name: title, exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  return /\/manage\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

test.describe.serial("officers' tools", () => {
  // Long journeys on a machine that may be busy: each test gets more than the default minute.
  test.describe.configure({ timeout: 180_000 });
  let copyId = "";
  let odpmId = "";
  let chapterOne = "";

  test("an officer duplicates a consultation: an unpublished draft titled “Copy of …” with its chapters and questions", async ({ page }) => {
    await signInAs(page, "officer", "/manage");
    odpmId = await openConsultation(page, ODPM);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Duplicate this consultation" }).click();
    await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?duplicated=1/);
    copyId = /\/manage\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect(copyId).not.toBe(odpmId);
    await expect(page.getByTestId("copied-banner")).toContainText("This is a copy, with 35 questions. It is an unpublished draft");
    await expect(page.getByTestId("editor-chapter")).toHaveCount(4);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/duplicated.png`, fullPage: false });
    await page.goto(`/manage/${copyId}`);
    await expect(page.getByTestId("status")).toContainText("Draft");
    await expect(page.locator("main")).toContainText(`Copy of ${ODPM}`);
    // The original is untouched and still open.
    await page.goto(`/manage/${odpmId}`);
    await expect(page.getByTestId("status")).not.toContainText("Draft");
  });

  test("the question bank finds questions from the council's other consultations and adds copies to a chapter", async ({ page }) => {
    await signInAs(page, "officer", `/manage/${copyId}/edit`);
    await page.goto(`/manage/${copyId}/edit`);
    await page.getByRole("link", { name: "reuse questions from earlier consultations in chapter 1" }).click();
    await expect(page.getByRole("heading", { name: "Reuse questions from earlier consultations" })).toBeVisible();
    chapterOne = new URL(page.url()).searchParams.get("chapter")!;
    await page.getByLabel("Search questions").fill("premises");
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByTestId("bank-question");
    await expect(results.first()).toBeVisible();
    const pick = results.filter({ hasText: "Tell us more about your organisation's future commitment of time and resources." });
    await expect(pick).toContainText("Type: Long text");
    await expect(pick).toContainText("Hint: For example staff time, funding, premises or data.");
    await expect(pick).toContainText(`From: ${BRECKLAND}, question 2a`);
    // The consultation's own questions are never offered.
    await expect(page.getByTestId("bank-results")).not.toContainText(`From: Copy of ${ODPM}`);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/question-bank.png`, fullPage: true });

    // Nothing ticked: told so at the field, and nothing added.
    await page.getByRole("button", { name: "Add selected questions" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Select at least one question");
    await expectNoAxeViolations(page);

    await pick.getByRole("checkbox").check();
    await expect(page.getByLabel("Add the selected questions to")).toHaveValue(chapterOne);
    await page.getByRole("button", { name: "Add selected questions" }).click();
    await expect(page.getByTestId("copied-banner")).toContainText("1 question added from the question bank.");
    await expect(page.getByTestId("editor-chapter").first()).toContainText("Tell us more about your organisation's future commitment of time and resources.");

    // A choice question brings its options.
    await page.goto(`/manage/${copyId}/edit/question-bank?chapter=${chapterOne}&q=${encodeURIComponent("commitment of time and resources")}`);
    await expect(page.getByTestId("bank-question").filter({ hasText: "Type: Single choice" })).toContainText("Options: Increase; Stay the same; Reduce; Not yet decided");
  });

  test("the question bank works with JavaScript off", async ({ browser }) => {
    const { context, page } = await newSignedInPage(browser, "officer", false);
    await page.goto(`/manage/${copyId}/edit/question-bank?chapter=${chapterOne}`);
    await page.getByLabel("Search questions").fill("\"key priorities\"");
    await page.getByRole("button", { name: "Search" }).click();
    const pick = page.getByTestId("bank-question").filter({ hasText: "Key priorities and focus" });
    await pick.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Add selected questions" }).click();
    await expect(page.getByTestId("copied-banner")).toContainText("1 question added from the question bank.");
    await expect(page.getByTestId("editor-chapter").first()).toContainText("Key priorities and focus");
    await context.close();
  });

  test("a draft answer: restore an earlier version, a stale restore is a conflict, status-only saves keep no revision, an empty answer is not ready", async ({ browser, page }) => {
    await signInAs(page, "officer", `/manage/${copyId}/drafting`);
    await page.goto(`/manage/${copyId}/drafting`);
    const href = (await page.getByTestId("draft-row-1").getByRole("link").first().getAttribute("href"))!;
    await page.goto(href);
    const box = page.getByRole("textbox", { name: "The council's answer to question 1" });
    await box.fill("The first wording of the council's answer.");
    await page.getByRole("button", { name: "Save answer" }).click();
    await expect(page.getByText("Answer saved as version 1")).toBeVisible();
    await box.fill("The second wording, which the officer later regrets.");
    await page.getByRole("button", { name: "Save answer" }).click();
    await expect(page.getByText("Answer saved as version 2")).toBeVisible();
    const rows = page.getByTestId("revisions").locator("tbody tr");
    await expect(rows).toHaveCount(2);

    // Status only: a new version, no new row in the text history.
    await page.getByLabel("Status").selectOption({ label: "Ready for review" });
    await page.getByRole("button", { name: "Save answer" }).click();
    await expect(page.getByText("Answer saved as version 3")).toBeVisible();
    await expect(page.getByTestId("draft-status")).toContainText("Ready for review");
    await expect(rows).toHaveCount(2);
    // Assignee only: the same.
    await page.getByLabel("Assigned to").selectOption({ label: DEMO.officer2.name });
    await page.getByRole("button", { name: "Save answer" }).click();
    await expect(page.getByText("Answer saved as version 4")).toBeVisible();
    await expect(rows).toHaveCount(2);

    // Restore version 1: a new revision on top, the old ones kept.
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Restore this version (version 1)" }).click();
    await expect(page.getByText("Version 1 restored as version 5")).toBeVisible();
    await expect(page.getByTestId("draft-text")).toContainText("The first wording of the council's answer.");
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText("5");
    await page.screenshot({ path: `${SHOTS}/restored.png`, fullPage: true });

    // A stale restore: a colleague saves after this page was shown.
    const amir = await browser.newContext();
    const amirPage = await amir.newPage();
    await signInAs(amirPage, "officer2", href);
    await amirPage.goto(href);
    await amirPage.getByRole("textbox", { name: "The council's answer to question 1" }).fill("Amir's newer wording.");
    await amirPage.getByRole("button", { name: "Save answer" }).click();
    await expect(amirPage.getByText("Answer saved as version 6")).toBeVisible();
    await amir.close();
    await page.getByRole("button", { name: "Restore this version (version 2)" }).click();
    await expect(page.getByText(/Amir Khan saved this answer \(version 6\) after you opened this page, so version 2 was not restored/)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("draft-text")).toContainText("Amir's newer wording.");

    // An empty answer cannot be marked ready for review.
    await box.fill("   ");
    await page.getByLabel("Status").selectOption({ label: "Ready for review" });
    await page.getByRole("button", { name: "Save answer" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Write the council's answer before marking it ready for review");
    await expect(page.locator("#f-status-error")).toContainText("Write the council's answer before marking it ready for review");
    await expect(page.getByTestId("draft-text")).toContainText("Amir's newer wording.");
  });

  test("restoring a version works with JavaScript off", async ({ browser }) => {
    const { context, page } = await newSignedInPage(browser, "officer", false);
    await page.goto(`/manage/${copyId}/drafting`);
    const href = (await page.getByTestId("draft-row-1").getByRole("link").first().getAttribute("href"))!;
    await page.goto(href);
    await page.getByRole("button", { name: "Restore this version (version 2)" }).click();
    await expect(page.getByTestId("draft-text")).toContainText("The second wording, which the officer later regrets.");
    await context.close();
  });

  test("deleting a question asks first; Cancel keeps it; with JavaScript on and off", async ({ browser, page }) => {
    await signInAs(page, "officer", `/manage/${copyId}/edit`);
    await page.goto(`/manage/${copyId}/edit`);
    await page.getByRole("link", { name: "Delete question 35", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Are you sure you want to delete question 35?" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByTestId("confirm-step-cancel").click();
    await expect(page.getByRole("heading", { name: "Edit question 35" })).toBeVisible();
    await page.goto(`/manage/${copyId}/edit/questions/${new URL(page.url()).pathname.split("/").pop()}?delete=1`);
    await page.getByRole("button", { name: "Yes, delete this question" }).click();
    await expect(page).toHaveURL(new RegExp(`/manage/${copyId}/edit(#.*)?$`));
    await expect(page.getByRole("link", { name: "Delete question 35", exact: true })).toHaveCount(0);

    const { context, page: p2 } = await newSignedInPage(browser, "officer", false);
    await p2.goto(`/manage/${copyId}/edit`);
    await p2.getByRole("link", { name: "Delete question 34", exact: true }).click();
    await expect(p2.getByRole("heading", { name: "Are you sure you want to delete question 34?" })).toBeVisible();
    await p2.getByRole("button", { name: "Yes, delete this question" }).click();
    await expect(p2).toHaveURL(new RegExp(`/manage/${copyId}/edit(#.*)?$`));
    await expect(p2.getByRole("link", { name: "Delete question 34", exact: true })).toHaveCount(0);
    await context.close();
  });

  test("the picker finds partner organisations by part of their name, with JavaScript off", async ({ browser }) => {
    const { context, page } = await newSignedInPage(browser, "officer", false);
    await page.goto(`/manage/${copyId}/audience`);
    // No search: the partners this council has invited before (the seed's, and any since).
    await expect(page.getByTestId("picker-caption")).toContainText(/your council (has invited before|invited most recently)/);
    await expect(page.getByTestId("picker-org").filter({ hasText: "Lancashire Constabulary" })).toHaveCount(1);
    await page.getByLabel("Find partner organisations").fill("CONSTAB");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page).toHaveURL(/\/audience\?q=CONSTAB#add$/);
    await expect(page.getByTestId("picker-caption")).toHaveText("1 partner organisation matches “CONSTAB”.");
    await expect(page.getByTestId("picker-org")).toHaveCount(1);
    await expect(page.getByLabel(/All contacts at Lancashire Constabulary/)).toBeVisible();
    // axe runs in the page: the same search with JavaScript on.
    {
      const withJs = await newSignedInPage(browser, "officer", true);
      await withJs.page.goto(`/manage/${copyId}/audience?q=CONSTAB#add`);
      await expect(withJs.page.getByTestId("picker-org")).toHaveCount(1);
      await expectNoAxeViolations(withJs.page);
      await withJs.context.close();
    }
    // A wildcard is the character it is: nothing is called "%", so nothing to add.
    await page.getByLabel("Find partner organisations").fill("%");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page.getByTestId("picker-caption")).toContainText("No partner organisations match “%”.");
    await expect(page.getByTestId("picker-org")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add to the audience" })).toHaveCount(0);
    // Another council on the service is never offered.
    await page.getByLabel("Find partner organisations").fill("Chorley Council");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    const legends = page.getByTestId("picker-org").locator("legend");
    // (Other journeys may have added organisations whose names begin the same: this one exactly.)
    await expect(legends.filter({ hasText: /^Chorley Council for Voluntary Service$/ })).toHaveCount(1);
    await expect(legends.filter({ hasText: /^Chorley Council$/ })).toHaveCount(0);
    // A search too long for any name is refused at the field (not a server error), the usual list below it.
    const res = await page.goto(`/manage/${copyId}/audience?q=${"a".repeat(1000)}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator("#q-error")).toContainText("Search for 200 characters or fewer of the organisation's name");
    await expect(page.getByTestId("picker-caption")).toContainText(/your council (has invited before|invited most recently)/);
    await expect(page.getByLabel("Find partner organisations")).toHaveValue("a".repeat(200));
    await expect(page.getByRole("link", { name: "Clear the search" })).toHaveCount(0);
    await context.close();
  });

  test("removing someone from the audience asks first, with JavaScript on and off", async ({ browser, page }) => {
    await signInAs(page, "officer", `/manage/${copyId}/audience`);
    await page.goto(`/manage/${copyId}/audience`);
    // Found by searching, then ticked and added: the search keeps the page's other forms working.
    await page.getByLabel("Find partner organisations").fill("lancashire constabulary");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await expect(page).toHaveURL(/\?q=lancashire\+constabulary#add$/);
    await expect(page.getByTestId("picker-org")).toHaveCount(1);
    await page.getByLabel(/All contacts at Lancashire Constabulary/).check();
    await page.getByRole("button", { name: "Add to the audience" }).click();
    await expect(page.getByTestId("audience-row")).toHaveCount(2);
    await page.getByRole("link", { name: `Remove ${DEMO.partner.name} from the audience` }).click();
    await expect(page.getByTestId("confirm-step")).toContainText(`Are you sure you want to remove ${DEMO.partner.name} (${DEMO.partner.organisation}) from the audience?`);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Yes, remove them" }).click();
    await expect(page.getByText(`${DEMO.partner.name} removed from the audience`)).toBeVisible();
    await expect(page.getByTestId("audience-row")).toHaveCount(1);

    const { context, page: p2 } = await newSignedInPage(browser, "officer", false);
    await p2.goto(`/manage/${copyId}/audience`);
    await p2.getByRole("link", { name: `Remove ${DEMO.partner2.name} from the audience` }).click();
    await p2.getByTestId("confirm-step-cancel").click();
    await expect(p2.getByTestId("audience-row")).toHaveCount(1);
    await p2.getByRole("link", { name: `Remove ${DEMO.partner2.name} from the audience` }).click();
    await p2.getByRole("button", { name: "Yes, remove them" }).click();
    await expect(p2.getByText(`${DEMO.partner2.name} removed from the audience`)).toBeVisible();
    await expect(p2.getByTestId("audience-row")).toHaveCount(0);
    await context.close();
  });

  test("publishing with nobody invited asks “No one is invited yet. Publish anyway?”, with JavaScript off", async ({ browser }) => {
    const { context, page } = await newSignedInPage(browser, "officer", false);
    await page.goto(`/manage/${copyId}`);
    await expect(page.getByTestId("publish-problems")).toHaveCount(0);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("publish-confirm")).toContainText("No one is invited yet. Publish anyway?");
    await expect(page.getByTestId("status")).toContainText("Draft");
    await page.getByTestId("publish-confirm-cancel").click();
    await expect(page.getByTestId("publish-confirm")).toHaveCount(0);
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("button", { name: "Yes, publish anyway" }).click();
    await expect(page.getByTestId("published-banner")).toContainText("Published as version 1.");
    await context.close();
  });

  test("publishing with nobody invited asks first, with JavaScript on", async ({ page }) => {
    await signInAs(page, "officer", "/manage");
    await page.goto(`/manage/${odpmId}`);
    await page.getByRole("button", { name: "Duplicate this consultation" }).click();
    await expect(page).toHaveURL(/\/edit\?duplicated=1/);
    const id = /\/manage\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.goto(`/manage/${id}`);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("publish-confirm")).toContainText("No one is invited yet. Publish anyway?");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/publish-anyway.png` });
    await page.getByRole("button", { name: "Yes, publish anyway" }).click();
    await expect(page.getByTestId("published-banner")).toContainText("Published as version 1.");
  });

  test("the administrator confirms before revoking an API key, with JavaScript on and off", async ({ browser, page }) => {
    await signInAs(page, "admin", "/admin/api-keys");
    await page.goto("/admin/api-keys");
    for (const name of ["Officer tools key one", "Officer tools key two"]) {
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("Organisation the key acts for").selectOption({ label: "Chorley Council (Council)" });
      await page.getByLabel("What the key may do").selectOption({ label: "Read only" });
      await page.getByRole("button", { name: "Create API key" }).click();
      await expect(page.getByTestId("created-key")).toBeVisible();
      await page.goto("/admin/api-keys");
    }
    await page.getByRole("link", { name: "Revoke the key Officer tools key one" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText("Are you sure you want to revoke the API key “Officer tools key one”?");
    await expectNoAxeViolations(page);
    await page.getByTestId("confirm-step-cancel").click();
    await expect(page.getByTestId("confirm-step")).toHaveCount(0);
    await page.getByRole("link", { name: "Revoke the key Officer tools key one" }).click();
    await page.getByRole("button", { name: "Yes, revoke this key" }).click();
    await expect(page.getByText("API key “Officer tools key one” revoked")).toBeVisible();

    const { context, page: p2 } = await newSignedInPage(browser, "admin", false);
    await p2.goto("/admin/api-keys");
    await p2.getByRole("link", { name: "Revoke the key Officer tools key two" }).click();
    await p2.getByRole("button", { name: "Yes, revoke this key" }).click();
    await expect(p2.getByText("API key “Officer tools key two” revoked")).toBeVisible();
    await context.close();
  });

  test("the administrator confirms before removing a role, with JavaScript on and off", async ({ browser, page }) => {
    await signInAs(page, "admin", "/admin/users");
    await page.goto("/admin/users");
    const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
    await add.getByLabel("Full name").fill("Tess Temporary");
    await add.getByLabel("Email address").fill("tess.temporary@police.example");
    await add.getByLabel("Organisation").selectOption({ label: "Lancashire Constabulary" });
    await add.getByLabel("Role").selectOption({ label: "Partner" });
    await add.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByText(/Tess Temporary added/)).toBeVisible();
    await page.goto("/admin/users?q=Tess%20Temporary");
    await page.getByRole("link", { name: "Remove Partner role from Tess Temporary" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText("Are you sure you want to remove the partner role at Lancashire Constabulary from Tess Temporary?");
    await expectNoAxeViolations(page);
    await page.getByTestId("confirm-step-cancel").click();
    await expect(page.getByTestId("confirm-step")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Remove Partner role from Tess Temporary" })).toHaveCount(1);

    // Removed without JavaScript.
    const { context, page: p2 } = await newSignedInPage(browser, "admin", false);
    await p2.goto("/admin/users?q=Tess%20Temporary");
    await p2.getByRole("link", { name: "Remove Partner role from Tess Temporary" }).click();
    await p2.getByRole("button", { name: "Yes, remove this role" }).click();
    await expect(p2.getByText("Role removed")).toBeVisible();
    // With no role left, she is listed among the people without one.
    await p2.goto("/admin/users?q=Tess%20Temporary");
    await expect(p2.getByText("With a role (0)", { exact: true })).toBeVisible();
    await p2.getByRole("link", { name: "Without a role (1)" }).click();
    await expect(p2.getByRole("row").filter({ hasText: "Tess Temporary" })).toBeVisible();
    await expect(p2.getByRole("link", { name: "Remove Partner role from Tess Temporary" })).toHaveCount(0);
    await context.close();
  });

  test("scrutiny and partners cannot duplicate, restore or use the question bank", async ({ page }) => {
    await signInAs(page, "scrutiny", `/manage/${odpmId}`);
    await page.goto(`/manage/${odpmId}`);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Duplicate this consultation" })).toHaveCount(0);
    const bank = await page.goto(`/manage/${copyId}/edit/question-bank?q=priorities`);
    expect(bank?.status()).toBe(403);
    await page.goto(`/manage/${copyId}/drafting`);
    const href = (await page.getByTestId("draft-row-1").getByRole("link").first().getAttribute("href"))!;
    await page.goto(href);
    await expect(page.getByTestId("revisions")).toBeVisible();
    await expect(page.getByRole("button", { name: /Restore this version/ })).toHaveCount(0);

    await signInAs(page, "partner", "/");
    for (const path of [`/manage/${copyId}/edit/question-bank`, `/manage/${odpmId}`, href]) {
      const r = await page.goto(path);
      expect(r?.status(), path).toBe(403);
    }
  });
});

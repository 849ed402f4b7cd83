// Two officers editing one chapter's form at once (two tabs here): a change to a field the other
// left alone is kept; where both changed the same field, the second is told at the field what is
// stored now, keeps what they typed, and saving again replaces it. With JavaScript on and off.
import { expect, test } from "@playwright/test";
import { DEMO, expectNoAxeViolations, fillDate, signInAs, signInAsWithoutJs, ukDay } from "./fixtures";

test("two officers change one chapter at once: neither edit is lost", async ({ page, browser }) => {
  await signInAs(page, "officer", "/manage/new");
  await page.goto("/manage/new");
  await page.getByLabel("Title").fill("Two editors at once");
  await page.getByRole("radio", { name: "Questionnaire" }).check();
  await fillDate(page, /Opening date/, ukDay(1));
  await fillDate(page, /Closing date/, ukDay(40));
  await page.getByLabel("Summary").fill("A consultation two officers edit together.");
  await page.getByRole("button", { name: "Create consultation" }).click();
  await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?created=1/);
  const id = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await page.getByRole("link", { name: "Add a chapter" }).click();
  await page.getByLabel("Chapter title").fill("Governance");
  await page.getByRole("button", { name: "Add chapter" }).click();
  await expect(page).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
  await page.getByRole("link", { name: "Change chapter 1" }).click();
  await expect(page).toHaveURL(new RegExp(`/manage/${id}/edit/chapters/[0-9a-f-]{36}$`));
  const chapterUrl = page.url();

  // A colleague (here a second tab, without JavaScript) opens the same form before either saves.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const other = await noJs.newPage();
  await signInAsWithoutJs(other, DEMO.officer.name);
  await other.goto(chapterUrl);

  // Different fields: both kept.
  await page.getByLabel("Introduction to the chapter (optional)").fill("How the partnership is run.");
  await page.getByRole("button", { name: "Save chapter" }).click();
  await expect(page).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
  await other.getByLabel("Chapter title").fill("Governance and accountability");
  await other.getByRole("button", { name: "Save chapter" }).click();
  await expect(other).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
  await expect(other.getByTestId("editor-chapter").first()).toContainText("Governance and accountability");
  await other.goto(chapterUrl);
  await expect(other.getByLabel("Introduction to the chapter (optional)")).toHaveValue("How the partnership is run.");

  // The same field: the second to save is told what is stored, and keeps what they typed
  // (with JavaScript, then without).
  for (const [first, second, theirs, mine] of [
    [other, page, "Running the partnership", "Who decides"],
    [page, other, "Accountability", "Openness"],
  ] as const) {
    await first.goto(chapterUrl);
    await second.goto(chapterUrl);
    await first.getByLabel("Chapter title").fill(theirs);
    await second.getByLabel("Chapter title").fill(mine);
    await first.getByRole("button", { name: "Save chapter" }).click();
    await expect(first).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
    await second.getByRole("button", { name: "Save chapter" }).click();
    await expect(second.locator(".govuk-error-summary")).toContainText("Someone else changed this while you were editing");
    await expect(second.locator("#f-title-error")).toContainText(`Someone else changed this while you were editing. It now reads: “${theirs}”.`);
    await expect(second.getByLabel("Chapter title")).toHaveValue(mine);
    if (second === page) {
      await expectNoAxeViolations(page);
      if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: "test-results/editor-conflict.png", fullPage: true });
    }
    // Saving again replaces theirs, knowingly; the other field stays as it was.
    await second.getByRole("button", { name: "Save chapter" }).click();
    await expect(second).toHaveURL(new RegExp(`/manage/${id}/edit(#.*)?$`));
    await expect(second.getByTestId("editor-chapter").first()).toContainText(mine);
    await second.goto(chapterUrl);
    await expect(second.getByLabel("Introduction to the chapter (optional)")).toHaveValue("How the partnership is run.");
  }
  await noJs.close();
});

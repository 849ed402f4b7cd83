// Leaving a chapter never drops typing: what was typed in the two seconds before the autosave
// would have run is sent when the person follows a link or the browser leaves the page, to
// the same form endpoint (with the base the form was loaded with). The page warns before
// leaving only when a change could not be saved. Croston Parish Council on the Breckland
// questionnaire, chapter 2 (optional long-text questions), which no other journey answers.
import { expect, test } from "@playwright/test";
import { answerBox, BRECKLAND, switchTo } from "./pages/respond";

const CHAPTER = `${BRECKLAND}/chapter/2`;

test("typing, then at once “Back to all chapters”: the text is there when the chapter is opened again", async ({ page }) => {
  await switchTo(page, "parish");
  await page.goto(CHAPTER);
  await expect(page.getByRole("status")).toContainText("saved automatically");
  const text = "Our parish plan survey (2025): 312 households replied.\nThe full results are on the parish website.";
  await answerBox(page, "3").fill(text);
  await page.getByRole("link", { name: "Back to all chapters" }).click();
  await expect(page).toHaveURL(new RegExp(`${BRECKLAND}$`));
  await page.goto(CHAPTER);
  await expect(answerBox(page, "3")).toHaveValue(text);
});

test("typing, then leaving through the browser within two seconds: the text is saved as the page goes", async ({ page }) => {
  await switchTo(page, "parish");
  await page.goto(CHAPTER);
  const text = "Links: the village design statement and the footpaths project with the county.";
  await answerBox(page, "4").fill(text);
  // Not a link on the page: the browser itself goes elsewhere (an address typed, a bookmark).
  await page.goto("/");
  await expect(async () => {
    await page.goto(CHAPTER);
    await expect(answerBox(page, "4")).toHaveValue(text, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
});

test("the page warns before leaving only when a change could not be saved", async ({ page }) => {
  await switchTo(page, "parish");
  await page.goto(CHAPTER);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });
  // Saved: leaving asks nothing.
  await answerBox(page, "4").fill("Saved before leaving.");
  await expect(page.getByRole("status")).toContainText(/Saved at/, { timeout: 10_000 });
  await page.goto("/");
  expect(dialogs).toEqual([]);

  // The saves fail (the connection drops): leaving asks first, and staying keeps the text.
  await page.goto(CHAPTER);
  await page.route(`**${CHAPTER}`, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
  await answerBox(page, "4").fill("Typed while the connection was down.");
  await expect(page.getByRole("status")).toContainText(/Could not save/, { timeout: 10_000 });
  await page.getByRole("link", { name: "Back to all chapters" }).click();
  await expect.poll(() => dialogs).toEqual(["beforeunload"]);
  await expect(page).toHaveURL(new RegExp(`${CHAPTER}$`));
  await expect(answerBox(page, "4")).toHaveValue("Typed while the connection was down.");
});

test("typing before the page's script has arrived (a slow connection): it is saved once the script runs", async ({ page }) => {
  await switchTo(page, "parish");
  // The chapter page's one script is held back until the answer is typed; the page is usable before it.
  let release!: () => void;
  const arrived = new Promise<void>((r) => (release = r));
  await page.route("**/respond-chapter.js*", async (route) => {
    await arrived;
    await route.continue();
  });
  await page.goto(CHAPTER, { waitUntil: "commit" });
  const text = "Typed before the page had finished loading: the parish council's own survey.";
  await answerBox(page, "3").fill(text);
  await expect(page.getByRole("status")).not.toContainText("saved automatically");
  release();
  await expect(page.getByRole("status")).toContainText(/Saved at/, { timeout: 10_000 });
  await page.unroute("**/respond-chapter.js*");
  await page.goto("/");
  await page.goto(CHAPTER);
  await expect(answerBox(page, "3")).toHaveValue(text);
});

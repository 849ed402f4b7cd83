// Analysing free-text answers (issue 17) on the demo town-centre survey (2,400 generated
// answers, a seeded codeframe): an officer builds the codeframe, tags answers (one by one, a
// passage, every search match; with and without JavaScript), runs theme suggestions and
// decides on them, sees counts and the cross-tab, and inserts a partner's words into the
// council's draft answer from "Partners raised …". Plus the denials, and axe on every page.
// Finds its own rows by unique names; uses ODPM question 6, which no other spec touches.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations, newSignedInPage, signInAs } from "./fixtures";

test.describe.configure({ mode: "serial" });

const SURVEY = "Town centre and local services: residents' and groups' survey";
const RUN = Date.now().toString(36);
const THEME = `Street lighting ${RUN}`;
const RENAMED = `Street lights ${RUN}`;
let questionPath = "";

/** Open a details element unless it is open already (it stays open across a re-render). */
async function expand(details: Locator) {
  if ((await details.getAttribute("open")) === null) await details.locator("summary").first().click();
}

async function shot(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `test-results/analysis-${name}.png`, fullPage: true });
}

async function openSurveyQuestion(page: Page) {
  if (!questionPath) {
    await page.goto("/manage");
    await page.getByRole("link", { name: SURVEY }).first().click();
    await page.getByRole("link", { name: "Collation", exact: true }).click();
    await page.getByRole("link", { name: /^1\. What should the council change/ }).click();
    await page.waitForURL(/\/collate\/[0-9a-f-]{36}$/);
    questionPath = new URL(page.url()).pathname;
  } else await page.goto(questionPath);
}

test("an officer builds the codeframe: adds, renames and gives a theme a keyword rule", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await openSurveyQuestion(page);
  await expect(page.getByTestId("analysed-progress")).toContainText(/% analysed/);
  await page.getByRole("link", { name: /Codeframe, suggestions and counts/ }).click();
  await expect(page.getByRole("heading", { name: "Themes", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Name of the new theme").fill(THEME);
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.getByRole("alert").filter({ hasText: `Theme “${THEME}” added` })).toBeVisible();
  // The same name again (any case) is refused beside the field, keeping what was typed.
  await page.getByLabel("Name of the new theme").fill(THEME.toUpperCase());
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("This question already has a theme with that name");
  await expect(page.getByLabel("Name of the new theme")).toHaveValue(THEME.toUpperCase());

  const row = page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name: THEME }) });
  await expand(row.locator("details"));
  await row.getByLabel("Name", { exact: true }).fill(RENAMED);
  await row.getByRole("button", { name: "Save theme" }).click();
  await expect(page.getByRole("alert").filter({ hasText: `Theme “${RENAMED}” saved` })).toBeVisible();
  const renamed = page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name: RENAMED }) });
  await expand(renamed.locator("details"));
  await renamed.getByLabel("Keyword rule: words or phrases").fill("street light, lamp");
  await renamed.getByRole("button", { name: "Save keyword rule" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Keyword rules saved: 2 words or phrases" })).toBeVisible();
  await shot(page, "codeframe");
});

test("without JavaScript, what a theme's change said shows in that theme's toggle, drawn open, and in no other", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "officer", false);
  await page.goto(`${questionPath}/themes`);
  // A cross-tab chosen first: the posts below come back to it.
  const crossTab = page.getByLabel("Compare the themes with the answers to a question that offers choices");
  await crossTab.selectOption({ index: 1 });
  await page.getByRole("button", { name: "Show the cross-tab" }).click();
  await page.waitForURL(/[?&]by=/);
  const by = new URL(page.url()).searchParams.get("by")!;
  const row = () => page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name: RENAMED }) });
  await expand(row().locator("details"));
  await row().getByLabel("Name", { exact: true }).fill("");
  await row().getByRole("button", { name: "Save theme" }).click();
  // The page comes back at this theme, its toggle open with the refusal beside the field, the cross-tab kept.
  const themeId = (await row().getAttribute("id"))!.slice("theme-".length);
  await expect(page).toHaveURL(new RegExp(`/themes\\?by=${by}&change=${themeId}#theme-${themeId}$`));
  await expect(crossTab).toHaveValue(by);
  await expect(page.getByTestId("theme-crosstab")).toBeVisible();
  await expect(row().locator("details")).toHaveAttribute("open", "");
  await expect(row().getByTestId("error-summary")).toContainText("Enter a name for the theme");
  await expect(page.getByTestId("error-summary")).toHaveCount(1);
  await row().getByLabel("Name", { exact: true }).fill(RENAMED);
  await row().getByLabel("Description", { exact: true }).fill("Lamps out at night");
  await row().getByRole("button", { name: "Save theme" }).click();
  await expect(row().getByRole("alert").filter({ hasText: `Theme “${RENAMED}” saved` })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "saved" })).toHaveCount(1);
  await expect(row()).toContainText("Lamps out at night");
  // Merging or deleting a theme takes its row away: the page says what happened at its top.
  const spare = (name: string) => page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name }) });
  for (const name of [`Spare ${RUN}`, `Unwanted ${RUN}`]) {
    await page.getByLabel("Name of the new theme").fill(name);
    await page.getByRole("button", { name: "Add theme" }).click();
    await expect(spare(name)).toHaveCount(1);
  }
  await expand(spare(`Spare ${RUN}`).locator("details"));
  await spare(`Spare ${RUN}`).getByLabel(`Merge “Spare ${RUN}” into`).selectOption({ label: RENAMED });
  await spare(`Spare ${RUN}`).getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByTestId("theme-change-banner")).toContainText(`Merged into “${RENAMED}”: 0 tags moved`);
  await expect(spare(`Spare ${RUN}`)).toHaveCount(0);
  // The redirect keeps the cross-tab.
  await expect(crossTab).toHaveValue(by);
  await expect(page.getByTestId("theme-crosstab")).toBeVisible();
  await expand(spare(`Unwanted ${RUN}`).locator("details"));
  await spare(`Unwanted ${RUN}`).getByRole("button", { name: "Delete theme" }).click();
  await expect(page.getByTestId("theme-change-banner")).toContainText("Theme deleted: 0 tags removed");
  await expect(spare(`Unwanted ${RUN}`)).toHaveCount(0);
  await expect(crossTab).toHaveValue(by);
  await expect(page.getByTestId("theme-crosstab")).toBeVisible();
  await context.close();
});

test("two officers change one theme's keyword rule: a refresh keeps what is typed, a colleague's change to the same list is told at the field, and saving again replaces it", async ({ browser }) => {
  const { page, context } = await newSignedInPage(browser, "officer");
  const { page: other, context: otherContext } = await newSignedInPage(browser, "officer2");
  try {
    for (const p of [page, other]) {
      await openSurveyQuestion(p);
      await p.getByRole("link", { name: /Codeframe, suggestions and counts/ }).click();
      await expand(p.getByTestId("theme-row").filter({ has: p.getByRole("heading", { name: RENAMED }) }).locator("details"));
    }
    const mine = page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name: RENAMED }) });
    const theirs = other.getByTestId("theme-row").filter({ has: other.getByRole("heading", { name: RENAMED }) });
    // Jane types, not yet saving; Amir saves his change to the same list.
    await mine.getByLabel("Keyword rule: words or phrases").fill("street light, lamp, lantern");
    await theirs.getByLabel("Keyword rule: words or phrases").fill("street light, bollard");
    await theirs.getByRole("button", { name: "Save keyword rule" }).click();
    await expect(other.getByRole("alert").filter({ hasText: "Keyword rules saved: 2 words or phrases" })).toBeVisible();
    // Jane's page is refreshed (she saves the theme's name as it is): her typing stays.
    await mine.getByRole("button", { name: "Save theme" }).click();
    await expect(page.getByRole("alert").filter({ hasText: `Theme “${RENAMED}” saved` })).toBeVisible();
    await expect(mine.getByLabel("Keyword rule: words or phrases")).toHaveValue("street light, lamp, lantern");
    // Her save is refused at the field, saying what Amir saved; her words are kept.
    await mine.getByRole("button", { name: "Save keyword rule" }).click();
    await expect(page.getByTestId("error-summary")).toContainText("It now reads: “street light, bollard”");
    await expect(mine.getByLabel("Keyword rule: words or phrases")).toHaveValue("street light, lamp, lantern");
    await expectNoAxeViolations(page);
    // Saving again replaces his, knowingly.
    await mine.getByRole("button", { name: "Save keyword rule" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Keyword rules saved: 3 words or phrases" })).toBeVisible();
    await expect(mine).toContainText("keyword rule: street light, lamp, lantern");
  } finally {
    await context.close();
    await otherContext.close();
  }
});

test("an officer tags every answer matching a search, then one answer and a passage of it", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await openSurveyQuestion(page);
  await page.getByLabel("Search the answers to question 1").fill("library");
  await page.getByRole("button", { name: "Search" }).click();
  const bulk = page.getByTestId("bulk-search");
  await expect(bulk).toContainText(/All [\d,]+ answers matching “library”/);
  await bulk.getByLabel("Theme").selectOption({ label: RENAMED });
  await bulk.getByRole("button", { name: "Tag with theme" }).click();
  await expect(page.getByRole("alert").filter({ hasText: new RegExp(`answers tagged “${RENAMED}”`) })).toBeVisible();
  await expectNoAxeViolations(page);

  // The search matches "libraries" too (the same stem), but the passage below quotes "library":
  // an answer with that word (the demo's answers, and their order, vary with its random ids),
  // then held by its response id, so that refreshed pages cannot point the locator elsewhere.
  const withWord = page.getByTestId("partner-answers").locator("li").filter({ has: page.locator("p", { hasText: /\blibrary\b/i }) }).first();
  const responseId = await withWord.locator('input[name="responseId"]').first().getAttribute("value");
  const first = page.getByTestId("partner-answers").locator("li").filter({ has: page.locator(`input[name="responseId"][value="${responseId}"]`) });
  await expect(first.getByTestId("answer-tags")).toContainText(RENAMED);
  await expand(first.getByTestId("tag-answer").locator("details").first());
  await first.getByRole("checkbox", { name: "Analysed: I have finished with this answer" }).check();
  await first.getByRole("button", { name: "Save themes" }).click();
  // (A third of the demo's answers are analysed already, so the tags may read so before the save
  // has finished: wait for the save's own banner.)
  await expect(first.getByRole("alert").filter({ hasText: new RegExp(`Saved: .*${RENAMED}.* · analysed`) })).toBeVisible();
  await expect(first.getByTestId("answer-tags")).toContainText("Analysed");
  // The form then shows what is stored (it showed nothing ticked, and saving it again untagged
  // the answer): saving again changes nothing.
  await expect(first.getByRole("checkbox", { name: RENAMED })).toBeChecked();
  await expect(first.getByRole("checkbox", { name: "Analysed: I have finished with this answer" })).toBeChecked();
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), first.getByRole("button", { name: "Save themes" }).click()]);
  // Its answer drawn (the form no longer busy), it is no clash.
  await expect(first.getByTestId("tag-answer").locator('form[aria-busy="true"]')).toHaveCount(0);
  await expect(first.getByTestId("tag-conflict")).toHaveCount(0);
  await expect(first.getByTestId("answer-tags")).toContainText(RENAMED);
  await expect(first.getByTestId("answer-tags")).toContainText("Analysed");
  // A passage straight after (the page may not yet show that save's version): a passage only
  // adds, so it is tagged, never refused as a clash with the officer's own save.
  await expand(first.getByTestId("tag-answer").locator("details").nth(1));
  await first.getByLabel("Copy the words of the passage from the answer").fill("LIBRARY");
  await first.getByLabel("Theme of the passage").selectOption({ label: RENAMED });
  await first.getByRole("button", { name: "Tag passage" }).click();
  await expect(first.getByTestId("answer-tags")).toContainText(/“library”/i);
  await shot(page, "tagging");
  // Tagged by mistake: the passage alone is removed; the answer keeps the theme.
  const removal = first.getByTestId("tag-answer").locator("details").filter({ hasText: "Remove a tagged passage" });
  await expand(removal);
  if (process.env.E2E_SCREENSHOTS) await first.screenshot({ path: "test-results/analysis-remove-passage.png" });
  await removal.getByRole("button", { name: new RegExp(`^Remove the passage “library” tagged ${RENAMED} in the answer from `, "i") }).click();
  await expect(first.getByRole("alert").filter({ hasText: new RegExp(`Passage removed: “library” \\(${RENAMED}\\)`, "i") })).toBeVisible();
  await expect(first.getByTestId("answer-tags")).not.toContainText(/“library”/i);
  await expect(first.getByTestId("answer-tags")).toContainText(RENAMED);
});

test("tagging works with the keyboard alone and without JavaScript, and a stale form keeps both choices", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "officer", false);
  await page.goto(questionPath);
  // An answer the search in the test before did not tag already (which answers mention
  // "library" depends on the demo's random response ids, and so does their order).
  const answers = page.getByTestId("partner-answer");
  let n = 1;
  const carries = async (i: number) => {
    const tags = answers.nth(i).getByTestId("answer-tags");
    return (await tags.count()) > 0 && ((await tags.textContent()) ?? "").includes(RENAMED);
  };
  while (await carries(n)) n++;
  const answer = answers.nth(n);
  const summary = answer.getByTestId("tag-answer").locator("summary").first();
  await summary.focus();
  await page.keyboard.press("Enter");
  const box = answer.getByRole("checkbox", { name: RENAMED });
  await box.focus();
  await page.keyboard.press("Space");
  // A colleague tags the same answer in between (the form still holds the old version).
  const other = await newSignedInPage(browser, "officer2");
  await other.page.goto(questionPath);
  const same = other.page.getByTestId("partner-answer").nth(n);
  await same.getByTestId("tag-answer").locator("details").first().locator("summary").click();
  await same.getByRole("checkbox", { name: "Dog fouling" }).check();
  await same.getByRole("button", { name: "Save themes" }).click();
  await expect(same.getByTestId("answer-tags")).toContainText("Dog fouling");
  await other.context.close();

  await answer.getByRole("button", { name: "Save themes" }).focus();
  await page.keyboard.press("Enter");
  const clash = page.getByTestId("partner-answer").nth(n).getByTestId("tag-conflict").first();
  await expect(clash).toContainText(/Saved by someone else:.*Dog fouling/);
  await expect(clash).toContainText(/Your choice \(not saved\):.*Street lights/);
  // Saving again applies this officer's choice on top of the colleague's version.
  const again = page.getByTestId("partner-answer").nth(n);
  await expand(again.getByTestId("tag-answer").locator("details").first());
  await again.getByRole("button", { name: "Save themes" }).click();
  await expect(page.getByTestId("partner-answer").nth(n).getByTestId("answer-tags")).toContainText(RENAMED);
  // Without JavaScript too, a passage is tagged and removed again (the Remove button names it).
  const tagged = page.getByTestId("partner-answer").nth(n);
  const words = ((await tagged.locator("p").nth(1).textContent()) ?? "").trim().split(/\s+/).slice(0, 2).join(" ");
  await expand(tagged.getByTestId("tag-answer").locator("details").nth(1));
  await tagged.getByLabel("Copy the words of the passage from the answer").fill(words);
  await tagged.getByLabel("Theme of the passage").selectOption({ label: "Dog fouling" });
  await tagged.getByRole("button", { name: "Tag passage" }).click();
  const after = page.getByTestId("partner-answer").nth(n);
  await expect(after.getByTestId("answer-tags")).toContainText(`Dog fouling: “${words}”`);
  await expand(after.getByTestId("tag-answer").locator("details").filter({ hasText: "Remove a tagged passage" }));
  await after.getByRole("button", { name: new RegExp(`^Remove the passage “${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}” tagged Dog fouling in the answer from `) }).click();
  await expect(page.getByRole("alert").filter({ hasText: `Passage removed: “${words}” (Dog fouling)` })).toBeVisible();
  await expect(page.getByTestId("partner-answer").nth(n).getByTestId("answer-tags")).not.toContainText(`“${words}”`);
  await context.close();
});

test("an officer cancels a suggestion run: it shows as cancelled and suggests no themes afterwards", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "officer", "/manage");
  await page.goto(`${questionPath}/themes`);
  const themesBefore = await page.getByTestId("theme-row").count();
  await page.getByRole("button", { name: "Suggest themes" }).click();
  const progress = page.getByTestId("suggestion-progress");
  await expect(progress).toBeVisible();
  await progress.getByRole("button", { name: "Cancel suggestions" }).click();
  await expect(page.getByTestId("suggestions")).toContainText("The last run was cancelled.");
  await expect(page.getByTestId("suggestion-progress")).toHaveCount(0);
  // The job stops at its next check; long after, still nothing is suggested and no theme was added.
  await page.waitForTimeout(8_000);
  await page.reload();
  await expect(page.getByTestId("suggestions")).toContainText("The last run was cancelled.");
  await expect(page.getByTestId("suggestion-summary")).toHaveCount(0);
  await expect(page.getByTestId("suggestion")).toHaveCount(0);
  await expect(page.getByTestId("theme-row")).toHaveCount(themesBefore);
  await expect(page.getByRole("button", { name: "Suggest themes" })).toBeVisible();
});

test("an officer runs theme suggestions, watches the progress, and accepts, merges and rejects them", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "officer", "/manage");
  await page.goto(`${questionPath}/themes`);
  await page.getByRole("button", { name: "Suggest themes" }).click();
  await expect(page.getByTestId("suggestion-summary")).toContainText(/\d+ suggestions from 2,400 answers/, { timeout: 180_000 });
  await expectNoAxeViolations(page);
  const suggestions = page.getByTestId("suggestion");
  const accept = suggestions.nth(0);
  await expand(accept.locator("details"));
  await accept.getByLabel("Name of the theme").fill(`Suggested housing ${RUN}`);
  await accept.getByRole("button", { name: "Accept as a new theme" }).click();
  // The decided suggestion shows the decision in place of its forms.
  await expect(suggestions.nth(0).getByTestId("suggestion-decision")).toContainText(`Accepted as “Suggested housing ${RUN}”`);
  const merge = suggestions.nth(1);
  await expand(merge.locator("details"));
  await merge.getByLabel("Or merge into the theme").selectOption({ label: RENAMED });
  await merge.getByRole("button", { name: "Merge" }).click();
  await expect(suggestions.nth(1).getByTestId("suggestion-decision")).toContainText(`Merged into “${RENAMED}”`);
  const reject = suggestions.nth(2);
  await expand(reject.locator("details"));
  await reject.getByRole("button", { name: /^Reject/ }).click();
  await expect(suggestions.nth(2).getByTestId("suggestion-decision")).toContainText("Rejected");
  await shot(page, "suggestions");
});

test("counts per theme show as a chart with a table, by organisation type, by stage and against a closed question", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto(`${questionPath}/themes`);
  const table = page.getByTestId("theme-counts").getByRole("table");
  await expect(table.getByRole("row", { name: new RegExp(RENAMED) })).toBeVisible();
  await expect(page.getByTestId("theme-by-type")).toContainText("Parish council");
  await expect(page.getByTestId("theme-by-stage")).toContainText("Early responses");
  await page.getByLabel("Compare the themes with the answers to a question that offers choices").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Show the cross-tab" }).click();
  await expect(page.getByTestId("theme-crosstab")).toContainText("Every week");
  await expectNoAxeViolations(page);
  await shot(page, "counts");
});

test("beside the draft answer, “Partners raised …” lists themes with quotes that go into the draft with their source", async ({ page }) => {
  await signInAs(page, "officer", "/review");
  await page.goto("/manage");
  await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).first().click();
  await page.getByRole("link", { name: "Collation", exact: true }).click();
  await page.getByRole("link", { name: /^6\. / }).click();
  await page.waitForURL(/\/collate\/[0-9a-f-]{36}$/);
  const odpmQ6 = new URL(page.url()).pathname;
  await page.goto(`${odpmQ6}/themes`);
  await page.getByLabel("Name of the new theme").fill(`Partnership capacity ${RUN}`);
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "added" })).toBeVisible();
  await page.goto(odpmQ6);
  const first = page.getByTestId("partner-answer").first();
  await expand(first.getByTestId("tag-answer").locator("details").first());
  await first.getByRole("checkbox", { name: `Partnership capacity ${RUN}` }).check();
  await first.getByRole("button", { name: "Save themes" }).click();
  await expect(first.getByTestId("answer-tags")).toContainText(`Partnership capacity ${RUN}`);
  const organisation = (await first.getByRole("link").first().textContent())!.trim();

  await page.goto(odpmQ6.replace("/collate/", "/drafting/"));
  const raised = page.getByTestId("partners-raised");
  await expect(raised.getByTestId("raised-theme").filter({ hasText: `Partnership capacity ${RUN}: 1 respondent` })).toBeVisible();
  await expectNoAxeViolations(page);
  // What the officer has typed and not yet saved stays: the quote goes after it.
  const box = page.getByRole("textbox", { name: /The council's answer to question 6/ });
  const typed = `Our draft so far ${RUN}.`;
  await box.fill(typed);
  await raised.getByTestId("insert-quote").first().click();
  await expect(page.getByTestId("quote-inserted")).toBeVisible();
  await expect(box).toHaveValue(new RegExp(`^${typed}\\n\\n“[\\s\\S]+” \\(${organisation.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, response `));
  await expect(box).toBeFocused();
  await shot(page, "partners-raised");
});

test("a repeated form's error summary links to its own field: the link moves focus to the field with the message", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto(`${questionPath}/themes`);
  // The theme's own row (other rows name it too, in their merge and delete lists).
  const row = page.getByTestId("theme-row").filter({ has: page.getByRole("heading", { name: RENAMED, exact: true }) });
  await expand(row.locator("details").first());
  const name = row.getByLabel("Name", { exact: true });
  await name.fill("");
  await row.getByRole("button", { name: "Save theme" }).click();
  const summary = row.getByTestId("error-summary");
  await expect(summary).toContainText("Enter a name for the theme");
  const link = summary.getByRole("link", { name: "Enter a name for the theme" });
  const target = (await link.getAttribute("href"))!.slice(1);
  expect(target).toMatch(/^t-[0-9a-f]{8}-f-name$/);
  await expect(name).toHaveAttribute("id", target);
  await expect(page.locator(`#${target}`)).toHaveCount(1);
  await expect(page.locator(`#${target}-error`)).toContainText("Enter a name for the theme");
});

test("a second officer codes a sample blind, sees the agreement per theme, and a disagreement is settled into the answer's tags", async ({ browser }) => {
  test.setTimeout(120_000);
  // The demo's analysed answers were tagged by Jane (the officer); Amir is the second officer.
  const { page: second, context: secondContext } = await newSignedInPage(browser, "officer2");
  await second.goto(`${questionPath}/review`);
  await expect(second.getByTestId("no-review").or(second.getByTestId("review-summary"))).toBeVisible();
  await expectNoAxeViolations(second);
  await second.getByLabel("How many answers to code again").fill("5");
  await second.getByRole("button", { name: "Start a review" }).click();
  await expect(second.getByTestId("review-coded")).toHaveText("0 of 5 answers");
  const items = second.getByTestId("review-item");
  await expect(items).toHaveCount(5);
  // Blind: nothing on the page says which themes the first officer chose.
  await expect(second.getByTestId("review-disagreement")).toHaveCount(0);
  await expectNoAxeViolations(second);
  // Code each answer by ticking nothing: wherever Jane chose a theme, that is a disagreement.
  for (let k = 0; k < 5; k++) {
    await items.first().getByRole("button", { name: "Save my themes" }).click();
    await expect(second.getByTestId("review-coded")).toHaveText(`${k + 1} of 5 answers`);
  }
  await expect(second.getByTestId("agreement-table")).toBeVisible();
  await expect(second.getByTestId("agreement-pooled")).toContainText("%");
  await shot(second, "review");
  await expectNoAxeViolations(second);
  const reviewUrl = second.url();
  await secondContext.close();

  // The first officer settles the first disagreement; the agreed themes become the answer's tags.
  const { page: first, context: firstContext } = await newSignedInPage(browser, "officer");
  await first.goto(reviewUrl);
  const differ = first.getByTestId("review-disagreement");
  const count = await differ.count();
  expect(count).toBeGreaterThan(0);
  const one = differ.first();
  const agreed = one.getByRole("group").getByRole("checkbox").first();
  await agreed.check();
  await one.getByLabel("Note on the decision (optional)").fill(`Settled ${RUN}`);
  await one.getByRole("button", { name: "Record agreed themes" }).click();
  await expect(first.getByTestId("review-resolution").first()).toContainText(`Settled ${RUN}`);
  await expect(first.getByTestId("review-disagreements")).toContainText("1 settled");
  await firstContext.close();
});

test("scrutiny reads the themes but cannot change them; partners cannot open them", async ({ page }) => {
  await signInAs(page, "scrutiny", "/review");
  await page.goto(`${questionPath}/themes`);
  await expect(page.getByTestId("codeframe")).toContainText(RENAMED);
  await expect(page.getByRole("button", { name: "Add theme" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Suggest themes|Work out suggestions again/ })).toHaveCount(0);
  await page.goto(questionPath);
  await expect(page.getByRole("button", { name: "Save themes" })).toHaveCount(0);
  // Scrutiny reads the review's agreement without its forms.
  await page.goto(`${questionPath}/review`);
  await expect(page.getByTestId("agreement-table")).toBeVisible();
  await expect(page.getByRole("button", { name: /Start a review|Start another review|Record agreed themes|Save my themes/ })).toHaveCount(0);
  await signInAs(page, "partner");
  expect((await page.goto(`${questionPath}/themes`))?.status()).toBe(403);
  expect((await page.goto(`${questionPath}/review`))?.status()).toBe(403);
});

// Partners answer for their organisation: sign in by emailed link, answer the ODPM
// consultation chapter by chapter, leave and come back, check, change, submit, reference and
// receipt — with JavaScript on (Lancashire Constabulary) and again with it off (an
// organisation added here by the admin, since one organisation has one response). Plus
// colleagues' conflicts, bad input, other organisations and the Breckland questionnaire, axe on
// every respondent page and a keyboard-only page. (RAG progress returns are the action plans':
// e2e/action-plans.spec.ts.)
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations } from "./fixtures";
import {
  answerBox,
  BRECKLAND,
  chapterHeading,
  errorSummary,
  gzipWeight,
  latestEmailText,
  leave,
  ODPM,
  recordScripts,
  saveAndComeBackLater,
  saveAndContinue,
  signInByEmail,
  summaryRow,
  switchTo,
} from "./pages/respond";

const CHAPTERS = [
  "The role of LSPs and Sustainable Community Strategies",
  "Governance",
  "Accountability",
  "Capacity issues",
];

/** One or two answers per chapter, with line breaks and spacing that must survive. */
function answersFor(who: string) {
  return [
    { chapter: 1, number: "1", text: `${who}: Yes.\n\nThe LSP should own the vision, and:\n- set priorities\n- hold partners to the LAA` },
    { chapter: 1, number: "3", text: `${who}: A duty to "have regard" would help both ways.` },
    { chapter: 2, number: "12", text: `${who}: Thematic partnerships should report to the LSP.\nQuarterly.` },
    { chapter: 3, number: "22", text: `${who}: Protocols help, but only with  named leads.` },
    { chapter: 4, number: "31", text: `${who}: Analysis and performance management skills.` },
  ];
}

async function answerAllChapters(page: Page, answers: ReturnType<typeof answersFor>, axe: boolean) {
  for (let chapter = 1; chapter <= 4; chapter++) {
    await expect(chapterHeading(page, chapter, 4)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: CHAPTERS[chapter - 1] })).toBeVisible();
    for (const a of answers.filter((x) => x.chapter === chapter)) await answerBox(page, a.number).fill(a.text);
    if (axe && chapter === 1) await expectNoAxeViolations(page);
    await saveAndContinue(page);
  }
  await expect(page).toHaveURL(new RegExp(`${ODPM}/check$`));
}

async function expectEveryAnswerKept(page: Page, answers: ReturnType<typeof answersFor>) {
  for (const a of answers) {
    await page.goto(`${ODPM}/chapter/${a.chapter}`);
    await expect(answerBox(page, a.number)).toHaveValue(a.text);
  }
}

async function checkChangeAndSubmit(page: Page, answers: ReturnType<typeof answersFor>, who: string, axe: boolean) {
  await page.goto(`${ODPM}/check`);
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before submitting your response" })).toBeVisible();
  for (const a of answers) await expect(summaryRow(page, a.number)).toContainText(a.text.split("\n")[0]!);
  await expect(summaryRow(page, "2")).toContainText("Not answered");
  if (axe) await expectNoAxeViolations(page);
  // Change one answer: back to its page, then straight back here.
  await summaryRow(page, "12").getByRole("link", { name: "Change question 12" }).click();
  await expect(page).toHaveURL(new RegExp(`${ODPM}/chapter/2\\?return=check#f-q-`));
  const changed = `${who}: Thematic partnerships should report to the LSP.\nEvery quarter, in writing.`;
  await answerBox(page, "12").fill(changed);
  await saveAndContinue(page);
  await expect(page).toHaveURL(new RegExp(`${ODPM}/check$`));
  await expect(summaryRow(page, "12")).toContainText("Every quarter, in writing.");
  // The declaration is needed.
  await page.getByRole("button", { name: "Submit response" }).click();
  await expect(errorSummary(page)).toContainText("Confirm that you may submit this response on behalf of");
  await page.getByLabel(/I confirm that I may submit this response/).check();
  return changed;
}

test.describe.serial("with JavaScript", () => {
  test("Lancashire Constabulary answers the ODPM consultation across four chapters, comes back, checks, changes and submits", async ({ page }) => {
    // 35 questions over four chapters with an axe scan on each page: beside heavier journeys in
    // another shard it has taken more than the default 90 s.
    test.setTimeout(180_000);
    const answers = answersFor("Police");
    await signInByEmail(page, DEMO.partner.email);
    const home = page.getByTestId("partner-home");
    await expect(home).toContainText(`Consultations for ${DEMO.partner.organisation}`);
    await expectNoAxeViolations(page);
    await home.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${ODPM}$`));
    await expect(page.getByTestId("task-list")).toContainText("Not yet started");
    await expect(page.getByText("Cannot start yet")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "privacy notice" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Back to your response" }).click();
    await page.getByRole("link", { name: `1. ${CHAPTERS[0]}` }).click();

    // Autosave: typing is saved two seconds later, announced in a live region.
    await answerBox(page, "1").fill(answers[0]!.text);
    await expect(page.getByRole("status")).toContainText(/Saved at/, { timeout: 10_000 });
    // Live validation counts down the characters left.
    await expect(page.getByText(`You have ${(10_000 - answers[0]!.text.length).toLocaleString("en-GB")} characters remaining`)).toBeVisible();
    await answerAllChapters(page, answers, true);

    // Leave (home, sign out), sign in again, and find every answer where it was.
    await leave(page);
    await switchTo(page, "partner");
    const again = page.getByTestId("partner-home");
    await expect(again.locator("li").filter({ has: page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }) })).toContainText(/In progress.*Last edited by Sarah Lee/s);
    await page.goto(ODPM);
    // Each chapter was finished with "Save and continue" and requires nothing more, so each is
    // completed although some of its optional questions are unanswered (GOV.UK task list).
    await expect(page.getByTestId("task-list").getByRole("listitem").filter({ hasText: CHAPTERS[0] })).toContainText("Completed");
    await expect(page.getByTestId("task-list")).not.toContainText("In progress");
    await expect(page.getByTestId("last-saved")).toContainText("Sarah Lee");
    await expectEveryAnswerKept(page, answers);

    await checkChangeAndSubmit(page, answers, "Police", true);
    // A double click makes one submission.
    await page.getByRole("button", { name: "Submit response" }).dblclick();
    await expect(page).toHaveURL(new RegExp(`${ODPM}/confirmation$`));
    await expect(page.getByRole("heading", { level: 1, name: "Response submitted" })).toBeVisible();
    const reference = (await page.getByTestId("reference").textContent())!;
    expect(reference).toMatch(/^LSPSTF-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await expect(page.getByText(`We have sent a copy of your answers to ${DEMO.partner.email}`)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "View what you submitted" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `What ${DEMO.partner.organisation} submitted` })).toBeVisible();
    await expect(page.getByText("Every quarter, in writing.")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(ODPM);
    await expect(page.getByTestId("history").locator("tbody tr")).toHaveCount(1);
    await expectNoAxeViolations(page);

    // The receipt, with the reference and a copy of the answers, is in the outbox.
    const receipt = await latestEmailText(page, DEMO.partner.email, /Response received/);
    expect(receipt).toContain(reference);
    expect(receipt).toContain("Every quarter, in writing.");
    expect(receipt).toContain("Protocols help, but only with  named leads.");
  });

  test("two colleagues change the same answer at once: both texts are shown and neither is lost", async ({ browser }) => {
    const sarah = await (await browser.newContext()).newPage();
    const david = await (await browser.newContext()).newPage();
    await switchTo(sarah, "partner");
    await switchTo(david, "partner2");
    await sarah.goto(`${ODPM}/chapter/3`);
    await david.goto(`${ODPM}/chapter/3`);
    await answerBox(sarah, "24").fill("Sarah: executive councillors should chair the LSP.");
    await saveAndComeBackLater(sarah);
    await expect(sarah).toHaveURL(new RegExp(`${ODPM}\\?saved=1$`));

    await answerBox(david, "24").fill("David: executive councillors should champion the LSP.");
    await answerBox(david, "25").fill("David: backbenchers scrutinise delivery.");
    await saveAndComeBackLater(david);
    // David stays on the page: his text is kept, Sarah's is shown beside it.
    await expect(errorSummary(david)).toContainText("Sarah Lee changed the answer to question 24 while you were editing it");
    const conflict = david.getByTestId("conflict");
    await expect(conflict).toContainText("Sarah: executive councillors should chair the LSP.");
    await expect(answerBox(david, "24")).toHaveValue("David: executive councillors should champion the LSP.");
    await expectNoAxeViolations(david);
    // He merges both and keeps his merged text.
    const merged = "Sarah: executive councillors should chair the LSP.\nDavid: and champion it.";
    await answerBox(david, "24").fill(merged);
    await conflict.getByLabel("Keep my answer, with any changes I have made to it").check();
    await saveAndComeBackLater(david);
    await expect(david).toHaveURL(new RegExp(`${ODPM}\\?saved=1$`));
    // Question 25, in the same post as the conflict, was saved the first time.
    await sarah.goto(`${ODPM}/chapter/3`);
    await expect(answerBox(sarah, "24")).toHaveValue(merged);
    await expect(answerBox(sarah, "25")).toHaveValue("David: backbenchers scrutinise delivery.");

    // With JavaScript the autosave finds the conflict while David types, and says so.
    await sarah.goto(`${ODPM}/chapter/4`);
    await david.goto(`${ODPM}/chapter/4`);
    await answerBox(sarah, "33").fill("Sarah: guidance notes and peer support.");
    await saveAndComeBackLater(sarah);
    await expect(sarah).toHaveURL(new RegExp(`${ODPM}\\?saved=1$`));
    await answerBox(david, "33").fill("David: regional events.");
    await expect(david.getByRole("status")).toContainText("a colleague changed an answer you are editing", { timeout: 10_000 });
    await expect(david.getByTestId("conflict")).toContainText("Sarah: guidance notes and peer support.");
    await david.getByTestId("conflict").getByLabel("Use Sarah Lee's answer instead").check();
    await saveAndComeBackLater(david);
    await expect(david).toHaveURL(new RegExp(`${ODPM}\\?saved=1$`));
    await david.goto(`${ODPM}/chapter/4`);
    await expect(answerBox(david, "33")).toHaveValue("Sarah: guidance notes and peer support.");

    // The changes go in as an amendment: a new version, with the history kept.
    await sarah.goto(`${ODPM}/check`);
    await expect(sarah.getByRole("heading", { level: 1, name: "Check your changes before submitting them" })).toBeVisible();
    await sarah.getByLabel(/I confirm that I may submit this response/).check();
    await sarah.getByRole("button", { name: "Submit changes" }).click();
    await expect(sarah.getByRole("heading", { level: 1, name: "Changes submitted" })).toBeVisible();
    await sarah.goto(ODPM);
    await expect(sarah.getByTestId("history").locator("tbody tr")).toHaveCount(2);
    await expect(sarah.getByTestId("history")).toContainText("Amendment 1");
    await sarah.context().close();
    await david.context().close();
  });

  test("bad input gets a clear message, keeps what was typed, and stores nothing it should not", async ({ page, browser }) => {
    // Grace (health) has a draft; read her organisation's id from her own form, untouched.
    const grace = await (await browser.newContext()).newPage();
    await switchTo(grace, "health");
    await grace.goto(`${ODPM}/chapter/2`);
    const healthOrgId = await grace.locator('input[name="organisationId"]').inputValue();
    const graceQ12 = await answerBox(grace, "12").inputValue();

    await switchTo(page, "partner");
    await page.goto(`${BRECKLAND}/chapter/1`);
    await expectNoAxeViolations(page);
    // Checked as the person types, by the same rules as the server.
    const q1Error = page.locator(`#f-q-${await questionId(page, "1")}-error`);
    await answerBox(page, "1").fill("x".repeat(10_001));
    await expect(q1Error).toContainText("Answer to question 1 must be 10,000 characters or fewer");
    await expect(page.getByText("You have 1 character too many")).toBeVisible();
    await answerBox(page, "1").fill("");
    await expect(q1Error).toHaveCount(0);
    // A required answer missing.
    await saveAndContinue(page);
    await expect(errorSummary(page)).toContainText("Enter your answer to question 1");
    await expect(errorSummary(page)).toContainText("Select an option for question 2");
    await expect(errorSummary(page)).toBeFocused();
    await expect(q1Error).toContainText("Enter your answer to question 1");
    await expectNoAxeViolations(page);

    // An option that was not offered.
    await answerBox(page, "1").fill("Community safety,\nand the night-time economy.");
    await page.getByLabel("Increase").evaluate((el: HTMLInputElement) => {
      el.value = "Double it";
      el.checked = true;
    });
    await saveAndContinue(page);
    await expect(errorSummary(page)).toContainText("Select one of the options offered for question 2");
    await expect(answerBox(page, "1")).toHaveValue("Community safety,\nand the night-time economy.");

    // A forged question id is refused and nothing is stored.
    await page.locator("form").last().evaluate((form) => {
      const add = (name: string, value: string) => {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
      };
      add("q-00000000-0000-4000-8000-00000000dead.base", "0:0");
      add("q-00000000-0000-4000-8000-00000000dead", "Forged");
    });
    await page.getByLabel("Increase").check();
    await saveAndContinue(page);
    await expect(errorSummary(page)).toContainText("Some answers were for questions that are not on this page. Nothing has been saved.");

    // Another organisation's response, by forging the organisation in the post.
    await page.goto(`${ODPM}/chapter/2`);
    await answerBox(page, "12").fill("The police overwriting the health service");
    await page.locator('input[name="organisationId"]').evaluate((el: HTMLInputElement, id) => (el.value = id), healthOrgId);
    await saveAndComeBackLater(page);
    await expect(errorSummary(page)).toContainText("You cannot respond for that organisation");
    await grace.reload();
    await expect(answerBox(grace, "12")).toHaveValue(graceQ12);
    // And by asking for its pages.
    const denied = await page.goto(`${ODPM}?org=${healthOrgId}`);
    expect(denied?.status()).toBe(403);
    await expect(page.getByText(graceQ12.slice(0, 30))).toHaveCount(0);
    await grace.context().close();
  });

  test("the Breckland questionnaire: single choice and long text, required, answered end to end", async ({ page }) => {
    await switchTo(page, "partner");
    await page.goto(BRECKLAND);
    await page.getByRole("link", { name: "1. Priorities and commitment" }).click();
    await answerBox(page, "1").fill("Community safety,\nand the night-time economy.");
    await page.getByLabel("Increase").check();
    await saveAndContinue(page);
    await expect(chapterHeading(page, 2, 2)).toBeVisible();
    await answerBox(page, "3").fill("Crime and disorder audit 2010.");
    await saveAndContinue(page);
    await expect(summaryRow(page, "2")).toContainText("Increase");
    await page.getByLabel(/I confirm that I may submit this response/).check();
    await page.getByRole("button", { name: "Submit response" }).click();
    await expect(page.getByTestId("reference")).toHaveText(/^BPPQRS-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  });

  test("keyboard only: Tab to the controls, type, and Enter to save", async ({ page }) => {
    await switchTo(page, "cvs");
    await page.goto(`${BRECKLAND}/chapter/1`);
    await expectNoAxeViolations(page);
    // From the back link, Tab reaches question 1's box, then the choice's radios, where arrows choose.
    await page.getByRole("link", { name: "Back to all chapters" }).focus();
    await page.keyboard.press("Tab");
    await expect(answerBox(page, "1")).toBeFocused();
    await page.keyboard.type("Two of five partners have signed up.\nThe rest by March.");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("radio", { name: "Increase" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("radio", { name: "Stay the same" })).toBeChecked();
    // Tab on through question 2a's box to "Save and continue", and press Enter.
    await page.keyboard.press("Tab");
    await expect(answerBox(page, "2a")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Save and continue" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(chapterHeading(page, 2, 2)).toBeVisible();
    await page.goto(`${BRECKLAND}/chapter/1`);
    await expect(answerBox(page, "1")).toHaveValue("Two of five partners have signed up.\nThe rest by March.");
    await expect(page.getByRole("radio", { name: "Stay the same" })).toBeChecked();
  });

  test("a question page loads at most 50 kB of JavaScript (gzip), all of it included, and autosaves", async ({ page }) => {
    await switchTo(page, "partner");
    const scripts = recordScripts(page);
    await page.goto(`${ODPM}/chapter/4`);
    // Use the page as a person would, so that anything loaded on first use is counted too.
    await answerBox(page, "34").fill("Shared training with the county, twice a year.");
    await expect(page.getByRole("status")).toContainText(/Saved at/, { timeout: 10_000 });
    const weight = await gzipWeight(page, scripts);
    expect(scripts.length, "the page runs its enhancements").toBeGreaterThan(0);
    expect(weight.total, `JavaScript loaded (gzip): ${JSON.stringify(weight.each)}`).toBeLessThanOrEqual(50 * 1024);
    // The saved answer is there when the page is loaded again.
    await page.reload();
    await expect(answerBox(page, "34")).toHaveValue("Shared training with the county, twice a year.");
    // The journey's other pages need no JavaScript at all.
    for (const path of ["", "/privacy", "/check"]) {
      const others = recordScripts(page);
      await page.goto(`${ODPM}${path}`);
      await page.waitForLoadState("load");
      expect(others, `scripts on ${ODPM}${path}`).toEqual([]);
    }
  });
});

async function questionId(page: Page, number: string) {
  const id = await answerBox(page, number).getAttribute("id");
  return id!.replace(/^f-q-/, "");
}

test.describe.serial("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  const person = { name: "Tom Price", email: "tom.price@bid.example", organisation: "Chorley Business Improvement District" };

  test("an organisation added by the admin answers the ODPM consultation with JavaScript off, end to end", async ({ page }) => {
    // The admin adds the organisation and its contact (plain forms, no JavaScript).
    await switchTo(page, "admin", "/admin/organisations");
    await page.goto("/admin/organisations");
    await page.getByLabel("Name").fill(person.organisation);
    await page.getByLabel("Type").selectOption({ label: "Business" });
    await page.getByRole("button", { name: "Add organisation" }).click();
    await expect(page.getByRole("cell", { name: person.organisation })).toBeVisible();
    await page.goto("/admin/users");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
    await form.getByLabel("Full name").fill(person.name);
    await form.getByLabel("Email address").fill(person.email);
    await form.getByLabel("Organisation").selectOption({ label: person.organisation });
    await form.getByLabel("Role").selectOption({ label: "Partner" });
    await form.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByText(`${person.name} added`)).toBeVisible();
    await page.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
    await expect(page.getByRole("cell", { name: person.email })).toBeVisible();

    const answers = answersFor("BID");
    await signInByEmail(page, person.email);
    await expect(page.getByTestId("signed-in-as")).toContainText(person.name);
    await page.goto(ODPM);
    await expect(page.getByText(`Responding for ${person.organisation}`)).toBeVisible();
    await page.getByRole("link", { name: `1. ${CHAPTERS[0]}` }).click();
    // Without JavaScript the limit is stated, not counted.
    await expect(page.getByText("You can enter up to 10,000 characters").first()).toBeVisible();
    await answerAllChapters(page, answers, false);

    await leave(page);
    await signInByEmail(page, person.email);
    await page.goto(ODPM);
    await expect(page.getByTestId("task-list").getByRole("listitem").filter({ hasText: CHAPTERS[0] })).toContainText("Completed");
    await expectEveryAnswerKept(page, answers);

    await checkChangeAndSubmit(page, answers, "BID", false);
    // The same check page open in a second tab, to resend after the first submission.
    const stale = await page.context().newPage();
    await stale.goto(`${ODPM}/check`);
    await stale.getByLabel(/I confirm that I may submit this response/).check();
    await page.getByRole("button", { name: "Submit response" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Response submitted" })).toBeVisible();
    const reference = (await page.getByTestId("reference").textContent())!;
    // Resending the stale page is the same submission: same reference, one version.
    await stale.getByRole("button", { name: "Submit response" }).click();
    await expect(stale.getByTestId("reference")).toHaveText(reference);
    await stale.close();
    await page.goto(ODPM);
    await expect(page.getByTestId("history").locator("tbody tr")).toHaveCount(1);

    const receipt = await latestEmailText(page, person.email, /Response received/);
    expect(receipt).toContain(reference);
    expect(receipt).toContain("Every quarter, in writing.");
  });

  test("a 2 MB answer is refused with the stated limit, and the text stays on the form", async ({ page }) => {
    await signInByEmail(page, person.email);
    await page.goto(`${ODPM}/chapter/1`);
    const huge = "Evidence. ".repeat(200_000); // 2,000,000 characters
    await answerBox(page, "5").fill(huge);
    await saveAndComeBackLater(page);
    await expect(errorSummary(page)).toContainText("Answer to question 5 must be 10,000 characters or fewer");
    expect((await answerBox(page, "5").inputValue()).length).toBe(huge.length);
    // Nothing was stored.
    await page.goto(`${ODPM}/chapter/1`);
    await expect(answerBox(page, "5")).toHaveValue("");
  });

  test("a post after the session ended saves nothing and shows what was typed, to copy", async ({ page }) => {
    await signInByEmail(page, person.email);
    await page.goto(`${ODPM}/chapter/1`);
    await answerBox(page, "5").fill("Typed before the session ended.\nSecond line.");
    await page.context().clearCookies();
    await saveAndComeBackLater(page);
    await expect(page.getByRole("heading", { level: 1, name: "Your session has ended" })).toBeVisible();
    const typed = await page.getByRole("textbox", { name: /What you typed/ }).evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value));
    expect(typed).toContain("Typed before the session ended.\nSecond line.");
    await signInByEmail(page, person.email);
    await page.goto(`${ODPM}/chapter/1`);
    await expect(answerBox(page, "5")).toHaveValue("");
  });
});

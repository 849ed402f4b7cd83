// Refusals of a whole form (not of one field) reach the person: in the GOV.UK error summary at
// the top of the form, focused, with and without JavaScript. The signatory's stale sign-off
// is the case that used to do nothing visible: it names what changed and offers a reload.
// Works on the seeded ODPM answers, and leaves them drafting again (returned with a note).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, ensureAnswersDrafting, expectNoAxeViolations, returnAnswers, signInAs } from "./fixtures";

const TITLE = "Local Strategic Partnerships: Shaping their Future";
let odpm = "";
const manage = (path = "") => `/manage/${odpm}${path}`;

async function signedIn(browser: Browser, who: keyof typeof DEMO, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (javaScriptEnabled) await signInAs(page, who);
  else {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: new RegExp(`^Sign in as ${DEMO[who].name}`) }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText(DEMO[who].name);
  }
  return { context, page };
}

/** The officer sends the answers for review, unless they are there already. */
async function sendForReview(page: Page) {
  await page.goto(manage("/review"));
  const send = page.getByRole("button", { name: "Send for review" });
  if (await send.count()) await send.click();
  await expect(page.getByTestId("sent-for-review")).toBeVisible();
}

/** The officer changes the council's answer to question `number` from its own page. */
async function changeAnswer(page: Page, number: string, addition: string) {
  await page.goto(manage("/drafting"));
  await page.getByTestId(`draft-row-${number}`).getByRole("link").first().click();
  const box = page.getByRole("textbox", { name: `The council's answer to question ${number}` });
  await box.fill(`${await box.inputValue()} ${addition}`);
  await page.getByRole("button", { name: "Save answer" }).click();
  await expect(page.getByTestId("draft-text")).toContainText(addition);
}

/** The officer replaces the council's answer to question `number`; returns the text it had. */
async function setAnswer(page: Page, number: string, text: string, status?: string) {
  await page.goto(manage("/drafting"));
  await page.getByTestId(`draft-row-${number}`).getByRole("link").first().click();
  const box = page.getByRole("textbox", { name: `The council's answer to question ${number}` });
  const statusBox = page.getByLabel("Status", { exact: true });
  const before = { text: await box.inputValue(), status: await statusBox.inputValue() };
  await box.fill(text);
  // An empty answer cannot be ready for review, so emptying one makes it a draft again.
  const nextStatus = status ?? (text.trim() ? undefined : "drafting");
  if (nextStatus) await statusBox.selectOption(nextStatus);
  await page.getByRole("button", { name: "Save answer" }).click();
  await expect(page.getByText(/Answer saved as version/)).toBeVisible();
  return before;
}

const RETURN_NOTE = "Returned by the form-errors journey.";

async function staleApprovalIsRefusedAndSaysWhatChanged(browser: Browser, javaScriptEnabled: boolean, number: string) {
  test.setTimeout(120_000);
  await ensureAnswersDrafting(browser, odpm, RETURN_NOTE);
  const officer = await signedIn(browser, "officer");
  await sendForReview(officer.page);

  const signatory = await signedIn(browser, "signatory", javaScriptEnabled);
  const page = signatory.page;
  await page.goto(manage("/sign-off"));
  const shownHash = await page.getByTestId("current-hash").innerText();
  await page.getByLabel("Approve").check();

  // Meanwhile an officer changes one answer.
  const addition = `Changed while the signatory read it (${javaScriptEnabled ? "JavaScript" : "no JavaScript"}).`;
  await changeAnswer(officer.page, number, addition);

  await page.getByRole("button", { name: "Confirm decision" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("alert")).toContainText("There is a problem");
  await expect(summary).toContainText(`The answer to question ${number} changed after you opened this page, so your decision was not recorded.`);
  await expect(summary.getByRole("listitem").filter({ hasText: `Question ${number}: changed by ${DEMO.officer.name}` })).toHaveCount(1);
  await expect(summary).toBeFocused();
  await expect(page.getByTestId("signed-off-panel")).toHaveCount(0);
  if (javaScriptEnabled) await expectNoAxeViolations(page);

  // The reload shows the answers as they stand now, with their new fingerprint.
  await summary.getByRole("link", { name: "Reload the page to see the latest version" }).click();
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expect(page.getByTestId("current-hash")).not.toHaveText(shownHash);
  await expect(page.getByText(addition)).toBeAttached();

  await returnAnswers(page, RETURN_NOTE);
  await officer.context.close();
  await signatory.context.close();
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signInAs(page, "officer", "/review");
  await page.goto("/review");
  const href = await page.getByTestId("review-home").getByRole("link", { name: TITLE, exact: true }).getAttribute("href");
  odpm = /\/manage\/([0-9a-f-]{36})\//.exec(href ?? "")![1];
  await page.close();
});

test("a stale sign-off is refused in the error summary, naming the question that changed and offering a reload, with JavaScript", async ({ browser }) => {
  await staleApprovalIsRefusedAndSaysWhatChanged(browser, true, "4");
});

test("a stale sign-off is refused in the error summary, naming the question that changed and offering a reload, without JavaScript", async ({ browser }) => {
  await staleApprovalIsRefusedAndSaysWhatChanged(browser, false, "6");
});

test("any form's refusal of the whole post reaches its error summary: a session that ended while the page was open", async ({ page }) => {
  await signInAs(page, "admin", "/admin/organisations");
  await page.goto("/admin/organisations");
  await page.getByLabel("Name").fill("Chorley Youth Forum");
  // The session ends (signed out elsewhere, or expired) while the form is open.
  await page.context().clearCookies();
  await page.getByRole("button", { name: /Add organisation/ }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("alert")).toContainText("Your session has ended. Sign in again to continue.");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("Name")).toHaveValue("Chorley Youth Forum");
});

test("without JavaScript, a refusal of the whole form shows in its error summary and takes the focus", async ({ browser }) => {
  test.setTimeout(120_000);
  await ensureAnswersDrafting(browser, odpm, RETURN_NOTE);
  // Question 9 loses its answer, so the answers cannot go for review.
  const colleague = await signedIn(browser, "officer2");
  const original = await setAnswer(colleague.page, "9", "");
  try {
    const officer = await signedIn(browser, "officer", false);
    const page = officer.page;
    await page.goto(manage("/review"));
    await page.getByRole("button", { name: "Send for review" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect(summary.getByRole("alert")).toContainText("Every question needs an answer before review. Still to write: question 9.");
    await expect(summary).toBeFocused();
    await expect(page.getByTestId("sent-for-review")).toHaveCount(0);
    await officer.context.close();
  } finally {
    await setAnswer(colleague.page, "9", original.text, original.status);
    await colleague.context.close();
  }
});

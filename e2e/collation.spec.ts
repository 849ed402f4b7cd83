// The Chorley journey on the seeded ODPM consultation: officers collate partner answers and
// draft the council's answers, the Overview and Scrutiny Committee reviews them, a signatory
// signs them off and they lock; the audit log shows every step. Plus the denials.
// Runs in order and changes the ODPM answers (never the partner responses). A retry (CI retries a
// failed serial file once) starts from the answers being drafted again, and expects each step to
// be in the log at least once rather than exactly once.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, ensureAnswersDrafting, expectNoAxeViolations, newSignedInPage, signInAs } from "./fixtures";

test.describe.configure({ mode: "serial" });

const TITLE = "Local Strategic Partnerships: Shaping their Future";
let odpm = "";
const manage = (path = "") => `/manage/${odpm}${path}`;

/** With E2E_SCREENSHOTS=1, a picture of the page in test-results/ for people to look at. */
async function shot(page: Page, name: string, fullPage = true) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `test-results/collation-${name}.png`, fullPage });
}

async function questionLink(page: Page, number: string): Promise<string> {
  await page.goto(manage("/drafting"));
  const href = await page.getByTestId(`draft-row-${number}`).getByRole("link").first().getAttribute("href");
  if (!href) throw new Error(`no link for question ${number}`);
  return href;
}

/** One entry in a log: exactly one on a first try; a retry also finds those of the try before. */
async function expectOnce(rows: Locator) {
  if (test.info().retry) await expect(rows.first()).toBeVisible();
  else await expect(rows).toHaveCount(1);
}

async function answerBox(page: Page, number: string) {
  return page.getByRole("textbox", { name: `The council's answer to question ${number}` });
}

test("an officer finds the ODPM consultation's answers", async ({ browser, page }) => {
  await signInAs(page, "officer", "/review");
  await page.goto("/review");
  const href = await page.getByTestId("review-home").getByRole("link", { name: TITLE, exact: true }).getAttribute("href");
  odpm = /\/manage\/([0-9a-f-]{36})\//.exec(href ?? "")![1];
  await expectNoAxeViolations(page);
  // Drafting, as seeded; a retry finds them where the try before stopped (signed off, say).
  await ensureAnswersDrafting(browser, odpm, "Returned for the collation journey's retry.");
});

test("the responses overview counts organisations and opens a response read-only", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(manage("/responses"));
  const byType = page.getByTestId("responses-by-type");
  await expect(byType.getByRole("row", { name: /Voluntary sector/ })).toContainText("1");
  await expect(page.getByTestId("response-totals")).toContainText("Submitted");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: DEMO.cvs.organisation }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO.cvs.organisation })).toBeVisible();
  await expect(page.getByText("The voluntary and community sector wants one clear vision")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("an officer edits answers beside the partner answers and sees the history as a diff", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(await questionLink(page, "1"));
  await expectNoAxeViolations(page);
  const box = await answerBox(page, "1");
  const original = await box.inputValue();
  await box.fill(`${original} The Chorley Partnership has agreed this approach.`);
  await page.getByRole("button", { name: "Save answer" }).click();
  // Version 2 as seeded; later if another journey drafted this answer first.
  const saved = page.getByText(/Answer saved as version \d+/).first();
  await expect(saved).toBeVisible();
  const version = Number(/version (\d+)/.exec(await saved.innerText())![1]);
  expect(version).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("draft-text")).toContainText("The Chorley Partnership has agreed this approach.");
  await expect(page.getByTestId("revisions").getByRole("row").nth(1)).toContainText("Jane Fisher");
  const diff = page.getByTestId("revision-diff");
  await expect(diff.locator("ins")).toContainText("The Chorley Partnership has agreed this approach.");
  await expect(diff.locator("ins")).toContainText("added");

  // Collation: the partners' answers with the council's answer beside them.
  await page.getByRole("link", { name: /\d+ partners? answered/ }).click();
  await expect(page.getByTestId("partner-answers")).toContainText(DEMO.parish.organisation);
  await expect(page.getByTestId("partner-answers")).toContainText(DEMO.cvs.organisation);
  await expect(page.getByTestId("partner-answers")).not.toContainText(DEMO.health.organisation);
  await expect(page.getByTestId("council-draft")).toContainText("Drafting");
  await expectNoAxeViolations(page);
  await shot(page, "collate-question");
  const side = page.getByRole("textbox", { name: "Answer to question 1" });
  await side.fill(`${await side.inputValue()} Parish plans feed into it.`);
  await page.getByRole("button", { name: "Save answer" }).click();
  await expect(page.getByText(`Answer saved as version ${version + 1}`)).toBeVisible();

  // Cross-references link to the answer they refer to.
  await page.goto(await questionLink(page, "17"));
  await page.getByTestId("draft-text").getByRole("link", { name: "question 16" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Question 16" })).toBeVisible();
});

test("full-text search ranks and highlights partner answers", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(manage("/collate"));
  await expectNoAxeViolations(page);
  await page.getByLabel("Search all partner answers").fill("parish plans");
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("search-results");
  await expect(results.getByRole("heading")).toContainText("match “parish plans”");
  await expect(results.locator("mark").first()).toBeVisible();
  await expect(results.locator("li").first()).toContainText(DEMO.parish.organisation);
  await expectNoAxeViolations(page);
  await shot(page, "search");
  await page.getByLabel("Organisation type").selectOption({ label: "Voluntary sector" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(results).not.toContainText(DEMO.parish.organisation);
});

test("an officer assigns answers to a colleague, who finds them under “assigned to me”", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(manage("/drafting"));
  await expectNoAxeViolations(page);
  // A retry of this journey finds them assigned already: unassigned first, so that the
  // assignment below is made (and announced) again.
  if (((await page.getByTestId("draft-row-3").textContent()) ?? "").includes(DEMO.officer2.name)) {
    await page.getByLabel("Select question 3", { exact: true }).check();
    await page.getByLabel("Select question 4", { exact: true }).check();
    await page.getByLabel("Assign the selected questions to").selectOption({ label: "Nobody" });
    await page.getByRole("button", { name: "Assign selected questions" }).click();
    await expect(page.getByTestId("draft-row-3")).not.toContainText(DEMO.officer2.name);
  }
  await page.getByLabel("Select question 3", { exact: true }).check();
  await page.getByLabel("Select question 4", { exact: true }).check();
  await page.getByLabel("Assign the selected questions to").selectOption({ label: DEMO.officer2.name });
  await page.getByRole("button", { name: "Assign selected questions" }).click();
  await expect(page.getByText(`Questions 3, 4 assigned to ${DEMO.officer2.name}`)).toBeVisible();
  await expect(page.getByTestId("draft-row-3")).toContainText(DEMO.officer2.name);
  await shot(page, "drafting-dashboard");

  await signInAs(page, "officer2");
  await page.goto(manage("/drafting"));
  await page.getByRole("link", { name: "assigned to me" }).click();
  await expect(page.getByTestId("drafting-table").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("drafting-progress")).toContainText("of 35");
  await page.getByTestId("draft-row-3").getByRole("link").first().click();
  const box = await answerBox(page, "3");
  await box.fill(`${await box.inputValue()} (Reviewed by Amir.)`);
  await page.getByLabel("Status").selectOption({ label: "Ready for review" });
  await page.getByRole("button", { name: "Save answer" }).click();
  await expect(page.getByTestId("draft-status")).toContainText("Ready for review");
});

test("two officers save the same answer: the later save shows both texts to merge, with JavaScript off", async ({ browser }) => {
  const jane = await newSignedInPage(browser, "officer", false);
  const amir = await newSignedInPage(browser, "officer2");
  const url = await questionLink(amir.page, "5");
  await jane.page.goto(url);
  await amir.page.goto(url);
  await (await answerBox(amir.page, "5")).fill("Amir's version of the answer to question 5.");
  await amir.page.getByRole("button", { name: "Save answer" }).click();
  await expect(amir.page.getByText(/Answer saved as version/)).toBeVisible();

  await (await answerBox(jane.page, "5")).fill("Jane's version of the answer to question 5.");
  await jane.page.getByRole("button", { name: "Save answer" }).click();
  await expect(jane.page.getByTestId("draft-conflict")).toContainText("Someone else saved this answer after you started");
  await expect(jane.page.getByTestId("their-text")).toHaveValue("Amir's version of the answer to question 5.");
  const mine = jane.page.getByRole("textbox", { name: "Your text: merge here, then save" });
  await expect(mine).toHaveValue("Jane's version of the answer to question 5.");
  await shot(jane.page, "conflict");
  await mine.fill("Merged: Amir's version, with Jane's point on question 5.");
  await jane.page.getByRole("button", { name: "Save merged answer" }).click();
  await expect(jane.page.getByTestId("draft-text")).toContainText("Merged: Amir's version, with Jane's point on question 5.");
  await jane.context.close();
  await amir.context.close();
});

test("the officer sends the answers for review", async ({ browser, page }) => {
  // Another journey (notifications) sends them too: returned first if so, as a signatory would.
  await ensureAnswersDrafting(browser, odpm, "Returned by the collation journey.");
  await signInAs(page, "officer");
  await page.goto(manage("/review"));
  await page.getByRole("button", { name: "Send for review" }).click();
  await expect(page.getByTestId("sent-for-review")).toContainText(`Sent for review by ${DEMO.officer.name}`);
  await expect(page.getByText("In review").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Send for review" })).toHaveCount(0);
});

test("a scrutiny member comments on question 12 and cannot edit answers", async ({ page }) => {
  await signInAs(page, "scrutiny");
  await page.goto(manage("/review"));
  await expect(page.getByTestId("review-draft-12")).toContainText("Government should not be prescriptive");
  await expectNoAxeViolations(page);
  const q12 = page.getByTestId("review-question-12");
  await q12.getByLabel("Your comment on the answer to question 12").fill("The answer should say how the thematic partnerships report to the LSP board.");
  await q12.getByRole("button", { name: "Add comment" }).click();
  // The newest thread (a retry finds the earlier try's above it).
  const thread = page.getByTestId("comments-12").getByTestId("comment-thread").last();
  await expect(thread).toContainText("Cllr Peter Moss");
  await expect(thread).toContainText("how the thematic partnerships report");
  await expectNoAxeViolations(page);
  await page.locator("#q-12").scrollIntoViewIfNeeded();
  await shot(page, "review-q12", false);

  const url = await questionLink(page, "12");
  await page.goto(url);
  await expect(page.getByTestId("draft-text")).toContainText("Government should not be prescriptive");
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save answer" })).toHaveCount(0);
});

test("a forged save by a scrutiny member is refused by the server", async ({ browser }) => {
  const officer = await newSignedInPage(browser, "officer");
  const scrutiny = await newSignedInPage(browser, "scrutiny");
  const url = await questionLink(officer.page, "12");
  await officer.page.goto(url);
  const box = await answerBox(officer.page, "12");
  // The officer's form, posted with the scrutiny member's session.
  await officer.context.clearCookies();
  await officer.context.addCookies(await scrutiny.context.cookies());
  await box.fill("Scrutiny rewrote the answer.");
  await officer.page.getByRole("button", { name: "Save answer" }).click();
  await expect(officer.page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("You do not have permission to do that");
  await scrutiny.page.goto(url);
  await expect(scrutiny.page.getByTestId("draft-text")).toContainText("Government should not be prescriptive");
  await expect(scrutiny.page.getByTestId("draft-text")).not.toContainText("Scrutiny rewrote the answer.");
  await officer.context.close();
  await scrutiny.context.close();
});

test("the officer replies and records the committee's resolution", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(manage("/review"));
  // The newest thread: this journey's comment (a retry finds the earlier try's above it).
  const reply = page.getByTestId("review-question-12").locator("details").filter({ hasText: /^Reply/ }).last();
  await reply.locator("summary").click();
  await reply.getByLabel("Your reply").fill("Agreed; a sentence will be added before submission.");
  await reply.getByRole("button", { name: "Add reply" }).click();
  await expect(page.getByTestId("comments-12")).toContainText("Jane Fisher replied");

  // Open already unless a resolution is recorded (by the try before a retry).
  const recordOne = page.locator("details").filter({ hasText: "Record the committee's resolution" });
  if ((await recordOne.getAttribute("open")) === null) await recordOne.locator("summary").click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Record resolution" }) });
  await form.getByRole("button", { name: "Record resolution" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter the date of the meeting");
  await form.getByLabel("Day").fill("2");
  await form.getByLabel("Month").fill("3");
  await form.getByLabel("Year").fill("2026");
  await form.getByLabel("Resolution").fill("Agreed that the draft responses can be submitted subject to the comments on question 12.");
  await form.getByRole("button", { name: "Record resolution" }).click();
  await expect(page.getByTestId("resolution").last()).toContainText("Overview and Scrutiny Committee, 2 March 2026");
  await expect(page.getByTestId("resolution").last()).toContainText("subject to the comments on question 12");
});

test("the signatory approves; a later edit is refused by the server; the hash verifies", async ({ browser }) => {
  // An officer has an answer open for editing before the sign-off.
  const officer = await newSignedInPage(browser, "officer");
  await officer.page.goto(await questionLink(officer.page, "7"));
  const before = await (await answerBox(officer.page, "7")).inputValue();

  const signatory = await newSignedInPage(browser, "signatory");
  const page = signatory.page;
  await page.goto(manage("/sign-off"));
  // Question 12's comment, and any another journey left open on this database (7, say).
  await expect(page.getByText(/Comments are still open on questions? ([\d, ]+, )?12\b/)).toBeVisible();
  await expectNoAxeViolations(page);
  await shot(page, "sign-off-decision");
  const hash = await page.getByTestId("current-hash").innerText();
  await page.getByRole("button", { name: "Confirm decision" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Select whether you approve the answers or return them");
  await page.getByLabel("Approve").check();
  await page.getByRole("button", { name: "Confirm decision" }).click();
  await expect(page.getByTestId("signed-off-panel")).toContainText(DEMO.signatory.name);
  await expect(page.getByTestId("approved-hash")).toHaveText(hash);
  await expectNoAxeViolations(page);
  await shot(page, "signed-off");

  // The officer's open form is refused: the server, not the page, enforces the lock.
  await (await answerBox(officer.page, "7")).fill(`${before} A change after sign-off.`);
  await officer.page.getByRole("button", { name: "Save answer" }).click();
  await expect(officer.page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("signed off");
  await officer.page.reload();
  await expect(officer.page.getByTestId("locked-notice")).toBeVisible();
  await expect(officer.page.getByRole("button", { name: "Save answer" })).toHaveCount(0);
  await expect(officer.page.getByTestId("draft-text")).not.toContainText("A change after sign-off.");
  await expect(officer.page.getByTestId("draft-status")).toContainText("Approved");

  await page.getByRole("link", { name: "Verify that the stored answers still match" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("The answers match");
  await expect(page.getByTestId("stored-hash")).toHaveText(hash);
  await expect(page.getByTestId("recomputed-hash")).toHaveText(hash);
  await expectNoAxeViolations(page);
  await shot(page, "verify");
  await officer.context.close();
  await signatory.context.close();
});

test("the audit log shows every step with its actor", async ({ page }) => {
  await signInAs(page, "officer");
  await page.goto(manage("/audit"));
  const rows = page.getByTestId("audit-row");
  const step = (action: RegExp, actor: string) => rows.filter({ has: page.getByTestId("audit-action").filter({ hasText: action }) }).filter({ has: page.getByTestId("audit-actor").filter({ hasText: actor }) });
  await expect(step(/Council.s draft answer saved, question 1(?!\d)/, DEMO.officer.name).first()).toBeVisible();
  await expectOnce(step(/Draft answers assigned/, DEMO.officer.name));
  await expectOnce(step(/Council.s draft answer saved, question 3/, DEMO.officer2.name));
  await expectOnce(step(/Answers sent for review/, DEMO.officer.name));
  await expectOnce(step(/Comment added, question 12/, DEMO.scrutiny.name));
  await expectOnce(step(/Reply to a comment added, question 12/, DEMO.officer.name));
  await expectOnce(step(/Committee's resolution recorded/, DEMO.officer.name));
  await expectOnce(step(/Answers approved/, DEMO.signatory.name));
  await expectNoAxeViolations(page);
  await shot(page, "audit");

  // The person is typed (the start of their name, or their whole email address, case aside).
  const person = page.getByLabel("Person (name or email)");
  await person.fill(DEMO.signatory.name);
  await page.getByRole("button", { name: "Filter" }).click();
  await expectOnce(rows);
  await expect(rows.filter({ hasText: "Answers approved" }).first()).toContainText("SHA-256");
  await expect(person).toHaveValue(DEMO.signatory.name);
  await person.fill(DEMO.signatory.email.toUpperCase());
  await page.getByRole("button", { name: "Filter" }).click();
  await expectOnce(rows.filter({ has: page.getByTestId("audit-actor").filter({ hasText: DEMO.signatory.name }) }));
  await expect(page.getByTestId("audit-actor").filter({ hasNotText: DEMO.signatory.name })).toHaveCount(0);

  await signInAs(page, "admin");
  await page.goto("/admin/audit");
  // The whole system's log: other specs sharing this database sign off other things (an action plan's report).
  await expectOnce(page.getByTestId("audit-row").filter({ hasText: "Answers approved" }).filter({ hasText: TITLE }));
  await expectNoAxeViolations(page);
});

test("the signatory reopens with a reason, which starts version 2 and unlocks the answers", async ({ browser }) => {
  const signatory = await newSignedInPage(browser, "signatory");
  const page = signatory.page;
  await page.goto(manage("/sign-off"));
  await page.getByRole("button", { name: "Reopen the answers" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await page.getByLabel("Why are you reopening the answers?").fill("The committee asked for question 19 to be reworded.");
  await page.getByRole("button", { name: "Reopen the answers" }).click();
  const banner = page.getByTestId("reopened-banner");
  // Version 1 as seeded (a retry's are later).
  const [, was, now] = /signed off as version (\d+) were reopened as version (\d+)\. They need signing off again\./.exec(await banner.innerText()) ?? [];
  expect(Number(now)).toBe(Number(was) + 1);
  if (!test.info().retry) expect(was).toBe("1");
  await expect(banner).toContainText(`Reopened by ${DEMO.signatory.name}`);
  await expect(banner).toContainText("The committee asked for question 19 to be reworded.");
  await expectNoAxeViolations(page);
  await signatory.context.close();

  // The officer can edit again; the approved version stays on record in the audit log.
  const officer = await newSignedInPage(browser, "officer");
  await officer.page.goto(await questionLink(officer.page, "19"));
  await expect(officer.page.getByTestId("locked-notice")).toHaveCount(0);
  const box = await answerBox(officer.page, "19");
  await box.fill(`${await box.inputValue()} Reworded after the committee.`);
  await officer.page.getByRole("button", { name: "Save answer" }).click();
  // Wait for the save to be acknowledged: reloading at once would cancel the post under way.
  await expect(officer.page.getByText(/Answer saved as version \d+/)).toBeVisible();
  await officer.page.reload();
  await expect(officer.page.getByTestId("draft-text")).toContainText("Reworded after the committee.");
  await officer.page.goto(manage("/audit"));
  await expectOnce(officer.page.getByTestId("audit-row").filter({ hasText: "Answers approved" }));
  await expectOnce(officer.page.getByTestId("audit-row").filter({ hasText: "Signed-off answers reopened" }));
  await officer.context.close();
});

test("partners, scrutiny and officers are refused what is not theirs", async ({ page }) => {
  const q12 = await (async () => {
    await signInAs(page, "officer");
    return questionLink(page, "12");
  })();
  const collateQ12 = q12.replace("/drafting/", "/collate/");
  await signInAs(page, "partner");
  for (const path of [
    manage("/responses"),
    manage("/collate"),
    collateQ12,
    manage("/collate?q=parish"),
    manage("/drafting"),
    q12,
    manage("/review"),
    manage("/sign-off"),
    manage("/sign-off/verify"),
    manage("/audit"),
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    await expect(page.getByText("Government should not be prescriptive")).toHaveCount(0);
  }
  await expectNoAxeViolations(page);

  await signInAs(page, "scrutiny");
  expect((await page.goto(manage("/audit")))?.status()).toBe(403);
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
  await signInAs(page, "officer");
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
});

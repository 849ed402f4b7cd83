// Action plans and progress returns: a lead partnership reports its quarter (with JavaScript and
// without), two colleagues editing the same item keep both versions, and an officer reads the
// period's report (summary, exceptions, full plan, filters, downloads). Axe on every page.
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, newSignedInPage, signInAs } from "./fixtures";

const PLAN = "Rochford LSP Strategic Action Plan 2009–10";
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/action-plans-shots";
mkdirSync(SHOTS, { recursive: true });

/**
 * Axe needs JavaScript in the page, so a page served to a JavaScript-off browser is checked as
 * served: its HTML (scripts removed) is replayed at its own address to a JavaScript-on page.
 */
async function expectNoAxeViolationsWithoutJs(browser: Browser, page: Page) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const url = page.url();
  const context = await browser.newContext();
  try {
    const checker = await context.newPage();
    await checker.route(url, (route) => route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }));
    await checker.goto(url);
    await expectNoAxeViolations(checker);
  } finally {
    await context.close();
  }
}

async function openCurrentReturn(page: Page) {
  await page.goto("/returns");
  await expect(page.getByRole("heading", { name: "Progress returns" })).toBeVisible();
  await page.getByRole("link", { name: `${PLAN}: Q4 2009/10` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Q4 2009/10 return for");
}

const item = (page: Page, label: string) => page.locator(`[data-testid="return-item"][data-label="${label}"]`);

test.describe.serial("action plans", () => {
  test.describe.configure({ timeout: 180_000 });

  test("a lead partnership sees only its own items, carries last period forward, and submits its return (JavaScript on)", async ({ page }) => {
    await signInAs(page, "hwp");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Progress returns" }).click();
    await expectNoAxeViolations(page);
    await openCurrentReturn(page);
    // Only the Health and Wellbeing Partnership's priority, with last period beside each item.
    await expect(page.getByRole("heading", { level: 2, name: /^Strategic Priority/ })).toHaveText(["Strategic Priority 1: Supporting the Ageing Population"]);
    await expect(page.getByTestId("return-item")).toHaveCount(7);
    await expect(item(page, "LI 2.1").getByTestId("previous")).toContainText("Last period (Q3 2009/10)");
    await expect(page.getByText("Establishment of Community Involvement Group.")).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/partner-return.png`, fullPage: true });

    // Red needs a corrective action: refused at the field, then saved.
    const m = item(page, "1.3");
    await m.getByRole("radio", { name: "In progress" }).check();
    await m.getByRole("radio", { name: /^Red/ }).check();
    await m.getByLabel("Commentary").fill(`Two partners have not yet signed up ${Date.now()}`);
    await m.getByLabel("Corrective action").fill("");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await expect(page.getByTestId("error-summary")).toContainText("Say what corrective action is being taken on 1.3");
    await expectNoAxeViolations(page);
    await item(page, "1.3").getByLabel("Corrective action").fill("Chair to meet the remaining partners before the Board.");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Your return has been saved" })).toBeVisible();

    // The rest: no change since last period, one click each.
    for (const label of ["LI 2.1", "1.1", "1.2", "1.4", "P1.1", "P1.2"]) {
      await item(page, label).getByRole("button", { name: `No change since last period for ${label}` }).click();
      await expect(page.getByRole("alert").filter({ hasText: "carried forward" })).toBeVisible();
      await expect(item(page, label).getByTestId("carried")).toBeVisible();
    }
    await page.getByRole("button", { name: "Save and check your return" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Check your return");
    await expect(page.getByTestId("check-row")).toHaveCount(7);
    await expect(page.getByTestId("check-row").filter({ hasText: "1.3" })).toContainText("Corrective action: Chair to meet the remaining partners");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: /^Submit (return|amendment)$/ }).click();
    await expect(page.getByTestId("receipt")).toContainText(/Return submitted|Amendment submitted/);
    await expect(page.getByTestId("receipt")).toContainText(/RLAP-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/receipt.png`, fullPage: true });
    // Amendments until the period closes.
    await page.getByRole("link", { name: "View or change your return" }).click();
    await expect(page.getByTestId("amend-note")).toContainText("You can change it and submit an amendment");
  });

  test("without JavaScript a partner saves and comes back, and two colleagues editing the same item keep both versions", async ({ browser }) => {
    const one = await newSignedInPage(browser, "cig", false);
    const two = await newSignedInPage(browser, "cig", false);
    try {
      await openCurrentReturn(one.page);
      await openCurrentReturn(two.page);
      await expect(one.page.getByRole("heading", { level: 2, name: /^Strategic Priority/ })).toHaveText([
        "Strategic Priority 2: Fostering Greater Community Cohesion",
        "Strategic Priority 3: Strengthening the Third Sector",
        "Strategic Priority 4: Increasing Accessibility to Services",
      ]);
      await expectNoAxeViolationsWithoutJs(browser, one.page);
      const stamp = Date.now();
      // The first saves; the second, edited from the same version, is told and shown both.
      await item(one.page, "2.2").getByLabel("Commentary").fill(`First colleague's words ${stamp}`);
      await one.page.getByRole("button", { name: "Save and come back later" }).click();
      await expect(one.page.getByRole("alert").filter({ hasText: "Your return has been saved" })).toBeVisible();
      await expect(item(one.page, "2.2").getByLabel("Commentary")).toHaveValue(`First colleague's words ${stamp}`);

      await item(two.page, "2.2").getByLabel("Commentary").fill(`Second colleague's words ${stamp}`);
      await two.page.getByRole("button", { name: "Save and come back later" }).click();
      const conflict = item(two.page, "2.2").getByTestId("conflict");
      await expect(conflict).toContainText(`First colleague's words ${stamp}`);
      await expect(conflict).toContainText(`Second colleague's words ${stamp}`);
      await expect(two.page.getByTestId("error-summary")).toContainText("changed 2.2 while you were editing it");
      await expectNoAxeViolationsWithoutJs(browser, two.page);
      await two.page.screenshot({ path: `${SHOTS}/conflict-no-js.png`, fullPage: true });
      // Keep mine: saved over theirs, knowingly.
      await conflict.getByRole("radio", { name: /^Yours:/ }).check();
      await two.page.getByRole("button", { name: "Save and come back later" }).click();
      await expect(two.page.getByRole("alert").filter({ hasText: "Your return has been saved" })).toBeVisible();
      // Come back later: the page shows what was saved.
      // (a fresh load: reloading the page a form post returned would post it again)
      await one.page.goto(one.page.url());
      await expect(item(one.page, "2.2").getByLabel("Commentary")).toHaveValue(`Second colleague's words ${stamp}`);
    } finally {
      await one.context.close();
      await two.context.close();
    }
  });

  test("an officer reads the period's report: summary, exceptions, the full plan, filters and downloads", async ({ page }) => {
    await signInAs(page, "officer");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Action plans" }).click();
    await expect(page.getByRole("heading", { name: PLAN })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Q3 2009/10 report" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Progress report: Q3 2009/10");
    await expect(page.getByTestId("summary")).toContainText("Milestones and projects (42)");
    const red = page.getByTestId("exception").and(page.locator('[data-reason="red"]'));
    await expect(red.filter({ hasText: "P5.2" })).toContainText("Corrective action:");
    // Exceptions come 25 to a page: NI 8's worsening is on a later one.
    const worsening = page.getByTestId("exception").and(page.locator('[data-reason="worsening"]')).filter({ hasText: "NI 8" });
    for (let n = 0; n < 5 && (await worsening.count()) === 0; n++) {
      await page.getByRole("link", { name: "Next exceptions" }).click();
      // The next page has come before it is searched (a slow server left the loop clicking the old page's link as it went).
      await expect(page).toHaveURL(new RegExp(`xpage=${n + 2}`));
    }
    await expect(worsening).toBeVisible();
    const moreChanges = page.getByTestId("changes-more").getByRole("link", { name: /^Show all/ });
    if (await moreChanges.count()) await moreChanges.click();
    await expect(page.getByTestId("changes")).toContainText("6.3");
    // One priority at a time, with a contents list of all seven; the trend across periods on request.
    await expect(page.getByTestId("priority")).toHaveCount(1);
    await expect(page.getByTestId("contents-priority")).toHaveCount(7);
    await page.getByTestId("contents").getByRole("link", { name: /^2\. Fostering Greater Community Cohesion/ }).click();
    await expect(page.locator('[data-testid="indicator-row"][data-code="NI 8"]')).toContainText("Worsening");
    await page.getByRole("link", { name: "Show each indicator's trend across all periods" }).click();
    await expect(page.getByRole("table", { name: "NI 8 by period" })).toContainText("Q1 2009/10");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/officer-report.png`, fullPage: true });

    const filters = page.getByTestId("filters");
    await filters.getByLabel("Priority").selectOption("5");
    await filters.getByLabel("RAG status").selectOption("red");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("priority")).toHaveCount(1);
    await expect(page.getByTestId("milestone-row")).toHaveCount(1);
    await expect(page.getByTestId("milestone-row")).toContainText("Introduction and provision of Domestic Abuse awareness training.");
    await expectNoAxeViolations(page);

    const base = new URL(page.url()).pathname;
    const csv = await page.request.get(`${base}/report.csv`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("Reference,Item,Owner");
    expect(text).toContain("Introduction and provision of Domestic Abuse awareness training.");
    const docx = await page.request.get(`${base}/report.docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()["content-type"]).toContain("wordprocessingml");
    // The current period: the Community Involvement Group has not submitted.
    await page.goto("/action-plans");
    await page.getByRole("link", { name: "Q4 2009/10 report" }).click();
    await expect(page.getByTestId("returns")).toContainText("Rochford Community Involvement Group");
    await expectNoAxeViolations(page);
  });

  test("an officer overrides an indicator's RAG from the report: one form at a time, opened by its link (?override=)", async ({ page }) => {
    await signInAs(page, "officer");
    await page.goto("/action-plans");
    await page.getByRole("link", { name: "Q3 2009/10 report" }).click();
    await page.getByTestId("contents").getByRole("link", { name: /^2\. Fostering Greater Community Cohesion/ }).click();
    await expect(page.getByRole("combobox", { name: /^Override the RAG of/ })).toHaveCount(0);
    await page.getByRole("link", { name: "Override the RAG of NI 8" }).click();
    await expect(page).toHaveURL(/[?&]override=/);
    await page.getByRole("combobox", { name: "Override the RAG of NI 8 to" }).selectOption("green");
    await page.getByLabel("Reason").fill("Survey sample too small this quarter");
    await page.getByRole("button", { name: "Save override" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The RAG has been overridden" })).toBeVisible();
    await page.reload();
    await expect(page.locator('[data-testid="indicator-row"][data-code="NI 8"]')).toContainText("overridden: Survey sample too small this quarter");
    await expectNoAxeViolations(page);
  });

  test("a partner may not read the report, nor another organisation's return", async ({ page }) => {
    await signInAs(page, "cdrp");
    await page.goto("/action-plans");
    await expect(page.getByText("There are no action plans you can see.")).toBeVisible();
    await openCurrentReturn(page);
    const url = new URL(page.url());
    await expect(page.getByRole("heading", { level: 2, name: /^Strategic Priority/ })).toHaveText(["Strategic Priority 5: Keeping Rochford Safe"]);
    // Asking for the Health and Wellbeing Partnership's return by its organisation id is refused.
    await signInAs(page, "officer");
    await page.goto("/action-plans");
    await page.getByRole("link", { name: "Q4 2009/10 report" }).click();
    const hwpHref = await page.getByTestId("returns").getByRole("link", { name: DEMO.hwp.organisation }).getAttribute("href");
    await signInAs(page, "cdrp");
    const res = await page.goto(`${url.pathname}?${new URL(hwpHref!, url).searchParams.toString()}`);
    expect(res?.status()).toBe(403);
  });

  test("the committee reviews the Q2 report: scrutiny comments per priority, the resolution is recorded and a signatory signs it off with its SHA-256", async ({ browser }) => {
    const { page: officer } = await newSignedInPage(browser, "officer");
    await officer.goto("/action-plans");
    await officer.getByRole("link", { name: "Q2 2009/10 report" }).click();
    await expect(officer.getByRole("heading", { level: 1 })).toHaveText("Progress report: Q2 2009/10");
    const reportUrl = officer.url();
    const committee = officer.getByTestId("committee");
    await expect(committee.getByTestId("committee-status")).toContainText("Not yet sent to the committee");
    await committee.getByRole("button", { name: "Send the report to the committee" }).click();
    await expect(committee.getByTestId("committee-status")).toContainText("With the committee for review");

    // A scrutiny member comments on priority 1 (hostile text shown as text); no sign-off form for them.
    const { page: scrutiny } = await newSignedInPage(browser, "scrutiny");
    await scrutiny.goto(reportUrl);
    await expect(scrutiny.getByTestId("sign-off-form")).toHaveCount(0);
    await expect(scrutiny.getByRole("button", { name: "Send the report to the committee" })).toHaveCount(0);
    const comments = scrutiny.getByTestId("comments-1");
    const body = `<b>Why</b> is 1.3 still amber? ${Date.now()}`;
    await comments.getByLabel("Your comment on priority 1").fill(body);
    await comments.getByRole("button", { name: "Add comment on priority 1" }).click();
    await expect(scrutiny.getByTestId("comments-1").getByTestId("comment-thread")).toContainText(body);
    await expectNoAxeViolations(scrutiny);
    await scrutiny.screenshot({ path: `${SHOTS}/committee-comment.png`, fullPage: false });

    // The officer records the committee's resolution.
    await officer.reload();
    const form = officer.getByTestId("committee");
    await form.getByRole("textbox", { name: "Day" }).fill("24");
    await form.getByRole("textbox", { name: "Month" }).fill("11");
    await form.getByRole("textbox", { name: "Year" }).fill("2026");
    await form.getByLabel("Resolution").fill("Resolved to note the contents of the report.");
    await form.getByRole("button", { name: "Record resolution" }).click();
    await expect(officer.getByTestId("resolution")).toContainText("Resolved to note the contents of the report.");

    // The signatory signs it off: the hash shown is the hash recorded, and the exports carry it.
    const { page: signatory } = await newSignedInPage(browser, "signatory");
    await signatory.goto(reportUrl);
    const hash = (await signatory.getByTestId("current-hash").textContent())!.trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expectNoAxeViolations(signatory);
    await signatory.getByRole("radio", { name: "Sign off" }).check();
    await signatory.getByRole("button", { name: "Confirm decision" }).click();
    await expect(signatory.getByTestId("committee-status")).toContainText("Signed off");
    await expect(signatory.getByTestId("approved-hash")).toHaveText(hash);
    await expect(signatory.getByTestId("approval")).toContainText("The stored report still matches it.");
    await expectNoAxeViolations(signatory);
    await signatory.screenshot({ path: `${SHOTS}/committee-signed-off.png`, fullPage: false });
    const base = new URL(reportUrl).pathname;
    const html = await (await signatory.request.get(`${base}/report.html`)).text();
    expect(html).toContain(hash);
    expect(html).toContain("Resolved to note the contents of the report.");
    const xlsx = await signatory.request.get(`${base}/report.xlsx`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    const all = await (await signatory.request.get(`${base}/all-periods.csv`)).text();
    expect(all).toContain("Q1 2009/10");
    expect(all).toContain("Q2 2009/10");
    // Signed off: no more comments.
    await scrutiny.reload();
    await expect(scrutiny.getByLabel("Your comment on priority 1")).toHaveCount(0);
    for (const p of [officer, scrutiny, signatory]) await p.context().close();
  });

  test("an officer edits the plan, imports indicators by CSV (errors by row) and imports a pasted plan after checking its preview", async ({ page }) => {
    await signInAs(page, "officer");
    await page.goto("/action-plans");
    await page.getByRole("link", { name: /^Edit the plan/ }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("edit-priority")).toHaveCount(7);
    await expectNoAxeViolations(page);
    const ind = page.getByTestId("edit-indicator").first();
    await ind.locator("summary").click();
    await ind.getByLabel("Amber tolerance").fill("not a number");
    await ind.getByRole("button", { name: /^Save/ }).click();
    await expect(ind.locator(".govuk-error-message")).toContainText("The amber tolerance must be a number");
    await expect(ind.getByLabel("Amber tolerance")).toHaveValue("not a number");
    await ind.getByLabel("Amber tolerance").fill("3");
    await ind.getByRole("button", { name: /^Save/ }).click();
    await expect(page.getByText("Saved", { exact: true }).first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/plan-editor.png`, fullPage: false });

    const csvForm = page.getByTestId("plan-csv-form");
    await csvForm.getByRole("radio", { name: "Indicators" }).check();
    await csvForm.getByLabel("Paste the CSV").fill(["priority,code,title,unit,polarity,baseline,baseline date,targets,amber tolerance,owner", "9,NI 990,Nowhere,percentage,higher,1,,,0,Chorley Council"].join("\n"));
    await csvForm.getByRole("button", { name: "Import the CSV" }).click();
    await expect(page.getByTestId("csv-row-errors")).toContainText("There is no priority 9 in this plan");
    await expectNoAxeViolations(page);

    await page.goto("/action-plans/import");
    const seed = readFileSync("db/seed/data/rochford-action-plan-2009-10.txt", "utf8");
    await page.getByLabel("Paste the action plan").fill(seed);
    await page.getByRole("button", { name: "Check the plan" }).click();
    await expect(page.getByTestId("plan-preview-counts")).toContainText("7 strategic priorities, 11 indicators");
    await expect(page.getByTestId("plan-preview-warnings")).toBeVisible();
    // The lead partnerships are matched to organisations; the officer changes one.
    const leads = page.getByTestId("plan-preview-leads");
    await expect(leads.getByLabel("Strategic Priority 1: lead organisation").locator("option:checked")).toHaveText(DEMO.hwp.organisation);
    await expect(leads.getByLabel("Strategic Priority 6: lead organisation").locator("option:checked")).toHaveText(/^The council/);
    await leads.getByLabel("Strategic Priority 6: lead organisation").selectOption({ label: DEMO.lspexec.organisation });
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `${SHOTS}/plan-import-preview.png`, fullPage: false });
    const title = `Imported plan ${Date.now()}`;
    await page.getByLabel("Title of the plan").fill(title);
    await page.getByRole("button", { name: "Create the plan" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByText("The plan has been created.")).toBeVisible();
    const file = await page.request.get(new URL(page.url()).pathname.replace(/\/edit$/, "/plan.json"));
    expect((await file.json()).format).toBe("council-consult/action-plan");
  });

  test("partners and scrutiny may not edit or import plans", async ({ page }) => {
    await signInAs(page, "officer");
    await page.goto("/action-plans");
    const editHref = await page.getByRole("link", { name: /^Edit the plan/ }).first().getAttribute("href");
    for (const who of ["hwp", "scrutiny"] as const) {
      await signInAs(page, who);
      expect((await page.goto(editHref!))?.status()).toBe(403);
      expect((await page.goto("/action-plans/import"))?.status()).toBe(403);
    }
  });
});

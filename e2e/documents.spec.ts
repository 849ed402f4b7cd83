// Issue 16: draft documents for comment. A partner reads the demo strategy's first draft (open
// now at stage 5), comments on a paragraph from its "Comment on paragraph" link, shares the
// draft with a colleague (a save over the colleague's newer save keeps both), submits and gets a
// receipt; the closed evidence base is read-only and shows the council's answers. An officer adds
// a document by pasting and by uploading a Word file, checks the split, publishes it, and answers
// comments by paragraph. With JavaScript on and off; axe on every page.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, newSignedInPage, signInAs } from "./fixtures";

const SHOTS = process.env.E2E_SHOTS_DIR ?? path.resolve("test-results/documents");
const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SHOTS_DIR) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function openStrategy(page: Page) {
  await page.goto("/consultations/leicestershire-scs-laa");
  await page.getByTestId("consultation-documents").getByRole("link", { name: "Sustainable Community Strategy for Leicestershire" }).click();
  await expect(page.getByTestId("version-reading")).toContainText("You are reading version 2: First draft");
}

for (const js of [true, false]) {
  test.describe(js ? "partner with JavaScript" : "partner without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("comments on a paragraph, sees the draft, submits and gets a receipt listing it", async ({ page }) => {

      test.setTimeout(120_000);
      const words = `Anti-social behaviour needs a named lead ${Date.now()}-${js ? "js" : "nojs"}.`;
      await signInAs(page, "partner");
      await openStrategy(page);
      await expect(page.getByTestId("commenting-as")).toContainText("You are commenting for Lancashire Constabulary");
      // axe runs in the page: only with JavaScript on (the pages are the same either way, with no runtime script).
      if (js) await expectNoAxeViolations(page);
      await shot(page, `document-${js ? "js" : "nojs"}`);

      if (js) {
        // With JavaScript the form opens in place under the paragraph (the same form, from the comment page).
        const toggle = page.getByRole("button", { name: "Comment on paragraph 4.3", exact: true });
        await expect(toggle).toHaveAttribute("aria-expanded", "false");
        await toggle.click();
        await expect(toggle).toHaveAttribute("aria-expanded", "true");
        const panel = page.locator(`#${await toggle.getAttribute("aria-controls")}`);
        await expect(panel.getByRole("heading", { name: "Comment on paragraph 4.3" })).toBeFocused();
        // Escape closes it and gives focus back; opening again keeps the form.
        await page.keyboard.press("Escape");
        await expect(toggle).toBeFocused();
        await expect(toggle).toHaveAttribute("aria-expanded", "false");
        await page.keyboard.press("Enter");
        await expect(panel.getByRole("heading", { name: "Comment on paragraph 4.3" })).toBeFocused();
        await panel.getByRole("button", { name: "Save comment" }).click();
        await expect(panel.locator(".govuk-error-summary")).toBeFocused();
        await expect(panel.locator(".govuk-error-summary")).toContainText("Select whether you support, object or comment");
        await expect(panel.locator(".govuk-error-summary")).toContainText("Enter your comment");
        await expectNoAxeViolations(page);
        await panel.getByRole("radio", { name: "Object" }).check();
        await panel.getByLabel("Your comment", { exact: true }).fill(words);
        await panel.getByLabel("The passage your comment is about (optional)").fill("reducing anti-social behaviour");
        await panel.getByLabel("The change you propose (optional)").fill("Safer communities: reducing anti-social behaviour, led by the community safety partnerships.");
        await shot(page, "comment-in-place");
        await panel.getByRole("button", { name: "Save comment" }).click();
        await expect(page.getByTestId("comment-saved")).toContainText("Your comment on paragraph 4.3 has been saved as a draft");
        await expect(toggle).toBeFocused();
        await expect(panel).toBeHidden();
        await expectNoAxeViolations(page);
        await page.getByRole("link", { name: "Your organisation's comments" }).click();
      } else {
        await page.getByRole("link", { name: "Comment on paragraph 4.3", exact: true }).click();
        await expect(page.getByRole("heading", { name: "Comment on paragraph 4.3" })).toBeVisible();
        await expect(page.getByTestId("paragraph-text")).toContainText("Safer communities");
        // Nothing chosen: the error summary names both fields.
        await page.getByRole("button", { name: "Save comment" }).click();
        await expect(page.locator(".govuk-error-summary")).toContainText("Select whether you support, object or comment");
        await expect(page.locator(".govuk-error-summary")).toContainText("Enter your comment");
        await page.getByRole("radio", { name: "Object" }).check();
        await page.getByLabel("Your comment", { exact: true }).fill(words);
        await page.getByLabel("The passage your comment is about (optional)").fill("reducing anti-social behaviour");
        await page.getByLabel("The change you propose (optional)").fill("Safer communities: reducing anti-social behaviour, led by the community safety partnerships.");
        await shot(page, "comment-nojs");
        await page.getByRole("button", { name: "Save comment" }).click();
      }

      await expect(page.getByRole("heading", { name: "Lancashire Constabulary's comments" })).toBeVisible();
      const draft = page.getByTestId("draft-comment").filter({ hasText: words });
      await expect(draft).toContainText("Paragraph 4.3");
      await expect(draft).toContainText("Object");
      // axe runs in the page: only with JavaScript on (the pages are the same either way, with no runtime script).
      if (js) await expectNoAxeViolations(page);

      await page.getByRole("button", { name: /^Submit \d+ comments?$/ }).click();
      await expect(page.getByRole("heading", { name: "Comments submitted" })).toBeVisible();
      const reference = (await page.getByTestId("representation-reference").textContent())!.trim();
      expect(reference).toMatch(/^[A-Z0-9]+-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(page.getByTestId("receipt-comments")).toContainText(words);
      await expect(page.getByTestId("receipt-comments")).toContainText("Paragraph 4.3");
      // axe runs in the page: only with JavaScript on (the pages are the same either way, with no runtime script).
      if (js) await expectNoAxeViolations(page);
      await shot(page, `receipt-${js ? "js" : "nojs"}`);

      // Submitted: no longer among the drafts, shown with its reference.
      await page.getByRole("link", { name: "Back to the document" }).click();
      await page.getByRole("link", { name: "Your organisation's comments" }).click();
      await expect(page.getByTestId("submitted-comment").filter({ hasText: words })).toContainText(`Reference ${reference}`);
      await expect(page.getByTestId("draft-comment").filter({ hasText: words })).toHaveCount(0);
    });
  });
}

test("colleagues share the organisation's draft: a save over a newer save keeps both", async ({ browser }) => {

  test.setTimeout(120_000);
  const sarah = await (await browser.newContext()).newPage();
  const david = await (await browser.newContext()).newPage();
  const stamp = Date.now();
  await signInAs(sarah, "partner");
  await openStrategy(sarah);
  // With JavaScript (the default here) the form opens in place.
  await sarah.getByRole("button", { name: "Comment on paragraph 4.4", exact: true }).click();
  await sarah.getByRole("radio", { name: "Support" }).check();
  await sarah.getByLabel("Your comment", { exact: true }).fill(`Sarah's first words ${stamp}`);
  await sarah.getByRole("button", { name: "Save comment" }).click();
  await expect(sarah.getByTestId("comment-saved")).toContainText("paragraph 4.4");
  await sarah.getByRole("link", { name: "Your organisation's comments" }).click();
  const card = (p: Page) => p.getByTestId("draft-comment").filter({ hasText: `${stamp}` });
  await card(sarah).getByRole("link", { name: /Change/ }).click();
  await expect(sarah.getByLabel("Your comment", { exact: true })).toHaveValue(`Sarah's first words ${stamp}`);

  // David, in the same organisation, sees the draft and changes it first.
  await signInAs(david, "partner2");
  await openStrategy(david);
  await david.getByRole("link", { name: "Your organisation's comments" }).click();
  await card(david).getByRole("link", { name: /Change/ }).click();
  await david.getByLabel("Your comment", { exact: true }).fill(`David's rewrite ${stamp}`);
  await david.getByRole("button", { name: "Save comment" }).click();
  await expect(card(david)).toContainText(`David's rewrite ${stamp}`);

  // Sarah saves from the version she opened: refused, David's shown, hers kept to copy.
  await sarah.getByLabel("Your comment", { exact: true }).fill(`Sarah's second thoughts ${stamp}`);
  await sarah.getByRole("button", { name: "Save comment" }).click();
  await expect(sarah.getByTestId("comment-conflict")).toContainText("David Brown saved this comment");
  await expect(sarah.getByLabel("Your comment", { exact: true })).toHaveValue(`David's rewrite ${stamp}`);
  await expect(sarah.getByLabel(/What you typed/)).toHaveValue(`Sarah's second thoughts ${stamp}`);
  await expectNoAxeViolations(sarah);
  await shot(sarah, "comment-conflict");
  // Saving now (from David's version) goes through.
  await sarah.getByLabel("Your comment", { exact: true }).fill(`Agreed wording ${stamp}`);
  await sarah.getByRole("button", { name: "Save comment" }).click();
  await expect(card(sarah)).toContainText(`Agreed wording ${stamp}`);
  // Leave no draft behind for other journeys.
  await card(sarah).getByRole("button", { name: /Delete/ }).click();
  await expect(card(sarah)).toHaveCount(0);
});

test("the closed evidence base is read-only and shows the council's answers to the organisation's comments", async ({ page }) => {

  test.setTimeout(120_000);
  await signInAs(page, "partner");
  await openStrategy(page);
  await page.getByRole("link", { name: "Version 1: Evidence base" }).click();
  await expect(page.getByTestId("version-reading")).toContainText("You are reading version 1: Evidence base");
  await expect(page.getByTestId("window-message")).toContainText("A newer version of this document has been published");
  await expect(page.getByRole("link", { name: /^Comment on paragraph/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Your organisation's comments on this version" }).click();
  const answered = page.getByTestId("submitted-comment").filter({ hasText: "Paragraph 3.2" });
  await expect(answered).toContainText("Council's response: Partly changed");
  await expect(page.getByRole("button", { name: /Submit/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a signed-out reader sees the document and is asked to sign in to comment", async ({ page }) => {

  test.setTimeout(120_000);
  await openStrategy(page);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Comment on paragraph/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

async function leicestershireManage(page: Page) {
  await page.goto("/manage");
  await page.getByRole("link", { name: /^Leicestershire Together: developing the Sustainable Community Strategy/ }).first().click();
  await page.getByRole("navigation", { name: "Consultation" }).getByRole("link", { name: "Documents" }).click();
  await expect(page.getByRole("heading", { name: "Documents for comment" })).toBeVisible();
}

test.describe("officer", () => {
  test("adds a document by pasting, fixes the split in the preview, publishes it and starts the next version", async ({ page }) => {
    test.setTimeout(120_000);
    const title = `Evidence base: people and themes ${Date.now()}`;
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Stage at which partners comment on it").selectOption({ label: "Stage 5: Public consultation on the first draft" });
    await page.getByLabel("Paste the document's text").fill("People and themes\n\n1. Older people make up a growing share of the county.\n2. Young people need more to do.\n - a. Youth clubs.\n - b. Sports.");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Continue to preview" }).click();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    const preview = page.getByTestId("document-preview");
    await expect(preview).toContainText("People and themes");
    await expect(preview).toContainText("2.a Youth clubs.");
    await expectNoAxeViolations(page);
    await shot(page, "officer-preview");
    // Merge 2.a and 2.b into one paragraph: remove the blank line between them.
    const text = page.getByLabel("Text", { exact: true });
    await text.fill((await text.inputValue()).replace("2.a Youth clubs.\n\n2.b Sports.", "2.a Youth clubs and sports."));
    await page.getByRole("button", { name: "Save and preview" }).click();
    await expect(preview).toContainText("2.a Youth clubs and sports.");
    await expect(preview).not.toContainText("2.b");
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByText("Version published.")).toBeVisible();
    await page.getByLabel("What this version is called").fill("First draft");
    await page.getByRole("button", { name: "Start version 2" }).click();
    await expect(page.getByLabel("Text", { exact: true })).toHaveValue(/2\.a Youth clubs and sports\./);
    await expectNoAxeViolations(page);
  });

  test("uploads a Word document whose headings become sections", async ({ page }) => {

    test.setTimeout(120_000);
    const title = `Place report ${Date.now()}`;
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: "Housing", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("3.1 Affordable housing is the first priority in rural areas."),
            new Paragraph({ text: "Transport", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("4.1 Bus services to market towns need support."),
          ],
        },
      ],
    });
    const buffer = await Packer.toBuffer(doc);
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Stage at which partners comment on it").selectOption({ label: "Stage 5: Public consultation on the first draft" });
    await page.getByLabel("Or upload a Word document (.docx)").setInputFiles({ name: "place.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer });
    await page.getByRole("button", { name: "Continue to preview" }).click();
    const preview = page.getByTestId("document-preview");
    await expect(preview.getByRole("heading", { name: "Transport" })).toBeVisible();
    await expect(preview).toContainText("4.1 Bus services to market towns need support.");
  });

  test("reads comments by paragraph and organisation, filters objections and answers one", async ({ page }) => {

    test.setTimeout(120_000);
    const answer = `The first draft names the services ${Date.now()}.`;
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await page.getByRole("link", { name: "Sustainable Community Strategy for Leicestershire" }).click();
    await expect(page.getByTestId("document-versions")).toContainText("Version 1: Evidence base");
    await page.getByRole("link", { name: "Compare version 1 with version 2" }).click();
    await expect(page.getByTestId("paragraph-change").filter({ hasText: "New: paragraph 4.3" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goBack();
    await page.getByRole("link", { name: /submitted on version 1/ }).click();
    await expect(page.getByTestId("comment-totals")).toContainText("4 comments from 4 organisations");
    await expect(page.getByTestId("paragraph-comments").filter({ hasText: "Paragraph 4.2" }).getByTestId("paragraph-counts")).toHaveText("1 comment: 0 support, 1 object, 0 comment");
    await expectNoAxeViolations(page);
    await shot(page, "officer-comments");
    // One paragraph's page: its comments only, the way back to every paragraph.
    await page.getByRole("link", { name: "Only the comments on paragraph 4.2" }).click();
    await expect(page.getByTestId("paragraph-filter")).toContainText("Showing the comments on paragraph 4.2 only.");
    await expect(page.getByTestId("comment-totals")).toContainText("1 comment on paragraph 4.2 from 1 organisation;");
    await expect(page.getByTestId("paragraph-comments")).toHaveCount(1);
    await expect(page.getByTestId("officer-comment")).toHaveCount(1);
    await expect(page.getByTestId("officer-comment")).toContainText("Chorley and South Ribble Primary Care Trust");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Show the comments on every paragraph" }).click();
    await expect(page.getByTestId("officer-comment")).toHaveCount(4);
    // A paragraph that is not this version's is not found (not every paragraph's comments instead).
    const all = page.url();
    expect((await page.goto(`${all}${all.includes("?") ? "&" : "?"}paragraph=4.2`))?.status()).toBe(404);
    await page.goto(all);
    await page.getByRole("link", { name: "Consultation statement for this version" }).click();
    await expect(page.getByTestId("statement-totals")).toContainText("4 comments from 4 organisations");
    await expect(page.getByTestId("statement-invited")).toContainText("organisations were invited by email");
    await expectNoAxeViolations(page);
    await shot(page, "officer-statement");
    await page.goBack();
    await page.getByLabel("Support or object").selectOption("object");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("officer-comment")).toHaveCount(2);
    await page.getByLabel("Show").selectOption("organisation");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("heading", { name: "Chorley and South Ribble Primary Care Trust" })).toBeVisible();
    await page.getByRole("link", { name: /Change the answer Chorley and South Ribble Primary Care Trust's comment on paragraph 4.2/ }).click();
    await expect(page.getByRole("heading", { name: /Answer Chorley and South Ribble Primary Care Trust's comment on paragraph 4.2/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel("The council's response").fill(answer);
    await page.getByLabel("Outcome").selectOption("changed");
    await page.getByLabel("Main issue (optional)").fill(`Services left out of the strategy ${answer.slice(-16)}`);
    await page.getByRole("button", { name: "Save the answer" }).click();
    await expect(page.getByText("The council's answer has been saved.")).toBeVisible();
    const answered = page.getByTestId("officer-comment").filter({ hasText: answer });
    await expect(answered.getByTestId("council-answer")).toContainText("Council's response: Changed");
    await expect(answered).toContainText(`Main issue: Services left out of the strategy ${answer.slice(-16)}`);
  });

  test("a partner cannot open the officer's document pages", async ({ page }) => {

    test.setTimeout(120_000);
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await page.getByRole("link", { name: "Sustainable Community Strategy for Leicestershire" }).click();
    await page.getByRole("link", { name: /submitted on version 1/ }).click();
    const officerUrl = page.url();
    await signInAs(page, "partner");
    const res = await page.request.get(officerUrl);
    expect(res.status()).toBe(403);
    const own = await page.request.get(officerUrl.replace(/\/comments.*$/, ""));
    expect(own.status()).toBe(403);
  });
});

test.describe("endorsement of the final version", () => {
  test("the officer puts the final version for endorsement; signatories record their organisations' decisions; anyone sees who endorsed", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const title = `Partnership compact ${Date.now()}`;
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Stage at which partners comment on it").selectOption({ label: "Stage 5: Public consultation on the first draft" });
    await page.getByLabel("What this version is called").fill("Final version");
    await page.getByLabel("Paste the document's text").fill("Our compact\n\n1. Partners share one vision for Leicestershire.\n2. Each partner leads the themes it knows best.");
    await page.getByRole("button", { name: "Continue to preview" }).click();
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByText("Version published.")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Put version 1 for endorsement" }).click();
    await expect(page.getByRole("heading", { name: "Endorsement of the final version" })).toBeVisible();
    await expect(page.getByText("The final version has been put to partner organisations for endorsement.")).toBeVisible();
    await expect(page.getByTestId("final-verified")).toContainText("SHA-256");
    await expect(page.getByTestId("awaiting")).toContainText("Lancashire Constabulary");
    await expectNoAxeViolations(page);
    await shot(page, "officer-endorsements-open");
    const documentUrl = new URL(page.url());
    const documentId = documentUrl.pathname.split("/")[4]!;

    // A partner who is not a signatory reads the final text but can neither comment nor endorse.
    await signInAs(page, "partner");
    await page.goto(`/documents/${documentId}`);
    await expect(page.getByTestId("window-message")).toContainText("This is the final version, put to partner organisations for endorsement.");
    await expect(page.getByRole("link", { name: /Comment on paragraph/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Record your organisation's decision/ })).toHaveCount(0);
    expect((await page.request.get(`/documents/${documentId}/endorse`)).status()).toBe(403);

    // The health trust's chief executive (JavaScript on): errors beside the fields, axe on the form.
    const health = await newSignedInPage(browser, "healthchief");
    await health.page.goto(`/documents/${documentId}`);
    await health.page.getByRole("link", { name: "Record your organisation's decision on the final version" }).click();
    await expect(health.page.getByRole("heading", { name: "Record Chorley and South Ribble Primary Care Trust's decision on the final version" })).toBeVisible();
    await expectNoAxeViolations(health.page);
    await health.page.getByRole("radio", { name: "We endorse it, with reservations" }).check();
    await health.page.getByRole("button", { name: "Record our decision" }).click();
    const summary = health.page.locator(".govuk-error-summary");
    await expect(summary).toContainText("Enter your organisation's reservations");
    await expect(summary).toContainText("Enter your position in your organisation");
    await expect(health.page.getByRole("radio", { name: "We endorse it, with reservations" })).toBeChecked();
    await expectNoAxeViolations(health.page);
    await shot(health.page, "endorse-errors");
    await health.page.getByLabel(/Your organisation's reservations/).fill("Mental health services need a named lead <script>window.__pwned=1</script>.");
    await health.page.getByLabel("Your position in Chorley and South Ribble Primary Care Trust").fill("Chief Executive");
    await health.page.getByRole("button", { name: "Record our decision" }).click();
    await expect(health.page.getByText("Your organisation's decision has been recorded.")).toBeVisible();
    await health.context.close();

    // The Chief Constable, with JavaScript off, endorses for the police; a second try is told it is recorded.
    const chief = await newSignedInPage(browser, "policechief", false);
    await chief.page.goto(`/documents/${documentId}/endorse`);
    await expect(chief.page.getByTestId("final-hash")).toHaveText(/^[0-9a-f]{64}$/);
    await chief.page.getByRole("radio", { name: "We endorse the final version" }).check();
    await chief.page.getByLabel("Your position in Lancashire Constabulary").fill("Chief Constable");
    await chief.page.getByRole("button", { name: "Record our decision" }).click();
    await expect(chief.page.getByText("Your organisation's decision has been recorded.")).toBeVisible();
    await chief.page.goto(`/documents/${documentId}/endorse`);
    await expect(chief.page.getByTestId("already-recorded")).toContainText("Lancashire Constabulary's decision is recorded: endorses, signed by Steve Finnigan, Chief Constable");
    await chief.context.close();

    // Anyone, signed out, sees who endorsed and that the text is the one endorsed.
    await page.context().clearCookies();
    await page.goto(`/consultations/leicestershire-scs-laa`);
    await page.getByTestId("consultation-documents").getByRole("listitem").filter({ hasText: title }).getByRole("link", { name: "Who has endorsed it" }).click();
    await expect(page.getByRole("heading", { name: `Who has endorsed ${title}` })).toBeVisible();
    await expect(page.getByTestId("final-verified")).toBeVisible();
    const rows = page.getByTestId("endorsements");
    await expect(rows.getByRole("row").filter({ hasText: "Lancashire Constabulary" })).toContainText("Endorses");
    await expect(rows.getByRole("row").filter({ hasText: "Lancashire Constabulary" })).toContainText("Steve Finnigan, Chief Constable");
    const trust = rows.getByRole("row").filter({ hasText: "Chorley and South Ribble Primary Care Trust" });
    await expect(trust).toContainText("Endorses with reservations");
    await expect(trust).toContainText("Mental health services need a named lead <script>window.__pwned=1</script>.");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expectNoAxeViolations(page);
    await shot(page, "public-endorsements");
  });
});

test.describe("consultation statement", () => {
  test("the officer downloads it as PDF and Word, follows an outcome to the next version, and publishes it on the public page", async ({ page }) => {
    test.setTimeout(120_000);
    await signInAs(page, "officer");
    await leicestershireManage(page);
    await page.getByRole("link", { name: "Sustainable Community Strategy for Leicestershire" }).click();
    await page.getByRole("link", { name: /submitted on version 1/ }).click();
    await page.getByRole("link", { name: "Consultation statement for this version" }).click();
    const downloads = page.getByTestId("statement-downloads");
    const pdfHref = await downloads.getByRole("link", { name: "Download as PDF" }).getAttribute("href");
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    const docxHref = await downloads.getByRole("link", { name: "Download as Word document" }).getAttribute("href");
    const docx = await page.request.get(docxHref!);
    expect(docx.headers()["content-disposition"]).toMatch(/attachment; filename="leicestershire-scs-laa-statement-v1\.docx"/);
    expect((await docx.body()).subarray(0, 2).toString()).toBe("PK");
    // Before it is published, nobody outside the council can have it.
    const signedOut = await page.context().browser()!.newContext();
    expect((await signedOut.request.get(new URL(pdfHref!, page.url()).toString())).status()).toBe(404);
    // Each outcome links to what became of the paragraph in version 2.
    const change = page.getByTestId("statement-change").filter({ hasText: "Changed in version 2: now paragraph 4.2" });
    await expect(change).toBeVisible();
    await change.getByRole("link").click();
    await expect(page.getByRole("heading", { name: /Version 1 \(Evidence base\) compared with version 2/ })).toBeVisible();
    const anchor = new URL(page.url()).hash.slice(1);
    expect(anchor).not.toBe("");
    await expect(page.locator(`[id="${anchor}"][data-testid="paragraph-change"]`)).toContainText("paragraph 4.2");
    await page.goBack();
    await expectNoAxeViolations(page);
    if (await page.getByRole("button", { name: "Publish the statement" }).isVisible()) {
      await page.getByRole("button", { name: "Publish the statement" }).click();
      await expect(page.getByText("The statement is published on the consultation's public page.")).toBeVisible();
    }
    await expect(page.getByTestId("statement-published")).toBeVisible();
    await shot(page, "officer-statement-published");
    // Anyone can now read it from the consultation's public page.
    const publicPage = await signedOut.newPage();
    await publicPage.goto("/consultations/leicestershire-scs-laa");
    const statement = publicPage.getByTestId("published-statement").filter({ hasText: "Consultation statement on version 1 (Evidence base)" });
    await statement.getByRole("link", { name: "read the statement on version 1" }).click();
    await expect(publicPage.getByRole("heading", { level: 1 })).toContainText("Consultation statement: Sustainable Community Strategy for Leicestershire, version 1");
    await expect(publicPage.getByText("Changed in version 2: now paragraph 4.2")).toBeVisible();
    await expectNoAxeViolations(publicPage);
    await signedOut.close();
  });
});

// Issue 18 (publication): an officer moderates the demo public consultation's free-text answers
// (redacting a suggested phone number, name and postcode with one press each, and, without
// JavaScript, a passage typed into the box), approves them, and the public reads the responses,
// the results and, once published, the outcome. Nothing the respondents did not consent to, and
// nothing redacted, reaches a public page. axe on every page.
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, newSignedInPage, openLatestEmail, signInAs } from "./fixtures";

const SLUG = "mobile-library-stops";
const TITLE = "Mobile library stops";

async function manageUrl(page: Page) {
  await page.goto("/manage");
  const href = await page.locator('a[href^="/manage/"]', { hasText: TITLE }).first().getAttribute("href");
  expect(href).toMatch(/^\/manage\/[0-9a-f-]{36}$/);
  return href!;
}

test.describe.configure({ mode: "serial" });

test("the public sees no responses text before moderation, and never an unconsented response", async ({ page }) => {
  await page.goto(`/consultations/${SLUG}`);
  await expect(page.getByTestId("publication-links")).toContainText("The council has not yet published what it did");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Read the published responses" }).click();
  await expect(page.getByTestId("published-count")).toHaveText("3 responses");
  const body = page.locator("main");
  await expect(body).not.toContainText("07700 900461");
  await expect(body).not.toContainText("Carol");
  await expect(body).not.toContainText("never be published");
  await expectNoAxeViolations(page);
});

test("an officer moderates with the keyboard-sized steps: redact suggestions, approve and go to the next", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newSignedInPage(browser, "officer");
  const base = await manageUrl(page);
  await page.goto(`${base}/moderation`);
  const queue = page.getByTestId("moderation-queue");
  await expect(queue.getByRole("listitem")).toHaveCount(3);
  await expect(queue).not.toContainText("LIB-P003");
  await expect(queue.locator("mark").first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The first waiting answer: Alice's, with her phone number suggested.
  await queue.getByRole("link", { name: /Redact or withhold the answer to question 2 in response LIB-P001/ }).click();
  await expect(page.getByTestId("suggestions")).toContainText("Phone number");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /Redact “07700 900461”/ }).press("Enter");
  await expect(page.getByTestId("published-preview")).toContainText("You can call me on [redacted]");
  await page.getByRole("button", { name: /Approve and go to the next/ }).click();
  await expect(page.getByRole("status")).toContainText("approved");

  // Bilal's, naming a neighbour and her postcode (the queue's order is stable but arbitrary, so open it by its reference).
  await page.goto(`${base}/moderation`);
  await page.getByRole("link", { name: /Redact or withhold the answer to question 2 in response LIB-P002/ }).click();
  await expect(page.getByTestId("moderated-text")).toContainText("Margaret Dobson");
  await page.getByRole("button", { name: /Redact “Margaret Dobson”/ }).click();
  await expect(page.getByTestId("published-preview")).toContainText("My neighbour [redacted]");
  await page.getByRole("button", { name: /Redact “PR7 1DP”/ }).click();
  await expect(page.getByTestId("published-preview")).toContainText("who lives at [redacted]");
  await page.getByRole("button", { name: /Approve and go to the next/ }).click();
  await expect(page.getByRole("status")).toContainText("approved");
  await page.goto(`${base}/moderation?state=approved`);
  await expect(page.getByTestId("moderation-queue").getByRole("listitem")).toHaveCount(2);
  await context.close();
});

test("without JavaScript an officer redacts a passage given as its text, and approves", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, "officer", false);
  const base = await manageUrl(page);
  await page.goto(`${base}/moderation`);
  await page.getByRole("link", { name: /Redact or withhold the answer to question 2 in response LIB-P004/ }).click();
  // A reason is required, at its field.
  await page.getByLabel("Passage to redact").fill("Inspector Sarah Lee");
  await page.getByRole("button", { name: "Redact passage" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Choose why this passage is redacted");
  await expect(page.getByLabel("Passage to redact")).toHaveValue("Inspector Sarah Lee");
  await page.getByLabel("Reason").selectOption("person_name");
  await page.getByRole("button", { name: "Redact passage" }).click();
  await expect(page.getByTestId("published-preview")).toContainText("Contact [redacted] at");
  await page.getByRole("button", { name: /Redact “sarah.lee@police.example”/ }).click();
  await expect(page.getByTestId("published-preview")).toContainText("Contact [redacted] at [redacted].");
  await page.getByRole("button", { name: /^Approve/ }).click();
  await expect(page).toHaveURL(/\/moderation\?done=approve/);
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  await context.close();
});

test("the public reads the moderated responses, searches them and sees the results", async ({ page }) => {
  await page.goto(`/consultations/${SLUG}/responses`);
  const main = page.locator("main");
  await expect(page.getByTestId("published-response")).toHaveCount(3);
  await expect(main).toContainText("You can call me on [redacted] if you want to hear more.");
  await expect(main).toContainText("Alice Moreton");
  await expect(main).toContainText("Anonymous");
  for (const hidden of ["07700 900461", "Margaret Dobson", "PR7 1DP", "Sarah Lee", "sarah.lee@police.example", "Bilal", "Carol", "never be published"]) {
    await expect(main).not.toContainText(hidden);
  }
  await page.getByLabel("Search the responses").fill("Dobson");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("published-count")).toHaveText("0 responses matching “Dobson”");
  await page.getByLabel("Search the responses").fill("Sunday");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("published-count")).toHaveText("1 response matching “Sunday”");
  await expectNoAxeViolations(page);
  await page.goto(`/consultations/${SLUG}/results`);
  const q1 = page.getByTestId("question-counts").first();
  await expect(q1.getByRole("row", { name: /Later evenings/ })).toContainText("2");
  await expect(q1.getByRole("row", { name: /Keep as now/ })).toContainText("0");
  await expectNoAxeViolations(page);
  const csv = await (await page.request.get(`/api/v1/public/consultations/${SLUG}/responses.csv`)).text();
  expect(csv).toContain("LIB-P001");
  expect(csv).not.toContain("07700");
});

test("an officer writes and publishes the outcome; the public reads it and those who asked are emailed", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const { context, page: officer } = await newSignedInPage(browser, "officer");
  const base = await manageUrl(officer);
  await officer.goto(`${base}/outcome`);
  await expect(officer.getByTestId("respondent-counts")).toContainText("Members of the public");
  await expect(officer.getByLabel("You said")).toHaveValue(/We received 4 responses: 3 from members of the public and 1 from police\./);
  await officer.getByLabel("We did").fill("From April the libraries open until 8pm on Tuesdays and Thursdays.");
  await officer.getByLabel("Date of the outcome").fill("2026-12-01");
  await officer.getByRole("button", { name: "Save outcome" }).click();
  await expect(officer.getByText("Outcome saved (version 1)")).toBeVisible();
  await expectNoAxeViolations(officer);
  await officer.reload();
  await officer.getByRole("button", { name: "Publish outcome" }).click();
  await expect(officer.getByText(/Outcome published/).first()).toBeVisible();
  await context.close();

  await page.goto(`/consultations/${SLUG}`);
  await page.getByRole("link", { name: /We asked, you said, we did/ }).click();
  await expect(page.getByRole("heading", { name: "We asked, you said, we did" })).toBeVisible();
  await expect(page.locator("main")).toContainText("open until 8pm");
  await expect(page.getByTestId("outcome-counts")).toContainText("Members of the public");
  await expectNoAxeViolations(page);
  await page.goto("/consultations/outcomes?outcome=published");
  await expect(page.getByTestId("outcome-list")).toContainText(TITLE);
  await expectNoAxeViolations(page);

  await signInAs(page, "admin", "/admin/outbox");
  await expect(async () => {
    await page.goto(`/admin/outbox?to=${encodeURIComponent("alice.moreton@resident.example")}`);
    await expect(page.getByTestId("outbox-message").first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const mail = await openLatestEmail(page, "alice.moreton@resident.example", /We asked, you said, we did/);
  await expect(mail).toContainText(`/consultations/${SLUG}/outcome`);
  await page.goto(`/admin/outbox?to=${encodeURIComponent("bilal.qureshi@resident.example")}`);
  await expect(page.getByTestId("outbox-message")).toHaveCount(0);
});

test("every footer links the accessibility statement, privacy, cookies and contact pages, each passing axe", async ({ page }) => {
  await page.goto("/consultations");
  for (const name of ["Accessibility statement", "Privacy", "Cookies", "Contact"]) {
    await page.getByTestId("footer-links").getByRole("link", { name, exact: true }).click();
    await expect(page.locator("h1")).toBeVisible();
    await expectNoAxeViolations(page);
  }
  await page.goto(`/respond/${SLUG}`);
  await expect(page.getByTestId("footer-links")).toBeVisible();
});

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
  // No written answer is published yet, so no theme is counted or named.
  await page.goto(`/consultations/${SLUG}/results`);
  await expect(page.getByTestId("question-counts").first()).toBeVisible();
  await expect(page.getByTestId("question-themes")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("Later opening");
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
  // The themes of the published written answers; one raised only by an unpublished answer is not named.
  const themes = page.getByTestId("question-themes");
  await expect(themes.getByRole("row", { name: /Later opening for people who work/ })).toContainText("2");
  await expect(themes.getByRole("row", { name: /Weekend opening for families/ })).toContainText("1");
  await expect(page.locator("main")).not.toContainText("Leave things as they are");
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

test("an administrator exports a member of the public's data and erases it on request; their published response leaves the public pages", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const { context, page: admin } = await newSignedInPage(browser, "admin");
  await admin.goto("/admin/people");
  await expectNoAxeViolations(admin);
  // Too short: the message is at the field and what was typed is kept.
  await admin.getByLabel("Email address").fill("al");
  await admin.getByRole("button", { name: "Find" }).click();
  await expect(admin.locator("#email-error")).toContainText("Enter at least 3 characters");
  await expect(admin.getByLabel("Email address")).toHaveValue("al");
  await expectNoAxeViolations(admin);
  // Text Postgres cannot compare (a NUL in the address) is refused at the field the same way, never a server error.
  const nul = await admin.goto("/admin/people?email=alice%00moreton");
  expect(nul?.status()).toBe(200);
  await expect(admin.locator(".govuk-error-summary")).toContainText("NUL character");
  await expect(admin.getByLabel("Email address")).toHaveValue("alicemoreton");
  await admin.getByLabel("Email address").fill("ALICE.moreton");
  await admin.getByRole("button", { name: "Find" }).click();
  const found = admin.getByTestId("people-found");
  await expect(found).toContainText("Alice Moreton");
  await expect(found).toContainText("Member of the public");
  await expectNoAxeViolations(admin);
  await found.getByRole("link", { name: "alice.moreton@resident.example" }).click();

  // The readable copy, and the same as a JSON file.
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Alice Moreton");
  await expect(admin.getByTestId("person-data")).toContainText("alice.moreton@resident.example");
  await expect(admin.getByTestId("person-response").filter({ hasText: "LIB-P001" })).toContainText("Publish with their name");
  // The outcome email of the journey before is among the emails sent to her.
  await expect(admin.getByTestId("person-emails")).toContainText(`We asked, you said, we did: ${TITLE}`);
  await expectNoAxeViolations(admin);
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("link", { name: "Export their data (JSON)" }).click()]);
  const file = await download.path();
  const data = JSON.parse(await (await import("node:fs/promises")).readFile(file!, "utf8"));
  expect(data.person).toMatchObject({ name: "Alice Moreton", email: "alice.moreton@resident.example" });
  expect(data.responses.find((r: { publicReference: string }) => r.publicReference === "LIB-P001")).toMatchObject({ consultation: TITLE, publishConsent: "named", publishedName: "Alice Moreton" });
  expect(data.emails.find((m: { subject: string }) => m.subject.startsWith("We asked, you said, we did"))).toMatchObject({ to: "alice.moreton@resident.example", kind: "outcome" });

  // Before erasing: Alice is named on the public responses page.
  await page.goto(`/consultations/${SLUG}/responses`);
  await expect(page.locator("main")).toContainText("Alice Moreton");

  await admin.getByRole("link", { name: "Erase their data" }).click();
  const confirm = admin.getByTestId("erase-confirm");
  await expect(confirm).toContainText("Are you sure you want to erase Alice Moreton's data?");
  await expect(confirm).toContainText("withdraws their published responses");
  await expect(confirm).toContainText("keeps their answers, without their identity");
  await expectNoAxeViolations(admin);
  await admin.getByRole("button", { name: "Yes, erase their data" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Their data is erased");
  await expect(admin.locator(".govuk-panel__body")).toHaveText(/^\d+ responses? withdrawn from publication$/);
  await expectNoAxeViolations(admin);

  // Going back to the confirmation (a second submit) finds nothing more to do.
  await admin.goto(admin.url().replace(/\/erased.*$/, "/erase"));
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("This person's data is already erased");

  // The public responses page and the open data no longer carry her name.
  await page.goto(`/consultations/${SLUG}/responses`);
  await expect(page.locator("main")).not.toContainText("Alice Moreton");
  await expect(page.locator("main")).not.toContainText("LIB-P001");
  const open = await page.request.get(`/api/v1/public/consultations/${SLUG}/responses.csv`);
  expect(await open.text()).not.toContain("Alice Moreton");
  // Nor does the outbox keep the emails sent to her.
  await admin.goto(`/admin/outbox?to=${encodeURIComponent("alice.moreton@resident.example")}`);
  await expect(admin.getByTestId("outbox-message")).toHaveCount(0);

  // A person holding a role is refused, with the reason and the way instead.
  await admin.goto("/admin/people?email=sarah.lee%40police.example");
  await admin.getByTestId("people-found").getByRole("link", { name: "sarah.lee@police.example" }).click();
  await admin.getByRole("link", { name: "Erase their data" }).click();
  await expect(admin.getByTestId("erase-refused")).toContainText("Deactivate them instead");
  await expect(admin.getByRole("button", { name: /erase/i })).toHaveCount(0);
  await expectNoAxeViolations(admin);

  // The audit log says who erased whom and when, in words, without the data.
  await admin.goto("/admin/audit");
  await expect(admin.locator("main")).toContainText("Person's data erased (erasure request)");
  await context.close();
});

test("the privacy notice and the respondent's privacy section say how to ask for a copy or erasure", async ({ page }) => {
  await page.goto("/privacy");
  const rights = page.getByTestId("data-rights");
  await expect(rights).toContainText("Write from the email address you responded with");
  await rights.getByRole("link", { name: "contact page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact us");
  await expectNoAxeViolations(page);
  // The privacy notice a member of the public reads before answering (the open public consultation's start page).
  await page.goto("/respond/library-opening-hours/start");
  const before = page.getByTestId("privacy-notice").getByTestId("data-rights");
  await expect(before).toContainText("from the email address you used");
  await before.getByRole("link", { name: "your rights" }).click();
  await expect(page).toHaveURL(/\/privacy#your-rights$/);
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

// Members of the public respond (issue 18): with JavaScript off, someone with no account starts
// the library consultation from the hub without signing in, reads the privacy notice first,
// answers, says whether their response may be published and a little about themselves, submits
// with no organisation's declaration, and comes back later through the emailed link. With
// JavaScript on, the demo member of the public signs in and responds, with axe on every page,
// and is kept out of a partners-only consultation and the council's pages.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, latestEmailLink, ownClient, signInAs } from "./fixtures";
import { answerBox, errorSummary, latestEmailText, settle } from "./pages/respond";

const SLUG = "library-opening-hours";
const TITLE = "Library opening hours: have your say";
const RESPOND = `/respond/${SLUG}`;

async function answerTheChapter(page: Page, text: string) {
  await page.getByRole("link", { name: /Your library/ }).click();
  await page.getByLabel("Every week").check();
  await page.getByLabel("Saturdays").check();
  await answerBox(page, "3").fill(text);
  await page.getByRole("button", { name: "Save and continue" }).click();
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("someone with no account responds without signing in, and comes back by the emailed link", async ({ page }) => {
    const email = `walk-in-${Date.now()}@public.example`;
    await page.goto("/consultations?who=anyone");
    const item = page.getByTestId("hub-item").filter({ hasText: TITLE });
    await expect(item).toContainText("Anyone can respond");
    await expect(page.getByTestId("hub-item").filter({ hasText: "Shaping their future" })).toHaveCount(0);
    await item.getByRole("link", { name: TITLE }).click();
    await page.getByTestId("respond-public").click();

    // The privacy notice comes before anything is asked.
    await expect(page).toHaveURL(new RegExp(`${RESPOND}/start$`));
    await expect(page.getByTestId("privacy-notice")).toContainText("We publish responses only with your consent");
    await page.getByRole("button", { name: "Start now" }).click();
    await expect(errorSummary(page)).toContainText("Enter your email address");
    await page.getByLabel("Email address").fill("not an address");
    await page.getByRole("button", { name: "Start now" }).click();
    await expect(errorSummary(page)).toContainText("Enter an email address in the correct format");
    await expect(page.getByLabel("Email address")).toHaveValue("not an address");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Start now" }).click();

    await expect(page).toHaveURL(new RegExp(`${RESPOND}$`));
    await expect(page.getByText("Responding as yourself")).toBeVisible();
    await expect(page.getByText("This is your own response: nobody else can see or change it.")).toBeVisible();
    // No account: the header offers their response and how to finish later, not account pages.
    await expect(page.getByTestId("responding-as")).toContainText(`Responding as ${email}`);
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Notifications" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Your work" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your response" })).toHaveAttribute("href", RESPOND);
    await page.getByTestId("header-finish-later").click();
    await expect(page.getByRole("heading", { name: "Finish your response later" })).toBeVisible();
    await expect(page.getByText(`Open the link in the email we sent to ${email}`)).toBeVisible();
    await page.getByRole("link", { name: "Back to your response" }).click();
    await answerTheChapter(page, "Please open on Sunday afternoons. <script>alert(1)</script>");

    // Consent is required, because this consultation publishes responses.
    await expect(page).toHaveURL(new RegExp(`${RESPOND}/details$`));
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(errorSummary(page)).toContainText("Select whether we may publish your response");
    await page.getByLabel("Publish my response anonymously").check();
    await page.getByLabel("Email me when the council publishes the outcome").check();
    await page.getByRole("group", { name: "How old are you? (optional)" }).getByLabel("Prefer not to say").check();
    await page.getByLabel("What is the first part of your postcode? (optional)").fill("PR7 1DP");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(errorSummary(page)).toContainText("Enter only the first part of your postcode");
    await expect(page.getByLabel("Publish my response anonymously")).toBeChecked();
    await page.getByLabel("What is the first part of your postcode? (optional)").fill("PR7");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page).toHaveURL(new RegExp(`${RESPOND}/check$`));
    const details = page.getByTestId("details-summary");
    await expect(details).toContainText("publish without your name");
    await expect(details).toContainText("Prefer not to say");
    await expect(details).toContainText("PR7");
    await expect(page.getByText("<script>alert(1)</script>", { exact: false })).toBeVisible();
    // A person answers for themselves: no organisation's declaration.
    await expect(page.getByLabel(/I confirm that I may submit this response/)).toHaveCount(0);
    await page.getByRole("button", { name: "Submit response" }).click();

    await expect(page.getByRole("heading", { name: "Response submitted" })).toBeVisible();
    const reference = (await page.getByTestId("reference").textContent())!;
    await expect(page.getByTestId("public-reference")).toContainText(/PUB-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    await expect(page.getByTestId("privacy-notice")).toBeVisible();

    // The receipt has the public reference and the privacy notice; the first email was the link back.
    await settle(page);
    const receipt = await latestEmailText(page, email, /Response received/);
    expect(receipt).toContain(reference);
    expect(receipt).toContain("Public reference: PUB-");
    expect(receipt).toContain("How we use your information");
    const link = await latestEmailLink(page, email, /the link back to it/);

    // Another day, another browser: the link opens the response, and nothing else.
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page).toHaveURL(new RegExp(`${RESPOND}$`));
    await expect(page.getByTestId("submitted-note")).toContainText("You submitted your response");
    await page.goto("/respond/lsp-shaping-their-future");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(`${link.replace(/token=.*/, "token=")}${"x".repeat(43)}`);
    await expect(page.getByRole("heading", { name: "That link does not work" })).toBeVisible();
  });
});

test("a robot that fills the hidden field is told to check its email and nothing is made; one address may start five times an hour", async ({ browser, page }) => {
  // A client of its own (X-Forwarded-For, with no trusted proxy the last entry), so that other
  // runs' starts from this machine do not count against it.
  const client = ownClient();
  const fresh = async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": client } });
    const p = await context.newPage();
    await p.goto(`${RESPOND}/start`);
    return { context, p };
  };
  const robot = `robot-${Date.now()}@public.example`;
  {
    const { context, p } = await fresh();
    await p.getByLabel("Email address").fill(robot);
    await p.locator('input[name="website"]').fill("https://spam.example", { force: true });
    const posted = p.waitForResponse((r) => r.request().method() === "POST");
    await p.getByRole("button", { name: "Start now" }).click();
    expect((await posted).status()).toBe(200);
    await expect(p.getByRole("heading", { name: "Check your email" })).toBeVisible();
    // No return cookie was given: the response page asks to sign in.
    await p.goto(RESPOND);
    await expect(p).toHaveURL(/\/sign-in/);
    await context.close();
  }
  const person = `busy-${Date.now()}@public.example`;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const { context, p } = await fresh();
    await p.getByLabel("Email address").fill(person);
    const posted = p.waitForResponse((r) => r.request().method() === "POST");
    await p.getByRole("button", { name: "Start now" }).click();
    statuses.push((await posted).status());
    if (i === 5) {
      await expect(errorSummary(p)).toContainText("Too many responses have been started from here");
      await expect(p.getByLabel("Email address")).toHaveValue(person);
    }
    await context.close();
  }
  expect(statuses.slice(0, 5).every((s) => s === 303 || s === 200)).toBe(true);
  expect(statuses[5]).toBe(429);
  // Nothing was sent to the robot's address.
  await signInAs(page, "admin", `/admin/outbox?to=${encodeURIComponent(robot)}`);
  await expect(page.getByTestId("outbox-message")).toHaveCount(0);
  await page.goto(`/admin/outbox?to=${encodeURIComponent(person)}`);
  await expect(page.getByTestId("outbox-message").first()).toBeVisible();
});

test("one client may start thirty responses an hour, whatever the addresses; the next is told so clearly (429, not an error page)", async ({ browser }) => {
  // A client address of its own for this run (no trusted proxy: the last X-Forwarded-For entry).
  const client = ownClient();
  test.setTimeout(240_000);
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": client } });
  const p = await context.newPage();
  // A start redirects to the new response's page: not needed here, so not rendered (31 of them on a busy host).
  await p.route(new RegExp(`${RESPOND}$`), (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>started</title>" }));
  const run = Date.now();
  const start = async (i: number) => {
    // Each start leaves the browser a return cookie, which would send it to its response.
    await context.clearCookies();
    await p.goto(`${RESPOND}/start`);
    await p.getByLabel("Email address").fill(`client-limit-${run}-${i}@public.example`);
    const posted = p.waitForResponse((r) => r.request().method() === "POST");
    await p.getByRole("button", { name: "Start now" }).click();
    return posted;
  };
  for (let i = 0; i < 30; i++) expect((await start(i)).status(), `start ${i + 1}`).toBe(303);
  const refused = await start(30);
  expect(refused.status()).toBe(429);
  expect(Number(await refused.headerValue("retry-after"))).toBeGreaterThan(0);
  await expect(errorSummary(p)).toContainText("Too many responses have been started from here. Try again in");
  await expect(p.getByLabel("Email address")).toHaveValue(`client-limit-${run}-30@public.example`);
  // Another client is not held up by this one.
  const other = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": ownClient() } });
  const q = await other.newPage();
  await q.goto(`${RESPOND}/start`);
  await q.getByLabel("Email address").fill(`client-limit-${run}-other@public.example`);
  const ok = q.waitForResponse((r) => r.request().method() === "POST");
  await q.getByRole("button", { name: "Start now" }).click();
  expect((await ok).status()).toBe(303);
  await Promise.all([context.close(), other.close()]);
});

test.describe("with JavaScript on", () => {
  test("the demo member of the public signs in and responds, with axe on every page, and sees nothing of the council's or partners'", async ({ page }) => {
    await page.goto("/consultations?who=anyone");
    await expectNoAxeViolations(page);
    await page.goto(`/consultations/${SLUG}`);
    await expectNoAxeViolations(page);
    await page.goto(`${RESPOND}/start`);
    await expect(page.getByTestId("privacy-notice")).toBeVisible();
    await expectNoAxeViolations(page);

    await signInAs(page, "public", RESPOND, { fresh: true });
    await expect(page).toHaveURL(new RegExp(`${RESPOND}$`));
    await expect(page.getByText("Responding as yourself")).toBeVisible();
    // Signed in, with no organisation: their name and sign-out, and no staff or partner links.
    await expect(page.getByTestId("signed-in-as")).toContainText(DEMO.public.name);
    await expect(page.getByTestId("signed-in-as")).not.toContainText(",");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Your work", "Progress returns", "Manage consultations", "Action plans"]) await expect(nav.getByRole("link", { name })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByTestId("privacy-notice")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: /Your library/ }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Every month").check();
    await answerBox(page, "3").fill("Later opening on Thursdays would help people who work.");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page).toHaveURL(new RegExp(`${RESPOND}/details$`));
    await expectNoAxeViolations(page);
    await page.getByLabel("Publish my response with my name").check();
    await page.getByLabel("Name to publish with your response").fill("");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(errorSummary(page)).toContainText("Enter the name to publish with your response");
    await expectNoAxeViolations(page);
    await page.getByLabel("Name to publish with your response").fill(DEMO.public.name);
    await page.getByRole("group", { name: "What is your connection to the area? (optional)" }).getByLabel("I live here").check();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page).toHaveURL(new RegExp(`${RESPOND}/check$`));
    await expect(page.getByTestId("details-summary")).toContainText(DEMO.public.name);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Submit response" }).click();
    await expect(page.getByRole("heading", { name: "Response submitted" })).toBeVisible();
    await expectNoAxeViolations(page);

    // Partners-only consultations and the council's pages stay closed.
    await page.goto("/respond/lsp-shaping-their-future");
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    const manage = await page.goto("/manage");
    expect(manage?.status()).toBe(403);
  });
});

test("near-identical responses are grouped as a campaign that an officer labels and opens", async ({ browser, page }) => {
  test.setTimeout(180_000);
  const letter = `Keep the library open on Sundays ${Date.now()}: working families cannot visit during the week and the reading groups need weekend opening. <b>Thanks</b>`;
  for (let i = 0; i < 3; i++) {
    const client = ownClient();
    const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": client } });
    const p = await context.newPage();
    await p.goto(`${RESPOND}/start`);
    await p.getByLabel("Email address").fill(`campaign-${i}-${Date.now()}@public.example`);
    await p.getByRole("button", { name: "Start now" }).click();
    await expect(p).toHaveURL(new RegExp(`${RESPOND}$`));
    await answerTheChapter(p, i === 2 ? `${letter} Sent by a neighbour` : letter);
    await p.getByLabel("Do not publish my response").check();
    await p.getByRole("button", { name: "Save and continue" }).click();
    await p.getByRole("button", { name: "Submit response" }).click();
    await expect(p.getByRole("heading", { name: "Response submitted" })).toBeVisible();
    await context.close();
  }
  await signInAs(page, "officer", "/manage");
  await page.getByRole("link", { name: TITLE }).first().click();
  await page.waitForURL(/\/manage\/[0-9a-f-]{36}/);
  const manage = new URL(page.url()).pathname.match(/^\/manage\/[0-9a-f-]{36}/)![0];
  await page.goto(`${manage}/responses`);
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  const row = page.getByTestId("campaign-groups").getByRole("row").filter({ hasText: letter.slice(0, 50) });
  await expect(row).toContainText("3");
  await expectNoAxeViolations(page);
  await row.getByRole("link", { name: "Unlabelled campaign" }).click();
  await expect(page.getByTestId("campaign-count")).toContainText("3 responses");
  // The shared text is shown as text, never as markup.
  await expect(page.getByTestId("campaign-text")).toContainText("<b>Thanks</b>");
  await expect(page.getByTestId("campaign-responses").getByRole("link", { name: /^PUB-/ })).toHaveCount(3);
  await page.getByLabel("Label").fill("x".repeat(121));
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(errorSummary(page)).toContainText("The label must be 120 characters or fewer");
  await page.getByLabel("Label").fill("Sunday opening letter");
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(page.getByRole("heading", { name: "Sunday opening letter", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: "test-results/campaign-group.png", fullPage: true });
});

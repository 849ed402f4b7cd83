// The administrator's day-one work on people, organisations and the outbox: edit a person
// (errors at the field, what was typed kept), deactivate them (signed out at once, cannot sign in
// by emailed link) and reactivate (the demo button's refusal is lib/admin/admin.integration.test.ts's:
// deactivating a demo user here would break the specs after this one if it failed half way); rename an organisation by keyboard; merge a
// duplicate with a confirmation step, with JavaScript on and off, and see a merge that would lose
// a response refused with the consultations listed; search the outbox and open an email; filter
// the audit log by an action in words; the background jobs' lists. Officers and partners reach none of it. Axe on every page.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, signInAs } from "./fixtures";
import { errorSummary, signInByEmail } from "./pages/respond";
import { JOB_TEXT } from "../lib/admin/job-text";

const run = Date.now().toString(36);

// Several browsers and many pages a test, on a machine shared with other builds.
test.describe.configure({ timeout: 180_000 });

async function adminPage(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signInAs(page, "admin", "/admin/users");
  return page;
}

/** Add an organisation from the organisations page; returns its page's URL. */
async function addOrganisation(page: Page, name: string) {
  await page.goto("/admin/organisations");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add organisation" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Type").selectOption({ label: "Voluntary sector" });
  await form.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.getByText(`${name} added`)).toBeVisible();
  await page.goto("/admin/organisations");
  return (await page.getByRole("link", { name, exact: true }).getAttribute("href"))!;
}

async function addPerson(page: Page, name: string, email: string, organisation: string) {
  // The choice offers at most 50 organisations: find this one by its name first.
  await page.goto(`/admin/users?org=${encodeURIComponent(organisation)}#add`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
  await form.getByLabel("Full name").fill(name);
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Organisation").selectOption({ label: organisation });
  await form.getByLabel("Role").selectOption({ label: "Partner" });
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText(`${name} added`)).toBeVisible();
}

test.describe.serial("people", () => {
  const name = `Nina Patel ${run}`;
  const email = `nina.${run}@cvs.example`;

  test("an administrator edits a person: errors beside the field, what was typed kept, then saved", async ({ browser }) => {
    const page = await adminPage(browser);
    await addPerson(page, name, email, "Chorley Council for Voluntary Service");
    await page.goto(`/admin/users?q=${encodeURIComponent(name)}`);
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expectNoAxeViolations(page);

    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Save details" }) });
    await form.getByLabel("Full name").fill(`${name}-Shah`);
    await form.getByLabel("Email address").fill(DEMO.partner.email);
    await form.getByRole("button", { name: "Save details" }).click();
    await expect(page.locator("#f-email-error")).toContainText("Someone else already has that email address");
    await expect(form.getByLabel("Full name")).toHaveValue(`${name}-Shah`);
    await expect(page).toHaveTitle(/\S/);
    await form.getByLabel("Email address").fill("nina at cvs");
    await form.getByRole("button", { name: "Save details" }).click();
    await expect(page.locator("#f-email-error")).toContainText("Enter an email address in the correct format");
    await expectNoAxeViolations(page);

    await form.getByLabel("Full name").fill(name);
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Organisation").selectOption({ label: "Croston Parish Council" });
    await form.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByText(`${name}'s details are saved`)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("person-roles")).toContainText("Partner, Croston Parish Council");
    await page.context().close();
  });

  test("a deactivated person is signed out at once, cannot sign in by emailed link, and is shown as deactivated; reactivated, they can", async ({ browser }) => {
    // Nina signs in by the emailed link, in her own browser.
    const ninaContext = await browser.newContext();
    const nina = await ninaContext.newPage();
    await signInByEmail(nina, email);
    await expect(nina.getByTestId("signed-in-as")).toContainText(name);

    const page = await adminPage(browser);
    await page.goto(`/admin/users?q=${encodeURIComponent(name)}`);
    await page.getByRole("link", { name, exact: true }).click();
    await page.getByRole("button", { name: `Deactivate ${name}` }).click();
    await expect(page.getByRole("heading", { name: `Deactivate ${name}?` })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: `Yes, deactivate ${name}` }).click();
    await expect(page.getByText(`${name} is deactivated`)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(`/admin/users?q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Deactivated");

    // Her next click signs her out (the home page is public now, so ask for a page that needs a session).
    await nina.goto("/notifications");
    await expect(nina).toHaveURL(/\/sign-in/);
    // Asking for a link sends nothing.
    await nina.getByLabel("Email address").fill(email);
    await nina.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(nina.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await page.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("outbox-message")).toHaveCount(1);

    await page.goto(`/admin/users?q=${encodeURIComponent(name)}`);
    await page.getByRole("link", { name, exact: true }).click();
    await page.getByRole("button", { name: `Reactivate ${name}` }).click();
    await expect(page.getByText(`${name} is reactivated`)).toBeVisible();
    await signInByEmail(nina, email);
    await expect(nina.getByTestId("signed-in-as")).toContainText(name);
    await ninaContext.close();
    await page.context().close();
  });
});

test.describe.serial("organisations", () => {
  test("an administrator renames an organisation using the keyboard only", async ({ browser }) => {
    const page = await adminPage(browser);
    const href = await addOrganisation(page, `Chorley Volunteers ${run}`);
    await page.goto(href);
    await expectNoAxeViolations(page);
    await page.getByLabel("Name").focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(`Chorley Volunteer Centre ${run}`);
    await page.keyboard.press("Tab"); // the type
    await page.keyboard.press("Tab"); // Save
    await page.keyboard.press("Enter");
    await expect(page.getByText(`Saved: Chorley Volunteer Centre ${run}`)).toBeVisible();
    await page.goto("/admin/organisations");
    await expect(page.getByRole("link", { name: `Chorley Volunteer Centre ${run}` })).toBeVisible();
    // A name another organisation has is refused at the field.
    await page.goto(href);
    await page.getByLabel("Name").fill("Croston Parish Council");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#f-name-error")).toContainText("Another organisation already has that name");
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`merges a duplicate after a confirmation, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async ({ browser }) => {
      const page = await adminPage(browser, javaScriptEnabled);
      const suffix = `${run}${javaScriptEnabled ? "j" : "n"}`;
      const keep = `Chorley Council for Voluntary Service ${suffix}`;
      const dup = `Chorley CVS ${suffix}`;
      await addOrganisation(page, keep);
      const dupHref = await addOrganisation(page, dup);
      await addPerson(page, `Omar Dup ${suffix}`, `omar.${suffix}@chorleycvs.example`, dup);

      await page.goto(dupHref);
      // Continue without choosing: the error is beside the field.
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.locator("#intoId-error")).toContainText("Select the organisation to keep");
      // axe runs in the page, so only with JavaScript on (the pages are the same either way).
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await page.getByLabel("Organisation to keep").selectOption({ label: keep });
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { name: `Merge ${dup} into ${keep}?` })).toBeVisible();
      await expect(page.getByTestId("merge-moves")).toContainText("1 person and their roles");
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await page.getByRole("button", { name: `Yes, merge into ${keep}` }).click();
      await expect(page.getByText(`Merged. Its people, invitations and responses are now ${keep}’s.`)).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: keep })).toBeVisible();

      await page.goto("/admin/organisations");
      await expect(page.getByRole("link", { name: dup, exact: true })).toHaveCount(0);
      await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: keep, exact: true }) })).toContainText("1");
      await page.goto(`/admin/users?q=${encodeURIComponent(`Omar Dup ${suffix}`)}`);
      await expect(page.getByRole("row").filter({ hasText: `Omar Dup ${suffix}` })).toContainText(`Partner, ${keep}`);
      await page.context().close();
    });
  }

  test("a merge that would lose a response is refused, naming the consultation", async ({ browser }) => {
    const page = await adminPage(browser);
    await page.goto("/admin/organisations");
    await page.getByRole("link", { name: "Croston Parish Council", exact: true }).click();
    await page.getByLabel("Organisation to keep").selectOption({ label: "Chorley Council for Voluntary Service" });
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("merge-conflicts")).toContainText("These organisations cannot be merged");
    await expect(page.getByTestId("merge-conflicts")).toContainText("Local Strategic Partnerships: Shaping their Future");
    await expect(page.getByRole("button", { name: /Yes, merge/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

test("with JavaScript off, an administrator finds an organisation by part of its name to give a new person a role there", async ({ browser }) => {
  const page = await adminPage(browser, false);
  await page.goto("/admin/users");
  const choice = page.getByRole("combobox", { name: /^Organisation/ });
  // At most 50 organisations are offered: the hint says to search when there are more.
  expect(await choice.locator("option").count()).toBeLessThanOrEqual(51);
  await page.getByLabel("Find their organisation").fill("no such organisation 100%");
  await page.getByRole("button", { name: "Find" }).click();
  // The choice says what the search found; without JavaScript the hint says the search reloads the page.
  await expect(choice).toHaveAccessibleDescription("No organisations match “no such organisation 100%”. Search for part of the name.");
  await expect(page.getByText(/Without JavaScript, find it before you fill in the form below/)).toBeVisible();
  await expect(page.getByLabel("Find their organisation")).toHaveValue("no such organisation 100%");
  await page.getByLabel("Find their organisation").fill("croston parish");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(choice).toHaveAccessibleDescription("1 organisation matches “croston parish”.");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
  await form.getByLabel("Full name").fill(`Found Person ${run}`);
  await form.getByLabel("Email address").fill(`found.${run}@parish.example`);
  await form.getByLabel("Organisation").selectOption({ label: "Croston Parish Council" });
  await form.getByLabel("Role").selectOption({ label: "Partner" });
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText(`Found Person ${run} added`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `found.${run}@parish.example` })).toContainText("Partner, Croston Parish Council");
  await page.context().close();
});

test("with JavaScript, finding the organisation after filling in the new person's name and address keeps them", async ({ browser }) => {
  const page = await adminPage(browser);
  await page.goto("/admin/users");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
  await form.getByLabel("Full name").fill(`Kept Person ${run}`);
  await form.getByLabel("Email address").fill(`kept.${run}@parish.example`);
  await form.getByLabel("Role").selectOption({ label: "Partner" });
  // The page is updated where it stands, not reloaded: the form keeps what was typed.
  await page.getByLabel("Find their organisation").fill("croston parish");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page).toHaveURL(/org=croston\+parish/);
  // What it found is told to screen readers (a live region), and by the choice's hint.
  await expect(page.getByRole("status")).toHaveText("1 organisation matches “croston parish”.");
  await expect(form.getByRole("combobox", { name: /^Organisation/ })).toHaveAccessibleDescription("1 organisation matches “croston parish”.");
  // With the page's scripts running, the warning for pages without them is gone.
  await expect(page.getByText(/Without JavaScript/)).toHaveCount(0);
  await expect(form.getByLabel("Full name")).toHaveValue(`Kept Person ${run}`);
  await expect(form.getByLabel("Email address")).toHaveValue(`kept.${run}@parish.example`);
  await expect(form.getByLabel("Role")).toHaveValue("partner");
  await form.getByLabel("Organisation").selectOption({ label: "Croston Parish Council" });
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText(`Kept Person ${run} added`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `kept.${run}@parish.example` })).toContainText("Partner, Croston Parish Council");
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("the outbox: search by recipient or subject, one line per email, each opening to its body", async ({ browser }) => {
  const page = await adminPage(browser);
  await page.goto("/admin/outbox");
  await expectNoAxeViolations(page);
  // Nina's sign-in emails (the people tests), found by a part of her address.
  await page.getByLabel("Search by recipient or subject").fill("NINA.");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=NINA/);
  const rows = page.getByTestId("outbox-message");
  await expect(rows.first()).toBeVisible();
  for (const to of await rows.getByTestId("outbox-to").allTextContents()) expect(to).toMatch(/^nina\.\w+@cvs\.example$/);
  await page.getByLabel("Search by recipient or subject").fill("no email has this subject");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No emails match “no email has this subject”.")).toBeVisible();

  await page.getByLabel("Search by recipient or subject").fill("Sign in to");
  await page.getByRole("button", { name: "Search" }).click();
  await rows.first().getByTestId("outbox-subject").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Sign in to/ })).toBeVisible();
  await expect(page.getByTestId("outbox-body").getByRole("link").first()).toHaveAttribute("href", /\/api\/auth\/callback\/email/);
  await expectNoAxeViolations(page);

  // A recipient in the address that cannot be searched for (a person's page links here with
  // theirs) is said to be unused, not silently dropped: the list is then of every email.
  await page.goto(`/admin/outbox?to=${"x".repeat(400)}%40example.org`);
  await expect(errorSummary(page)).toContainText("The recipient in this page’s address is too long or not valid, so every email is listed");
  await expect(errorSummary(page).getByRole("link")).toHaveAttribute("href", "#to");
  await expect(page.locator("#to")).toContainText("every email is listed");
  await expect(rows.first()).toBeVisible();
  await page.context().close();
});

test("background jobs: the lists with their counts, each job said in words, reached from the header", async ({ browser }) => {
  const page = await adminPage(browser);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Background jobs" })).toBeVisible();
  const lists = page.getByTestId("job-lists");
  await expect(lists.getByText(/^Failed \(\d+\)$/)).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(page);
  // The daily checks ran when the server started, and emails since: done, each named in words.
  await lists.getByRole("link", { name: /^Done \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/list=done/);
  const rows = page.getByTestId("job-row");
  await expect(rows.first()).toBeVisible();
  const words = new Set(Object.values(JOB_TEXT));
  for (const kind of await rows.locator("td:first-child").evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent ?? ""))) {
    expect(words, `a job named in words: ${kind}`).toContain(kind);
  }
  await expect(rows.first().locator("td").nth(1)).toHaveText(/^Done \d/);
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("the audit log's filter reads in words", async ({ browser }) => {
  const page = await adminPage(browser);
  await page.goto("/admin/audit");
  const action = page.getByLabel("Action");
  await expect(action.locator("option", { hasText: "Person deactivated" })).toHaveCount(1);
  await expect(action.locator("option", { hasText: /\w\.\w/ })).toHaveCount(0);
  await action.selectOption({ label: "Person deactivated" });
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await page.getByTestId("audit-action").allTextContents()) expect(text).toMatch(/^Person deactivated/);
  await expectNoAxeViolations(page);
  await page.context().close();
});

test("officers and partners reach none of the new administration pages", async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.goto("/admin/organisations");
  const orgHref = (await admin.getByRole("link", { name: "Croston Parish Council", exact: true }).getAttribute("href"))!;
  await admin.goto(`/admin/users?q=${encodeURIComponent(DEMO.parish.email)}`);
  const personHref = (await admin.getByRole("link", { name: DEMO.parish.name, exact: true }).getAttribute("href"))!;
  await admin.goto("/admin/outbox");
  const emailHref = (await admin.getByTestId("outbox-subject").first().getAttribute("href"))!;
  await admin.context().close();
  for (const who of ["officer", "partner"] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, who);
    for (const path of [personHref, `${personHref}/deactivate`, orgHref, `${orgHref}/merge`, emailHref, "/admin/jobs"]) {
      const response = await page.goto(path);
      expect(response?.status(), `${who}: ${path}`).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    }
    await context.close();
  }
});

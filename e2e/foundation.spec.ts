// The foundation journeys: every demo role signs in and sees its own home; a partner signs
// in by the emailed link; partners are refused the admin pages and other organisations' data.
import { expect, test } from "@playwright/test";
import { DEMO, expectNoAxeViolations, latestEmailLink, signInAs, signOut } from "./fixtures";

test("the sign-in page offers every demo role and passes axe", async ({ page }) => {
  await page.goto("/sign-in");
  for (const who of Object.values(DEMO)) {
    await expect(page.getByRole("button", { name: new RegExp(`^Sign in as ${who.name}`) })).toBeVisible();
  }
  await expectNoAxeViolations(page);
});

test("an officer signs in and sees the consultations they manage", async ({ page }) => {
  await signInAs(page, "officer", "/", { fresh: true });
  const table = page.getByTestId("council-home");
  await expect(table.getByRole("heading", { name: "Consultations you manage" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true })).toBeVisible();
  await expect(table).toContainText("35 questions");
  await expect(table.getByRole("link", { name: /Breckland Partnership/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a signatory sees the consultations awaiting sign-off", async ({ page }) => {
  await signInAs(page, "signatory");
  await expect(page.getByRole("heading", { name: "Consultations you manage" })).toBeVisible();
  await expect(page.getByTestId("council-home")).toContainText("Drafting");
});

test("a scrutiny member sees the consultations for review", async ({ page }) => {
  await signInAs(page, "scrutiny");
  await expect(page.getByRole("heading", { name: "Consultations for review" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true })).toBeVisible();
});

test("an admin sees administration and can read the outbox", async ({ page }) => {
  await signInAs(page, "admin");
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  await page.getByRole("link", { name: "Users and roles" }).first().click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "sarah.lee@police.example" })).toBeVisible();
  await expectNoAxeViolations(page);
  // Members of the public who responded are listed apart, a page at a time, and found by search.
  await page.getByRole("link", { name: /^Without a role \([\d,]+\)$/ }).click();
  await expect(page.getByRole("table").locator("caption")).toContainText(/Without a role: [\d,]+\+? people/);
  await expect(page.getByRole("link", { name: "Previous page of people" })).toHaveCount(0);
  const firstPage = await page.getByRole("row").nth(1).textContent();
  await page.getByRole("link", { name: "Next page of people" }).click();
  await expect(page.getByRole("link", { name: "Previous page of people" })).toBeVisible();
  await expect(page.getByRole("row").nth(1)).not.toHaveText(firstPage!);
  const someone = (await page.getByRole("row").nth(1).getByRole("cell").nth(1).textContent())!.trim();
  await page.getByLabel("Search by name or email address").fill(someone.toUpperCase());
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table").locator("caption")).toContainText(`Without a role: 1 person matching “${someone.toUpperCase()}”`);
  await expect(page.getByRole("row").filter({ hasText: someone })).toHaveCount(1);
  await expect(page.getByRole("link", { name: "With a role (0)" })).toBeVisible();
  await page.goto("/admin/organisations");
  await expect(page.getByRole("cell", { name: "Lancashire Constabulary" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an admin adds a person, who can then sign in by emailed link", async ({ page }) => {
  await signInAs(page, "admin", "/admin/users");
  await page.goto("/admin/users");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
  await form.getByLabel("Full name").fill("Nadia Webb");
  await form.getByLabel("Email address").fill("not-an-email");
  await form.getByLabel("Organisation").selectOption({ label: "Croston Parish Council" });
  await form.getByLabel("Role").selectOption({ label: "Partner" });
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter an email address in the correct format");
  // What was typed is kept.
  await expect(form.getByLabel("Full name")).toHaveValue("Nadia Webb");
  await form.getByLabel("Email address").fill("nadia.webb@parish.example");
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Nadia Webb added")).toBeVisible();
  await expect(page.getByRole("cell", { name: "nadia.webb@parish.example" })).toBeVisible();
});

test("a partner signs in with the link emailed to them", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(DEMO.partner.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const link = await latestEmailLink(page, DEMO.partner.email, /Sign in/);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO.partner.name);
  await expect(page.getByTestId("partner-home")).toContainText(`Consultations for ${DEMO.partner.organisation}`);
  await expect(page.getByTestId("partner-home").getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);
  // Signed out, the home page is the public one: open consultations and how to sign in.
  await page.goto("/");
  await expect(page.getByTestId("public-home")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("a blank or malformed email address gets a message at the field and keeps what was typed", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter your email address");
  await expect(page.locator("#email-error")).toContainText("Enter your email address");
  await page.getByLabel("Email address").fill("ann at parish");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.locator("#email-error")).toContainText("Enter an email address in the correct format, like name@example.org");
  await expect(page.getByLabel("Email address")).toHaveValue("ann at parish");
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-describedby", "email-error");
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expectNoAxeViolations(page);
});

test("a sign-in link works only once", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(DEMO.parish.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  const link = await latestEmailLink(page, DEMO.parish.email, /Sign in/);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO.parish.name);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByText("That sign-in link has expired or has already been used")).toBeVisible();
});

test("an unknown email address gets the same page and no email", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("stranger@example.org");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await signInAs(page, "admin", "/admin/outbox");
  await page.goto("/admin/outbox?to=stranger@example.org");
  await expect(page.getByText("No emails to stranger@example.org yet.")).toBeVisible();
});

test("a partner is refused the admin pages", async ({ page }) => {
  await signInAs(page, "partner");
  for (const path of ["/admin/users", "/admin/organisations", "/admin/outbox"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    await expect(page.getByText("sarah.lee@police.example")).toHaveCount(0);
  }
});

test("a partner sees only their own organisation's consultations and responses", async ({ page }) => {
  await signInAs(page, "partner");
  const home = page.getByTestId("partner-home");
  await expect(home).toHaveCount(1);
  await expect(home).toContainText(DEMO.partner.organisation);
  // Other organisations' submitted responses (the CVS and the parish council) are not shown.
  await expect(page.getByText(DEMO.cvs.organisation)).toHaveCount(0);
  await expect(page.getByText(/Reference [A-Z]/)).toHaveCount(0);
  await expect(page.getByTestId("council-home")).toHaveCount(0);
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fusers/);
});

test("the public hub lists open consultations and passes axe", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/consultations");
  await expect(page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Local Strategic Partnerships: Shaping their Future" })).toBeVisible();
  await expect(page.getByText("35 in 4 chapters")).toBeVisible();
  await expectNoAxeViolations(page);
});

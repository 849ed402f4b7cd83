// The consultation lists once years of closed consultations build up: the public hub pages its
// closed consultations (most recently closed first) and the officer lists show the current ones
// and the most recently closed, with every closed one a link away on a paged list. The paging
// itself (more than two pages, each consultation once) is proved on the database in
// lib/consultations/lists.integration.test.ts; here the pages, without JavaScript, with axe, and
// a page link nobody wrote is the first page, never an error.
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signInAs } from "./fixtures";

// Seeded closed (db/seed/publication.ts) and open (demo.json) consultations.
const CLOSED = "Mobile library stops";
const OPEN = "Local Strategic Partnerships: Shaping their Future";

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the public hub lists the closed consultations most recently closed first, and a bad page link is the first page", async ({ page }) => {
    await page.context().clearCookies();
    await page.goto("/consultations?status=closed");
    const closed = page.getByTestId("hub-closed");
    await expect(closed.getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
    await expect(page.getByTestId("hub-closed-order")).toHaveText("Most recently closed first.");
    await expect(page.getByTestId("hub-open")).toHaveCount(0);

    for (const bad of ["after=garbage", "before=%00", "after=eyJ4Ijoi&before=x&q=%00&status=nope&who=me", `after=${"A".repeat(5000)}`]) {
      const res = await page.goto(`/consultations?${bad}`);
      expect(res?.status(), bad).toBe(200);
      await expect(page.getByTestId("hub-open").getByRole("link", { name: OPEN, exact: true })).toBeVisible();
      await expect(page.getByTestId("hub-closed").getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
    }
  });

  test("the title search finds a closed consultation, and the count says how many match", async ({ page }) => {
    await page.context().clearCookies();
    await page.goto("/consultations");
    await page.getByLabel("Search by title").fill("mobile LIBRARY");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("hub-count")).toContainText("1 consultation matching “mobile LIBRARY”");
    await expect(page.getByTestId("hub-item")).toHaveCount(1);
    await expect(page.getByTestId("hub-closed").getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
    // One page: no pager.
    await expect(page.getByTestId("hub-pager")).toHaveCount(0);
  });
});

test("the public hub's lists pass axe", async ({ page }) => {
  await page.context().clearCookies();
  for (const url of ["/consultations", "/consultations?status=closed"]) {
    await page.goto(url);
    await expect(page.getByTestId("hub-closed").getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test("an officer sees the current consultations and the recently closed, and reaches every closed one", async ({ page }) => {
  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  await expect(page.getByTestId("manage-list").getByRole("link", { name: OPEN, exact: true })).toBeVisible();
  await expect(page.getByTestId("manage-list").locator("caption")).toContainText(/\d+ current consultations?/);
  await expect(page.getByTestId("manage-list")).not.toContainText(CLOSED);
  // The ten most recently closed (other journeys may have closed some since the seed's).
  const recent = page.getByTestId("manage-recently-closed").locator("tbody tr");
  expect(await recent.count()).toBeGreaterThan(0);
  expect(await recent.count()).toBeLessThanOrEqual(10);
  await expectNoAxeViolations(page);

  await page.getByTestId("manage-closed-link").getByRole("link", { name: /^See all closed consultations \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/\/manage\?status=closed$/);
  await expect(page.getByRole("heading", { level: 1, name: "Closed consultations" })).toBeVisible();
  await expect(page.getByTestId("manage-closed").getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
  await expect(page.getByTestId("manage-closed")).not.toContainText(OPEN);
  await expectNoAxeViolations(page);

  const res = await page.goto("/manage?status=closed&after=garbage");
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("manage-closed").getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Current consultations" }).click();
  await expect(page).toHaveURL(/\/manage$/);

  // The home page: the same, with fewer closed ones and the same link.
  await page.goto("/");
  const home = page.getByTestId("council-home");
  await expect(home.getByRole("link", { name: OPEN, exact: true })).toBeVisible();
  // The five most recently closed: the seed's, or (once other journeys have closed more) the link to every one.
  if (!(await home.getByRole("link", { name: CLOSED, exact: true }).count())) {
    await expect(page.getByTestId("council-home-closed").getByRole("link", { name: /^See all closed consultations \(\d+\)$/ })).toBeVisible();
  }
});

test("a committee member reaches the closed consultations the council answered", async ({ page }) => {
  await signInAs(page, "scrutiny", "/review");
  await page.goto("/review");
  await expect(page.getByTestId("review-home")).toBeVisible();
  const res = await page.goto("/review?status=closed&before=%00");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "The council's answers: closed consultations" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Consultations being answered" }).click();
  await expect(page).toHaveURL(/\/review$/);
});

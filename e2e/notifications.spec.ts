// Notifications in the browser: an officer sends the ODPM answers for review; the scrutiny
// member sees the unread count in the header, opens the list (by keyboard), follows the link
// and marks it read. An officer mutes comment notifications, and a comment then reaches her
// colleague but not her. Marking all read works with JavaScript off. Axe on both new pages.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, ensureAnswersDrafting, expectNoAxeViolations, newSignedInPage } from "./fixtures";

// Several people sign in per test, on a machine shared with other work: more than the default minute.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const TITLE = "Local Strategic Partnerships: Shaping their Future";
let odpm = "";

async function unreadCount(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-count");
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.textContent())?.replace("+", ""));
}

/** Start from nothing unread, so counts in the test are exact. */
async function markAllRead(page: Page) {
  await page.goto("/notifications");
  const button = page.getByRole("button", { name: "Mark all as read" });
  if (await button.count()) {
    await button.click();
    await expect(page.getByText(/marked as read/)).toBeVisible();
  }
  await page.goto("/notifications");
  expect(await unreadCount(page)).toBe(0);
}

test("the scrutiny member is told when the answers are sent for review, opens the list by keyboard, follows the link and marks it read", async ({ browser }) => {
  const peter = await newSignedInPage(browser, "scrutiny");
  await markAllRead(peter.page);

  const jane = await newSignedInPage(browser, "officer");
  await jane.page.goto("/review");
  const href = await jane.page.getByTestId("review-home").getByRole("link", { name: TITLE, exact: true }).getAttribute("href");
  odpm = /\/manage\/([0-9a-f-]{36})\//.exec(href ?? "")![1]!;
  // An earlier try of this test may have sent them: they are returned first, so that they can be sent (and told of) again.
  await ensureAnswersDrafting(browser, odpm, "Returned by the notifications journey.");
  await jane.page.goto(`/manage/${odpm}/review`);
  await jane.page.getByRole("button", { name: "Send for review" }).click();
  await expect(jane.page.getByTestId("sent-for-review")).toContainText(`Sent for review by ${DEMO.officer.name}`);
  // The officer who sent them is not told of her own action.
  await jane.page.goto("/notifications");
  await expect(jane.page.getByTestId("notification").filter({ hasText: "sent to the committee for review" })).toHaveCount(0);

  const page = peter.page;
  await page.goto("/");
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  await expect(page.getByTestId("header-notifications")).toHaveAccessibleName("Notifications 1 unread");
  // Keyboard: focus the header link and press Enter.
  await page.getByTestId("header-notifications").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const item = page.getByTestId("notification").first();
  await expect(item).toContainText(`The council's answers to “${TITLE}” were sent to the committee for review`);
  await expect(item.getByTestId("unread-tag")).toBeVisible();
  await expectNoAxeViolations(page);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: "test-results/notifications-list.png", fullPage: true });

  await item.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/manage/${odpm}/review$`));
  await expect(page.getByTestId("sent-for-review")).toBeVisible();

  await page.goto("/notifications");
  const markRead = page.getByTestId("notification").first().getByRole("button", { name: /^Mark as read/ });
  await markRead.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Marked as read")).toBeVisible();
  await page.goto("/notifications");
  await expect(page.getByTestId("notification").first().getByTestId("unread-tag")).toHaveCount(0);
  expect(await unreadCount(page)).toBe(0);
  await peter.context.close();
  await jane.context.close();
});

test("an officer mutes comment notifications by keyboard; a comment then reaches her colleague but not her", async ({ browser }) => {
  const jane = await newSignedInPage(browser, "officer");
  const amir = await newSignedInPage(browser, "officer2");
  await markAllRead(jane.page);
  await markAllRead(amir.page);

  const page = jane.page;
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Choose which notifications you get" }).click();
  await expect(page.getByRole("heading", { name: "Notification settings" })).toBeVisible();
  await expectNoAxeViolations(page);
  const comments = page.getByRole("group", { name: "Someone comments on a draft answer" });
  const onSite = comments.getByRole("checkbox", { name: "On this site" });
  const byEmail = comments.getByRole("checkbox", { name: "By email" });
  await expect(onSite).toBeChecked();
  await onSite.focus();
  await page.keyboard.press("Space");
  await byEmail.focus();
  await page.keyboard.press("Space");
  await expect(onSite).not.toBeChecked();
  await page.getByRole("button", { name: "Save settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Your notification settings have been saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: "Someone comments on a draft answer" }).getByRole("checkbox", { name: "On this site" })).not.toBeChecked();
  await expect(page.getByRole("group", { name: "A partner submits or amends a response" }).getByRole("checkbox", { name: "On this site" })).toBeChecked();
  await expectNoAxeViolations(page);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: "test-results/notifications-settings.png", fullPage: true });

  const peter = await newSignedInPage(browser, "scrutiny");
  await peter.page.goto(`/manage/${odpm}/review`);
  const q7 = peter.page.getByTestId("review-question-7");
  await q7.getByLabel("Your comment on the answer to question 7").fill("Notifications test: say who chairs the board.");
  await q7.getByRole("button", { name: "Add comment" }).click();
  await expect(peter.page.getByTestId("comments-7").getByTestId("comment-thread").last()).toContainText("who chairs the board");

  await amir.page.goto("/notifications");
  await expect(amir.page.getByTestId("notification").first()).toContainText(`${DEMO.scrutiny.name} commented on question 7 of “${TITLE}”`);
  await expect(amir.page.getByTestId("unread-count")).toHaveText("1");
  await amir.page.getByTestId("notification").first().getByRole("link").click();
  await expect(amir.page).toHaveURL(new RegExp(`/manage/${odpm}/review#q-7$`));

  await page.goto("/notifications");
  expect(await unreadCount(page)).toBe(0);
  await expect(page.getByTestId("notification").filter({ hasText: "commented on question 7" })).toHaveCount(0);

  // Put her settings back for any later journey.
  await page.goto("/notifications/settings");
  await page.getByRole("group", { name: "Someone comments on a draft answer" }).getByRole("checkbox", { name: "On this site" }).check();
  await page.getByRole("group", { name: "Someone comments on a draft answer" }).getByRole("checkbox", { name: "By email" }).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Your notification settings have been saved")).toBeVisible();
  for (const s of [jane, amir, peter]) await s.context.close();
});

test("an officer reopens a closed consultation for amendments (keyboard only); the invited partner is told", async ({ browser }) => {
  const jane = await newSignedInPage(browser, "officer");
  const page = jane.page;
  const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const title = `Croston footpaths ${Date.now()}`;
  await page.goto("/manage/import");
  await page.getByLabel("Or paste the JSON").fill(
    JSON.stringify({
      format: "council-consult/question-set",
      formatVersion: 1,
      title,
      kind: "questionnaire",
      opensOn: day(-1),
      closesOn: day(10),
      chapters: [{ title: "Footpaths", questions: [{ number: "1", type: "short_text", text: "Which footpath needs work?" }] }],
    }),
  );
  await page.getByRole("button", { name: "Import file" }).click();
  await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit/);
  const id = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await page.goto(`/manage/${id}/audience`);
  await page.getByLabel(/All contacts at Croston Parish Council/).check();
  await page.getByRole("button", { name: "Add to the audience" }).click();
  // Earlier journeys may have added people to the parish council, so look for Lucy's row.
  await expect(page.getByTestId("audience-row").filter({ hasText: DEMO.parish.email })).toHaveCount(1);
  await page.goto(`/manage/${id}`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-banner")).toBeVisible();
  await page.getByLabel("Yes, close this consultation now").check();
  await page.getByRole("button", { name: "Close consultation" }).click();
  await expect(page.getByText("The consultation is closed. Partners can no longer respond.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Keyboard only: the three date boxes, then the button.
  const later = new Date(Date.now() + 20 * 24 * 3600 * 1000);
  const form = page.getByTestId("reopen-form");
  await form.getByLabel("Day").focus();
  await page.keyboard.type(String(later.getUTCDate()));
  await page.keyboard.press("Tab");
  await page.keyboard.type(String(later.getUTCMonth() + 1));
  await page.keyboard.press("Tab");
  await page.keyboard.type(String(later.getUTCFullYear()));
  await page.keyboard.press("Tab");
  await expect(form.getByRole("button", { name: "Reopen consultation" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("The consultation is open again.")).toBeVisible();
  await expect(page.getByTestId("status")).toContainText("Open");
  await expectNoAxeViolations(page);
  await jane.context.close();

  const lucy = await newSignedInPage(browser, "parish");
  await lucy.page.goto("/notifications");
  const item = lucy.page.getByTestId("notification").filter({ hasText: title });
  await expect(item).toContainText("has reopened until");
  await expect(item).toContainText("you can amend your organisation's response");
  await expectNoAxeViolations(lucy.page);
  await item.getByRole("link").click();
  await expect(lucy.page).toHaveURL(/\/respond\//);
  await lucy.context.close();
});

test("marking all read works with JavaScript off, and a person signed out is sent to sign in", async ({ browser }) => {
  const helen = await newSignedInPage(browser, "signatory", false);
  const page = helen.page;
  await page.goto("/notifications");
  // The signatory was told the answers are ready for sign-off (and, as an officer, of the comment).
  await expect(page.getByTestId("notification").filter({ hasText: "are ready for sign-off" }).first()).toBeVisible();
  expect(await unreadCount(page)).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByText(/notifications? marked as read/)).toBeVisible();
  await page.goto("/notifications");
  expect(await unreadCount(page)).toBe(0);
  await expect(page.getByTestId("unread-tag")).toHaveCount(0);
  await helen.context.close();

  const anonymous = await browser.newPage();
  await anonymous.goto("/notifications");
  await expect(anonymous).toHaveURL(/\/sign-in\?callbackUrl=%2Fnotifications/);
  await anonymous.close();
});

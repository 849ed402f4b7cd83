// Page objects for the respondent's journey: sign in by emailed link, the task list, chapter
// pages, check your answers and the outbox receipt.
import { expect, type Locator, type Page } from "@playwright/test";
import { latestEmailLink, openLatestEmail, signInAs, signOut, type DemoKey } from "../fixtures";

export const ODPM = "/respond/lsp-shaping-their-future";
export const BRECKLAND = "/respond/partner-questionnaire-scs-refresh";

/**
 * Wait until the current page has no requests in flight. Cookies are cleared when signing in
 * again, and a link prefetch still in flight would come back with a freshly minted CSRF cookie
 * that no longer matches the sign-in form (proxy.ts mints one per cookieless request).
 */
export async function settle(page: Page) {
  if (page.url() !== "about:blank") await page.waitForLoadState("networkidle").catch(() => {});
}

/** Sign in as a demo user once the current page has settled. */
export async function switchTo(page: Page, who: DemoKey, callbackUrl = "/") {
  await settle(page);
  await signInAs(page, who, callbackUrl);
}

/** Ask for a sign-in link, read it from the outbox (as the admin), then follow it signed out. */
export async function signInByEmail(page: Page, email: string) {
  await settle(page);
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await settle(page);
  const link = await latestEmailLink(page, email, /Sign in/);
  await settle(page);
  await page.context().clearCookies();
  await page.goto(link);
}

/** The control for question `number` on a chapter page (its label starts "Question N "). */
export function answerBox(page: Page, number: string): Locator {
  return page.getByRole("textbox", { name: new RegExp(`^Question ${number.replace(".", "\\.")} `) });
}

export function chapterHeading(page: Page, n: number, of: number) {
  return page.getByText(`Chapter ${n} of ${of}`);
}

/** Sign out from a freshly loaded page (its sign-out form carries the current CSRF token). */
export async function leave(page: Page) {
  await page.goto("/");
  await settle(page);
  await signOut(page);
}

export async function saveAndContinue(page: Page) {
  await page.getByRole("button", { name: "Save and continue" }).click();
}

export async function saveAndComeBackLater(page: Page) {
  await page.getByRole("button", { name: "Save and come back later" }).click();
}

/** The row of the check-your-answers page for question `number`. */
export function summaryRow(page: Page, number: string): Locator {
  return page.locator(".govuk-summary-list__row").filter({ has: page.getByText(`Question ${number}`, { exact: true }) });
}

export function errorSummary(page: Page): Locator {
  return page.locator(".govuk-error-summary");
}

/** The newest email to `email` whose subject matches, as text, read in the admin outbox. */
export async function latestEmailText(page: Page, email: string, subject: RegExp): Promise<string> {
  await switchTo(page, "admin", "/admin/outbox");
  const body = await openLatestEmail(page, email, subject);
  return (await body.textContent()) ?? "";
}

/**
 * Every script the page loads from now on (including ones fetched later, on first use), to
 * weigh with `gzipWeight`. Start it before going to the page.
 */
export function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() === "script" && !urls.includes(r.url())) urls.push(r.url());
  });
  return urls;
}

/** The scripts' total size gzipped (level 9, as a server would send them), in bytes. */
export async function gzipWeight(page: Page, urls: string[]): Promise<{ total: number; each: Record<string, number> }> {
  const { gzipSync } = await import("node:zlib");
  const each: Record<string, number> = {};
  for (const url of urls) each[url] = gzipSync(await (await page.request.get(url)).body(), { level: 9 }).length;
  return { total: Object.values(each).reduce((a, b) => a + b, 0), each };
}

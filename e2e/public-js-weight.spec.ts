// A member of the public's pages load at most 50 kB of JavaScript (gzip) and work without it
// (issue 18, "Performance"). Every script a page loads is weighed as the browser received it:
// each script response's body gzipped (as `next start` compresses it), plus the inline scripts
// in the HTML. The question page is weighed with JavaScript on; then, with JavaScript off, the
// same page is answered and saved by the browser's own form post.
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { answerBox } from "./pages/respond";
import { ownClient } from "./fixtures";

const SLUG = "library-opening-hours";
const RESPOND = `/respond/${SLUG}`;
/** The budget: 50 kB, in bytes (kB = 1,000 bytes, the stricter reading). */
export const PUBLIC_JS_BUDGET = 50_000;

type Weight = { scripts: { url: string; gzip: number }[]; inlineGzip: number; total: number };

/** Loads `path` and weighs every script it brings in (files and inline), gzipped. */
async function weigh(page: Page, path: string): Promise<Weight> {
  const scripts: { url: string; gzip: number }[] = [];
  const pending: Promise<void>[] = [];
  const onResponse = (res: import("@playwright/test").Response) => {
    if (res.request().resourceType() !== "script") return;
    pending.push(
      res.body().then(
        (body) => void scripts.push({ url: res.url(), gzip: gzipSync(body).length }),
        () => void scripts.push({ url: res.url(), gzip: 0 }),
      ),
    );
  };
  page.on("response", onResponse);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  await Promise.all(pending);
  const inline = (await page.locator("script:not([src])").evaluateAll((els) => els.map((e) => e.textContent ?? ""))).join("");
  const inlineGzip = inline ? gzipSync(inline).length : 0;
  return { scripts, inlineGzip, total: scripts.reduce((n, s) => n + s.gzip, 0) + inlineGzip };
}

/** Starts a response without signing in, from a client address of its own (the start is rate limited per client). */
async function startWithoutSigningIn(page: Page) {
  await page.goto(`${RESPOND}/start`);
  await page.getByLabel("Email address").fill(`weight-${Date.now()}-${Math.floor(Math.random() * 1e6)}@public.example`);
  await page.getByRole("button", { name: "Start now" }).click();
  await expect(page).toHaveURL(new RegExp(`${RESPOND}$`));
}

test("a member of the public's pages load at most 50 kB of JavaScript (gzip)", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ownClient() } });
  const page = await context.newPage();
  const start = await weigh(page, `${RESPOND}/start`);
  await startWithoutSigningIn(page);
  const pages: [string, Weight][] = [["start", start]];
  pages.push(["response", await weigh(page, RESPOND)]);
  const chapterHref = await page.getByRole("link", { name: /Your library/ }).getAttribute("href");
  pages.push(["question page", await weigh(page, chapterHref!)]);
  // The question page's own script runs: it is what the weight pays for.
  await expect(page.getByLabel("Every week")).toBeVisible();
  pages.push(["details", await weigh(page, `${RESPOND}/details`)]);
  for (const [name, w] of pages) {
    console.log(`${name}: ${w.total} bytes of JavaScript (gzip) in ${w.scripts.length} files and ${w.inlineGzip} inline`);
    expect(w.total, `${name} loads ${w.total} bytes of JavaScript (gzip): ${w.scripts.map((s) => `${s.url} ${s.gzip}`).join(", ")}`).toBeLessThanOrEqual(PUBLIC_JS_BUDGET);
  }
  await context.close();
});

test("the question page is answered and saved with JavaScript off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": ownClient() } });
  const page = await context.newPage();
  await startWithoutSigningIn(page);
  await page.getByRole("link", { name: /Your library/ }).click();
  await page.getByLabel("Every week").check();
  await page.getByLabel("Saturdays").check();
  await answerBox(page, "3").fill("Open later on Thursdays, please.");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${RESPOND}/details$`));
  await context.close();
});

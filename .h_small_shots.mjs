import { chromium } from "playwright-core";
const base = "http://localhost:3205";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
await page.goto(base + "/");
await page.screenshot({ path: "/tmp/h_small_home.png", fullPage: true });
async function signIn(name, cb) {
  await page.context().clearCookies();
  await page.goto(base + "/sign-in?callbackUrl=" + encodeURIComponent(cb));
  await page.getByRole("button", { name: new RegExp("^Sign in as " + name) }).click();
  await page.waitForTimeout(1500);
}
await signIn("Cllr Peter Moss", "/review");
await page.goto(base + "/review");
const href = await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future" }).first().getAttribute("href");
await page.goto(base + href);
await page.screenshot({ path: "/tmp/h_small_review.png", clip: { x: 0, y: 0, width: 1100, height: 900 } });
await page.locator("#q-1").scrollIntoViewIfNeeded();
await page.screenshot({ path: "/tmp/h_small_review_q1.png" });
await signIn("Jane Fisher", "/");
await page.goto(base + href.replace("/review", ""));
await page.screenshot({ path: "/tmp/h_small_overview.png", fullPage: true });
await page.goto(base + href.replace("/review", "/edit/details"));
await page.screenshot({ path: "/tmp/h_small_details.png", clip: { x: 0, y: 0, width: 1100, height: 700 } });
await browser.close();

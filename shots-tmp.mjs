import { chromium } from "@playwright/test";
const base = "http://localhost:3202";
const [who, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
if (who !== "none") {
  await page.goto(`${base}/sign-in`, { timeout: 240000 });
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${who}`) }).click();
  await page.waitForTimeout(3000);
}
for (const p of paths) {
  const [url, name] = p.split("=");
  const res = await page.goto(base + url, { timeout: 240000 });
  console.log(url, res?.status());
  await page.screenshot({ path: `/tmp/hd/${name}.png`, fullPage: true });
}
await browser.close();

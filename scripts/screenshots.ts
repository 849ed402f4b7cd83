// Photographs the main pages for the README: run against a server with the demo content
// (`npm start`, or `npm run serve` on an existing build), e.g.
//   BASE_URL=http://localhost:3000 npm run screenshots
// Writes docs/screenshots/*.png. Uses Debian's Chromium, as the end-to-end tests do.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "playwright-core";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const OUT = path.resolve("docs/screenshots");
const ODPM_SLUG = "lsp-shaping-their-future";

const people = {
  officer: "Jane Fisher",
  partner: "Sarah Lee",
  scrutiny: "Cllr Peter Moss",
  signatory: "Helen Rigby",
} as const;

async function signInAs(page: Page, who: keyof typeof people) {
  await page.goto("about:blank");
  await page.context().clearCookies();
  await page.goto(`${BASE_URL}/sign-in`);
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${people[who]}`) }).click();
  await page.getByTestId("signed-in-as").waitFor();
}

async function shot(page: Page, name: string, url: string) {
  await page.goto(url.startsWith("http") ? url : `${BASE_URL}${url}`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: false });
  console.log(`docs/screenshots/${name}.png  ${page.url()}`);
}

async function manageHref(page: Page): Promise<string> {
  await page.goto(`${BASE_URL}/manage`);
  const href = await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).first().getAttribute("href");
  if (!href) throw new Error("the ODPM consultation is not in /manage: is the demo content loaded?");
  return href;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await shot(page, "sign-in", "/sign-in");
    await shot(page, "hub", "/consultations");

    await signInAs(page, "partner");
    await shot(page, "partner-home", "/");
    await shot(page, "respond-task-list", `/respond/${ODPM_SLUG}`);
    await shot(page, "respond-chapter", `/respond/${ODPM_SLUG}/chapter/1`);

    await signInAs(page, "officer");
    const odpm = await manageHref(page);
    await shot(page, "officer-drafting", `${odpm}/drafting`);
    await shot(page, "officer-collate", `${odpm}/collate`);
    await shot(page, "officer-exports", `${odpm}/exports`);

    await signInAs(page, "scrutiny");
    await shot(page, "scrutiny-review", `${odpm}/review`);

    await signInAs(page, "signatory");
    await shot(page, "signatory-sign-off", `${odpm}/sign-off`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

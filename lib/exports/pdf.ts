// PDFs are the print HTML printed by Chromium, so the PDF and the HTML are the same document.
// One browser per process is started on the first print and kept while prints keep coming (a
// launch costs a second or more on a small host), then closed after PDF_BROWSER_IDLE_SECONDS
// without one, so an idle web process does not hold its ~100 MB. Each print has a context of
// its own (nothing is shared between documents), and at most PDF_CONCURRENCY print at once.
import type { Browser } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

function setting(name: string, fallback: number, min: number): number {
  const n = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== "" && Number.isFinite(n) && n >= min ? n : fallback;
}

type Shared = { browser: Promise<Browser>; users: number; idle: NodeJS.Timeout | null };
let shared: Shared | null = null;
let printing = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (printing >= setting("PDF_CONCURRENCY", 2, 1)) await new Promise<void>((resolve) => waiting.push(resolve));
  else printing++;
  // A finished print hands its slot straight to the next in line (the count stays the same).
  return () => {
    const next = waiting.shift();
    if (next) next();
    else printing--;
  };
}

async function acquire(): Promise<{ browser: Browser; release: () => void }> {
  const { chromium } = await import("playwright-core");
  if (!shared) {
    const entry: Shared = { browser: chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true }), users: 0, idle: null };
    shared = entry;
    const forget = () => {
      if (shared === entry) shared = null;
    };
    // A browser that crashed or failed to start is started again by the next print.
    entry.browser.then((b) => b.on("disconnected", forget), forget);
  }
  const entry = shared;
  entry.users++;
  if (entry.idle) clearTimeout(entry.idle);
  entry.idle = null;
  const release = () => {
    entry.users--;
    if (entry.users > 0) return;
    const close = () => {
      if (shared === entry) shared = null;
      entry.browser.then((b) => b.close()).catch(() => {});
    };
    const seconds = setting("PDF_BROWSER_IDLE_SECONDS", 60, 0);
    if (seconds === 0 || shared !== entry) return close();
    entry.idle = setTimeout(close, seconds * 1000);
    entry.idle.unref();
  };
  try {
    return { browser: await entry.browser, release };
  } catch (e) {
    release();
    throw e;
  }
}

/** Closes the kept browser now (scripts and tests that print, before they exit). */
export async function closePdfBrowser(): Promise<void> {
  const entry = shared;
  shared = null;
  if (!entry) return;
  if (entry.idle) clearTimeout(entry.idle);
  await entry.browser.then((b) => b.close()).catch(() => {});
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const done = await slot();
  try {
    const { browser, release } = await acquire();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        // Nothing in an export may reach the network: it is self-contained by design.
        await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: "load" });
        await page.emulateMedia({ media: "print" });
        // Page size, margins, running head and page numbers come from the HTML's own @page rules.
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
      } finally {
        await context.close().catch(() => {});
      }
    } finally {
      release();
    }
  } finally {
    done();
  }
}

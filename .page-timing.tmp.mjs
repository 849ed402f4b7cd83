// Times GET of a page for a signed-in demo user: N sequential requests, p50/p95/mean.
import { chromium } from "@playwright/test";
const base = process.env.BASE ?? "http://localhost:3201";
const path = process.env.PAGE ?? "/manage";
const N = Number(process.env.N ?? 200);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
await page.goto(`${base}/sign-in`);
await page.getByRole("button", { name: /^Sign in as Jane Fisher/ }).click();
await page.getByTestId("signed-in-as").waitFor();
const req = page.request;
for (let i = 0; i < 20; i++) await req.get(`${base}${path}`);
const times = [];
for (let i = 0; i < N; i++) {
  const t = performance.now();
  const r = await req.get(`${base}${path}`);
  await r.body();
  times.push(performance.now() - t);
}
const html = await (await req.get(`${base}${path}`)).text();
const count = /data-testid="unread-count">([^<]*)</.exec(html)?.[1] ?? "none";
times.sort((a, b) => a - b);
const q = (p) => times[Math.floor(times.length * p)].toFixed(1);
console.log(`${path}: unread badge ${count}; p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, mean ${(times.reduce((s, x) => s + x, 0) / N).toFixed(1)} ms (n=${N})`);
await browser.close();

// Hostile text through every page, and the pages' own Content-Security-Policy. Every page sends
// the security headers, and none breaks its own policy (no "Refused to…" in Chromium) for
// several roles. Then an officer imports a consultation whose title, chapter, sub-heading,
// question, hint and options carry script, style- and attribute-breaking markup, formulas and a
// bidi override; a partner answers with more of the same; the officer collates, drafts and
// sends for review; scrutiny reads; the signatory signs off and opens the print views. On every
// page a trap (window.__pwned, dialogs, CSP violation events) proves that no payload ran, and
// the text shows as typed.
import { expect, test, type Page } from "@playwright/test";
import { formula, hostile } from "../lib/exports/testing/hostile";
import { DEMO, signInAs, type DemoKey } from "./fixtures";
import { answerBox, settle } from "./pages/respond";

// Many pages per test, on a machine that may be busy.
test.describe.configure({ mode: "serial", timeout: 300_000 });

type Trap = { violations: string[]; dialogs: string[]; errors: string[] };

/** Records CSP violations, dialogs and "Refused to" console errors, and arms window.__pwned. */
function arm(page: Page): Trap {
  const trap: Trap = { violations: [], dialogs: [], errors: [] };
  void page.addInitScript(() => {
    let hit: unknown = null;
    Object.defineProperty(window, "__pwned", { get: () => hit, set: (v) => void (hit = v ?? "set"), configurable: false });
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  page.on("dialog", (d) => {
    trap.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Refused to|Content Security Policy|Permissions-Policy/i.test(m.text())) trap.errors.push(`${page.url()}: ${m.text()}`);
  });
  return trap;
}

/** Nothing ran, nothing was refused, and no payload became markup. */
async function expectNothingRan(page: Page, trap: Trap) {
  await page.waitForLoadState("load");
  const seen = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned: unknown }).__pwned,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
    handlers: [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
    images: document.querySelectorAll('img[src="x"]').length,
    // Data, not code, may carry the payload: JSON (the chapter page's questions) and the App
    // Router's flight data (self.__next_f.push), both escaped for a script element.
    scripts: [...document.scripts].filter((s) => s.type !== "application/json" && !(s.textContent ?? "").startsWith("(self.__next_f") && !(s.textContent ?? "").startsWith("self.__next_f") && (s.textContent ?? "").includes("__pwned")).length,
  }));
  expect(seen.pwned, `script ran on ${page.url()}`).toBeNull();
  expect(seen.csp, `CSP violations on ${page.url()}`).toEqual([]);
  expect(seen.handlers, `event handler attributes on ${page.url()}`).toEqual([]);
  expect(seen.images + seen.scripts, `payload markup on ${page.url()}`).toBe(0);
  expect(trap.dialogs).toEqual([]);
  expect(trap.errors).toEqual([]);
}

let odpm = "";

test("every page sends the security headers and breaks none of its own policy, for every role", async ({ page }) => {
  const trap = arm(page);
  const anonymous = ["/sign-in", "/consultations", "/api-docs"];
  for (const path of anonymous) {
    const res = await page.goto(path);
    const h = res!.headers();
    expect(h["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("object-src 'none'");
    expect(h["content-security-policy"]).not.toContain("unsafe-inline");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    // The e2e server's public address is http: no HSTS.
    expect(h["strict-transport-security"]).toBeUndefined();
    await expectNothingRan(page, trap);
  }
  // A fresh nonce per response.
  const one = (await page.request.get("/sign-in")).headers()["content-security-policy"];
  const two = (await page.request.get("/sign-in")).headers()["content-security-policy"];
  expect(one).not.toBe(two);

  await signInAs(page, "officer", "/manage");
  await page.goto("/manage");
  odpm = /\/manage\/([0-9a-f-]{36})/.exec((await page.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).first().getAttribute("href")) ?? "")![1]!;
  const m = (p: string) => `/manage/${odpm}${p}`;
  const pages: Record<DemoKey, string[]> = {
    officer: ["/", "/manage", "/manage/new", "/manage/import", m(""), m("/edit"), m("/audience"), m("/responses"), m("/collate"), m("/drafting"), m("/review"), m("/exports"), m("/exports/council-response.html"), m("/exports/collated-report.html"), "/api-docs"],
    partner: ["/", "/consultations", "/respond/lsp-shaping-their-future", "/respond/lsp-shaping-their-future/chapter/1", "/respond/lsp-shaping-their-future/check"],
    scrutiny: ["/review", m("/review")],
    signatory: [m("/sign-off")],
    admin: ["/admin/users", "/admin/organisations", "/admin/api-keys", "/admin/audit", "/admin/outbox"],
  } as Record<DemoKey, string[]>;
  for (const [who, paths] of Object.entries(pages) as [DemoKey, string[]][]) {
    await settle(page);
    await signInAs(page, who, paths[0]);
    for (const path of paths) {
      const res = await page.goto(path);
      expect(res!.status(), `${who} ${path}`).toBeLessThan(400);
      expect(res!.headers()["content-security-policy"], `${who} ${path}`).toContain("'nonce-");
      await expectNothingRan(page, trap);
    }
  }
  // App Router navigation (client-side) runs too.
  await settle(page);
  await signInAs(page, "officer", m("/collate"));
  await page.goto(m(""));
  await page.getByRole("navigation", { name: "Consultation" }).getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  await expectNothingRan(page, trap);
});

const IN = {
  title: hostile("title"),
  chapter: hostile("chapter"),
  description: hostile("description"),
  subheading: hostile("subheading"),
  question: hostile("question"),
  hint: hostile("hint"),
  option: formula("@", "option"),
  answer: hostile("answer"),
  short: formula("\uff1d", "short"),
  draft: hostile("draft"),
};
/** As the page shows it: no bidi controls, whitespace folded. */
const shown = (s: string) => s.replace(/[\u202A-\u202E\u2066-\u2069]/g, "").replace(/\s+/g, " ").trim();
const marker = (label: string) => `evil.example/${label}`;

/** The locator's text, as shown, holds the value as typed. */
async function expectShows(page: Page, selector: string, value: string) {
  const texts = await page.locator(selector).allInnerTexts();
  expect(texts.map(shown).join(" | "), selector).toContain(shown(value));
}

let cid = "";
let slug = "";

test("an officer imports and publishes a consultation full of hostile text; its pages run none of it", async ({ page }) => {
  const trap = arm(page);
  await signInAs(page, "officer", "/manage/import");
  await page.goto("/manage/import");
  const set = {
    format: "council-consult/question-set",
    formatVersion: 1,
    title: IN.title,
    kind: "consultation_to_answer",
    askedBy: "Hostile text suite",
    opensOn: "@-1d",
    closesOn: "@+30d",
    chapters: [
      {
        title: IN.chapter,
        description: IN.description,
        questions: [
          { number: "1", subheading: IN.subheading, type: "long_text", text: IN.question, hint: IN.hint, draftAnswer: IN.draft },
          { number: "2", type: "single_choice", text: "Pick one", options: [IN.option, "Plain"], draftAnswer: "Agreed." },
          { number: "3", type: "short_text", text: "A short one", draftAnswer: IN.short },
        ],
      },
    ],
  };
  await page.getByLabel("Question-set file").setInputFiles({ name: "hostile.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(set)) });
  await page.getByRole("button", { name: "Import file" }).click();
  await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?imported=1/);
  cid = /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await expectNothingRan(page, trap);
  await expect(page.locator("body")).toContainText(marker("chapter"));

  await page.goto(`/manage/${cid}/audience`);
  await page.getByLabel(/All contacts at Lancashire Constabulary/).check();
  await page.getByRole("button", { name: "Add to the audience" }).click();
  await expect(page.getByTestId("audience-row").first()).toBeVisible();
  await expectNothingRan(page, trap);
  await page.goto(`/manage/${cid}`);
  await expectShows(page, "main", IN.title);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-banner")).toContainText("Published as version 1.");
  await expectNothingRan(page, trap);
  for (const p of ["/edit", "/audience"]) {
    await page.goto(`/manage/${cid}${p}`);
    await expectNothingRan(page, trap);
  }
});

test("a partner answers it with hostile text, with JavaScript on; no respondent page runs any of it", async ({ page }) => {
  const trap = arm(page);
  await signInAs(page, "partner", "/consultations");
  await page.goto("/consultations");
  await expectNothingRan(page, trap);
  const href = await page.locator('a[href^="/consultations/"]').filter({ hasText: marker("title") }).first().getAttribute("href");
  slug = /\/consultations\/([^/?#]+)/.exec(href!)![1]!;
  await page.goto(`/consultations/${slug}`);
  await expectShows(page, "main", IN.title);
  await expectNothingRan(page, trap);
  await page.goto(`/respond/${slug}`);
  await expectNothingRan(page, trap);
  await page.goto(`/respond/${slug}/chapter/1`);
  await expectShows(page, "h1", IN.chapter);
  await expectShows(page, "body", IN.hint);
  await expectShows(page, "body", IN.subheading);
  await answerBox(page, "1").fill(IN.answer);
  // The respondent chapter page's own script runs under the policy: it autosaves. (On this
  // suite's own consultation: the seeded ones' responses belong to the respondent journeys.)
  await expect(page.locator(".app-autosave")).toContainText("Saved at", { timeout: 15_000 });
  await page.getByLabel(/evil\.example\/option/).check();
  await answerBox(page, "3").fill(IN.short);
  // Hover and focus the fields, where an attribute payload would fire.
  await page.getByText(marker("question")).first().hover();
  await answerBox(page, "1").focus();
  await expectNothingRan(page, trap);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/respond/${slug}/check$`));
  await expectShows(page, "body", IN.answer);
  await expectNothingRan(page, trap);
  await page.getByLabel(/I confirm that I may submit this response/).check();
  await page.getByRole("button", { name: "Submit response" }).click();
  await expect(page).toHaveURL(new RegExp(`/respond/${slug}/(confirmation|submitted)`));
  await expectNothingRan(page, trap);
  await page.goto(`/respond/${slug}/chapter/1`);
  await expectNothingRan(page, trap);
});

test("collation, drafting and review show the hostile text and run none of it", async ({ page }) => {
  const trap = arm(page);
  await signInAs(page, "officer", `/manage/${cid}/collate`);
  for (const p of ["", "/responses", "/collate", "/drafting", "/review", "/exports"]) {
    await page.goto(`/manage/${cid}${p}`);
    await expectNothingRan(page, trap);
  }
  await page.goto(`/manage/${cid}/collate`);
  await expect(page.locator("body")).toContainText(marker("question"));
  // One question's collation and drafting pages.
  const collateLink = page.locator(`a[href^="/manage/${cid}/collate/"]`).first();
  await page.goto((await collateLink.getAttribute("href"))!);
  await expectShows(page, "body", IN.answer);
  await expectNothingRan(page, trap);
  await page.goto(`/manage/${cid}/drafting`);
  const draftLink = page.locator(`a[href^="/manage/${cid}/drafting/"]`).first();
  await page.goto((await draftLink.getAttribute("href"))!);
  await expect(page.locator("body")).toContainText(marker("draft"));
  await expectNothingRan(page, trap);
  await page.goto(`/manage/${cid}/drafting`);
  await page.getByRole("button", { name: "Send for review" }).click();
  await expectNothingRan(page, trap);

  await settle(page);
  await signInAs(page, "scrutiny", `/manage/${cid}/review`);
  await page.goto("/review");
  await expectNothingRan(page, trap);
  await page.goto(`/manage/${cid}/review`);
  await expectShows(page, "body", IN.answer);
  await expectNothingRan(page, trap);
});

test("the signatory signs it off; the sign-off page and both print views run none of it", async ({ page }) => {
  const trap = arm(page);
  await signInAs(page, "signatory", `/manage/${cid}/sign-off`);
  await page.goto(`/manage/${cid}/sign-off`);
  await expectNothingRan(page, trap);
  await page.getByLabel("Approve").check();
  await page.getByRole("button", { name: "Confirm decision" }).click();
  await expect(page.getByTestId("signed-off-panel")).toContainText(DEMO.signatory.name);
  await expectNothingRan(page, trap);
  // Signed off: the title is now the print views' running head, inside their <style>.
  for (const doc of ["council-response", "collated-report"]) {
    const res = await page.goto(`/manage/${cid}/exports/${doc}.html`);
    expect(res!.headers()["content-security-policy"]).toContain("'nonce-");
    await expectShows(page, "h1", IN.title);
    const styles = await page.evaluate(() => document.querySelectorAll("style").length);
    expect(styles).toBe(1);
    await expectNothingRan(page, trap);
  }
});

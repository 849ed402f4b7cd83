// Signing in and out, hardened: redirects stay on this site, sign-out ends a session everywhere
// (and an administrator can end one), any address reaches a working sign-in, and sign-in
// emails and emailed links are rate limited. The limit tests send their own X-Forwarded-For
// (no TRUST_PROXY here, so the app takes the address Next.js records) so as not to use up the
// allowance of the rest of the suite, which all comes from 127.0.0.1.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, latestEmailLink, signInAs, signOut } from "./fixtures";

const csrfOf = async (page: Page) => {
  await page.goto("/sign-in");
  return (await page.locator('input[name="csrfToken"]').first().getAttribute("value"))!;
};

function expectSameSite(location: string | undefined, baseURL: string) {
  expect(location, "a redirect").toBeTruthy();
  expect(new URL(location!, baseURL).origin).toBe(new URL(baseURL).origin);
}

const get = (request: APIRequestContext, url: string, headers: Record<string, string> = {}) => request.get(url, { maxRedirects: 0, headers });

test.describe("redirects", () => {
  test("a signed-in person sent to the sign-in page with a foreign callbackUrl stays on this site", async ({ page, baseURL }) => {
    await signInAs(page, "officer");
    for (const target of ["/\\evil.example/x", "//evil.example/x", `${baseURL}@evil.example/x`, "https://evil.example/", "/\t/evil.example"]) {
      const res = await get(page.request, `/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      expect(res.status(), target).toBeLessThan(400);
      if (res.status() >= 300) expectSameSite(res.headers().location, baseURL!);
    }
    for (const target of ["/%", "/%E0%A4%A", "http://[", "\u0000"]) {
      const res = await get(page.request, `/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      expect(res.status(), target).toBeLessThan(500);
    }
    const ok = await get(page.request, `/sign-in?callbackUrl=${encodeURIComponent("/manage")}`);
    expect(ok.headers().location).toMatch(/^\/manage$|\/manage$/);
  });

  test("a callbackUrl that is not a URL gets a page, not a server error", async ({ page }) => {
    await page.context().clearCookies();
    for (const target of ["http://[", "%", "http://%zz", "\u0000", "javascript:alert(1)"]) {
      const res = await get(page.request, `/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      expect(res.status(), target).toBeLessThan(500);
      const auth = await get(page.request, `/api/auth/signin?callbackUrl=${encodeURIComponent(target)}`);
      expect(auth.status(), target).toBeLessThan(500);
    }
    const csrfToken = await csrfOf(page);
    const demo = await page.request.post("/api/auth/callback/demo", { form: { csrfToken, email: DEMO.scrutiny.email, callbackUrl: "http://[" }, maxRedirects: 0 });
    expect(demo.status()).toBeLessThan(500);
  });

  test("the emailed link and sign-out do not lead to another site, whatever their callbackUrl", async ({ page, baseURL }) => {
    const evil = `${baseURL}@evil.example/x`;
    await page.context().clearCookies();
    const csrfToken = await csrfOf(page);
    const asked = await page.request.post("/sign-in/email", { form: { csrfToken, email: DEMO.officer2.email, callbackUrl: evil }, maxRedirects: 0, headers: { "x-forwarded-for": "192.0.2.10" } });
    expect(asked.status()).toBeLessThan(400);
    const link = await latestEmailLink(page, DEMO.officer2.email, /Sign in/);
    expect(decodeURIComponent(link)).not.toContain("evil.example");
    // The same link with the callbackUrl changed on the way.
    const tampered = new URL(link);
    tampered.searchParams.set("callbackUrl", evil);
    await page.context().clearCookies();
    const landed = await get(page.request, tampered.toString());
    expectSameSite(landed.headers().location, baseURL!);
    expect(landed.headers().location).not.toContain("evil.example");

    await signInAs(page, "officer2");
    const token = (await page.locator('input[name="csrfToken"]').first().getAttribute("value"))!;
    const out = await page.request.post("/api/auth/signout", { form: { csrfToken: token, callbackUrl: evil }, maxRedirects: 0 });
    expectSameSite(out.headers().location, baseURL!);
    expect(out.headers().location).not.toContain("evil.example");
  });
});

test.describe("sessions", () => {
  test("a session cookie copied before sign-out no longer works after it", async ({ page, browser }) => {
    await signInAs(page, "partner");
    const copied = await page.context().cookies();
    await signOut(page);
    const thief = await browser.newContext();
    await thief.addCookies(copied);
    const other = await thief.newPage();
    await other.goto("/");
    await expect(other.getByTestId("public-home")).toBeVisible();
    await expect(other.getByTestId("signed-in-as")).toHaveCount(0);
    await thief.close();
    // Signing in again works as before.
    await signInAs(page, "partner");
  });

  test("an administrator ends a person's sessions, with a confirmation, and the person's next request is signed out", async ({ page, browser }) => {
    const theirs = await browser.newContext();
    const them = await theirs.newPage();
    await signInAs(them, "partner2");
    await them.goto("/");
    await expect(them.getByTestId("signed-in-as")).toContainText(DEMO.partner2.name);

    await signInAs(page, "admin", "/admin/users");
    await page.goto(`/admin/users?q=${encodeURIComponent(DEMO.partner2.email)}`);
    await page.getByRole("link", { name: `End sessions of ${DEMO.partner2.name}` }).click();
    await expect(page.getByRole("heading", { name: `End ${DEMO.partner2.name}’s sessions?` })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Yes, end their sessions" }).click();
    await expect(page.getByText(`${DEMO.partner2.name} is signed out everywhere`)).toBeVisible();

    await them.goto("/");
    await expect(them.getByTestId("public-home")).toBeVisible();
    await expect(them.getByTestId("signed-in-as")).toHaveCount(0);
    await theirs.close();

    await page.goto("/admin/audit?action=user.end_sessions");
    await expect(page.getByRole("table")).toContainText("Person's sessions ended");
  });
});

test("a post that is not the sign-in form is a 400 saying so, never a server error", async ({ request }) => {
  const notTheForm = [
    request.post("/sign-in/email", { data: { email: "someone@example.org" }, maxRedirects: 0 }),
    request.post("/sign-in/email", { headers: { "content-type": "text/plain" }, data: "email=someone@example.org", maxRedirects: 0 }),
    request.post("/sign-in/email", { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "--y\r\nbroken", maxRedirects: 0 }),
    // A public consultation's slug that is not text Postgres can hold.
    request.post("/sign-in/email", { form: { email: "someone@example.org", publicFor: "lsp\u0000future" }, maxRedirects: 0 }),
  ];
  for (const res of await Promise.all(notTheForm)) {
    expect(res.status()).toBe(400);
    expect(await res.text()).toBe("This is not the sign-in form. Go back to the sign-in page and try again.");
  }
});

test("signing in through 127.0.0.1 instead of localhost works", async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  await page.context().clearCookies();
  await page.goto(`http://127.0.0.1:${port}/sign-in?callbackUrl=%2F`);
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${port}/sign-in`));
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${DEMO.signatory.name}`) }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO.signatory.name);
});

test.describe("rate limits", () => {
  test("of 30 sign-in emails asked for one address in a burst only the first five are sent; the rest are told when to try again", async ({ page }) => {
    const email = `limited.${Date.now()}@council.example`;
    await signInAs(page, "admin", "/admin/users");
    await page.goto("/admin/users");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add person" }) });
    await form.getByLabel("Full name").fill("Lim Ited");
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Organisation").selectOption({ label: "Chorley Council" });
    await form.getByLabel("Role").selectOption({ label: "Officer" });
    await form.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByText("Lim Ited added")).toBeVisible();

    await page.context().clearCookies();
    const csrfToken = await csrfOf(page);
    // The limit counts in fixed 15-minute windows of the clock: a burst that crossed into the next
    // window would be counted twice as five. Close to a window's end, wait for the next one.
    const windowMs = 15 * 60_000;
    const leftMs = windowMs - (Date.now() % windowMs);
    if (leftMs < 30_000) await page.waitForTimeout(leftMs + 1_000);
    const headers = { "x-forwarded-for": "198.51.100.30", accept: "text/html" };
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await page.request.post("/sign-in/email", { form: { csrfToken, email, callbackUrl: "/" }, maxRedirects: 0, headers }));
    console.log(`30 sign-in requests in ${Date.now() - started} ms`);
    const sent = answers.filter((r) => /verify-request|check-email/.test(r.headers().location ?? ""));
    const refused = answers.filter((r) => /error=TooManyEmails/.test(r.headers().location ?? ""));
    expect(sent).toHaveLength(5);
    expect(refused).toHaveLength(25);
    expect(Number(refused[0]!.headers()["retry-after"])).toBeGreaterThan(0);

    const api = await page.request.post("/sign-in/email", { form: { csrfToken, email, callbackUrl: "/" }, maxRedirects: 0, headers: { ...headers, accept: "application/json" } });
    expect(api.status()).toBe(429);
    expect(Number(api.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await api.json()).error.code).toBe("rate_limited");

    await page.goto(refused[0]!.headers().location!);
    await expect(page.locator("#email-error")).toContainText(/You have asked for too many sign-in emails\. Try again in \d+ (minutes?|seconds?)/);
    // The form keeps what was typed.
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await expect(page).toHaveTitle(/^Error: Sign in/);
    await expectNoAxeViolations(page);

    await signInAs(page, "admin", "/admin/outbox");
    await page.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("outbox-message")).toHaveCount(5);
  });

  test("guessing emailed links is refused after ten that did not work, from that client only", async ({ page }) => {
    await page.context().clearCookies();
    const guess = (i: number, ip: string, accept = "text/html") =>
      get(page.request, `/api/auth/callback/email?callbackUrl=%2F&token=${"0".repeat(60)}${i}&email=${encodeURIComponent(DEMO.cvs.email)}`, { "x-forwarded-for": ip, accept });
    for (let i = 0; i < 10; i++) expect((await guess(i, "198.51.100.40")).headers().location).toMatch(/error=Verification/);
    const refused = await guess(10, "198.51.100.40");
    expect(refused.headers().location).toMatch(/error=TooManyLinks/);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    const script = await guess(11, "198.51.100.40", "*/*");
    expect(script.status()).toBe(429);
    expect((await guess(12, "198.51.100.41")).headers().location).toMatch(/error=Verification/);
    await page.goto(refused.headers().location!);
    await expect(page.locator(".govuk-error-summary")).toContainText(/Too many sign-in links that did not work have been opened from your network\. Try again in \d+ (minutes?|seconds?)/);
  });
});

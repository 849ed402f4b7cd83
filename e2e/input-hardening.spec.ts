// Bad requests against the production server get a 4xx with a clear answer, never a 500:
// methods the app does not take (TRACE included, which Next itself cannot handle), a server
// action posted from another site, and a respondent page named with a NUL.
import { expect, test } from "@playwright/test";

test("TRACE and other unsupported methods answer 405 with Allow, on pages and the API alike", async ({ request }) => {
  for (const path of ["/sign-in", "/api/v1/consultations", "/api/v1/openapi.json", "/respond/lsp-shaping-their-future", "/manage"]) {
    for (const method of ["TRACE", "PROPFIND"]) {
      const res = await request.fetch(path, { method, maxRedirects: 0 });
      expect(res.status(), `${method} ${path}`).toBe(405);
      expect(res.headers()["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect((await res.json()).error.code).toBe("method_not_allowed");
    }
  }
});

test("a server action posted from another site is refused with 403, not 500", async ({ request, baseURL }) => {
  const fetchAction = await request.post("/manage", {
    headers: { Origin: "https://evil.example", "Next-Action": "0000000000000000000000000000000000000000", "Content-Type": "text/plain;charset=UTF-8" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(fetchAction.status()).toBe(403);
  expect(await fetchAction.text()).toMatch(/sent from another site/);
  const formPost = await request.post("/sign-in", { headers: { Origin: "null" }, multipart: { field: "value" }, maxRedirects: 0 });
  expect(formPost.status()).toBe(403);
  // The same post from this site is not refused for its origin.
  const own = await request.post("/sign-in", { headers: { Origin: baseURL! }, multipart: { field: "value" }, maxRedirects: 0 });
  expect(own.status()).not.toBe(403);
  expect(own.status()).toBeLessThan(500);
});

test("the responses endpoint (served through the Pages Router) answers as every API endpoint does", async ({ request }) => {
  const path = "/api/v1/consultations/00000000-0000-4000-8000-000000000000/responses";
  for (const method of ["GET", "POST"]) {
    const res = await request.fetch(path, { method, data: method === "POST" ? { answers: [] } : undefined });
    expect(res.status(), method).toBe(401);
    expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
    expect(res.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await res.json()).error.code).toBe("unauthenticated");
  }
  const put = await request.fetch(path, { method: "PUT", data: {} });
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("GET, POST, HEAD, OPTIONS");
  expect((await put.json()).error.code).toBe("method_not_allowed");
  // The key is checked before the body is read, as on every endpoint: a large body without one is refused unread.
  const large = await request.post(path, { headers: { "content-type": "application/json" }, data: "x".repeat(2 * 1024 * 1024) });
  expect(large.status()).toBe(401);
  expect((await large.json()).error.code).toBe("unauthenticated");
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath, safeRedirectUrl, sameOriginPath } from "./redirect";

const BASE = "http://localhost:3000";

describe("sameOriginPath", () => {
  it.each([
    ["/", "/"],
    ["/manage/abc?tab=2#q3", "/manage/abc?tab=2#q3"],
    ["http://localhost:3000/admin/outbox", "/admin/outbox"],
    ["http://LOCALHOST:3000/x", "/x"],
    ["/sign-in?callbackUrl=%2Fmanage", "/sign-in?callbackUrl=%2Fmanage"],
  ])("keeps a page of this service: %s", (target, path) => {
    expect(sameOriginPath(target, BASE)).toBe(path);
  });

  it.each([
    "http://localhost:3000@evil.example/x",
    "http://localhost:3000.evil.example/x",
    "http://localhost:30000/x",
    "https://localhost:3000/x",
    "http://user:pass@localhost:3000/x",
    "http://user@localhost:3000/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "/%5Cevil.example/x",
    "/\tevil",
    "/\t/evil.example/x",
    "/\n/evil.example",
    "/x\u0000",
    "https://evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example/x",
    "x",
    "",
    "http://[::1",
    "/%",
    "/%E0%A4%A",
    "/x?q=100%",
    "http://%",
    "/" + "a".repeat(3000),
  ])("refuses anything that could lead elsewhere or is not a URL: %j", (target) => {
    expect(sameOriginPath(target, BASE)).toBeNull();
  });

  it("refuses what is not a string", () => {
    expect(sameOriginPath(undefined, BASE)).toBeNull();
    expect(sameOriginPath(["/a"], BASE)).toBeNull();
  });

  it("never returns a path a browser would read as another host, whatever it is given", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.constantFrom("", "/", "//", "/\\", "http://localhost:3000", "http://localhost:3000@"), (s, prefix) => {
        const path = sameOriginPath(prefix + s, BASE);
        if (path === null) return;
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        expect(new URL(path, BASE).origin).toBe(BASE);
      }),
      { seed: 14, numRuns: 2000 },
    );
  });
});

describe("safeRedirectPath and safeRedirectUrl", () => {
  it("fall back to this service for a foreign or malformed target", () => {
    expect(safeRedirectPath("http://localhost:3000@evil.example/x", BASE)).toBe("/");
    expect(safeRedirectPath("/\\evil.example/x", BASE, "/home")).toBe("/home");
    expect(safeRedirectUrl("http://localhost:3000@evil.example/x", BASE)).toBe(BASE);
    expect(safeRedirectUrl("%%%", BASE)).toBe(BASE);
  });

  it("make a page of this service absolute on its origin", () => {
    expect(safeRedirectUrl("/manage?x=1", BASE)).toBe(`${BASE}/manage?x=1`);
    expect(safeRedirectUrl(`${BASE}/admin`, BASE)).toBe(`${BASE}/admin`);
  });
});

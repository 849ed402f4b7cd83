import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, pageSecurityHeaders, strictTransportSecurity } from "./headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("the pages' security headers", () => {
  it("allow scripts only with this response's nonce, styles only from the app or nonced, and no framing", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "n0nce", publicUrl: "http://localhost:3000" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-n0nce'", "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-n0nce'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'", "http://localhost:3000"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("send HSTS (and upgrade requests) only when the public address is https", () => {
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity("https://consult.council.example")).toBe("max-age=31536000; includeSubDomains");
    expect(pageSecurityHeaders({ publicUrl: "http://localhost:3000" }).response["Strict-Transport-Security"]).toBeUndefined();
    const https = pageSecurityHeaders({ publicUrl: "https://consult.council.example" });
    expect(https.response["Strict-Transport-Security"]).toContain("max-age=");
    expect(https.response["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("use a fresh, unguessable nonce for every response, given to the renderer and the browser alike", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const h = pageSecurityHeaders({ publicUrl: "http://localhost:3000" });
    expect(h.request["x-nonce"]).toBe(h.nonce);
    expect(h.request["Content-Security-Policy"]).toBe(h.response["Content-Security-Policy"]);
    expect(h.response["Content-Security-Policy"]).toContain(`'nonce-${h.nonce}'`);
  });
});

import { describe, expect, it } from "vitest";
import { canonicalPageUrl, clientAddress, reachedHost, trustedProxyHops } from "./request-origin";

const h = (init: Record<string, string>) => new Headers(init);
const CANONICAL = "http://localhost:3000";

describe("canonicalPageUrl", () => {
  it("sends a page load at another address to the same page at the canonical one", () => {
    const req = { method: "GET", url: "http://127.0.0.1:3000/sign-in?callbackUrl=%2Fmanage", headers: h({ host: "127.0.0.1:3000" }) };
    expect(canonicalPageUrl(req, CANONICAL, 0)).toBe("http://localhost:3000/sign-in?callbackUrl=%2Fmanage");
    const lan = { method: "GET", url: "http://192.168.1.20:3000/", headers: h({ host: "192.168.1.20:3000" }) };
    expect(canonicalPageUrl(lan, CANONICAL, 0)).toBe("http://localhost:3000/");
  });

  it("leaves the canonical address, posts, and requests without a host alone", () => {
    expect(canonicalPageUrl({ method: "GET", url: "http://localhost:3000/x", headers: h({ host: "LOCALHOST:3000" }) }, CANONICAL, 0)).toBeNull();
    expect(canonicalPageUrl({ method: "POST", url: "http://127.0.0.1:3000/x", headers: h({ host: "127.0.0.1:3000" }) }, CANONICAL, 0)).toBeNull();
    expect(canonicalPageUrl({ method: "GET", url: "http://127.0.0.1:3000/x", headers: h({}) }, CANONICAL, 0)).toBeNull();
  });

  it("compares hosts, not schemes, so a proxy ending TLS does not cause a loop", () => {
    const req = { method: "GET", url: "http://consult.example/x", headers: h({ host: "consult.example" }) };
    expect(canonicalPageUrl(req, "https://consult.example", 0)).toBeNull();
    expect(reachedHost(h({ host: "consult.example:443" }), "https://consult.example", 0)).toBe("consult.example");
  });

  it("believes X-Forwarded-Host only from a trusted proxy", () => {
    const headers = h({ host: "app:3000", "x-forwarded-host": "consult.example" });
    expect(reachedHost(headers, "https://consult.example", 1)).toBe("consult.example");
    expect(reachedHost(headers, "https://consult.example", 0)).toBe("app:3000");
    expect(reachedHost(h({ host: "evil@x" }), CANONICAL, 0)).toBeNull();
  });
});

describe("clientAddress", () => {
  it("takes the address the trusted proxy appended, not what the client wrote before it", () => {
    const headers = h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientAddress(headers, 1)).toBe("203.0.113.9");
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), 2)).toBe("203.0.113.9");
  });

  it("uses the connection's address as Next.js records it when no proxy is trusted", () => {
    expect(clientAddress(h({ "x-forwarded-for": "::1" }), 0)).toBe("::1");
    expect(clientAddress(h({}), 0)).toBe("unknown");
  });

  it("reads TRUST_PROXY as a number of proxies", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("true")).toBe(1);
    expect(trustedProxyHops("2")).toBe(2);
    expect(trustedProxyHops("lots")).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { clientAddress, reachedHost, trustedProxyHops } from "./request-origin";

const h = (init: Record<string, string>) => new Headers(init);
const CANONICAL = "http://localhost:3000";

describe("reachedHost", () => {
  it("is the Host the browser used, as the canonical scheme writes it", () => {
    expect(reachedHost(h({ host: "127.0.0.1:3000" }), CANONICAL, 0)).toBe("127.0.0.1:3000");
    expect(reachedHost(h({ host: "LOCALHOST:3000" }), CANONICAL, 0)).toBe("localhost:3000");
    expect(reachedHost(h({}), CANONICAL, 0)).toBeNull();
  });

  it("compares hosts, not schemes, so a proxy ending TLS does not look like another address", () => {
    expect(reachedHost(h({ host: "consult.example" }), "https://consult.example", 0)).toBe("consult.example");
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

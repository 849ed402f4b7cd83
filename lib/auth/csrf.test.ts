import { describe, expect, it } from "vitest";
import { loadsDocument, mintCsrfCookie, readCsrfCookie } from "./csrf";

const page = new URL("https://consult.example/consultations");

describe("the CSRF cookie", () => {
  it("reads back the token it was minted with, and only with the same secret", () => {
    const { token, value } = mintCsrfCookie("s3cret");
    expect(readCsrfCookie(value, "s3cret")).toBe(token);
    expect(readCsrfCookie(value, "other")).toBeNull();
    expect(readCsrfCookie(`${token}|forged`, "s3cret")).toBeNull();
    expect(readCsrfCookie(undefined, "s3cret")).toBeNull();
  });

  it("is minted for a page the browser displays, never for a prefetch or the router's fetches", () => {
    expect(loadsDocument(new Headers({ "sec-fetch-dest": "document", accept: "text/html" }), page)).toBe(true);
    expect(loadsDocument(new Headers({ "sec-fetch-dest": "iframe" }), page)).toBe(true);
    // A link prefetch or client-side navigation (Next's RSC fetch), as Chromium sends it.
    expect(loadsDocument(new Headers({ "sec-fetch-dest": "empty", accept: "*/*", rsc: "1" }), new URL("?_rsc=abc", page))).toBe(false);
    expect(loadsDocument(new Headers({ "sec-fetch-dest": "script" }), page)).toBe(false);
    // A browser without Fetch Metadata: an HTML navigation counts, the router's fetch does not.
    expect(loadsDocument(new Headers({ accept: "text/html,application/xhtml+xml" }), page)).toBe(true);
    expect(loadsDocument(new Headers({ accept: "*/*" }), new URL("?_rsc=abc", page))).toBe(false);
    expect(loadsDocument(new Headers({ accept: "*/*" }), page)).toBe(false);
  });
});

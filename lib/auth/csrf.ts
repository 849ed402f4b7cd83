// next-auth v4's double-submit CSRF token: the cookie holds "token|sha256(token + secret)"
// and sign-in / sign-out form posts must carry the token. We mint it for plain HTML forms so
// that sign-in and sign-out work with JavaScript switched off.
import { createHash, randomBytes } from "node:crypto";

export function csrfCookieName(secure: boolean): string {
  return `${secure ? "__Host-" : ""}next-auth.csrf-token`;
}

export function mintCsrfCookie(secret: string): { token: string; value: string } {
  const token = randomBytes(32).toString("hex");
  return { token, value: `${token}|${createHash("sha256").update(`${token}${secret}`).digest("hex")}` };
}

/** The token inside a cookie value, if the cookie was made with this secret. */
export function readCsrfCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const [token, hash] = value.split("|");
  if (!token || !hash) return null;
  return createHash("sha256").update(`${token}${secret}`).digest("hex") === hash ? token : null;
}

/**
 * Whether a request loads a page the browser will display, the only kind that should be given
 * a new CSRF cookie: the page's forms are rendered with it. Link prefetches and the router's
 * own fetches are fetches (Sec-Fetch-Dest: empty); one still in flight when the cookies change
 * (signing out or in) would otherwise come back with another new cookie, replace the one the
 * displayed page's forms carry, and make its next sign-in or sign-out fail. (Next does not
 * pass its prefetch headers to the proxy, so they cannot tell.) Without Fetch Metadata (older
 * browsers), a request for HTML that is not the router's (`_rsc`) counts.
 */
export function loadsDocument(headers: Headers, url: URL): boolean {
  const dest = headers.get("sec-fetch-dest");
  if (dest) return dest === "document" || dest === "iframe";
  return !url.searchParams.has("_rsc") && !headers.has("rsc") && (headers.get("accept") ?? "").includes("text/html");
}

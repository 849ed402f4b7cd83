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

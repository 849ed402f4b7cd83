// Every page gets its security headers (a Content-Security-Policy with a fresh nonce, HSTS on
// https: lib/security/headers.ts) and a next-auth CSRF cookie, so the header's sign-out form and
// the sign-in forms work as plain HTML forms (no JavaScript needed to fetch a token).
import { NextResponse, type NextRequest } from "next/server";
import { csrfCookieName, loadsDocument, mintCsrfCookie, readCsrfCookie } from "@/lib/auth/csrf";
import { appUrl, authSecret, useSecureCookies } from "@/lib/config";
import { pageSecurityHeaders } from "@/lib/security/headers";
import { refuseForeignAction } from "./app/_server/action-origin";

export function proxy(request: NextRequest) {
  // A server action posted from another origin is refused with 403 (see refuseForeignAction).
  const refused = refuseForeignAction(request);
  if (refused) return refused;
  const security = pageSecurityHeaders({ publicUrl: appUrl(), dev: process.env.NODE_ENV === "development" });
  for (const [key, value] of Object.entries(security.request)) request.headers.set(key, value);
  const csrf = csrfCookie(request);
  const response = NextResponse.next({ request: { headers: request.headers } });
  for (const [key, value] of Object.entries(security.response)) response.headers.set(key, value);
  if (csrf) response.cookies.set(csrf.name, csrf.value, { httpOnly: true, sameSite: "lax", path: "/", secure: csrf.secure });
  return response;
}

/** A new CSRF cookie (also put on the request, for the page being rendered), when one is due. */
function csrfCookie(request: NextRequest): { name: string; value: string; secure: boolean } | null {
  const secure = useSecureCookies();
  const name = csrfCookieName(secure);
  const secret = authSecret();
  if (readCsrfCookie(request.cookies.get(name)?.value, secret)) return null;
  // Only a page the browser displays gets one: see loadsDocument.
  if (!loadsDocument(request.headers, request.nextUrl)) return null;
  const { value } = mintCsrfCookie(secret);
  request.cookies.set(name, value);
  return { name, value, secure };
}

export const config = {
  // Pages only: not the API, Next's assets or files.
  matcher: ["/((?!api/|_next/|favicon.ico|assets/).*)"],
};

// Makes sure every page has a next-auth CSRF cookie, so the header's sign-out form and the
// sign-in forms work as plain HTML forms (no JavaScript needed to fetch a token).
import { NextResponse, type NextRequest } from "next/server";
import { csrfCookieName, mintCsrfCookie, readCsrfCookie } from "@/lib/auth/csrf";
import { authSecret, useSecureCookies } from "@/lib/config";

export function proxy(request: NextRequest) {
  const secure = useSecureCookies();
  const name = csrfCookieName(secure);
  const secret = authSecret();
  if (readCsrfCookie(request.cookies.get(name)?.value, secret)) return NextResponse.next();
  // A prefetch racing the page's own request must not replace the cookie the page's forms were
  // rendered with; the next real navigation mints one if it is still missing.
  if (isPrefetch(request)) return NextResponse.next();
  const { value } = mintCsrfCookie(secret);
  request.cookies.set(name, value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure });
  return response;
}

function isPrefetch(request: NextRequest): boolean {
  const h = request.headers;
  return h.has("next-router-prefetch") || h.get("purpose") === "prefetch" || (h.get("sec-purpose") ?? "").includes("prefetch");
}

export const config = {
  // Pages only: not the API, Next's assets or files.
  matcher: ["/((?!api/|_next/|favicon.ico|assets/).*)"],
};

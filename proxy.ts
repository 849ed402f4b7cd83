// Makes sure every page has a next-auth CSRF cookie, so the header's sign-out form and the
// sign-in forms work as plain HTML forms (no JavaScript needed to fetch a token).
import { NextResponse, type NextRequest } from "next/server";
import { csrfCookieName, loadsDocument, mintCsrfCookie, readCsrfCookie } from "@/lib/auth/csrf";
import { authSecret, useSecureCookies } from "@/lib/config";

export function proxy(request: NextRequest) {
  const secure = useSecureCookies();
  const name = csrfCookieName(secure);
  const secret = authSecret();
  if (readCsrfCookie(request.cookies.get(name)?.value, secret)) return NextResponse.next();
  // Only a page the browser displays gets one: see loadsDocument.
  if (!loadsDocument(request.headers, request.nextUrl)) return NextResponse.next();
  const { value } = mintCsrfCookie(secret);
  request.cookies.set(name, value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure });
  return response;
}

export const config = {
  // Pages only: not the API, Next's assets or files.
  matcher: ["/((?!api/|_next/|favicon.ico|assets/).*)"],
};

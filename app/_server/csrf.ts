import { cookies } from "next/headers";
import { csrfCookieName, readCsrfCookie } from "@/lib/auth/csrf";
import { authSecret, useSecureCookies } from "@/lib/config";

/** The CSRF token for next-auth form posts on this page (set by proxy.ts). */
export async function csrfToken(): Promise<string> {
  const jar = await cookies();
  return readCsrfCookie(jar.get(csrfCookieName(useSecureCookies()))?.value, authSecret()) ?? "";
}

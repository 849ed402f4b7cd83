// Page loads at another address than NEXTAUTH_URL's go to the same page there first, so that
// signing in works whichever address was typed (see canonicalPageUrl). Only where the app is
// reached directly (demo mode, or not a production build): in production the canonical
// redirect belongs to the proxy in front, and the app cannot tell a wrong address from a proxy
// that rewrites Host without TRUST_PROXY, where redirecting would loop; there the sign-in page
// says which address to use instead (wrongAddressNotice).
import { headers } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { canonicalPageUrl, reachedHost } from "@/lib/auth/request-origin";
import { appUrl, isDemoMode } from "@/lib/config";

function redirectsToCanonical(): boolean {
  return isDemoMode() || process.env.NODE_ENV !== "production";
}

/** For proxy.ts: the redirect to the canonical address, or null to go on. */
export function canonicalRedirect(request: NextRequest): NextResponse | null {
  if (!redirectsToCanonical()) return null;
  const to = canonicalPageUrl({ method: request.method, url: request.url, headers: request.headers }, appUrl());
  return to ? NextResponse.redirect(to, 307) : null;
}

/** For the sign-in page: the address to sign in at, when this page was reached at another. */
export async function wrongAddressNotice(): Promise<{ reached: string; canonical: string } | null> {
  const canonical = new URL(appUrl());
  const reached = reachedHost(await headers(), canonical.href);
  return reached && reached !== canonical.host ? { reached, canonical: canonical.origin } : null;
}

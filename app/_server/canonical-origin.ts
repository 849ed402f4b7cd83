// Signing in works only at the canonical address (NEXTAUTH_URL's): sign-in cookies are set for
// the address the browser used, and next-auth sends the browser on to the canonical one, where
// it would arrive signed out. So the sign-in page, reached at another host (127.0.0.1 for
// localhost, the network address `next start` prints), sends the browser to itself at the
// canonical address first; every page that needs a person leads there. Only where the app is
// reached directly (demo mode, or not a production build): in production the canonical redirect
// belongs to the proxy in front, and the app cannot tell a wrong address from a proxy that
// rewrites Host without TRUST_PROXY, where redirecting would loop; there the page says which
// address to use instead. (Not in proxy.ts: Next.js rewrites a proxy's redirect to a URL on
// its own host into a relative one, which would loop.)
import { headers } from "next/headers";
import { reachedHost } from "@/lib/auth/request-origin";
import { appUrl, isDemoMode } from "@/lib/config";

/** The address the sign-in page was reached at and the canonical one, when they differ. */
export async function wrongAddress(): Promise<{ reached: string; canonical: string; redirect: boolean } | null> {
  const canonical = new URL(appUrl());
  const reached = reachedHost(await headers(), canonical.href);
  if (!reached || reached === canonical.host) return null;
  return { reached, canonical: canonical.origin, redirect: isDemoMode() || process.env.NODE_ENV !== "production" };
}

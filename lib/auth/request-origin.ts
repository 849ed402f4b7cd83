// Where a request came from and which address it was sent to, read from its headers as far as
// they can be trusted. Behind a reverse proxy the socket is the proxy's, so the client and the
// public address are in X-Forwarded-* headers, which anyone can also send: they are believed
// only when TRUST_PROXY says how many proxies in front of the app add to them.

/** How many proxies in front of the app append to X-Forwarded-For (TRUST_PROXY; 0 when unset). */
export function trustedProxyHops(value: string | undefined = process.env.TRUST_PROXY): number {
  if (!value || value === "0" || value === "false") return 0;
  if (value === "true") return 1;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 10 ? n : 0;
}

function forwardedList(headers: Headers, name: string): string[] {
  return (headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The client's address, for limits per client. With `hops` trusted proxies it is the entry the
 * outermost trusted proxy added (counted from the right, where proxies append, so what the
 * client itself sent on the left is ignored). With none, it is what Next.js records for the
 * connection: it fills X-Forwarded-For from the socket, but only when the client sent none, so
 * a client talking to the app directly can choose its own; serve the app behind a proxy and
 * set TRUST_PROXY in production. "unknown" when there is nothing to go on.
 */
export function clientAddress(headers: Headers, hops: number = trustedProxyHops()): string {
  const list = forwardedList(headers, "x-forwarded-for");
  const picked = hops > 0 ? list[Math.max(0, list.length - hops)] : list[list.length - 1];
  return (picked ?? headers.get("x-real-ip") ?? "unknown").slice(0, 100).toLowerCase();
}

/**
 * The host (and port) the browser used to reach the app, as `canonical`'s scheme would write it
 * (so a default port compares equal), or null when unknown. Hosts only: behind a proxy that
 * ends TLS the app sees http, which says nothing about the address the browser used.
 */
export function reachedHost(headers: Headers, canonical: string, hops: number = trustedProxyHops()): string | null {
  const host = (hops > 0 ? forwardedList(headers, "x-forwarded-host")[0] : undefined) ?? headers.get("host");
  if (!host) return null;
  try {
    const url = new URL(`${new URL(canonical).protocol}//${host}`);
    return url.pathname === "/" && !url.username && !url.password ? url.host : null;
  } catch {
    return null;
  }
}

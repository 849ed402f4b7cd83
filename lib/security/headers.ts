// The security headers of every page the app renders (proxy.ts sets them per request): a strict
// Content-Security-Policy with a fresh nonce, and HSTS when the public address is https. The
// headers that never change (nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options)
// are in next.config.mjs, which applies them to every response, the API and assets included.

/** A fresh CSP nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export type PolicyOptions = {
  nonce: string;
  /** The public address (NEXTAUTH_URL, lib/config.ts appUrl). */
  publicUrl: string;
  /** `next dev`: React needs eval for its debugging, and the dev server injects unnonced styles. */
  dev?: boolean;
};

/**
 * Scripts run only with this response's nonce, and what those load ('strict-dynamic': Next.js's
 * chunks); 'self' is there only for browsers without CSP 3, which ignore 'strict-dynamic'.
 * Styles: the app's stylesheets and nonced <style> elements; no style attributes (pages use
 * classes, e.g. app-width-N for bars). No plugins, no framing, forms post only to this site
 * (and to the public address, when the app is reached by another name), and a <base> tag can
 * not move relative links elsewhere.
 */
export function contentSecurityPolicy({ nonce, publicUrl, dev = false }: PolicyOptions): string {
  const https = publicUrl.startsWith("https://");
  let origin = "";
  try {
    origin = new URL(publicUrl).origin;
  } catch {
    origin = "";
  }
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${origin ? ` ${origin}` : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** HSTS for a year, only when the public address is https (never on plain-http development). */
export function strictTransportSecurity(publicUrl: string): string | null {
  return publicUrl.startsWith("https://") ? "max-age=31536000; includeSubDomains" : null;
}

/**
 * What the proxy adds: the request headers the renderer reads the nonce from (Next.js takes it
 * from the request's Content-Security-Policy; our own code from x-nonce), and the response's.
 */
export function pageSecurityHeaders(opts: Omit<PolicyOptions, "nonce">): { nonce: string; request: Record<string, string>; response: Record<string, string> } {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ ...opts, nonce });
  const response: Record<string, string> = { "Content-Security-Policy": csp };
  const hsts = strictTransportSecurity(opts.publicUrl);
  if (hsts) response["Strict-Transport-Security"] = hsts;
  return { nonce, request: { "x-nonce": nonce, "Content-Security-Policy": csp }, response };
}

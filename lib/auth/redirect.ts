// The one check on every redirect to a target someone else chose (a callbackUrl in a link, a
// form or a query string): it may only lead to a page of this service. Used by next-auth's
// redirect callback (sign-in, sign-out, the emailed links) and by the sign-in pages.

/** Characters no honest path carries and browsers "repair" in ways that change the host. */
// eslint-disable-next-line no-control-regex
const SUSPICIOUS = /[\u0000-\u001f\u007f\\]/;

/**
 * The path (with query and fragment) of `target` when it names a page on `base`'s origin;
 * otherwise null. A relative target must start with a single "/" (not "//" or "/\", which
 * browsers read as another host); an absolute one must have exactly `base`'s origin and no
 * user name or password ("http://localhost:3000@evil.example/" is evil.example). Backslashes
 * and control characters are refused anywhere, as browsers strip or rewrite them.
 */
export function sameOriginPath(target: unknown, base: string): string | null {
  if (typeof target !== "string" || !target || target.length > 2048) return null;
  if (SUSPICIOUS.test(target)) return null;
  // Once decoded too, in case a layer on the way decodes it again; and a target that cannot be
  // decoded (a stray "%") is refused, as Next.js fails decoding it on the way out.
  const decoded = decodedOrNull(target);
  if (decoded === null || SUSPICIOUS.test(decoded)) return null;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(base).origin;
    url = new URL(target, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username || url.password) return null;
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(target);
  if (relative && (!target.startsWith("/") || target.startsWith("//"))) return null;
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

function decodedOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** `target` as a same-origin path, or `fallback` (a path of ours) when it is anything else. */
export function safeRedirectPath(target: unknown, base: string, fallback = "/"): string {
  return sameOriginPath(target, base) ?? fallback;
}

/** `target` as an absolute URL on `base`'s origin, or `base` itself: for next-auth's redirect callback. */
export function safeRedirectUrl(target: unknown, base: string): string {
  const origin = new URL(base).origin;
  const path = sameOriginPath(target, base);
  return path === null ? `${base}` : `${origin}${path}`;
}

// Glue for the few pages the Pages Router serves (the respondent's journey, pages/respond): the
// signed-in person from the request, the CSRF token its forms carry, and the posted form.
// Everything else is shared with the App Router (lib/, components/).
import type { IncomingMessage, ServerResponse } from "node:http";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { loadActor } from "@/lib/auth/actor";
import { csrfCookieName, readCsrfCookie } from "@/lib/auth/csrf";
import { tokenSessionVersion } from "@/lib/auth/sessions";
import type { Actor } from "@/lib/auth/policy";
import { authSecret, useSecureCookies } from "@/lib/config";
import { authOptions } from "./auth-options";

type Req = IncomingMessage & { cookies: Partial<Record<string, string>> };

/**
 * How long a session cookie is used as it is before a page re-issues it with its expiry moved
 * on: reading it is one decryption, re-issuing it two more key derivations and an encryption.
 */
const SESSION_REFRESH_SECONDS = 60 * 60;

export async function pagesActor(req: Req, res: ServerResponse): Promise<Actor | null> {
  const token = await getToken({ req: req as never, secret: authSecret(), secureCookie: useSecureCookies() });
  const id = token?.sub;
  if (!id) return null;
  // An active person stays signed in: as next-auth's own session read does, but hourly.
  const issuedAt = typeof token.iat === "number" ? token.iat : 0;
  if (Date.now() / 1000 - issuedAt > SESSION_REFRESH_SECONDS) await getServerSession(req as never, res as never, authOptions());
  return loadActor(await getDb(), id, { version: tokenSessionVersion(token) });
}

/** The next-auth CSRF token (cookie set by proxy.ts): the header's sign-out form and our forms carry it. */
export function pagesCsrfToken(req: Req): string {
  return readCsrfCookie(req.cookies[csrfCookieName(useSecureCookies())], authSecret()) ?? "";
}

/**
 * A form post carries the token from the cookie (double submit), and comes from this site if
 * the browser says where it comes from. Server actions get Next's own origin check; these
 * plain posts get this one.
 */
export function csrfAccepted(req: Req, posted: Record<string, string | string[]>): boolean {
  const token = pagesCsrfToken(req);
  if (!token || posted.csrfToken !== token) return false;
  const origin = req.headers.origin;
  if (!origin || origin === "null") return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Like the server actions' body limit (next.config.mjs): room for a 2 MB paste to be refused politely. */
export const FORM_BODY_LIMIT = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/**
 * A form post (urlencoded, as browsers send these forms, or multipart) as fields; repeated
 * names (checkboxes) become arrays. Files are ignored.
 */
export async function readPostedForm(req: IncomingMessage, limit = FORM_BODY_LIMIT): Promise<Record<string, string | string[]>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError("The form was too large to send");
    chunks.push(chunk);
  }
  const contentType = String(req.headers["content-type"] ?? "");
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  let entries: Iterable<[string, unknown]>;
  if (type === "application/x-www-form-urlencoded") entries = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  else if (type === "multipart/form-data") {
    try {
      entries = await new Request("http://form.invalid/", { method: "POST", headers: { "content-type": contentType }, body: Buffer.concat(chunks) }).formData();
    } catch {
      return {};
    }
  } else return {};
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (typeof value !== "string") continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

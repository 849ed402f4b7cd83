// A real next-auth (v4) email sign-in link, made without a request: the same verification
// token row its Email provider writes, so the callback signs the person in and sends them on.
import { createHash, randomBytes } from "node:crypto";
import { inArray, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { verificationTokens } from "../../db/schema";
import { appUrl, authSecret } from "../config";

export const INVITATION_LINK_DAYS = 7;

/** next-auth v4 stores sha256(token + secret), never the token itself. */
export function hashVerificationToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

export async function createSignInLink(
  db: Db,
  opts: { email: string; callbackPath: string; days?: number; secret?: string; baseUrl?: string; now?: Date },
): Promise<{ url: string; expires: Date }> {
  const base = (opts.baseUrl ?? appUrl()).replace(/\/$/, "");
  const token = randomBytes(32).toString("hex");
  const expires = new Date((opts.now ?? new Date()).getTime() + (opts.days ?? INVITATION_LINK_DAYS) * 24 * 60 * 60 * 1000);
  const email = opts.email.toLowerCase();
  await db.insert(verificationTokens).values({ identifier: email, token: hashVerificationToken(token, opts.secret ?? authSecret()), expires });
  const callbackUrl = encodeURIComponent(`${base}${opts.callbackPath}`);
  const url = `${base}/api/auth/callback/email?callbackUrl=${callbackUrl}&token=${token}&email=${encodeURIComponent(email)}`;
  return { url, expires };
}

/** The daily job that deletes sign-in links past their expiry. */
export const JOB_SIGN_IN_LINK_EXPIRY = "auth.expire_links";

/**
 * Deletes the sign-in links (emailed by the sign-in page and with invitations) that expired
 * before `now`: a link is deleted when it is used, but one never opened stayed for ever, holding
 * the address it was sent to. Returns how many.
 */
export async function deleteExpiredSignInLinks(db: Db, now = new Date()): Promise<number> {
  const gone = await db.delete(verificationTokens).where(lt(verificationTokens.expires, now)).returning({ token: verificationTokens.token });
  return gone.length;
}

/** Deletes every sign-in link sent to these addresses (erasure, retention): they name the person. Returns how many. */
export async function deleteSignInLinksTo(db: Db, emails: readonly string[]): Promise<number> {
  if (!emails.length) return 0;
  const gone = await db.delete(verificationTokens).where(inArray(verificationTokens.identifier, emails.map((e) => e.toLowerCase()))).returning({ token: verificationTokens.token });
  return gone.length;
}

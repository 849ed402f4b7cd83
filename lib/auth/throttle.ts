// The limits on signing in (kept in Postgres by lib/rate-limit, so every instance shares them):
// sign-in emails per address and per client address, and emailed links that did not work per
// client address. A refusal carries the seconds to wait, for the page and Retry-After.
import type { Db } from "../../db/client";
import { check, hit, LIMITS, type LimitDecision } from "../rate-limit";

/**
 * Whether to send a sign-in email to `email` asked for from `client`. The address's count comes
 * first and a refused request stops there, so flooding one address does not use up the client's
 * allowance for others (an office behind one address).
 */
export async function allowSignInEmail(db: Db, input: { email: string; client: string }, now: Date = new Date()): Promise<LimitDecision> {
  const perAddress = await hit(db, LIMITS.signInEmailPerAddress, input.email, now);
  if (!perAddress.allowed) return perAddress;
  return hit(db, LIMITS.signInEmailPerClient, input.client, now);
}

/** Whether `client` may try another emailed link: refused after too many that did not work. */
export function allowEmailLinkAttempt(db: Db, client: string, now: Date = new Date()): Promise<LimitDecision> {
  return check(db, LIMITS.emailTokenFailuresPerClient, client, now);
}

/** Counts an emailed link that did not work (expired, used, or guessed). */
export async function recordFailedEmailLink(db: Db, client: string, now: Date = new Date()): Promise<void> {
  await hit(db, LIMITS.emailTokenFailuresPerClient, client, now);
}

/** "3 minutes", "1 minute", "40 seconds": how long to wait, for a message. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * The sign-in page's message for a limit's refusal (app/_server/auth-throttle.ts sends the error
 * code and when to retry), saying how long to wait; null for any other error.
 */
export function throttleMessage(error: string | undefined, retryAt: string | undefined, now: Date = new Date()): string | null {
  if (error !== "TooManyEmails" && error !== "TooManyLinks") return null;
  const seconds = Math.max(1, Math.min(24 * 3600, Math.ceil(Number(retryAt) - now.getTime() / 1000) || 60));
  return error === "TooManyEmails"
    ? `You have asked for too many sign-in emails. Try again in ${waitText(seconds)}, or use the newest email we sent you.`
    : `Too many sign-in links that did not work have been opened from your network. Try again in ${waitText(seconds)}.`;
}

// What a person types to sign in or to be added: one email rule and its messages, shared by
// the sign-in form, the admin's forms and the API.
import { z } from "zod";
import { storableString } from "../input/text";

export const EMAIL_MISSING = "Enter your email address";
export const EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org";

/** An email address, trimmed and lower-cased; `missing` is the message when it is blank. */
export function emailAddress(missing: string = EMAIL_MISSING) {
  return z.string().trim().toLowerCase().min(1, missing).max(320, EMAIL_FORMAT).pipe(z.email({ error: EMAIL_FORMAT }));
}

export const signInEmailSchema = z.object({ email: emailAddress() });

/** The sign-in page's refusals of what was typed, by the code its URL carries. */
export const SIGN_IN_EMAIL_ERRORS = { EmailMissing: EMAIL_MISSING, EmailFormat: EMAIL_FORMAT } as const;
export type SignInEmailError = keyof typeof SIGN_IN_EMAIL_ERRORS;

/** The address to send a sign-in link to, or the code of what is wrong with what was typed. */
export function checkSignInEmail(typed: string): { email: string } | { error: SignInEmailError } {
  const parsed = signInEmailSchema.safeParse({ email: typed });
  if (parsed.success) return { email: parsed.data.email };
  return { error: parsed.error.issues[0]?.message === EMAIL_MISSING ? "EmailMissing" : "EmailFormat" };
}

/**
 * The sign-in form's `publicFor`: the public consultation (its slug) whose start page sent the
 * address, so that a new address becomes a member of the public; blank for an ordinary sign-in.
 * A value no start page sends (longer than any slug, or text Postgres cannot hold) is refused.
 */
export const publicForSchema = storableString().max(200);

/** The slug a sign-in is for, null for an ordinary sign-in, or "not the form" for a value no page of ours sends. */
export function checkPublicFor(value: unknown): { slug: string | null } | { error: "NotTheForm" } {
  if (value === null || value === undefined || value === "") return { slug: null };
  const parsed = publicForSchema.safeParse(value);
  return parsed.success ? { slug: parsed.data } : { error: "NotTheForm" };
}

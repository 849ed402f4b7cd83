// What a person types to sign in or to be added: one email rule and its messages, shared by
// the sign-in form, the admin's forms and the API.
import { z } from "zod";

export const EMAIL_MISSING = "Enter your email address";
export const EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org";

/** An email address, trimmed and lower-cased; `missing` is the message when it is blank. */
export function emailAddress(missing: string = EMAIL_MISSING) {
  return z.string().trim().toLowerCase().min(1, missing).max(320, EMAIL_FORMAT).pipe(z.email({ error: EMAIL_FORMAT }));
}

export const signInEmailSchema = z.object({ email: emailAddress() });

// The audit log's filter as the address gives it: a GET form, so it works without JavaScript and
// a filtered page can be bookmarked. Anyone can type anything into an address: a parameter the
// form could not have sent (an unknown action, a malformed id or cursor) is ignored; the person's
// text, which is typed, is refused with a message when it cannot be searched for.
import { z } from "zod";
import { isUuid } from "../sql";
import { isAuditAction } from "./labels";

/** The longest person's text searched for: an email address's longest (names are at most 200). */
export const AUDIT_PERSON_MAX = 254;

/** How many people a person's text may match before the filter asks for more of it. */
export const AUDIT_PERSON_MATCHES_MAX = 100;

export const AUDIT_PERSON_TOO_LONG = `Enter ${AUDIT_PERSON_MAX} characters or fewer of their name or email address`;
export const AUDIT_PERSON_CONTROL = "Enter their name or email address without control characters";

// Control characters are in no name or address; NUL is refused by Postgres in any text (a 500).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The "Person (name or email)" text: trimmed; empty is no filter (undefined). It finds the people
 * whose name begins with it or whose email address is it, case aside (lib/audit/queries.ts says why
 * not "contains").
 */
export const auditPersonSchema = z
  .string()
  .trim()
  .max(AUDIT_PERSON_MAX, AUDIT_PERSON_TOO_LONG)
  .refine((s) => !CONTROL.test(s), AUDIT_PERSON_CONTROL)
  .transform((s) => (s === "" ? undefined : s));

/** An entry's id as a page's cursor: digits only, as the pager writes it. */
const cursor = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .optional()
  .catch(undefined);

/**
 * The filter's parameters other than the person's text. `actor` is one person's id, from an
 * address that links to their entries (and the older form's "Person" list, so its bookmarks still
 * work); `action` one of the actions the code writes (the form's list).
 */
export const auditFilterSchema = z.object({
  action: z.string().refine(isAuditAction).optional().catch(undefined),
  actor: z.string().refine(isUuid).optional().catch(undefined),
  before: cursor,
  after: cursor,
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

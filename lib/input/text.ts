// Text that Postgres can store. `text` and `jsonb` refuse NUL (U+0000), and `jsonb` refuses an
// unpaired UTF-16 surrogate (JSON.stringify writes it as "\ud800", which is not a character).
// Every text field schema checks it here, so the API, the JSON import and the forms all give
// the same clear message at the field instead of a database error. Browser-safe.
import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = "This text contains a NUL character (\\u0000), which cannot be stored: remove it";
export const SURROGATE_MESSAGE =
  "This text contains an unpaired surrogate (\\ud800 to \\udfff), which is not a character: send the text as valid Unicode";

/** Why `s` cannot be stored, or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes("\u0000")) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(s)) return SURROGATE_MESSAGE;
  return null;
}

export function isStorableText(s: string): boolean {
  return unstorableText(s) === null;
}

/** A zod string that Postgres can store; chain `.trim()`, `.min()`, `.max()` as usual. */
export function storableString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).superRefine((s, ctx) => {
    const why = unstorableText(s);
    if (why) ctx.addIssue({ code: "custom", message: why });
  });
}

/** Each field holding text Postgres cannot store, with the reason; null when there is none. */
export function unstorableFields(values: Record<string, string | string[]>): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const why = unstorableText(v);
      if (why) errors[key] ??= why;
    }
  }
  return Object.keys(errors).length ? errors : null;
}

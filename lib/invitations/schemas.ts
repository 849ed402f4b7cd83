// Forms of the audience page, as zod schemas over plain form values.
import { z } from "zod";
import { confirmed } from "../input/confirm";
import { storableString } from "../input/text";

const id = z.uuid({ error: "Something went wrong with the form. Reload the page and try again." });
const ids = z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]), z.array(id));

export const inviteSchema = z
  .object({ consultationId: id, userIds: ids, organisationIds: ids })
  .refine((v) => v.userIds.length || v.organisationIds.length, { path: ["contacts"], message: "Select at least one organisation or contact" });

export const importContactsSchema = z.object({
  consultationId: id,
  csv: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
});

export const invitationSchema = z.object({ consultationId: id, invitationId: id, confirm: confirmed("remove them from the audience") });

/** The longest search for a partner organisation: an organisation's name is at most 200 characters. */
export const PARTNER_SEARCH_MAX = 200;

/**
 * "Find partner organisations" on the audience page (a GET form, so `q` is whatever the address
 * says): part of a name, spaces at either end dropped; empty for none. Too long, or holding what
 * Postgres cannot compare (NUL), is refused with a message for the field.
 */
export const partnerSearchSchema = z.object({
  q: storableString()
    .trim()
    .max(PARTNER_SEARCH_MAX, `Search for ${PARTNER_SEARCH_MAX} characters or fewer of the organisation's name`)
    .default(""),
});

/**
 * The search as the page reads it from its address: the text to search for (empty for none, and
 * when refused) and, when refused, why, for the field. A repeated `q` keeps its first value.
 */
export function readPartnerSearch(raw: unknown): { q: string; typed: string; error?: string } {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const typed = typeof first === "string" ? first : "";
  const parsed = partnerSearchSchema.safeParse({ q: typed });
  if (parsed.success) return { q: parsed.data.q, typed };
  return { q: "", typed: typed.slice(0, PARTNER_SEARCH_MAX).replace(/\u0000/g, ""), error: parsed.error.issues[0]?.message ?? "Search for part of an organisation's name" };
}

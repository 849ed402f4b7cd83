// Searches typed into GET forms: the text is whatever the address says. Browser-safe.
import type { z } from "zod";
import { storableString } from "./text";

/** A search as a page reads it from its address (readSearch). */
export type ReadSearch = { q: string; typed: string; error?: string };

/**
 * A search as a page reads it from its address: the text to search for (empty for none, and when
 * refused), what was typed (kept in the field, cut to `max` and without NUL, so the page can
 * always show it), and, when refused, why, for the field. A repeated parameter keeps its first
 * value.
 */
export function readSearch(schema: z.ZodType<string, string | undefined>, raw: unknown, max: number): ReadSearch {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const typed = typeof first === "string" ? first : "";
  const parsed = schema.safeParse(typed);
  if (parsed.success) return { q: parsed.data, typed };
  return { q: "", typed: typed.slice(0, max).replace(/\u0000/g, ""), error: parsed.error.issues[0]?.message ?? "Search for something else" };
}

/** The longest search for an organisation: an organisation's name is at most 200 characters. */
export const ORGANISATION_SEARCH_MAX = 200;

/**
 * Part of an organisation's name ("Find an organisation" beside the administrator's forms, "Find
 * partner organisations" on the audience page): spaces at either end dropped, empty for none. Too
 * long, or holding what Postgres cannot compare (NUL), is refused with a message for the field.
 */
export const organisationSearchSchema = storableString()
  .trim()
  .max(ORGANISATION_SEARCH_MAX, `Search for ${ORGANISATION_SEARCH_MAX} characters or fewer of the organisation's name`)
  .default("");

/** An organisation search as the page reads it (readSearch). */
export const readOrganisationSearch = (raw: unknown) => readSearch(organisationSearchSchema, raw, ORGANISATION_SEARCH_MAX);

/** The longest search of people or emails: an email address is at most 320 characters. */
export const TEXT_SEARCH_MAX = 320;

/** Part of a name, an email address or a subject, as the people and outbox searches take it; empty for none. */
export const textSearchSchema = storableString()
  .trim()
  .max(TEXT_SEARCH_MAX, `Search for ${TEXT_SEARCH_MAX} characters or fewer`)
  .default("");

/** A search of people or of the outbox as the page reads it (readSearch). */
export const readTextSearch = (raw: unknown) => readSearch(textSearchSchema, raw, TEXT_SEARCH_MAX);

/** The longest part of an email address to find a person by: an address is at most 254 characters. */
export const PERSON_EMAIL_SEARCH_MAX = 254;

/**
 * Personal data requests: the person found by part of their email address, at least 3
 * characters of it (fewer would list half the service).
 */
export const personEmailSearchSchema = storableString()
  .trim()
  .min(3, "Enter at least 3 characters of their email address")
  .max(PERSON_EMAIL_SEARCH_MAX, `Email address must be ${PERSON_EMAIL_SEARCH_MAX} characters or fewer`);

/**
 * The personal data requests page's search (readSearch), or null when the page was opened
 * without one (nothing to find yet, and nothing refused).
 */
export const readPersonEmailSearch = (raw: unknown): ReadSearch | null => (raw === undefined ? null : readSearch(personEmailSearchSchema, raw, PERSON_EMAIL_SEARCH_MAX));

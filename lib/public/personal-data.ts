// Likely personal data in a free-text answer, found as SUGGESTIONS for a moderator: the text is
// never changed here and nothing is removed or published on the strength of a suggestion.
// Offsets are JavaScript string indexes (UTF-16 code units), the same a browser's selection and
// a textarea's selectionStart give, so a suggestion can be turned into a redaction as it stands.
import nlp from "compromise";

export const PERSONAL_DATA_KINDS = [
  "email",
  "phone",
  "postcode",
  "ni_number",
  "own_name",
  "person_name",
] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** The reason a moderator reads (and the default reason of a redaction made from it). */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: "Email address",
  phone: "Phone number",
  postcode: "Postcode",
  ni_number: "National Insurance number",
  own_name: "The respondent's own name",
  person_name: "Another person's name",
};

export type Suggestion = {
  kind: PersonalDataKind;
  /** First character (inclusive). */
  start: number;
  /** After the last character (exclusive). */
  end: number;
  text: string;
};

export type DetectOptions = {
  /** The respondent's name as they gave it: found in full and by its parts. */
  respondentName?: string | null;
  /** Names that are not personal data here (the council, a consultation's place names). */
  ignore?: readonly string[];
};

const EMAIL = /[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;

// A UK number: +44 or a leading 0, then digits with spaces, hyphens or brackets between them.
// Whether it is a number at all is decided by counting its digits (below), not by the pattern.
const PHONE_CANDIDATE = /(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,16}\d(?![\d])/g;

// Postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA), with or without
// the space; the inward code never uses C, I, K, M, O or V.
const POSTCODE = /\b(?:GIR\s?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKS-UW]|[A-HK-Y][0-9][ABEHMNPRVWXY])\s?[0-9][ABD-HJLNP-UW-Z]{2})\b/gi;

// National Insurance number: two prefix letters (neither D, F, I, Q, U, V; the second not O),
// six digits and a suffix A–D, with the spaces people type.
const NI_NUMBER = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi;

// A title before a capitalised word is a person however unusual the name ("Cllr Okonkwo-Reid").
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Rev|Revd|Reverend|Prof|Professor|Sir|Dame|Lady|Lord)\.?\s+(?:[A-Z][a-z]*\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?/g;

// Words compromise sometimes reads as a person that in a council's answers are places or bodies.
const NOT_PEOPLE = new Set(
  [
    "council", "county", "district", "borough", "parish", "town", "city", "street", "road", "lane", "avenue",
    "close", "way", "drive", "park", "green", "school", "academy", "hospital", "nhs", "trust", "police",
    "church", "centre", "center", "library", "station", "village", "hall", "committee", "partnership",
    "government", "ministry", "department", "office", "board", "forum", "association", "society", "group",
  ],
);

/** Digits of the number as dialled from within the UK (+44 (0)7700 … counts as 07700 …). */
// Bodies and buildings named after a person are not the person.
const INSTITUTIONS = new Set(["council", "school", "academy", "hospital", "church", "centre", "trust", "college", "surgery"]);

const FIRST_AND_SURNAME = /\b[A-Z][a-z]+\s+[A-Z][A-Za-z'’-]+\b/g;
const firstNames = new Map<string, boolean>();
function isFirstName(word: string): boolean {
  let known = firstNames.get(word);
  if (known === undefined) {
    known = nlp(word).has("#FirstName");
    if (firstNames.size < 10_000) firstNames.set(word, known);
  }
  return known;
}

function phoneDigits(candidate: string): number {
  const c = candidate.trim();
  if (!c.startsWith("+44")) return c.replace(/\D/g, "").length;
  const national = c.slice(3).replace(/\D/g, "").replace(/^0/, "");
  return national.length + 1;
}

function* matches(re: RegExp, text: string): Generator<{ start: number; end: number; text: string }> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield { start: m.index, end: m.index + m[0].length, text: m[0] };
    if (m[0].length === 0) re.lastIndex++;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The respondent's name in full, then each part of three letters or more, as whole words. */
function ownNameMatches(text: string, name: string): { start: number; end: number; text: string }[] {
  const full = name.trim().replace(/\s+/g, " ");
  if (full.length < 2) return [];
  const parts = full.split(" ").filter((p) => p.replace(/[^\p{L}]/gu, "").length >= 3);
  const alternatives = [full, ...parts].map((p) => escapeRegExp(p).replace(/ /g, "\\s+"));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return [...matches(re, text)];
}

function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /[\s,.;:!?'"“”‘’()]/.test(text[start]!)) start++;
  // Keep a closing apostrophe's word but not a possessive's "'s".
  while (end > start && /[\s,.;:!?"“”()]/.test(text[end - 1]!)) end--;
  const possessive = /['’]s$/i.exec(text.slice(start, end));
  if (possessive) end -= possessive[0].length;
  return { start, end };
}

function personNames(text: string): { start: number; end: number; text: string }[] {
  const found: { start: number; end: number; text: string }[] = [];
  const people = nlp(text).people().json({ offset: true }) as { offset: { start: number; length: number } }[];
  for (const p of people) {
    const span = trimSpan(text, p.offset.start, p.offset.start + p.offset.length);
    const value = text.slice(span.start, span.end);
    // A person's name has a capital letter; a lower-case "bill" or "will" is not one.
    if (!/\p{Lu}/u.test(value)) continue;
    const words = value.toLowerCase().split(/[\s'’-]+/);
    if (words.some((w) => NOT_PEOPLE.has(w))) continue;
    found.push({ ...span, text: value });
  }
  for (const m of matches(TITLED_NAME, text)) {
    // "Mr Geoffrey Hall" is a person; "Lord Mayor's Hospital" is not.
    if (INSTITUTIONS.has(m.text.toLowerCase().split(/\s+/).at(-1)!)) continue;
    found.push(m);
  }
  // A known first name before a capitalised word ("our neighbour John Smith parks …"), which the
  // tagger can read as a place when the sentence around it is unusual.
  for (const m of matches(FIRST_AND_SURNAME, text)) {
    const [first, last] = m.text.split(/\s+/) as [string, string];
    if (NOT_PEOPLE.has(last.toLowerCase()) || !isFirstName(first)) continue;
    found.push(m);
  }
  return found.filter((f) => !/\bSt\.?\s*$/.test(text.slice(Math.max(0, f.start - 4), f.start)));
}

/** Overlapping suggestions become one, the earlier kind in PERSONAL_DATA_KINDS order winning. */
function merge(all: Suggestion[], text: string): Suggestion[] {
  const rank = (k: PersonalDataKind) => PERSONAL_DATA_KINDS.indexOf(k);
  const sorted = [...all].sort((a, b) => a.start - b.start || b.end - a.end || rank(a.kind) - rank(b.kind));
  const out: Suggestion[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      const end = Math.max(last.end, s.end);
      const kind = rank(s.kind) < rank(last.kind) ? s.kind : last.kind;
      out[out.length - 1] = { kind, start: last.start, end, text: text.slice(last.start, end) };
    } else {
      out.push(s);
    }
  }
  return out;
}

/**
 * Likely personal data in `text`, in order, never overlapping. Each is a suggestion: the
 * moderator decides. Email addresses, UK phone numbers, postcodes and National Insurance numbers
 * by their shape; the respondent's own name by its words; other people's names by `compromise`'s
 * person tagger and by a title before a capitalised word ("Cllr Smith").
 */
export function detectPersonalData(text: string, options: DetectOptions = {}): Suggestion[] {
  if (!text) return [];
  const all: Suggestion[] = [];
  const add = (kind: PersonalDataKind, m: { start: number; end: number }) =>
    all.push({ kind, start: m.start, end: m.end, text: text.slice(m.start, m.end) });

  const emails = [...matches(EMAIL, text)];
  for (const m of emails) add("email", m);
  const inEmail = (m: { start: number; end: number }) => emails.some((e) => m.start < e.end && e.start < m.end);

  for (const m of matches(PHONE_CANDIDATE, text)) {
    // Trailing separators are not part of the number.
    const trimmed = m.text.replace(/[\s()-]+$/, "");
    const n = phoneDigits(trimmed);
    if (n < 10 || n > 11) continue;
    // "01/02/2024"-style dates and sums of money are not numbers to call.
    if (/\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/.test(trimmed)) continue;
    add("phone", { start: m.start, end: m.start + trimmed.length });
  }
  for (const m of matches(POSTCODE, text)) if (!inEmail(m)) add("postcode", m);
  for (const m of matches(NI_NUMBER, text)) if (!inEmail(m)) add("ni_number", m);

  const ignore = new Set((options.ignore ?? []).map((s) => s.toLowerCase()));
  if (options.respondentName) for (const m of ownNameMatches(text, options.respondentName)) if (!inEmail(m)) add("own_name", m);
  for (const m of personNames(text)) {
    if (inEmail(m) || ignore.has(m.text.toLowerCase())) continue;
    add("person_name", m);
  }
  return merge(all, text);
}

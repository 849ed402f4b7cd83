// A consultation's reference code: the short code that starts each response's reference
// ("LSPSTF-7K3F-92QX"), so a partner quoting it on the phone names the consultation too.
// Browser-safe (the editor's form checks it as it is typed): no Node-only imports here.

/** 2 to 10 capital letters A to Z and digits: what the references and the database accept. */
export const REFERENCE_CODE_PATTERN = /^[A-Z0-9]{2,10}$/;
export const REFERENCE_CODE_MIN = 2;
export const REFERENCE_CODE_MAX = 10;
/** The default is shorter than the limit, so that references stay easy to read out. */
const DEFAULT_MAX = 6;
/** When a title gives nothing to make a code from (only symbols, or a script other than Latin). */
export const FALLBACK_REFERENCE_CODE = "RESP";

// Words an initialism leaves out, English and Welsh ("y", "yr": the; "a": and; "ac": and).
const SMALL_WORDS = new Set(["THE", "A", "AN", "AND", "OF", "FOR", "TO", "IN", "ON", "AT", "BY", "OR", "Y", "YR", "AC"]);

// Letters that Unicode decomposition does not turn into A to Z.
const SPELLED: Record<string, string> = { ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", ł: "l", Ł: "L", đ: "d", Đ: "D", ð: "d", Ð: "D", þ: "th", Þ: "TH", ı: "i" };

/** The title in A to Z letters and digits, split into words (accents dropped, apostrophes joining). */
function wordsOf(title: string): string[] {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞı]/g, (ch) => SPELLED[ch] ?? "")
    .replace(/['’‘`ʼ]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/**
 * One character a word, up to `max`; a number ("2040") or a word in capitals ("ODPM") is kept
 * whole where it fits, and otherwise gives its first character (a letter) or nothing (a number),
 * so a code never ends in half a year.
 */
function initialism(words: string[], keepAcronyms: boolean, max: number): string {
  let code = "";
  for (const w of words) {
    const whole = /^\d+$/.test(w) || (keepAcronyms && /^[A-Z]{2,5}$/.test(w));
    if (whole && code.length + w.length <= max) code += w;
    else if (!/^\d+$/.test(w) && code.length < max) code += w[0]!.toUpperCase();
  }
  return code;
}

/**
 * The code a consultation gets unless the officer sets one: the title's initials, capped at 6,
 * e.g. "Local Strategic Partnerships: Shaping their Future" → "LSPSTF". Small words ("the",
 * "of") are left out unless nothing else is left; a title of one word gives its first letters
 * ("Parking" → "PARK"); words in capitals are kept whole ("ODPM"). Always a valid code.
 */
export function defaultReferenceCode(title: string): string {
  const words = wordsOf(title);
  // A title written all in capitals is not made of acronyms.
  const keepAcronyms = /[a-z]/.test(words.join(""));
  const significant = words.filter((w) => !SMALL_WORDS.has(w.toUpperCase()));
  const candidates = [
    initialism(significant, keepAcronyms, DEFAULT_MAX),
    significant.length === 1 ? significant[0]!.toUpperCase().slice(0, 4) : "",
    initialism(words, keepAcronyms, DEFAULT_MAX),
    words.length === 1 ? words[0]!.toUpperCase().slice(0, 4) : "",
  ];
  const code = candidates.map((c) => c.slice(0, DEFAULT_MAX)).find((c) => c.length >= REFERENCE_CODE_MIN);
  return code ?? FALLBACK_REFERENCE_CODE;
}

/**
 * The code new references start with: the officer's, or the title's initials (worked out on each
 * call: a few microseconds for a title, beside the submission's round trip to the database).
 */
export function referenceCodeOf(c: { referenceCode: string | null; title: string }): string {
  return c.referenceCode ?? defaultReferenceCode(c.title);
}

/**
 * What is wrong with a typed code (already trimmed and in capitals), or null. The messages say
 * what to type, as the GOV.UK design system asks.
 */
export function referenceCodeProblem(code: string): string | null {
  if (/[^A-Z0-9]/.test(code)) return "Reference code must only include letters A to Z and numbers 0 to 9";
  if (code.length < REFERENCE_CODE_MIN || code.length > REFERENCE_CODE_MAX) {
    return `Reference code must be between ${REFERENCE_CODE_MIN} and ${REFERENCE_CODE_MAX} characters`;
  }
  return null;
}

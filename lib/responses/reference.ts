// Human-friendly response references: the consultation's reference code (set by the officer,
// by default the title's initials) and 8 characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), e.g. "LSPSTF-7K3F-92QX". References given before the code existed keep the
// form they were given in ("LSP-…" from the web address). The random part makes a clash
// vanishingly rare (31^8 per code); the unique index on responses.reference, and a fresh draw
// when it refuses one, make it impossible.
import { randomInt } from "node:crypto";
import { FALLBACK_REFERENCE_CODE, REFERENCE_CODE_PATTERN } from "../consultations/reference-code";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A new reference starting with `code` (a code that is not valid falls back to "RESP"). */
export function makeReference(code: string): string {
  const prefix = REFERENCE_CODE_PATTERN.test(code) ? code : FALLBACK_REFERENCE_CODE;
  const chunk = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${prefix}-${chunk()}-${chunk()}`;
}

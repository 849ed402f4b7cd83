// The canonical serialisation that sign-offs hash: JSON with keys sorted at every level and
// every text NFC-normalised with CRLF as LF, and its SHA-256. Shared by the council's answer set
// (lib/drafts/canonical.ts) and a document's final version (lib/documents/endorsements.ts), so
// both lock what was approved the same way. Server-only (node:crypto).
import { createHash } from "node:crypto";

/**
 * Text as it would be typed anywhere: NFC so that "é" typed as one code point or as e + accent
 * hashes the same, and CRLF as LF because browsers submit textareas with CRLF.
 */
export function canonicalText(s: string): string {
  return s.normalize("NFC").replace(/\r\n/g, "\n");
}

/** JSON with object keys sorted at every level, so property order never changes the bytes. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (lower-case hex) of a string as UTF-8. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** A hash as a form or an API carries it back: 64 lower-case hex digits, or null. */
export function normaliseHash(s: string | null | undefined): string | null {
  const h = (s ?? "").trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(h) ? h : null;
}

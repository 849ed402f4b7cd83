// A short fingerprint of a stored answer, carried in the form beside its version so a save
// can tell "I left this alone" from "I changed this" when a colleague saved meanwhile.
import { createHash } from "node:crypto";

/** JSON with object keys sorted, so equal values always fingerprint the same. */
export function stableJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/** 16 hex characters of SHA-256 over the canonical value; null (no answer) has its own. */
export function answerHash(value: unknown): string {
  return createHash("sha256").update(stableJson(value ?? null)).digest("hex").slice(0, 16);
}

// A short fingerprint of a stored answer, carried in the form beside its version so a save
// can tell "I left this alone" from "I changed this" when a colleague saved meanwhile.
import { createHash } from "node:crypto";
import { tooDeep, tooLarge } from "../input/json";

export type CanonicalLimits = { maxDepth: number; maxLength: number };

/** Room for any body the API reads (2 MB at most) and any answer; never the stack's limit. */
export const CANONICAL_LIMITS: CanonicalLimits = { maxDepth: 100, maxLength: 16 * 1024 * 1024 };

type Frame = { items: unknown[]; i: number } | { entries: [string, unknown][]; i: number };

/**
 * JSON with object keys sorted, so equal values always fingerprint the same. Iterative, so no
 * input can exhaust the stack: deeper than `maxDepth` throws JsonLimitError (422), longer than
 * `maxLength` characters JsonLimitError (413).
 */
export function stableJson(value: unknown, limits: CanonicalLimits = CANONICAL_LIMITS): string {
  const out: string[] = [];
  let length = 0;
  const emit = (s: string) => {
    length += s.length;
    if (length > limits.maxLength) throw tooLarge(`its canonical form is over ${limits.maxLength.toLocaleString("en-GB")} characters`);
    out.push(s);
  };
  const stack: Frame[] = [];
  let next: unknown = value;
  let pending = true;
  for (;;) {
    if (pending) {
      pending = false;
      const v = next;
      if (v === undefined || v === null || typeof v !== "object") {
        // As JSON.stringify writes a value in an array: undefined (and functions) as null.
        emit(v === undefined ? "null" : (JSON.stringify(v) ?? "null"));
      } else {
        if (stack.length >= limits.maxDepth) throw tooDeep(limits.maxDepth);
        if (Array.isArray(v)) {
          emit("[");
          stack.push({ items: v, i: 0 });
        } else {
          const entries = Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          emit("{");
          stack.push({ entries, i: 0 });
        }
      }
    }
    const top = stack[stack.length - 1];
    if (!top) return out.join("");
    if ("items" in top) {
      if (top.i < top.items.length) {
        if (top.i > 0) emit(",");
        next = top.items[top.i++];
        pending = true;
      } else {
        emit("]");
        stack.pop();
      }
    } else if (top.i < top.entries.length) {
      const [k, x] = top.entries[top.i++]!;
      emit(`${top.i > 1 ? "," : ""}${JSON.stringify(k)}:`);
      next = x;
      pending = true;
    } else {
      emit("}");
      stack.pop();
    }
  }
}

/** 16 hex characters of SHA-256 over the canonical value; null (no answer) has its own. */
export function answerHash(value: unknown): string {
  return createHash("sha256").update(stableJson(value ?? null)).digest("hex").slice(0, 16);
}

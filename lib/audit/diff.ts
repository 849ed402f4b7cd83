// A compact, readable account of what an audit entry changed: its before and after JSON
// compared key by key (long texts are word-diffed by the page).

export type AuditChange = {
  key: string;
  kind: "added" | "removed" | "changed" | "same";
  before?: unknown;
  after?: unknown;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/**
 * Top-level keys of `before` and `after`, in the order they first appear, each marked added,
 * removed, changed or the same. Values that are not objects are treated as one key "value".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = before === null || before === undefined ? {} : isRecord(before) ? before : { value: before };
  const a = after === null || after === undefined ? {} : isRecord(after) ? after : { value: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const inB = key in b && b[key] !== undefined;
    const inA = key in a && a[key] !== undefined;
    if (inB && !inA) return { key, kind: "removed", before: b[key] };
    if (!inB && inA) return { key, kind: "added", after: a[key] };
    return stable(b[key]) === stable(a[key]) ? { key, kind: "same", after: a[key] } : { key, kind: "changed", before: b[key], after: a[key] };
  });
}

/** A value as one short line of text for the audit table. */
export function auditValueText(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return v.join(", ");
  if (isRecord(v) && Object.values(v).every((x) => x === null || typeof x !== "object")) {
    return Object.entries(v).map(([k, x]) => `${k}: ${x ?? "none"}`).join("; ");
  }
  return stable(v);
}

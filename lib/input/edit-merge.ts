// Two people editing one record's form at once (a consultation's details, a chapter, a question)
// lose neither's edit. The form carries, hidden, a fingerprint of each field as it was when the
// page was drawn (editBase). A save then writes what this person changed; keeps what someone else
// changed meanwhile where this person left the field alone; and where both changed the same field
// differently, saves nothing and says so at that field, with the stored text shown and this
// person's kept in the form: saving again (the form now carries the stored field's fingerprint)
// replaces it knowingly. A save without a base (the API, an older page) writes what it is given.
import { createHash } from "node:crypto";
import { InvalidError } from "../errors";

/** Each field's fingerprint as the form was drawn. */
export type EditBase = Record<string, string>;

/** What an edit form posts beside its fields: each field's fingerprint as the form was drawn. */
export type EditOptions = { base?: EditBase | null };

/** A value's fingerprint: empty, null and missing count as one. */
export function fingerprint(value: unknown): string {
  const v = value === undefined || value === "" ? null : value;
  return createHash("sha256").update(JSON.stringify(v)).digest("base64url").slice(0, 16);
}

/** The hidden field's value for a record's editable values, as its form is drawn. */
export function editBase(values: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fingerprint(v)])));
}

/** The hidden field read back: null when absent or not one (then the save writes what it is given). */
export function parseEditBase(text: string | undefined | null): EditBase | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
    return Object.fromEntries(entries);
  } catch {
    return null;
  }
}

/**
 * What to save: the merge of this person's values and the stored ones, and the fields both
 * changed. `groups` are fields that must come from one version together, because they are checked
 * together (a start and an end date, a question's type and its options): a group is merged as one.
 */
/** The stored record as its form's fields: each typed field's stored value (it may be null where the form's is left out). */
export type Stored<T> = { [K in keyof T]: unknown };
/** What a merge gives: each field as typed, or as stored where only someone else changed it. */
export type Merged<T, S extends Stored<T>> = { [K in keyof T]: T[K] | S[K] };

export function mergeEdit<T extends Record<string, unknown>, S extends Stored<T> = T>(
  stored: S,
  typed: T,
  base: EditBase | null,
  groups: readonly (readonly string[])[] = [],
): { merged: Merged<T, S>; conflicts: (keyof T & string)[] } {
  const merged: Merged<T, S> = { ...typed };
  const conflicts: (keyof T & string)[] = [];
  if (!base) return { merged, conflicts };
  const keys = Object.keys(typed) as (keyof T & string)[];
  const grouped = new Set(groups.flat());
  const units = [...groups.map((g) => g.filter((k): k is keyof T & string => keys.includes(k as keyof T & string))), ...keys.filter((k) => !grouped.has(k)).map((k) => [k])].filter((u) => u.length);
  for (const unit of units) {
    if (unit.some((k) => base[k] === undefined)) continue;
    const theirs = unit.some((k) => fingerprint(stored[k]) !== base[k]);
    if (!theirs) continue; // nobody else changed it
    if (unit.every((k) => fingerprint(typed[k]) === fingerprint(stored[k]))) continue; // both made the same change
    const mine = unit.some((k) => fingerprint(typed[k]) !== base[k]);
    if (!mine) for (const k of unit) merged[k] = stored[k] as Merged<T, S>[typeof k]; // only they changed it: theirs stays
    else conflicts.push(...unit.filter((k) => fingerprint(stored[k]) !== base[k])); // both changed it: said at what they changed
  }
  return { merged, conflicts };
}

/** How a stored value reads in a message: text cut short, lists joined, empty said as such. */
function preview(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  const text = Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ") : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Both changed the same fields: nothing is saved. Each field's message says what is stored now;
 * `keep.editBase` gives the form those fields' stored fingerprints, so that saving again replaces
 * them (and still keeps anything else someone changed). `fieldOf` names a value's form field.
 */
export class EditConflictError extends InvalidError {
  readonly keep: { editBase: string };
  constructor(conflicts: string[], stored: Record<string, unknown>, base: EditBase, fieldOf: (key: string) => string = (k) => k) {
    const errors = Object.fromEntries(
      conflicts.map((k) => [fieldOf(k), `Someone else changed this while you were editing. It now reads: “${preview(stored[k])}”. Yours is kept here: save again to replace theirs with it.`]),
    );
    super(`Someone else saved ${conflicts.length === 1 ? "a change to a field" : `changes to ${conflicts.length} fields`} you also changed, so nothing was saved`, errors);
    this.keep = { editBase: JSON.stringify({ ...base, ...Object.fromEntries(conflicts.map((k) => [k, fingerprint(stored[k])])) }) };
  }
}

/** mergeEdit, refusing with EditConflictError when both changed a field (or a group). */
export function mergeOrRefuse<T extends Record<string, unknown>, S extends Stored<T> = T>(
  stored: S,
  typed: T,
  base: EditBase | null,
  opts: { fieldOf?: (key: string) => string; groups?: readonly (readonly string[])[] } = {},
): Merged<T, S> {
  const { merged, conflicts } = mergeEdit(stored, typed, base, opts.groups);
  if (conflicts.length) throw new EditConflictError(conflicts, stored, base!, opts.fieldOf);
  return merged;
}

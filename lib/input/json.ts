// JSON from outside (API bodies, request fingerprints), walked without recursion: a body nested
// 10,000 deep or with a million values is refused with 422 or 413 before anything reads it
// recursively, and every string in it (keys too) must be text Postgres can store.
import { DomainError, InvalidError } from "../errors";
import { unstorableText } from "./text";

export type JsonLimits = {
  /** Arrays and objects inside one another. */
  maxDepth: number;
  /** Values of any kind (each array, object, string, number, boolean and null counts one). */
  maxValues: number;
};

/** Far beyond any body this API takes (a question set is 5 deep), far below the stack's limit. */
export const JSON_LIMITS: JsonLimits = { maxDepth: 64, maxValues: 200_000 };

/** JSON too deep (422) or too big (413) to read. Route handlers answer it as its status says. */
export class JsonLimitError extends DomainError {
  constructor(
    readonly kind: "too_deep" | "too_large",
    message: string,
    path = "",
  ) {
    super(message, kind === "too_deep" ? "invalid" : "payload_too_large", kind === "too_deep" ? 422 : 413, [{ path, message }]);
  }
}

export function tooDeep(maxDepth: number, path = ""): JsonLimitError {
  return new JsonLimitError("too_deep", `The JSON is nested too deeply: at most ${maxDepth} levels of arrays and objects`, path);
}

export function tooLarge(what: string): JsonLimitError {
  return new JsonLimitError("too_large", `The JSON is too large: ${what}`);
}

function pathOf(parent: string, key: string | number): string {
  const k = typeof key === "number" ? String(key) : unstorableText(key) ? JSON.stringify(key).slice(1, -1) : key;
  return parent ? `${parent}.${k}` : k;
}

/** Where a value sits: its parent's place and its key, the path text made only when needed. */
type Place = { parent: Place | null; key: string | number } | null;

function pathAt(place: Place): string {
  const keys: (string | number)[] = [];
  for (let p = place; p; p = p.parent) keys.push(p.key);
  let path = "";
  for (let i = keys.length - 1; i >= 0; i--) path = pathOf(path, keys[i]!);
  return path;
}

/**
 * Check a parsed JSON value: depth and size within `limits` (JsonLimitError), and no string
 * Postgres cannot store (InvalidError naming each path, at most 20). Iterative; a value's path
 * is written out only for a problem.
 */
export function inspectJson(value: unknown, limits: JsonLimits = JSON_LIMITS): void {
  const problems = new Map<string, string>();
  let count = 0;
  const stack: { v: unknown; place: Place; depth: number }[] = [{ v: value, place: null, depth: 0 }];
  while (stack.length) {
    const { v, place, depth } = stack.pop()!;
    if (++count > limits.maxValues) throw tooLarge(`at most ${limits.maxValues.toLocaleString("en-GB")} values`);
    if (typeof v === "string") {
      const why = unstorableText(v);
      if (why && problems.size < 20) problems.set(pathAt(place), why);
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= limits.maxDepth) throw tooDeep(limits.maxDepth, pathAt(place));
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], place: { parent: place, key: i }, depth: depth + 1 });
      continue;
    }
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const child: Place = { parent: place, key: k };
      const why = unstorableText(k);
      if (why && problems.size < 20) problems.set(pathAt(child), `The name of this field is not valid: ${why.charAt(0).toLowerCase()}${why.slice(1)}`);
      stack.push({ v: (v as Record<string, unknown>)[k], place: child, depth: depth + 1 });
    }
  }
  if (problems.size) throw new InvalidError("Some text in the request cannot be stored", Object.fromEntries(problems));
}

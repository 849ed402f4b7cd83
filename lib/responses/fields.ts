// The field names of a respondent's chapter form and the "edited from" base each answer carries,
// shared by the pages, the save action and the browser. No zod here, so the question page's
// JavaScript stays small.

/**
 * Every question's fields start with this prefix (see formToValue in lib/questions/answers.ts
 * for the suffixes). Question ids are UUIDs, so the prefix has no dots of its own.
 */
export function questionPrefix(questionId: string): string {
  return `q-${questionId}`;
}

/** The hidden field carrying the version (and content hash) the person's answer was edited from. */
export function baseField(questionId: string): string {
  return `${questionPrefix(questionId)}.base`;
}

/** Radios shown beside a conflict: "mine:<their base>" or "theirs:<their base>". */
export function resolveField(questionId: string): string {
  return `${questionPrefix(questionId)}.resolve`;
}

/** The id of a question's first control, which error summaries and Change links point at. */
export function questionFieldId(questionId: string): string {
  return `f-${questionPrefix(questionId)}`;
}

const BASE_PATTERN = /^q-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.base$/i;

/** The question ids a posted form says it answers: those with a base field. */
export function questionIdsInForm(fieldNames: Iterable<string>): string[] {
  const ids: string[] = [];
  for (const name of fieldNames) {
    const m = BASE_PATTERN.exec(name);
    if (m) ids.push(m[1]!.toLowerCase());
  }
  return [...new Set(ids)];
}

/** "version:hash" — the stored state an answer was edited from. Version 0 means "no answer yet". */
export type AnswerBase = { version: number; hash: string };

export function encodeBase(base: AnswerBase): string {
  return `${base.version}:${base.hash}`;
}

export function parseBase(raw: unknown): AnswerBase | null {
  if (typeof raw !== "string") return null;
  const m = /^(\d{1,9}):([0-9a-f]{1,64})$/.exec(raw.trim());
  return m ? { version: Number(m[1]), hash: m[2]! } : null;
}

export function parseResolve(raw: unknown): { keep: "mine" | "theirs"; base: AnswerBase } | null {
  if (typeof raw !== "string") return null;
  const m = /^(mine|theirs):(.+)$/.exec(raw);
  const base = m ? parseBase(m[2]) : null;
  return m && base ? { keep: m[1] as "mine" | "theirs", base } : null;
}

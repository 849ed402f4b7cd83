// One answer to one question: the zod schema per question type, the canonical value stored in
// `answers.value`, the mapping to and from HTML form fields, and the plain-text rendering.
// Runs in the browser too (the chapter page's script, components/response/enhance/chapter.ts), so nothing here may import Node-only code.
import * as z from "zod";
import { boundedMap } from "../bounded-map";
import { isStorableText } from "../input/text";
import type { QuestionLimits, QuestionType, ShowIf } from "../../db/schema/consultations";
import { plural } from "../text/plural";

export type QuestionDef = {
  id: string;
  number: string;
  type: QuestionType;
  text: string;
  hint: string;
  required: boolean;
  options: string[];
  limits: QuestionLimits;
  showIf: ShowIf | null;
};

export const AGREEMENT_SCALE = [
  "Strongly agree",
  "Agree",
  "Neither agree nor disagree",
  "Disagree",
  "Strongly disagree",
] as const;

export const YES_NO = ["Yes", "No"] as const;
export type YesNo = (typeof YES_NO)[number];

export const RAG_STATUSES = ["Red", "Amber", "Green", "Achieved"] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

export type YesNoValue = { answer: YesNo; explanation: string };
export type RagStatusValue = { status: RagStatus; commentary: string };

/**
 * Canonical stored values, by type:
 * long_text, short_text, single_choice, agreement_scale: string · date: "YYYY-MM-DD" ·
 * multiple_choice: string[] in option order · ranking: string[] best first · number: number ·
 * yes_no: YesNoValue · rag_status: RagStatusValue. "No answer" is null, never stored.
 */
export type AnswerValue = string | string[] | number | YesNoValue | RagStatusValue;

/** What the form sends for a ranking: the typed position per option, aligned with `options`. */
export type RankingPositions = { positions: string[] };
/** What the form sends for a date (GOV.UK date input), before it becomes "YYYY-MM-DD". */
export type DateParts = { day: string; month: string; year: string };

export const TEXT_LIMITS = {
  longText: 10_000,
  shortText: 500,
  explanation: 5_000,
  ceiling: 100_000,
} as const;

export type FormFields = Record<string, string | string[] | undefined>;

export type ParseResult = { ok: true; value: AnswerValue | null } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Helpers

function questionName(q: QuestionDef): string {
  return `question ${q.number}`;
}

/** "10000" → "10,000", done by hand so server and browser render the same message. */
function formatCount(n: number): string {
  const [whole, fraction] = String(n).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + digits + (fraction ? `.${fraction}` : "");
}

/**
 * Line breaks are kept exactly, but browsers submit textareas with CRLF; normalising means the
 * length a person sees counted in the browser is the length validated here. NUL is dropped
 * because Postgres cannot store it in text or jsonb (nobody can type it anyway).
 */
function normaliseText(s: string): string {
  return s.replace(/\r\n/g, "\n").replace(/\u0000/g, "");
}

/** Text that is not valid Unicode (an unpaired surrogate) cannot be stored: say so at the answer. */
function notText(what: string): string {
  return `${what} contains a character that is not valid text (an unpaired surrogate): type or paste it again`;
}

function isBlank(s: string): boolean {
  return s.trim() === "";
}

function choiceOptions(q: QuestionDef): string[] {
  if (q.type === "agreement_scale" && q.options.length === 0) return [...AGREEMENT_SCALE];
  return q.options;
}

function textMax(q: QuestionDef, fallback: number): number {
  const stated = q.limits.maxLength;
  const max = stated !== undefined && Number.isFinite(stated) && stated > 0 ? Math.floor(stated) : fallback;
  return Math.min(max, TEXT_LIMITS.ceiling);
}

/** The first of repeated fields; a forged form may send a single field twice. */
function single(v: string | string[] | undefined): string {
  if (Array.isArray(v)) return v[0] ?? "";
  return v ?? "";
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asTrimmedString(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "string") return v.trim();
  if (v === undefined || v === null) return "";
  return undefined;
}

/** Ranks a person may give for a ranking question, and how many of them must be used. */
function rankingBounds(q: QuestionDef): { slots: number; minimum: number } {
  const n = q.options.length;
  const max = q.limits.maxSelections;
  const slots = max !== undefined && max > 0 ? Math.min(max, n) : n;
  const min = q.limits.minSelections;
  const minimum = min !== undefined ? Math.min(Math.max(min, 1), slots) : slots;
  return { slots, minimum };
}

function rankingShortMessage(q: QuestionDef): string {
  const { slots, minimum } = rankingBounds(q);
  if (minimum === q.options.length) return `Rank every option for ${questionName(q)}`;
  if (minimum === slots) return `Rank your top ${slots} options for ${questionName(q)}`;
  return `Rank at least ${plural(minimum, "option")} for ${questionName(q)}`;
}

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

// ---------------------------------------------------------------------------------------------
// Input normalisation: any accepted input shape → the canonical candidate, or null when empty.
// Issues raised here stop validation (zod does not run the pipe's second half after them).

function normaliseFreeText(raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "string") return raw;
  const s = normaliseText(raw);
  return isBlank(s) ? null : s;
}

function normaliseChoice(raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string" && isBlank(raw)) return null;
  return raw;
}

function normaliseMultiple(q: QuestionDef, raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  const list = typeof raw === "string" ? [raw] : raw;
  if (!Array.isArray(list)) return raw;
  // An empty entry comes from the hidden field that lets a form say "none ticked".
  const picked = list.filter((v) => !(typeof v === "string" && isBlank(v)));
  if (picked.length === 0) return null;
  const options = choiceOptions(q);
  const unique = [...new Set(picked)];
  // Option order, so that two people ticking the same boxes store the same value; anything
  // not offered sorts last and is refused by the value schema.
  const rank = (v: unknown) => {
    const i = typeof v === "string" ? options.indexOf(v) : -1;
    return i === -1 ? options.length : i;
  };
  return unique.sort((a, b) => rank(a) - rank(b));
}

function normaliseRanking(q: QuestionDef, raw: unknown, ctx: Ctx): unknown {
  const name = questionName(q);
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return null;
    if (new Set(raw).size !== raw.length) return fail(ctx, `Give each option a different rank for ${name}`);
    return raw;
  }
  if (!isRecord(raw) || !Array.isArray(raw.positions)) return raw;
  const { slots } = rankingBounds(q);
  const byPosition = new Map<number, string>();
  for (const [index, p] of raw.positions.entries()) {
    const text = asTrimmedString(p);
    if (text === undefined || index >= q.options.length) return fail(ctx, `Rank only the options offered for ${name}`);
    if (text === "") continue;
    const position = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(position >= 1 && position <= slots)) {
      return fail(ctx, `Ranks for ${name} must be whole numbers from 1 to ${slots}`);
    }
    if (byPosition.has(position)) return fail(ctx, `Give each option a different rank for ${name}`);
    byPosition.set(position, q.options[index]!);
  }
  if (byPosition.size === 0) return null;
  const ordered = [...byPosition.keys()].sort((a, b) => a - b);
  // Ranks 1, 2, 4 leave a hole; when some options may stay unranked that is not caught by the
  // count, so check the ranks used run from 1 without a gap.
  if (ordered[ordered.length - 1] !== ordered.length) {
    return fail(ctx, `Rank the options in order from 1 for ${name}, without gaps`);
  }
  return ordered.map((p) => byPosition.get(p)!);
}

function normaliseNumber(q: QuestionDef, raw: unknown, ctx: Ctx): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "string") return raw;
  // People write "1,500" and " 12 "; both mean a number.
  const s = raw.replace(/\u0000/g, "").trim().replace(/,/g, "");
  if (s === "") return null;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return fail(ctx, `Answer to ${questionName(q)} must be a number`);
  return Number(s);
}

function normaliseDate(q: QuestionDef, raw: unknown, ctx: Ctx): unknown {
  const name = questionName(q);
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string") {
    const s = raw.trim();
    if (s === "") return null;
    return isRealIsoDate(s) ? s : fail(ctx, `Enter a real date for ${name}`);
  }
  if (!isRecord(raw)) return raw;
  const day = asTrimmedString(raw.day);
  const month = asTrimmedString(raw.month);
  const year = asTrimmedString(raw.year);
  if (day === undefined || month === undefined || year === undefined) return fail(ctx, `Enter a real date for ${name}`);
  if (day === "" && month === "" && year === "") return null;
  const missing = [day === "" && "day", month === "" && "month", year === "" && "year"].filter(Boolean);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
    return fail(ctx, `Date for ${name} must include a ${list}`);
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month)) return fail(ctx, `Enter a real date for ${name}`);
  if (!/^\d{4}$/.test(year)) return fail(ctx, `Year for ${name} must include 4 numbers`);
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isRealIsoDate(iso) ? iso : fail(ctx, `Enter a real date for ${name}`);
}

function normalisePair(raw: unknown, choiceKey: "answer" | "status", textKey: "explanation" | "commentary"): unknown {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) return raw;
  const choice = raw[choiceKey];
  const text = raw[textKey];
  const cleanChoice = choice === undefined || choice === null || (typeof choice === "string" && isBlank(choice)) ? undefined : choice;
  const cleanText = text === undefined || text === null ? "" : typeof text === "string" ? normaliseText(text) : text;
  const blankText = typeof cleanText === "string" && isBlank(cleanText);
  if (cleanChoice === undefined && blankText) return null;
  // Whitespace-only commentary is no commentary; keep the stored value free of it.
  return { [choiceKey]: cleanChoice, [textKey]: blankText ? "" : cleanText };
}

// ---------------------------------------------------------------------------------------------
// Canonical value schemas (what may be stored), with the question's own messages.

function enumOf(values: readonly string[], messages: { missing: string; forged: string }) {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === null ? messages.missing : messages.forged;
  if (values.length === 0) return z.string({ error }).refine(() => false, messages.forged);
  return z.enum(values as [string, ...string[]], { error });
}

function valueSchema(q: QuestionDef): z.ZodType<AnswerValue> {
  const name = questionName(q);
  const limits = q.limits;
  switch (q.type) {
    case "long_text":
    case "short_text": {
      const max = textMax(q, q.type === "long_text" ? TEXT_LIMITS.longText : TEXT_LIMITS.shortText);
      let s = z
        .string({ error: `Enter your answer to ${name}` })
        .max(max, `Answer to ${name} must be ${formatCount(max)} characters or fewer`)
        .refine(isStorableText, notText(`Answer to ${name}`));
      const min = limits.minLength;
      if (min !== undefined && min > 0) s = s.min(min, `Answer to ${name} must be ${formatCount(min)} characters or more`);
      return s;
    }
    case "single_choice":
    case "agreement_scale":
      return enumOf(choiceOptions(q), {
        missing: `Select an option for ${name}`,
        forged: `Select one of the options offered for ${name}`,
      });
    case "multiple_choice": {
      let s = z.array(
        enumOf(choiceOptions(q), {
          missing: `Select only the options offered for ${name}`,
          forged: `Select only the options offered for ${name}`,
        }),
        { error: `Select at least one option for ${name}` },
      );
      const { minSelections: min, maxSelections: max } = limits;
      if (min !== undefined && min > 1) s = s.min(min, `Select at least ${min} options for ${name}`);
      if (max !== undefined && max > 0) {
        s = s.max(max, max === 1 ? `Select only one option for ${name}` : `Select no more than ${max} options for ${name}`);
      }
      return s;
    }
    case "ranking": {
      const { slots, minimum } = rankingBounds(q);
      const short = rankingShortMessage(q);
      return z
        .array(
          enumOf(q.options, {
            missing: `Rank only the options offered for ${name}`,
            forged: `Rank only the options offered for ${name}`,
          }),
          { error: short },
        )
        .min(minimum, short)
        .max(slots, `Rank no more than ${slots} options for ${name}`)
        .refine((list) => new Set(list).size === list.length, `Give each option a different rank for ${name}`);
    }
    case "number": {
      let s = z.number({ error: `Enter a number for ${name}` });
      const { min, max } = limits;
      const both = min !== undefined && max !== undefined;
      const between = `Answer to ${name} must be between ${formatCount(min ?? 0)} and ${formatCount(max ?? 0)}`;
      if (min !== undefined) s = s.min(min, both ? between : `Answer to ${name} must be ${formatCount(min)} or more`);
      if (max !== undefined) s = s.max(max, both ? between : `Answer to ${name} must be ${formatCount(max)} or less`);
      return s;
    }
    case "date":
      return z
        .string({ error: `Enter a date for ${name}` })
        .refine(isRealIsoDate, `Enter a real date for ${name}`);
    case "yes_no": {
      const max = textMax(q, TEXT_LIMITS.explanation);
      return z.object(
        {
          answer: enumOf(YES_NO, {
            missing: `Select yes or no for ${name}`,
            forged: `Select yes or no for ${name}`,
          }) as z.ZodType<YesNo>,
          explanation: z
            .string({ error: `Enter your explanation for ${name} as text` })
            .max(max, `Explanation for ${name} must be ${formatCount(max)} characters or fewer`)
            .refine(isStorableText, notText(`Explanation for ${name}`)),
        },
        { error: `Select yes or no for ${name}` },
      );
    }
    case "rag_status": {
      const max = textMax(q, TEXT_LIMITS.explanation);
      return z.object(
        {
          status: enumOf(RAG_STATUSES, {
            missing: `Select a RAG status for ${name}`,
            forged: `Select Red, Amber, Green or Achieved for ${name}`,
          }) as z.ZodType<RagStatus>,
          commentary: z
            .string({ error: `Enter your commentary for ${name} as text` })
            .max(max, `Commentary for ${name} must be ${formatCount(max)} characters or fewer`)
            .refine(isStorableText, notText(`Commentary for ${name}`)),
        },
        { error: `Select a RAG status for ${name}` },
      );
    }
  }
}

function requiredMessage(q: QuestionDef): string {
  const name = questionName(q);
  switch (q.type) {
    case "long_text":
    case "short_text":
      return `Enter your answer to ${name}`;
    case "single_choice":
    case "agreement_scale":
      return `Select an option for ${name}`;
    case "multiple_choice":
      return `Select at least one option for ${name}`;
    case "ranking":
      return rankingShortMessage(q);
    case "number":
      return `Enter a number for ${name}`;
    case "date":
      return `Enter a date for ${name}`;
    case "yes_no":
      return `Select yes or no for ${name}`;
    case "rag_status":
      return `Select a RAG status for ${name}`;
  }
}

function normalise(q: QuestionDef, raw: unknown, ctx: Ctx): unknown {
  // A blank string means "no answer" whatever the type, however a client sent it.
  if (typeof raw === "string" && isBlank(raw)) return null;
  switch (q.type) {
    case "long_text":
    case "short_text":
      return normaliseFreeText(raw);
    case "single_choice":
    case "agreement_scale":
      return normaliseChoice(raw);
    case "multiple_choice":
      return normaliseMultiple(q, raw);
    case "ranking":
      return normaliseRanking(q, raw, ctx);
    case "number":
      return normaliseNumber(q, raw, ctx);
    case "date":
      return normaliseDate(q, raw, ctx);
    case "yes_no":
      return normalisePair(raw, "answer", "explanation");
    case "rag_status":
      return normalisePair(raw, "status", "commentary");
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The schema for one question's answer, built from its own settings. Accepts the canonical
 * value or what `formToValue` produces (ranking positions, date parts, numbers as text) and
 * outputs the canonical value, or null for "no answer" when the question is not required.
 */
export function answerSchema(q: QuestionDef, opts: { optional?: boolean } = {}): AnswerSchema {
  const optional = Boolean(opts.optional && q.required);
  // A frozen question (the published structure, shared by every request) cannot change, so
  // its schemas are found by identity, without serialising the question each time.
  if (Object.isFrozen(q)) {
    const cache = optional ? frozenOptional : frozenAsIs;
    let schema = cache.get(q);
    if (!schema) cache.set(q, (schema = schemaBySettings(optional ? { ...q, required: false } : q)));
    return schema;
  }
  return schemaBySettings(optional ? { ...q, required: false } : q);
}

type AnswerSchema = z.ZodType<AnswerValue | null, unknown>;

/**
 * Building a zod schema costs far more than using one, and a response checks each of its
 * answers several times: keep the schemas of questions seen lately, keyed by everything in
 * the question (so an edited question gets a new one).
 */
function schemaBySettings(q: QuestionDef): AnswerSchema {
  const key = JSON.stringify(q);
  const cached = schemaCache.get(key);
  if (cached) return cached;
  const inner = valueSchema(q).nullable();
  const checked = q.required ? inner.refine((v) => v !== null, requiredMessage(q)) : inner;
  const schema = z.preprocess((raw, ctx) => normalise(q, raw, ctx), checked);
  schemaCache.set(key, schema);
  return schema;
}

const SCHEMA_CACHE_SIZE = 2000;
const schemaCache = boundedMap<string, AnswerSchema>(SCHEMA_CACHE_SIZE);
const frozenAsIs = new WeakMap<QuestionDef, AnswerSchema>();
const frozenOptional = new WeakMap<QuestionDef, AnswerSchema>();

export function parseAnswer(q: QuestionDef, raw: unknown): ParseResult {
  const result = answerSchema(q).safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues[0]?.message ?? `Check your answer to ${questionName(q)}` };
}

/**
 * Form field naming, shared by the question page (which must render these names so that it
 * works without JavaScript) and this parser. `prefix` is chosen by the page, one per question
 * (e.g. `q-${question.id}`):
 *
 *   long_text, short_text, number   `${prefix}`                 textarea / input
 *   single_choice, agreement_scale  `${prefix}`                 radios
 *   multiple_choice                 `${prefix}` (repeated)      checkboxes, one per option; a
 *                                                               hidden `${prefix}` = "" may say "none"
 *   ranking                         `${prefix}.rank.${i}`       position "1".."n" typed or selected
 *                                                               for options[i]; blank = unranked
 *   date                            `${prefix}.day`, `${prefix}.month`, `${prefix}.year`
 *   yes_no                          `${prefix}` = "Yes" | "No", `${prefix}.explanation`
 *   rag_status                      `${prefix}` = "Red" | "Amber" | "Green" | "Achieved",
 *                                   `${prefix}.commentary`
 *
 * The result is a candidate for `parseAnswer`, not yet valid.
 */
export function formToValue(q: QuestionDef, form: FormFields, prefix: string): unknown {
  switch (q.type) {
    case "long_text":
    case "short_text":
    case "single_choice":
    case "agreement_scale":
    case "number":
      return single(form[prefix]);
    case "multiple_choice": {
      const v = form[prefix];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    }
    case "ranking":
      return { positions: q.options.map((_, i) => single(form[`${prefix}.rank.${i}`])) } satisfies RankingPositions;
    case "date":
      return {
        day: single(form[`${prefix}.day`]),
        month: single(form[`${prefix}.month`]),
        year: single(form[`${prefix}.year`]),
      } satisfies DateParts;
    case "yes_no":
      return { answer: single(form[prefix]), explanation: single(form[`${prefix}.explanation`]) };
    case "rag_status":
      return { status: single(form[prefix]), commentary: single(form[`${prefix}.commentary`]) };
  }
}

/** The form fields that show a stored value again (the reverse of `formToValue`). */
export function valueToForm(q: QuestionDef, value: unknown, prefix: string): Record<string, string | string[]> {
  const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : "");
  switch (q.type) {
    case "long_text":
    case "short_text":
    case "single_choice":
    case "agreement_scale":
    case "number":
      return { [prefix]: str(value) };
    case "multiple_choice":
      return { [prefix]: Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [] };
    case "ranking": {
      const ranked = Array.isArray(value) ? value : [];
      return Object.fromEntries(
        q.options.map((option, i) => {
          const at = ranked.indexOf(option);
          return [`${prefix}.rank.${i}`, at === -1 ? "" : String(at + 1)];
        }),
      );
    }
    case "date": {
      const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return {
        [`${prefix}.day`]: m ? String(Number(m[3])) : "",
        [`${prefix}.month`]: m ? String(Number(m[2])) : "",
        [`${prefix}.year`]: m ? m[1]! : "",
      };
    }
    case "yes_no": {
      const v = isRecord(value) ? value : {};
      return { [prefix]: str(v.answer), [`${prefix}.explanation`]: str(v.explanation) };
    }
    case "rag_status": {
      const v = isRecord(value) ? value : {};
      return { [prefix]: str(v.status), [`${prefix}.commentary`]: str(v.commentary) };
    }
  }
}

/** FormData (server action) or URLSearchParams → FormFields; repeated names become lists. */
export function fieldsFromFormData(data: FormData | URLSearchParams): FormFields {
  const out: FormFields = {};
  data.forEach((value, key) => {
    if (typeof value !== "string") return;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  return out;
}

/** `parseAnswer(q, formToValue(q, form, prefix))`, the usual call from a page. */
export function parseFormAnswer(q: QuestionDef, form: FormFields, prefix: string): ParseResult {
  return parseAnswer(q, formToValue(q, form, prefix));
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** Plain text of a canonical value, for display, full-text search and CSV export. */
export function answerToText(q: QuestionDef, value: unknown): string {
  if (value === null || value === undefined) return "";
  switch (q.type) {
    case "long_text":
    case "short_text":
    case "single_choice":
    case "agreement_scale":
      return typeof value === "string" ? value : "";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
    case "multiple_choice":
      return Array.isArray(value) ? value.join("; ") : "";
    case "ranking":
      return Array.isArray(value) ? value.map((v, i) => `${i + 1}. ${v}`).join("; ") : "";
    case "date": {
      const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ""} ${m[1]}` : "";
    }
    case "yes_no": {
      if (!isRecord(value) || typeof value.answer !== "string") return "";
      const explanation = typeof value.explanation === "string" ? value.explanation : "";
      return explanation ? `${value.answer} – ${explanation}` : value.answer;
    }
    case "rag_status": {
      if (!isRecord(value) || typeof value.status !== "string") return "";
      const commentary = typeof value.commentary === "string" ? value.commentary : "";
      return commentary ? `${value.status}: ${commentary}` : value.status;
    }
  }
}

/** Whether a value (canonical, or a form candidate) holds anything the person gave. */
export function isAnswered(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return !isBlank(value);
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "boolean") return true;
  if (Array.isArray(value)) return value.some(isAnswered);
  if (isRecord(value)) return Object.values(value).some(isAnswered);
  return false;
}

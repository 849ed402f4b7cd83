// The editor's forms as zod schemas over plain form values (strings, date parts, checkboxes),
// shared by the server actions and by react-hook-form in the browser, so both give the same
// message at the same field. Browser-safe: nothing here may import Node-only code.
import { z } from "zod";
import { confirmed } from "../input/confirm";
import { CONSULTATION_KINDS, QUESTION_TYPES, type QuestionLimits, type QuestionType } from "../../db/schema/consultations";
import { calendarDateProblem, EARLIEST_YEAR, LATEST_YEAR } from "../input/dates";
import { storableString } from "../input/text";
import { AGREEMENT_SCALE, RAG_STATUSES, TEXT_LIMITS, YES_NO } from "../questions/answers";
import { referenceCodeProblem } from "./reference-code";

// ---------------------------------------------------------------------------------------------
// Field helpers

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? "") : v === undefined || v === null ? "" : String(v));

/** Free text, trimmed; "" when left empty. */
export const optionalText = (max: number, what: string) =>
  z.preprocess(str, storableString().trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`));

/** An email address, lower-cased, or "" when left empty. */
export const optionalEmail = (what: string) =>
  optionalText(320, what)
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address in the correct format, like name@example.com")
    .transform((v) => v.toLowerCase());

export const requiredText = (max: number, missing: string, what: string) =>
  z.preprocess(str, storableString().trim().min(1, missing).max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`));

/** A checkbox: present (any value but "false") means ticked. React-hook-form sends false when unticked. */
export const checkbox = z.preprocess((v) => {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === true || (typeof s === "string" && s !== "" && s !== "false");
}, z.boolean());

/** An optional whole number typed into a text box. */
export const optionalInt = (what: string, bounds: { min?: number; max?: number } = {}) =>
  z.preprocess(str, z.string().trim()).transform((s, ctx) => {
    if (s === "") return undefined;
    if (!/^-?\d+$/.test(s.replace(/,/g, ""))) {
      ctx.addIssue({ code: "custom", message: `${what} must be a whole number` });
      return z.NEVER;
    }
    const n = Number(s.replace(/,/g, ""));
    if (bounds.min !== undefined && n < bounds.min) {
      ctx.addIssue({ code: "custom", message: `${what} must be ${bounds.min} or more` });
      return z.NEVER;
    }
    if (bounds.max !== undefined && n > bounds.max) {
      ctx.addIssue({ code: "custom", message: `${what} must be ${bounds.max} or less` });
      return z.NEVER;
    }
    return n;
  });

/** An optional number (decimals allowed). */
export const optionalNumber = (what: string) =>
  z.preprocess(str, z.string().trim()).transform((s, ctx) => {
    if (s === "") return undefined;
    const t = s.replace(/,/g, "");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) {
      ctx.addIssue({ code: "custom", message: `${what} must be a number` });
      return z.NEVER;
    }
    return Number(t);
  });

/** Lines of a textarea: trimmed, blank lines dropped. */
export function lines(v: unknown): string[] {
  return str(v)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * GOV.UK date input: three boxes named `${name}-day`, `-month`, `-year`. `gatherDates` folds them
 * into `{ day, month, year }` under `name`; `optionalDate` turns that into "YYYY-MM-DD".
 */
export const optionalDate = (what: string) =>
  z
    .object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() })
    .optional()
    .transform((parts, ctx) => {
      const day = (parts?.day ?? "").trim();
      const month = (parts?.month ?? "").trim();
      const year = (parts?.year ?? "").trim();
      if (!day && !month && !year) return undefined;
      const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean) as string[];
      if (missing.length) {
        const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
        ctx.addIssue({ code: "custom", message: `${what} must include a ${list}` });
        return z.NEVER;
      }
      if (!/^\d{4}$/.test(year)) {
        ctx.addIssue({ code: "custom", message: `Year of the ${what.toLowerCase()} must include 4 numbers` });
        return z.NEVER;
      }
      const d = Number(day);
      const m = Number(month);
      const y = Number(year);
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
        ctx.addIssue({ code: "custom", message: `${what} must be a real date` });
        return z.NEVER;
      }
      const iso = `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      if (calendarDateProblem(iso)) {
        ctx.addIssue({ code: "custom", message: `${what} must be in a year from ${EARLIEST_YEAR} to ${LATEST_YEAR}` });
        return z.NEVER;
      }
      return iso;
    });

export function gatherDates(names: readonly string[]) {
  return (input: unknown) => {
    if (typeof input !== "object" || input === null) return input;
    const values = { ...(input as Record<string, unknown>) };
    for (const name of names) {
      if (typeof values[name] === "object" && values[name] !== null) continue;
      const part = (p: string) => str(values[`${name}-${p}`]);
      values[name] = { day: part("day"), month: part("month"), year: part("year") };
    }
    return values;
  };
}

/** "2026-03-03" → the three boxes of a GOV.UK date input. */
export function dateParts(name: string, iso: string | null | undefined): Record<string, string> {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return {
    [`${name}-day`]: m ? String(Number(m[3])) : "",
    [`${name}-month`]: m ? String(Number(m[2])) : "",
    [`${name}-year`]: m ? m[1] : "",
  };
}

export { QUESTION_TYPES };

const id = z.uuid({ error: "Something went wrong with the form. Reload the page and try again." });

/**
 * The consultation's reference code, typed in any case with spaces around it: capitals, or
 * undefined when left empty (the title's initials are used).
 */
export const optionalReferenceCode = z.preprocess(str, z.string().trim()).transform((s, ctx) => {
  if (s === "") return undefined;
  const code = s.toUpperCase();
  const problem = referenceCodeProblem(code);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return code;
});

// ---------------------------------------------------------------------------------------------
// Consultation details

const DETAIL_DATES = ["opensOn", "closesOn", "responseDeadline"] as const;

export const detailsFields = z
  .object({
    title: requiredText(300, "Enter a title", "Title"),
    referenceCode: optionalReferenceCode.optional(),
    summary: optionalText(20_000, "Summary"),
    kind: z.enum(CONSULTATION_KINDS, { error: "Select what kind of consultation this is" }),
    askedBy: optionalText(200, "Who is asking"),
    responseDeadline: optionalDate("Response deadline"),
    opensOn: optionalDate("Opening date"),
    closesOn: optionalDate("Closing date"),
    audienceDescription: optionalText(5000, "Who may respond"),
    privacyNotice: optionalText(20_000, "Privacy notice"),
    // Blank: the council's contact officer (its letterhead) is the contact.
    contactOfficerName: optionalText(300, "The contact officer's name").optional(),
    contactOfficerEmail: optionalEmail("The contact officer's email address").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.contactOfficerName && !v.contactOfficerEmail) {
      ctx.addIssue({ code: "custom", path: ["contactOfficerEmail"], message: "Enter the contact officer's email address, so partners' replies reach them" });
    }
    if (v.opensOn && v.closesOn && v.closesOn <= v.opensOn) {
      ctx.addIssue({ code: "custom", path: ["closesOn"], message: "The closing date must be after the opening date" });
    }
    if (v.kind === "consultation_to_answer" && !v.askedBy) {
      ctx.addIssue({ code: "custom", path: ["askedBy"], message: "Enter who is asking, for example ODPM" });
    }
  });

export type DetailsInput = z.infer<typeof detailsFields>;

export const newConsultationSchema = z.preprocess(gatherDates(DETAIL_DATES), detailsFields);

/** What an edit form carries beside its fields: each field's fingerprint as it was drawn (lib/input/edit-merge). */
const editBaseField = z.string().max(8_000).optional();

export const updateDetailsSchema = z.preprocess(
  gatherDates(DETAIL_DATES),
  z.intersection(z.object({ consultationId: id, editBase: editBaseField }), detailsFields),
);

// ---------------------------------------------------------------------------------------------
// Stages and chapters

export const stageFields = z
  .object({
    name: requiredText(200, "Enter the stage's name", "Stage name"),
    description: optionalText(5000, "Description"),
    startsOn: optionalDate("Start date"),
    dueOn: optionalDate("Due date"),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.dueOn && v.dueOn < v.startsOn) {
      ctx.addIssue({ code: "custom", path: ["dueOn"], message: "The due date must be the same as or after the start date" });
    }
  });
export type StageInput = z.infer<typeof stageFields>;

export const stageSchema = z.preprocess(
  gatherDates(["startsOn", "dueOn"]),
  z.intersection(z.object({ consultationId: id, stageId: id.optional(), editBase: editBaseField }), stageFields),
);

export const chapterFields = z.object({
  title: requiredText(300, "Enter the chapter's title", "Chapter title"),
  description: optionalText(5000, "Description"),
});
export type ChapterInput = z.infer<typeof chapterFields>;

export const chapterSchema = z.intersection(z.object({ consultationId: id, sectionId: id.optional(), editBase: editBaseField }), chapterFields);

export const moveSchema = z.object({
  consultationId: id,
  itemId: id,
  direction: z.enum(["up", "down"]),
});

/** Delete a stage, chapter or question: only from the confirmation step (`confirm=yes`). */
export const deleteSchema = z.object({ consultationId: id, itemId: id, confirm: confirmed("delete it") });
/** Copies of questions from the question bank into one chapter (checkboxes: one id or several). */
export const addFromBankSchema = z.object({
  consultationId: id,
  sectionId: z.uuid({ error: "Select a chapter to add the questions to" }),
  questionIds: z
    .union([z.uuid(), z.array(z.uuid())], { error: "Select at least one question" })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.uuid()).min(1, "Select at least one question").max(100, "Select 100 questions or fewer at a time")),
});

/** Publish; `confirm=yes` only from the "No one is invited yet. Publish anyway?" step. */
export const publishSchema = z.object({ consultationId: id, confirm: z.literal("yes").optional().catch(undefined) });
export const consultationIdSchema = z.object({ consultationId: id });

// ---------------------------------------------------------------------------------------------
// Questions

/** Types whose answers are picked from a list the officer writes. */
export const TYPES_WITH_OPTIONS: readonly QuestionType[] = ["single_choice", "multiple_choice", "ranking", "agreement_scale"];
/** Types that must have options (an agreement scale falls back to the standard five points). */
export const TYPES_NEEDING_OPTIONS: readonly QuestionType[] = ["single_choice", "multiple_choice", "ranking"];

/** Which limits each question type uses; others are dropped on save. */
export const LIMITS_BY_TYPE: Record<QuestionType, (keyof QuestionLimits)[]> = {
  long_text: ["minLength", "maxLength"],
  short_text: ["minLength", "maxLength"],
  yes_no: ["maxLength"],
  rag_status: ["maxLength"],
  number: ["min", "max"],
  multiple_choice: ["minSelections", "maxSelections"],
  ranking: ["minSelections", "maxSelections"],
  single_choice: [],
  agreement_scale: [],
  date: [],
};

export type SettingProblem = { field: "options" | keyof QuestionLimits; message: string };

/**
 * What makes a question impossible to answer or ambiguous: too few or repeated options, and
 * limits no answer can pass (a minimum above its maximum, more choices than there are options).
 * The one list of these rules: the editor's form, the question-set schema (API and JSON import)
 * and the publish check all use it, each naming the field to fix. Only the limits the type uses
 * (LIMITS_BY_TYPE) are checked, as only they apply to answers.
 */
export function questionSettingProblems(q: { type: QuestionType; options: readonly string[]; limits: QuestionLimits }): SettingProblem[] {
  const out: SettingProblem[] = [];
  const add = (field: SettingProblem["field"], message: string) => out.push({ field, message });
  const { type, options } = q;
  if (TYPES_NEEDING_OPTIONS.includes(type) && options.length < 2) add("options", "Enter at least 2 options, one on each line");
  if (type === "agreement_scale" && options.length === 1) add("options", "Enter at least 2 points on the scale, or leave it empty for the standard scale");
  if (TYPES_WITH_OPTIONS.includes(type)) {
    const seen = new Set<string>();
    const repeated = options.find((o) => (seen.has(o) ? true : (seen.add(o), false)));
    if (repeated !== undefined) add("options", `“${repeated}” is listed more than once`);
  }
  const uses = new Set(LIMITS_BY_TYPE[type]);
  const limit = (key: keyof QuestionLimits) => (uses.has(key) && typeof q.limits[key] === "number" ? q.limits[key] : undefined);
  const [minLength, maxLength] = [limit("minLength"), limit("maxLength")];
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    add("maxLength", "Maximum length must be at least the minimum length");
  } else if (minLength !== undefined && maxLength === undefined && (type === "long_text" || type === "short_text")) {
    const longest = type === "long_text" ? TEXT_LIMITS.longText : TEXT_LIMITS.shortText;
    if (minLength > longest) {
      add("minLength", `Minimum length must be no more than ${longest.toLocaleString("en-GB")}, the longest answer a ${QUESTION_TYPE_LABELS[type].toLowerCase()} question takes, or set a maximum length`);
    }
  }
  const [min, max] = [limit("min"), limit("max")];
  if (min !== undefined && max !== undefined && min > max) add("max", "Largest number allowed must be at least the smallest");
  const [fewest, most] = [limit("minSelections"), limit("maxSelections")];
  if (fewest !== undefined && most !== undefined && fewest > most) add("maxSelections", "Most choices must be at least the fewest choices");
  if (options.length >= 2 && most !== undefined && most > options.length) add("maxSelections", `Most choices cannot be more than the ${options.length} options`);
  if (options.length >= 2 && fewest !== undefined && fewest > options.length) add("minSelections", `Fewest choices cannot be more than the ${options.length} options`);
  return out;
}

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  long_text: "Long text",
  short_text: "Short text",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  agreement_scale: "Agreement scale",
  ranking: "Ranking of priorities",
  number: "Number",
  date: "Date",
  yes_no: "Yes or no, with explanation",
  rag_status: "RAG status, with commentary",
};

/** The answers a show-if may match for a question of this type, or null when any value is allowed. */
export function routingValuesFor(q: { type: QuestionType; options: string[] }): string[] | null | "none" {
  switch (q.type) {
    case "single_choice":
    case "multiple_choice":
    case "ranking":
      return q.options;
    case "agreement_scale":
      return q.options.length ? q.options : [...AGREEMENT_SCALE];
    case "yes_no":
      return [...YES_NO];
    case "rag_status":
      return [...RAG_STATUSES];
    case "number":
      return null;
    default:
      return "none";
  }
}

export const questionFields = z
  .object({
    number: requiredText(20, "Give the question a number, for example 1 or 2.3", "Number"),
    subheading: optionalText(300, "Sub-heading"),
    type: z.enum(QUESTION_TYPES, { error: "Select the type of question" }),
    text: requiredText(5000, "Enter the question", "Question"),
    hint: optionalText(2000, "Hint"),
    required: checkbox,
    options: z.preprocess(lines, z.array(storableString().max(500, "Each option must be 500 characters or fewer")).max(100, "Give no more than 100 options")),
    minLength: optionalInt("Minimum length", { min: 0, max: 100_000 }),
    maxLength: optionalInt("Maximum length", { min: 1, max: 100_000 }),
    min: optionalNumber("Smallest number allowed"),
    max: optionalNumber("Largest number allowed"),
    minSelections: optionalInt("Fewest choices", { min: 0, max: 100 }),
    maxSelections: optionalInt("Most choices", { min: 1, max: 100 }),
    showIfQuestion: optionalText(20, "Question number"),
    showIfEquals: z.preprocess(lines, z.array(storableString().max(500))),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const limits = { minLength: v.minLength, maxLength: v.maxLength, min: v.min, max: v.max, minSelections: v.minSelections, maxSelections: v.maxSelections };
    for (const p of questionSettingProblems({ type: v.type, options: v.options, limits })) issue(p.field, p.message);
    if (v.showIfQuestion && !v.showIfEquals.length) issue("showIfEquals", "Enter the answer (or answers) that show this question");
    if (!v.showIfQuestion && v.showIfEquals.length) issue("showIfQuestion", "Select the question whose answer decides whether this one is shown");
    if (v.showIfQuestion && v.showIfQuestion === v.number) issue("showIfQuestion", "A question cannot depend on its own answer");
  })
  .transform((v) => {
    const uses = new Set(LIMITS_BY_TYPE[v.type]);
    const limits: QuestionLimits = {};
    for (const key of ["minLength", "maxLength", "min", "max", "minSelections", "maxSelections"] as const) {
      if (uses.has(key) && v[key] !== undefined) limits[key] = v[key];
    }
    return {
      number: v.number,
      subheading: v.subheading || null,
      type: v.type,
      text: v.text,
      hint: v.hint,
      required: v.required,
      options: TYPES_WITH_OPTIONS.includes(v.type) ? v.options : [],
      limits,
      showIf: v.showIfQuestion ? { questionNumber: v.showIfQuestion, equals: v.showIfEquals } : null,
    };
  });

export type QuestionInput = z.infer<typeof questionFields>;

export const questionSchema = z.intersection(
  z.object({ consultationId: id, sectionId: id, questionId: id.optional(), editBase: editBaseField }),
  questionFields,
);

// ---------------------------------------------------------------------------------------------
// Publishing settings

export const reminderSettingsSchema = z.object({
  consultationId: id,
  reminderDaysBefore: optionalInt("Days before the closing date", { min: 1, max: 90 }),
});

/** Reopen a closed consultation until a new closing date. */
export const reopenConsultationSchema = z.preprocess(
  gatherDates(["closesOn"]),
  z.object({
    consultationId: id,
    closesOn: optionalDate("New closing date").pipe(z.string({ error: "Enter the new closing date" })),
  }),
);

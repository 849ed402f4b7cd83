// The question-set JSON format: a consultation's structure as a portable, versioned document.
// Used by the importer, the exporter, the seed files and the public API. Documented in
// docs/question-set.md and published as JSON Schema at /api/v1/question-set.schema.json.
import { z } from "zod";
import { CONSULTATION_KINDS, QUESTION_TYPES } from "../../db/schema/consultations";
import { questionSettingProblems } from "../consultations/schemas";
import { calendarDateProblem, DATE_RANGE_MESSAGE } from "../input/dates";
import { storableString } from "../input/text";

export const QUESTION_SET_FORMAT = "council-consult/question-set" as const;
export const QUESTION_SET_FORMAT_VERSION = 1 as const;

/** Text Postgres can store (no NUL, no unpaired surrogate): every string in a question set. */
const text = storableString;

/**
 * "2026-03-03", or a date relative to when the file is loaded ("@+30d", "@-7d"), for demo data:
 * a real day from 1900 to 9999 either way (Postgres refuses dates far out of range).
 */
const DATE_FORM = /^(\d{4}-\d{2}-\d{2}|@[+-]\d+d)$/;
export const isoDate = z
  .string()
  .regex(DATE_FORM, "Use a date as YYYY-MM-DD")
  .superRefine((value, ctx) => {
    if (!DATE_FORM.test(value)) return;
    const rel = /^@[+-](\d+)d$/.exec(value);
    // Checked before resolving: a huge offset makes no date at all.
    const problem = rel && rel[1]!.length > 6 ? DATE_RANGE_MESSAGE : calendarDateProblem(resolveDate(value));
    if (problem) ctx.addIssue({ code: "custom", message: rel ? DATE_RANGE_MESSAGE : problem });
  });

export const questionLimitsSchema = z
  .object({
    maxLength: z.number().int().positive().max(100_000).optional(),
    minLength: z.number().int().nonnegative().max(100_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minSelections: z.number().int().nonnegative().max(100).optional(),
    maxSelections: z.number().int().positive().max(100).optional(),
  })
  .strict();

export const showIfSchema = z
  .object({
    questionNumber: text().min(1),
    equals: z.array(text().min(1)).min(1),
  })
  .strict();

export const questionSetQuestionSchema = z
  .object({
    number: text().trim().min(1, "Give the question a number").max(20),
    subheading: text().trim().max(300).optional(),
    type: z.enum(QUESTION_TYPES),
    text: text().trim().min(1, "Enter the question text").max(5000),
    hint: text().max(2000).optional(),
    required: z.boolean().default(false),
    options: z.array(text().trim().min(1).max(500)).max(100).optional(),
    limits: questionLimitsSchema.optional(),
    showIf: showIfSchema.optional(),
    /** The council's draft answer to this question, for a consultation to answer. */
    draftAnswer: text().max(100_000).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // The editor's own rules (options, and limits no answer could pass), at the offending field.
    for (const p of questionSettingProblems({ type: q.type, options: q.options ?? [], limits: q.limits ?? {} })) {
      ctx.addIssue({ code: "custom", path: p.field === "options" ? ["options"] : ["limits", p.field], message: p.message });
    }
  });

export const questionSetChapterSchema = z
  .object({
    title: text().trim().min(1, "Give the chapter a title").max(300),
    description: text().max(5000).optional(),
    questions: z.array(questionSetQuestionSchema).max(500),
  })
  .strict();

export const questionSetStageSchema = z
  .object({
    name: text().trim().min(1).max(200),
    description: text().max(5000).optional(),
    startsOn: isoDate.optional(),
    dueOn: isoDate.optional(),
  })
  .strict();

export const questionSetSchema = z
  .object({
    format: z.literal(QUESTION_SET_FORMAT),
    formatVersion: z.literal(QUESTION_SET_FORMAT_VERSION),
    title: text().trim().min(1, "Give the consultation a title").max(300),
    summary: text().max(20_000).optional(),
    kind: z.enum(CONSULTATION_KINDS),
    askedBy: text().max(200).optional(),
    responseDeadline: isoDate.optional(),
    opensOn: isoDate.optional(),
    closesOn: isoDate.optional(),
    audienceDescription: text().max(5000).optional(),
    privacyNotice: text().max(20_000).optional(),
    stages: z.array(questionSetStageSchema).max(50).default([]),
    chapters: z.array(questionSetChapterSchema).min(1, "Add at least one chapter").max(100),
  })
  .strict()
  .superRefine((set, ctx) => {
    // Date order, on the dates as resolved today (a relative date moves with the day it is read).
    const day = (v?: string) => (v ? resolveDate(v) : undefined);
    const [opens, closes] = [day(set.opensOn), day(set.closesOn)];
    if (opens && closes && closes <= opens) {
      ctx.addIssue({ code: "custom", path: ["closesOn"], message: "The closing date must be after the opening date" });
    }
    set.stages.forEach((s, i) => {
      const [start, due] = [day(s.startsOn), day(s.dueOn)];
      if (start && due && due < start) ctx.addIssue({ code: "custom", path: ["stages", i, "dueOn"], message: `Stage “${s.name}” is due before it starts` });
    });
    const seen = new Map<string, number>();
    set.chapters.forEach((chapter, c) =>
      chapter.questions.forEach((q, i) => {
        if (seen.has(q.number)) {
          ctx.addIssue({
            code: "custom",
            path: ["chapters", c, "questions", i, "number"],
            message: `Question number ${q.number} is used more than once`,
          });
        }
        if (q.showIf && !seen.has(q.showIf.questionNumber)) {
          ctx.addIssue({
            code: "custom",
            path: ["chapters", c, "questions", i, "showIf", "questionNumber"],
            message: `Show-if must refer to an earlier question (no question ${q.showIf.questionNumber} before this one)`,
          });
        }
        seen.set(q.number, i);
      }),
    );
  });

export type QuestionSet = z.infer<typeof questionSetSchema>;
export type QuestionSetInput = z.input<typeof questionSetSchema>;
export type QuestionSetQuestion = z.infer<typeof questionSetQuestionSchema>;
export type QuestionSetChapter = z.infer<typeof questionSetChapterSchema>;

/** Resolve a question-set date ("2026-03-03" or "@+30d") to a calendar date string. */
export function resolveDate(value: string, today: Date = new Date()): string {
  const rel = /^@([+-]\d+)d$/.exec(value);
  if (!rel) return value;
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + Number(rel[1]));
  // Out of JavaScript's range: left as written, for the schema's date check to refuse.
  return Number.isNaN(d.getTime()) ? value : d.toISOString().slice(0, 10);
}

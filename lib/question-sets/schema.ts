// The question-set JSON format: a consultation's structure as a portable, versioned document.
// Used by the importer, the exporter, the seed files and the public API. Documented in
// docs/question-set.md and published as JSON Schema at /api/v1/question-set.schema.json.
import { z } from "zod";
import { CONSULTATION_KINDS, QUESTION_TYPES } from "../../db/schema/consultations";

export const QUESTION_SET_FORMAT = "council-consult/question-set" as const;
export const QUESTION_SET_FORMAT_VERSION = 1 as const;

/** "2026-03-03", or a date relative to when the file is loaded ("@+30d", "@-7d"), for demo data. */
export const isoDate = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2}|@[+-]\d+d)$/, "Use a date as YYYY-MM-DD");

export const questionLimitsSchema = z
  .object({
    maxLength: z.number().int().positive().max(100_000).optional(),
    minLength: z.number().int().nonnegative().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minSelections: z.number().int().nonnegative().optional(),
    maxSelections: z.number().int().positive().optional(),
  })
  .strict();

export const showIfSchema = z
  .object({
    questionNumber: z.string().min(1),
    equals: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const questionSetQuestionSchema = z
  .object({
    number: z.string().trim().min(1, "Give the question a number").max(20),
    subheading: z.string().trim().max(300).optional(),
    type: z.enum(QUESTION_TYPES),
    text: z.string().trim().min(1, "Enter the question text").max(5000),
    hint: z.string().max(2000).optional(),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
    limits: questionLimitsSchema.optional(),
    showIf: showIfSchema.optional(),
    /** The council's draft answer to this question, for a consultation to answer. */
    draftAnswer: z.string().max(100_000).optional(),
  })
  .strict();

export const questionSetChapterSchema = z
  .object({
    title: z.string().trim().min(1, "Give the chapter a title").max(300),
    description: z.string().max(5000).optional(),
    questions: z.array(questionSetQuestionSchema).max(500),
  })
  .strict();

export const questionSetStageSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    startsOn: isoDate.optional(),
    dueOn: isoDate.optional(),
  })
  .strict();

export const questionSetSchema = z
  .object({
    format: z.literal(QUESTION_SET_FORMAT),
    formatVersion: z.literal(QUESTION_SET_FORMAT_VERSION),
    title: z.string().trim().min(1, "Give the consultation a title").max(300),
    summary: z.string().max(20_000).optional(),
    kind: z.enum(CONSULTATION_KINDS),
    askedBy: z.string().max(200).optional(),
    responseDeadline: isoDate.optional(),
    opensOn: isoDate.optional(),
    closesOn: isoDate.optional(),
    audienceDescription: z.string().max(5000).optional(),
    privacyNotice: z.string().max(20_000).optional(),
    stages: z.array(questionSetStageSchema).max(50).default([]),
    chapters: z.array(questionSetChapterSchema).min(1, "Add at least one chapter").max(100),
  })
  .strict()
  .superRefine((set, ctx) => {
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
  return d.toISOString().slice(0, 10);
}

// Input of the codeframe commands (themes, tags, keyword rules), shared by actions, the API
// and the OpenAPI document.
import { z } from "zod";

const uuid = z.string().uuid("Choose a theme");
/** The consultation the caller acts in (the page's): a record of another one is not found. */
const inConsultationOptional = { consultationId: z.string().uuid().optional() };
const name = z.string().trim().min(1, "Enter a name for the theme").max(120, "Theme names must be 120 characters or fewer");
const description = z.string().trim().max(2000, "Descriptions must be 2,000 characters or fewer");

export const createThemeSchema = z.object({
  consultationId: z.string().uuid(),
  questionId: z.string().uuid(),
  name,
  description: description.optional(),
  parentId: uuid.nullable().optional(),
});
export type CreateThemeInput = z.infer<typeof createThemeSchema>;

export const updateThemeSchema = z.object({
  ...inConsultationOptional,
  themeId: uuid,
  name,
  description: description.optional(),
  parentId: uuid.nullable().optional(),
  /** The version the officer saw; a change in between is refused with both versions. */
  baseVersion: z.number().int().positive(),
});
export type UpdateThemeInput = z.infer<typeof updateThemeSchema>;

export const mergeThemesSchema = z.object({ ...inConsultationOptional, sourceThemeId: uuid, targetThemeId: uuid });
export type MergeThemesInput = z.infer<typeof mergeThemesSchema>;

const answerKey = z.object({ responseId: z.string().uuid(), questionId: z.string().uuid() });
export type AnswerKey = z.infer<typeof answerKey>;
/** An answer named as its URL names it: the consultation, the question, the response. */
export type ConsultationAnswer = AnswerKey & { consultationId: string };

export const splitThemeSchema = z.object({
  themeId: uuid,
  name,
  description: description.optional(),
  /** The tagged answers that move to the new theme. */
  answers: z.array(answerKey).min(1, "Choose the answers that move to the new theme").max(100_000),
});
export type SplitThemeInput = z.infer<typeof splitThemeSchema>;

export const deleteThemeSchema = z.object({
  ...inConsultationOptional,
  themeId: uuid,
  /** Where the theme's tags go; without it they go to its parent theme, or are removed. */
  moveTagsTo: uuid.nullable().optional(),
});
export type DeleteThemeInput = z.infer<typeof deleteThemeSchema>;

const passage = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(1) })
  .refine((p) => p.end > p.start, { message: "Highlight some of the answer", path: ["end"] });

export const tagAnswerSchema = answerKey.extend({
  ...inConsultationOptional,
  themeId: uuid,
  passage: passage.nullable().optional(),
  /** The answer's tag version the officer saw (If-Match); omitted, the change is applied on top. */
  baseVersion: z.number().int().positive().optional(),
});
export type TagAnswerInput = z.infer<typeof tagAnswerSchema>;

export const removePassageSchema = answerKey.extend({ ...inConsultationOptional, tagId: z.string().uuid(), baseVersion: z.number().int().positive().optional() });
export type RemovePassageInput = z.infer<typeof removePassageSchema>;

export const setAnswerTagsSchema = answerKey.extend({
  ...inConsultationOptional,
  themeIds: z.array(uuid).max(200),
  analysed: z.boolean().optional(),
  baseVersion: z.number().int().positive().optional(),
});
export type SetAnswerTagsInput = z.infer<typeof setAnswerTagsSchema>;

const phrase = z.string().trim().min(1).max(200, "Each word or phrase must be 200 characters or fewer");
export const setThemeRulesSchema = z.object({
  ...inConsultationOptional,
  themeId: uuid,
  phrases: z.array(phrase).max(100),
  exclusions: z.array(phrase).max(100),
});
export type SetThemeRulesInput = z.infer<typeof setThemeRulesSchema>;

// ---------------------------------------------------------------------------------------------
// The same inputs as posted by the pages' plain forms (strings; checkboxes as repeated names).

const formUuid = (message: string) => z.string({ error: message }).uuid(message);
const optionalFormUuid = (message: string) =>
  z
    .union([z.literal(""), z.string().uuid(message)])
    .optional()
    .transform((v) => (v ? v : null));
const version = z.coerce.number({ error: "Reload the page and try again" }).int().positive("Reload the page and try again");
const uuidList = (message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter(Boolean) : [v]))
    .pipe(z.array(z.string().uuid(message)).max(1000));
const lines = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(phrase).max(100, "Enter 100 words or phrases or fewer"));

const inConsultation = { consultationId: z.string().uuid() };

export const createThemeFormSchema = z.object({
  ...inConsultation,
  questionId: z.string().uuid(),
  name,
  description: description.optional(),
  parentId: optionalFormUuid("Choose a theme"),
});

export const updateThemeFormSchema = z.object({
  ...inConsultation,
  themeId: uuid,
  name,
  description: description.optional(),
  parentId: optionalFormUuid("Choose a theme"),
  baseVersion: version,
});

/**
 * The closed question the themes page compared themes with (`?by=`), carried by a form whose
 * action redirects, so that the page comes back to it. Only where to go back to: anything but an
 * id is dropped, never a reason to refuse the form.
 */
const crossTabBy = z.string().uuid().optional().catch(undefined);

export const mergeThemesFormSchema = z.object({ ...inConsultation, sourceThemeId: formUuid("Choose a theme to merge"), targetThemeId: formUuid("Choose the theme to merge it into"), by: crossTabBy });

export const deleteThemeFormSchema = z.object({ ...inConsultation, themeId: uuid, moveTagsTo: optionalFormUuid("Choose a theme"), by: crossTabBy });

/** The rules form, with each list's fingerprint as the form was drawn (lib/input/edit-merge). */
export const themeRulesFormSchema = z.object({ ...inConsultation, themeId: uuid, phrases: lines, exclusions: lines, editBase: z.string().max(8_000).optional() });

export const questionFormSchema = z.object({ ...inConsultation, questionId: z.string().uuid() });

/** One answer's whole-answer themes (checkboxes) and "analysed", with the version the form showed. */
export const answerTagsFormSchema = z.object({
  ...inConsultation,
  questionId: z.string().uuid(),
  responseId: z.string().uuid(),
  themeIds: uuidList("Choose themes of this question"),
  analysed: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
  baseVersion: version,
});

/**
 * A passage of one answer, given as the words copied from it (works with the keyboard and without
 * JavaScript). No base version: tagging a passage only adds (its words are found in the answer as
 * it is then), so a change made meanwhile, the officer's own other form's save included, is no
 * reason to refuse it.
 */
export const passageTagFormSchema = z.object({
  ...inConsultation,
  questionId: z.string().uuid(),
  responseId: z.string().uuid(),
  themeId: formUuid("Choose a theme"),
  quote: z.string({ error: "Copy the words of the passage from the answer" }).trim().min(1, "Copy the words of the passage from the answer").max(5000, "A passage must be 5,000 characters or fewer"),
});
export type PassageTagInput = z.infer<typeof passageTagFormSchema>;

/** The collation page's "Remove" beside one of an answer's tagged passages (its button names the tag). */
export const removePassageFormSchema = z.object({
  ...inConsultation,
  questionId: z.string().uuid(),
  responseId: z.string().uuid(),
  tagId: formUuid("Choose a passage to remove"),
});

/** Tag the chosen answers, or every answer matching a search, with a theme; or split the chosen ones off a theme. */
export const bulkTagFormSchema = z
  .object({
    ...inConsultation,
    questionId: z.string().uuid(),
    op: z.enum(["tag", "untag", "analysed", "split"]).default("tag"),
    themeId: optionalFormUuid("Choose a theme"),
    responseIds: uuidList("Choose answers from the list"),
    /** A search (as on the collation page): every matching submitted answer, not only the page shown. */
    q: z.string().trim().max(200).optional(),
    newName: z.string().trim().max(120, "Theme names must be 120 characters or fewer").optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.responseIds.length && !v.q) ctx.addIssue({ code: "custom", path: ["responseIds"], message: "Choose answers from the list" });
    if ((v.op === "tag" || v.op === "untag" || v.op === "split") && !v.themeId) ctx.addIssue({ code: "custom", path: ["themeId"], message: "Choose a theme" });
    if (v.op === "split" && !v.newName) ctx.addIssue({ code: "custom", path: ["newName"], message: "Enter a name for the new theme" });
    if (v.op === "split" && !v.responseIds.length) ctx.addIssue({ code: "custom", path: ["responseIds"], message: "Choose the answers that move to the new theme" });
  });
export type BulkTagInput = z.infer<typeof bulkTagFormSchema>;

export const runFormSchema = z.object({ ...inConsultation, runId: z.string().uuid() });
export const suggestionFormSchema = z.object({
  ...inConsultation,
  runId: z.string().uuid(),
  key: z.string().min(1).max(20),
  op: z.enum(["accept", "merge", "reject"]),
  name: z.string().trim().max(120, "Theme names must be 120 characters or fewer").optional(),
  themeId: optionalFormUuid("Choose a theme"),
}).superRefine((v, ctx) => {
  if (v.op === "merge" && !v.themeId) ctx.addIssue({ code: "custom", path: ["themeId"], message: "Choose the theme to merge the suggestion into" });
});

/** The API's PUT of an answer's tags (If-Match carries the version). */
export const putAnswerTagsBodySchema = z.object({
  themeIds: z.array(z.string().uuid()).max(200),
  analysed: z.boolean().optional(),
});

/**
 * The API's passage to tag: its words (`quote`, found as the form finds them) or its offsets in the
 * answer's text (`start`, and `end` not included), one or the other.
 */
export const postPassageBodySchema = z
  .object({
    themeId: z.string().uuid(),
    quote: z.string().trim().min(1, "Give the words of the passage").max(5000, "A passage must be 5,000 characters or fewer").optional(),
    start: z.number().int().min(0).optional(),
    end: z.number().int().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    const offsets = v.start !== undefined || v.end !== undefined;
    if (v.quote !== undefined && offsets) ctx.addIssue({ code: "custom", path: ["quote"], message: "Give the passage's words (quote) or its offsets (start and end), not both" });
    else if (v.quote === undefined && !offsets) ctx.addIssue({ code: "custom", path: ["quote"], message: "Give the passage's words (quote) or its offsets (start and end)" });
    else if (offsets && v.start === undefined) ctx.addIssue({ code: "custom", path: ["start"], message: "Give the passage's start with its end" });
    else if (offsets && v.end === undefined) ctx.addIssue({ code: "custom", path: ["end"], message: "Give the passage's end with its start" });
    else if (offsets && v.end! <= v.start!) ctx.addIssue({ code: "custom", path: ["end"], message: "The passage's end must come after its start" });
  });

// ---------------------------------------------------------------------------------------------
// A second officer's review of tags (double-coding a sample, agreement, resolution).

export const REVIEW_SAMPLE = { min: 5, max: 200, default: 20 } as const;

export const startTagReviewFormSchema = z.object({
  ...inConsultation,
  questionId: z.string().uuid(),
  size: z.coerce
    .number({ error: `Enter a number of answers from ${REVIEW_SAMPLE.min} to ${REVIEW_SAMPLE.max}` })
    .int(`Enter a whole number of answers from ${REVIEW_SAMPLE.min} to ${REVIEW_SAMPLE.max}`)
    .min(REVIEW_SAMPLE.min, `Enter a number of answers from ${REVIEW_SAMPLE.min} to ${REVIEW_SAMPLE.max}`)
    .max(REVIEW_SAMPLE.max, `Enter a number of answers from ${REVIEW_SAMPLE.min} to ${REVIEW_SAMPLE.max}`),
});
export type StartTagReviewInput = z.infer<typeof startTagReviewFormSchema>;

/** The second officer's themes for one sampled answer, with the item's version the form showed. */
export const codeReviewItemFormSchema = z.object({
  ...inConsultation,
  reviewId: z.string().uuid(),
  responseId: z.string().uuid(),
  themeIds: uuidList("Choose themes of this question"),
  baseVersion: version,
});
export type CodeReviewItemInput = z.infer<typeof codeReviewItemFormSchema>;

/** The themes agreed for an answer the two officers coded differently; they become its tags. */
export const resolveReviewItemFormSchema = codeReviewItemFormSchema.extend({
  note: z.string().trim().max(2000, "Notes must be 2,000 characters or fewer").optional(),
});
export type ResolveReviewItemInput = z.infer<typeof resolveReviewItemFormSchema>;

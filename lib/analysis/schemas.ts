// Input of the codeframe commands (themes, tags, keyword rules), shared by actions, the API
// and the OpenAPI document.
import { z } from "zod";

const uuid = z.string().uuid("Choose a theme");
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
  themeId: uuid,
  name,
  description: description.optional(),
  parentId: uuid.nullable().optional(),
  /** The version the officer saw; a change in between is refused with both versions. */
  baseVersion: z.number().int().positive(),
});
export type UpdateThemeInput = z.infer<typeof updateThemeSchema>;

export const mergeThemesSchema = z.object({ sourceThemeId: uuid, targetThemeId: uuid });
export type MergeThemesInput = z.infer<typeof mergeThemesSchema>;

const answerKey = z.object({ responseId: z.string().uuid(), questionId: z.string().uuid() });
export type AnswerKey = z.infer<typeof answerKey>;

export const splitThemeSchema = z.object({
  themeId: uuid,
  name,
  description: description.optional(),
  /** The tagged answers that move to the new theme. */
  answers: z.array(answerKey).min(1, "Choose the answers that move to the new theme").max(100_000),
});
export type SplitThemeInput = z.infer<typeof splitThemeSchema>;

export const deleteThemeSchema = z.object({
  themeId: uuid,
  /** Where the theme's tags go; without it they go to its parent theme, or are removed. */
  moveTagsTo: uuid.nullable().optional(),
});
export type DeleteThemeInput = z.infer<typeof deleteThemeSchema>;

const passage = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(1) })
  .refine((p) => p.end > p.start, { message: "Highlight some of the answer", path: ["end"] });

export const tagAnswerSchema = answerKey.extend({
  themeId: uuid,
  passage: passage.nullable().optional(),
  /** The answer's tag version the officer saw (If-Match); omitted, the change is applied on top. */
  baseVersion: z.number().int().positive().optional(),
});
export type TagAnswerInput = z.infer<typeof tagAnswerSchema>;

export const untagAnswerSchema = answerKey.extend({ tagId: z.string().uuid(), baseVersion: z.number().int().positive().optional() });
export type UntagAnswerInput = z.infer<typeof untagAnswerSchema>;

export const setAnswerTagsSchema = answerKey.extend({
  themeIds: z.array(uuid).max(200),
  analysed: z.boolean().optional(),
  baseVersion: z.number().int().positive().optional(),
});
export type SetAnswerTagsInput = z.infer<typeof setAnswerTagsSchema>;

const phrase = z.string().trim().min(1).max(200, "Each word or phrase must be 200 characters or fewer");
export const setThemeRulesSchema = z.object({
  themeId: uuid,
  phrases: z.array(phrase).max(100),
  exclusions: z.array(phrase).max(100),
});
export type SetThemeRulesInput = z.infer<typeof setThemeRulesSchema>;

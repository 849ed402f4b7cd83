// The shapes a respondent's forms post (zod), for the server actions; the field names they use
// live in fields.ts and are re-exported here.
import { z } from "zod";

export * from "./fields";

const formText = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * The fixed fields of the chapter form; the answers themselves travel in the loose remainder
 * and are parsed per question by lib/questions/answers.ts.
 */
export const chapterFormSchema = z.looseObject({
  slug: z.preprocess(formText, z.string().min(1).max(200)),
  chapter: z.preprocess(formText, z.coerce.number().int().min(1).max(1000)),
  organisationId: z.preprocess(formText, z.uuid({ error: "Choose the organisation you are responding for" })),
  intent: z.preprocess(formText, z.enum(["continue", "later", "autosave"]).catch("later")),
  returnTo: z.preprocess(formText, z.enum(["check"]).optional().catch(undefined)),
});

export const submitFormSchema = z.object({
  slug: z.preprocess(formText, z.string().min(1).max(200)),
  organisationId: z.preprocess(formText, z.uuid({ error: "Choose the organisation you are responding for" })),
  /** The revision the check page showed: a second post of the same page is the same submission. */
  revision: z.preprocess(formText, z.coerce.number().int().min(0)),
  declaration: z.preprocess(formText, z.literal("yes").optional().catch(undefined)),
});

export type ChapterFormInput = z.infer<typeof chapterFormSchema>;
export type SubmitFormInput = z.infer<typeof submitFormSchema>;

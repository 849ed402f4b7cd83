// The editor forms' zod schemas for react-hook-form in the browser: the same field schemas the
// server actions use, without the hidden ids (which the browser never edits).
import { z } from "zod";
import { chapterFields, gatherDates, newConsultationSchema, questionFields, stageFields } from "@/lib/consultations/schemas";

export const CLIENT_SCHEMAS = {
  details: newConsultationSchema,
  stage: z.preprocess(gatherDates(["startsOn", "dueOn"]), stageFields),
  chapter: chapterFields,
  question: questionFields,
} as const;

export type ClientSchemaName = keyof typeof CLIENT_SCHEMAS;

// Input of the publication pages (issue 18 B): the outcome editor, moderation decisions and the
// public pages' filters. Shared by the server actions, the API and the OpenAPI document.
import { z } from "zod";
import { isUuid } from "../sql";
import { REDACTION_REASONS } from "./redactions";

const uuid = z.string().uuid("Choose a consultation");
const text = (max: number, what: string) =>
  z.string().trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);

export const saveOutcomeSchema = z.object({
  consultationId: uuid,
  weAsked: text(20_000, "What we asked").min(1, "Enter what we asked"),
  youSaid: text(20_000, "What you said").min(1, "Enter what you said"),
  weDid: text(20_000, "What we did").min(1, "Enter what we did"),
  outcomeDate: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as a real date, for example 2026-12-04")
    .refine((d) => !Number.isNaN(new Date(`${d}T12:00:00Z`).getTime()), "Enter a real date"),
  baseVersion: z.coerce.number().int().min(0),
});
export type SaveOutcomeInput = z.output<typeof saveOutcomeSchema>;

export const publishOutcomeSchema = z.object({
  consultationId: uuid,
  baseVersion: z.coerce.number().int().min(0),
  publish: z.enum(["yes", "no"]).transform((v) => v === "yes"),
});

const answerKey = {
  consultationId: uuid,
  responseId: z.string().uuid(),
  questionId: z.string().uuid(),
  baseVersion: z.coerce.number().int().min(1),
};

/**
 * A redaction: offsets (from a browser's selection) or, without JavaScript, the passage's text
 * and which occurrence of it. One of the two is needed.
 */
export const redactSchema = z
  .object({
    ...answerKey,
    start: z.coerce.number().int().min(0).optional().or(z.literal("").transform(() => undefined)),
    end: z.coerce.number().int().min(1).optional().or(z.literal("").transform(() => undefined)),
    passage: z.string().max(5_000, "The passage must be 5,000 characters or fewer").default(""),
    occurrence: z.coerce.number().int().min(1).max(1000).default(1),
    reason: z.enum(REDACTION_REASONS, { message: "Choose why this passage is redacted" }),
    note: text(500, "The note").default(""),
  })
  .refine((v) => (v.start !== undefined && v.end !== undefined) || v.passage.trim() !== "", {
    message: "Copy the passage to redact into the box, or select it in the answer",
    path: ["passage"],
  })
  .refine((v) => v.reason !== "other" || v.note !== "", { message: "Say why, in the note, when the reason is Other", path: ["note"] });
export type RedactInput = z.output<typeof redactSchema>;

export const unredactSchema = z.object({ ...answerKey, redactionId: z.string().min(1).max(64) });

export const decideSchema = z
  .object({
    ...answerKey,
    decision: z.enum(["approve", "withhold"], { message: "Choose approve or withhold" }),
    withheldReason: text(500, "The reason").default(""),
  })
  .refine((v) => v.decision !== "withhold" || v.withheldReason !== "", {
    message: "Say why the answer is withheld",
    path: ["withheldReason"],
  });
export type DecideInput = z.output<typeof decideSchema>;

export const MODERATION_FILTERS = ["pending", "approved", "withheld", "all"] as const;
export const queueFilterSchema = z.object({
  state: z.enum(MODERATION_FILTERS).catch("pending"),
  after: z
    .string()
    .refine((v) => v.split(":").length === 2 && v.split(":").every(isUuid))
    .optional()
    .catch(undefined),
});

export const publicListSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  after: z
    .string()
    .regex(/^[A-Z0-9-]{4,40}$/)
    .optional()
    .catch(undefined),
});

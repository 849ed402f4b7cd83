// Input schemas for the council's draft answers, shared by server actions and the API.
import { z } from "zod";
import { EDITABLE_DRAFT_STATUSES } from "./statuses";

export { DRAFT_STATUS_VALUES, EDITABLE_DRAFT_STATUSES } from "./statuses";
export const DRAFT_TEXT_MAX = 20_000;

/** "" from a select means nobody. */
const optionalUuid = (message: string) =>
  z
    .union([z.literal(""), z.uuid({ error: message })])
    .optional()
    .transform((v) => (v ? v : null));

export const saveDraftAnswerSchema = z.object({
  consultationId: z.uuid(),
  questionId: z.uuid(),
  text: z
    .string({ error: "Enter the council's answer" })
    .max(DRAFT_TEXT_MAX, `The answer must be ${DRAFT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`)
    .transform((s) => s.replace(/\r\n/g, "\n").replace(/\u0000/g, "")),
  status: z.enum(EDITABLE_DRAFT_STATUSES, { error: "Select a status" }),
  assigneeId: optionalUuid("Select an officer from the list"),
  /** The version the officer started from (hidden field); 0 when no draft existed yet. */
  baseVersion: z.coerce.number({ error: "Reload the page and try again" }).int().min(0),
});
export type SaveDraftAnswerInput = z.infer<typeof saveDraftAnswerSchema>;

export const assignDraftAnswersSchema = z.object({
  consultationId: z.uuid(),
  questionIds: z
    .union([z.uuid(), z.array(z.uuid())], { error: "Select at least one question" })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.uuid()).min(1, "Select at least one question").max(500)),
  assigneeId: optionalUuid("Select an officer from the list"),
});
export type AssignDraftAnswersInput = z.infer<typeof assignDraftAnswersSchema>;

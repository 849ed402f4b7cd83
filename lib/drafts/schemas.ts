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
  /**
   * The status and assignee the form showed (hidden fields), so that a save over a colleague's
   * status or assignee change keeps theirs unless this officer changed it too. Optional: without
   * them the status and assignee of the text revision at the base version stand in.
   */
  baseStatus: z.enum(EDITABLE_DRAFT_STATUSES).or(z.literal("approved")).optional().catch(undefined),
  baseAssigneeId: z
    .union([z.literal(""), z.uuid()])
    .optional()
    .catch(undefined)
    .transform((v) => (v === undefined ? undefined : v || null)),
});
type SaveDraftAnswerParsed = z.infer<typeof saveDraftAnswerSchema>;
export type SaveDraftAnswerInput = Omit<SaveDraftAnswerParsed, "baseStatus" | "baseAssigneeId"> &
  Partial<Pick<SaveDraftAnswerParsed, "baseStatus" | "baseAssigneeId">>;

export const assignDraftAnswersSchema = z.object({
  consultationId: z.uuid(),
  questionIds: z
    .union([z.uuid(), z.array(z.uuid())], { error: "Select at least one question" })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.uuid()).min(1, "Select at least one question").max(500)),
  assigneeId: optionalUuid("Select an officer from the list"),
});
export type AssignDraftAnswersInput = z.infer<typeof assignDraftAnswersSchema>;

/** Restore an earlier revision's text as a new revision, from the version the officer saw. */
export const restoreDraftRevisionSchema = z.object({
  consultationId: z.uuid(),
  questionId: z.uuid(),
  /** The revision whose text comes back. */
  revision: z.coerce.number({ error: "Choose a version to restore" }).int().min(1, "Choose a version to restore"),
  /** The draft's version when the page was shown: a restore over a newer save is a conflict. */
  baseVersion: z.coerce.number({ error: "Reload the page and try again" }).int().min(1),
});
export type RestoreDraftRevisionInput = z.infer<typeof restoreDraftRevisionSchema>;

export const EMPTY_READY_MESSAGE = "Write the council's answer before marking it ready for review";

// Input schemas for draft documents and comments on them, shared by the pages' forms and the API.
import { z } from "zod";
import { COMMENT_OUTCOMES, COMMENT_STANCES, ENDORSEMENT_DECISIONS } from "../../db/schema/documents";
import { MAX_DOCUMENT_CHARS } from "./split";

export const COMMENT_TEXT_MAX = 10_000;
export const TITLE_MAX = 200;

const text = (max: number, tooLong: string) =>
  z
    .string()
    .max(max, tooLong)
    .transform((s) => s.replace(/\r\n?/g, "\n").replace(/\u0000/g, "").trim());

export const STANCE_LABELS: Record<(typeof COMMENT_STANCES)[number], string> = {
  support: "Support",
  object: "Object",
  comment: "Comment",
};

export const OUTCOME_LABELS: Record<(typeof COMMENT_OUTCOMES)[number], string> = {
  changed: "Changed",
  not_changed: "Not changed",
  partly: "Partly changed",
  noted: "Noted",
};

export const createDocumentSchema = z.object({
  consultationId: z.uuid(),
  title: text(TITLE_MAX, `The title must be ${TITLE_MAX} characters or fewer`).pipe(z.string().min(1, "Enter the document's title")),
  summary: text(2_000, "The summary must be 2,000 characters or fewer").default(""),
  stageId: z.uuid({ error: "Select the stage at which partners comment on it" }),
  label: text(100, "The version's name must be 100 characters or fewer").pipe(z.string().min(1, "Enter what this version is called, for example “Evidence base”")),
  openToAll: z
    .union([z.literal("yes"), z.literal("on"), z.literal("")])
    .optional()
    .transform((v) => v === "yes" || v === "on"),
  text: text(MAX_DOCUMENT_CHARS, "The text is too long: split it into two documents").default(""),
});
export type CreateDocumentInput = z.input<typeof createDocumentSchema>;

export const saveVersionTextSchema = z.object({
  versionId: z.uuid(),
  text: text(MAX_DOCUMENT_CHARS, "The text is too long: split it into two documents").pipe(z.string().min(1, "Enter the document's text")),
  baseEditVersion: z.coerce.number({ error: "Reload the page and try again" }).int().min(1),
});

export const startVersionSchema = z.object({
  documentId: z.uuid(),
  stageId: z.uuid({ error: "Select the stage at which partners comment on it" }),
  label: text(100, "The version's name must be 100 characters or fewer").pipe(z.string().min(1, "Enter what this version is called, for example “First draft”")),
});

export const saveCommentSchema = z.object({
  documentId: z.uuid(),
  organisationId: z.uuid(),
  paragraphId: z.uuid({ error: "Choose the paragraph your comment is about" }),
  /** Absent for a new comment. */
  commentId: z
    .union([z.literal(""), z.uuid()])
    .optional()
    .transform((v) => v || null),
  stance: z.enum(COMMENT_STANCES, { error: "Select whether you support, object or comment" }),
  text: text(COMMENT_TEXT_MAX, `Your comment must be ${COMMENT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`).pipe(z.string().min(1, "Enter your comment")),
  proposedChange: text(COMMENT_TEXT_MAX, `The change must be ${COMMENT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`).default(""),
  quote: text(2_000, "The passage must be 2,000 characters or fewer").default(""),
  /** The comment's version the form was edited from (0 for a new one). */
  baseEditVersion: z.coerce.number({ error: "Reload the page and try again" }).int().min(0).default(0),
});
export type SaveCommentInput = z.input<typeof saveCommentSchema>;

export const respondToCommentSchema = z.object({
  commentId: z.uuid(),
  response: text(COMMENT_TEXT_MAX, `The response must be ${COMMENT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`).pipe(z.string().min(1, "Enter the council's response")),
  outcome: z.enum(COMMENT_OUTCOMES, { error: "Select the outcome" }),
  /** The main issue the comment is grouped under (made when new); empty for none. */
  issueTitle: text(200, "The main issue must be 200 characters or fewer").default(""),
  /** The answer's version the form was edited from (0 when there was none). */
  baseEditVersion: z.coerce.number({ error: "Reload the page and try again" }).int().min(0).default(0),
});
export type RespondToCommentInput = z.input<typeof respondToCommentSchema>;

export const ENDORSEMENT_LABELS: Record<(typeof ENDORSEMENT_DECISIONS)[number], string> = {
  endorse: "Endorses",
  endorse_with_reservations: "Endorses with reservations",
  not_endorse: "Does not endorse",
};

export const putForEndorsementSchema = z.object({ documentId: z.uuid(), version: z.coerce.number().int().min(1) });

/** A named signatory's decision for their organisation on the final version. */
export const endorseSchema = z
  .object({
    documentId: z.uuid(),
    organisationId: z.uuid(),
    decision: z.enum(ENDORSEMENT_DECISIONS, { error: "Select whether your organisation endorses the final version" }),
    reservations: text(COMMENT_TEXT_MAX, `This must be ${COMMENT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`).default(""),
    position: text(200, "Your position must be 200 characters or fewer").pipe(z.string().min(1, "Enter your position in your organisation, for example “Chief Executive”")),
    /** The hash of the final text the signatory was shown: endorsing anything else is refused. */
    expectedHash: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, "Reload the page and try again"),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "endorse_with_reservations" && !v.reservations) {
      ctx.addIssue({ code: "custom", path: ["reservations"], message: "Enter your organisation's reservations" });
    }
    if (v.decision === "not_endorse" && !v.reservations) {
      ctx.addIssue({ code: "custom", path: ["reservations"], message: "Enter why your organisation does not endorse it" });
    }
  })
  .transform((v) => ({ ...v, reservations: v.decision === "endorse" ? "" : v.reservations }));
export type EndorseInput = z.input<typeof endorseSchema>;

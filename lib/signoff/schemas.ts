// Input schemas for sign-off: a signatory's decision on the answers in review, and reopening.
import { z } from "zod";

export const NOTE_MAX = 5_000;

const cleaned = (s: string | undefined) => (s ?? "").replace(/\r\n/g, "\n").replace(/\u0000/g, "").trim();

export const decideSignOffSchema = z
  .object({
    consultationId: z.uuid(),
    decision: z.enum(["approved", "returned"], { error: "Select whether you approve the answers or return them" }),
    note: z.string().optional(),
    /** The hash of the answers the signatory was shown: approving anything else is refused. */
    expectedHash: z
      .string()
      .optional()
      .transform((s) => (s ? s.trim().toLowerCase() : undefined)),
    /** A fingerprint of each answer shown (lib/signoff/seen.ts), to say which changed if the hash no longer matches. */
    seen: z.string().max(200_000).optional(),
  })
  .transform((v, ctx) => {
    const note = cleaned(v.note);
    if (v.decision === "returned" && !note) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Enter a note saying what needs to change" });
    }
    if (note.length > NOTE_MAX) ctx.addIssue({ code: "custom", path: ["note"], message: `The note must be ${NOTE_MAX.toLocaleString("en-GB")} characters or fewer` });
    if (v.expectedHash !== undefined && !/^[0-9a-f]{64}$/.test(v.expectedHash)) {
      ctx.addIssue({ code: "custom", path: ["_form"], message: "Reload the page and try again" });
    }
    return { consultationId: v.consultationId, decision: v.decision, note, expectedHash: v.expectedHash, ...(v.seen ? { seen: v.seen } : {}) };
  });
export type DecideSignOffInput = z.infer<typeof decideSignOffSchema>;

export const reopenSignOffSchema = z
  .object({ consultationId: z.uuid(), reason: z.string().optional() })
  .transform((v, ctx) => {
    const reason = cleaned(v.reason);
    if (!reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason for reopening the answers" });
    else if (reason.length > NOTE_MAX) ctx.addIssue({ code: "custom", path: ["reason"], message: `The reason must be ${NOTE_MAX.toLocaleString("en-GB")} characters or fewer` });
    return { consultationId: v.consultationId, reason };
  });
export type ReopenSignOffInput = z.infer<typeof reopenSignOffSchema>;

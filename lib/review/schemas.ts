// Input schemas for the review of the council's answers: comments and the committee's resolution.
import { z } from "zod";

export const COMMENT_MAX = 5_000;
export const RESOLUTION_MAX = 10_000;

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .transform((s) => s.replace(/\r\n/g, "\n").replace(/\u0000/g, "").trim())
    .pipe(z.string().min(1, `Enter ${what}`).max(max, `${what[0].toUpperCase()}${what.slice(1)} must be ${max.toLocaleString("en-GB")} characters or fewer`));

export const consultationOnlySchema = z.object({ consultationId: z.uuid() });

export const addCommentSchema = z.object({
  consultationId: z.uuid(),
  questionId: z.uuid(),
  parentId: z
    .union([z.literal(""), z.uuid()])
    .optional()
    .transform((v) => v || null),
  body: text("your comment", COMMENT_MAX),
});
export type AddCommentInput = z.infer<typeof addCommentSchema>;

export const setCommentStatusSchema = z.object({
  consultationId: z.uuid(),
  commentId: z.uuid(),
  status: z.enum(["open", "resolved"]),
});

/** A real calendar date from the three boxes of a GOV.UK date input. */
export function dateFromParts(day: string, month: string, year: string): { ok: true; value: string } | { ok: false; message: string } {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return { ok: false, message: "Enter the date of the meeting" };
  const missing = [!d && "day", !m && "month", !y && "year"].filter(Boolean) as string[];
  if (missing.length) return { ok: false, message: `Date of the meeting must include a ${missing.join(" and ")}` };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m)) return { ok: false, message: "Date of the meeting must be a real date" };
  if (!/^\d{4}$/.test(y)) return { ok: false, message: "Year must include 4 numbers" };
  const iso = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { ok: false, message: "Date of the meeting must be a real date" };
  return { ok: true, value: iso };
}

// The fields of a resolution, whatever it is about (a consultation's answers, a period's report).
export const resolutionFields = z.object({
  committee: z.string().optional().default(""),
  "meetingDate-day": z.string().optional().default(""),
  "meetingDate-month": z.string().optional().default(""),
  "meetingDate-year": z.string().optional().default(""),
  text: z.string().optional().default(""),
});

/** Fields are checked together in one pass so that every problem shows at once; null when any failed. */
export function checkResolution(v: z.infer<typeof resolutionFields>, ctx: z.RefinementCtx): { committee: string; meetingDate: string; text: string } | null {
  const date = dateFromParts(v["meetingDate-day"], v["meetingDate-month"], v["meetingDate-year"]);
  if (!date.ok) ctx.addIssue({ code: "custom", path: ["meetingDate"], message: date.message });
  const committee = v.committee.trim() || "Overview and Scrutiny Committee";
  if (committee.length > 200) ctx.addIssue({ code: "custom", path: ["committee"], message: "Committee name must be 200 characters or fewer" });
  const text = v.text.replace(/\r\n/g, "\n").replace(/\u0000/g, "").trim();
  if (!text) ctx.addIssue({ code: "custom", path: ["text"], message: "Enter the committee's resolution" });
  else if (text.length > RESOLUTION_MAX) {
    ctx.addIssue({ code: "custom", path: ["text"], message: `The resolution must be ${RESOLUTION_MAX.toLocaleString("en-GB")} characters or fewer` });
  }
  if (!date.ok || !text || text.length > RESOLUTION_MAX || committee.length > 200) return null;
  return { committee, meetingDate: date.value, text };
}

export const recordResolutionSchema = resolutionFields.extend({ consultationId: z.uuid() }).transform((v, ctx) => {
  const r = checkResolution(v, ctx);
  return r ? { consultationId: v.consultationId, ...r } : z.NEVER;
});
export type RecordResolutionInput = z.infer<typeof recordResolutionSchema>;

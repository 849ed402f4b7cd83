// The shapes the return and report forms post (zod), shared by the server actions and routes.
import { z } from "zod";
import { addCommentSchema, checkResolution, resolutionFields, setCommentStatusSchema } from "../review/schemas";
import { decideSignOffSchema, reopenSignOffSchema } from "../signoff/schemas";
import { parseBase } from "../responses/schemas";
import type { PostedItem } from "./commands";

const formText = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The return form: fixed fields; the items travel as "<id>.status", "<id>.base" and so on. */
export const returnFormSchema = z.looseObject({
  periodId: z.preprocess(formText, z.uuid({ error: "That reporting period was not found" })),
  organisationId: z.preprocess(formText, z.uuid({ error: "Choose the organisation you are reporting for" })),
  intent: z.preprocess(formText, z.enum(["save", "check"]).catch("save")),
  carry: z.preprocess(formText, z.uuid().optional().catch(undefined)),
});

export const submitReturnSchema = z.object({
  periodId: z.preprocess(formText, z.uuid()),
  organisationId: z.preprocess(formText, z.uuid()),
  revision: z.preprocess(formText, z.coerce.number().int().min(0).max(1_000_000)),
});

export const overrideRagSchema = z.object({
  returnItemId: z.preprocess(formText, z.uuid()),
  periodId: z.preprocess(formText, z.uuid()),
  rag: z.preprocess(formText, z.enum(["red", "amber", "green", "clear"], { error: "Choose Red, Amber or Green, or clear the override" })),
  reason: z.preprocess(formText, z.string().max(2000, "The reason must be 2000 characters or fewer").default("")),
  /** The override's fingerprints as the form was drawn (lib/input/edit-merge). */
  editBase: z.preprocess(formText, z.string().max(8_000).optional()),
});

export const reopenReturnSchema = z.object({
  periodId: z.preprocess(formText, z.uuid()),
  organisationId: z.preprocess(formText, z.uuid()),
  days: z.preprocess(formText, z.coerce.number({ error: "Enter a number of days" }).int("Enter a whole number of days").min(1, "Reopen for at least 1 day").max(60, "Reopen for at most 60 days")),
});

export const reportFilterSchema = z.object({
  priority: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
  owner: z.uuid().optional().catch(undefined),
  rag: z.enum(["red", "amber", "green", "none"]).optional().catch(undefined),
});

/** The report page's own choices beside the filters: the trend across periods, a page of exceptions, a page of a priority's milestones, every change of colour. */
export const reportPageSchema = z.object({
  trends: z.literal("1").optional().catch(undefined),
  xpage: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  mpage: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  changes: z.literal("all").optional().catch(undefined),
});

const ITEM_FIELD = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.base$/i;

/** The items a posted return form carries: one per "<id>.base" field. */
export function itemsFromForm(values: Record<string, unknown>, carryId?: string): PostedItem[] {
  const text = (k: string) => {
    const v = formText(values[k]);
    return typeof v === "string" ? v : undefined;
  };
  const items: PostedItem[] = [];
  for (const key of Object.keys(values)) {
    const m = ITEM_FIELD.exec(key);
    if (!m) continue;
    const id = m[1]!.toLowerCase();
    let base = text(`${m[1]}.base`) ?? null;
    let resolve: PostedItem["resolve"];
    const r = /^(mine|theirs):(.+)$/.exec(text(`${m[1]}.resolve`) ?? "");
    if (r && parseBase(r[2])) {
      resolve = r[1] as "mine" | "theirs";
      base = r[2]!;
    }
    items.push({
      subjectId: id,
      base,
      resolve: resolve === "theirs" ? "theirs" : undefined,
      carry: carryId?.toLowerCase() === id,
      posted: {
        status: text(`${m[1]}.status`),
        rag: text(`${m[1]}.rag`),
        commentary: text(`${m[1]}.commentary`),
        correctiveAction: text(`${m[1]}.correctiveAction`),
        actual: text(`${m[1]}.actual`),
      },
    });
  }
  return items;
}

// ---- The committee's review and sign-off of a period's report (lib/action-plans/committee.ts),
// built from lib/review's and lib/signoff's schemas so the same rules and messages apply.
export const reportCommentSchema = addCommentSchema.omit({ consultationId: true, questionId: true }).extend({ periodId: z.uuid(), priorityId: z.uuid() });
export const reportCommentStatusSchema = setCommentStatusSchema.omit({ consultationId: true }).extend({ periodId: z.uuid() });
export const reportResolutionSchema = resolutionFields.extend({ periodId: z.uuid() }).transform((v, ctx) => {
  const r = checkResolution(v, ctx);
  return r ? { periodId: v.periodId, ...r } : z.NEVER;
});
export const reportPeriodOnlySchema = z.object({ periodId: z.uuid() });
export const reportDecisionSchema = z
  .object({ periodId: z.uuid(), decision: z.string().optional(), note: z.string().optional(), expectedHash: z.string().optional() })
  .transform((v, ctx) => {
    const parsed = decideSignOffSchema.safeParse({ consultationId: v.periodId, decision: v.decision, note: v.note, expectedHash: v.expectedHash });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path.map((p) => (p === "consultationId" ? "periodId" : p)) as (string | number)[], message: issue.message });
      return z.NEVER;
    }
    const { consultationId: periodId, ...rest } = parsed.data;
    return { periodId, decision: rest.decision, note: rest.note, expectedHash: rest.expectedHash };
  });
export const reportReopenSchema = z
  .object({ periodId: z.uuid(), reason: z.string().optional() })
  .transform((v, ctx) => {
    const parsed = reopenSignOffSchema.safeParse({ consultationId: v.periodId, reason: v.reason });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message.replace("the answers", "the report") });
      return z.NEVER;
    }
    return { periodId: v.periodId, reason: parsed.data.reason };
  });

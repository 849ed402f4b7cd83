"use server";
// Server actions for the action-plan report: an officer's override of an indicator's RAG.
import { revalidatePath } from "next/cache";
import { overrideIndicatorRag } from "@/lib/action-plans/commands";
import { reopenReturn } from "@/lib/action-plans/periods";
import { addReportComment, decideReportSignOff, recordReportResolution, reopenReportSignOff, sendReportForReview, setReportThreadStatus } from "@/lib/action-plans/committee";
import {
  overrideRagSchema,
  reopenReturnSchema,
  reportCommentSchema,
  reportCommentStatusSchema,
  reportDecisionSchema,
  reportPeriodOnlySchema,
  reportReopenSchema,
  reportResolutionSchema,
} from "@/lib/action-plans/schemas";
import { formAction } from "../_server/action";
import { parseEditBase } from "@/lib/input/edit-merge";

export const overrideRagAction = formAction(overrideRagSchema, async (input, { db, actor }) => {
  await overrideIndicatorRag(db, { returnItemId: input.returnItemId, rag: input.rag === "clear" ? null : input.rag, reason: input.reason }, actor, { base: parseEditBase(input.editBase) });
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: input.rag === "clear" ? "The override has been cleared" : "The RAG has been overridden", values: {} };
});

export const reopenReturnAction = formAction(reopenReturnSchema, async (input, { db, actor }) => {
  await reopenReturn(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: `The return has been reopened for ${input.days} days`, values: {} };
});

// ---- The committee's review and sign-off of a period's report.
export const sendReportForReviewAction = formAction(reportPeriodOnlySchema, async (input, { db, actor }) => {
  await sendReportForReview(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: "The report has been sent to the committee for review", values: {} };
});

export const addReportCommentAction = formAction(reportCommentSchema, async (input, { db, actor }) => {
  const comment = await addReportComment(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: comment.parentId ? "Reply added" : "Comment added", values: {} };
});

export const setReportCommentStatusAction = formAction(reportCommentStatusSchema, async (input, { db, actor }) => {
  await setReportThreadStatus(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: input.status === "resolved" ? "Comment thread resolved" : "Comment thread reopened", values: {} };
});

export const recordReportResolutionAction = formAction(reportResolutionSchema, async (input, { db, actor }) => {
  await recordReportResolution(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: "The committee's resolution has been recorded", values: {} };
});

export const decideReportSignOffAction = formAction(reportDecisionSchema, async (input, { db, actor }) => {
  const { hash } = await decideReportSignOff(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return {
    ok: true,
    message: input.decision === "approved" ? `The report is signed off. Its SHA-256 fingerprint is ${hash}.` : "The report has been returned to the officers with your note",
    values: {},
  };
});

export const reopenReportSignOffAction = formAction(reportReopenSchema, async (input, { db, actor }) => {
  const { version } = await reopenReportSignOff(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: `The report is reopened as version ${version}. It needs signing off again.`, values: {} };
});

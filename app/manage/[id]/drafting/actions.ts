"use server";
// Server actions for the council's draft answers: save, restore a revision, assign, send for review.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { assignDraftAnswers, restoreDraftRevision, saveDraftAnswer } from "@/lib/drafts/commands";
import { assignDraftAnswersSchema, restoreDraftRevisionSchema, saveDraftAnswerSchema } from "@/lib/drafts/schemas";
import { sendForReview } from "@/lib/review/commands";
import { consultationOnlySchema } from "@/lib/review/schemas";
import { formAction } from "../../../_server/action";

export const saveDraftAnswerAction = formAction(saveDraftAnswerSchema, async (input, { db, actor }) => {
  const { draft, changed } = await saveDraftAnswer(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return { ok: true, message: changed ? `Answer saved as version ${draft.version}` : "There were no changes to save", values: {} };
});

export const assignDraftAnswersAction = formAction(assignDraftAnswersSchema, async (input, { db, actor }) => {
  const { changed, assigneeName } = await assignDraftAnswers(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  if (!changed.length) return { ok: true, message: "Those questions were already assigned that way", values: {} };
  const which = `${changed.length === 1 ? "Question" : "Questions"} ${changed.join(", ")}`;
  return { ok: true, message: assigneeName ? `${which} assigned to ${assigneeName}` : `${which} now unassigned`, values: {} };
});

export const sendForReviewAction = formAction(consultationOnlySchema, async (input, { db, actor }) => {
  const { markedReady } = await sendForReview(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return {
    ok: true,
    message: `The answers have been sent for review${markedReady.length ? `; ${markedReady.length} marked ready for review` : ""}`,
    values: {},
  };
});

export const restoreDraftRevisionAction = formAction(restoreDraftRevisionSchema, async (input, { db, actor }) => {
  const { draft, restoredFrom } = await restoreDraftRevision(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  // The restored row's button goes away with it, so the page itself says what happened.
  redirect(`/manage/${input.consultationId}/drafting/${input.questionId}?restored=${restoredFrom}&as=${draft.version}#history`);
});

"use server";
// Server actions for the review: comments (threads, resolve / reopen) and the committee's resolution.
import { revalidatePath } from "next/cache";
import { addComment, recordResolution, setCommentThreadStatus } from "@/lib/review/commands";
import { addCommentSchema, recordResolutionSchema, setCommentStatusSchema } from "@/lib/review/schemas";
import { formAction } from "../../../_server/action";

export const addCommentAction = formAction(addCommentSchema, async (input, { db, actor }) => {
  const comment = await addComment(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return { ok: true, message: comment.parentId ? "Reply added" : "Comment added", values: {} };
});

export const setCommentStatusAction = formAction(setCommentStatusSchema, async (input, { db, actor }) => {
  await setCommentThreadStatus(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return { ok: true, message: input.status === "resolved" ? "Comment thread resolved" : "Comment thread reopened", values: {} };
});

export const recordResolutionAction = formAction(recordResolutionSchema, async (input, { db, actor }) => {
  await recordResolution(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return { ok: true, message: "The committee's resolution has been recorded", values: {} };
});

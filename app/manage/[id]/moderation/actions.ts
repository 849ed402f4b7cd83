"use server";
// Moderation actions: approve or withhold an answer, redact a passage (a suggestion's offsets or
// a passage copied into the box), remove a redaction. Access is decided in lib/public/moderation.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { decideModeration, redactPassage, removeRedaction } from "@/lib/public/moderation";
import { decideSchema, redactSchema, unredactSchema } from "@/lib/public/schemas";
import { formAction } from "../../../_server/action";

const itemPath = (i: { consultationId: string; responseId: string; questionId: string }) => `/manage/${i.consultationId}/moderation/${i.responseId}/${i.questionId}`;

export const decideAction = formAction(decideSchema, async (input, { db, actor, formData }) => {
  await decideModeration(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}/moderation`, "layout");
  // From the answer's own page, go on to the next pending answer; from the list, stay on it.
  const next = String(formData.get("next") ?? "");
  if (/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/i.test(next)) redirect(`/manage/${input.consultationId}/moderation/${next}?done=${input.decision}`);
  if (formData.get("from") === "item") redirect(`/manage/${input.consultationId}/moderation?done=${input.decision}`);
  return { ok: true, message: input.decision === "approve" ? "Answer approved for publication" : "Answer withheld" };
});

export const redactAction = formAction(redactSchema, async (input, { db, actor }) => {
  await redactPassage(db, input, actor);
  revalidatePath(itemPath(input));
  redirect(`${itemPath(input)}?done=redacted`);
});

export const unredactAction = formAction(unredactSchema, async (input, { db, actor }) => {
  await removeRedaction(db, input, actor);
  revalidatePath(itemPath(input));
  redirect(`${itemPath(input)}?done=unredacted`);
});

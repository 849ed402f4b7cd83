"use server";
// Moderation actions: approve or withhold an answer, redact a passage (a suggestion's offsets or
// a passage copied into the box), remove a redaction. Access is decided in lib/public/moderation.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { decideModeration, redactPassage, removeRedaction } from "@/lib/public/moderation";
import { decideSchema, redactSchema, unredactSchema } from "@/lib/public/publication-schemas";
import { formAction } from "../../../_server/action";

const itemPath = (i: { consultationId: string; responseId: string; questionId: string }) => `/manage/${i.consultationId}/moderation/${i.responseId}/${i.questionId}`;

// Each form on a page has its own action: without JavaScript, React gives a post's result to every
// form bound to the same action, so sharing one would show one form's errors in all of them.
const decide = formAction(decideSchema, async (input, { db, actor, formData }) => {
  await decideModeration(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}/moderation`, "layout");
  // From the answer's own page, go on to the next pending answer; from the list, stay on it.
  const next = String(formData.get("next") ?? "");
  if (/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/i.test(next)) redirect(`/manage/${input.consultationId}/moderation/${next}?done=${input.decision}`);
  // Always a redirect: a result returned to the list would, without JavaScript, show in every row's form.
  redirect(`/manage/${input.consultationId}/moderation?done=${input.decision}`);
});

const redact = formAction(redactSchema, async (input, { db, actor }) => {
  await redactPassage(db, input, actor);
  revalidatePath(itemPath(input));
  redirect(`${itemPath(input)}?done=redacted`);
});

type Post = Parameters<typeof decide>;
export async function approveAction(...args: Post) {
  return decide(...args);
}
export async function withholdAction(...args: Post) {
  return decide(...args);
}
export async function redactPassageAction(...args: Post) {
  return redact(...args);
}
export async function redactSuggestionAction(...args: Post) {
  return redact(...args);
}

export const unredactAction = formAction(unredactSchema, async (input, { db, actor }) => {
  await removeRedaction(db, input, actor);
  revalidatePath(itemPath(input));
  redirect(`${itemPath(input)}?done=unredacted`);
});

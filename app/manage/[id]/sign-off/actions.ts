"use server";
// Server actions for sign-off: a signatory's decision (approve or return) and reopening.
import { revalidatePath } from "next/cache";
import { decideSignOff, reopenSignOff } from "@/lib/signoff/commands";
import { decideSignOffSchema, reopenSignOffSchema } from "@/lib/signoff/schemas";
import { formAction } from "../../../_server/action";

export const decideSignOffAction = formAction(decideSignOffSchema, async (input, { db, actor }) => {
  const { hash } = await decideSignOff(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return {
    ok: true,
    message: input.decision === "approved" ? `The answers are signed off. Their SHA-256 fingerprint is ${hash}.` : "The answers have been returned to the officers with your note",
    values: {},
  };
});

export const reopenSignOffAction = formAction(reopenSignOffSchema, async (input, { db, actor }) => {
  const { answerSetVersion } = await reopenSignOff(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}`, "layout");
  return { ok: true, message: `The answers are reopened as version ${answerSetVersion}. They need signing off again.`, values: {} };
});

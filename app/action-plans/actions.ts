"use server";
// Server actions for the action-plan report: an officer's override of an indicator's RAG.
import { revalidatePath } from "next/cache";
import { overrideIndicatorRag } from "@/lib/action-plans/commands";
import { reopenReturn } from "@/lib/action-plans/periods";
import { overrideRagSchema, reopenReturnSchema } from "@/lib/action-plans/schemas";
import { formAction } from "../_server/action";

export const overrideRagAction = formAction(overrideRagSchema, async (input, { db, actor }) => {
  await overrideIndicatorRag(db, { returnItemId: input.returnItemId, rag: input.rag === "clear" ? null : input.rag, reason: input.reason }, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: input.rag === "clear" ? "The override has been cleared" : "The RAG has been overridden", values: {} };
});

export const reopenReturnAction = formAction(reopenReturnSchema, async (input, { db, actor }) => {
  await reopenReturn(db, input, actor);
  revalidatePath("/action-plans", "layout");
  return { ok: true, message: `The return has been reopened for ${input.days} days`, values: {} };
});

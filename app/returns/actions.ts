"use server";
// Server actions for a partner's return: save (and "no change since last period"), go to
// check, submit.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { saveReturn, submitReturn } from "@/lib/action-plans/commands";
import { itemsFromForm, returnFormSchema, submitReturnSchema } from "@/lib/action-plans/schemas";
import { formAction } from "../_server/action";

export const saveReturnAction = formAction(returnFormSchema, async (input, { db, actor }) => {
  const values = input as Record<string, unknown>;
  const result = await saveReturn(db, { periodId: input.periodId, organisationId: input.organisationId, items: itemsFromForm(values, input.carry) }, actor);
  const path = `/returns/${input.periodId}`;
  revalidatePath(path);
  const problems = Object.keys(result.errors).length + Object.keys(result.conflicts).length;
  if (problems) {
    // What was typed stays; items that were written carry their new base.
    const typed: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(values)) if (typeof v === "string" || Array.isArray(v)) typed[k] = v as string | string[];
    for (const [id, base] of Object.entries(result.bases)) typed[`${id}.base`] = base;
    for (const id of Object.keys(result.conflicts)) delete typed[`${id}.resolve`];
    return {
      message: Object.keys(result.conflicts).length ? "A colleague saved some items while you were editing them" : "There is a problem",
      errors: result.errors,
      values: typed,
      conflict: Object.keys(result.conflicts).length ? { current: result.conflicts, attempted: null } : undefined,
    };
  }
  if (input.intent === "check" && !input.carry) redirect(`${path}/check?organisation=${input.organisationId}`);
  return {
    ok: true,
    message: input.carry ? "Last period's entry has been carried forward" : result.saved ? "Your return has been saved. You can come back to it at any time until the period closes." : "There were no changes to save",
    values: {},
  };
});

export const submitReturnAction = formAction(submitReturnSchema, async (input, { db, actor }) => {
  const r = await submitReturn(db, input, actor);
  revalidatePath(`/returns/${input.periodId}`);
  redirect(`/returns/${input.periodId}/submitted?organisation=${input.organisationId}&revision=${r.revision}`);
});

"use server";
// Server actions of the plan editor and the importer: thin — parse the form, call lib/action-plans.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/components/ui/form-state";
import { EDIT_KINDS, importPlanCsv, savePlanRow, type CsvRowError } from "@/lib/action-plans/editor";
import { createPlanFromFile, createPlanFromPaste, ownerCandidates, parsePlanFile, planOwnerFor, previewPastedPlan, type PlanFileProblem } from "@/lib/action-plans/plan-format";
import { removePeriod, savePeriod } from "@/lib/action-plans/period-editor";
import { InvalidError } from "@/lib/errors";
import { formAction } from "../_server/action";

export type PlanPasteState = FormState & { preview?: ReturnType<typeof previewPastedPlan> };
export type PlanCsvState = FormState & { rowErrors?: CsvRowError[] };
export type PlanJsonState = FormState & { problems?: PlanFileProblem[] };

const rowInput = z.looseObject({
  planId: z.uuid(),
  kind: z.enum(EDIT_KINDS),
  id: z.union([z.literal(""), z.uuid()]).optional().transform((v) => v || null),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

export const savePlanRowAction = formAction(rowInput, async (input, { db, actor }) => {
  const { planId, kind, id, version, ...values } = input;
  await savePlanRow(db, { planId, kind, id, version, values }, actor);
  revalidatePath(`/action-plans/${planId}`, "layout");
  return { ok: true, message: id ? "Saved" : "Added", values: {} };
});

const periodInput = z.looseObject({
  planId: z.uuid(),
  id: z.union([z.literal(""), z.uuid()]).optional().transform((v) => v || null),
  version: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
});

export const savePeriodAction = formAction(periodInput, async (input, { db, actor }) => {
  const { planId, id, version, ...values } = input;
  const row = await savePeriod(db, { planId, id, version, values }, actor);
  revalidatePath(`/action-plans/${planId}`, "layout");
  return { ok: true, message: id ? `${row.label} saved` : `${row.label} added`, values: {} };
});

export const removePeriodAction = formAction(periodInput.extend({ id: z.uuid() }), async (input, { db, actor }) => {
  const { removed } = await removePeriod(db, { planId: input.planId, id: input.id, version: input.version }, actor);
  revalidatePath(`/action-plans/${input.planId}`, "layout");
  return { ok: true, message: `${removed} removed`, values: {} };
});

export const importPlanCsvAction = async (prev: PlanCsvState, formData: FormData): Promise<PlanCsvState> => {
  let rowErrors: CsvRowError[] | undefined;
  const state = await formAction(z.object({ planId: z.uuid(), kind: z.enum(["indicators", "milestones"]), csv: z.string().default("") }), async (input, { db, actor }) => {
    try {
      const { added, updated } = await importPlanCsv(db, input, actor);
      revalidatePath(`/action-plans/${input.planId}`, "layout");
      return { ok: true, message: `Imported: ${added} added, ${updated} updated`, values: {} };
    } catch (e) {
      if (e instanceof InvalidError) rowErrors = (e as InvalidError & { rowErrors?: CsvRowError[] }).rowErrors;
      throw e;
    }
  })(prev, formData);
  return rowErrors ? { ...state, rowErrors } : state;
};

const pasteInput = z.looseObject({ intent: z.enum(["preview", "create"]).catch("preview"), text: z.string().default(""), title: z.string().default("") });

export const pastePlanAction = formAction(pasteInput, async (input, { db, actor }) => {
  planOwnerFor(actor);
  if (!input.text.trim()) throw new InvalidError("Paste the action plan", { text: "Paste the action plan's text" });
  if (Buffer.byteLength(input.text, "utf8") > 2_000_000) throw new InvalidError("The text is larger than 2 MB", { text: "The text is larger than 2 MB" });
  // The officer's choice of lead organisation per priority ("lead.<number>"), once the preview has shown them.
  const leads = Object.fromEntries(Object.entries(input).flatMap(([k, v]) => (/^lead-\d{1,4}$/.test(k) && typeof v === "string" ? [[k.slice(5), v]] : [])));
  if (input.intent === "preview") {
    const preview = previewPastedPlan(input.text, await ownerCandidates(db));
    // Checking again keeps a choice the officer made for a priority that is still there.
    const values: Record<string, string> = { text: input.text, title: input.title || preview.imported.title };
    for (const m of preview.owners) values[`lead-${m.priority}`] = leads[String(m.priority)] ?? m.organisationId ?? "";
    const state: PlanPasteState = { values, preview };
    return state;
  }
  const { planId } = await createPlanFromPaste(db, { text: input.text, title: input.title, leads }, actor);
  revalidatePath("/action-plans");
  redirect(`/action-plans/${planId}/edit?created=1`);
});

export const importPlanJsonAction = async (prev: PlanJsonState, formData: FormData): Promise<PlanJsonState> => {
  let problems: PlanFileProblem[] | undefined;
  const state = await formAction(z.object({ json: z.string().default("") }), async (input, { db, actor }) => {
    planOwnerFor(actor);
    const parsed = parsePlanFile(input.json);
    if (!parsed.ok) {
      problems = parsed.problems;
      throw new InvalidError(`The plan file has ${parsed.problems.length === 1 ? "a problem" : `${parsed.problems.length} problems`}; nothing was imported`, { json: `The plan file has ${parsed.problems.length === 1 ? "a problem" : `${parsed.problems.length} problems`}; nothing was imported` });
    }
    const { planId } = await createPlanFromFile(db, parsed.file, actor);
    revalidatePath("/action-plans");
    redirect(`/action-plans/${planId}/edit?created=1`);
  })(prev, formData);
  return problems ? { ...state, problems } : state;
};

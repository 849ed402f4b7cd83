"use server";
// "We asked, you said, we did": save (version-checked) and publish or take down.
import { revalidatePath } from "next/cache";
import { nudgeJobWorker } from "@/lib/jobs/worker";
import { saveOutcome, setOutcomePublished } from "@/lib/public/outcomes";
import { publishOutcomeSchema, saveOutcomeSchema } from "@/lib/public/publication-schemas";
import { formAction } from "../../../_server/action";

export const saveOutcomeAction = formAction(saveOutcomeSchema, async (input, { db, actor }) => {
  const saved = await saveOutcome(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}/outcome`);
  return { ok: true, message: `Outcome saved (version ${saved.version})`, values: { baseVersion: String(saved.version) } };
});

export const publishOutcomeAction = formAction(publishOutcomeSchema, async (input, { db, actor }) => {
  const res = await setOutcomePublished(db, input, actor);
  if (res.changed && input.publish) nudgeJobWorker();
  revalidatePath(`/manage/${input.consultationId}/outcome`);
  return { ok: true, message: input.publish ? "Outcome published; respondents who asked to hear are being emailed" : "Outcome taken down" };
});

"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createConsultation } from "@/lib/consultations/commands";
import { newConsultationSchema } from "@/lib/consultations/schemas";
import { formAction } from "../../_server/action";

export const createConsultationAction = formAction(newConsultationSchema, async (input, { db, actor }) => {
  const c = await createConsultation(db, input, actor);
  revalidatePath("/manage");
  redirect(`/manage/${c.id}/edit?created=1`);
});

"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { mergeOrganisations, renameOrganisation } from "@/lib/admin/organisations";
import { mergeOrganisationsSchema, renameOrganisationSchema } from "@/lib/admin/schemas";
import { formAction } from "../../_server/action";

export const renameOrganisationAction = formAction(renameOrganisationSchema, async (input, { db, actor }) => {
  const org = await renameOrganisation(db, input, actor);
  revalidatePath("/admin/organisations");
  return { ok: true, message: `Saved: ${org.name}`, values: { name: org.name, type: org.type } };
});

export const mergeOrganisationsAction = formAction(mergeOrganisationsSchema, async (input, { db, actor }) => {
  const merged = await mergeOrganisations(db, input, actor);
  revalidatePath("/admin/organisations");
  redirect(`/admin/organisations/${merged.into.id}?merged=${merged.from.id}`);
});

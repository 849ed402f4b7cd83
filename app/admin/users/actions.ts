"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deactivatePerson, reactivatePerson, updatePerson } from "@/lib/admin/people";
import { personSchema, updatePersonSchema } from "@/lib/admin/schemas";
import { formAction } from "../../_server/action";

export const updatePersonAction = formAction(updatePersonSchema, async (input, { db, actor }) => {
  const person = await updatePerson(db, input, actor);
  revalidatePath("/admin/users");
  return { ok: true, message: `${person.name}'s details are saved`, values: { name: person.name, email: person.email, organisationId: "" } };
});

export const deactivatePersonAction = formAction(personSchema, async (input, { db, actor }) => {
  await deactivatePerson(db, input.userId, actor);
  revalidatePath("/admin/users");
  redirect(`/admin/users/${input.userId}?done=deactivated`);
});

export const reactivatePersonAction = formAction(personSchema, async (input, { db, actor }) => {
  await reactivatePerson(db, input.userId, actor);
  revalidatePath("/admin/users");
  redirect(`/admin/users/${input.userId}?done=reactivated`);
});

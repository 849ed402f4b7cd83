"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { erasePersonSchema } from "@/lib/admin/schemas";
import { erasePerson } from "@/lib/public/person-data";
import { formAction } from "../../_server/action";

/** Erase after the confirmation step. Posted twice, the second finds them erased and lands on the same done page. */
export const erasePersonAction = formAction(erasePersonSchema, async (input, { db, actor }) => {
  const result = await erasePerson(db, input.userId, actor);
  revalidatePath("/admin/users");
  redirect(`/admin/people/${input.userId}/erased?responses=${result.responses}`);
});

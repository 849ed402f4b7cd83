"use server";
import { revalidatePath } from "next/cache";
import { createOrganisation, createUser, grantRole, revokeRole } from "@/lib/admin/commands";
import { createOrganisationSchema, createUserSchema, grantRoleSchema, revokeRoleSchema } from "@/lib/admin/schemas";
import { formAction } from "../_server/action";

export const createOrganisationAction = formAction(createOrganisationSchema, async (input, { db, actor }) => {
  const org = await createOrganisation(db, input, actor);
  revalidatePath("/admin/organisations");
  return { ok: true, message: `${org.name} added`, values: {} };
});

export const createUserAction = formAction(createUserSchema, async (input, { db, actor }) => {
  const user = await createUser(db, input, actor);
  revalidatePath("/admin/users");
  return { ok: true, message: `${user.name} added. They can now sign in with ${user.email}.`, values: {} };
});

export const grantRoleAction = formAction(grantRoleSchema, async (input, { db, actor }) => {
  await grantRole(db, input, actor);
  revalidatePath("/admin/users");
  return { ok: true, message: "Role added", values: {} };
});

export const revokeRoleAction = formAction(revokeRoleSchema, async (input, { db, actor }) => {
  await revokeRole(db, input.membershipId, actor);
  revalidatePath("/admin/users");
  return { ok: true, message: "Role removed", values: {} };
});

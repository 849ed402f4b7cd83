"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createOrganisation, createUser, endUserSessions, grantRole, revokeRole } from "@/lib/admin/commands";
import { createOrganisationSchema, createUserSchema, endSessionsSchema, grantRoleSchema, revokeRoleSchema } from "@/lib/admin/schemas";
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
  // The confirmation step goes with the role, so the page itself says it is done.
  redirect("/admin/users?removed=1");
});

export const endSessionsAction = formAction(endSessionsSchema, async (input, { db, actor }) => {
  const user = await endUserSessions(db, input.userId, actor);
  return { ok: true, message: `${user.name ?? "They"} ${user.name ? "is" : "are"} signed out everywhere. They must sign in again to continue.`, values: {} };
});

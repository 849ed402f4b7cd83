"use server";
import { revalidatePath } from "next/cache";
import { saveBranding } from "@/lib/branding/commands";
import { brandingSchema } from "@/lib/branding/schemas";
import { formAction } from "../../../../_server/action";

export const saveBrandingAction = formAction(brandingSchema, async (input, { db, actor, formData }) => {
  const file = formData.get("logo");
  const logo = file instanceof Blob && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  await saveBranding(db, input, logo, actor);
  revalidatePath(`/admin/organisations/${input.organisationId}/branding`);
  const { logo: _dropped, ...values } = Object.fromEntries([...formData.entries()].filter(([k, v]) => !k.startsWith("$ACTION") && typeof v === "string")) as Record<string, string>;
  return { ok: true, message: "Letterhead saved", values: { ...values, removeLogo: "" } };
});

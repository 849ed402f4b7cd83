"use server";
// The officer names a campaign group (lib/public/campaigns).
import { revalidatePath } from "next/cache";
import { setCampaignLabel } from "@/lib/public/campaigns";
import { campaignLabelFormSchema } from "@/lib/public/schemas";
import { formAction } from "../../../../_server/action";

export const campaignLabelAction = formAction(campaignLabelFormSchema, async (input, { db, actor }) => {
  await setCampaignLabel(db, input, actor);
  revalidatePath(`/manage/${input.consultationId}/responses/campaigns`);
  return { ok: true, message: "Label saved", values: {} };
});

"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { FormState } from "@/components/ui/form-state";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/commands";
import { createApiKeySchema, revokeApiKeySchema } from "@/lib/api-keys/schemas";
import { formAction } from "../../_server/action";

/** What the create form gets back: the key, which is shown this once and never again. */
export type CreatedKeyState = FormState & { created?: { name: string; key: string; prefix: string; organisationName: string; scope: string } };

export const createApiKeyAction = formAction(createApiKeySchema, async (input, { db, actor }) => {
  const created = await createApiKey(db, input, actor);
  revalidatePath("/admin/api-keys");
  const state: CreatedKeyState = {
    ok: true,
    message: `API key "${created.name}" created`,
    values: {},
    created: { name: created.name, key: created.key, prefix: created.prefix, organisationName: created.organisationName, scope: created.scope === "read" ? "Read only" : "Read and write" },
  };
  return state;
});

export const revokeApiKeyAction = formAction(revokeApiKeySchema, async (input, { db, actor }) => {
  const revoked = await revokeApiKey(db, input.apiKeyId, actor);
  revalidatePath("/admin/api-keys");
  // The row's form is replaced by "Revoked", so the confirmation goes on the page itself.
  redirect(`/admin/api-keys?revoked=${encodeURIComponent(revoked.name)}`);
});

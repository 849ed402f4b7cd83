// Input for creating and revoking API keys, shared by the admin page's actions and tests.
import { z } from "zod";
import { confirmed } from "../input/confirm";
import { API_KEY_SCOPES } from "../../db/schema/system";

export const createApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the key, such as the system that will use it")
    .max(100, "Name must be 100 characters or fewer"),
  organisationId: z.uuid({ error: "Select the organisation the key acts for" }),
  scope: z.enum(API_KEY_SCOPES, { error: "Select what the key may do" }),
});

export const revokeApiKeySchema = z.object({ apiKeyId: z.uuid({ error: "Select a key to revoke" }), confirm: confirmed("revoke the key") });

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

// Every destructive action's schema refuses a post without the confirmation step's `confirm=yes`.
import { describe, expect, it } from "vitest";
import { revokeRoleSchema } from "../admin/schemas";
import { revokeApiKeySchema } from "../api-keys/schemas";
import { deleteSchema, publishSchema } from "../consultations/schemas";
import { invitationSchema } from "../invitations/schemas";

const id = "0b6c2f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
const cases = [
  ["delete a stage, chapter or question", deleteSchema, { consultationId: id, itemId: id }],
  ["remove a role", revokeRoleSchema, { membershipId: id }],
  ["revoke an API key", revokeApiKeySchema, { apiKeyId: id }],
  ["remove someone from the audience", invitationSchema, { consultationId: id, invitationId: id }],
] as const;

describe("destructive actions need the confirmation step", () => {
  for (const [what, schema, fields] of cases) {
    it(`refuses to ${what} without confirm=yes, naming the confirm field`, () => {
      for (const confirm of [undefined, "", "no", "YES", "true"]) {
        const r = schema.safeParse(confirm === undefined ? fields : { ...fields, confirm });
        expect(r.success).toBe(false);
        expect(r.error?.issues[0]?.path).toEqual(["confirm"]);
        expect(r.error?.issues[0]?.message).toMatch(/^Confirm that you want to /);
      }
      expect(schema.safeParse({ ...fields, confirm: "yes" }).success).toBe(true);
    });
  }

  it("publishing takes an optional confirmation (asked for only when nobody is invited)", () => {
    expect(publishSchema.parse({ consultationId: id })).toEqual({ consultationId: id, confirm: undefined });
    expect(publishSchema.parse({ consultationId: id, confirm: "yes" }).confirm).toBe("yes");
    expect(publishSchema.parse({ consultationId: id, confirm: "nonsense" }).confirm).toBeUndefined();
  });
});

// Forms of the audience page, as zod schemas over plain form values.
import { z } from "zod";
import { confirmed } from "../input/confirm";
import { organisationSearchSchema } from "../input/search";

const id = z.uuid({ error: "Something went wrong with the form. Reload the page and try again." });
const ids = z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]), z.array(id));

export const inviteSchema = z
  .object({ consultationId: id, userIds: ids, organisationIds: ids })
  .refine((v) => v.userIds.length || v.organisationIds.length, { path: ["contacts"], message: "Select at least one organisation or contact" });

export const importContactsSchema = z.object({
  consultationId: id,
  csv: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
});

export const invitationSchema = z.object({ consultationId: id, invitationId: id, confirm: confirmed("remove them from the audience") });

/**
 * "Find partner organisations" on the audience page: part of an organisation's name, as the
 * administrator's "Find an organisation" takes it (lib/input/search).
 */
export const partnerSearchSchema = z.object({ q: organisationSearchSchema });

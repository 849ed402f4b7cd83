// The branding form and the consultation's contact officer, as zod schemas over form values.
import { z } from "zod";
import { checkbox, optionalEmail, optionalText } from "../consultations/schemas";
import { PLACEHOLDERS, unknownPlaceholders } from "./template";

export const letterTemplate = optionalText(20_000, "The covering letter").superRefine((text, ctx) => {
  const unknown = unknownPlaceholders(text);
  if (unknown.length) {
    const names = unknown.map((n) => `{{${n}}}`).join(", ");
    ctx.addIssue({
      code: "custom",
      message: `${unknown.length === 1 ? `${names} is not a placeholder` : `${names} are not placeholders`}. Use only ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(", ")}`,
    });
  }
});

export const brandingSchema = z.object({
  organisationId: z.uuid({ error: "Something went wrong with the form. Reload the page and try again." }),
  councilName: optionalText(300, "The council's name"),
  postalAddress: optionalText(1000, "The postal address"),
  contactName: optionalText(300, "The contact officer's name"),
  contactEmail: optionalEmail("The contact officer's email address"),
  contactPhone: optionalText(50, "The contact officer's phone number"),
  signatoryName: optionalText(300, "The signatory's name"),
  signatoryTitle: optionalText(300, "The signatory's job title"),
  letterTemplate,
  removeLogo: checkbox,
});
export type BrandingInput = z.infer<typeof brandingSchema>;

// The forms of issue 18 (members of the public): the officer's audience and publishing
// settings, the consent and "about you" page, and starting without signing in. Browser-safe.
import { z } from "zod";
import { CONSULTATION_AUDIENCES, PUBLISH_RESPONSES } from "../../db/schema/consultations";

const checkbox = z.preprocess((v) => v === "yes" || v === "on" || v === true, z.boolean());

export const audienceSettingsSchema = z.object({
  consultationId: z.uuid(),
  audience: z.enum(CONSULTATION_AUDIENCES, { error: "Select who can respond" }),
  allowUnauthenticated: checkbox,
  publishResponses: z.enum(PUBLISH_RESPONSES, { error: "Select whether responses are published" }),
});

export const AUDIENCE_OPTIONS = [
  { value: "partners", text: "Invited partner organisations only", hint: "As now: people you invite respond for their organisation." },
  { value: "public", text: "Members of the public", hint: "Anyone can respond as themselves, signing in with an emailed link." },
  { value: "both", text: "Both", hint: "Invited organisations respond for their organisation; anyone else as themselves." },
] as const;

export const PUBLISH_OPTIONS = [
  { value: "no", text: "Do not publish responses" },
  { value: "while_open", text: "Publish while the consultation is open", hint: "Each respondent is asked for consent; free text is moderated first." },
  { value: "after_close", text: "Publish after the consultation closes", hint: "Each respondent is asked for consent; free text is moderated first." },
] as const;

/** Starting without signing in: an email address for the link back, and the honeypot. */
export const startWithoutSignInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Enter an email address of 320 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.com" })),
});

/** An officer's name for a campaign group (blank clears it). */
export const CAMPAIGN_LABEL_MAX = 120;
export const campaignLabelSchema = z
  .string({ error: "Enter a label" })
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().max(CAMPAIGN_LABEL_MAX, `The label must be ${CAMPAIGN_LABEL_MAX} characters or fewer`));

export const campaignLabelFormSchema = z.object({
  consultationId: z.uuid(),
  groupId: z.uuid(),
  label: z.string().max(10_000),
});

// Consent to publish (issue 18): when a consultation publishes responses, every response answers
// a required question: publish with my name (an organisation's responses publish under the
// organisation's name), publish anonymously, or do not publish. Nothing is ever published
// without it; a response with no answer (submitted before the consultation began publishing)
// counts as "do not publish".
import type { PublishResponses, ConsultationStatus } from "../../db/schema/consultations";
import { PUBLISH_CONSENTS, type PublishConsent } from "../../db/schema/responses";

export { PUBLISH_CONSENTS, type PublishConsent };

export const CONSENT_FIELD = "publishConsent";
export const PUBLISHED_NAME_FIELD = "publishedName";
export const NAME_MAX = 100;

type Publishing = { publishResponses: PublishResponses };

export function consentRequired(c: Publishing): boolean {
  return c.publishResponses !== "no";
}

/** The three answers as the question words them, for a person or for an organisation. */
export function consentOptions(organisationName: string | null): { value: PublishConsent; text: string; hint?: string }[] {
  return [
    organisationName
      ? { value: "named", text: `Publish our response with the name ${organisationName}` }
      : { value: "named", text: "Publish my response with my name", hint: "We never publish your email address or your answers about you." },
    { value: "anonymous", text: organisationName ? "Publish our response without our name" : "Publish my response anonymously" },
    { value: "none", text: organisationName ? "Do not publish our response" : "Do not publish my response", hint: "The council still reads and counts it." },
  ];
}

/** The choice in a sentence, for the receipt and the check page. */
export const CONSENT_WORDS: Record<PublishConsent, string> = {
  named: "publish with your name",
  anonymous: "publish without your name",
  none: "do not publish",
};

export type ConsentInput = { publishConsent?: string | null; publishedName?: string | null };

/**
 * The consent fields as they will be stored, or the message for each field that is wrong.
 * A member of the public who asks to be named gives the name to publish.
 */
export function checkConsent(
  c: Publishing,
  input: ConsentInput,
  respondent: { isPublic: boolean },
): { value: { publishConsent: PublishConsent | null; publishedName: string | null }; errors: Record<string, string> } {
  if (!consentRequired(c)) return { value: { publishConsent: null, publishedName: null }, errors: {} };
  const errors: Record<string, string> = {};
  const consent = (PUBLISH_CONSENTS as readonly string[]).includes(input.publishConsent ?? "") ? (input.publishConsent as PublishConsent) : null;
  if (!consent) errors[CONSENT_FIELD] = "Select whether we may publish your response";
  let name: string | null = null;
  if (consent === "named" && respondent.isPublic) {
    name = (input.publishedName ?? "").replace(/\s+/g, " ").trim() || null;
    if (!name) errors[PUBLISHED_NAME_FIELD] = "Enter the name to publish with your response";
    else if (name.length > NAME_MAX) errors[PUBLISHED_NAME_FIELD] = `The name must be ${NAME_MAX} characters or fewer`;
  }
  return { value: { publishConsent: consent, publishedName: name }, errors };
}

/** Whether the consultation's published responses may be shown now ('while_open': once open; 'after_close': once closed). */
export function responsesPublishableNow(c: Publishing & { status: ConsultationStatus; closesAt: Date | null }, now: Date = new Date()): boolean {
  if (c.publishResponses === "no" || c.status === "draft") return false;
  if (c.publishResponses === "while_open") return true;
  return c.status === "closed" || c.status === "archived" || (c.closesAt !== null && c.closesAt.getTime() <= now.getTime());
}

/** A response may be published only with consent to it. */
export function mayPublish(consent: PublishConsent | null | undefined): boolean {
  return consent === "named" || consent === "anonymous";
}

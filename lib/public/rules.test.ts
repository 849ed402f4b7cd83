// The rules for members of the public that need no database: consent, "about you", the
// honeypot and near-identical text.
import { describe, expect, it } from "vitest";
import { parseAboutYou, describeAboutYou } from "./about-you";
import { hammingDistance, isNearIdentical, normaliseText, simhash64, textFingerprint } from "./campaign";
import { checkConsent, consentRequired, mayPublish, responsesPublishableNow } from "./consent";
import { HONEYPOT_FIELD, isHoneypotTripped } from "./honeypot";

const publishing = { publishResponses: "after_close" as const };

describe("consent to publish", () => {
  it("is asked only when the consultation publishes responses", () => {
    expect(consentRequired({ publishResponses: "no" })).toBe(false);
    expect(consentRequired({ publishResponses: "while_open" })).toBe(true);
    expect(checkConsent({ publishResponses: "no" }, { publishConsent: "named", publishedName: "Ann" }, { isPublic: true })).toEqual({
      value: { publishConsent: null, publishedName: null },
      errors: {},
    });
  });

  it("requires one of the three answers when the consultation publishes", () => {
    expect(checkConsent(publishing, {}, { isPublic: true }).errors).toEqual({ publishConsent: "Select whether we may publish your response" });
    expect(checkConsent(publishing, { publishConsent: "everything" }, { isPublic: true }).errors.publishConsent).toBeTruthy();
    for (const c of ["anonymous", "none"]) expect(checkConsent(publishing, { publishConsent: c }, { isPublic: true }).errors).toEqual({});
  });

  it("asks a member of the public who wants their name published for the name, and never an organisation", () => {
    expect(checkConsent(publishing, { publishConsent: "named", publishedName: "  " }, { isPublic: true }).errors).toEqual({
      publishedName: "Enter the name to publish with your response",
    });
    expect(checkConsent(publishing, { publishConsent: "named", publishedName: " Ann   Smith " }, { isPublic: true }).value).toEqual({
      publishConsent: "named",
      publishedName: "Ann Smith",
    });
    expect(checkConsent(publishing, { publishConsent: "named", publishedName: "x".repeat(101) }, { isPublic: true }).errors.publishedName).toMatch(/100/);
    // An organisation publishes under its own name: a typed name is not kept.
    expect(checkConsent(publishing, { publishConsent: "named", publishedName: "Someone" }, { isPublic: false }).value).toEqual({ publishConsent: "named", publishedName: null });
  });

  it("lets only named or anonymous consent be published, never a missing one", () => {
    expect(mayPublish("named")).toBe(true);
    expect(mayPublish("anonymous")).toBe(true);
    expect(mayPublish("none")).toBe(false);
    expect(mayPublish(null)).toBe(false);
  });

  it("publishes while open from opening, after close only once closed", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const open = { status: "open" as const, closesAt: new Date("2026-07-01T00:00:00Z") };
    expect(responsesPublishableNow({ ...open, publishResponses: "while_open" }, now)).toBe(true);
    expect(responsesPublishableNow({ ...open, publishResponses: "after_close" }, now)).toBe(false);
    expect(responsesPublishableNow({ ...open, publishResponses: "no" }, now)).toBe(false);
    expect(responsesPublishableNow({ status: "closed", closesAt: null, publishResponses: "after_close" }, now)).toBe(true);
    expect(responsesPublishableNow({ ...open, closesAt: new Date("2026-05-01T00:00:00Z"), publishResponses: "after_close" }, now)).toBe(true);
    expect(responsesPublishableNow({ status: "draft", closesAt: null, publishResponses: "while_open" }, now)).toBe(false);
  });
});

describe("about you", () => {
  it("keeps the answers given, prefer-not-to-say included, and leaves out blanks", () => {
    const r = parseAboutYou({ "about-connection": "live", "about-ageBand": "prefer_not_to_say", "about-postcodeDistrict": " pe37 " });
    expect(r).toEqual({ value: { connection: "live", ageBand: "prefer_not_to_say", postcodeDistrict: "PE37" }, errors: {} });
    expect(parseAboutYou({})).toEqual({ value: null, errors: {} });
    expect(describeAboutYou(r.value)).toContainEqual({ question: "How old are you?", answer: "Prefer not to say" });
  });

  it("refuses an option that is not offered and a full postcode (more personal data than asked for)", () => {
    const r = parseAboutYou({ "about-ageBand": "42", "about-postcodeDistrict": "PE37 7DZ" });
    expect(r.value).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(["about-ageBand", "about-postcodeDistrict"]);
  });
});

describe("honeypot", () => {
  it("is tripped by any text in the hidden field and not by its absence", () => {
    expect(isHoneypotTripped({})).toBe(false);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: "" })).toBe(false);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: "  " })).toBe(false);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: "http://spam.example" })).toBe(true);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: ["", "x"] })).toBe(true);
  });
});

describe("near-identical text (campaigns)", () => {
  const campaign =
    "I strongly object to the closure of the Dereham library. It is a vital resource for families, older people and anyone without internet access at home, and the council must keep it open.";

  it("treats case, punctuation, accents and spacing as the same text", () => {
    expect(normaliseText("  Café,  CLOSURE!! ")).toBe("cafe closure");
    const shouted = campaign.toUpperCase().replace(/\./g, "!!").replace(/ /g, "   ");
    expect(textFingerprint(shouted)).toBe(textFingerprint(campaign));
    expect(isNearIdentical(shouted, campaign)).toBe(true);
  });

  it("finds a campaign text with a name or a word changed", () => {
    const signed = `${campaign} Yours, Jo Bloggs`;
    expect(textFingerprint(signed)).not.toBe(textFingerprint(campaign));
    // Close enough in SimHash to be shortlisted for the full comparison.
    expect(hammingDistance(simhash64(signed)!, simhash64(campaign)!)).toBeLessThanOrEqual(18);
    expect(isNearIdentical(campaign.replace("vital", "essential"), campaign)).toBe(true);
    expect(isNearIdentical(signed, campaign)).toBe(true);
  });

  it("keeps different texts on the same subject apart", () => {
    const other =
      "The library in Dereham should stay open but the opening hours could change, and the council could share the building with the children's centre to save money.";
    expect(isNearIdentical(other, campaign)).toBe(false);
    expect(hammingDistance(simhash64(other)!, simhash64(campaign)!)).toBeGreaterThan(18);
  });

  it("never groups short answers, however alike", () => {
    expect(textFingerprint("I agree with this")).toBeNull();
    expect(simhash64("Yes")).toBeNull();
    expect(isNearIdentical("I agree", "I agree")).toBe(false);
  });

  it("gives a signed 64-bit SimHash, as Postgres bigint stores it", () => {
    for (let i = 0; i < 50; i++) {
      const h = simhash64(`${campaign} ${i} ${"word ".repeat(i)}`)!;
      expect(h >= -(2n ** 63n) && h < 2n ** 63n).toBe(true);
    }
  });
});

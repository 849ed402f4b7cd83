import { describe, expect, it } from "vitest";
import { makeReference } from "../responses/reference";
import { defaultReferenceCode, REFERENCE_CODE_PATTERN, referenceCodeOf, referenceCodeProblem } from "./reference-code";
import { newConsultationSchema } from "./schemas";

describe("the default reference code from a consultation's title", () => {
  it.each([
    ["Local Strategic Partnerships: Shaping their Future", "LSPSTF"],
    ["Partner questionnaire: SCS refresh", "PQSCSR"],
    ["Sustainable Community Strategy", "SCS"],
    ["The Local Plan", "LP"],
    ["Plan for the future of the town centre", "PFTC"],
    ["Local Plan 2040", "LP2040"],
    ["Budget consultation 2025/26", "BC2025"],
    ["Community safety priorities 2026", "CSP"],
    ["Housing 2026", "H2026"],
    ["ODPM consultation on LSPs", "ODPMCL"],
    ["LOCAL PLAN REVIEW", "LPR"],
    ["Breckland's partners' questionnaire", "BPQ"],
  ])("is the initials of significant words: %s → %s", (title, code) => {
    expect(defaultReferenceCode(title)).toBe(code);
  });

  it("drops accents and spells out Welsh and other Latin letters", () => {
    expect(defaultReferenceCode("Ymgynghoriad ar Gynllun Datblygu Lleol")).toBe("YAGDL");
    expect(defaultReferenceCode("Ŵyl Ddewi: Éducation à la carte")).toBe("WDELC");
    expect(defaultReferenceCode("Øresund Straße Łódź")).toBe("OSL");
    expect(defaultReferenceCode("Cynllun y Cyngor")).toBe("CC");
  });

  it("takes the first letters of a title of one word", () => {
    expect(defaultReferenceCode("Parking")).toBe("PARK");
    expect(defaultReferenceCode("The Parking")).toBe("PARK");
    expect(defaultReferenceCode("The")).toBe("THE");
    expect(defaultReferenceCode("Ymgynghoriad")).toBe("YMGY");
    expect(defaultReferenceCode("A to Z")).toBe("ATZ");
  });

  it("caps the code at 6 characters", () => {
    expect(defaultReferenceCode("One two three four five six seven eight nine ten eleven twelve")).toBe("OTTFFS");
  });

  it("falls back to RESP when the title gives nothing to use", () => {
    for (const title of ["", "   ", "!!! ??? ...", "—", "😀🎉", "Ελληνική διαβούλευση", "市民意見募集", "I", "\u0000\u202e"]) {
      expect(defaultReferenceCode(title), JSON.stringify(title)).toBe("RESP");
    }
  });

  it("always gives a valid code, whatever the title", () => {
    const titles = [
      "<script>alert('x')</script>",
      "'; drop table consultations; --",
      "=HYPERLINK(\"http://evil\")",
      "a".repeat(5000),
      "1 2 3 4 5 6 7 8 9",
      "\u202eevil\u202c title",
      "Tab\tand\nnewline",
      "x",
      "9",
      "Q3",
    ];
    for (const title of titles) {
      const code = defaultReferenceCode(title);
      expect(code, title.slice(0, 40)).toMatch(REFERENCE_CODE_PATTERN);
      expect(code.length).toBeLessThanOrEqual(6);
    }
    expect(defaultReferenceCode("<script>alert('x')</script>")).toBe("SAXS");
  });

  it("uses the officer's code when one is set", () => {
    expect(referenceCodeOf({ referenceCode: "LSP2026", title: "Anything" })).toBe("LSP2026");
    expect(referenceCodeOf({ referenceCode: null, title: "Local Plan" })).toBe("LP");
  });
});

describe("a typed reference code", () => {
  const parse = (referenceCode: string) =>
    newConsultationSchema.safeParse({ title: "Local Plan", kind: "questionnaire", referenceCode });

  it("is kept in capitals, without the spaces around it", () => {
    const r = parse("  lsp26 ");
    expect(r.success && r.data.referenceCode).toBe("LSP26");
  });

  it("is optional: left empty, the title's initials are used", () => {
    const r = parse("");
    expect(r.success).toBe(true);
    expect(r.success && r.data.referenceCode).toBeUndefined();
  });

  it.each([
    ["L", "Reference code must be between 2 and 10 characters"],
    ["ABCDEFGHIJK", "Reference code must be between 2 and 10 characters"],
    ["LSP-26", "Reference code must only include letters A to Z and numbers 0 to 9"],
    ["LS P", "Reference code must only include letters A to Z and numbers 0 to 9"],
    ["ÉCOLE", "Reference code must only include letters A to Z and numbers 0 to 9"],
    ["<b>", "Reference code must only include letters A to Z and numbers 0 to 9"],
  ])("refuses %j with a message for the field", (typed, message) => {
    const r = parse(typed);
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ["referenceCode"], message })]);
  });

  it("names the problem without the schema", () => {
    expect(referenceCodeProblem("OK")).toBeNull();
    expect(referenceCodeProblem("LSPSTF2026")).toBeNull();
  });
});

describe("a response reference", () => {
  it("starts with the code, then two groups of 4 characters without look-alikes", () => {
    expect(makeReference("LSPSTF")).toMatch(/^LSPSTF-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it("falls back to RESP for a code that is not valid (never puts other text in a reference)", () => {
    expect(makeReference("<b>")).toMatch(/^RESP-/);
  });
});

import { describe, expect, it } from "vitest";
import { matchLeads, nameWords } from "./owner-match";

const ORGS = [
  { id: "hwp", name: "Rochford Health and Wellbeing Partnership" },
  { id: "cig", name: "Rochford Community Involvement Group" },
  { id: "cdrp", name: "Rochford Crime and Disorder Reduction Partnership" },
  { id: "lsp", name: "Rochford LSP Executive Board" },
  { id: "council", name: "Rochford District Council" },
  { id: "police", name: "Essex Police" },
];
const lead = (leadText: string, orgs = ORGS) => matchLeads([{ number: 1, leadText }], orgs);

describe("matching a pasted plan's leads to organisations", () => {
  it("matches every lead of the Rochford plan as the paper words it", () => {
    expect(lead("Chair Health and Wellbeing Partnership (HWP)").matches[0]).toMatchObject({ organisationId: "hwp", how: "words" });
    expect(lead("Chair of the Community Involvement Group (CIG)").matches[0]).toMatchObject({ organisationId: "cig" });
    expect(lead("Chair of Rochford Crime and Disorder Reduction Partnership (CDRP)").matches[0]).toMatchObject({ organisationId: "cdrp" });
    expect(lead("Chair of LSP Executive").matches[0]).toMatchObject({ organisationId: "lsp" });
  });

  it("prefers the exact name, ignoring case and spaces", () => {
    expect(lead("essex  police").matches[0]).toMatchObject({ organisationId: "police", how: "exact" });
  });

  it("reads an abbreviation in brackets as an organisation's initials", () => {
    expect(lead("The HWP board (HWP)").matches[0]).toMatchObject({ organisationId: "hwp", how: "initials" });
  });

  it("warns, and matches nothing, when no organisation or two equally fit", () => {
    const none = lead("To be established");
    expect(none.matches[0]!.organisationId).toBeNull();
    expect(none.warnings).toEqual([]); // the importer already says "To be established"
    expect(lead("Chair of the Youth Forum").warnings[0]).toMatch(/no organisation matches the lead “Chair of the Youth Forum”/);
    const two = lead("Partnership", [
      { id: "a", name: "Health Partnership" },
      { id: "b", name: "Crime Partnership" },
    ]);
    expect(two.matches[0]!.organisationId).toBeNull();
    expect(two.warnings).toHaveLength(1);
  });

  it("normalises names: role and little words, brackets, punctuation and '&'", () => {
    expect(nameWords("Chair of the Health & Wellbeing Partnership (HWP).")).toEqual(["health", "wellbeing", "partnership"]);
  });
});

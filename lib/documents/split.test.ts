import { describe, expect, it } from "vitest";
import { formatDocument, paragraphsOf, splitDocument } from "./split";

const SEED = `LEICESTERSHIRE TOGETHER BOARD

Purpose of the Report

1. To clarify the purpose and structure of the Sustainable Community Strategy.
2. To update Board members on progress.

How the LAA will be different

4. There are a number of significant differences:
 - a. The Government is providing a list of 200 indicators.
 - b. The LAA will be the key piece of evidence
   for the future assessment of the County Council.

12. Principally the main activities requested of the Board are:

- Stage 2: 3rd to 26th October - Comment on the evidence base
- Stage 5: 12th November to 18th January – Comment on the first draft

11. Work is currently focusing on the evidence base reports.

Recommendations

It is recommended that the Board:

- a) **Notes the proposed timetable;**
- b) Discusses the questions raised.
`;

describe("splitDocument (pasted text)", () => {
  const doc = splitDocument(SEED, { loose: true });
  const paras = paragraphsOf(doc);

  it("takes short lines without a full stop as headings", () => {
    expect(doc.sections.map((s) => s.heading)).toEqual([
      "LEICESTERSHIRE TOGETHER BOARD",
      "Purpose of the Report",
      "How the LAA will be different",
      "Recommendations",
    ]);
  });

  it("keeps printed numbers and gives list items the number of their paragraph", () => {
    expect(paras.map((p) => p.number)).toEqual(["1", "2", "4", "4.a", "4.b", "12", "12.1", "12.2", "11", "11.1", "11.a", "11.b"]);
    expect(paras.find((p) => p.number === "4.b")!.text).toBe("The LAA will be the key piece of evidence for the future assessment of the County Council.");
  });

  it("splits numbered lines in one block into paragraphs and strips bold marks", () => {
    expect(paras[0]!.text).toBe("To clarify the purpose and structure of the Sustainable Community Strategy.");
    expect(paras.find((p) => p.number === "11.a")!.text).toBe("Notes the proposed timetable;");
  });

  it("keeps dotted numbers like 3.2 and lettered ones like 4.a as printed", () => {
    const d = splitDocument("## Stages\n\n3 The stages.\n\n3.2 The second.\n\n4.a Lettered.", {});
    expect(paragraphsOf(d).map((p) => p.number)).toEqual(["3", "3.2", "4.a"]);
  });

  it("numbers 1, 2, 3 a text with no numbers", () => {
    const d = splitDocument("First paragraph here.\n\nSecond one.\n\nThird.", { loose: true });
    expect(paragraphsOf(d).map((p) => p.number)).toEqual(["1", "2", "3"]);
  });

  it("makes a repeated number unique and says so", () => {
    const d = splitDocument("11. One.\n\n11. Two.", {});
    expect(paragraphsOf(d).map((p) => p.number)).toEqual(["11", "11 (2)"]);
    expect(d.warnings[0]).toMatch(/11 appears more than once/);
  });

  it("never gives an unnumbered paragraph a number printed later", () => {
    const d = splitDocument("3 Intro.\n\nUnnumbered.\n\n3.1 Printed.", {});
    expect(paragraphsOf(d).map((p) => p.number)).toEqual(["3", "3.2", "3.1"]);
  });

  it("reads its own canonical form back unchanged (strict mode)", () => {
    const text = formatDocument(doc);
    const again = splitDocument(text);
    expect(again.sections).toEqual(doc.sections);
    expect(formatDocument(again)).toBe(text);
  });

  it("in strict mode, a short line is a paragraph unless marked with ##", () => {
    const d = splitDocument("## Heading\n\nShort line\n\nAnother");
    expect(d.sections).toEqual([{ heading: "Heading", paragraphs: [{ number: "1", text: "Short line" }, { number: "2", text: "Another" }] }]);
  });

  it("warns when there are no paragraphs", () => {
    expect(splitDocument("## Only a heading").warnings).toContain("No paragraphs were found.");
  });
});

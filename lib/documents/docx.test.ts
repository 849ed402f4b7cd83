// A Word document's headings become sections of a draft document, through the same .docx
// reader as question import (lib/question-sets/extract) with markHeadings.
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { describe, expect, it } from "vitest";
import { extractPaper } from "../question-sets/extract";
import { paragraphsOf, splitDocument } from "./split";

describe("a Word document as a draft document", () => {
  it("marks paragraphs in heading styles, which become sections; numbered paragraphs keep their numbers", async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: "Housing", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("3.1 Affordable housing is the first priority."),
            new Paragraph("3.2 Empty homes are brought back into use."),
            new Paragraph({ text: "Transport", heading: HeadingLevel.HEADING_2 }),
            new Paragraph("4.1 Bus services to market towns."),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const { text } = await extractPaper(bytes, "place.docx", { markHeadings: true });
    expect(text).toContain("## Housing");
    const split = splitDocument(text, { loose: true });
    expect(split.sections.map((s) => s.heading)).toEqual(["Housing", "Transport"]);
    expect(paragraphsOf(split).map((p) => p.number)).toEqual(["3.1", "3.2", "4.1"]);
    // Without the option (question import), no marks.
    expect((await extractPaper(bytes, "place.docx")).text).not.toContain("##");
  });
});

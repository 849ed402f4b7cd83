import { describe, expect, it } from "vitest";
import { canonicalVersion, DOCUMENT_VERSION_FORMAT } from "./endorsements";

const v = {
  documentId: "d1",
  version: 3,
  label: "Final version",
  sections: [{ id: "s1", anchor: "s-a", heading: "Vision" }],
  paragraphs: [
    { anchor: "p-1", number: "1", text: "Cafe\u0301 culture.\r\nSecond line.", sectionId: "s1" },
    { anchor: "p-2", number: "2", text: "Partners.", sectionId: null },
  ],
};

describe("canonicalVersion (what an endorsement's SHA-256 is of)", () => {
  it("is sorted-key JSON of exactly the text read, NFC with LF line ends, sections by anchor", () => {
    const s = canonicalVersion(v);
    expect(JSON.parse(s)).toEqual({
      format: DOCUMENT_VERSION_FORMAT,
      documentId: "d1",
      version: 3,
      label: "Final version",
      sections: [{ anchor: "s-a", heading: "Vision" }],
      paragraphs: [
        { anchor: "p-1", number: "1", section: "s-a", text: "Café culture.\nSecond line." },
        { anchor: "p-2", number: "2", section: null, text: "Partners." },
      ],
    });
    expect(s.indexOf('"documentId"')).toBeLessThan(s.indexOf('"format"'));
  });
  it("changes with any word, number or order of the text, and not with database ids", () => {
    const s = canonicalVersion(v);
    expect(canonicalVersion({ ...v, sections: [{ ...v.sections[0]!, id: "other" }], paragraphs: v.paragraphs.map((p) => ({ ...p, sectionId: p.sectionId ? "other" : null })) })).toBe(s);
    expect(canonicalVersion({ ...v, paragraphs: [v.paragraphs[1]!, v.paragraphs[0]!] })).not.toBe(s);
    expect(canonicalVersion({ ...v, paragraphs: [{ ...v.paragraphs[0]!, number: "1.1" }, v.paragraphs[1]!] })).not.toBe(s);
    expect(canonicalVersion({ ...v, paragraphs: [v.paragraphs[0]!, { ...v.paragraphs[1]!, text: "Partners!" }] })).not.toBe(s);
  });
});

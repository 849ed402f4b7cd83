// Reading a PDF's pages: what is left out as page furniture is reported, so the preview can list
// it (issue 19: nothing is lost silently).
import { describe, expect, it } from "vitest";
import { assemblePages, assemblePagesReporting } from "./extract";

const page = (n: number, body: string[]) => [
  { text: "Parking Strategy – draft for consultation", y: 800, h: 10 },
  ...body.map((text, i) => ({ text, y: 700 - i * 14, h: 10 })),
  { text: `Page ${n} of 3`, y: 40, h: 10 },
];

describe("assemblePagesReporting", () => {
  const pages = [page(1, ["1. Do you agree with the zones?"]), page(2, ["2. Do you agree with the charges?"]), page(3, ["3. Any other comments?"])];

  it("drops the running header and the page numbers, and says so", () => {
    const { text, leftOut } = assemblePagesReporting(pages);
    expect(text).toBe("1. Do you agree with the zones?\n\f2. Do you agree with the charges?\n\f3. Any other comments?");
    expect(leftOut).toEqual(["“Parking Strategy – draft for consultation”, a running header or footer (3 pages)", "Page numbers (3)"]);
    expect(assemblePages(pages)).toBe(text);
  });

  it("reports nothing when nothing was left out", () => {
    expect(assemblePagesReporting([[{ text: "1. Do you agree?", y: 700, h: 10 }]]).leftOut).toEqual([]);
  });
});

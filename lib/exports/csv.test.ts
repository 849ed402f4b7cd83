import { describe, expect, it } from "vitest";
import { csvCell, csvRow, spreadsheetText } from "./csv";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvRow(["a", "b,c", 'say "hi"', "two\nlines", null, 3])).toBe('a,"b,c","say ""hi""","two\nlines",,3\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas, but leaves numbers alone", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("+1");
    expect(csvCell("-5.5")).toBe("-5.5");
    expect(csvCell("-cmd|' /C calc'!A0")).toBe("'-cmd|' /C calc'!A0");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });
});

describe("the spreadsheet guard", () => {
  it("defuses formula look-alikes: leading whitespace, tab or return, and full-width = + - @", () => {
    for (const v of [" =HYPERLINK(\"http://x\")", "\t=1+1", "\r=1", "\u00a0@SUM(A1)", "\u3000=1", "＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)", " -cmd"]) {
      expect(spreadsheetText(v), JSON.stringify(v)).toBe(`'${v}`);
    }
    expect(spreadsheetText("a = b")).toBe("a = b");
    expect(spreadsheetText("-5.5")).toBe("-5.5");
  });

  it("drops bidirectional controls, which a cell cannot isolate, and then guards what is left", () => {
    expect(spreadsheetText("abc\u202Edef\u202C")).toBe("abcdef");
    expect(spreadsheetText("\u202E=1+1")).toBe("'=1+1");
    expect(spreadsheetText("\u2067x\u2069")).toBe("x");
  });
});

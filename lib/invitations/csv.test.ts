// Reading contacts from CSV.
import { describe, expect, it } from "vitest";
import { parseCsv, readContactsCsv } from "./csv";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, commas and line breaks in fields", () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["multi\nline", "x", ""],
    ]);
  });
});

describe("readContactsCsv", () => {
  it("reads columns in any order from a header row, skipping blank lines", () => {
    const r = readContactsCsv("\uFEFFOrganisation,Email,Name\nParish,A@B.example,Ann\n\n");
    expect(r).toEqual({ rows: [{ line: 2, name: "Ann", email: "a@b.example", organisation: "Parish" }], errors: [] });
  });

  it("assumes name, email, organisation without a header", () => {
    expect(readContactsCsv("Ann,a@b.example,Parish").rows[0]).toMatchObject({ name: "Ann", organisation: "Parish" });
  });

  it("reports each bad row by its line number", () => {
    const r = readContactsCsv('name,email,organisation\nAnn,nope,Parish\n"Bob\nSmith",bob@x.example,\nCat,cat@x.example,Org');
    expect(r.errors).toEqual([
      { line: 2, message: "Row 2: “nope” is not an email address in the correct format, like name@example.org" },
      { line: 3, message: "Row 3: enter the contact's organisation" },
    ]);
    expect(r.rows.map((x) => x.name)).toEqual(["Cat"]);
  });

  it("says an empty file is empty", () => {
    expect(readContactsCsv(" \n").errors[0].message).toBe("The file has no contacts in it");
  });
});

describe("readContactsCsv on files a spreadsheet might save", () => {
  it("takes mixed line endings and a byte-order mark", () => {
    const r = readContactsCsv("\uFEFFname,email,organisation\r\nAnn,ann@x.example,Parish\nBob,bob@x.example,Police\rCat,cat@x.example,NHS");
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.name])).toEqual([
      [2, "Ann"],
      [3, "Bob"],
      [4, "Cat"],
    ]);
  });

  it("says where a quote is never closed, rather than guessing", () => {
    const r = readContactsCsv('name,email,organisation\nAnn,ann@x.example,"Parish\nBob,bob@x.example,Police');
    expect(r.rows).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/^The file could not be read as CSV \(at line \d\): a quoted field is never closed/);
  });
});

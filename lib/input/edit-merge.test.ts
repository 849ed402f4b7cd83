import { describe, expect, it } from "vitest";
import { EditConflictError, editBase, fingerprint, mergeEdit, mergeOrRefuse, parseEditBase } from "./edit-merge";

const drawn = { title: "Old title", hint: "Old hint", options: ["A", "B"], required: false };
const base = parseEditBase(editBase(drawn))!;

describe("merging two people's edits of one form", () => {
  it("writes what this person changed when nobody else saved", () => {
    expect(mergeEdit(drawn, { ...drawn, title: "New" }, base)).toEqual({ merged: { ...drawn, title: "New" }, conflicts: [] });
  });

  it("keeps a colleague's change to a field this person left alone, and this person's to another", () => {
    const stored = { ...drawn, hint: "Their hint" };
    expect(mergeEdit(stored, { ...drawn, title: "My title" }, base)).toEqual({ merged: { ...drawn, title: "My title", hint: "Their hint" }, conflicts: [] });
  });

  it("is no conflict when both made the same change", () => {
    expect(mergeEdit({ ...drawn, options: ["A", "B", "C"] }, { ...drawn, options: ["A", "B", "C"] }, base).conflicts).toEqual([]);
  });

  it("refuses a field both changed differently, saying what is stored, and lets a second save replace it knowingly", () => {
    const stored = { ...drawn, title: "Their title", hint: "Their hint" };
    const mine = { ...drawn, title: "My title" };
    let refused: EditConflictError | undefined;
    try {
      mergeOrRefuse(stored, mine, base, { fieldOf: (k) => (k === "title" ? "titleField" : k) });
    } catch (e) {
      refused = e as EditConflictError;
    }
    expect(refused).toBeInstanceOf(EditConflictError);
    expect(refused!.fieldErrors).toEqual({ titleField: expect.stringContaining("It now reads: “Their title”") });
    // Saving again with the base the refusal gave: my title replaces theirs, their hint stays.
    expect(mergeOrRefuse(stored, mine, parseEditBase(refused!.keep.editBase))).toEqual({ ...drawn, title: "My title", hint: "Their hint" });
  });

  it("merges fields checked together as one: never one officer's start with the other's end", () => {
    const dates = { startsOn: "2027-01-01", dueOn: "2027-02-01", name: "Stage" };
    const drawnDates = parseEditBase(editBase(dates))!;
    // They moved the start later, this officer the end earlier: each valid, together not.
    const stored = { ...dates, startsOn: "2027-01-25" };
    const mine = { ...dates, dueOn: "2027-01-10" };
    expect(mergeEdit(stored, mine, drawnDates).conflicts).toEqual([]); // field by field they would mix
    expect(mergeEdit(stored, mine, drawnDates, [["startsOn", "dueOn"]]).conflicts).toEqual(["startsOn"]);
    // Only they changed the dates, this officer the name: theirs kept whole, mine written.
    expect(mergeEdit(stored, { ...dates, name: "Renamed" }, drawnDates, [["startsOn", "dueOn"]]).merged).toEqual({ ...stored, name: "Renamed" });
  });

  it("writes what it is given without a base (the API, an older page), and reads a broken base as none", () => {
    expect(mergeEdit({ ...drawn, title: "Theirs" }, drawn, null).merged).toEqual(drawn);
    for (const text of [undefined, "", "not json", "[1]", "null"]) expect(parseEditBase(text)).toBeNull();
    expect(parseEditBase('{"a":"x","b":2}')).toEqual({ a: "x" });
  });

  it("counts empty, null and missing as one value", () => {
    expect(fingerprint("")).toBe(fingerprint(null));
    expect(fingerprint(undefined)).toBe(fingerprint(null));
    expect(fingerprint("a")).not.toBe(fingerprint("b"));
  });
});

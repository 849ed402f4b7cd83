import { describe, expect, it } from "vitest";
import { normaliseForDuplicates, tokenise } from "./tokenise";

describe("tokenise", () => {
  it("drops stop words and consultation filler, and stems what is left", () => {
    expect(tokenise("I really think the parking charges are far too high!").terms).toEqual(["park", "charg", "far", "high"]);
  });

  it("gives the same stem to inflected forms", () => {
    const a = tokenise("Libraries").terms;
    const b = tokenise("library").terms;
    expect(a).toEqual(b);
  });

  it("pairs only words that stood side by side into phrases", () => {
    const t = tokenise("Bus services to villages; bus services cut.");
    expect(t.phrases).toContain("bus servic");
    // "villages" and "bus" are separated by punctuation only, but "services to villages" has a stop word between.
    expect(t.phrases).not.toContain("servic villag");
  });

  it("keeps the surface word for each stem, for labels", () => {
    expect(tokenise("Parking fees").surfaces).toEqual([
      ["park", "parking"],
      ["fee", "fees"],
      ["park fee", "parking fees"],
    ]);
  });

  it("copes with apostrophes, accents, numbers and empty text", () => {
    expect(tokenise("The council’s café won't open").terms).toEqual(["council", "cafe", "open"]);
    expect(tokenise("123 !!!").terms).toEqual([]);
    expect(tokenise("").terms).toEqual([]);
  });

  it("normalises case, punctuation and spacing for exact duplicates", () => {
    expect(normaliseForDuplicates("Save  the LIBRARY!")).toBe(normaliseForDuplicates("save the library"));
  });
});

import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("says one, and more than one, with thousands separated", () => {
    expect(plural(1, "tag")).toBe("1 tag");
    expect(plural(0, "tag")).toBe("0 tags");
    expect(plural(1234, "answer")).toBe("1,234 answers");
  });
  it("takes an irregular plural", () => {
    expect(plural(2, "word or phrase", "words or phrases")).toBe("2 words or phrases");
    expect(plural(1, "word or phrase", "words or phrases")).toBe("1 word or phrase");
  });
});

import { describe, expect, it } from "vitest";
import { HIGHLIGHT_START as S, HIGHLIGHT_STOP as E, splitHighlights } from "./highlight";

describe("splitHighlights", () => {
  it("splits a headline into plain and matched parts", () => {
    expect(splitHighlights(`the ${S}housing${E} need and ${S}housing${E}`)).toEqual([
      { text: "the ", match: false },
      { text: "housing", match: true },
      { text: " need and ", match: false },
      { text: "housing", match: true },
    ]);
  });

  it("keeps markup as text and copes with an unclosed marker", () => {
    expect(splitHighlights(`<b>${S}x`)).toEqual([
      { text: "<b>", match: false },
      { text: "x", match: true },
    ]);
    expect(splitHighlights("")).toEqual([]);
  });
});

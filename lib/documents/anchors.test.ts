import { describe, expect, it } from "vitest";
import { carryAnchors, diffVersions, similarity, type AnchoredParagraph } from "./anchors";

function counter() {
  let n = 0;
  return () => `new-${++n}`;
}

const v1: AnchoredParagraph[] = [
  { anchor: "a1", number: "1", text: "The partnership will publish an evidence base on place." },
  { anchor: "a2", number: "2", text: "Partners will comment on the evidence base in October." },
  { anchor: "a3", number: "3", text: "The board signs off the final strategy in April." },
];

describe("carryAnchors", () => {
  it("keeps the anchor of a paragraph whose text is unchanged, even renumbered", () => {
    const next = [
      { number: "1", text: "A new opening paragraph about the strategy's vision." },
      { number: "2", text: v1[0]!.text },
      { number: "3", text: v1[1]!.text },
      { number: "4", text: v1[2]!.text },
    ];
    expect(carryAnchors(v1, next, counter())).toEqual(["new-1", "a1", "a2", "a3"]);
  });

  it("keeps the anchor of an edited paragraph that is still alike", () => {
    const next = [
      { number: "1", text: "The partnership will publish two evidence base reports, on place and on people." },
      { number: "2", text: "Partners will comment on the evidence base between 3 and 26 October." },
    ];
    expect(carryAnchors(v1, next, counter())).toEqual(["a1", "a2"]);
  });

  it("gives a new anchor to a rewritten paragraph and never reuses an anchor twice", () => {
    const next = [
      { number: "3", text: "Something entirely different about funding and the single pot." },
      { number: "4", text: v1[2]!.text },
      { number: "5", text: v1[2]!.text },
    ];
    const anchors = carryAnchors(v1, next, counter());
    expect(anchors).toEqual(["new-1", "a3", "new-2"]);
  });

  it("prefers the paragraph at the same number when two are alike", () => {
    const prev = [
      { anchor: "x", number: "1", text: "Health and wellbeing of older people" },
      { anchor: "y", number: "2", text: "Health and wellbeing of young people" },
    ];
    expect(carryAnchors(prev, [{ number: "2", text: "Health and wellbeing of all people" }], counter())).toEqual(["y"]);
  });

  it("scores similarity between 0 and 1", () => {
    expect(similarity("a b c", "a b c")).toBe(1);
    expect(similarity("a b c", "x y z")).toBe(0);
  });
});

describe("diffVersions", () => {
  it("lists changed, added and removed paragraphs in the later version's order", () => {
    const v2: AnchoredParagraph[] = [
      { anchor: "a1", number: "1", text: "The partnership will publish an evidence base on place and people." },
      { anchor: "n1", number: "2", text: "A new paragraph." },
      { anchor: "a3", number: "3", text: v1[2]!.text },
    ];
    const d = diffVersions(v1, v2);
    expect(d.map((c) => [c.anchor, c.kind])).toEqual([
      ["a1", "changed"],
      ["a2", "removed"],
      ["n1", "added"],
      ["a3", "unchanged"],
    ]);
    expect(d[0]!.parts).toContainEqual({ kind: "added", text: expect.stringContaining("and people") });
  });

  it("counts a renumbered paragraph as changed", () => {
    const d = diffVersions([v1[0]!], [{ ...v1[0]!, number: "1A" }]);
    expect(d[0]).toMatchObject({ kind: "changed", numberBefore: "1", numberAfter: "1A" });
  });

  it("puts a removed first paragraph first", () => {
    const d = diffVersions(v1, [v1[1]!, v1[2]!]);
    expect(d.map((c) => c.kind)).toEqual(["removed", "unchanged", "unchanged"]);
  });
});

import { describe, expect, it } from "vitest";
import { diffStats, diffToText, elideUnchanged, wordDiff } from "./diff";

describe("wordDiff", () => {
  it("marks added and removed words and keeps the rest", () => {
    const parts = wordDiff("The proposed key role of the LSP is favoured.", "The proposed key role of the LSP is strongly favoured.");
    expect(diffToText(parts)).toBe("The proposed key role of the LSP is [+strongly +]favoured.");
    expect(diffStats(parts)).toEqual({ added: 1, removed: 0 });
  });

  it("shows a replaced word as removed then added", () => {
    const parts = wordDiff("As for 16 above.", "As for 15 above.");
    expect(parts.map((p) => p.kind)).toEqual(["same", "removed", "added", "same"]);
    expect(parts.find((p) => p.kind === "removed")!.text.trim()).toBe("16");
    expect(parts.find((p) => p.kind === "added")!.text.trim()).toBe("15");
  });

  it("merges runs so one change is one part", () => {
    const parts = wordDiff("a b c", "a x y z c");
    expect(parts.filter((p) => p.kind === "added")).toHaveLength(1);
    expect(parts.filter((p) => p.kind === "removed")).toHaveLength(1);
  });

  it("handles empty texts and identical texts", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("same", "same")).toEqual([{ kind: "same", text: "same" }]);
    expect(wordDiff("", "new text")).toEqual([{ kind: "added", text: "new text" }]);
    expect(wordDiff("old text", "")).toEqual([{ kind: "removed", text: "old text" }]);
  });

  it("keeps line breaks and the whole of both texts", () => {
    const before = "First paragraph.\n\nSecond paragraph.";
    const after = "First paragraph.\n\nSecond paragraph, changed.\nThird.";
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(before);
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(after);
  });
});

describe("wordDiff on a rewritten sentence", () => {
  it("keeps a short common word inside the change instead of splitting it", () => {
    const before = "Providing partners with more flexibility to work together.";
    const after = "Amir's version of the answer to question 5.";
    const parts = wordDiff(before, after);
    expect(parts.map((p) => p.kind)).toEqual(["removed", "added", "same"]);
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(before);
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(after);
  });
});

describe("elideUnchanged", () => {
  it("keeps a few words of context around each change and shortens the rest", () => {
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    const parts = elideUnchanged(wordDiff(`${long} old ${long}`, `${long} new ${long}`), 3);
    const text = diffToText(parts);
    expect(text).toBe("… w37 w38 w39 [-old-][+new+] w0 w1 w2 …");
  });

  it("leaves short diffs alone", () => {
    const parts = wordDiff("a b c", "a x c");
    expect(elideUnchanged(parts, 3)).toEqual(parts);
  });
});

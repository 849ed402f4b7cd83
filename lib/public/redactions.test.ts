import { describe, expect, it } from "vitest";
import { countPassage, findPassage, mergeRanges, rebaseRedactions, redactText, segmentText, type Redaction } from "./redactions";

const at = (text: string, passage: string): Redaction => {
  const start = text.indexOf(passage);
  if (start < 0) throw new Error(`no ${passage}`);
  return { start, end: start + passage.length, reason: "person_name" };
};
const hidden = (text: string, rs: Redaction[]) => rs.map((r) => text.slice(r.start, r.end));

describe("rebaseRedactions keeps each redaction on its passage through edits", () => {
  const before = "My neighbour John Smith parks on the kerb. Call 07700 900123.";
  const rs = [at(before, "John Smith"), { ...at(before, "07700 900123"), reason: "phone" as const }];

  it("moves with text inserted before it", () => {
    const after = "Every day, m" + before.slice(1);
    expect(hidden(after, rebaseRedactions(before, after, rs))).toEqual(["John Smith", "07700 900123"]);
  });

  it("moves with text deleted before it", () => {
    const after = before.replace("My neighbour ", "");
    expect(hidden(after, rebaseRedactions(before, after, rs))).toEqual(["John Smith", "07700 900123"]);
  });

  it("stays put for edits after it", () => {
    const after = before.replace("on the kerb", "across my drive every single morning");
    expect(hidden(after, rebaseRedactions(before, after, rs))).toEqual(["John Smith", "07700 900123"]);
  });

  it("covers a change inside the passage (a corrected spelling)", () => {
    const after = before.replace("John Smith", "Jon Smyth");
    expect(hidden(after, rebaseRedactions(before, after, rs))).toEqual(["Jon Smyth", "07700 900123"]);
  });

  it("takes in a word continued at either edge (John → Johnny, Smith → Smithson)", () => {
    const after = before.replace("John Smith", "Johnny Smithson");
    expect(hidden(after, rebaseRedactions(before, after, rs))[0]).toBe("Johnny Smithson");
  });

  it("does not take in a separate word typed beside it", () => {
    const after = before.replace("John Smith parks", "John Smith always parks");
    expect(hidden(after, rebaseRedactions(before, after, rs))[0]).toBe("John Smith");
    const after2 = before.replace("neighbour John", "neighbour, Mr John");
    expect(hidden(after2, rebaseRedactions(before, after2, rs))[0]).toBe("John Smith");
  });

  it("drops a redaction whose passage was deleted outright, keeping the others", () => {
    const after = before.replace("My neighbour John Smith parks", "People park");
    const moved = rebaseRedactions(before, after, rs);
    expect(moved.map((r) => r.reason)).toEqual(["phone"]);
    expect(hidden(after, moved)).toEqual(["07700 900123"]);
  });

  it("never exposes a character of the passage after many random edits outside it", () => {
    let text = before;
    let moved = rs;
    const seed = [7, 3, 11, 5, 2, 13, 17, 1];
    for (let i = 0; i < 200; i++) {
      const r = seed[i % seed.length]! * (i + 1);
      // Insert or delete a few characters away from the redacted passages.
      const spans = moved.map((x) => [x.start, x.end] as const);
      const pos = r % (text.length + 1);
      if (spans.some(([s, e]) => pos >= s - 1 && pos <= e + 1)) continue;
      const next = i % 3 === 0 ? text.slice(0, pos) + text.slice(pos + 1) : text.slice(0, pos) + " x " + text.slice(pos);
      if (i % 3 === 0 && spans.some(([s, e]) => pos + 1 >= s - 1 && pos <= e)) continue;
      moved = rebaseRedactions(text, next, moved);
      text = next;
    }
    expect(hidden(text, moved)).toEqual(["John Smith", "07700 900123"]);
  });

  it("keeps extra fields of each redaction", () => {
    const withId = rs.map((r, i) => ({ ...r, id: `r${i}` }));
    expect(rebaseRedactions(before, "Hi. " + before, withId).map((r) => r.id)).toEqual(["r0", "r1"]);
  });
});

describe("redactText and segmentText", () => {
  it("replaces each redacted run with the mark and leaves the rest", () => {
    const text = "Call Ann on 07700 900123 today";
    expect(redactText(text, [at(text, "Ann"), at(text, "07700 900123")])).toBe("Call [redacted] on [redacted] today");
  });

  it("joins overlapping redactions so nothing between them shows", () => {
    const text = "abcdefghij";
    expect(redactText(text, [{ start: 1, end: 4 }, { start: 3, end: 6 }])).toBe("a[redacted]ghij");
    expect(mergeRanges([{ start: 5, end: 6 }, { start: 1, end: 2 }, { start: 2, end: 3 }])).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 6 },
    ]);
  });

  it("cuts the text into runs that add up to the whole", () => {
    const text = "one two three";
    const segs = segmentText(text, [{ start: 4, end: 7 }]);
    expect(segs.map((s) => s.text).join("")).toBe(text);
    expect(segs.filter((s) => s.redacted).map((s) => s.text)).toEqual(["two"]);
  });
});

describe("findPassage (selection by its text, without JavaScript)", () => {
  const text = "Ann said Ann's dog\nbarks at night. Ann";
  it("finds the n-th occurrence exactly", () => {
    expect(findPassage(text, "Ann", 2)).toEqual({ start: 9, end: 12 });
    expect(findPassage(text, "Ann", 4)).toBeNull();
    expect(countPassage(text, "Ann")).toBe(3);
  });
  it("matches across a line break typed as a space", () => {
    const r = findPassage(text, "dog barks");
    expect(r && text.slice(r.start, r.end)).toBe("dog\nbarks");
  });
  it("returns null for an empty passage or one not in the text", () => {
    expect(findPassage(text, "  ")).toBeNull();
    expect(findPassage(text, "cat")).toBeNull();
  });
});

describe("markText", () => {
  it("marks redacted runs and suggested runs without changing the text", async () => {
    const { markText } = await import("./redactions");
    const text = "Call Ann on 07700 900123";
    const runs = markText(text, [{ start: 5, end: 8 }], [{ start: 12, end: 24, kind: "phone" }]);
    expect(runs.map((r) => r.text).join("")).toBe(text);
    expect(runs.filter((r) => r.redacted).map((r) => r.text)).toEqual(["Ann"]);
    expect(runs.filter((r) => r.suggestion).map((r) => [r.text, r.suggestion])).toEqual([["07700 900123", "phone"]]);
  });
});

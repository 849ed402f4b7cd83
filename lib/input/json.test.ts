// Outside JSON is read without recursion: any depth or size answers 422 or 413, never a crash.
import { describe, expect, it } from "vitest";
import { answerHash, stableJson } from "../responses/hash";
import { InvalidError } from "../errors";
import { inspectJson, JsonLimitError } from "./json";

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("stableJson (canonical JSON)", () => {
  it("sorts keys and otherwise writes what JSON.stringify writes", () => {
    const value = { b: [1, "two", null, true, { z: 1, y: [] }], a: { d: "\u00e9\ud83d\ude00", c: -0.5e-7 }, u: undefined };
    expect(stableJson(value)).toBe(JSON.stringify({ a: { c: -0.5e-7, d: "\u00e9\ud83d\ude00" }, b: [1, "two", null, true, { y: [], z: 1 }] }));
    expect(stableJson([undefined, 1])).toBe("[null,1]");
    expect(stableJson(undefined)).toBe("null");
    expect(answerHash({ answer: "Yes", explanation: "x" })).toBe(answerHash({ explanation: "x", answer: "Yes" }));
  });

  it("refuses a value nested 10,000 deep as too deep (422), not by running out of stack", () => {
    const e = thrown(() => stableJson(nested(10_000)));
    expect(e).toBeInstanceOf(JsonLimitError);
    expect(e).toMatchObject({ status: 422, code: "invalid", kind: "too_deep" });
    expect(stableJson(nested(90))).toContain('"leaf"');
  });

  it("refuses a value whose canonical form is too long (413)", () => {
    const e = thrown(() => stableJson(Array.from({ length: 1000 }, () => "x".repeat(1000)), { maxDepth: 10, maxLength: 100_000 }));
    expect(e).toMatchObject({ status: 413, code: "payload_too_large", kind: "too_large" });
  });
});

describe("inspectJson (every API body)", () => {
  it("refuses nesting deeper than 64 with the path where it went too deep", () => {
    const e = thrown(() => inspectJson({ answers: [{ value: nested(100) }] }));
    expect(e).toMatchObject({ status: 422, kind: "too_deep" });
    expect(() => inspectJson({ answers: [{ value: nested(50) }] })).not.toThrow();
  });

  it("refuses more than 200,000 values as too large (413)", () => {
    expect(thrown(() => inspectJson(new Array(200_001).fill(0)))).toMatchObject({ status: 413, kind: "too_large" });
  });

  it("names every string (or field name) holding NUL or an unpaired surrogate", () => {
    const e = thrown(() => inspectJson({ title: "a\u0000b", answers: [{ value: "\ud800" }, { value: "🙂" }], ["k\u0000"]: 1 }));
    expect(e).toBeInstanceOf(InvalidError);
    expect((e as InvalidError).fieldErrors).toEqual({
      title: expect.stringMatching(/NUL character/),
      "answers.0.value": expect.stringMatching(/unpaired surrogate/),
      "k\\u0000": expect.stringMatching(/^The name of this field is not valid: this text contains a NUL/),
    });
  });

  it("names at most 20 of them, the first found", () => {
    const e = thrown(() => inspectJson(Array.from({ length: 25 }, (_, i) => `bad ${i}\u0000`)));
    expect(Object.keys((e as InvalidError).fieldErrors!)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});

import { describe, expect, it } from "vitest";
import { type AnswerSetInput, canonicalAnswerSet, hashAnswerSet } from "./canonical";

const base = (): AnswerSetInput => ({
  consultationId: "6f1c2a9e-4b7d-4e0a-9d3c-2b1a0f9e8d7c",
  answerSetVersion: 1,
  answers: [
    { questionId: "q-1", number: "1", text: "Yes. LSPs should be the partnership of partnerships." },
    { questionId: "q-16", number: "16", text: "Agreed, subject to resources." },
    { questionId: "q-17", number: "17", text: "As for 16 above." },
  ],
});

describe("canonicalAnswerSet", () => {
  it("sorts keys at every level and keeps answers in the order given", () => {
    const json = canonicalAnswerSet(base());
    expect(json).toBe(
      '{"answerSetVersion":1,"answers":[' +
        '{"number":"1","questionId":"q-1","text":"Yes. LSPs should be the partnership of partnerships."},' +
        '{"number":"16","questionId":"q-16","text":"Agreed, subject to resources."},' +
        '{"number":"17","questionId":"q-17","text":"As for 16 above."}],' +
        '"consultationId":"6f1c2a9e-4b7d-4e0a-9d3c-2b1a0f9e8d7c","format":"council-consult/answer-set@1"}',
    );
    expect(JSON.parse(json).answers.map((a: { number: string }) => a.number)).toEqual(["1", "16", "17"]);
  });

  it("ignores extra properties on the input", () => {
    const input = base();
    const extra = { ...input, status: "approved", answers: input.answers.map((a) => ({ ...a, updatedAt: "now" })) };
    expect(canonicalAnswerSet(extra)).toBe(canonicalAnswerSet(input));
  });

  it("refuses a version that is not a positive whole number, and a question twice", () => {
    expect(() => canonicalAnswerSet({ ...base(), answerSetVersion: 1.5 })).toThrow(/version/);
    expect(() => canonicalAnswerSet({ ...base(), answerSetVersion: 0 })).toThrow(/version/);
    const twice = base();
    twice.answers.push({ ...twice.answers[0]! });
    expect(() => canonicalAnswerSet(twice)).toThrow(/twice/);
  });
});

describe("hashAnswerSet", () => {
  it("gives the same SHA-256 for the same input, every run", () => {
    const hash = hashAnswerSet(base());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAnswerSet(base())).toBe(hash);
  });

  it("does not depend on key order", () => {
    const input = base();
    const reordered: AnswerSetInput = {
      answers: input.answers.map(({ text, questionId, number }) => ({ text, number, questionId })),
      answerSetVersion: input.answerSetVersion,
      consultationId: input.consultationId,
    };
    expect(hashAnswerSet(reordered)).toBe(hashAnswerSet(input));
  });

  it("changes when one answer's text changes, even by one character", () => {
    const changed = base();
    changed.answers[1]!.text = "Agreed, subject to resources!";
    expect(hashAnswerSet(changed)).not.toBe(hashAnswerSet(base()));
  });

  it("changes when one answer's number changes", () => {
    const changed = base();
    changed.answers[2]!.number = "18";
    expect(hashAnswerSet(changed)).not.toBe(hashAnswerSet(base()));
  });

  it("changes when the answer set version changes", () => {
    expect(hashAnswerSet({ ...base(), answerSetVersion: 2 })).not.toBe(hashAnswerSet(base()));
  });

  it("changes when the consultation changes", () => {
    expect(hashAnswerSet({ ...base(), consultationId: "another" })).not.toBe(hashAnswerSet(base()));
  });

  it("changes when answers swap order, since the order is part of what was approved", () => {
    const swapped = base();
    swapped.answers.reverse();
    expect(hashAnswerSet(swapped)).not.toBe(hashAnswerSet(base()));
  });

  it("changes when text moves from one answer to the next", () => {
    const moved = base();
    moved.answers[0]!.text += " Agreed,";
    moved.answers[1]!.text = " subject to resources.";
    expect(hashAnswerSet(moved)).not.toBe(hashAnswerSet(base()));
  });

  it("treats CRLF as LF and composed and decomposed accents alike", () => {
    const a = base();
    a.answers[0]!.text = "Caf\u00e9 culture\nin the town centre";
    const b = base();
    b.answers[0]!.text = "Cafe\u0301 culture\r\nin the town centre";
    expect(hashAnswerSet(b)).toBe(hashAnswerSet(a));
    expect(canonicalAnswerSet(b)).toContain("Caf\u00e9 culture\\nin the town centre");
  });

  it("keeps other whitespace, which is part of the text", () => {
    const a = base();
    a.answers[0]!.text += " ";
    expect(hashAnswerSet(a)).not.toBe(hashAnswerSet(base()));
  });

  it("matches a known digest, so the format cannot drift unnoticed", () => {
    const input: AnswerSetInput = { consultationId: "c", answerSetVersion: 1, answers: [{ questionId: "q", number: "1", text: "A" }] };
    expect(canonicalAnswerSet(input)).toBe(
      '{"answerSetVersion":1,"answers":[{"number":"1","questionId":"q","text":"A"}],"consultationId":"c","format":"council-consult/answer-set@1"}',
    );
    // Worked out independently: printf '%s' "<the JSON above>" | sha256sum
    expect(hashAnswerSet(input)).toBe("82a5275e77fabf7b1fdcd089deda2e853182a8011ab363e70d3b5b99f1dc715b");
  });
});

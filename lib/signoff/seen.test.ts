import { describe, expect, it } from "vitest";
import { changedSinceSeen, encodeSeenAnswers } from "./seen";

const a = (questionId: string, text: string) => ({ questionId, text });

describe("what the signatory was shown", () => {
  const shown = [a("q1", "Yes."), a("q2", "No, because…"), a("q3", "")];
  const seen = encodeSeenAnswers(shown);

  it("names no question when nothing changed", () => {
    expect(changedSinceSeen(seen, shown)).toEqual([]);
  });

  it("names exactly the questions whose text changed, including one answered since", () => {
    const now = [a("q1", "Yes."), a("q2", "No, because of cost."), a("q3", "Now answered")];
    expect(changedSinceSeen(seen, now)?.map((x) => x.questionId)).toEqual(["q2", "q3"]);
  });

  it("names a question added since the page was opened", () => {
    expect(changedSinceSeen(seen, [...shown, a("q4", "New")])?.map((x) => x.questionId)).toEqual(["q4"]);
  });

  it("says nothing (null) for a form that carried nothing readable", () => {
    expect(changedSinceSeen(undefined, shown)).toBeNull();
    expect(changedSinceSeen("garbage", shown)).toBeNull();
  });
});

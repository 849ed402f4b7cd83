// The corpus score as a test: the paste parser on real consultation papers (corpus/) and the seed.
import { describe, expect, it } from "vitest";
import { scoreCorpus, totals } from "./corpus-score";

describe("the paste parser on the corpus of real papers", () => {
  const scores = scoreCorpus();
  const t = totals(scores);

  it("keeps the seed paper exact: 35 of 35 word for word", () => {
    const seed = scores.find((s) => s.name === "00-odpm-lsp-seed");
    expect(seed).toMatchObject({ expected: 35, found: 35, matched: 35 });
  });

  it("finds at least 95% of the expected questions word for word, and at least 95% of what it finds is real", () => {
    expect(t.recall).toBeGreaterThanOrEqual(0.95);
    expect(t.precision).toBeGreaterThanOrEqual(0.95);
  });

  it("gets the required mark, type and options right on every question it matches", () => {
    expect(t.attributesRight).toBe(t.matched);
  });

  it.each(scores.filter((s) => s.name !== "00-odpm-lsp-seed").map((s) => [s.name, s] as const))("%s parses without error", (_, s) => {
    expect(s.error).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { adjustedRandIndex, matchThemes } from "./evaluate";

describe("adjustedRandIndex", () => {
  it("is 1 for the same partition under other names", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b"], ["x", "x", "y", "y"])).toBe(1);
  });
  it("is about 0 for an unrelated partition, and matches a worked example", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b"], ["x", "y", "x", "y"])).toBeCloseTo(-0.5, 5);
    // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.57…
    expect(adjustedRandIndex(["0", "0", "1", "1"], ["0", "0", "1", "2"])).toBeCloseTo(0.5714, 3);
  });
});

describe("matchThemes", () => {
  it("matches each true theme to one group and scores precision, recall and F1", () => {
    const truth = ["a", "a", "a", "b", "b", "noise"];
    const pred = ["g1", "g1", "g2", "g2", "g2", "none"];
    const r = matchThemes(truth, pred, { ignoreTruth: ["noise"], ignorePredicted: ["none"] });
    const a = r.themes.find((t) => t.theme === "a")!;
    const b = r.themes.find((t) => t.theme === "b")!;
    expect(a).toMatchObject({ matched: "g1", precision: 1, recall: 2 / 3 });
    expect(b).toMatchObject({ matched: "g2", precision: 2 / 3, recall: 1 });
    expect(r.meanF1).toBeCloseTo(0.8, 5);
  });
  it("scores a theme no group matches as 0", () => {
    const r = matchThemes(["a", "b"], ["g", "g"]);
    expect(r.themes.map((t) => t.f1).sort()).toEqual([0, 2 / 3]);
  });
});

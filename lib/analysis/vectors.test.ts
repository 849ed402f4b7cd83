import { describe, expect, it } from "vitest";
import { tokenise } from "./tokenise";
import { buildTfIdf, reduceDimensions, sparseDot, symmetricEigen } from "./vectors";

const DOCS = [
  "parking charges too high",
  "parking charges rising",
  "parking fees and charges",
  "bus service cut",
  "bus service withdrawn from villages",
  "bus route cut",
].map(tokenise);

describe("buildTfIdf", () => {
  it("keeps terms used by at least two answers, sorted, with unit-length vectors", () => {
    const t = buildTfIdf(DOCS, { maxDfRatio: 0.9 });
    expect(t.vocabulary).toEqual(["bus", "bus servic", "charg", "cut", "park", "park charg", "servic"]);
    for (const v of t.vectors) expect(sparseDot(v, v)).toBeCloseTo(1, 5);
  });

  it("weights a rarer term above a common one", () => {
    const t = buildTfIdf(DOCS, { maxDfRatio: 0.9 });
    expect(t.idf[t.vocabulary.indexOf("cut")]).toBeGreaterThan(t.idf[t.vocabulary.indexOf("bus")]);
  });
});

describe("symmetricEigen", () => {
  it("finds the eigenvalues of a small symmetric matrix", () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(Array.from(values).sort()).toEqual([expect.closeTo(1, 8), expect.closeTo(3, 8)]);
  });
});

describe("reduceDimensions", () => {
  it("is deterministic for a seed, gives unit rows, and keeps answers on one subject together", () => {
    const t = buildTfIdf(DOCS, { maxDfRatio: 0.9 });
    const a = reduceDimensions(t, 2, 7);
    const b = reduceDimensions(t, 2, 7);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    const row = (i: number) => [a.points[i * 2], a.points[i * 2 + 1]];
    const cos = (i: number, j: number) => row(i)[0] * row(j)[0] + row(i)[1] * row(j)[1];
    expect(Math.hypot(...row(0))).toBeCloseTo(1, 5);
    expect(cos(0, 1)).toBeGreaterThan(0.9);
    expect(cos(3, 5)).toBeGreaterThan(0.9);
    expect(cos(0, 3)).toBeLessThan(0.3);
  });
});

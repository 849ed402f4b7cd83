import { describe, expect, it } from "vitest";
import { chooseK, kMeans, mergeSimilarClusters, silhouette, type Points } from "./cluster";

// Three tight groups of unit vectors in 3 dimensions (near the axes).
function threeGroups(): Points {
  const rows: number[][] = [];
  for (let g = 0; g < 3; g++) {
    for (let i = 0; i < 10; i++) {
      const v = [0.1 * ((i % 3) - 1), 0.1 * ((i % 2) - 0.5), 0.05 * (i % 4)];
      v[g] = 1;
      const n = Math.hypot(...v);
      rows.push(v.map((x) => x / n));
    }
  }
  return { data: Float32Array.from(rows.flat()), dims: 3, count: rows.length };
}

describe("kMeans", () => {
  it("finds well-separated groups, the same way for the same seed", () => {
    const p = threeGroups();
    const a = kMeans(p, 3, { seed: 1 });
    const b = kMeans(p, 3, { seed: 1 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    for (let g = 0; g < 3; g++) expect(new Set(a.assignments.slice(g * 10, g * 10 + 10)).size).toBe(1);
    expect(new Set(a.assignments).size).toBe(3);
  });
});

describe("silhouette and chooseK", () => {
  it("scores the true grouping near 1 and picks k = 3", () => {
    const p = threeGroups();
    const r = chooseK(p, { seed: 1, minK: 2, maxK: 6 });
    expect(r.k).toBe(3);
    const best = r.scores.find((s) => s.k === 3)!.silhouette;
    expect(best).toBeGreaterThan(0.8);
    for (const s of r.scores) expect(s.silhouette).toBeLessThanOrEqual(best);
  });

  it("scores a single-point cluster as 0", () => {
    const sim = Float32Array.from([1, 0, 0, 1]);
    expect(silhouette(sim, 2, Int32Array.from([0, 1]), 2)).toBe(0);
  });
});

describe("mergeSimilarClusters", () => {
  it("joins clusters whose centres point the same way and keeps distinct ones apart", () => {
    const p = threeGroups();
    // Split the first group in two by hand: clusters 0, 3 (same direction), 1, 2.
    const assignments = Int32Array.from({ length: 30 }, (_, i) => (i < 5 ? 0 : i < 10 ? 3 : i < 20 ? 1 : 2));
    const r = mergeSimilarClusters(p, assignments, 4, new Float64Array(30).fill(1), 0.9);
    expect(r.k).toBe(3);
    expect(new Set(r.assignments.slice(0, 10)).size).toBe(1);
    expect(r.assignments[0]).not.toBe(r.assignments[15]);
  });
});

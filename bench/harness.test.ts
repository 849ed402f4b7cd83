import { describe, expect, it } from "vitest";
import { median, p95, stats } from "./harness";

describe("bench harness figures", () => {
  it("takes the middle sample as the median, the mean of the two middles for an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBe(0);
  });

  it("leaves the samples it is given in their order", () => {
    const xs = [3, 1, 2];
    median(xs);
    p95(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("takes the 95th percentile by nearest rank, as stats does", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(p95(xs)).toBe(95);
    expect(p95(xs)).toBe(stats(xs).p95);
    expect(p95([10, 20])).toBe(20);
  });
});

// The growth charts are drawn (ECharts, server-side SVG) from the steps' figures, on a log scale of responses.
import { describe, expect, it } from "vitest";
import { collateChart, exportSubmitChart } from "./growth";

const step = (responses: number, k: number) => ({
  responses,
  databaseSize: "1 GB",
  databaseBytes: 1,
  seedSeconds: 1,
  collate: [
    { name: "counts, closed question", p50: 1, p95: 2 * k, handP95: 2 },
    { name: "search \"quillwort\" (rare)", p50: 1, p95: 3 * k, handP95: 3 },
  ],
  export: { seconds: 1 * k, copySeconds: 0.9 * k, ratio: 1.1, rssGrowthMB: 30, megabytes: 10 * k },
  submit: { concurrency: 16, perSecond: 200 / k, p95: 50, floorPerSecond: 400, floorP95: 30, errors: 0 },
});

describe("growth charts", () => {
  const steps = [step(10_000, 1), step(30_000, 1.1), step(100_000, 1.2), step(300_000, 1.3)];
  it("draw each series as an SVG with its legend", () => {
    const a = collateChart(steps);
    expect(a.startsWith("<svg")).toBe(true);
    expect(a).toContain("counts, closed question");
    expect(a).toContain("100k");
    const b = exportSubmitChart(steps);
    expect(b).toContain("COPY of the same rows");
    expect(b).toContain("submit at c=16");
  });
});

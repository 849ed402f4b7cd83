import { describe, expect, it } from "vitest";
import { currentStage, stageLabel } from "./stages";

const stage = (position: number, name: string, startsOn: string | null, dueOn: string | null) => ({ position, name, startsOn, dueOn });

describe("the current stage", () => {
  const stages = [
    stage(2, "Submit to ODPM", "2026-04-01", "2026-04-30"),
    stage(0, "Partners give their views", "2026-01-06", "2026-02-20"),
    stage(1, "Comment on the evidence base", "2026-02-21", "2026-03-31"),
  ];

  it("reads as the stage's number and name, in the officer's order", () => {
    expect(currentStage(stages, "2026-03-01")).toEqual({ number: 2, name: "Comment on the evidence base", label: "Stage 2: Comment on the evidence base" });
    expect(currentStage(stages, "2026-01-06")?.label).toBe("Stage 1: Partners give their views");
    expect(currentStage(stages, "2026-04-30")?.label).toBe("Stage 3: Submit to ODPM");
  });

  it("is none before the first stage, after the last, or when there are no stages", () => {
    expect(currentStage(stages, "2025-12-31")).toBeNull();
    expect(currentStage(stages, "2026-05-01")).toBeNull();
    expect(currentStage([], "2026-03-01")).toBeNull();
  });

  it("counts a stage without dates as under way", () => {
    expect(currentStage([stage(0, "Ongoing", null, null)], "2030-01-01")?.label).toBe("Stage 1: Ongoing");
  });

  it("does not say the number twice when the name already has it", () => {
    expect(stageLabel(2, "Stage 2 – testing")).toBe("Stage 2 – testing");
    expect(stageLabel(2, "Stage 12 review")).toBe("Stage 2: Stage 12 review");
    expect(stageLabel(1, "  Scoping stage ")).toBe("Stage 1: Scoping stage");
  });
});

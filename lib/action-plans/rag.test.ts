import { describe, expect, it } from "vitest";
import { directionOfRag, directionOfValue, effectiveRag, ragFromLetter, ragFromTarget, targetForPeriod } from "./rag";

describe("ragFromTarget", () => {
  const higher = { target: 33, tolerance: 2, polarity: "higher" as const };
  it("is Green at or above the target when higher is better", () => {
    expect(ragFromTarget({ ...higher, actual: 33 })).toBe("green");
    expect(ragFromTarget({ ...higher, actual: 40 })).toBe("green");
  });
  it("is Amber within the tolerance below the target, edges included", () => {
    expect(ragFromTarget({ ...higher, actual: 32.9 })).toBe("amber");
    expect(ragFromTarget({ ...higher, actual: 31 })).toBe("amber");
  });
  it("is Red beyond the tolerance", () => {
    expect(ragFromTarget({ ...higher, actual: 30.99 })).toBe("red");
  });
  it("reads the other way round when lower is better", () => {
    const lower = { target: 10, tolerance: 1, polarity: "lower" as const };
    expect(ragFromTarget({ ...lower, actual: 9 })).toBe("green");
    expect(ragFromTarget({ ...lower, actual: 10.5 })).toBe("amber");
    expect(ragFromTarget({ ...lower, actual: 12 })).toBe("red");
  });
  it("has no tolerance band when the tolerance is zero", () => {
    expect(ragFromTarget({ actual: 32.9, target: 33, tolerance: 0, polarity: "higher" })).toBe("red");
  });
  it("does not let floating-point error push an edge value out of Amber", () => {
    expect(ragFromTarget({ actual: 32.9, target: 33, tolerance: 0.1, polarity: "higher" })).toBe("amber");
  });
  it("gives no RAG without an actual or a target", () => {
    expect(ragFromTarget({ ...higher, actual: null })).toBeNull();
    expect(ragFromTarget({ actual: 3, target: null, tolerance: 0, polarity: "higher" })).toBeNull();
    expect(ragFromTarget({ ...higher, actual: Number.NaN })).toBeNull();
  });
});

describe("targetForPeriod", () => {
  const targets = [
    { label: "2009/10", value: 17 },
    { label: "2010/11", value: 19.7 },
  ];
  it("takes the target for the period's year", () => {
    expect(targetForPeriod(targets, { label: "Q3 2009/10", yearLabel: "2009/10" })?.value).toBe(17);
  });
  it("takes a target for the period itself first", () => {
    expect(targetForPeriod([...targets, { label: "Q3 2009/10", value: 16 }], { label: "Q3 2009/10", yearLabel: "2009/10" })?.value).toBe(16);
  });
  it("takes the next year's target when the year has none", () => {
    expect(targetForPeriod([{ label: "2010/11", value: 33 }], { label: "Q1 2009/10", yearLabel: "2009/10" })?.value).toBe(33);
  });
  it("takes the last target when all are earlier", () => {
    expect(targetForPeriod(targets, { label: "Q1 2012/13", yearLabel: "2012/13" })?.value).toBe(19.7);
  });
  it("has none when the indicator has no target", () => {
    expect(targetForPeriod([], { label: "Q1 2009/10", yearLabel: "2009/10" })).toBeNull();
  });
});

describe("direction of travel", () => {
  it("reads an indicator's change with its polarity", () => {
    expect(directionOfValue(20, 18, "higher")).toBe("improving");
    expect(directionOfValue(20, 18, "lower")).toBe("worsening");
    expect(directionOfValue(18, 20, "lower")).toBe("improving");
    expect(directionOfValue(18, 18, "higher")).toBe("same");
    expect(directionOfValue(18, null, "higher")).toBeNull();
  });
  it("reads a milestone's change of colour, with completion above Green", () => {
    expect(directionOfRag({ rag: "green" }, { rag: "amber" })).toBe("improving");
    expect(directionOfRag({ rag: "red" }, { rag: "amber" })).toBe("worsening");
    expect(directionOfRag({ rag: "amber" }, { rag: "amber" })).toBe("same");
    expect(directionOfRag({ rag: null, status: "complete" }, { rag: "green", status: "in_progress" })).toBe("improving");
    expect(directionOfRag({ rag: "amber" }, null)).toBeNull();
  });
});

describe("effectiveRag", () => {
  it("prefers an officer's override, then the worked-out RAG", () => {
    expect(effectiveRag({ computedRag: "red", overrideRag: "amber" })).toBe("amber");
    expect(effectiveRag({ computedRag: "red" })).toBe("red");
  });
  it("gives a milestone a RAG only while in progress", () => {
    expect(effectiveRag({ status: "in_progress", rag: "amber" })).toBe("amber");
    expect(effectiveRag({ status: "complete", rag: "amber" })).toBeNull();
  });
  it("reads the seed's letters", () => {
    expect([ragFromLetter("R"), ragFromLetter(" a "), ragFromLetter("G"), ragFromLetter("")]).toEqual(["red", "amber", "green", null]);
  });
});

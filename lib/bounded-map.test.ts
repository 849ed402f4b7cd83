import { describe, expect, it } from "vitest";
import { boundedMap } from "./bounded-map";

describe("boundedMap", () => {
  it("keeps at most max entries, forgetting the one written longest ago", () => {
    const m = boundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("c", 3);
    expect([...m]).toEqual([["b", 2], ["c", 3]]);
    expect(m.size).toBe(2);
  });

  it("counts a rewritten key as the newest, so it outlives those written before it", () => {
    const m = boundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("a", 10).set("c", 3);
    expect([...m]).toEqual([["a", 10], ["c", 3]]);
  });

  it("does not count a read as a write (the oldest written still goes first)", () => {
    const m = boundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    expect(m.get("a")).toBe(1);
    m.set("c", 3);
    expect(m.has("a")).toBe(false);
    expect([...m.keys()]).toEqual(["b", "c"]);
  });

  it("keeps an entry read through use() as the newest", () => {
    const m = boundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    expect(m.use("a")).toBe(1);
    expect(m.use("z")).toBeUndefined();
    m.set("c", 3);
    expect([...m.keys()]).toEqual(["a", "c"]);
  });

  it("refuses a size that could keep nothing", () => {
    expect(() => boundedMap(0)).toThrow(RangeError);
    expect(() => boundedMap(1.5)).toThrow(RangeError);
  });
});

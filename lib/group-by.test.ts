import { describe, expect, it } from "vitest";
import { groupBy } from "./group-by";

describe("groupBy", () => {
  it("groups by key, keeping the list's order in each group and the keys' order of first appearance", () => {
    const list = [
      { id: 1, p: "b" },
      { id: 2, p: "a" },
      { id: 3, p: "b" },
      { id: 4, p: "c" },
      { id: 5, p: "a" },
    ];
    const by = groupBy(list, (x) => x.p);
    expect([...by.keys()]).toEqual(["b", "a", "c"]);
    expect([...by.values()].map((g) => g.map((x) => x.id))).toEqual([[1, 3], [2, 5], [4]]);
    expect(by.get("z")).toBeUndefined();
  });

  it("gives an empty map for an empty list, and takes any iterable and any key", () => {
    expect(groupBy([], (x) => x).size).toBe(0);
    const odd = groupBy(new Set([1, 2, 3]), (n) => n % 2 === 1);
    expect([...odd.entries()]).toEqual([[true, [1, 3]], [false, [2]]]);
  });
});

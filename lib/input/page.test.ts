import { describe, expect, it } from "vitest";
import { MAX_PAGE, pageNumber } from "./page";

describe("pageNumber", () => {
  it("takes a whole page number, as a number or as the query string sends it", () => {
    expect(pageNumber(3)).toBe(3);
    expect(pageNumber("7")).toBe(7);
    expect(pageNumber(2.9)).toBe(2);
  });

  it("gives page 1 to anything that is not one, and never more than MAX_PAGE", () => {
    for (const v of [undefined, null, "", "abc", Number.NaN, "-3", 0, -Infinity, ["2", "3"], {}]) expect(pageNumber(v), String(v)).toBe(1);
    for (const v of ["Infinity", Infinity, "1e300", 1e18, "999999999999"]) expect(pageNumber(v), String(v)).toBe(MAX_PAGE);
    expect(pageNumber("5000", 1000)).toBe(1000);
  });
});

// The administrator's lists' cursors and capped counts: a cursor read back is the one written,
// and anything an address could carry that these lists did not write is no cursor at all.
import { describe, expect, it } from "vitest";
import { ADMIN_COUNT_CAP, countText } from "./counts";
import { decodeNameCursor, decodePersonCursor, decodeTimeCursor, encodeNameCursor, encodePersonCursor, encodeTimeCursor } from "./cursors";

const id = "0f8c6c1e-2b1a-4c8e-9d3e-1a2b3c4d5e6f";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");

describe("the admin lists' cursors", () => {
  it("reads back what it wrote", () => {
    expect(decodeTimeCursor(encodeTimeCursor({ at: "2026-12-06T23:59:59.123456Z", id }))).toEqual({ at: "2026-12-06T23:59:59.123456Z", id });
    for (const c of [{ name: "ann o'brien 100%_", email: "ann@example.org" }, { name: null, email: "nobody@example.org" }]) expect(decodePersonCursor(encodePersonCursor(c))).toEqual(c);
    expect(decodeNameCursor(encodeNameCursor({ name: "Chorley Council" }))).toEqual({ name: "Chorley Council" });
  });

  it("takes nothing it did not write: no cursor, never a value Postgres would refuse", () => {
    const bad = [undefined, 3, "", "not base64!", "bm9wZQ", b64([]), b64(["2026-02-31T00:00:00.000000Z", id]), b64(["2026-12-06T23:59:59.123Z", id]), b64(["2026-12-06T23:59:59.123456Z", "-".repeat(36)]), "x".repeat(3000)];
    for (const v of bad) expect(decodeTimeCursor(v), JSON.stringify(v)).toBeNull();
    for (const v of [b64(["a\u0000", "e"]), b64([null, 4]), b64(["a", "b", "c"]), b64(["x".repeat(1001), "e"])]) expect(decodePersonCursor(v), v).toBeNull();
    for (const v of [b64([null]), b64(["a\u0000"]), b64([1])]) expect(decodeNameCursor(v), v).toBeNull();
  });
});

describe("a capped count", () => {
  it("says the figure up to the cap, and the cap with a plus past it", () => {
    expect(countText(0)).toBe("0");
    expect(countText(1234)).toBe("1,234");
    expect(countText(ADMIN_COUNT_CAP)).toBe("10,000");
    expect(countText(ADMIN_COUNT_CAP + 1)).toBe("10,000+");
  });
});

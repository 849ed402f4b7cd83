import { describe, expect, it } from "vitest";
import { isExactUtc } from "./keyset";

describe("isExactUtc (a cursor's time as Postgres wrote it)", () => {
  it("takes a time to the microsecond in UTC, as exactUtc writes it", () => {
    for (const at of ["2026-12-06T23:59:59.123456Z", "2024-02-29T00:00:00.000000Z", "1999-01-01T12:30:00.000001Z"]) expect(isExactUtc(at)).toBe(true);
  });

  it("refuses what Postgres would refuse or a Date would move, and any other shape", () => {
    for (const at of [
      "2026-02-30T00:00:00.000000Z", // 30 February
      "2025-02-29T00:00:00.000000Z", // not a leap year
      "0000-01-01T00:00:00.000000Z", // year 0
      "2026-12-06T24:00:00.000000Z",
      "2026-12-06T23:59:59.123Z", // milliseconds only
      "2026-12-06T23:59:59.123456+01:00",
      "2026-12-06 23:59:59.123456Z",
      " 2026-12-06T23:59:59.123456Z",
      "",
      null,
      undefined,
      20261206,
      ["2026-12-06T23:59:59.123456Z"],
    ]) expect(isExactUtc(at), String(at)).toBe(false);
  });
});

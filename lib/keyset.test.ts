import { describe, expect, it } from "vitest";
import { isExactUtc, keysetPage, type KeysetDirection } from "./keyset";

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

describe("keysetPage (a page of a list and the cursors either side)", () => {
  // A list of numbers, read as a keyset read would: from a cursor, not including it, either way.
  const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const pageOf = (rows: number[], size: number, cursors: { down?: number | null; up?: number | null } = {}) =>
    keysetPage(
      async (from: number | null, direction: KeysetDirection, limit: number) =>
        (direction === "down" ? rows.filter((r) => from === null || r > from) : rows.filter((r) => from !== null && r < from).reverse()).slice(0, limit),
      cursors,
      size,
      (r) => r,
      (c) => String(c),
    );

  it("walks every row once down the list and back up it, at any page size", async () => {
    for (const [n, size] of [[0, 3], [1, 3], [3, 3], [4, 3], [10, 3], [10, 1], [25, 7]]) {
      const rows = list(n);
      const pages = [await pageOf(rows, size)];
      expect(pages[0]!.previous).toBeNull();
      while (pages.at(-1)!.next) pages.push(await pageOf(rows, size, { down: Number(pages.at(-1)!.next) }));
      expect(pages.flatMap((p) => p.rows)).toEqual(rows);
      expect(pages.length).toBe(Math.max(1, Math.ceil(n / size)));
      // Back up by each page's "Previous": the same pages, the first with no "Previous".
      for (let i = pages.length - 1; i > 0; i--) {
        const back = await pageOf(rows, size, { up: Number(pages[i]!.previous) });
        expect(back, `${n}/${size} page ${i}`).toEqual(pages[i - 1]);
      }
    }
  });

  it("reads a cursor that leads nowhere as the first page, offering no link that leads back to it", async () => {
    const rows = list(10);
    const first = await pageOf(rows, 4);
    expect(first).toEqual({ rows: [1, 2, 3, 4], previous: null, next: "4" });
    expect(await pageOf(rows, 4, { down: 0 })).toEqual(first); // "Next" from above every row
    expect(await pageOf(rows, 4, { down: 10 })).toEqual(first); // below every row: nothing there
    expect(await pageOf(rows, 4, { up: 3 })).toEqual(first); // fewer than a page above it
    // "Previous" from below every row: the last page, with no "Next" beyond it.
    expect(await pageOf(rows, 4, { up: 99 })).toEqual({ rows: [7, 8, 9, 10], previous: "7", next: null });
    // Both at once (no page writes that): "Previous" wins.
    expect(await pageOf(rows, 4, { down: 2, up: 9 })).toEqual({ rows: [5, 6, 7, 8], previous: "5", next: "8" });
  });
});

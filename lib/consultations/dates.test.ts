// UK calendar days, in GMT and BST.
import { describe, expect, it } from "vitest";
import { addDays, endOfUkDay, startOfUkDay, ukDate, ukWallClock } from "./dates";

describe("UK days", () => {
  it("starts and ends a winter day at GMT midnight", () => {
    expect(startOfUkDay("2026-01-15").toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(endOfUkDay("2026-01-15").toISOString()).toBe("2026-01-15T23:59:59.000Z");
  });

  it("starts and ends a summer day an hour earlier in UTC", () => {
    expect(startOfUkDay("2026-07-01").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(endOfUkDay("2026-07-01").toISOString()).toBe("2026-07-01T22:59:59.000Z");
  });

  it("handles the days the clocks change", () => {
    expect(endOfUkDay("2026-03-29").toISOString()).toBe("2026-03-29T22:59:59.000Z");
    expect(startOfUkDay("2026-10-25").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(ukDate(endOfUkDay("2026-10-25"))).toBe("2026-10-25");
  });

  it("reads an instant's UK date and adds days", () => {
    expect(ukDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(addDays("2026-03-01", -3)).toBe("2026-02-26");
  });
});

describe("ukWallClock", () => {
  it("reads an instant as the clock on a UK wall shows it, in winter and in summer", () => {
    expect(ukWallClock(new Date("2026-01-15T23:30:05.900Z")).toISOString()).toBe("2026-01-15T23:30:05.000Z");
    expect(ukWallClock(new Date("2026-07-15T23:30:05Z")).toISOString()).toBe("2026-07-16T00:30:05.000Z");
    // The hour after the clocks go back is shown twice on the wall.
    expect(ukWallClock(new Date("2026-10-25T00:30:00Z")).toISOString()).toBe("2026-10-25T01:30:00.000Z");
    expect(ukWallClock(new Date("2026-10-25T01:30:00Z")).toISOString()).toBe("2026-10-25T01:30:00.000Z");
  });
});

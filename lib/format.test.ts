// The shared date formatters: London time, day month year, a 12-hour clock.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, label } from "./format";

describe("formatDate", () => {
  it("writes the day, month and year in London, and reads a bare date as that day", () => {
    expect(formatDate(new Date("2026-12-04T23:30:00Z"))).toBe("4 December 2026");
    expect(formatDate(new Date("2026-07-04T23:30:00Z"))).toBe("5 July 2026"); // British Summer Time
    expect(formatDate("2027-01-15")).toBe("15 January 2027");
  });
  it("writes nothing for nothing", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate(undefined)).toBe("");
    expect(formatDateTime(null)).toBe("");
  });
});

describe("formatDateTime", () => {
  // ICU versions differ on the space before am/pm (none, a space or a narrow no-break space).
  const plain = (s: string) => s.replace(/\s+(am|pm)$/, "$1");
  it("writes the date and a 12-hour time in London, from a Date or a string", () => {
    expect(plain(formatDateTime(new Date("2026-12-04T15:21:00Z")))).toBe("4 December 2026, 3:21pm");
    expect(plain(formatDateTime("2026-07-04T09:05:00Z"))).toBe("4 July 2026, 10:05am");
  });
});

describe("label", () => {
  it("uses the known labels and makes a readable one of anything else", () => {
    expect(label("in_review")).toBe("In review");
    expect(label("something_new")).toBe("Something new");
  });
});

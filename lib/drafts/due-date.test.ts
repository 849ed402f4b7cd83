import { describe, expect, it } from "vitest";
import { daysLeftText, daysUntil, draftDueDate } from "./due-date";

const odpmStages = [
  { name: "Partners give their views", startsOn: "2026-01-01", dueOn: "2026-02-15", position: 0 },
  { name: "Overview and Scrutiny Committee", startsOn: "2026-03-02", dueOn: "2026-03-02", position: 1 },
  { name: "Submit to ODPM", startsOn: "2026-03-03", dueOn: "2026-03-03", position: 2 },
];

describe("draftDueDate", () => {
  it("is the committee meeting when there is one: the drafts must be ready for it", () => {
    expect(draftDueDate({ responseDeadline: "2026-03-03" }, odpmStages)).toEqual({
      dueOn: "2026-03-02",
      reason: "ready for the stage “Overview and Scrutiny Committee”",
    });
  });

  it("uses the stages' order, not the order given", () => {
    expect(draftDueDate({ responseDeadline: null }, [...odpmStages].reverse())?.dueOn).toBe("2026-03-02");
  });

  it("falls back to a submission stage, then the response deadline, then the last stage", () => {
    const noCommittee = odpmStages.filter((s) => !/Committee/.test(s.name));
    expect(draftDueDate({ responseDeadline: "2026-03-10" }, noCommittee)).toMatchObject({ dueOn: "2026-03-03" });
    expect(draftDueDate({ responseDeadline: "2026-03-10" }, [odpmStages[0]])).toEqual({ dueOn: "2026-03-10", reason: "the response deadline" });
    expect(draftDueDate({ responseDeadline: null }, [odpmStages[0]])).toMatchObject({ dueOn: "2026-02-15" });
    expect(draftDueDate({ responseDeadline: null }, [])).toBeNull();
  });

  it("skips a committee stage without dates", () => {
    const undated = [{ name: "LSP Board", startsOn: null, dueOn: null, position: 0 }, odpmStages[2]];
    expect(draftDueDate({ responseDeadline: null }, undated)?.dueOn).toBe("2026-03-03");
  });
});

describe("daysUntil", () => {
  it("counts calendar days in UK time", () => {
    expect(daysUntil("2026-03-02", new Date("2026-02-28T12:00:00Z"))).toBe(2);
    expect(daysUntil("2026-03-02", new Date("2026-03-02T23:30:00Z"))).toBe(0);
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(daysUntil("2026-07-01", new Date("2026-06-30T23:30:00Z"))).toBe(0);
    expect(daysUntil("2026-03-02", new Date("2026-03-05T09:00:00Z"))).toBe(-3);
  });

  it("says it as a person would", () => {
    expect(daysLeftText(0)).toBe("Due today");
    expect(daysLeftText(1)).toBe("1 day left");
    expect(daysLeftText(12)).toBe("12 days left");
    expect(daysLeftText(-1)).toBe("1 day overdue");
    expect(daysLeftText(-3)).toBe("3 days overdue");
  });
});

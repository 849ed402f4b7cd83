import { describe, expect, it } from "vitest";
import { commentWindow, commentWindowMessage, type WindowInput } from "./rules";

const base: WindowInput = { consultationStatus: "open", versionStatus: "published", superseded: false, stage: { startsOn: "2026-11-12", dueOn: "2027-01-18" } };

describe("commentWindow", () => {
  it("is open from the start of the stage's first day to the end of its last, UK time", () => {
    expect(commentWindow(base, new Date("2026-11-11T23:59:00Z"))).toBe("not_open_yet");
    expect(commentWindow(base, new Date("2026-11-12T00:00:00Z"))).toBe("open");
    expect(commentWindow(base, new Date("2027-01-18T23:59:00Z"))).toBe("open");
    expect(commentWindow(base, new Date("2027-01-19T00:00:01Z"))).toBe("closed");
  });

  it("is closed once the consultation closes or a later version is published", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(commentWindow({ ...base, consultationStatus: "closed" }, now)).toBe("closed");
    expect(commentWindow({ ...base, superseded: true }, now)).toBe("closed");
    expect(commentWindowMessage({ ...base, superseded: true }, now)).toMatch(/newer version/);
  });

  it("is not open for an unpublished version or a draft consultation", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(commentWindow({ ...base, versionStatus: "draft" }, now)).toBe("not_open_yet");
    expect(commentWindow({ ...base, consultationStatus: "draft" }, now)).toBe("not_open_yet");
  });

  it("says when comments closed", () => {
    expect(commentWindowMessage(base, new Date("2027-02-01T12:00:00Z"))).toBe("Comments on this version closed on 18 January 2027. You can still read it.");
    expect(commentWindowMessage(base, new Date("2026-12-01T12:00:00Z"))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { commentWindow, commentWindowMessage, endorsementWindow, type WindowInput } from "./rules";

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

describe("endorsementWindow", () => {
  const final: WindowInput = { consultationStatus: "open", versionStatus: "published", superseded: false, final: true, stage: { startsOn: "2030-01-10", dueOn: "2030-01-20" } };
  it("opens when the version is put for endorsement, whatever the stage's first day, and closes after its last (UK days)", () => {
    expect(endorsementWindow(final, new Date("2030-01-01T12:00:00Z"))).toBe("open");
    expect(endorsementWindow(final, new Date("2030-01-20T23:30:00Z"))).toBe("open");
    expect(endorsementWindow(final, new Date("2030-01-21T00:30:00Z"))).toBe("closed");
    expect(endorsementWindow({ ...final, final: false }, new Date("2030-01-15T12:00:00Z"))).toBe("not_final");
    expect(endorsementWindow({ ...final, superseded: true }, new Date("2030-01-15T12:00:00Z"))).toBe("closed");
    expect(endorsementWindow({ ...final, consultationStatus: "closed" }, new Date("2030-01-15T12:00:00Z"))).toBe("closed");
  });
  it("closes a final version to comments", () => {
    expect(commentWindow(final, new Date("2030-01-15T12:00:00Z"))).toBe("closed");
    expect(commentWindowMessage(final, new Date("2030-01-15T12:00:00Z"))).toContain("final version");
  });
});

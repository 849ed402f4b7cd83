// The notice a page read from the replica shows: only past 5 s of lag, as "figures as of HH:MM:SS" in UK time.
import { describe, expect, it } from "vitest";
import { replicaNotice } from "./client";

describe("replicaNotice", () => {
  const asOf = new Date("2026-07-01T13:04:05Z"); // 14:04:05 in London (BST)
  it("says nothing on the primary or within 5 s", () => {
    expect(replicaNotice({ source: "primary", lagSeconds: 0, asOf: null })).toBeNull();
    expect(replicaNotice({ source: "replica", lagSeconds: 5, asOf })).toBeNull();
    expect(replicaNotice({ source: "replica", lagSeconds: 0, asOf })).toBeNull();
  });
  it("gives the time of the last replayed transaction beyond 5 s", () => {
    expect(replicaNotice({ source: "replica", lagSeconds: 5.1, asOf })).toBe("figures as of 14:04:05");
    expect(replicaNotice({ source: "replica", lagSeconds: 90, asOf: new Date("2026-12-04T02:08:10Z") })).toBe("figures as of 02:08:10");
  });
});

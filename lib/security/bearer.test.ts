import { describe, expect, it } from "vitest";
import { bearsToken } from "./bearer";

describe("bearsToken", () => {
  it("accepts exactly Bearer and the token", () => {
    expect(bearsToken("Bearer s3cret", "s3cret")).toBe(true);
  });

  it("refuses anything else, and everything when no token is set", () => {
    for (const given of [null, "", "s3cret", "bearer s3cret", "Bearer s3cre", "Bearer s3cret ", "Basic s3cret", "Bearer  s3cret"]) {
      expect(bearsToken(given, "s3cret")).toBe(false);
    }
    expect(bearsToken("Bearer ", "")).toBe(false);
    expect(bearsToken("Bearer undefined", undefined)).toBe(false);
  });
});

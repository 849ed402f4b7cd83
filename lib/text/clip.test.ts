import { describe, expect, it } from "vitest";
import { clip } from "./clip";

describe("clip", () => {
  it("keeps a text that fits and cuts a longer one to the limit, ellipsis included", () => {
    expect(clip("Street lights", 13)).toBe("Street lights");
    expect(clip("Street lights at night", 13)).toBe("Street light…");
    expect(clip("Street lights at night", 13)).toHaveLength(13);
  });
  it("does not leave a space before the ellipsis", () => {
    expect(clip("Keep libraries open", 6)).toBe("Keep…");
  });
});

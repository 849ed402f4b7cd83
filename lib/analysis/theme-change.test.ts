import { describe, expect, it } from "vitest";
import { themeChangeMessage, themeChangeParams, type ThemeChange } from "./theme-change";

const themes = [
  { id: "t1", name: "Parking" },
  { id: "t2", name: "Bus fares" },
];
/** The message the themes page says after the redirect `change` makes. */
const said = (change: ThemeChange) => {
  const p = themeChangeParams(change);
  return themeChangeMessage((k) => p.get(k) ?? undefined, themes);
};

describe("theme change messages", () => {
  it("says a merge with the target's name and the tags moved", () => {
    expect(said({ kind: "merged", into: "t1", moved: 1 })).toBe("Merged into “Parking”: 1 tag moved");
  });
  it("says a deletion, with where its tags went", () => {
    expect(said({ kind: "deleted", moved: 3, removed: 1, movedTo: "t2" })).toBe("Theme deleted: 3 tags moved to “Bus fares”, 1 tag removed");
    expect(said({ kind: "deleted", moved: 0, removed: 1200, movedTo: null })).toBe("Theme deleted: 1,200 tags removed");
  });
  it("says nothing of a theme not in the codeframe, and no count a link made up", () => {
    expect(said({ kind: "merged", into: "not-a-theme", moved: 4 })).toBeNull();
    const p = new URLSearchParams({ deleted: "1", removed: "-5", to: "<script>" });
    expect(themeChangeMessage((k) => p.get(k) ?? undefined, themes)).toBe("Theme deleted: 0 tags removed");
    expect(themeChangeMessage(() => undefined, themes)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { deleteThemeFormSchema, mergeThemesFormSchema } from "./schemas";
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
  it("keeps the cross-tab the page showed, first, so the page comes back to it", () => {
    expect(themeChangeParams({ kind: "merged", into: "t1", moved: 2 }, "q9").toString()).toBe("by=q9&merged=t1&moved=2");
    expect(themeChangeParams({ kind: "deleted", moved: 0, removed: 1, movedTo: null }).toString()).toBe("deleted=1&moved=0&removed=1");
  });
});

describe("the cross-tab a merge or deletion form carries", () => {
  const ids = { consultationId: "6f1c2d34-5e6f-4a7b-8c9d-0e1f2a3b4c5d", sourceThemeId: "7a1c2d34-5e6f-4a7b-8c9d-0e1f2a3b4c5d", targetThemeId: "8b1c2d34-5e6f-4a7b-8c9d-0e1f2a3b4c5d" };
  const by = "9c1c2d34-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  it("is kept when it is an id", () => {
    expect(mergeThemesFormSchema.parse({ ...ids, by }).by).toBe(by);
    expect(deleteThemeFormSchema.parse({ consultationId: ids.consultationId, themeId: ids.sourceThemeId, moveTagsTo: "", by }).by).toBe(by);
  });
  it("is dropped, not a refusal, when it is anything else", () => {
    const parsed = mergeThemesFormSchema.safeParse({ ...ids, by: "<script>" });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.by).toBeUndefined();
    expect(mergeThemesFormSchema.parse(ids).by).toBeUndefined();
  });
});

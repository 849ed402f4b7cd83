import { describe, expect, it } from "vitest";
import { labelGroups, SurfaceForms } from "./labels";
import { generatePlantedAnswers } from "./planted";
import { suggestThemes } from "./suggest";
import { tokenise } from "./tokenise";
import { suggestThemesInWorker, SuggestionCancelled } from "./worker";

const CAMPAIGN =
  "I object in the strongest terms to the proposed closure of Riverside Community Centre. It is used every day by groups of all ages and there is no alternative venue in the ward.";

// A small fixed consultation: two clear themes, a campaign, a one-off view and an empty answer.
const SMALL = [
  ...["far too high", "keep rising every year", "drive shoppers away", "are a tax on the high street", "should be free for an hour", "are higher than in the next town"].map(
    (end, i) => ({ id: `p${i}`, text: `The parking charges in the town centre ${end}.` }),
  ),
  ...["has been cut", "no longer runs on Sundays", "is always late", "was withdrawn from our village", "leaves older people stranded", "needs an evening service"].map(
    (end, i) => ({ id: `b${i}`, text: `The rural bus service ${end}; bus routes matter.` }),
  ),
  { id: "c1", text: CAMPAIGN },
  { id: "c2", text: `${CAMPAIGN} J. Smith` },
  { id: "c3", text: CAMPAIGN.toUpperCase() },
  { id: "o1", text: "Volcanoes are fascinating geology." },
  { id: "e1", text: "N/A" },
];

describe("suggestThemes on a small fixed input", () => {
  const result = suggestThemes(SMALL, { seed: 5 });

  it("finds the two themes, labels them by their distinctive words, and picks three representatives", () => {
    const themes = result.suggestions.filter((s) => s.kind === "theme");
    expect(themes.map((t) => [...t.answerIds].sort())).toEqual([
      ["b0", "b1", "b2", "b3", "b4", "b5"],
      ["p0", "p1", "p2", "p3", "p4", "p5"],
    ]);
    expect(themes[0].label.toLowerCase()).toMatch(/bus/);
    expect(themes[1].label.toLowerCase()).toMatch(/parking/);
    for (const t of themes) expect(t.representatives).toHaveLength(3);
  });

  it("sets the campaign aside as one group with its count", () => {
    const d = result.suggestions.filter((s) => s.kind === "duplicates");
    expect(d).toHaveLength(1);
    expect(d[0].answerIds).toEqual(["c1", "c2", "c3"]);
    expect(d[0].label).toMatch(/^Same text ×3: I object/);
  });

  it("leaves answers that fit nothing unassigned rather than forcing them into a theme", () => {
    expect(result.unassigned).toEqual(expect.arrayContaining(["e1", "o1"]));
    const all = [...result.suggestions.flatMap((s) => s.answerIds), ...result.unassigned].sort();
    expect(all).toEqual(SMALL.map((a) => a.id).sort());
  });

  it("gives the same result for the same input in any order", () => {
    const shuffled = [...SMALL].reverse();
    const again = suggestThemes(shuffled, { seed: 5 });
    expect(strip(again)).toEqual(strip(result));
  });
});

describe("suggestThemes on planted themes", () => {
  const data = generatePlantedAnswers({ count: 600, seed: 3, themes: 4, campaignShare: 0.05 });

  it("is deterministic for a seed", () => {
    expect(strip(suggestThemes(data, { seed: 9 }))).toEqual(strip(suggestThemes(data, { seed: 9 })));
  });

  it("recovers most of each planted theme and keeps outliers out of one big Other", () => {
    const r = suggestThemes(data);
    const themeOf = new Map(data.map((d) => [d.id, d.theme]));
    const themes = r.suggestions.filter((s) => s.kind === "theme");
    const purities = themes.filter((t) => t.answerIds.length >= 30).map((t) => {
      const counts = new Map<string, number>();
      for (const id of t.answerIds) counts.set(themeOf.get(id)!, (counts.get(themeOf.get(id)!) ?? 0) + 1);
      return Math.max(...counts.values()) / t.answerIds.length;
    });
    expect(purities.length).toBeGreaterThanOrEqual(4);
    for (const p of purities) expect(p).toBeGreaterThan(0.7);
    const small = r.suggestions.filter((s) => s.kind === "small");
    for (const s of small) expect(s.answerIds.length).toBeLessThan(data.length * 0.1);
    expect(r.suggestions.some((s) => s.kind === "duplicates" && s.answerIds.length >= 10)).toBe(true);
  });
});

describe("labelGroups", () => {
  it("names each group by the words that set it apart from the others, as people wrote them", () => {
    const surfaces = new SurfaceForms();
    const groups = [
      ["Libraries must stay open", "Keep our libraries open", "Libraries are vital"],
      ["Potholes on every road", "Fix the potholes", "Potholes damage cars"],
    ].map((g) => g.map((t) => {
      const tokens = tokenise(t);
      surfaces.add(tokens);
      return [tokens, 1] as const;
    }));
    const labels = labelGroups(groups, surfaces);
    expect(labels[0].terms[0]).toBe("libraries");
    expect(labels[1].terms[0]).toBe("potholes");
    expect(labels[0].label).toMatch(/^Libraries/);
  });
});

describe("suggestThemesInWorker", () => {
  it("gives the same result as running in this thread, with progress", async () => {
    const stages: string[] = [];
    const r = await suggestThemesInWorker(SMALL, { seed: 5 }, { onProgress: (s) => stages.push(s) });
    expect(strip(r)).toEqual(strip(suggestThemes(SMALL, { seed: 5 })));
    expect(stages).toContain("clustering");
    expect(stages.at(-1)).toBe("done");
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const data = generatePlantedAnswers({ count: 3000, seed: 1 });
    const run = suggestThemesInWorker(data, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toBeInstanceOf(SuggestionCancelled);
  });
});

function strip(r: ReturnType<typeof suggestThemes>) {
  return { suggestions: r.suggestions, unassigned: r.unassigned, k: r.stats.k };
}

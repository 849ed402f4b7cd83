// The suggestion engine on real published free-text answers: 500 statements residents of
// Bowling Green and Warren County wrote on what should change in their area (Polis, CC BY 4.0;
// source and licence in fixtures/README.md). Not a quality score (nobody coded them): it proves
// the engine copes with real text (typos, near-duplicates, one-liners, off-topic jokes), finds
// the subjects a reader sees at once, keeps every answer accounted for, and is deterministic.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../invitations/csv";
import { suggestThemes } from "./suggest";

const rows = parseCsv(readFileSync(path.join(import.meta.dirname, "fixtures", "bowling-green-comments.csv"), "utf8")).slice(1);
const answers = rows.map(([id, text]) => ({ id: `bg-${id}`, text: text! }));

describe("theme suggestions on real published answers (Bowling Green, 500 statements)", () => {
  const started = performance.now();
  const result = suggestThemes(answers, { seed: 17 });
  const seconds = (performance.now() - started) / 1000;

  it("reads the whole fixture", () => {
    expect(answers).toHaveLength(500);
    expect(answers.every((a) => a.text.trim().length > 0)).toBe(true);
  });

  it("suggests several themes, labelled, each with representative answers, within seconds", () => {
    const themes = result.suggestions.filter((s) => s.kind === "theme");
    expect(themes.length).toBeGreaterThanOrEqual(4);
    for (const t of themes) {
      expect(t.label.trim()).not.toBe("");
      expect(t.representatives.length).toBeGreaterThan(0);
      expect(t.representatives.length).toBeLessThanOrEqual(3);
    }
    expect(seconds).toBeLessThan(30);
  });

  it("accounts for every answer once: in a suggestion or unassigned, none in one large “Other”", () => {
    const seen = new Map<string, number>();
    for (const s of result.suggestions) for (const id of s.answerIds) seen.set(id, (seen.get(id) ?? 0) + 1);
    for (const id of result.unassigned) seen.set(id, (seen.get(id) ?? 0) + 1);
    expect([...seen.keys()].sort()).toEqual(answers.map((a) => a.id).sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // No group swallows the answers: the largest holds well under half.
    expect(Math.max(...result.suggestions.map((s) => s.answerIds.length))).toBeLessThan(answers.length / 2);
  });

  it("finds subjects a reader sees at once in these answers (roads and traffic, internet, schools, housing)", () => {
    const words = result.suggestions.map((s) => [s.label, ...s.terms, ...s.phrases].join(" ").toLowerCase()).join(" | ");
    const found = [/traffic|road|lane/, /internet|broadband|fiber/, /school/, /hous|rent|landlord/].filter((re) => re.test(words));
    expect(found.length).toBeGreaterThanOrEqual(3);
  });

  it("gives the same suggestions for the same input and seed", () => {
    const again = suggestThemes(answers, { seed: 17 });
    expect(again.suggestions.map((s) => [s.key, s.label, s.answerIds])).toEqual(result.suggestions.map((s) => [s.key, s.label, s.answerIds]));
  });
});

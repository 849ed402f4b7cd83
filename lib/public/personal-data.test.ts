import { describe, expect, it } from "vitest";
import { detectPersonalData, type PersonalDataKind, type Suggestion } from "./personal-data";
import { FIXTURE, HELD_OUT, parseFixture, type Expected, type FixtureAnswer } from "./personal-data.fixture";

// Names found as the respondent's own or as another person's count alike: either way the
// moderator is shown a name.
const group = (k: PersonalDataKind) => (k === "own_name" || k === "person_name" ? "name" : k);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function measure(fixture: FixtureAnswer[]) {
  const byGroup = new Map<string, { expected: number; found: number; hits: number; correct: number }>();
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const row = (g: string) => {
    let r = byGroup.get(g);
    if (!r) byGroup.set(g, (r = { expected: 0, found: 0, hits: 0, correct: 0 }));
    return r;
  };
  for (const answer of fixture) {
    const { text, expected } = parseFixture(answer.text);
    const found: Suggestion[] = detectPersonalData(text, { respondentName: answer.respondentName });
    for (const e of expected) {
      const r = row(group(e.kind));
      r.expected++;
      if (found.some((f) => group(f.kind) === group(e.kind) && overlaps(f, e))) r.hits++;
      else misses.push(`${e.kind}: ${e.text}`);
    }
    for (const f of found) {
      const r = row(group(f.kind));
      r.found++;
      if (expected.some((e: Expected) => group(e.kind) === group(f.kind) && overlaps(f, e))) r.correct++;
      else falseAlarms.push(`${f.kind}: ${f.text}`);
    }
  }
  return { byGroup, misses, falseAlarms };
}

const recall = (r: { hits: number; expected: number }) => (r.expected ? r.hits / r.expected : 1);
const precision = (r: { correct: number; found: number }) => (r.found ? r.correct / r.found : 1);

function report(name: string, m: ReturnType<typeof measure>) {
  const { byGroup, misses, falseAlarms } = m;
  const total = totals(m);
  const lines = [...byGroup.entries()].map(
    ([g, r]) =>
      `${g.padEnd(10)} expected ${String(r.expected).padStart(3)}  found ${String(r.found).padStart(3)}  recall ${recall(r).toFixed(2)}  precision ${precision(r).toFixed(2)}`,
  );
  lines.push(`all        expected ${String(total.expected).padStart(3)}  found ${String(total.found).padStart(3)}  recall ${recall(total).toFixed(2)}  precision ${precision(total).toFixed(2)}`);
  console.log([`== ${name}`, ...lines, `misses: ${misses.join(" | ") || "none"}`, `false alarms: ${falseAlarms.join(" | ") || "none"}`].join("\n"));
}

function totals(m: ReturnType<typeof measure>) {
  return [...m.byGroup.values()].reduce(
    (a, r) => ({ expected: a.expected + r.expected, found: a.found + r.found, hits: a.hits + r.hits, correct: a.correct + r.correct }),
    { expected: 0, found: 0, hits: 0, correct: 0 },
  );
}

describe("personal data detection on answers it was never tuned on (held out)", () => {
  const m = measure(HELD_OUT);
  it("prints its figures and holds all kinds together to 80% recall and 80% precision", () => {
    report("held out", m);
    const t = totals(m);
    expect(t.expected).toBeGreaterThan(12);
    expect(recall(t)).toBeGreaterThanOrEqual(0.8);
    expect(precision(t)).toBeGreaterThanOrEqual(0.8);
  });
  it("finds every patterned datum (email, phone, postcode) it holds", () => {
    for (const g of ["email", "phone", "postcode"]) expect(recall(m.byGroup.get(g)!), g).toBe(1);
  });
});

describe("personal data detection on the fixture of consultation answers", () => {
  const m = measure(FIXTURE);
  const { byGroup } = m;
  const total = totals(m);
  it("prints recall and precision per kind, the misses and the false alarms", () => {
    report("tuning fixture", m);
    expect(total.expected).toBeGreaterThan(25);
  });

  it("finds every email address, phone number, postcode and National Insurance number", () => {
    for (const g of ["email", "phone", "postcode", "ni_number"]) expect(recall(byGroup.get(g)!), g).toBe(1);
  });

  it("finds at least 85% of names (own and others') with at least 75% precision", () => {
    const names = byGroup.get("name")!;
    expect(recall(names)).toBeGreaterThanOrEqual(0.85);
    expect(precision(names)).toBeGreaterThanOrEqual(0.75);
  });

  it("raises few false alarms on patterned data (road numbers, references, sums, dates)", () => {
    for (const g of ["email", "postcode", "ni_number"]) expect(precision(byGroup.get(g)!), g).toBe(1);
    expect(precision(byGroup.get("phone")!)).toBeGreaterThanOrEqual(0.8);
  });
});

describe("detectPersonalData", () => {
  it("gives offsets that slice out exactly the suggested text", () => {
    const text = "Ring 07700 900123 or write to ann@example.com, NR19 1EE.";
    for (const s of detectPersonalData(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(detectPersonalData(text).map((s) => s.kind)).toEqual(["phone", "email", "postcode"]);
  });

  it("never changes the text and returns nothing for empty text", () => {
    expect(detectPersonalData("")).toEqual([]);
  });

  it("finds the respondent's own surname alone, and not inside another word", () => {
    const s = detectPersonalData("The Blakes and Blake's dog", { respondentName: "Sue Blake" });
    expect(s.map((x) => x.text)).toEqual(["Blake"]);
  });

  it("does not read a postcode, a name or a number inside an email address", () => {
    const s = detectPersonalData("write to john.smith.nr191ee@example.com today");
    expect(s.map((x) => [x.kind, x.text])).toEqual([["email", "john.smith.nr191ee@example.com"]]);
  });

  it("accepts the shapes of UK numbers people type", () => {
    for (const n of ["01603 222222", "(01603) 222222", "+44 7700 900123", "+44 (0)7700 900123", "020 7946 0958", "07700900123"]) {
      expect(detectPersonalData(`call ${n} please`).map((s) => s.text), n).toEqual([n]);
    }
    for (const n of ["2024 2025 2026", "£1,250,000", "01/04/2025", "100 200"]) {
      expect(detectPersonalData(`see ${n} here`).filter((s) => s.kind === "phone"), n).toEqual([]);
    }
  });

  it("keeps to the National Insurance number's rules (no BG, GB, ZZ prefixes; suffix A–D)", () => {
    expect(detectPersonalData("AB123456C").map((s) => s.kind)).toEqual(["ni_number"]);
    expect(detectPersonalData("GB123456C zz 12 34 56 a AB123456E")).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { durationsFromJUnit, specFiles, split } from "./e2e-shards.mjs";

describe("e2e shards", () => {
  it("reads each spec file's time from Playwright's JUnit reports, adding up files seen in several", () => {
    const a = `<testsuites><testsuite name="a.spec.ts" timestamp="t" hostname="chromium" tests="2" failures="0" skipped="0" time="120.4" errors="0"></testsuite>
      <testsuite name="b.spec.ts" timestamp="t" hostname="chromium" tests="1" failures="0" skipped="0" time="30" errors="0"></testsuite></testsuites>`;
    const b = `<testsuites><testsuite name="a.spec.ts" hostname="chromium" time="10.2"></testsuite><testsuite name="lib/x.test.ts" time="99"></testsuite></testsuites>`;
    expect(durationsFromJUnit([a, b])).toEqual({ "a.spec.ts": 131, "b.spec.ts": 30 });
  });

  it("puts the slow files in different shards, every file in exactly one", () => {
    const durations = { "a.spec.ts": 600, "b.spec.ts": 500, "c.spec.ts": 100, "d.spec.ts": 100, "e.spec.ts": 90 };
    const shards = split(Object.keys(durations), durations, 2);
    expect(shards.flat().sort()).toEqual(Object.keys(durations));
    const total = (s: string[]) => s.reduce((n, f) => n + durations[f as keyof typeof durations], 0);
    expect(shards.map(total).sort()).toEqual([690, 700]);
    expect(shards.find((s) => s.includes("a.spec.ts"))).not.toContain("b.spec.ts");
  });

  it("counts a file with no recorded time as the median, and leaves no shard empty when there are files enough", () => {
    const shards = split(["new.spec.ts", "x.spec.ts", "y.spec.ts", "z.spec.ts"], { "x.spec.ts": 10, "y.spec.ts": 20, "z.spec.ts": 30 }, 2);
    expect(shards.every((s) => s.length > 0)).toBe(true);
    expect(shards.flat()).toHaveLength(4);
    expect(split(["a.spec.ts"], {}, 3)).toEqual([["a.spec.ts"], [], []]);
  });

  it("finds spec files in folders too, as Playwright does, and nothing else", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "e2e shards "));
    try {
      mkdirSync(path.join(dir, "authz"));
      for (const f of ["b.spec.ts", "a.spec.ts", "authz/c.spec.ts", "authz/world.ts", "notes.md"]) writeFileSync(path.join(dir, f), "");
      expect(specFiles(dir)).toEqual(["a.spec.ts", "authz/c.spec.ts", "b.spec.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

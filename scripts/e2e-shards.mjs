#!/usr/bin/env node
// Splits the end-to-end spec files into N shards of about equal running time, for
// scripts/e2e.sh: longest first, each to the shard with the least time so far. Times come from
// e2e/durations.json (seconds per spec file, from a CI run's JUnit reports: `node
// scripts/e2e-shards.mjs --record reports/e2e-*.xml` rewrites it); a spec file not in it counts
// as the median. Playwright's own --shard splits by test count in file order, which put the
// five slowest files in one shard. Prints one line per shard: its spec files, space-separated.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), "..");
const durationsFile = path.join(root, "e2e", "durations.json");

/** Seconds per spec file from JUnit XML (Playwright's: a <testsuite name="file.spec.ts" time="…">). */
export function durationsFromJUnit(xmls) {
  const out = {};
  for (const xml of xmls) {
    for (const m of xml.matchAll(/<testsuite\s[^>]*?name="([^"]+\.spec\.ts)"[^>]*?time="([\d.]+)"/g)) {
      out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([f, s]) => [f, Math.round(s)]));
}

/** Greedy longest-processing-time split: returns n lists of files. */
export function split(files, durations, n) {
  const known = files.map((f) => durations[f]).filter((d) => typeof d === "number").sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 60;
  const shards = Array.from({ length: n }, () => ({ files: [], total: 0 }));
  const ordered = [...files].sort((a, b) => (durations[b] ?? median) - (durations[a] ?? median) || a.localeCompare(b));
  for (const f of ordered) {
    const s = shards.reduce((min, x) => (x.total < min.total ? x : min));
    s.files.push(f);
    s.total += durations[f] ?? median;
  }
  return shards.map((s) => s.files.sort());
}

/** Every spec file under e2e/ (as Playwright finds them, folders included), relative to e2e/. */
export function specFiles(dir = path.join(root, "e2e")) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".spec.ts"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const args = process.argv.slice(2);
  if (args[0] === "--record") {
    const durations = durationsFromJUnit(args.slice(1).map((f) => readFileSync(f, "utf8")));
    writeFileSync(durationsFile, JSON.stringify(Object.fromEntries(Object.entries(durations).sort()), null, 2) + "\n");
    console.log(`wrote ${path.relative(root, durationsFile)} (${Object.keys(durations).length} spec files)`);
  } else {
    const n = Math.max(1, Number(args[0]) || 1);
    const files = specFiles();
    if (!files.length) {
      console.error("e2e-shards: no spec files found under e2e/");
      process.exit(1);
    }
    let durations = {};
    try {
      durations = JSON.parse(readFileSync(durationsFile, "utf8"));
    } catch {
      // No timings yet: every file counts the same.
    }
    for (const shard of split(files, durations, n)) console.log(shard.map((f) => `e2e/${f}`).join(" "));
  }
}

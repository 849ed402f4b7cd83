// Sums the JUnit XML files that the test runs wrote (reports/*.xml) and prints, alone on the last
// line, "N passed, N failed" (", N skipped" when there are any): the line CI counts tests by.
// A test that failed and then passed on a retry counts once, as passed.
// Usage: node scripts/test-summary.mjs [reports-dir] [--expect-runs N]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--")) ?? "reports";

/** Every <testcase> of a JUnit document, however deeply its suites nest. */
export function testCases(xml) {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name) });
  const doc = parser.parse(xml);
  const out = [];
  const visit = (suite) => {
    for (const tc of suite.testcase ?? []) out.push(tc);
    for (const child of suite.testsuite ?? []) visit(child);
  };
  if (doc.testsuites) visit(doc.testsuites);
  for (const s of doc.testsuite ?? []) visit(s);
  return out;
}

export function outcomeOf(tc) {
  if (tc.failure || tc.error) return "failed";
  if (tc.skipped) return "skipped";
  return "passed";
}

export function summarise(files) {
  // Keyed by file, suite class and name, so that a retried test (Playwright writes each test once,
  // vitest may not) is counted once with its last outcome.
  const byTest = new Map();
  let anonymous = 0;
  for (const [file, xml] of files) {
    for (const tc of testCases(xml)) {
      const key = tc.name ? `${file}\u0000${tc.classname ?? ""}\u0000${tc.name}` : `#${anonymous++}`;
      byTest.set(key, outcomeOf(tc));
    }
  }
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const o of byTest.values()) counts[o]++;
  return counts;
}

export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let names = [];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".xml")).sort();
  } catch {
    // no reports at all: nothing ran
  }
  const files = names.map((f) => [f, readFileSync(path.join(dir, f), "utf8")]);
  const counts = summarise(files);
  // A suite that stopped before writing its report (the type check failed, a runner crashed) must
  // not look like success: the caller passes --failed-run when npm test itself failed.
  if (args.includes("--failed-run") && counts.failed === 0) counts.failed = 1;
  console.log(`counted ${files.length} JUnit report(s) in ${dir}/: ${files.map(([f]) => f).join(", ") || "none"}`);
  console.log(summaryLine(counts));
}

// A JUnit file like the test runners write (reports/*.xml), so that CI's count
// (scripts/test-summary.mjs) includes the bench smoke, the multi-instance and the replica checks.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { XMLBuilder } from "fast-xml-parser";

export type JUnitCase = { name: string; failure: string | null; skipped?: string };

export function writeJUnit(file: string, suite: string, cases: JUnitCase[]) {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => !c.failure && c.skipped).length;
  const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", format: true }).build({
    testsuites: {
      "@name": suite,
      "@tests": cases.length,
      "@failures": failures,
      testsuite: {
        "@name": suite,
        "@tests": cases.length,
        "@failures": failures,
        "@skipped": skipped,
        testcase: cases.map((c) => ({
          "@name": c.name,
          "@classname": suite,
          ...(c.failure ? { failure: { "@message": c.failure.slice(0, 500), "#text": c.failure } } : c.skipped ? { skipped: { "@message": c.skipped } } : {}),
        })),
      },
    },
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

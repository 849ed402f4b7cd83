import { describe, expect, it } from "vitest";
import { summarise, summaryLine } from "./test-summary.mjs";

const vitestXml = `<?xml version="1.0"?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0">
  <testsuite name="lib/a.test.ts" tests="3">
    <testcase classname="lib/a.test.ts" name="adds"></testcase>
    <testcase classname="lib/a.test.ts" name="subtracts"><failure message="boom">trace</failure></testcase>
    <testcase classname="lib/a.test.ts" name="later"><skipped/></testcase>
  </testsuite>
</testsuites>`;
const playwrightXml = `<testsuites><testsuite name="e2e/x.spec.ts"><testcase name="signs in" classname="x"/><testcase name="signs out" classname="x"/></testsuite></testsuites>`;

describe("test summary", () => {
  it("sums passed, failed and skipped over every report", () => {
    const counts = summarise([
      ["vitest-1.xml", vitestXml],
      ["e2e.xml", playwrightXml],
    ]);
    expect(counts).toEqual({ passed: 3, failed: 1, skipped: 1 });
    expect(summaryLine(counts)).toBe("3 passed, 1 failed, 1 skipped");
  });
  it("counts the same test name in two report files twice (one suite run on Postgres, one on PGlite)", () => {
    expect(summarise([["vitest-1.xml", playwrightXml], ["vitest-2.xml", playwrightXml]])).toEqual({ passed: 4, failed: 0, skipped: 0 });
  });
  it("omits skipped when there are none", () => {
    expect(summaryLine({ passed: 2, failed: 0, skipped: 0 })).toBe("2 passed, 0 failed");
  });
});

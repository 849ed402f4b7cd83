import { describe, expect, it } from "vitest";
import { canonicalPlanReport, planReportHash, PLAN_REPORT_FORMAT } from "./committee";
import { figuresField } from "./editor";
import { parsePlanFile, PLAN_FORMAT } from "./plan-format";
import type { PlanReport } from "./report";

const report = (commentary: string) =>
  ({
    plan: { id: "p" },
    period: { id: "q", label: "Q3 2009/10" },
    priorities: [
      {
        number: 1,
        title: "Supporting the Ageing Population",
        indicators: [{ id: "i", code: "LI 2.1", title: "T", baseline: 24.6, target: { label: "2009/10", value: 33 }, actual: 30, rag: "amber", overridden: false, overrideReason: "", commentary, ownerName: "HWP" }],
        milestones: [{ id: "m", number: "1.3", text: "é", status: "in_progress", rag: "red", commentary: "", correctiveAction: "Recovery", ownerName: "HWP" }],
      },
    ],
    returns: [{ status: "submitted", organisationName: "HWP", reference: "RLAP-1", revision: 1 }],
  }) as unknown as PlanReport;
const resolution = { committee: "Overview and Scrutiny Committee", meetingDate: "2026-11-24", text: "Resolved to note the contents of the report." };

describe("the canonical period report and its hash", () => {
  it("names its format, holds the resolution, and is the same for CRLF/LF and composed/decomposed text", () => {
    const a = canonicalPlanReport(report("Line one\r\nLine two"), 1, [resolution]);
    expect(JSON.parse(a).format).toBe(PLAN_REPORT_FORMAT);
    expect(a).toContain("Resolved to note");
    expect(planReportHash(report("Line one\r\nLine two"), 1, [resolution])).toBe(planReportHash(report("Line one\nLine two"), 1, [resolution]));
    expect(planReportHash(report("caf\u00e9"), 1, [resolution])).toBe(planReportHash(report("cafe\u0301"), 1, [resolution]));
  });
  it("changes with any commentary, the version, or the resolution", () => {
    const h = planReportHash(report("x"), 1, [resolution]);
    expect(planReportHash(report("y"), 1, [resolution])).not.toBe(h);
    expect(planReportHash(report("x"), 2, [resolution])).not.toBe(h);
    expect(planReportHash(report("x"), 1, [])).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the editor's targets field", () => {
  it("reads “year: value” pairs and says which part it could not read", () => {
    expect(figuresField("target").parse("2009/10: 33; 2010/11: 35.5%")).toEqual([{ label: "2009/10", value: 33 }, { label: "2010/11", value: 35.5 }]);
    expect(figuresField("target").parse("")).toEqual([]);
    const bad = figuresField("target").safeParse("2009/10 33");
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain("“2009/10 33”");
  });
});

describe("parsePlanFile", () => {
  it("refuses what is not a plan file, naming where", () => {
    expect(parsePlanFile("[").ok).toBe(false);
    const r = parsePlanFile(JSON.stringify({ format: PLAN_FORMAT, version: 1, plan: { title: "" }, priorities: [] }));
    expect(r.ok).toBe(false);
    expect((r as { problems: { path: string }[] }).problems.map((p) => p.path)).toContain("plan.title");
    expect(parsePlanFile(JSON.stringify({ format: PLAN_FORMAT, version: 1, plan: { title: "A plan" }, priorities: [] })).ok).toBe(true);
  });
});

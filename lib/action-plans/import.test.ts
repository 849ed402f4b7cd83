import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dueDateOf, importActionPlan, normaliseCode, readFigures } from "./import";

const SEED = readFileSync(path.resolve(__dirname, "../../../shared/seeds/001_b93e07daa693e4b6.txt"), "utf8");
const plan = importActionPlan(SEED);
const seedLines = SEED.split("\n");

describe("importActionPlan on the whole of seed 001 (Rochford LSP Strategic Action Plan 2009-10)", () => {
  it("finds the title, the summary and the key to the colours", () => {
    expect(plan.title).toBe("The Sustainable Community Strategy Action Plan 2009 - 2010");
    expect(plan.summary).toMatch(/^This action plan will be used to provide a general overview/);
    expect(plan.ragKey).toEqual([
      { rag: "green", meaning: "On target to meet the completion date or performance level required" },
      { rag: "amber", meaning: "Slippage or holding factors are evident but recovery to meet target is planned" },
      { rag: "red", meaning: "Target unlikely to be met" },
      { rag: "achieved", meaning: "Target Achieved" },
    ]);
  });

  it("finds all seven strategic priorities with their leads and resources, word for word", () => {
    expect(plan.priorities.map((p) => [p.number, p.title, p.leadText, p.resources])).toEqual([
      [1, "Supporting the Ageing Population", "Chair Health and Wellbeing Partnership (HWP)", "PRG and Additional Voluntary Support funding"],
      [2, "Fostering Greater Community Cohesion", "Chair of Community Involvement Group (CIG)", "PRG and Additional Voluntary Support funding"],
      [3, "Strengthening the Third Sector", "Chair of the Community Involvement Group (CIG)", "PRG and Additional Voluntary Support funding"],
      [4, "Increasing Accessibility to Services", "Chair of the Community Involvement Group (CIG)", "PRG and Additional Voluntary Support funding"],
      [5, "Keeping Rochford Safe", "Chair of Rochford Crime and Disorder Reduction Partnership (CDRP)", "PRG funding"],
      [6, "Encouraging Economic Development", "To be established", "To be established"],
      [7, "Promoting a Greener District", "Chair of LSP Executive", ""],
    ]);
  });

  it("finds every indicator with its baseline, baseline date, targets and results", () => {
    const rows = plan.priorities.flatMap((p) => p.indicators.map((i) => [p.number, i.code, i.title, i.unit, i.baseline, i.baselineDate, i.targets, i.results]));
    expect(rows).toEqual([
      [1, "LI 2.1", "People over 65 who say that they receive the information, assistance and support needed to exercise choice and control to live independently", "percentage", 26.5, "2008/09", [{ label: "2010/11", value: 33 }], []],
      [2, "NI 6", "Participation in regular volunteering", "percentage", 17.5, "2008/09", [{ label: "2010/11", value: 19.5 }], []],
      [2, "NI 8", "Adult participation in sport and active recreation", "percentage", 20.2, "2005/06", [{ label: "2010/11", value: 24.7 }], []],
      [3, "NI 7", "Environment for a thriving third sector", "percentage", 15.9, "2008/09", [{ label: "2009/10", value: 17 }, { label: "2010/11", value: 19.7 }], []],
      [3, "NI 11", "Engagement in the arts", "percentage", 43.5, "2008/09", [{ label: "2009/10", value: 44.5 }, { label: "2010/11", value: 46.5 }], []],
      [4, "LI 5.1a", "Access to Services", "percentage", 32.8, "", [{ label: "", value: 38.9 }], []],
      [4, "LI 5.1b", "Access to Services", "percentage", 76.4, "", [{ label: "", value: 81.1 }], []],
      [4, "NI 141", "“Supporting People” service users moved in a planned way", "percentage", 78, "2007/08", [{ label: "2010/11", value: 80 }], []],
      [5, "LI 7.2", "Feeling Safe", "percentage", 49.9, "2007/08", [{ label: "2010/11", value: 56.4 }], []],
      [6, "LI (NI 165)", "Proportion of population aged 19-64 for males and 19-59 for females qualified to at least Level 4 or higher", "percentage", 24.9, "2006", [{ label: "2011", value: 29.5 }], [{ label: "2008/09", value: 24.6 }]],
      [7, "LI 188", "Planning to Adapt to Climate Change", "number", 0, "2007/08", [{ label: "2010/11", value: 3 }], [{ label: "2008/09", value: 0 }]],
    ]);
  });

  it("finds every milestone and funded project row of the seed, word for word, with its RAG letter", () => {
    // Independently of the importer: every tab-separated table row that is not a label row.
    const labels = /^(LSP Lead|Strategic Key Milestones|Projects|Progress\/Comments|Key Risks|Key Actions)/;
    const rows = seedLines
      .filter((l) => l.includes("\t") && !labels.test(l))
      .map((l) => {
        const parts = l.split("\t").map((c) => c.trim()).filter(Boolean);
        const texts = parts.filter((c) => !/^[RAG]$/.test(c));
        const letter = parts.find((c) => /^[RAG]$/.test(c)) ?? null;
        return { text: texts[0], outcome: texts[1], rag: letter };
      });
    const items = plan.priorities.flatMap((p) => [...p.milestones, ...p.projects]);
    expect(rows).toHaveLength(42);
    expect(items.map((i) => ({ text: i.text, outcome: i.outcome, rag: i.rag }))).toEqual(expect.arrayContaining(rows));
    expect(items).toHaveLength(rows.length);
    expect(plan.priorities.map((p) => [p.milestones.length, p.projects.length])).toEqual([
      [4, 2],
      [3, 6],
      [4, 2],
      [4, 4],
      [4, 3],
      [4, 0],
      [2, 0],
    ]);
    const p5 = plan.priorities[4]!;
    expect(p5.projects[1]).toEqual({
      number: "P5.2",
      text: "Introduction and provision of Domestic Abuse awareness training.",
      outcome: "Training to be delivered to all year 9/10 students in Rochford District during school years commencing September 2009/2010.",
      rag: "R",
      dueOn: "2009-09-30",
    });
    expect(plan.priorities[0]!.milestones[0]).toMatchObject({ number: "1.1", rag: null, outcome: "LSP Executive endorsed March 2009.", dueOn: "2009-03-31" });
    expect(plan.priorities[6]!.milestones.map((m) => m.rag)).toEqual(["A", "A"]);
  });

  it("finds progress comments, risks and their mitigations", () => {
    expect(plan.priorities[0]!.comments).toBe(
      "Since the reconstitution of the HWP there has been a focus on the production of an Action Plan. This will enable the group to develop partnership working and performance management.",
    );
    expect(plan.priorities[6]!.comments).toBe("");
    for (const p of plan.priorities) expect(p.risks).toHaveLength(1);
    expect(plan.priorities[5]!.risks[0]).toEqual({
      risk: "LSP Executive fails to decide the future purpose and direction of the Partnership responsible for economic development within Rochford District.",
      mitigation: "LSP Executive Board supports the SCS and recognises that encouraging economic development is a priority for all partners.",
    });
  });

  it("warns of what it read with doubt, and of nothing else", () => {
    expect(plan.warnings).toEqual([
      "Strategic Priority 4: the baseline of LI 5.1a has no date.",
      "Strategic Priority 4: the baseline of LI 5.1b has no date.",
      "Strategic Priority 4: a target of LI 5.1a (38.9) has no year.",
      "Strategic Priority 4: a target of LI 5.1b (81.1) has no year.",
      "Strategic Priority 4: indicator LI 141 is called NI 141 in its figures (line 108); read as NI 141.",
      'Strategic Priority 6: the lead partnership is "To be established"; choose an owner for its milestones.',
    ]);
  });
});

describe("importActionPlan on other text", () => {
  it("names every line it cannot place", () => {
    const r = importActionPlan("Strategic Priority 1: Safer streets\n\nSomething odd here\nLSP Lead:\tChair of CDRP\tLSP Resources:\tNone\n");
    expect(r.priorities).toHaveLength(1);
    expect(r.warnings).toEqual(['Line 3 could not be placed and was left out: "Something odd here"']);
  });
  it("says when no priority is found", () => {
    expect(importActionPlan("Just a paragraph.").warnings[0]).toMatch(/No strategic priorities were found/);
  });
  it("adds an indicator without figures, and figures without a heading, with warnings", () => {
    const r = importActionPlan("Strategic Priority 2: X\nPerformance Indicators: NI 9 Use of libraries\n\nBaseline: NI 10 5% (2008/09)\nLSP Lead:\tA\tLSP Resources:\tB\n");
    expect(r.priorities[0]!.indicators.map((i) => i.code)).toEqual(["NI 10", "NI 9"]);
    expect(r.warnings.join("\n")).toMatch(/NI 10, which is not among/);
    expect(r.warnings.join("\n")).toMatch(/NI 9 has no baseline or target line/);
  });
  it("keeps hostile text as text", () => {
    const r = importActionPlan("Strategic Priority 1: <script>alert(1)</script>\nStrategic Key Milestones & Outputs\t\tOutcomes\n<img src=x>\tG\t=cmd|' /C calc'!A0\tG\n");
    expect(r.priorities[0]!.title).toBe("<script>alert(1)</script>");
    expect(r.priorities[0]!.milestones[0]).toMatchObject({ text: "<img src=x>", outcome: "=cmd|' /C calc'!A0", rag: "G" });
  });
});

describe("helpers", () => {
  it("normalises indicator codes", () => {
    expect(["LI188", "li 2.1", "LI (NI  165)", "NI  6"].map(normaliseCode)).toEqual(["LI 188", "LI 2.1", "LI (NI 165)", "NI 6"]);
  });
  it("reads several figures and codes from a line", () => {
    expect(readFigures("LI 5.1a 32.8% LI 5.1b 76.4%")).toEqual([
      { code: "LI 5.1a", values: [{ value: 32.8, percent: true, label: "" }] },
      { code: "LI 5.1b", values: [{ value: 76.4, percent: true, label: "" }] },
    ]);
  });
  it("reads the last month named as the due date", () => {
    expect(dueDateOf("Self assessment to be undertaken by April 2010.")).toBe("2010-04-30");
    expect(dueDateOf("by February 2010")).toBe("2010-02-28");
    expect(dueDateOf("No date")).toBeNull();
  });
});

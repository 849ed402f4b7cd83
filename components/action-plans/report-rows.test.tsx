import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Exception, ReportIndicator, ReportMilestone } from "@/lib/action-plans/report";
import { RagTag, ragTagHtml, TrendChart, trendChartHtml } from "./rag-tag";
import { changesHtml, exceptionRowsHtml, indicatorRowsHtml, milestoneRowsHtml, returnRowsHtml } from "./report-rows";

const HOSTILE = `<script>alert(1)</script>" onmouseover="x' & \u202Egnp.exe`;

const indicator: ReportIndicator = {
  id: "i-1",
  overrideBase: "",
  code: `NI 1${HOSTILE}`,
  title: HOSTILE,
  unit: "percent",
  polarity: "higher",
  baseline: 40,
  baselineDate: HOSTILE,
  target: { label: HOSTILE, value: 60 },
  actual: 52,
  rag: "amber",
  overridden: true,
  overrideReason: HOSTILE,
  returnItemId: "ri-1",
  previousActual: 50,
  direction: "improving",
  commentary: HOSTILE,
  ownerName: HOSTILE,
  trend: [
    { period: HOSTILE, actual: 48, rag: "red" },
    { period: "Q2", actual: null, rag: null },
    { period: "Q3", actual: 52, rag: "amber" },
  ],
};

const milestone: ReportMilestone = {
  id: "m-1",
  number: `1.1${HOSTILE}`,
  kind: "project",
  text: HOSTILE,
  outcome: "",
  dueOn: "2026-03-31",
  ownerName: HOSTILE,
  status: "in_progress",
  rag: "red",
  previous: null,
  direction: null,
  commentary: HOSTILE,
  correctiveAction: HOSTILE,
  carriedForward: true,
};

/** No element, attribute or entity the hostile text could have opened survives unescaped. */
function expectInert(html: string) {
  expect(html).not.toContain("<script");
  expect(html).not.toContain('" onmouseover');
  expect(html).not.toContain("x' &");
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp; ");
  // A right-to-left override is isolated (lib/escape.ts).
  expect(html).toContain("\u2068");
}

describe("the report page's rows as markup", () => {
  it("writes the RAG tag and the trend line as the React components do", () => {
    for (const rag of ["red", "amber", "green", "complete", null]) expect(ragTagHtml(rag)).toBe(renderToStaticMarkup(<RagTag rag={rag} />));
    const points = [48, null, 52, 55];
    expect(trendChartHtml(points)).toBe(renderToStaticMarkup(<TrendChart points={points} />));
    expect(trendChartHtml([48, null])).toBe("");
  });

  it("an indicator: figures, RAG, direction, the override link only where asked, and its trend with a table beside it", () => {
    const html = indicatorRowsHtml([indicator], { trends: false, overrideHref: (i) => `/r?priority=1&override=${i.returnItemId}#ind-${i.id}` });
    expectInert(html);
    expect(html).toContain('<tr id="ind-i-1" data-testid="indicator-row" data-code="NI 1&lt;script&gt;');
    expect(html).toContain('<strong class="govuk-tag govuk-tag--orange" data-rag="amber">Amber</strong>');
    expect(html).toContain('<a class="govuk-link" href="/r?priority=1&amp;override=ri-1#ind-i-1">Override<span class="govuk-visually-hidden"> the RAG of \u2068NI 1');
    expect(html).toContain('<span data-direction="improving">');
    expect(html).not.toContain("<svg");
    const noLink = indicatorRowsHtml([indicator], { trends: true, overrideHref: () => null });
    expectInert(noLink);
    expect(noLink).not.toContain("Override");
    expect(noLink).toContain('<svg width="120" height="32"');
    expect(noLink).toContain('<caption class="govuk-visually-hidden">\u2068NI 1&lt;script&gt;');
    expect(noLink).toContain('<th scope="row" class="govuk-table__header govuk-!-font-size-14">Q2</th><td class="govuk-table__cell govuk-!-font-size-14">–</td>');
  });

  it("a milestone, an exception, a return and a change escape everything typed", () => {
    const m = milestoneRowsHtml([milestone]);
    expectInert(m);
    expect(m).toContain('data-testid="milestone-row" data-number="1.1&lt;script&gt;');
    expect(m).toContain("Funded project · ");
    expect(m).toContain('<span class="govuk-body-s">No change since last period. </span>');
    expect(m).toContain("<strong>Corrective action:</strong> \u2068&lt;script&gt;");
    expect(milestoneRowsHtml([{ ...milestone, status: "complete" }])).toContain('data-rag="complete">Achieved</strong>');

    const e: Exception = { reason: "worsening", label: HOSTILE, text: HOSTILE, ownerName: HOSTILE, commentary: HOSTILE, correctiveAction: HOSTILE };
    const x = exceptionRowsHtml([e, { ...e, reason: "red" }]);
    expectInert(x);
    expect(x).toContain('data-testid="exception" data-reason="worsening"><td><strong class="govuk-tag govuk-tag--grey">Worsening</strong>');
    expect(x).toContain('data-reason="red"><td><strong class="govuk-tag govuk-tag--red" data-rag="red">Red</strong>');

    const r = returnRowsHtml([{ organisationId: "o-1", organisationName: HOSTILE, status: "submitted", late: true, submittedAt: new Date("2026-01-05T10:00:00Z"), revision: 3 }], "p-1");
    expectInert(r);
    expect(r).toContain('<a class="govuk-link" href="/returns/p-1?organisation=o-1">');
    expect(r).toContain("Submitted<strong class=\"govuk-tag govuk-tag--red govuk-!-margin-left-1\">Late</strong>");
    expect(r).toContain("(amended 2×)");

    const c = changesHtml([{ label: HOSTILE, text: HOSTILE, from: "in_progress", to: "complete", ownerName: HOSTILE }]);
    expectInert(c);
    expect(c).toContain(" to Achieved (");
  });
});


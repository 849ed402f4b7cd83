import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ThemeCount } from "@/lib/analysis/queries";
import { CrossTabTable, ThemeChart } from "./theme-counts";

const counts: ThemeCount[] = [
  { themeId: "a", name: "Parking <charges>", answers: 1200, respondents: 40, byType: {}, byStage: {} } as unknown as ThemeCount,
  { themeId: "b", name: "Buses", answers: 3, respondents: 3, byType: {}, byStage: {} } as unknown as ThemeCount,
];

describe("theme counts tables (the shared GOV.UK Table)", () => {
  it("writes the counts table with a caption, numeric columns and row headings, escaping theme names", () => {
    const html = renderToStaticMarkup(<ThemeChart counts={counts} answered={2400} questionNumber="1" />);
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Answers to question 1 by theme, of 2,400 submitted');
    expect(html).toContain('<th scope="col" class="govuk-table__header govuk-table__header--numeric">Respondents</th>');
    expect(html).toContain('<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">Parking &lt;charges&gt;</th>');
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">1,200</td>');
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">50%</td>');
  });

  it("writes the cross-tab as a table with its test id and an option per numeric column", () => {
    const html = renderToStaticMarkup(
      <CrossTabTable tab={{ closedQuestion: { id: "q", number: "2", text: "Do you drive?" }, options: ["Yes", "No"], rows: [{ name: "Parking", cells: [5, 1] }] } as never} />,
    );
    expect(html).toContain('data-testid="theme-crosstab"');
    expect(html).toContain('class="govuk-table govuk-!-font-size-16"');
    expect(html).toContain('<th scope="col" class="govuk-table__header govuk-table__header--numeric">No</th>');
    expect(html).toContain('<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">Parking</th><td class="govuk-table__cell govuk-table__cell--numeric">5</td>');
  });
});

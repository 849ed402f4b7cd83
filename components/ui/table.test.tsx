import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FiguresTable, RowHeader, Table, Td, Tr } from "./table";

describe("Table (GOV.UK table)", () => {
  it("writes the GOV.UK markup: caption, column headings (numeric ones right-aligned), rows", () => {
    const html = renderToStaticMarkup(
      <Table data-testid="t" caption="Returns" columns={["Period", { label: "Late", numeric: true }, false]}>
        <Tr data-period="q1">
          <RowHeader>Q1</RowHeader>
          <Td numeric>3</Td>
        </Tr>
      </Table>,
    );
    expect(html).toBe(
      '<table class="govuk-table" data-testid="t"><caption class="govuk-table__caption govuk-table__caption--s">Returns</caption>' +
        '<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Period</th>' +
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Late</th></tr></thead>' +
        '<tbody class="govuk-table__body"><tr class="govuk-table__row" data-period="q1"><th scope="row" class="govuk-table__header">Q1</th>' +
        '<td class="govuk-table__cell govuk-table__cell--numeric">3</td></tr></tbody></table>',
    );
  });

  it("leaves out the header row without columns, and takes a caption's own classes", () => {
    const html = renderToStaticMarkup(
      <Table className="govuk-!-font-size-14" caption="By period" captionClassName="govuk-visually-hidden">
        <Tr>
          <Td className="govuk-!-font-size-14">x</Td>
        </Tr>
      </Table>,
    );
    expect(html).not.toContain("<thead");
    expect(html).toContain('<table class="govuk-table govuk-!-font-size-14"><caption class="govuk-visually-hidden">By period</caption>');
    expect(html).toContain('<td class="govuk-table__cell govuk-!-font-size-14">x</td>');
  });

  it("escapes what people typed, in captions and cells", () => {
    const html = renderToStaticMarkup(<FiguresTable caption={'<script>alert("c")</script>'} rows={[{ label: "<b>Red</b>", value: 2, testId: "red" }]} />);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain('<th scope="row" class="govuk-table__header">&lt;b&gt;Red&lt;/b&gt;</th><td class="govuk-table__cell govuk-table__cell--numeric" data-testid="red">2</td>');
  });
});

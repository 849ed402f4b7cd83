// One question's figures on the public results page: a table of counts with their share of the
// answers, and the same figures as a bar chart beside it (hidden from screen readers, which read
// the table). Used for the closed questions' options and the free-text questions' themes.
import { Table, Td, Tr, RowHeader } from "@/components/ui/table";
import { BarChart } from "./public";

export function CountsFigure({
  id,
  heading,
  caption,
  labelHeading,
  countHeading,
  rows,
  base,
  testId,
}: {
  id: string;
  heading: string;
  caption: string;
  labelHeading: string;
  countHeading: string;
  rows: { label: string; count: number }[];
  /** The number each share is of. */
  base: number;
  testId: string;
}) {
  return (
    <section aria-labelledby={id} className="govuk-!-margin-bottom-8" data-testid={testId}>
      <h3 className="govuk-heading-m" id={id}>
        {heading}
      </h3>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <Table caption={caption} columns={[labelHeading, { label: countHeading, numeric: true }, { label: "Share", numeric: true }]}>
            {rows.map((r) => (
              <Tr key={r.label}>
                <RowHeader>{r.label}</RowHeader>
                <Td numeric>{r.count}</Td>
                <Td numeric>{base ? `${Math.round((r.count / base) * 100)}%` : "–"}</Td>
              </Tr>
            ))}
          </Table>
        </div>
        <div className="govuk-grid-column-one-half">
          <BarChart rows={rows.map((r) => ({ option: r.label, count: r.count }))} />
        </div>
      </div>
    </section>
  );
}

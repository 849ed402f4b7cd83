// The GOV.UK Design System table (https://design-system.service.gov.uk/components/table/):
// caption, column headings and rows, with the govuk-table classes written once. Rows are given
// as children (Tr, Td, RowHeader), so a page keeps its own cells, links and test ids.
import type { HTMLAttributes, ReactNode, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** A column heading: its text, or the text and whether the column holds numbers (right-aligned). */
export type TableColumn = ReactNode | { label: ReactNode; numeric?: boolean };

const cls = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ");

function isColumnObject(c: TableColumn): c is { label: ReactNode; numeric?: boolean } {
  return typeof c === "object" && c !== null && !Array.isArray(c) && "label" in c;
}

export function Table({
  caption,
  captionSize = "s",
  captionClassName,
  columns,
  children,
  bodyHtml,
  className,
  ...rest
}: {
  caption?: ReactNode;
  captionSize?: "s" | "m" | "l";
  /** The caption's own classes instead of the size's (govuk-visually-hidden: for screen readers only). */
  captionClassName?: string;
  /** The header row; false or null leaves a column out (one shown only to some). No header row when absent. */
  columns?: (TableColumn | false | null)[];
  children?: ReactNode;
  /**
   * The body's rows as markup already escaped, instead of children: for a long table whose
   * cells as React elements cost more to serve than the page's data (the action-plan report).
   * Its cells need no class: the body's (app-rows) styles them as GOV.UK cells.
   */
  bodyHtml?: string;
} & Omit<TableHTMLAttributes<HTMLTableElement>, "children">) {
  const shown = (columns ?? []).filter((c): c is TableColumn => c !== false && c !== null);
  return (
    <table className={cls("govuk-table", className)} {...rest}>
      {caption !== undefined && <caption className={captionClassName ?? `govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>}
      {columns && (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {shown.map((c, i) =>
              isColumnObject(c) ? (
                <th key={i} scope="col" className={cls("govuk-table__header", c.numeric && "govuk-table__header--numeric")}>
                  {c.label}
                </th>
              ) : (
                <th key={i} scope="col" className="govuk-table__header">
                  {c}
                </th>
              ),
            )}
          </tr>
        </thead>
      )}
      {bodyHtml !== undefined ? <tbody className="govuk-table__body app-rows" dangerouslySetInnerHTML={{ __html: bodyHtml }} /> : <tbody className="govuk-table__body">{children}</tbody>}
    </table>
  );
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cls("govuk-table__row", className)} {...rest} />;
}

export function Td({ numeric, className, ...rest }: { numeric?: boolean } & TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cls("govuk-table__cell", numeric && "govuk-table__cell--numeric", className)} {...rest} />;
}

/** The heading of a row (its first cell). */
export function RowHeader({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="row" className={cls("govuk-table__header", className)} {...rest} />;
}

/** A table of labelled figures, one row each: a heading and a right-aligned number. */
export function FiguresTable({ caption, rows }: { caption: ReactNode; rows: { label: ReactNode; value: ReactNode; testId?: string }[] }) {
  return (
    <Table caption={caption}>
      {rows.map((r, i) => (
        <Tr key={i}>
          <RowHeader>{r.label}</RowHeader>
          <Td numeric data-testid={r.testId}>
            {r.value}
          </Td>
        </Tr>
      ))}
    </Table>
  );
}

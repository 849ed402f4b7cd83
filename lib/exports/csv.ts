// CSV as RFC 4180 (CRLF, quotes doubled), made safe to open in a spreadsheet: a cell that a
// spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record; RFC 4180 ends it with CRLF, Postgres's COPY (and so the responses export) with LF. */
export function csvRow(cells: (string | number | null | undefined)[], eol: "\r\n" | "\n" = "\r\n"): string {
  return cells.map(csvCell).join(",") + eol;
}

/** Excel reads UTF-8 CSV correctly only with a byte-order mark. */
export const UTF8_BOM = "\uFEFF";

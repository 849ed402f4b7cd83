// CSV as RFC 4180 (CRLF, quotes doubled), made safe to open in a spreadsheet: a cell that a
// spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection).
// spreadsheetText is the one guard: the CSV written here, the CSV Postgres writes by COPY
// (responses-copy.ts guardSql, the same rule in SQL) and the XLSX all go through it.
import { xmlText } from "../escape";

/**
 * What a spreadsheet may take as the start of a formula: =, +, -, @ (and their full-width
 * forms, which some spreadsheets and input methods fold to ASCII), even after leading
 * whitespace (spreadsheets trim it), or a tab or carriage return (which can start a new cell).
 */
export const FORMULA_START = /^(?:[\t\r]|[ \n\v\f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped
 * from spreadsheet cells: a cell cannot isolate them as HTML can (lib/escape.ts htmlText), and
 * an override there can make a cell read as something it is not (a reversed file name or
 * link). They change only the order characters are shown in, so no letter of the text is lost.
 */
export const SPREADSHEET_BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/** A text cell as a spreadsheet should get it: no bidi controls, and never run as a formula. */
export function spreadsheetText(value: string): string {
  const s = value.replace(SPREADSHEET_BIDI, "");
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** Excel refuses cells longer than this. */
export const XLSX_CELL_LIMIT = 32_767;

/**
 * A cell as a workbook holds it. exceljs writes strings as text cells, never formulas, but the
 * CSV's guard is applied too: the two exports then hold the same text, and a workbook saved again
 * as CSV, or a cell edited in Excel, cannot turn an answer into a formula. What XML cannot hold is
 * taken out (lib/escape xmlText: the file would not open), and a cell past Excel's limit is cut.
 */
export function xlsxCell<C>(c: C): C | string {
  if (typeof c !== "string") return c;
  const s = xmlText(spreadsheetText(c));
  return s.length > XLSX_CELL_LIMIT ? `${s.slice(0, XLSX_CELL_LIMIT - 40)} … [truncated: see the CSV export]` : s;
}

export function csvCell(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : typeof value === "number" ? String(value) : spreadsheetText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record; RFC 4180 ends it with CRLF, Postgres's COPY (and so the responses export) with LF. */
export function csvRow(cells: (string | number | null | undefined)[], eol: "\r\n" | "\n" = "\r\n"): string {
  return cells.map(csvCell).join(",") + eol;
}

/** Excel reads UTF-8 CSV correctly only with a byte-order mark. */
export const UTF8_BOM = "\uFEFF";

// Contacts from a CSV file (name, email, organisation): read with csv-parse, then the row
// checks, pure so the page, the tests and any later API give the same per-row messages.
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";

/**
 * Rows of fields (csv-parse): quoted fields with commas, doubled quotes and line breaks; CRLF,
 * LF or CR line endings, even mixed in one file; a byte-order mark is dropped. Throws CsvError
 * (with the line it reached) for what cannot be read, such as a quote never closed.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: ["\r\n", "\n", "\r"] });
}

/** csv-parse's message, without its internal wording after the first colon. */
function csvProblem(e: CsvError): string {
  return e.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed" : e.message.split(":")[0]!.toLowerCase();
}

export type ContactRow = { line: number; name: string; email: string; organisation: string };
export type RowError = { line: number; message: string };

export const MAX_CSV_BYTES = 500_000;
export const MAX_CSV_ROWS = 2000;

const email = z.email();

/**
 * Read contacts: a header row naming the columns (in any order) is recognised; without one the
 * columns are name, email, organisation. Blank lines are skipped. Every bad row is reported.
 */
export function readContactsCsv(text: string): { rows: ContactRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  if (new TextEncoder().encode(text).length > MAX_CSV_BYTES) {
    return { rows: [], errors: [{ line: 0, message: `The file is larger than ${MAX_CSV_BYTES / 1000} KB; split it into smaller files` }] };
  }
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 0;
    return { rows: [], errors: [{ line, message: `The file could not be read as CSV${line ? ` (at line ${line})` : ""}: ${csvProblem(e)}. Save it from your spreadsheet as “CSV UTF-8” and try again` }] };
  }
  // Line numbers as a spreadsheet shows them: count the physical lines each record used.
  let next = 1;
  const numbered = table.map((r) => {
    const line = next;
    next += 1 + r.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { line, cells: r.map((c) => c.trim()) };
  });
  const records = numbered.filter((r) => r.cells.some((c) => c !== ""));
  if (!records.length) return { rows: [], errors: [{ line: 0, message: "The file has no contacts in it" }] };
  let cols = { name: 0, email: 1, organisation: 2 };
  const head = records[0].cells.map((c) => c.toLowerCase());
  if (head.some((c) => c === "email" || c === "email address" || c === "e-mail")) {
    const find = (...names: string[]) => head.findIndex((c) => names.includes(c));
    cols = {
      name: find("name", "full name", "contact", "contact name"),
      email: find("email", "email address", "e-mail"),
      organisation: find("organisation", "organization", "organisation name", "org"),
    };
    records.shift();
    if (cols.name === -1 || cols.organisation === -1) {
      return { rows: [], errors: [{ line: 1, message: "The header row must name the columns name, email and organisation" }] };
    }
  }
  if (records.length > MAX_CSV_ROWS) {
    return { rows: [], errors: [{ line: 0, message: `The file has ${records.length} contacts; import at most ${MAX_CSV_ROWS} at a time` }] };
  }
  const rows: ContactRow[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    const name = r.cells[cols.name] ?? "";
    const mail = (r.cells[cols.email] ?? "").toLowerCase();
    const organisation = r.cells[cols.organisation] ?? "";
    const problems: string[] = [];
    if (!name) problems.push("enter the contact's name");
    else if (name.length > 200) problems.push("the name must be 200 characters or fewer");
    if (!mail) problems.push("enter an email address");
    else if (!email.safeParse(mail).success) problems.push(`“${mail}” is not an email address in the correct format, like name@example.org`);
    if (!organisation) problems.push("enter the contact's organisation");
    else if (organisation.length > 200) problems.push("the organisation's name must be 200 characters or fewer");
    if (mail && seen.has(mail)) problems.push(`${mail} is already on row ${seen.get(mail)}`);
    if (problems.length) {
      errors.push({ line: r.line, message: `Row ${r.line}: ${problems.join("; ")}` });
      continue;
    }
    seen.set(mail, r.line);
    rows.push({ line: r.line, name, email: mail, organisation });
  }
  return { rows, errors };
}

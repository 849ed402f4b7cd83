// All responses as data: CSV (wide: one row per response, a column per question; or long: one
// row per answer) and XLSX (both, as two sheets). Rows are produced batch by batch from
// responses-source, and written to a stream as they come, so memory stays flat.
import { PassThrough, Readable, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Db } from "../../db/client";
import { csvRow, spreadsheetText, UTF8_BOM } from "./csv";
import { canCopyResponses, copyResponsesCsv } from "./responses-copy";
import { iterateResponses, loadExportQuestions, type ExportQuestion, type ExportResponse, type SourceFilter } from "./responses-source";

export const RESPONSE_SHAPES = ["wide", "long"] as const;
export type ResponseShape = (typeof RESPONSE_SHAPES)[number];

type Cell = string | number | null;

const RESPONSE_COLUMNS = ["Reference", "Organisation", "Organisation type", "Submitted at", "Revision", "Consultation version"];
const LONG_COLUMNS = ["Reference", "Organisation", "Organisation type", "Submitted at", "Chapter", "Sub-heading", "Question number", "Question", "Answer"];

function responseCells(r: ExportResponse): Cell[] {
  return [r.reference, r.organisationName, r.organisationType, r.submittedAt ? r.submittedAt.toISOString() : null, r.revision, r.consultationVersion];
}

export function wideHeader(questionList: ExportQuestion[]): string[] {
  return [...RESPONSE_COLUMNS, ...questionList.map((q) => `${q.number}: ${q.text}`)];
}

export function wideRow(r: ExportResponse, questionList: ExportQuestion[]): Cell[] {
  const byQuestion = new Map(r.answers.map((a) => [a.questionId, a.text]));
  return [...responseCells(r), ...questionList.map((q) => byQuestion.get(q.id) ?? "")];
}

export function longHeader(): string[] {
  return LONG_COLUMNS;
}

export function longRows(r: ExportResponse, byId: Map<string, ExportQuestion>): Cell[][] {
  const base = responseCells(r).slice(0, 4);
  return r.answers.map((a) => {
    const q = byId.get(a.questionId)!;
    return [...base, q.chapter, q.subheading, q.number, q.text, a.text];
  });
}

/**
 * Records end with LF, as Postgres's COPY writes them, so both paths give the same bytes;
 * every spreadsheet and CSV reader takes LF (answers keep their own line breaks, quoted).
 */
const EOL = "\n";

/** The CSV text of one batch. */
function csvChunk(batch: ExportResponse[], questionList: ExportQuestion[], shape: ResponseShape, byId: Map<string, ExportQuestion>): string {
  let out = "";
  for (const r of batch) {
    if (shape === "wide") out += csvRow(wideRow(r, questionList), EOL);
    else for (const row of longRows(r, byId)) out += csvRow(row, EOL);
  }
  return out;
}

export type CsvOptions = {
  batchSize?: number;
  /**
   * Who writes the rows: Postgres by COPY (the default on a node-postgres pool: fast, and
   * nothing parsed in Node) or Node from keyset batches (PGlite, or when asked).
   */
  via?: "copy" | "batches";
};

/**
 * The responses as a CSV byte stream: a byte-order mark and the header, then the rows. Rows
 * are read only when the consumer asks for more (ReadableStream pull), so a slow client never
 * makes the server buffer the export.
 */
export function responsesCsvStream(db: Db, filter: SourceFilter, shape: ResponseShape, opts: CsvOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const viaCopy = (opts.via ?? (canCopyResponses(db) ? "copy" : "batches")) === "copy";
  let next: () => Promise<Uint8Array | null>;
  let stop: () => Promise<unknown> = async () => undefined;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const questionList = await loadExportQuestions(db, filter.consultationId);
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(shape === "wide" ? wideHeader(questionList) : longHeader(), EOL)));
        if (viaCopy) {
          const rows = (await copyResponsesCsv(db, filter, questionList, shape)).getReader();
          next = async () => {
            const r = await rows.read();
            return r.done ? null : r.value;
          };
          stop = () => rows.cancel();
        } else {
          const byId = new Map(questionList.map((q) => [q.id, q]));
          const batches = iterateResponses(db, filter, questionList, opts.batchSize, { values: false });
          next = async () => {
            const r = await batches.next();
            return r.done ? null : encoder.encode(csvChunk(r.value, questionList, shape, byId));
          };
          stop = () => batches.return(undefined);
        }
      },
      async pull(controller) {
        const chunk = await next();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      async cancel() {
        await stop();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Write the CSV to a Node stream (files for background exports), honouring backpressure. */
export async function writeResponsesCsv(db: Db, filter: SourceFilter, shape: ResponseShape, out: Writable, opts: CsvOptions = {}): Promise<void> {
  const reader = responsesCsvStream(db, filter, shape, opts).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", resolve));
  }
}

/** Excel refuses cells longer than this. */
const XLSX_CELL_LIMIT = 32_767;
/**
 * A cell as the workbook holds it. exceljs writes strings as text cells, never formulas, but the
 * same guard as the CSV's is applied: the two exports then hold the same text, and a workbook
 * saved again as CSV, or a cell edited in Excel, cannot turn an answer into a formula.
 */
const fit = (c: Cell) => {
  if (typeof c !== "string") return c;
  const s = spreadsheetText(c);
  return s.length > XLSX_CELL_LIMIT ? `${s.slice(0, XLSX_CELL_LIMIT - 40)} … [truncated: see the CSV export]` : s;
};

/** Backlog of XML waiting to be compressed beyond which the writer waits. */
const XLSX_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Wait for the zip compressor to catch up with the sheet. exceljs's streaming writer hands each
 * buffer to the zip without heeding backpressure, so a fast producer piles up uncompressed XML
 * in memory (~400 MB for 10,000 responses). Its sheet stream's consumers are ordinary Node
 * writables, so their backlog can be awaited. If exceljs's internals change, this quietly does
 * nothing and the export still completes, just less frugally (the memory bench would show it).
 */
async function settleSheet(sheet: unknown): Promise<void> {
  const pipes = (sheet as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const p of pipes) {
    // archiver's streams are readable-stream v2, which has no writableLength getter.
    const w = p as Writable & { _writableState?: { length?: number } };
    const backlog = () => w.writableLength ?? w._writableState?.length ?? 0;
    let last = backlog();
    let stalled = 0;
    while (last > XLSX_BACKLOG_BYTES && !w.destroyed && stalled < 100) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          w.off("drain", done);
          resolve();
        };
        const timer = setTimeout(done, 20);
        w.once("drain", done);
      });
      const now = backlog();
      // Never wait for a consumer that has stopped: two seconds without progress, carry on.
      stalled = now < last ? 0 : stalled + 1;
      last = now;
    }
  }
}

/**
 * The responses as an XLSX workbook written to `out`: sheet "Responses" (wide) and sheet
 * "Answers" (long), each streamed row by row (no shared strings table, which would grow
 * with every distinct answer).
 */
export async function writeResponsesXlsx(db: Db, filter: SourceFilter, out: Writable, opts: { batchSize?: number; title?: string } = {}): Promise<void> {
  const questionList = await loadExportQuestions(db, filter.consultationId);
  const byId = new Map(questionList.map((q) => [q.id, q]));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = "Council consultations";
  workbook.title = opts.title ?? "Responses";

  const wide = workbook.addWorksheet("Responses", { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  wide.columns = wideHeader(questionList).map((header, i) => ({ header: spreadsheetText(header), width: i < RESPONSE_COLUMNS.length ? 20 : 40 }));
  wide.getRow(1).font = { bold: true };
  wide.getRow(1).commit();
  for await (const batch of iterateResponses(db, filter, questionList, opts.batchSize, { values: false })) {
    for (const r of batch) wide.addRow(wideRow(r, questionList).map(fit)).commit();
    await settleSheet(wide);
  }
  wide.commit();

  const long = workbook.addWorksheet("Answers", { views: [{ state: "frozen", ySplit: 1 }] });
  long.columns = longHeader().map((header, i) => ({ header, width: i >= 7 ? 60 : 20 }));
  long.getRow(1).font = { bold: true };
  long.getRow(1).commit();
  for await (const batch of iterateResponses(db, filter, questionList, opts.batchSize, { values: false })) {
    for (const r of batch) for (const row of longRows(r, byId)) long.addRow(row.map(fit)).commit();
    await settleSheet(long);
  }
  long.commit();
  await workbook.commit();
}

/** The XLSX as a web stream, for a direct download of a small export. */
export function responsesXlsxStream(db: Db, filter: SourceFilter, opts: { title?: string } = {}): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writeResponsesXlsx(db, filter, pass, opts).catch((e) => pass.destroy(e as Error));
  // Readable.toWeb, not PassThrough.toWeb: a PassThrough is a Duplex, whose toWeb returns a pair.
  return Readable.toWeb(pass) as unknown as ReadableStream<Uint8Array>;
}

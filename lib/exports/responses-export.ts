// All responses as data: CSV (wide: one row per response, a column per question; or long: one
// row per answer) and XLSX (both, as two sheets). Rows are produced batch by batch from
// responses-source, and written to a stream as they come, so memory stays flat.
import { PassThrough, Readable, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Db } from "../../db/client";
import { ukWallClock } from "../consultations/dates";
import { label } from "../format";
import { csvRow, UTF8_BOM, xlsxCell } from "./csv";
import { xmlText } from "../escape";
import { isPaired, PAIRED_TYPES } from "./answer-parts";
import { canCopyResponses, copyResponsesCsv } from "./responses-copy";
import {
  iterateResponses,
  loadExportQuestions,
  loadExportThemes,
  readThemeTags,
  type ExportAnswer,
  type ExportQuestion,
  type ExportResponse,
  type ExportTheme,
  type SourceFilter,
} from "./responses-source";

export const RESPONSE_SHAPES = ["wide", "long"] as const;
export type ResponseShape = (typeof RESPONSE_SHAPES)[number];

type Cell = string | number | Date | null;
type TextCell = Exclude<Cell, Date>;

const RESPONSE_COLUMNS = ["Reference", "Organisation", "Organisation type", "Submitted at (UK time)", "Submitted by", "Revision", "Consultation version"];
const LONG_COLUMNS = [
  "Reference",
  "Organisation",
  "Organisation type",
  "Submitted at (UK time)",
  "Submitted by",
  "Chapter",
  "Sub-heading",
  "Question number",
  "Question",
  "Answer",
  "Explanation or commentary",
];
/** Where "Submitted at" is, in both sheets (0-based): a date cell in the XLSX. */
const SUBMITTED_AT_COLUMN = 3;


/** "YYYY-MM-DD HH:MM:SS" in UK time: what the CSV holds, and what a spreadsheet opening it reads as a date. */
export function ukDateTimeText(d: Date): string {
  return ukWallClock(d).toISOString().slice(0, 19).replace("T", " ");
}

/** A response's own cells; `submittedAt` as a Date (the XLSX) or as text (the CSV). */
function responseCells(r: ExportResponse, dates: "date" | "text"): Cell[] {
  const at = r.submittedAt ? (dates === "date" ? ukWallClock(r.submittedAt) : ukDateTimeText(r.submittedAt)) : null;
  return [r.reference, r.organisationName, label(r.organisationType), at, r.submittedByName, r.revision, r.consultationVersion];
}

/** An answer's cells: its text, or for a paired type its choice and its text. */
function answerCells(q: ExportQuestion, a: ExportAnswer | undefined): [string] | [string, string] {
  if (!isPaired(q)) return [a?.text ?? ""];
  const keys = PAIRED_TYPES[q.type];
  const v = (a?.value ?? null) as Record<string, unknown> | null;
  const part = (k: string) => (v && typeof v === "object" && typeof v[k] === "string" ? (v[k] as string) : "");
  return [part(keys.choice), part(keys.text)];
}

export function wideHeader(questionList: ExportQuestion[], themeList: ExportTheme[] = []): string[] {
  return [
    ...RESPONSE_COLUMNS,
    ...questionList.flatMap((q) => (isPaired(q) ? [`${q.number}: ${q.text}`, `${q.number}: ${PAIRED_TYPES[q.type].heading}`] : [`${q.number}: ${q.text}`])),
    ...themeList.map((t) => `${t.questionNumber} theme: ${t.name}`),
  ];
}

/** A theme column's cell: "Yes" (an officer confirmed it), "Suggested" (a rule or suggestion, unconfirmed) or empty. */
export function themeCell(status: string | undefined): string {
  return status === "confirmed" ? "Yes" : status === "suggested" ? "Suggested" : "";
}

export function wideRow(r: ExportResponse, questionList: ExportQuestion[], dates: "date" | "text" = "text", themeList: ExportTheme[] = [], tags?: Map<string, string>): Cell[] {
  const byQuestion = new Map(r.answers.map((a) => [a.questionId, a]));
  return [...responseCells(r, dates), ...questionList.flatMap((q) => answerCells(q, byQuestion.get(q.id))), ...themeList.map((t) => themeCell(tags?.get(t.id)))];
}

export function longHeader(): string[] {
  return LONG_COLUMNS;
}

export function longRows(r: ExportResponse, byId: Map<string, ExportQuestion>, dates: "date" | "text" = "text"): Cell[][] {
  const base = responseCells(r, dates).slice(0, 5);
  return r.answers.map((a) => {
    const q = byId.get(a.questionId)!;
    const [answer, text = null] = answerCells(q, a);
    return [...base, q.chapter, q.subheading, q.number, q.text, answer, text];
  });
}

/**
 * Records end with LF, as Postgres's COPY writes them, so both paths give the same bytes;
 * every spreadsheet and CSV reader takes LF (answers keep their own line breaks, quoted).
 */
const EOL = "\n";

/** The CSV text of one batch. */
function csvChunk(batch: ExportResponse[], questionList: ExportQuestion[], shape: ResponseShape, byId: Map<string, ExportQuestion>, themeList: ExportTheme[], tags: Map<string, Map<string, string>>): string {
  let out = "";
  for (const r of batch) {
    // Dates as text here ("text" is the default), so every cell is a string, number or null.
    if (shape === "wide") out += csvRow(wideRow(r, questionList, "text", themeList, tags.get(r.id)) as TextCell[], EOL);
    else for (const row of longRows(r, byId)) out += csvRow(row as TextCell[], EOL);
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
        const themeList = shape === "wide" ? await loadExportThemes(db, filter.consultationId) : [];
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(shape === "wide" ? wideHeader(questionList, themeList) : longHeader(), EOL)));
        if (viaCopy) {
          const rows = (await copyResponsesCsv(db, filter, questionList, shape, themeList)).getReader();
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
            if (r.done) return null;
            const tags = themeList.length ? await readThemeTags(db, r.value.map((x) => x.id)) : new Map<string, Map<string, string>>();
            return encoder.encode(csvChunk(r.value, questionList, shape, byId, themeList, tags));
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
export async function writeResponsesCsv(db: Db, filter: SourceFilter, shape: ResponseShape, out: Writable, opts: CsvOptions & { signal?: AbortSignal } = {}): Promise<void> {
  const reader = responsesCsvStream(db, filter, shape, opts).getReader();
  for (;;) {
    // Told to stop (a background export whose server is stopping): between pieces, the rows' query closed.
    if (opts.signal?.aborted) {
      await reader.cancel();
      throw opts.signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", resolve));
  }
}

/** Excel's format for the "Submitted at" date cells: a real date, shown as UK dates are written. */
export const XLSX_DATE_FORMAT = "dd/mm/yyyy hh:mm:ss";

/** The row with its date cell formatted as a date (a streamed row takes no column style). */
function dated(row: ExcelJS.Row): ExcelJS.Row {
  const cell = row.getCell(SUBMITTED_AT_COLUMN + 1);
  if (cell.value instanceof Date) cell.numFmt = XLSX_DATE_FORMAT;
  return row;
}

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
 * The rows a spreadsheet's sheet holds, its header one of them: Excel (and LibreOffice) open no
 * more, and cut off or refuse a sheet that has them. The Answers sheet of 30,000 responses of 35
 * answers is past it.
 */
export const XLSX_MAX_ROWS = 1_048_576;

/**
 * A sheet that goes on in "Name (2)", "Name (3)"… once it holds `maxRows` rows, each part with the
 * first one's header, columns and frozen panes, so a long export loses no row to the limit.
 */
function sheetSeries(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Partial<ExcelJS.Column>[], views: Partial<ExcelJS.WorksheetView>[], maxRows: number) {
  let part = 0;
  let rows = 0;
  const open = () => {
    part++;
    const sheet = workbook.addWorksheet(part === 1 ? name : `${name} (${part})`, { views });
    sheet.columns = columns;
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    rows = 1;
    return sheet;
  };
  let sheet = open();
  return {
    add(cells: Cell[]) {
      if (rows >= maxRows) {
        sheet.commit();
        sheet = open();
      }
      dated(sheet.addRow(cells.map(xlsxCell))).commit();
      rows++;
    },
    settle: () => settleSheet(sheet),
    commit: () => sheet.commit(),
  };
}

/**
 * The responses as an XLSX workbook written to `out`: sheet "Responses" (wide) and sheet
 * "Answers" (long), each streamed row by row (no shared strings table, which would grow
 * with every distinct answer), and each going on in another sheet past XLSX_MAX_ROWS.
 */
export async function writeResponsesXlsx(db: Db, filter: SourceFilter, out: Writable, opts: { batchSize?: number; title?: string; signal?: AbortSignal; maxRowsPerSheet?: number } = {}): Promise<void> {
  const questionList = await loadExportQuestions(db, filter.consultationId);
  const themeList = await loadExportThemes(db, filter.consultationId);
  const byId = new Map(questionList.map((q) => [q.id, q]));
  const maxRows = Math.max(2, opts.maxRowsPerSheet ?? XLSX_MAX_ROWS);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = "Council consultations";
  workbook.title = xmlText(opts.title ?? "Responses");

  const themesFrom = wideHeader(questionList).length;
  const wideColumns = wideHeader(questionList, themeList).map((header, i) => ({ header: xlsxCell(header), width: i < RESPONSE_COLUMNS.length || i >= themesFrom ? 20 : 40 }));
  const wide = sheetSeries(workbook, "Responses", wideColumns, [{ state: "frozen", ySplit: 1, xSplit: 2 }], maxRows);
  for await (const batch of iterateResponses(db, filter, questionList, opts.batchSize, { values: false })) {
    opts.signal?.throwIfAborted();
    const tags = themeList.length ? await readThemeTags(db, batch.map((r) => r.id)) : new Map<string, Map<string, string>>();
    for (const r of batch) wide.add(wideRow(r, questionList, "date", themeList, tags.get(r.id)));
    await wide.settle();
  }
  wide.commit();

  const long = sheetSeries(workbook, "Answers", longHeader().map((header, i) => ({ header, width: i >= 8 ? 60 : 20 })), [{ state: "frozen", ySplit: 1 }], maxRows);
  for await (const batch of iterateResponses(db, filter, questionList, opts.batchSize, { values: false })) {
    opts.signal?.throwIfAborted();
    for (const r of batch) for (const row of longRows(r, byId, "date")) long.add(row);
    await long.settle();
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

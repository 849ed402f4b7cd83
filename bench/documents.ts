// Draft-documents benchmark (issue 16): a 600-paragraph document with 20,000 submitted comments
// from 500 organisations. Times, at concurrency 8, the data of the reader's document page
// (getDocumentView), the officer's per-paragraph comments page and the first page of all
// comments (listCommentsPage + commentCounts, as the page reads them), beside a floor run in the
// same process (the version's paragraphs read by hand in one statement); then the consultation
//
// statement's data and its files: the PDF as it is served (a summary linking the schedule above
// PDF_SCHEDULE_LIMIT comments), the Word document and CSV with every comment, and with
// --full-pdf also the PDF with the whole schedule in it (what it was before; ~1 minute).
//
// Usage: DATABASE_URL=postgres://… npx tsx bench/documents.ts [-- --rounds 10 --no-pdf --full-pdf]
// (a fresh database is made beside the one named, and dropped afterwards). Not part of npm test.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createTestDb } from "../db/testing";
import { loadActor } from "../lib/auth/actor";
import { getConsultationStatement } from "../lib/documents/statement";
import { commentCounts, getDocumentView, listCommentsPage } from "../lib/documents/queries";
import { renderStatement, statementHtml } from "../lib/exports/document-statement";
import { closePdfBrowser, htmlToPdf } from "../lib/exports/pdf";
import { DOCUMENT_BENCH_SIZE, seedDocumentBench } from "./documents-seed";
import { median, p95 } from "./harness";

const arg = (name: string, dflt: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || dflt;
const rounds = arg("--rounds", 10);
const { paragraphs: PARAGRAPHS, comments: COMMENTS, organisations: ORGS } = DOCUMENT_BENCH_SIZE;
const CONCURRENCY = 8;
const t = await createTestDb();
const db = t.db;

try {
  const seeded = await seedDocumentBench(db);
  const seedMs = seeded.seedMs;
  const actor = (await loadActor(db, seeded.officerUserId))!;
  const busiest = seeded.paragraph;
  const onBusiest = busiest.comments;

  const floor = () => db.execute(sql`select id, anchor, number, text, section_id from document_paragraphs where version_id = ${seeded.versionId} order by position`);
  const documentPage = () => getDocumentView(db, { documentId: seeded.documentId }, null);
  const paragraphPage = () => Promise.all([listCommentsPage(db, { versionId: seeded.versionId, paragraphId: busiest.id }, actor), commentCounts(db, seeded.versionId, actor)]);
  const commentsPage = () => Promise.all([listCommentsPage(db, { versionId: seeded.versionId }, actor), commentCounts(db, seeded.versionId, actor)]);

  /** `rounds` rounds of CONCURRENCY calls at once; every call's own time. */
  const atConcurrency = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 2; i++) await fn();
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const t0 = performance.now();
          await fn();
          times.push(performance.now() - t0);
        }),
      );
    }
    return times;
  };
  const floorMs = await atConcurrency(floor);
  const docMs = await atConcurrency(documentPage);
  const paraMs = await atConcurrency(paragraphPage);
  const listMs = await atConcurrency(commentsPage);

  const s0 = performance.now();
  const statement = await getConsultationStatement(db, { documentId: seeded.documentId }, actor);
  const statementMs = performance.now() - s0;
  /** One file as the route makes it (data included): its time and size, or null if it failed. */
  const timeFile = async (name: string, make: () => Promise<Buffer | string>) => {
    try {
      const p0 = performance.now();
      const body = await make();
      return { name, ms: performance.now() - p0, bytes: Buffer.byteLength(body) };
    } catch (e) {
      console.error(`${name} not measured: ${(e as Error).message}`);
      return null;
    }
  };
  const served = (file: string) => () => renderStatement(db, { documentId: seeded.documentId, version: null, consultationSlug: seeded.consultationSlug }, file, actor).then((f) => f!.body as Buffer | string);
  const files = [];
  if (!process.argv.includes("--no-pdf")) {
    // The floor for the PDFs: one page printed, first with Chromium started for it (the first
    // export after an idle spell), then on the browser kept for the next prints.
    const onePage = () => htmlToPdf("<!doctype html><html lang=en><title>Floor</title><h1>Floor</h1><p>One page.</p></html>");
    files.push(await timeFile("PDF floor (Chromium started, one page)", onePage));
    files.push(await timeFile("PDF floor (Chromium kept, one page)", onePage));
    // Before: every comment printed into the tagged PDF (what statement.pdf was).
    if (process.argv.includes("--full-pdf")) files.push(await timeFile("PDF with all comments (before)", async () => htmlToPdf(statementHtml(await getConsultationStatement(db, { documentId: seeded.documentId }, actor), { schedule: true }))));
    files.push(await timeFile("statement.pdf (summary, schedule linked)", served("statement.pdf")));
  }
  files.push(await timeFile("statement.docx (every comment)", served("statement.docx")));
  files.push(await timeFile("statement-comments.csv (every comment)", served("statement-comments.csv")));
  const line = (name: string, xs: number[]) =>
    `  ${name.padEnd(44)} median ${median(xs).toFixed(1)} ms, p95 ${p95(xs).toFixed(1)} ms (${(median(xs) / median(floorMs)).toFixed(1)}× the floor)`;
  console.log(`draft documents, ${t.driver}: ${PARAGRAPHS} paragraphs, ${COMMENTS.toLocaleString("en-GB")} comments from ${ORGS} organisations (seeded in ${(seedMs / 1000).toFixed(1)} s); concurrency ${CONCURRENCY} × ${rounds} rounds`);
  console.log(line("floor (the version's paragraphs, hand SQL)", floorMs));
  console.log(line("reader's document page (getDocumentView)", docMs));
  console.log(line(`officer's paragraph page (${onBusiest} comments)`, paraMs));
  console.log(line("officer's comments, first page of 500", listMs));
  console.log(`  statement data (${statement.comments.length.toLocaleString("en-GB")} comments): ${statementMs.toFixed(0)} ms`);
  for (const f of files) if (f) console.log(`  ${f.name.padEnd(44)} ${(f.ms / 1000).toFixed(1)} s, ${(f.bytes / 1e6).toFixed(1)} MB${f.name.startsWith("statement.pdf") ? " (target < 10 s)" : ""}`);
} finally {
  await closePdfBrowser();
  await t.close();
}

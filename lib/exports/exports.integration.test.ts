// The exports on the seeded ODPM consultation: the council's response as DOCX (parsed back),
// PDF (its text read back with pdftotext when installed) and HTML, draft and signed off; the
// collated report; all responses as CSV and XLSX; the background export job; and who may.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftAnswers, exportFileChunks, jobs, questions, sections, signOffs } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { ForbiddenError, GoneError } from "../errors";
import { cssString } from "../escape";
import { addComment, sendForReview } from "../review/commands";
import { addCommentSchema } from "../review/schemas";
import { decideSignOff } from "../signoff/commands";
import { loadCouncilResponse } from "./council-response";
import { renderDocument, renderResponsesFile } from "./documents";
import { writeResponsesXlsx, XLSX_MAX_ROWS } from "./responses-export";
import { PassThrough } from "node:stream";
import { claimJob, releaseLapsedJobs, runJob } from "../jobs/queue";
import { expireExportFiles, exportJobHandlers, JOB_EXPORT_EXPIRY, listExportJobs, openExportFile, requestResponsesExport, runExportJobNow } from "./jobs";
import { docxParagraphs, readZipEntries } from "./testing/zip";
import { hasTool } from "./testing/tools";

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string };
let q: (n: string) => { id: string };
let expected: { chapters: string[]; pairs: { number: string; question: string; answer: string }[] };
const work = mkdtempSync(path.join(tmpdir(), "exports-test-"));
const previousDataDir = process.env.DATA_DIR;

const POPPLER = hasTool("pdftotext") && hasTool("pdfinfo");

beforeAll(async () => {
  process.env.DATA_DIR = work;
  const setup = await odpmSetup();
  t = setup.t;
  actors = setup.actors;
  odpm = setup.odpm;
  q = setup.q;
  const secs = await t.db.select().from(sections).where(eq(sections.consultationId, odpm.id)).orderBy(sections.position);
  const rows = await t.db
    .select({ number: questions.number, question: questions.text, answer: draftAnswers.text })
    .from(questions)
    .innerJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
    .where(eq(questions.consultationId, odpm.id))
    .orderBy(questions.position);
  expected = { chapters: secs.map((s) => s.title), pairs: rows };
});
afterAll(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
});

async function docxOf(kind: "council-response" | "collated-report") {
  const file = await renderDocument(t.db, odpm.id, kind, "docx", actors.officer);
  const entries = readZipEntries(file.body as Buffer);
  const headers = [...entries.keys()].filter((k) => /^word\/header\d*\.xml$/.test(k)).map((k) => entries.get(k)!.toString("utf8"));
  return { file, paragraphs: docxParagraphs(entries.get("word/document.xml")!.toString("utf8")), headers };
}

function questionAnswerPairs(paragraphs: { text: string }[]) {
  const pairs: { number: string; question: string; answer: string }[] = [];
  paragraphs.forEach((p, i) => {
    const m = /^(\d+): ([\s\S]*)$/.exec(p.text);
    const next = paragraphs[i + 1]?.text ?? "";
    if (m && next.startsWith("A: ")) pairs.push({ number: m[1]!, question: m[2]!, answer: next.slice(3) });
  });
  return pairs;
}

/** The answer as the documents print it: its first paragraph (later ones are paragraphs of their own). */
const firstParagraph = (s: string) => s.replace(/\r\n/g, "\n").trim().split(/\n\s*\n/)[0]!.trim();

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string; pageTexts: string[] }> {
  const file = path.join(work, `check-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
  const raw = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
  const pageTexts = raw.split("\f").filter((p) => p.trim());
  // The text without the page furniture (running head, "Page n of m"), for reading in order.
  const text = pageTexts
    .map((p) => p.split("\n").filter((line, i) => !/^Page \d+ of \d+$/.test(line.trim()) && !(i === 0 && /DRAFT – not signed off|Responses to key questions/.test(line))).join("\n"))
    .join("\n");
  return { pages, text, pageTexts };
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the council's response, not yet signed off", () => {
  it("DOCX opens with the 4 chapter headings and the 35 question–answer pairs in order, marked DRAFT", async () => {
    const { file, paragraphs, headers } = await docxOf("council-response");
    expect(file.filename).toBe("lsp-shaping-their-future-draft-council-response.docx");
    const heading1 = paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text);
    expect(heading1).toEqual([...expected.chapters, "Sign-off"]);
    expect(expected.chapters).toHaveLength(4);
    const pairs = questionAnswerPairs(paragraphs);
    expect(pairs.map((p) => p.number)).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    expect(pairs.map((p) => p.question)).toEqual(expected.pairs.map((p) => p.question));
    expect(pairs.map((p) => p.answer)).toEqual(expected.pairs.map((p) => firstParagraph(p.answer)));
    expect(pairs.find((p) => p.number === "17")!.answer).toBe("As for 16 above.");
    expect(paragraphs.some((p) => p.style === "Heading2" && p.text === "LSPs, Sustainable Community Strategies and LAAs")).toBe(true);
    expect(paragraphs.map((p) => p.text)).toContain("Response to: Office of the Deputy Prime Minister (ODPM)");
    expect(headers.some((h) => h.includes("DRAFT – not signed off"))).toBe(true);
    expect(paragraphs.some((p) => p.text.startsWith("Not signed off."))).toBe(true);
  });

  it("the print HTML has the same headings and pairs and a DRAFT mark", async () => {
    const file = await renderDocument(t.db, odpm.id, "council-response", "html", actors.officer);
    const html = file.body as string;
    expect(html).toContain(`@top-right { content: ${cssString("DRAFT – not signed off")}`);
    expect(html).toContain('<p class="draft-banner">DRAFT.');
    expect([...html.matchAll(/<div class="qa" data-question="(\d+)">/g)].map((m) => m[1])).toEqual(expected.pairs.map((p) => p.number));
    for (const chapter of expected.chapters) expect(html).toContain(`<h2>${chapter}</h2>`);
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });

  it.runIf(POPPLER)("PDF has the same text as the DOCX and says DRAFT on every page", async () => {
    const file = await renderDocument(t.db, odpm.id, "council-response", "pdf", actors.officer);
    const pdf = file.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { pages, text, pageTexts } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pageTexts).toHaveLength(pages);
    for (const page of pageTexts) expect(page).toContain("DRAFT – not signed off");
    const flat = squash(text);
    for (const chapter of expected.chapters) expect(flat).toContain(squash(chapter));
    let from = 0;
    for (const p of expected.pairs) {
      const at = flat.indexOf(squash(`${p.number}: ${p.question}`), from);
      expect(at, `question ${p.number} in order`).toBeGreaterThanOrEqual(0);
      expect(flat.indexOf(squash(`A: ${firstParagraph(p.answer)}`), at), `answer ${p.number}`).toBeGreaterThan(at);
      from = at;
    }
  });

  it.skipIf(POPPLER)("PDF is a PDF of several pages (pdftotext is not installed, so its text is not read)", async () => {
    const file = await renderDocument(t.db, odpm.id, "council-response", "pdf", actors.officer);
    const pdf = file.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it("is refused to partners and available to scrutiny members", async () => {
    await expect(loadCouncilResponse(t.db, odpm.id, actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(loadCouncilResponse(t.db, odpm.id, actors.scrutiny)).resolves.toMatchObject({ status: "draft" });
  });
});

describe("the collated report", () => {
  it("shows each question's partner views, the draft answer and the comments, as DOCX and HTML", async () => {
    await addComment(t.db, addCommentSchema.parse({ consultationId: odpm.id, questionId: q("12").id, body: "Can we say more about the Local Public Service Board?" }), actors.scrutiny);
    const { paragraphs, headers } = await docxOf("collated-report");
    const texts = paragraphs.map((p) => p.text);
    expect(paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual([...expected.chapters, "Resolutions"]);
    const q12 = texts.findIndex((x) => x.startsWith("12: We believe that it is important that the LSP is made up of the thematic partnerships"));
    expect(q12).toBeGreaterThan(0);
    const after = texts.slice(q12, texts.findIndex((x, i) => i > q12 && x.startsWith("13: ")));
    expect(after).toContain("Partner views");
    expect(after.some((x) => x.startsWith("We support thematic partnerships with an LSP board"))).toBe(true);
    expect(after.some((x) => x.startsWith("Government should not be prescriptive"))).toBe(true);
    expect(after).toContain("Can we say more about the Local Public Service Board?");
    expect(headers.some((h) => h.includes("DRAFT"))).toBe(true);
    const html = (await renderDocument(t.db, odpm.id, "collated-report", "html", actors.scrutiny)).body as string;
    expect(html).toContain("Chorley Council for Voluntary Service");
    expect(html).toContain("Can we say more about the Local Public Service Board?");
  });

  it("is printed to PDF", async () => {
    const file = await renderDocument(t.db, odpm.id, "collated-report", "pdf", actors.officer);
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("is refused to partners", async () => {
    await expect(renderDocument(t.db, odpm.id, "collated-report", "docx", actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("all responses as data", () => {
  async function text(stream: ReadableStream<Uint8Array>) {
    return new Response(stream).text();
  }

  it("CSV wide: one row per submitted response, a column per question", async () => {
    const file = await renderResponsesFile(t.db, odpm.id, "responses-wide.csv", actors.officer);
    const csv = (await text(file.body as ReadableStream<Uint8Array>)).replace(/^\uFEFF/, "");
    const lines = csv.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]!.split(",").slice(0, 7)).toEqual(["Reference", "Organisation", "Organisation type", "Submitted at (UK time)", "Submitted by", "Revision", "Consultation version"]);
    expect(lines.slice(1).map((l) => l.split(",")[1]).sort()).toEqual(["Chorley Council for Voluntary Service", "Croston Parish Council"]);
    expect(lines.slice(1).map((l) => l.split(",")[2]).sort()).toEqual(["Parish council", "Voluntary sector"]);
  });

  it("CSV long: one row per answer", async () => {
    const file = await renderResponsesFile(t.db, odpm.id, "responses-long.csv", actors.officer);
    const lines = (await text(file.body as ReadableStream<Uint8Array>)).trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 5 + 4);
  });

  it("XLSX: a Responses sheet (wide) and an Answers sheet (long)", async () => {
    const file = await renderResponsesFile(t.db, odpm.id, "responses.xlsx", actors.officer);
    const buffer = Buffer.from(await new Response(file.body as ReadableStream<Uint8Array>).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Responses", "Answers"]);
    expect(wb.getWorksheet("Responses")!.actualRowCount).toBe(3);
    expect(wb.getWorksheet("Responses")!.getRow(1).getCell(8).value).toMatch(/^1: Do you agree/);
    expect(wb.getWorksheet("Answers")!.actualRowCount).toBe(1 + 9);
  });

  it("XLSX: a sheet past the rows a spreadsheet holds goes on in the next, with its header, and no row is lost", async () => {
    expect(XLSX_MAX_ROWS).toBe(1_048_576);
    const read = async (maxRowsPerSheet?: number) => {
      const out = new PassThrough();
      const bytes = new Response(PassThrough.toWeb(out).readable as ReadableStream<Uint8Array>).arrayBuffer();
      await writeResponsesXlsx(t.db, { consultationId: odpm.id }, out, { maxRowsPerSheet });
      out.end();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await bytes);
      return wb;
    };
    const rows = (ws: ExcelJS.Worksheet) => ws.getSheetValues().slice(1).map((r) => JSON.stringify(r));
    const whole = await read();
    // Four rows a sheet: the header and three. The 9 answers go on in three sheets of 3; the
    // 2 responses fit in one.
    const split = await read(4);
    expect(split.worksheets.map((w) => w.name)).toEqual(["Responses", "Answers", "Answers (2)", "Answers (3)"]);
    const answers = whole.getWorksheet("Answers")!;
    const parts = split.worksheets.slice(1);
    for (const part of parts) {
      expect(part.actualRowCount).toBe(4);
      expect(rows(part)[0]).toBe(rows(answers)[0]);
      expect(part.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(part.getRow(1).font?.bold).toBe(true);
    }
    expect(parts.flatMap((part) => rows(part).slice(1))).toEqual(rows(answers).slice(1));
    expect(rows(split.getWorksheet("Responses")!)).toEqual(rows(whole.getWorksheet("Responses")!));
  });

  it("is refused to partners in the officer's exports", async () => {
    await expect(renderResponsesFile(t.db, odpm.id, "responses.xlsx", actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("runs as a background job and offers the file when ready", async () => {
    const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "csv-wide" }, actors.officer);
    expect((await listExportJobs(t.db, odpm.id, actors.officer))[0]).toMatchObject({ id: jobId, status: "queued" });
    await runExportJobNow(t.db, jobId);
    const [view] = await listExportJobs(t.db, odpm.id, actors.officer);
    expect(view).toMatchObject({ id: jobId, status: "done", requestedByName: "Jane Fisher" });
    expect(view!.result!.responses).toBe(2);
    const opened = await openExportFile(t.db, odpm.id, jobId, actors.officer);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString("utf8").trimEnd().split("\n")).toHaveLength(3);
    expect(Buffer.concat(chunks).length).toBe(opened.bytes);
    // Kept in the database, not on this instance's disk: any instance serves the download.
    expect(existsSync(path.join(work, "exports", `${jobId}.csv`))).toBe(false);
    await expect(openExportFile(t.db, odpm.id, jobId, actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const xlsxJob = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "xlsx" }, actors.officer);
    await runExportJobNow(t.db, xlsxJob);
    expect((await listExportJobs(t.db, odpm.id, actors.officer))[0]).toMatchObject({ id: xlsxJob, status: "done" });
  });

  it("deletes a file once its keeping time is over: the job's record says so, and its download is refused with why", async () => {
    const made = async () => {
      const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "csv-wide" }, actors.officer);
      await runExportJobNow(t.db, jobId);
      return jobId;
    };
    const old = await made();
    const recent = await made();
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await t.db.update(jobs).set({ finishedAt: eightDaysAgo }).where(eq(jobs.id, old));
    const pieces = async (id: string) => (await t.db.select().from(exportFileChunks).where(eq(exportFileChunks.jobId, id))).length;
    expect(await pieces(old)).toBeGreaterThan(0);
    // Kept 7 days by default: the old one goes, the recent one stays; run again, nothing more goes.
    expect(await expireExportFiles(t.db)).toBe(1);
    expect(await expireExportFiles(t.db)).toBe(0);
    expect(await pieces(old)).toBe(0);
    expect(await pieces(recent)).toBeGreaterThan(0);
    const views = new Map((await listExportJobs(t.db, odpm.id, actors.officer)).map((v) => [v.id, v]));
    expect(views.get(old)).toMatchObject({ status: "done", result: null });
    expect(views.get(old)!.expiredAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(views.get(recent)).toMatchObject({ status: "done", expiredAt: null, result: { responses: 2 } });
    const refused = await openExportFile(t.db, odpm.id, old, actors.officer).catch((e) => e);
    expect(refused).toBeInstanceOf(GoneError);
    expect(refused.message).toMatch(/^This export's file was deleted on \d{1,2} \w+ \d{4}: files are kept for 7 days\. Prepare a new export on the Exports page\.$/);
    // A shorter keeping time takes the recent one too (and the earlier tests' exports); the daily job runs it with the configured one.
    const kept = (await listExportJobs(t.db, odpm.id, actors.officer)).filter((v) => v.result).length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(await expireExportFiles(t.db, { now: new Date(Date.now() + 2 * 86_400_000), keepDays: 1 })).toBe(kept);
    expect(await pieces(recent)).toBe(0);
    expect(await exportJobHandlers[JOB_EXPORT_EXPIRY]!(t.db, {}, {} as never, { signal: new AbortController().signal })).toEqual({ expired: 0 });
  });

  it("an earlier run still writing while a later one makes the file never spoils the later one's file", async () => {
    const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "csv-wide" }, actors.officer);
    // Run A claims it, writes two pieces, and its worker pauses.
    const first = (await claimJob(t.db, { id: jobId }))!;
    await t.db.insert(exportFileChunks).values([0, 1].map((seq) => ({ jobId, claim: first.lockedBy!, seq, data: Buffer.from("stale,") })));
    // Its claim lapses; run B makes the whole file.
    expect((await releaseLapsedJobs(t.db, new Date(Date.now() + 3_600_000))).queued).toBe(1);
    await runExportJobNow(t.db, jobId);
    const [done] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    const claimB = (done!.result as { claim: string }).claim;
    expect(done).toMatchObject({ status: "done", attempts: 2 });
    expect(claimB).not.toBe(first.lockedBy);
    // A wakes, writes one more piece, and stops on finding its claim gone: it drops its own pieces only.
    await t.db.insert(exportFileChunks).values({ jobId, claim: first.lockedBy!, seq: 2, data: Buffer.from("late,") });
    expect(await runJob(t.db, first, exportJobHandlers, { signal: AbortSignal.abort(new Error("The server is stopping")) })).toBe("lost");
    const left = await t.db.select({ claim: exportFileChunks.claim }).from(exportFileChunks).where(eq(exportFileChunks.jobId, jobId));
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((p) => p.claim === claimB)).toBe(true);
    const opened = await openExportFile(t.db, odpm.id, jobId, actors.officer);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).length).toBe(opened.bytes);
    expect(Buffer.concat(chunks).toString("utf8").trimEnd().split("\n")).toHaveLength(3);
    // Tried again by an administrator (its attempts counted afresh), a new run makes the file again from nothing.
    await t.db.update(jobs).set({ status: "queued", attempts: 0 }).where(eq(jobs.id, jobId));
    await runExportJobNow(t.db, jobId);
    const [again] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(again).toMatchObject({ status: "done", attempts: 1 });
    const pieces = await t.db.select({ claim: exportFileChunks.claim }).from(exportFileChunks).where(eq(exportFileChunks.jobId, jobId));
    expect(new Set(pieces.map((p) => p.claim))).toEqual(new Set([(again!.result as { claim: string }).claim]));
  });

  it("clears the pieces a failed export left (its worker stopped at its last attempt)", async () => {
    const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "csv-wide" }, actors.officer);
    await t.db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.id, jobId));
    const claimed = (await claimJob(t.db, { id: jobId }))!;
    await t.db.insert(exportFileChunks).values([0, 1].map((seq) => ({ jobId, claim: claimed.lockedBy!, seq, data: Buffer.from("part,") })));
    expect((await releaseLapsedJobs(t.db, new Date(Date.now() + 3_600_000))).failed.map((j) => j.id)).toEqual([jobId]);
    expect(await expireExportFiles(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.select().from(exportFileChunks).where(eq(exportFileChunks.jobId, jobId))).toEqual([]);
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(row).toMatchObject({ status: "failed", result: null });
  });

  it("deletes many files in batches, each once when two instances run it at the same time", async () => {
    const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format: "csv-long" }, actors.officer);
    await runExportJobNow(t.db, jobId);
    const [done] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
    // 250 finished exports of last month, each with a piece.
    const copies = await t.db
      .insert(jobs)
      .values(Array.from({ length: 250 }, () => ({ name: done!.name, payload: done!.payload, status: "done" as const, result: done!.result, finishedAt: new Date(Date.now() - 30 * 86_400_000) })))
      .returning({ id: jobs.id });
    await t.db.insert(exportFileChunks).values(copies.map((c) => ({ jobId: c.id, seq: 0, data: Buffer.from("a,b\n") })));
    const [a, b] = await Promise.all([expireExportFiles(t.db), expireExportFiles(t.db)]);
    expect(a + b).toBe(250);
    const left = await t.db.select().from(exportFileChunks).where(inArray(exportFileChunks.jobId, copies.map((c) => c.id)));
    expect(left).toEqual([]);
  });

  it("stops when its server is stopping, keeps no pieces, and is given back for another instance", async () => {
    const stopping = () => AbortSignal.abort(new Error("The server is stopping"));
    for (const format of ["csv-wide", "xlsx"] as const) {
      const jobId = await requestResponsesExport(t.db, { consultationId: odpm.id, format }, actors.officer);
      // Run by the queue's worker, and at once in the request's process.
      const job = await claimJob(t.db, { id: jobId });
      expect(await runJob(t.db, job!, exportJobHandlers, { signal: stopping() })).toBe("released");
      await runExportJobNow(t.db, jobId, { signal: stopping() });
      const [row] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
      expect(row).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
      expect(await t.db.select().from(exportFileChunks).where(eq(exportFileChunks.jobId, jobId))).toEqual([]);
      // The next instance's run makes the whole file.
      await runExportJobNow(t.db, jobId);
      expect((await listExportJobs(t.db, odpm.id, actors.officer))[0]).toMatchObject({ id: jobId, status: "done" });
    }
  });
});

describe("the council's response, signed off", () => {
  it("carries the sign-off block (who, when, hash) and no DRAFT mark", async () => {
    await sendForReview(t.db, { consultationId: odpm.id }, actors.officer);
    await decideSignOff(t.db, { consultationId: odpm.id, decision: "approved", note: "", expectedHash: undefined }, actors.signatory);
    const [approval] = await t.db.select().from(signOffs).where(eq(signOffs.consultationId, odpm.id));
    const { file, paragraphs, headers } = await docxOf("council-response");
    expect(file.filename).toBe("lsp-shaping-their-future-council-response.docx");
    expect(headers.some((h) => h.includes("DRAFT"))).toBe(false);
    expect(paragraphs.some((p) => p.text.includes("DRAFT"))).toBe(false);
    const texts = paragraphs.map((p) => p.text);
    expect(texts).toContain("Helen Rigby");
    expect(texts).toContain(approval!.hash);
    expect(questionAnswerPairs(paragraphs)).toHaveLength(35);
    const html = (await renderDocument(t.db, odpm.id, "council-response", "html", actors.officer)).body as string;
    expect(html).not.toContain("DRAFT");
    expect(html).toContain(approval!.hash!);
  });

  it.runIf(POPPLER)("PDF carries the hash and no DRAFT", async () => {
    const file = await renderDocument(t.db, odpm.id, "council-response", "pdf", actors.officer);
    const { text } = await pdfText(file.body as Buffer);
    const [approval] = await t.db.select().from(signOffs).where(eq(signOffs.consultationId, odpm.id));
    expect(text.replace(/\s+/g, "")).toContain(approval!.hash);
    expect(text).not.toContain("DRAFT");
  });
});

// Import benchmark (issue 19): how long reading an uploaded paper takes, from its bytes to the
// parsed question set (extractPaper + parseQuestionPaper, what the import page's upload does).
//
//   pdf   a 200-page PDF made here: a running header and footer and a page number on every
//         page, numbered paragraphs, a numbered question every few paragraphs, some words
//         hyphenated across lines, and every fifth page in two columns. Target: under 10 s.
//   docx  a 5 MB Word file: 300 pages' worth of paragraphs with Word's automatic numbering for
//         the questions, and pictures making up the rest of the size. Target: under 5 s.
//
// Usage: npm run bench:import [-- --runs 3]. Not part of npm test; prints a table.
import { AlignmentType, Document, ImageRun, LevelFormat, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { randomBytes } from "node:crypto";
import { extractPaper } from "../lib/question-sets/extract";
import { parseQuestionPaper } from "../lib/question-sets/parse";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;
const WORDS = "the council proposes to review how residents park near schools shops and stations and how permits are priced across the borough".split(" ");
const sentence = (n: number, seed: number) => Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(" ");

async function makePdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let q = 0;
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    page.drawText("Parking Strategy 2026 to 2031 – consultation draft", { x: 50, y: 805, size: 9, font });
    page.drawText(`Page ${p + 1} of ${pages}`, { x: 270, y: 30, size: 9, font });
    const columns = p % 5 === 4 ? 2 : 1;
    for (let c = 0; c < columns; c++) {
      let y = 770;
      const x = columns === 2 ? 50 + c * 265 : 50;
      const words = columns === 2 ? 6 : 12;
      for (let para = 0; y > 80; para++) {
        const isQuestion = para % 3 === 2;
        const lines = isQuestion ? [`${++q}. Do you agree with ${sentence(words - 3, q)}?`] : [`${p + 1}.${para + 1} ${sentence(words, para)}`, sentence(words, para + 1) + " regu-", `lation ${sentence(words - 1, para + 2)}.`];
        for (const line of lines) {
          page.drawText(line, { x, y, size: 10, font });
          y -= 13;
        }
        y -= 10;
      }
    }
  }
  return pdf.save();
}

async function makeDocx(targetBytes: number): Promise<Uint8Array> {
  const children: Paragraph[] = [new Paragraph("Parking Strategy 2026 to 2031")];
  for (let i = 0; i < 3000; i++) {
    children.push(new Paragraph(`${sentence(25, i)}.`));
    if (i % 3 === 2) children.push(new Paragraph({ text: `Do you agree with ${sentence(10, i)}?`, numbering: { reference: "q", level: 0 } }));
    if (i % 300 === 0) {
      // Pictures make up most of a large Word file's size; random bytes do not compress.
      children.push(new Paragraph({ children: [new ImageRun({ type: "png", data: randomBytes(Math.floor(targetBytes / 10)), transformation: { width: 100, height: 100 } })] }));
    }
  }
  const doc = new Document({
    numbering: { config: [{ reference: "q", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }] }] },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function time(bytes: Uint8Array, name: string) {
  const t0 = performance.now();
  const { text } = await extractPaper(bytes, name);
  const t1 = performance.now();
  const { questionSet } = parseQuestionPaper(text);
  const t2 = performance.now();
  return { extract: t1 - t0, parse: t2 - t1, total: t2 - t0, questions: questionSet.chapters.reduce((n, c) => n + c.questions.length, 0), textBytes: Buffer.byteLength(text) };
}

const pdf = await makePdf(200);
const docx = await makeDocx(5 * 1024 * 1024);
const rows: string[][] = [];
for (const [label, bytes, name, target] of [
  ["200-page PDF", pdf, "bench.pdf", 10_000],
  ["5 MB Word file", docx, "bench.docx", 5_000],
] as const) {
  const times: Awaited<ReturnType<typeof time>>[] = [];
  for (let r = 0; r < runs; r++) times.push(await time(bytes, name));
  const best = [...times].sort((a, b) => a.total - b.total)[0];
  const worst = [...times].sort((a, b) => b.total - a.total)[0];
  rows.push([
    label,
    `${(bytes.byteLength / 1024 / 1024).toFixed(2)} MB`,
    `${(best.textBytes / 1024).toFixed(0)} KB`,
    String(best.questions),
    `${(best.extract / 1000).toFixed(2)} s`,
    `${(best.parse / 1000).toFixed(2)} s`,
    `${(best.total / 1000).toFixed(2)} s`,
    `${(worst.total / 1000).toFixed(2)} s`,
    `${(target / 1000).toFixed(0)} s`,
    worst.total < target ? "yes" : "NO",
  ]);
}
const head = ["file", "size", "text", "questions", "extract (best)", "parse (best)", "total (best)", `total (worst of ${runs})`, "target", "within"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(fmt(head));
for (const r of rows) console.log(fmt(r));

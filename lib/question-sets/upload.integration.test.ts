// Upload: a Word file and a PDF made here (the Word file with Word's automatic numbering, the PDF
// with running headers, page numbers, a hyphenated line break and two columns) give the same
// questions as their text pasted, and a draft consultation is created from them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { createTestDb, type TestDb } from "../../db/testing";
import { createFromPaste, previewPaste, previewUpload } from "../consultations/paste";
import { seedWorld } from "../consultations/test-helpers";
import { InvalidError } from "../errors";
import { extractPaper, MAX_UPLOAD_BYTES } from "./extract";
import { parseQuestionPaper } from "./parse";
import { pagedPdf, parkingStrategyDocx } from "./test-papers";

let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
beforeAll(async () => {
  t = await createTestDb();
  w = await seedWorld(t.db);
});
afterAll(async () => t?.close());

const PASTED = `Parking Strategy 2026 to 2031

1. Do you agree with the proposed parking zones?

2. How often do you park in the town centre?
Daily
Weekly
Rarely

3. What should the council consider when setting charges for residents' permits?`;

const questionsOf = (text: string) =>
  parseQuestionPaper(text).questionSet.chapters.flatMap((c) => c.questions).map(({ number, text, type, options }) => ({ number, text, type, options }));

const makeDocx = parkingStrategyDocx;
const makePdf = () =>
  pagedPdf([
    ["Parking Strategy 2026 to 2031", "", "1. Do you agree with the proposed parking zones?"],
    ["2. How often do you park in the town centre?", "Daily", "Weekly", "Rarely"],
    ["3. What should the council consider when setting charges for resi-", "dents' permits?"],
  ]);

describe("uploading a paper", () => {
  it("reads a Word file's automatic numbering as the numbers a reader sees, and finds the same questions as the paste", async () => {
    const { text, kind } = await extractPaper(await makeDocx(), "paper.docx");
    expect(kind).toBe("docx");
    expect(text).toContain("1. Do you agree");
    expect(text).toContain("3. What should the council");
    expect(questionsOf(text)).toEqual(questionsOf(PASTED));
    expect(questionsOf(text)[1]).toMatchObject({ type: "single_choice", options: ["Daily", "Weekly", "Rarely"] });
  });

  it("reads a PDF without its running header and page numbers, joining a hyphenated line break", async () => {
    const { text, kind, pages, leftOut } = await extractPaper(await makePdf(), "paper.pdf");
    expect({ kind, pages }).toEqual({ kind: "pdf", pages: 3 });
    expect(text).not.toContain("Draft for consultation");
    // What was left out is reported for the preview to list.
    expect(leftOut).toEqual(["“Borough Council – Draft for consultation”, a running header or footer (3 pages)", "Page numbers (3)"]);
    expect(text).not.toMatch(/Page \d of 3/);
    expect(text).toContain("residents' permits?");
    expect(questionsOf(text)).toEqual(questionsOf(PASTED));
  });

  it("reads two columns in order, left then right", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    for (let k = 0; k < 8; k++) {
      page.drawText(`${k + 1}. Left column question number ${k + 1}?`, { x: 40, y: 780 - k * 40, size: 10, font });
      page.drawText(`${k + 9}. Right column question number ${k + 9}?`, { x: 320, y: 780 - k * 40, size: 10, font });
    }
    const { text } = await extractPaper(await pdf.save(), "columns.pdf");
    expect(questionsOf(text).map((q) => q.number)).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
  });

  it("creates the same draft consultation from an upload as from the paste", async () => {
    const { text, preview } = await previewUpload(await makeDocx(), "paper.docx", w.officer);
    expect(preview.source).toMatchObject({ kind: "docx", fileName: "paper.docx" });
    expect(preview.questionCount).toBe(previewPaste(PASTED, w.officer).questionCount);
    const c = await createFromPaste(t.db, text, { title: preview.title, kind: "questionnaire", summary: "", audienceDescription: "", privacyNotice: "" } as never, w.officer);
    expect(c.id).toBeTruthy();
  });

  it("refuses a file that is not a paper, an old .doc or encrypted Word file, an encrypted or broken PDF and an oversized file, at the field", async () => {
    const problem = async (bytes: Uint8Array, name: string) => {
      try {
        await extractPaper(bytes, name);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidError);
        return (e as InvalidError).fieldErrors.paperFile;
      }
      throw new Error("expected a refusal");
    };
    expect(await problem(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), "x.png")).toMatch(/must be a Word document/);
    expect(await problem(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "x.docx")).toMatch(/password-protected/);
    expect(await problem(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "x.doc")).toMatch(/old-style Word file/);
    expect(await problem(new TextEncoder().encode("%PDF-1.7\nnot really a pdf"), "x.pdf")).toMatch(/could not be read/);
    expect(await problem(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "x.docx")).toMatch(/could not be opened/);
    expect(await problem(new Uint8Array(MAX_UPLOAD_BYTES + 1), "big.pdf")).toMatch(/smaller than 7 MB/);
    expect(await problem(new Uint8Array(0), "empty.pdf")).toMatch(/empty/);
  });

  it("says so when a PDF is password-protected", async () => {
    // pdf-lib cannot encrypt; an /Encrypt dictionary in the trailer is what pdf.js checks first.
    const plain = Buffer.from(await makePdf()).toString("latin1");
    const encrypted = plain.replace(/trailer\s*<</, "trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>");
    let message = "";
    try {
      await extractPaper(new Uint8Array(Buffer.from(encrypted, "latin1")), "locked.pdf");
    } catch (e) {
      message = (e as InvalidError).fieldErrors?.paperFile ?? (e as Error).message;
    }
    expect(message).toMatch(/password-protected|could not be read/);
  });
});

// Hostile text through every export: a consultation whose title, chapter, sub-heading, question,
// hint, option, partner answers, organisation name, draft answer, comment and sign-off note carry
// script, style- and attribute-breaking markup, spreadsheet formulas (and look-alikes) and a
// bidirectional override, signed off so that the title is the documents' running head. The
// HTML is opened in Chromium with JavaScript on; the DOCX's XML parsed; the PDF's text read
// back (pdftotext, when installed); the CSV and XLSX read cell by cell.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "../../db/client";
import { organisations } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { demoActors, type DemoActors } from "../collation/testing";
import { publishConsultation } from "../consultations/commands";
import { loadPublishedSnapshot } from "../responses/queries";
import { saveAndSubmitResponse } from "../responses/commands";
import { parseCsv } from "../invitations/csv";
import { importQuestionSet } from "../question-sets/import";
import { questionSetSchema } from "../question-sets/schema";
import { addComment, sendForReview } from "../review/commands";
import { addCommentSchema } from "../review/schemas";
import { decideSignOff } from "../signoff/commands";
import { saveBranding } from "../branding/commands";
import { brandingSchema } from "../branding/schemas";
import { testPng } from "../branding/testing";
import { renderDocument, renderResponsesFile, type DocumentKind } from "./documents";
import { CHROMIUM_ARGS, chromiumPath } from "./pdf";
import { responsesCsvStream } from "./responses-export";
import { FORMULA_STARTS, formula, hostile, LIVE_FORMULA } from "./testing/hostile";
import { XML_INVALID } from "../escape";
import { docxParagraphs, readZipEntries } from "./testing/zip";
import { hasTool } from "./testing/tools";

let t: TestDb;
let actors: DemoActors;
let consultationId = "";
const work = mkdtempSync(path.join(tmpdir(), "hostile-exports-"));

const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
const squash = (s: string) => s.replace(BIDI, "").replace(XML_INVALID, "").replace(/\s+/g, " ").trim();

/**
 * Characters Postgres stores and XML 1.0 cannot hold at all: a Word or Excel file with one in it
 * does not open. The files leave them out (lib/escape xmlText); the CSV and pages keep them.
 */
const NONCHARACTERS = " \uFFFEnon\uFFFFchar";
/** Every hostile value put in, by where it went. */
const IN = {
  title: hostile("title"),
  askedBy: hostile("askedby"),
  chapter: hostile("chapter"),
  chapterDescription: hostile("chapterdesc"),
  subheading: hostile("subheading"),
  question: hostile("question") + NONCHARACTERS,
  hint: hostile("hint"),
  option: formula("@", "option"),
  answer: hostile("answer") + NONCHARACTERS,
  organisation: hostile("org") + NONCHARACTERS,
  draft: hostile("draft") + NONCHARACTERS,
  comment: hostile("comment") + NONCHARACTERS,
  note: hostile("note"),
  // The council's letterhead, set by its administrator (lib/branding), on the covering letter.
  councilName: hostile("councilname"),
  address: hostile("address"),
  contactName: hostile("contactname"),
  signatoryTitle: hostile("signatorytitle"),
  letter: hostile("letter"),
};
/** A yes/no answer's explanation that starts like a formula. */
const EXPLANATION = formula("=", "explanation");
/** Partner answers that start like formulas, one per start. */
const FORMULA_ANSWERS = FORMULA_STARTS.map((start, i) => formula(start, `cell${i}`));

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  actors = await demoActors(t.db);
  const set = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: IN.title,
    kind: "consultation_to_answer",
    askedBy: IN.askedBy.slice(0, 200),
    opensOn: "@-1d",
    closesOn: "@+30d",
    chapters: [
      {
        title: IN.chapter,
        description: IN.chapterDescription,
        questions: [
          { number: "1", subheading: IN.subheading, type: "long_text", text: IN.question, hint: IN.hint, draftAnswer: IN.draft },
          { number: "2", type: "single_choice", text: "Pick one", options: [IN.option, "Plain"], draftAnswer: "Agreed." },
          ...FORMULA_ANSWERS.map((text, i) => ({ number: String(i + 3), type: "long_text" as const, text: `Formula ${i}`, draftAnswer: text })),
          // A yes/no, whose explanation has a column of its own in the CSV and XLSX.
          { number: String(FORMULA_ANSWERS.length + 3), type: "yes_no" as const, text: "Yes or no", draftAnswer: "Agreed." },
        ],
      },
    ],
  });
  const c = await importQuestionSet(t.db, set, actors.officer);
  consultationId = c.id;
  await publishConsultation(t.db, consultationId, null);
  const partnerOrg = actors.partner.memberships.find((m) => m.role === "partner")!.organisationId;
  await t.db.update(organisations).set({ name: IN.organisation }).where(eq(organisations.id, partnerOrg));
  const snapshot = (await loadPublishedSnapshot(t.db, consultationId))!;
  const id = (n: string) => snapshot.questions.find((q) => q.number === n)!.id;
  await saveAndSubmitResponse(
    t.db,
    {
      consultationId,
      organisationId: partnerOrg,
      statesAnswers: true,
      answers: [
        { questionId: id("1"), value: IN.answer },
        { questionId: id("2"), value: IN.option },
        ...FORMULA_ANSWERS.map((text, i) => ({ questionId: id(String(i + 3)), value: text })),
        { questionId: id(String(FORMULA_ANSWERS.length + 3)), value: { answer: "Yes", explanation: EXPLANATION } },
      ],
    },
    actors.partner,
    () => undefined,
  );
  await addComment(t.db, addCommentSchema.parse({ consultationId, questionId: id("1"), body: IN.comment }), actors.scrutiny);
  await sendForReview(t.db, { consultationId }, actors.officer);
  await decideSignOff(t.db, { consultationId, decision: "approved", note: IN.note, expectedHash: undefined }, actors.signatory);
  const council = actors.officer.memberships.find((m) => m.role === "officer")!.organisationId;
  const branding = brandingSchema.parse({
    organisationId: council,
    councilName: IN.councilName,
    postalAddress: `${IN.address}\nDereham`,
    contactName: IN.contactName,
    contactEmail: "contact@council.example",
    contactPhone: "01362 000000",
    signatoryName: "Not shown: a signed-off letter is signed by its approver",
    signatoryTitle: IN.signatoryTitle,
    letterTemplate: `Dear {{asked_by}},\n\n${IN.letter}\n\nPlease contact {{contact_officer}}.`,
  });
  await saveBranding(t.db, branding, testPng(), actors.admin);
}, 120_000);

afterAll(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

/** What each document must show as text. */
const EXPECTED: Record<DocumentKind, (keyof typeof IN)[]> = {
  "council-response": ["title", "askedBy", "chapter", "chapterDescription", "subheading", "question", "draft", "note"],
  "covering-letter": ["title", "askedBy", "chapter", "chapterDescription", "subheading", "question", "draft", "councilName", "address", "contactName", "signatoryTitle", "letter"],
  "collated-report": ["title", "askedBy", "chapter", "subheading", "question", "option", "answer", "organisation", "draft", "comment"],
};
const inputOf = (key: keyof typeof IN) => (key === "askedBy" ? IN.askedBy.slice(0, 200) : IN[key]);
const expectedText = (key: keyof typeof IN) => squash(inputOf(key));

describe.each(["council-response", "covering-letter", "collated-report"] as const)("%s", (kind) => {
  it("HTML: opened in Chromium with JavaScript on, no payload runs or becomes markup, and each shows as typed", async () => {
    const file = await renderDocument(t.db, consultationId, kind, "html", actors.officer);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.route("**/*", (route) => route.abort());
      await page.setContent(file.body as string, { waitUntil: "load" });
      const seen = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        // The letterhead's logo is the one image allowed: a data: URL of the stored PNG.
        elements: [...document.querySelectorAll("script, img, iframe, object, embed, link")]
          .filter((e) => !(e.matches(".letterhead .logo img") && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(e.getAttribute("src") ?? "")))
          .map((e) => e.outerHTML),
        handlers: [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
        styles: document.querySelectorAll("style").length,
        // The running head's text, as the browser parsed the @page rule.
        runningHead: [...document.styleSheets[0]!.cssRules].map((r) => r.cssText).find((t) => t.startsWith("@page")) ?? "",
        text: document.body.innerText,
      }));
      expect(seen.pwned).toBeNull();
      expect(dialogs).toEqual([]);
      expect(seen.elements).toEqual([]);
      expect(seen.handlers).toEqual([]);
      expect(seen.styles).toBe(1);
      expect(seen.runningHead).toContain("@top-right");
      const text = squash(seen.text);
      for (const key of EXPECTED[kind]) expect(text, key).toContain(expectedText(key));
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("DOCX: every XML part is well-formed and holds the hostile text literally", async () => {
    const file = await renderDocument(t.db, consultationId, kind, "docx", actors.officer);
    const entries = readZipEntries(file.body as Buffer);
    for (const [name, bytes] of entries) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      expect(XMLValidator.validate(bytes.toString("utf8")), name).toBe(true);
      expect(bytes.toString("utf8"), name).not.toMatch(XML_INVALID);
    }
    const text = squash(docxParagraphs(entries.get("word/document.xml")!.toString("utf8")).map((p) => p.text).join(" "));
    for (const key of EXPECTED[kind]) {
      if (key === "title" && kind === "council-response") continue; // the title is checked below, in the header or body
      expect(text, key).toContain(expectedText(key));
    }
  });

  it.skipIf(!hasTool("pdftotext"))("PDF: its text holds the hostile text literally", async () => {
    const file = await renderDocument(t.db, consultationId, kind, "pdf", actors.officer);
    const pdf = path.join(work, `${kind}.pdf`);
    writeFileSync(pdf, file.body as Buffer);
    // The PDF holds text in the order it is shown: lines wrap anywhere, a page's furniture (its
    // number, the running head) may fall inside a long answer, and the bidi algorithm moves a
    // leading "=" and reverses what follows the override. So: each word of the text up to the
    // override, without "=", in order.
    const flat = (s: string) => s.replace(BIDI, "").replace(/[\s=]/g, "");
    const text = flat(execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }));
    for (const key of EXPECTED[kind]) {
      let at = 0;
      for (const word of inputOf(key).split("\u202E")[0]!.split(/\s+/).map(flat).filter(Boolean)) {
        const found = text.indexOf(word, at);
        expect(found, `${key}: “${word}” after ${at}`).toBeGreaterThanOrEqual(0);
        at = found + word.length;
      }
    }
  }, 60_000);
});

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** The cell as the partner typed it: the guard's apostrophe off, and no bidi controls. */
const typed = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

function expectSafeCells(cells: string[], where: string) {
  for (const cell of cells) {
    expect(cell, where).not.toMatch(BIDI);
    if (/^[+-]?\d+(\.\d+)?$/.test(cell)) continue;
    expect(LIVE_FORMULA.test(cell), `${where}: ${JSON.stringify(cell)}`).toBe(false);
  }
}

describe("the responses as data", () => {
  it.each(["wide", "long"] as const)("CSV (%s): every cell that could run as a formula starts with an apostrophe, and reads as typed", async (shape) => {
    // Node writes it from batches; on Postgres, Postgres writes it too (COPY), by the same rule.
    const ways: ("batches" | "copy")[] = pgPool(t.db) ? ["batches", "copy"] : ["batches"];
    const outputs: string[] = [];
    for (const via of ways) {
      const csv = await text(responsesCsvStream(t.db, { consultationId }, shape, { via }));
      outputs.push(csv);
      const rows = parseCsv(csv.replace(/^\uFEFF/, ""));
      expectSafeCells(rows.flat(), `${shape} via ${via}`);
      const cells = rows.flat().map(typed);
      for (const v of [...FORMULA_ANSWERS, IN.answer, IN.option, EXPLANATION]) expect(cells, `${shape} via ${via}`).toContain(v.replace(BIDI, ""));
      expect(cells).toContain(IN.organisation.replace(BIDI, ""));
    }
    // Postgres's COPY writes the same bytes as Node.
    if (outputs.length === 2) expect(outputs[1]).toBe(outputs[0]);
  });

  it("XLSX: no formula cells, and every text cell that could run as one starts with an apostrophe", async () => {
    const file = await renderResponsesFile(t.db, consultationId, "responses.xlsx", actors.officer);
    const bytes = Buffer.from(await new Response(file.body as ReadableStream<Uint8Array>).arrayBuffer());
    for (const [name, part] of readZipEntries(bytes)) if (/\.(xml|rels)$/.test(name)) expect(part.toString("utf8"), name).not.toMatch(XML_INVALID);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const cells: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type === ExcelJS.ValueType.Formula, String(cell.address)).toBe(false);
          if (typeof cell.value === "string") cells.push(cell.value);
        }),
      ),
    );
    expectSafeCells(cells, "xlsx");
    const typedCells = cells.map(typed);
    for (const v of [...FORMULA_ANSWERS, IN.answer, IN.organisation, EXPLANATION]) expect(typedCells).toContain(v.replace(BIDI, "").replace(XML_INVALID, ""));
  });
});

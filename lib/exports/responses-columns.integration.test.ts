// The data exports' columns as an officer reads them: organisation type in words, who submitted
// and when in columns of their own, a yes/no (or RAG status) apart from its explanation, and in
// the XLSX the submission time as a real date cell. The CSV and the XLSX hold the same cells,
// and on Postgres the COPY writer gives the same bytes as Node's.
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "../../db/client";
import { responses } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { demoActors, type DemoActors } from "../collation/testing";
import { publishConsultation } from "../consultations/commands";
import { parseCsv } from "../invitations/csv";
import { importQuestionSet } from "../question-sets/import";
import { questionSetSchema } from "../question-sets/schema";
import { saveAndSubmitResponse } from "../responses/commands";
import { loadPublishedSnapshot } from "../responses/queries";
import { renderResponsesFile } from "./documents";
import { responsesCsvStream, ukDateTimeText, XLSX_DATE_FORMAT } from "./responses-export";

let t: TestDb;
let actors: DemoActors;
let consultationId = "";
let submittedAt: Date;

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  actors = await demoActors(t.db);
  const set = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: "Community safety partners' check",
    kind: "questionnaire",
    opensOn: "@-1d",
    closesOn: "@+30d",
    chapters: [
      {
        title: "Your partnership",
        questions: [
          { number: "1", type: "yes_no", text: "Do you attend the partnership board?" },
          { number: "2", type: "long_text", text: "What would you change?" },
          { number: "3", type: "rag_status", text: "Progress on the shared action plan" },
          { number: "4", type: "yes_no", text: "Would you host a meeting?" },
        ],
      },
    ],
  });
  const c = await importQuestionSet(t.db, set, actors.officer);
  consultationId = c.id;
  await publishConsultation(t.db, consultationId, null);
  const snapshot = (await loadPublishedSnapshot(t.db, consultationId))!;
  const id = (n: string) => snapshot.questions.find((q) => q.number === n)!.id;
  const organisationId = actors.partner.memberships.find((m) => m.role === "partner")!.organisationId;
  await saveAndSubmitResponse(
    t.db,
    {
      consultationId,
      organisationId,
      statesAnswers: true,
      answers: [
        { questionId: id("1"), value: { answer: "Yes", explanation: "Every quarter, with a named deputy." } },
        { questionId: id("2"), value: "Shorter meetings, with papers a week before." },
        { questionId: id("3"), value: { status: "Amber", commentary: "Two of five actions are late." } },
        { questionId: id("4"), value: { answer: "No", explanation: "" } },
      ],
    },
    actors.partner,
    () => undefined,
  );
  const [row] = await t.db.select({ at: responses.submittedAt }).from(responses).where(eq(responses.consultationId, consultationId));
  submittedAt = row!.at!;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const csvOf = async (shape: "wide" | "long", via?: "copy" | "batches") =>
  new Response(responsesCsvStream(t.db, { consultationId }, shape, via ? { via } : {})).text();

const WIDE_HEADER = [
  "Reference",
  "Organisation",
  "Organisation type",
  "Submitted at (UK time)",
  "Submitted by",
  "Revision",
  "Consultation version",
  "1: Do you attend the partnership board?",
  "1: explanation",
  "2: What would you change?",
  "3: Progress on the shared action plan",
  "3: commentary",
  "4: Would you host a meeting?",
  "4: explanation",
];

describe("the responses as data: columns", () => {
  it("CSV wide: type in words, who and when in their own columns, each yes/no apart from its explanation", async () => {
    const rows = parseCsv((await csvOf("wide")).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(WIDE_HEADER);
    expect(rows).toHaveLength(2);
    const [reference, organisation, type, at, by, revision, version, ...answers] = rows[1]!;
    expect(reference).toMatch(/^[A-Z0-9]+-/);
    expect(organisation).toBe("Lancashire Constabulary");
    expect(type).toBe("Police");
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(at).toBe(ukDateTimeText(submittedAt));
    expect(by).toBe(actors.partner.name);
    expect([revision, version]).toEqual(["1", "1"]);
    expect(answers).toEqual([
      "Yes",
      "Every quarter, with a named deputy.",
      "Shorter meetings, with papers a week before.",
      "Amber",
      "Two of five actions are late.",
      "No",
      "",
    ]);
  });

  it("CSV long: the answer and its explanation in two columns", async () => {
    const rows = parseCsv((await csvOf("long")).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[4], r[7], r[9], r[10]])).toEqual([
      ["Police", actors.partner.name, "1", "Yes", "Every quarter, with a named deputy."],
      ["Police", actors.partner.name, "2", "Shorter meetings, with papers a week before.", ""],
      ["Police", actors.partner.name, "3", "Amber", "Two of five actions are late."],
      ["Police", actors.partner.name, "4", "No", ""],
    ]);
  });

  it.runIf(process.env.DATABASE_URL)("COPY writes the same bytes as Node, with the new columns", async () => {
    expect(pgPool(t.db)).not.toBeNull();
    for (const shape of ["wide", "long"] as const) expect(await csvOf(shape, "copy")).toBe(await csvOf(shape, "batches"));
  });

  it("XLSX: the submission time is a date cell with a date format; every other cell is the CSV's", async () => {
    const file = await renderResponsesFile(t.db, consultationId, "responses.xlsx", actors.officer);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await new Response(file.body as ReadableStream<Uint8Array>).arrayBuffer()) as never);
    const check = async (sheetName: string, shape: "wide" | "long") => {
      const sheet = book.getWorksheet(sheetName)!;
      const csv = parseCsv((await csvOf(shape)).replace(/^\uFEFF/, ""));
      expect(sheet.actualRowCount).toBe(csv.length);
      sheet.eachRow((row, n) => {
        const cells = csv[n - 1]!.map((_, i) => row.getCell(i + 1));
        if (n > 1) {
          const at = cells[3]!;
          expect(at.type, `${sheetName} row ${n}`).toBe(ExcelJS.ValueType.Date);
          expect(at.numFmt).toBe(XLSX_DATE_FORMAT);
          // The UK wall-clock time, as the CSV writes it.
          expect((at.value as Date).toISOString().slice(0, 19).replace("T", " ")).toBe(csv[n - 1]![3]);
          expect(cells[5]!.type === ExcelJS.ValueType.Number || sheetName === "Answers").toBe(true);
        }
        const asText = cells.map((c, i) => (i === 3 && c.value instanceof Date ? csv[n - 1]![3] : c.value === null || c.value === undefined ? "" : String(c.value)));
        expect(asText, `${sheetName} row ${n}`).toEqual(csv[n - 1]);
      });
    };
    await check("Responses", "wide");
    await check("Answers", "long");
  });
});

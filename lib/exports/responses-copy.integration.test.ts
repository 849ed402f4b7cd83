// The responses CSV has two writers: Postgres by COPY (node-postgres) and Node from keyset
// batches (PGlite). They must give the same file: the same cells in the same order, with the
// same spreadsheet-formula guard, whichever driver serves the export.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, organisations, questions, responses, sections, users } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { odpmSetup } from "../collation/testing";
import { parseCsv } from "../invitations/csv";
import type { Pool } from "pg";
import { pgPool } from "../../db/client";
import { ERASED_PERSON } from "../audit/erased";
import { canCopyResponses, copyBegin, responsesCopySelect } from "./responses-copy";
import { longHeader, responsesCsvStream, type ResponseShape } from "./responses-export";

let t: TestDb;
let odpm: { id: string };

// What a partner might type, and what a spreadsheet would run if it were not guarded.
const TRICKY = [
  // Bidi controls are dropped (one before "=" then makes a formula), whitespace before a
  // formula and full-width formula characters are guarded: the SQL checks the first character
  // before matching in full, and strips controls only from a text that holds one.
  "Ünïcödé – “curly” quotes, a comma, \u202ereversed\u202c and \u2066isolated\u2069",
  "\u202e=1+1",
  "   =SUM(A1:A9)",
  "\uff1dSUM(A1)",
  "\u3000@SUM(A1)",
  '=HYPERLINK("http://example.com","click")',
  "+44 1257 515151",
  "-5",
  "\tindented",
  'She said "yes, with conditions",\nthen left.',
];

beforeAll(async () => {
  const setup = await odpmSetup();
  t = setup.t;
  odpm = setup.odpm;
  const submitted = await t.db
    .select({ id: responses.id, organisationId: responses.organisationId })
    .from(responses)
    .where(and(eq(responses.consultationId, odpm.id), eq(responses.status, "submitted")));
  expect(submitted.length).toBeGreaterThan(0);
  await t.db.update(organisations).set({ name: "=Formula Parish, Council" }).where(eq(organisations.id, submitted[0]!.organisationId));
  // Spread over the submitted responses' answers (each has only a few).
  const theirs = await t.db
    .select({ responseId: answers.responseId, questionId: answers.questionId })
    .from(answers)
    .where(inArray(answers.responseId, submitted.map((r) => r.id)));
  // The answers take as many as they hold; the rest become the other responders' names.
  const others = [...new Set(submitted.slice(1).map((r) => r.organisationId))];
  expect(theirs.length + others.length).toBeGreaterThanOrEqual(TRICKY.length);
  for (const [i, a] of theirs.slice(0, TRICKY.length).entries()) {
    await t.db
      .update(answers)
      .set({ valueText: TRICKY[i]! })
      .where(and(eq(answers.responseId, a.responseId), eq(answers.questionId, a.questionId)));
  }
  for (const [i, id] of others.slice(0, Math.max(0, TRICKY.length - theirs.length)).entries()) {
    await t.db.update(organisations).set({ name: TRICKY[theirs.length + i]! }).where(eq(organisations.id, id));
  }
  // An officer's question and chapter written as a formula: the long shape repeats them on every
  // row, taken from the export's question list rather than read with each answer.
  const [answered] = await t.db.select({ id: questions.id, sectionId: questions.sectionId }).from(questions).where(eq(questions.id, theirs[0]!.questionId));
  await t.db.update(questions).set({ text: "\u202e=SUM(Q1) – what, “if anything”, should change?" }).where(eq(questions.id, answered!.id));
  await t.db.update(sections).set({ title: "+Chapter, \"one\"\u2066" }).where(eq(sections.id, answered!.sectionId));
  // Others: a number that is a plain number (not guarded) and one that is a formula, a sub-heading
  // of spaces before a formula and an empty one: written by Node on the long shape's COPY path.
  const others2 = [...new Set(theirs.map((a) => a.questionId))].filter((id) => id !== answered!.id).map((id) => ({ id }));
  expect(others2.length).toBeGreaterThanOrEqual(2);
  const cells = [
    { number: "-4.1", subheading: " =x" },
    { number: "@Q1", subheading: "" },
  ];
  for (const [i, set] of cells.entries()) await t.db.update(questions).set(set).where(eq(questions.id, others2[i]!.id));
  // A response submitted by someone whose details were later erased (lib/public/person-data):
  // "Submitted by" says so on both paths rather than being left blank.
  const [erased] = await t.db.insert(users).values({ name: null, email: `erased-${Date.now()}@erased.invalid`, erasedAt: new Date() }).returning();
  await t.db.update(responses).set({ submittedBy: erased!.id }).where(eq(responses.id, submitted[0]!.id));
});
afterAll(async () => {
  await t?.close();
});

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("the responses CSV", () => {
  it("is written by Postgres's COPY on node-postgres, and from batches on PGlite", () => {
    expect(canCopyResponses(t.db)).toBe(t.driver === "pg");
  });

  it.each(["wide", "long"] as ResponseShape[])("%s: the guard applies to every cell that a spreadsheet would run", async (shape) => {
    const rows = parseCsv(await read(responsesCsvStream(t.db, { consultationId: odpm.id }, shape)));
    const cells = rows.flat();
    expect(cells).toContain("'=Formula Parish, Council");
    expect(cells).toContain("'=HYPERLINK(\"http://example.com\",\"click\")");
    expect(cells).toContain("'+44 1257 515151");
    expect(cells).toContain("-5");
    expect(cells).toContain("'\u3000@SUM(A1)");
    expect(cells).toContain("'\tindented");
    expect(cells).toContain('She said "yes, with conditions",\nthen left.');
    expect(cells).toContain("Ünïcödé – “curly” quotes, a comma, reversed and isolated");
    expect(cells).toContain("'=1+1");
    expect(cells).toContain("'   =SUM(A1:A9)");
    expect(cells).toContain("'\uff1dSUM(A1)");
    expect(cells.some((c) => /[\u202a-\u202e\u2066-\u2069]/.test(c))).toBe(false);
    expect(cells.some((c) => /^[=+@\t]/.test(c) && !/^\+\d/.test(c))).toBe(false);
  });

  it("long: each answer's row carries its question's chapter and text, guarded, without bidi controls", async () => {
    const rows = parseCsv(await read(responsesCsvStream(t.db, { consultationId: odpm.id }, "long")));
    const row = rows.find((r) => r.includes("'=SUM(Q1) – what, “if anything”, should change?"));
    expect(row).toBeDefined();
    expect(row).toContain("'+Chapter, \"one\"");
    const numbers = rows.map((r) => r[7]);
    expect(numbers).toContain("-4.1");
    expect(numbers).toContain("'@Q1");
    expect(rows.map((r) => r[6])).toContain("' =x");
  });

  it.each(["wide", "long"] as ResponseShape[])("%s: a response submitted by someone since erased says so", async (shape) => {
    const rows = parseCsv(await read(responsesCsvStream(t.db, { consultationId: odpm.id }, shape)));
    expect(rows.map((r) => r[4])).toContain(ERASED_PERSON);
  });

  it.runIf(process.env.DATABASE_URL)("long, for a consultation without questions: the columns and no row", async () => {
    const c = await pgPool(t.db)!.connect();
    try {
      const statement = responsesCopySelect({ consultationId: odpm.id }, [], "long", (v) => c.escapeLiteral(v));
      const { rows, fields } = await c.query(statement);
      expect(rows).toEqual([]);
      expect(fields.length).toBe(longHeader().length);
    } finally {
      c.release();
    }
  });

  it.runIf(process.env.DATABASE_URL)("COPY and the batch path give the same cells and the same bytes", async () => {
    expect(t.driver).toBe("pg");
    for (const shape of ["wide", "long"] as ResponseShape[]) {
      const copy = await read(responsesCsvStream(t.db, { consultationId: odpm.id }, shape, { via: "copy" }));
      const batches = await read(responsesCsvStream(t.db, { consultationId: odpm.id }, shape, { via: "batches", batchSize: 1 }));
      expect(parseCsv(copy)).toEqual(parseCsv(batches));
      expect(parseCsv(copy).length).toBeGreaterThan(2);
      expect(copy).toBe(batches);
    }
  });

  it.runIf(process.env.DATABASE_URL)("COPY and the batch path agree on a response without answers and on one organisation's export", async () => {
    // A submitted response with no answers (all its questions optional) is a row of empty
    // answer cells: the pivot is joined to the responses, it does not decide which are written.
    const [org] = await t.db.insert(organisations).values({ name: "Answerless Parish Council", type: "parish" }).returning();
    try {
      await t.db.insert(responses).values({ consultationId: odpm.id, organisationId: org!.id, status: "submitted", reference: "ODPM-NONE-0001", revision: 1, submittedAt: new Date("2026-03-01T12:00:00Z") });
      for (const filter of [{ consultationId: odpm.id }, { consultationId: odpm.id, organisationId: org!.id }]) {
        for (const shape of ["wide", "long"] as ResponseShape[]) {
          const copy = await read(responsesCsvStream(t.db, filter, shape, { via: "copy" }));
          expect(copy).toBe(await read(responsesCsvStream(t.db, filter, shape, { via: "batches", batchSize: 2 })));
          const rows = parseCsv(copy);
          if (shape === "wide") {
            const row = rows.find((r) => r.includes("ODPM-NONE-0001"));
            expect(row).toBeDefined();
            // Reference, organisation, type, submitted, submitted by, revision, version; then nothing.
            expect(row!.slice(7).every((c) => c === "")).toBe(true);
            if (filter.organisationId) expect(rows.length).toBe(2);
          }
        }
      }
    } finally {
      await t.db.delete(responses).where(eq(responses.organisationId, org!.id));
      await t.db.delete(organisations).where(eq(organisations.id, org!.id));
    }
  });

  const setting = async (c: { query: Pool["query"] }) =>
    (await c.query(`select current_setting('jit') as jit, current_setting('jit_inline_above_cost') as inline, current_setting('jit_optimize_above_cost') as optimize, current_setting('enable_hashagg') as hashagg, xact_start = query_start as "ownTransaction" from pg_stat_activity where pid = pg_backend_pid()`)).rows[0];

  it.runIf(process.env.DATABASE_URL)("the COPY's JIT: off below JIT_FROM_RESPONSES responses to export, else without inlining or optimisation; no hash aggregate", async () => {
    const c = await pgPool(t.db)!.connect();
    const lit = (v: string) => c.escapeLiteral(v);
    try {
      // JIT on for the session (a server may have it off), so that "off" is this code's doing.
      await c.query("set jit = on");
      const server = await setting(c);
      await c.query(copyBegin({ consultationId: odpm.id }, lit));
      expect(await setting(c)).toMatchObject({ jit: "off", inline: "-1", optimize: "-1", hashagg: "off" });
      await c.query("rollback");
      // As many responses as the threshold or more: the server's JIT, without inlining or optimisation.
      const n = Number((await c.query(`select count(*) as n from responses where consultation_id = $1 and status = 'submitted'`, [odpm.id])).rows[0].n);
      expect(n).toBeGreaterThan(0);
      await c.query(copyBegin({ consultationId: odpm.id }, lit, n));
      expect(await setting(c)).toMatchObject({ jit: server.jit, inline: "-1", optimize: "-1", hashagg: "off" });
      await c.query("rollback");
      expect(await setting(c)).toEqual(server);
    } finally {
      await c.query("reset jit");
      c.release();
    }
  });

  it.runIf(process.env.DATABASE_URL)("the COPY's settings and its transaction end with the export", async () => {
    const pool = pgPool(t.db)!;
    const before = await setting(pool);
    expect(before.ownTransaction).toBe(true);
    expect(parseCsv(await read(responsesCsvStream(t.db, { consultationId: odpm.id }, "wide", { via: "copy" }))).length).toBeGreaterThan(2);
    // node-postgres hands out the connection released last: the export's.
    const c = await pool.connect();
    try {
      expect(await setting(c)).toEqual(before);
    } finally {
      c.release();
    }
  });

  it.runIf(process.env.DATABASE_URL)("a client that goes away mid-download gives the connection back", async () => {
    const pool = (t.db as unknown as { $client: { totalCount: number; idleCount: number } }).$client;
    for (let i = 0; i < 12; i++) {
      const reader = responsesCsvStream(t.db, { consultationId: odpm.id }, "long", { via: "copy" }).getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
    }
    // The pool (10 connections) would be exhausted by now if cancelled COPYs kept theirs.
    expect(parseCsv(await read(responsesCsvStream(t.db, { consultationId: odpm.id }, "wide"))).length).toBeGreaterThan(2);
    expect(pool.totalCount).toBeLessThanOrEqual(10);
  });
});

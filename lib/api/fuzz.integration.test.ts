// Property-based fuzzing (fast-check, fixed seed) of every API operation, the respondent's form
// posts and the officer's editor and drafting forms, in-process against a real database: any
// JSON, strings with NUL and unpaired surrogates, huge numbers, deep nesting, wrong types.
// No input may cause a 5xx (API errors are 4xx with a JSON error body), and afterwards SQL finds
// no row the app's own rules would refuse. FUZZ_RUNS sets the total cases (default 2,000),
// FUZZ_SEED the seed; FUZZ_REPORT=1 prints the outcomes per operation (2: with each refusal).
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getDraft, PUT as putDraft } from "../../app/api/v1/consultations/[id]/draft-answers/[questionId]/route";
import { GET as exportCsv } from "../../app/api/v1/consultations/[id]/export.csv/route";
import { GET as summary } from "../../app/api/v1/consultations/[id]/questions/[questionId]/summary/route";
import { POST as postPassage } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/route";
import { DELETE as deletePassage } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/[tagId]/route";
import { GET as listResponses, POST as submitResponse } from "../../app/api/v1/consultations/[id]/responses/handlers";
import { GET as getConsultation } from "../../app/api/v1/consultations/[id]/route";
import { GET as listConsultations, POST as createConsultation } from "../../app/api/v1/consultations/route";
import { POST as parsePaper } from "../../app/api/v1/question-sets/parse/route";
import { GET as getResponse } from "../../app/api/v1/responses/[id]/route";
import { GET as notFound, POST as notFoundPost } from "../../app/api/v1/[...path]/route";
import { unstorableFields } from "../input/text";
import { createTheme } from "../analysis/codeframe";
import { saveChapterForm, submitResponseForm } from "../../app/_server/respond";
import { answers, consultations, councilBranding, organisations, questions, responses, sections, stages, users } from "../../db/schema";
import { QUESTION_TYPES } from "../../db/schema/consultations";
import type { TestDb } from "../../db/testing";
import { renameOrganisation } from "../admin/organisations";
import { updatePerson } from "../admin/people";
import { renameOrganisationSchema, updatePersonSchema } from "../admin/schemas";
import { createApiKey } from "../api-keys/commands";
import type { Actor } from "../auth/policy";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { addChapter, addQuestion, addQuestionsFromBank, addStage, updateConsultationDetails, updateQuestion } from "../consultations/editor";
import { addFromBankSchema, chapterSchema, questionSchema, questionSettingProblems, stageSchema, updateDetailsSchema } from "../consultations/schemas";
import { restoreDraftRevision, saveDraftAnswer } from "../drafts/commands";
import { saveBranding } from "../branding/commands";
import { brandingSchema } from "../branding/schemas";
import { sniffLogoType } from "../branding/logo";
import { restoreDraftRevisionSchema, saveDraftAnswerSchema } from "../drafts/schemas";
import { isDomainError } from "../errors";
import { calendarDateProblem } from "../input/dates";
import { importQuestionSet } from "../question-sets/import";
import { parseAnswer, type QuestionDef } from "../questions/answers";
import { stableJson } from "../responses/hash";
import { getRespondContext } from "../responses/queries";
import { baseField, questionPrefix, resolveField } from "../responses/schemas";
import { routeHandlersUse } from "./testing/routes";
import { NOTIFICATION_KINDS } from "../notifications/kinds";
import { markAllNotificationsRead, markNotificationRead, savePreferences } from "../notifications/commands";
import { markAllReadSchema, markReadSchema, preferencesSchema } from "../notifications/schemas";
import { reloadSettings } from "../config";

const SEED = Number(process.env.FUZZ_SEED ?? 14_2026);
const TOTAL = Number(process.env.FUZZ_RUNS ?? 2000);
/** Each property's share of the total cases. */
const runs = (share: number) => Math.max(10, Math.round(TOTAL * share));
const settings = (share: number) => ({ seed: SEED, numRuns: runs(share), endOnFailure: true });

let t: TestDb;
let actors: DemoActors;
const keys = {} as Record<"council" | "councilRead" | "police" | "parish", string>;
let open: { id: string; slug: string; questions: QuestionDef[] }[] = [];
let draftConsultation: { id: string; sectionId: string; questionIds: string[] };
let odpmQuestionIds: string[] = [];
const responseIds: string[] = [];
let cases = 0;
/** Outcomes per operation ("POST /consultations 422": n), printed with FUZZ_REPORT=1. */
const outcomes = new Map<string, number>();
const tally = (what: string): void => void outcomes.set(what, (outcomes.get(what) ?? 0) + 1);

beforeAll(async () => {
  // Every case must reach the code under test, not the per-key limit.
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
  reloadSettings();
  const setup = await odpmSetup();
  ({ t, actors } = setup);
  routeHandlersUse(t);
  const org = async (name: string) => (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  const make = async (name: string, organisation: string, scope: "read" | "read_write") =>
    (await createApiKey(t.db, { name, organisationId: await org(organisation), scope }, actors.admin)).key;
  keys.council = await make("Fuzz council", "Chorley Council", "read_write");
  keys.councilRead = await make("Fuzz council read", "Chorley Council", "read");
  keys.police = await make("Fuzz police", "Lancashire Constabulary", "read_write");
  keys.parish = await make("Fuzz parish", "Croston Parish Council", "read_write");
  const rows = await t.db.select().from(consultations).where(eq(consultations.status, "open"));
  for (const c of rows) {
    const qs = await t.db.select().from(questions).where(eq(questions.consultationId, c.id)).orderBy(questions.position);
    open.push({ id: c.id, slug: c.slug, questions: qs.map((q) => ({ ...q, hint: q.hint ?? "" }) as QuestionDef) });
  }
  open = open.slice(0, 3);
  odpmQuestionIds = (await t.db.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, setup.odpm.id))).map((q) => q.id);
  const draft = await importQuestionSet(
    t.db,
    {
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Fuzzed draft",
      kind: "questionnaire",
      stages: [],
      chapters: [{ title: "One", questions: QUESTION_TYPES.map((type, i) => ({ number: String(i + 1), type, text: `Q${i + 1}`, required: false, options: ["A", "B", "C"].filter(() => ["single_choice", "multiple_choice", "ranking"].includes(type)) })) }],
    },
    actors.officer,
  );
  const [section] = await t.db.select().from(sections).where(eq(sections.consultationId, draft.id));
  const qs = await t.db.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, draft.id));
  draftConsultation = { id: draft.id, sectionId: section!.id, questionIds: qs.map((q) => q.id) };
}, 120_000);

afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// Arbitraries

const SPECIAL_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00", "\udbff\udfff", "🙂", "e\u0301", "\u202eevil", "\ufeff", "\r\n", "<script>alert(1)</script>",
  "=1+1", "１２", "9".repeat(40), "x".repeat(600), "@+99999999d", "@-99999999d", "+275760-09-13", "0000-01-01", "2026-02-30", "2026-03-03",
  "@+30d", "1e309", "-0", "NaN", "Infinity", "null", "true", "Yes", "No", "Red", "Achieved", "Agree", "A", "B", "1", "2", "1,500", "00000000-0000-0000-0000-000000000000",
];

const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
);

const hostileNumber = fc.oneof(
  fc.integer({ min: -5, max: 20 }),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 1e-320, 0.5, 100_001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
/** Mostly the right kind of value, now and then any JSON at all. */
const either = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: a, weight: 20 }, { arbitrary: json, weight: 1 });
const word = fc.oneof({ arbitrary: fc.constantFrom("Safety", "Why?", "Housing", "A", "B", "C", "D", "<b>x</b>", "=SUM(A1)"), weight: 8 }, { arbitrary: hostileString, weight: 1 });
const dateText = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("@-1d", "@+30d", "2030-01-31", "2030-02-01") }, { weight: 1, arbitrary: hostileString });
const limit = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: hostileNumber });

const questionArb = fc.record(
  {
    number: either(fc.oneof(fc.constantFrom("1", "2", "3"), hostileString)),
    type: either(fc.constantFrom(...QUESTION_TYPES, "essay")),
    text: either(word),
    hint: either(word),
    required: either(fc.boolean()),
    options: either(fc.array(word, { maxLength: 5 })),
    limits: either(fc.record({ minLength: limit, maxLength: limit, min: limit, max: limit, minSelections: limit, maxSelections: limit }, { requiredKeys: [] })),
    showIf: either(fc.record({ questionNumber: fc.constantFrom("1", "2"), equals: fc.array(word, { maxLength: 2 }) })),
    draftAnswer: either(word),
  },
  { requiredKeys: ["number", "type", "text"] },
);

/** Valid by construction, with any Unicode text: these must be created (201). */
const goodText = fc.oneof(word, fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 })).filter((x) => x.trim() !== "");
const goodSetArb = fc.record({
  format: fc.constant("council-consult/question-set"),
  formatVersion: fc.constant(1),
  title: goodText,
  kind: fc.constantFrom("questionnaire", "consultation_to_answer"),
  askedBy: goodText,
  opensOn: fc.constantFrom("@-1d", "2030-01-01"),
  closesOn: fc.constantFrom("@+60d", "2031-01-01"),
  chapters: fc.array(
    fc.record({
      title: goodText,
      questions: fc.array(fc.record({ type: fc.constantFrom(...QUESTION_TYPES), text: goodText, required: fc.boolean(), low: fc.integer({ min: 0, max: 3 }), span: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
}).map((set) => {
  let n = 0;
  return {
    ...set,
    chapters: set.chapters.map((c) => ({
      title: c.title,
      questions: c.questions.map(({ type, text, required, low, span }) => {
        const choice = ["single_choice", "multiple_choice", "ranking"].includes(type);
        const limits =
          type === "number" ? { min: low, max: low + span } :
          type === "long_text" || type === "short_text" ? { minLength: low, maxLength: low + span + 1 } :
          type === "multiple_choice" || type === "ranking" ? { minSelections: Math.min(low, 3), maxSelections: Math.min(3, Math.max(1, low + span)) } : {};
        return { number: String(++n), type, text, required, options: choice ? ["A", "B", "C"] : [], limits };
      }),
    })),
  };
});

const questionSetArb = fc.oneof(
  { weight: 3, arbitrary: goodSetArb },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        format: fc.oneof({ arbitrary: fc.constant("council-consult/question-set"), weight: 9 }, { arbitrary: json, weight: 1 }),
        formatVersion: fc.oneof({ arbitrary: fc.constant(1), weight: 9 }, { arbitrary: json, weight: 1 }),
        title: either(word),
        kind: either(fc.constantFrom("questionnaire", "consultation_to_answer")),
        askedBy: either(word),
        opensOn: either(dateText),
        closesOn: either(dateText),
        responseDeadline: either(dateText),
        summary: either(word),
        stages: either(fc.array(fc.record({ name: word, startsOn: maybe(dateText), dueOn: maybe(dateText), description: maybe(word) }), { maxLength: 2 })),
        chapters: either(fc.array(fc.record({ title: word, description: maybe(word), questions: fc.array(questionArb, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 })),
      },
      { requiredKeys: ["format", "formatVersion", "title", "kind", "chapters"] },
    ),
  },
  { weight: 1, arbitrary: json },
);

/** Raw bodies: broken JSON, nesting far past any limit, escapes Postgres refuses, huge literals. */
const rawBodyArb = fc.oneof(
  hostileString,
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  fc.integer({ min: 60, max: 5_000 }).map((n) => `{"answers":[{"questionNumber":"1","value":${'{"a":'.repeat(n)}1${"}".repeat(n)}}]}`),
  fc.constantFrom('{"title":"\\u0000"}', '{"answers":[{"questionNumber":"1","value":"\\ud800"}]}', '{"answers":[{"questionNumber":"1","value":1e999}]}', "\ufeff{}", "{", "[]", "null", '"x"', '{"__proto__":{"a":1}}'),
  json.map((v) => JSON.stringify(v) ?? "null"),
);

const OMIT = Symbol("omit");

/** An answer each question accepts, by type. */
function validValue(q: QuestionDef): unknown {
  switch (q.type) {
    case "long_text":
    case "short_text":
      return "Our view, in a few words.".padEnd(Math.min(q.limits.minLength ?? 0, 400), ".");
    case "single_choice":
      return q.options[0];
    case "agreement_scale":
      return q.options[0] ?? "Agree";
    case "multiple_choice":
      return q.options.slice(0, Math.max(1, q.limits.minSelections ?? 1));
    case "ranking":
      return q.options.slice(0, q.limits.maxSelections ?? q.options.length);
    case "number":
      return q.limits.min ?? 1;
    case "date":
      return "2026-03-03";
    case "yes_no":
      return { answer: "Yes", explanation: "Because." };
    case "rag_status":
      return { status: "Green", commentary: "On track." };
  }
}

function answerValueArb(q: QuestionDef | undefined) {
  const options = q?.options.length ? q.options : ["Strongly agree", "Yes", "Red"];
  return fc.oneof(
    json,
    fc.constantFrom(...options),
    fc.subarray(options),
    fc.record({ answer: either(fc.constantFrom("Yes", "No")), explanation: either(hostileString) }),
    fc.record({ status: either(fc.constantFrom("Red", "Amber", "Green", "Achieved")), commentary: either(hostileString) }),
    fc.record({ day: hostileString, month: hostileString, year: hostileString }),
  );
}

// ---------------------------------------------------------------------------------------------
// Calling the API in-process

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

async function callApi(handler: Handler, method: string, path: string, o: { key?: string; body?: string; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
  cases++;
  const headers: Record<string, string> = { "content-type": "application/json", ...(o.headers ?? {}) };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  const res = await handler(new Request(`http://localhost/api/v1${path}`, { method, headers, body: o.body }), { params: Promise.resolve(o.params ?? {}) });
  const text = await res.text();
  tally(`${method} ${path.split("?")[0]!.replace(/(consultations|responses|draft-answers|questions|nothing)\/[^/]*/g, "$1/{id}")} ${res.status}`);
  // No 5xx, ever; every refusal is the API's JSON error.
  expect(res.status, `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), `${method} ${path} → ${res.status}`).toMatch(/application\/json/);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe("string");
    expect(typeof body.error?.message).toBe("string");
    if (process.env.FUZZ_REPORT === "2") tally(`  ${res.status} ${JSON.stringify((body.error as { details?: unknown }).details ?? body.error?.message).slice(0, 140)}`);
  }
  return { status: res.status, text };
}

const keyArb = fc.constantFrom<keyof typeof keys | "none" | "bogus">("council", "councilRead", "police", "parish", "police", "council", "none", "bogus");
const keyOf = (k: keyof typeof keys | "none" | "bogus") => (k === "none" ? undefined : k === "bogus" ? `cck_${"x".repeat(43)}` : keys[k]);
const idArb = (known: () => string[]) => fc.oneof({ arbitrary: fc.constant(null).map(() => known()), weight: 0 }, { arbitrary: fc.nat().map((i) => known()[i % Math.max(1, known().length)] ?? ""), weight: 6 }, { arbitrary: fc.uuid(), weight: 1 }, { arbitrary: hostileString, weight: 1 }).map((v) => (Array.isArray(v) ? v[0] ?? "" : v));

// ---------------------------------------------------------------------------------------------

describe("fuzzing the API: no 5xx, every refusal a JSON error", () => {
  it("POST /consultations with any question set", async () => {
    await fc.assert(
      fc.asyncProperty(questionSetArb, keyArb, async (set, key) => {
        await callApi(createConsultation as Handler, "POST", "/consultations", { key: keyOf(key), body: JSON.stringify(set) });
      }),
      settings(0.14),
    );
  });

  it("POST /consultations/{id}/responses with any answers, with and without an Idempotency-Key", async () => {
    // A valid answer to every question, some of them swapped for anything at all or left out,
    // and now and then a stray entry: most bodies are nearly right, as a client's would be.
    const answerArb = fc.nat().chain((i) => {
      const c = open[i % open.length]!;
      const entry = (q: QuestionDef) =>
        fc.oneof(
          { weight: 12, arbitrary: fc.constant<unknown>(validValue(q)) },
          { weight: 1, arbitrary: answerValueArb(q) },
          { weight: 1, arbitrary: fc.constant(OMIT) },
        ).chain((value) =>
          fc.oneof(
            { weight: 6, arbitrary: fc.constant({ questionNumber: q.number, value }) },
            { weight: 2, arbitrary: fc.constant({ questionId: q.id, value }) },
            { weight: 1, arbitrary: fc.record({ questionNumber: json, questionId: hostileString, value: fc.constant(value) }, { requiredKeys: [] }) },
          ),
        );
      return fc.record({
        c: fc.constant(c),
        answers: fc.tuple(...c.questions.map(entry)).map((list) => list.filter((a) => a.value !== OMIT)),
      });
    });
    await fc.assert(
      fc.asyncProperty(answerArb, fc.constantFrom("police", "parish", "council", "police"), maybe(fc.oneof(fc.constantFrom("k-1", "k-2", "k-3"), hostileString)), fc.constantFrom(true, true, true, true, true, true, true, true, false), async ({ c, answers: list }, key, idem, wrap) => {
        const body = wrap ? JSON.stringify({ answers: list }) : JSON.stringify(list);
        // Only what an HTTP header can carry (Latin-1, no control characters) reaches a server.
        const headers: Record<string, string> = idem === undefined ? {} : { "idempotency-key": idem.replace(/[^\x20-\x7e\xa0-\xff]/g, "") };
        const res = await callApi(submitResponse as Handler, "POST", `/consultations/${c.id}/responses`, { key: keys[key as keyof typeof keys], body, headers, params: { id: c.id } });
        if (res.status === 201) responseIds.push((JSON.parse(res.text) as { id: string }).id);
      }),
      settings(0.2),
    );
  });

  it("PUT draft answers with any text, status, assignee and If-Match", async () => {
    await fc.assert(
      fc.asyncProperty(
        idArb(() => odpmQuestionIds),
        either(fc.record({ text: either(hostileString), status: either(fc.constantFrom("drafting", "ready_for_review", "approved", "not_started")), assigneeId: either(fc.oneof(fc.uuid(), fc.constant(null))) }, { requiredKeys: [] })),
        fc.oneof(fc.constantFrom('"0"', '"1"', '"2"', "W/\"1\"", "*", "", "99999999999"), hostileString),
        keyArb,
        async (questionId, body, ifMatch, key) => {
          const c = open.find((x) => x.questions.some((q) => odpmQuestionIds.includes(q.id)))?.id ?? open[0]!.id;
          const headers: Record<string, string> = {};
          if (/^[\x20-\x7e]*$/.test(ifMatch)) headers["if-match"] = ifMatch;
          await callApi(putDraft as Handler, "PUT", `/consultations/${c}/draft-answers/${questionId}`, { key: keyOf(key), body: JSON.stringify(body), headers, params: { id: c, questionId } });
        },
      ),
      settings(0.1),
    );
  });

  it("POST a passage with any body, and DELETE one by any id", async () => {
    // Answers of the demo's ODPM consultation that have text, and a theme of one's question.
    const [first] = await t.db
      .select({ questionId: answers.questionId })
      .from(answers)
      .where(and(inArray(answers.questionId, odpmQuestionIds), sql`length(${answers.valueText}) > 20`))
      .limit(1);
    // Five answers of that one question, so that its theme is one every case may use.
    const rows = {
      rows: await t.db
        .select({ responseId: answers.responseId, questionId: answers.questionId, consultationId: responses.consultationId })
        .from(answers)
        .innerJoin(responses, eq(responses.id, answers.responseId))
        .where(and(eq(answers.questionId, first!.questionId), sql`length(${answers.valueText}) > 20`))
        .limit(5),
    };
    const at = rows.rows[0]!;
    const theme = await createTheme(t.db, { consultationId: at.consultationId, questionId: at.questionId, name: "Fuzzed passages" }, actors.officer);
    const tagIds: string[] = [];
    const offset = fc.oneof({ arbitrary: fc.integer({ min: -2, max: 60 }), weight: 6 }, { arbitrary: hostileNumber, weight: 1 });
    // Mostly any fields, but often a passage that is there (offsets within the 20 characters every
    // one of these answers has), so that tagging and removing are reached, not only refusals.
    const good = fc.record({ themeId: fc.constant(theme.id), start: fc.nat({ max: 9 }), end: fc.integer({ min: 10, max: 20 }) });
    const body = fc.oneof(
      { arbitrary: good, weight: 2 },
      { arbitrary: either(fc.record({ themeId: idArb(() => [theme.id]), quote: either(fc.oneof(word, hostileString)), start: either(offset), end: either(offset) }, { requiredKeys: [] })), weight: 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat({ max: rows.rows.length - 1 }), body, idArb(() => tagIds), keyArb, async (remove, which, b, tagId, key) => {
        const { consultationId: id, questionId, responseId } = rows.rows[which]!;
        const path = `/consultations/${id}/questions/${questionId}/answers/${responseId}/tags/passages`;
        if (remove) {
          // (URLSearchParams encodes what encodeURIComponent throws on: unpaired surrogates.)
          await callApi(deletePassage as Handler, "DELETE", `${path}/${new URLSearchParams({ s: tagId }).toString().slice(2)}`, { key: keyOf(key), params: { id, questionId, responseId, tagId } });
          return;
        }
        const res = await callApi(postPassage as Handler, "POST", path, { key: keyOf(key), body: JSON.stringify(b), params: { id, questionId, responseId } });
        if (res.status === 200) {
          for (const tag of (JSON.parse(res.text) as { tags: { id: string; passage: unknown }[] }).tags) if (tag.passage) tagIds.push(tag.id);
        }
      }),
      settings(0.08),
    );
  });

  it("every GET with any path ids and query", async () => {
    const consultationIds = () => open.map((c) => c.id);
    const questionIds = () => open.flatMap((c) => c.questions.map((q) => q.id));
    const query = fc.dictionary(fc.constantFrom("status", "limit", "cursor", "shape", "title", "kind", "x"), hostileString, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 8 }), idArb(consultationIds), idArb(questionIds), idArb(() => responseIds), query, keyArb, async (which, id, questionId, responseId, q, key) => {
        const qs = `?${new URLSearchParams(q)}`;
        const encodeURIComponent = (s: string) => new URLSearchParams({ s }).toString().slice(2);
        const k = keyOf(key);
        const routes: [Handler, string, Record<string, string>][] = [
          [listConsultations as Handler, `/consultations${qs}`, {}],
          [getConsultation as Handler, `/consultations/${encodeURIComponent(id)}`, { id }],
          [listResponses as Handler, `/consultations/${encodeURIComponent(id)}/responses${qs}`, { id }],
          [exportCsv as Handler, `/consultations/${encodeURIComponent(id)}/export.csv${qs}`, { id }],
          [summary as Handler, `/consultations/${encodeURIComponent(id)}/questions/${encodeURIComponent(questionId)}/summary`, { id, questionId }],
          [getDraft as Handler, `/consultations/${encodeURIComponent(id)}/draft-answers/${encodeURIComponent(questionId)}`, { id, questionId }],
          [getResponse as Handler, `/responses/${encodeURIComponent(responseId)}`, { id: responseId }],
          [notFound as Handler, `/nothing/${encodeURIComponent(id)}`, {}],
          [listResponses as Handler, `/consultations/${encodeURIComponent(id)}/responses?cursor=${encodeURIComponent(id)}`, { id }],
        ];
        const [handler, path, params] = routes[which]!;
        const res = await callApi(handler, "GET", path, { key: k, params });
        if (handler === exportCsv && res.status === 200) expect(res.text).not.toContain("\u0000");
      }),
      settings(0.16),
    );
  });

  it("any raw body to every POST and PUT", async () => {
    await fc.assert(
      fc.asyncProperty(rawBodyArb, fc.nat({ max: 4 }), keyArb, maybe(fc.constantFrom("raw-1", "raw-2")), async (body, which, key, idem) => {
        const c = open[0]!;
        const q = c.questions[0]!;
        const routes: [Handler, string, string, Record<string, string>][] = [
          [createConsultation as Handler, "POST", "/consultations", {}],
          [submitResponse as Handler, "POST", `/consultations/${c.id}/responses`, { id: c.id }],
          [putDraft as Handler, "PUT", `/consultations/${c.id}/draft-answers/${q.id}`, { id: c.id, questionId: q.id }],
          [parsePaper as Handler, "POST", `/question-sets/parse?${new URLSearchParams({ title: body.slice(0, 50) })}`, {}],
          [notFoundPost as Handler, "POST", "/nothing", {}],
        ];
        const [handler, method, path, params] = routes[which]!;
        const headers: Record<string, string> = { "if-match": '"1"' };
        if (idem) headers["idempotency-key"] = idem;
        await callApi(handler, method, path, { key: keyOf(key), body, headers, params });
      }),
      settings(0.12),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Form posts, through the same functions the pages and actions call

/** As formAction does (app/_server/action.ts): unstorable text, then the schema, then lib; only domain errors may come back. */
async function asAction<T>(values: Record<string, string | string[]>, schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }, run: (input: T) => Promise<unknown>) {
  cases++;
  if (unstorableFields(values)) return tally("action unstorable");
  const parsed = schema.safeParse(values);
  if (!parsed.success) return tally("action invalid");
  try {
    await run(parsed.data as T);
    tally("action ok");
  } catch (e) {
    if (isDomainError(e)) return tally(`action ${e.code}`);
    throw e;
  }
}

/** Mostly what a person types, sometimes anything, sometimes a field sent twice. */
const formValue = fc.oneof({ arbitrary: word, weight: 12 }, { arbitrary: hostileString, weight: 2 }, { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 1 });

describe("fuzzing the forms: nothing but a message comes back", () => {
  it("a respondent's chapter and submit posts", async () => {
    const errors = vi.spyOn(console, "error");
    const partner: Actor = actors.partner;
    const pages = await Promise.all(open.map((c) => getRespondContext(t.db, { slug: c.slug }, partner)));
    const postArb = fc.nat().chain((i) => {
      const page = pages[i % pages.length]!;
      const qs = page.questions.slice(0, 6);
      const fieldsFor = fc.tuple(
        ...qs.map((q) =>
          fc.record(
            {
              [questionPrefix(q.id)]: formValue,
              [`${questionPrefix(q.id)}.explanation`]: formValue,
              [`${questionPrefix(q.id)}.day`]: formValue,
              [`${questionPrefix(q.id)}.rank.0`]: formValue,
              [baseField(q.id)]: fc.oneof(fc.constant("0:0000000000000000"), hostileString),
              [resolveField(q.id)]: hostileString,
            },
            { requiredKeys: [baseField(q.id)] },
          ),
        ),
      );
      return fc.record({
        page: fc.constant(page),
        fixed: fc.record(
          {
            slug: fc.oneof({ arbitrary: fc.constant(page.consultation.slug), weight: 5 }, { arbitrary: hostileString, weight: 1 }),
            chapter: fc.oneof(fc.constantFrom("1", "2", "3"), hostileString),
            organisationId: fc.oneof({ arbitrary: fc.constant(page.organisation.id), weight: 5 }, { arbitrary: hostileString, weight: 1 }),
            intent: fc.oneof(fc.constantFrom("continue", "later", "autosave"), hostileString),
            revision: fc.oneof(fc.constantFrom("0", "1"), hostileString),
            declaration: fc.oneof(fc.constant("yes"), hostileString),
          },
          { requiredKeys: [] },
        ),
        answers: fieldsFor,
        submit: fc.boolean(),
      });
    });
    await fc.assert(
      fc.asyncProperty(postArb, async ({ page, fixed, answers: parts, submit }) => {
        cases++;
        const fields = Object.assign({}, fixed, ...parts) as Record<string, string | string[]>;
        const out = submit ? await submitResponseForm(t.db, partner, fields, page) : await saveChapterForm(t.db, partner, fields, page);
        tally(`respond ${submit ? "submit" : "save"} ${"redirect" in out ? "redirect" : out.state.ok ? "ok" : out.state.message}`);
        if ("state" in out) expect(out.state.message ?? "").not.toMatch(/something went wrong/);
        expect(errors).not.toHaveBeenCalled();
      }),
      settings(0.14),
    );
    errors.mockRestore();
  });

  it("the officer's question, details, stage, chapter, question bank, draft answer and restore forms, and the administrator's letterhead form", async () => {
    const { id, sectionId, questionIds } = draftConsultation;
    const officer: Actor = actors.officer;
    const odpm = open.find((c) => c.questions.some((q) => odpmQuestionIds.includes(q.id)))?.id ?? "";
    const dateParts = (name: string) =>
      fc.record(
        { [`${name}-day`]: fc.oneof(fc.constantFrom("1", "31", "29"), hostileString), [`${name}-month`]: fc.oneof(fc.constantFrom("1", "2", "12"), hostileString), [`${name}-year`]: fc.oneof(fc.constantFrom("2030", "2031", "0000", "1899", "9999"), hostileString) },
        { requiredKeys: [] },
      );
    const formArb = fc.record({
      which: fc.nat({ max: 8 }),
      // An uploaded logo: nothing, a PNG's or JPEG's first bytes with anything after, or anything at all.
      logo: fc.oneof(
        fc.constant(null),
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 32 }).map((rest) => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...rest])),
        fc.uint8Array({ maxLength: 32 }).map((rest) => Uint8Array.from([0xff, 0xd8, 0xff, ...rest])),
      ),
      // Plausible values for every field, then up to two fields replaced by anything at all.
      values: fc
        .record({
          number: fc.constantFrom("1", "2", "9", "10a"), type: fc.constantFrom(...QUESTION_TYPES), text: word, hint: word, required: fc.constantFrom("", "yes"),
          options: fc.constantFrom("A\nB\nC", "A\nA", "Only", ""), minLength: fc.constantFrom("", "1", "600", "100001"),
          maxLength: fc.constantFrom("", "1", "10", "500"), min: fc.constantFrom("", "0", "-5", "1e3"), max: fc.constantFrom("", "3", "1,000"),
          minSelections: fc.constantFrom("", "0", "2", "3", "4"), maxSelections: fc.constantFrom("", "1", "2", "3", "5"),
          showIfQuestion: fc.constantFrom("", "", "1", "2"), showIfEquals: fc.constantFrom("", "A", "Yes"),
          title: word, referenceCode: fc.constantFrom("", "LSPSTF", "lsp26", " PARKS ", "P", "ABCDEFGHIJK", "LSP-1", "ÉCOLE"), summary: word,
          kind: fc.constantFrom("questionnaire", "consultation_to_answer"), askedBy: word,
          audienceDescription: word, privacyNotice: word, name: word, description: word,
          status: fc.constantFrom("drafting", "ready_for_review", "approved"), assigneeId: fc.constantFrom("", actors.officer.id, actors.partner.id),
          baseVersion: fc.constantFrom("0", "1", "2"),
          contactOfficerName: word, contactOfficerEmail: fc.constantFrom("", "a.person@council.example", "not an address"),
          councilName: word, postalAddress: word, contactName: word, contactEmail: fc.constantFrom("", "a.person@council.example", "not an address"),
          contactPhone: word, signatoryName: word, signatoryTitle: word, removeLogo: fc.constantFrom("", "yes"),
          letterTemplate: fc.constantFrom("", "Dear {{asked_by}},\n\n{{consultation_title}}", "{{ date }} {{nope}}", "{{{{council_name}}}}", "{{"),
          baseStatus: fc.constantFrom("", "drafting", "ready_for_review", "approved"),
          revision: fc.constantFrom("1", "2", "999", "0"),
          questionIds: fc.constantFrom<string | string[]>("", odpmQuestionIds[0]!, odpmQuestionIds.slice(0, 3), actors.partner.id),
        })
        .chain((base) =>
          fc.array(fc.tuple(fc.constantFrom(...Object.keys(base)), formValue), { maxLength: 2 }).map((swaps) => ({ ...base, ...Object.fromEntries(swaps) }) as Record<string, string | string[]>),
        ),
      dates: fc.tuple(dateParts("opensOn"), dateParts("closesOn"), dateParts("responseDeadline"), dateParts("startsOn"), dateParts("dueOn")),
      questionAt: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(formArb, async ({ which, values, dates, questionAt, logo }) => {
        const v = Object.assign({ consultationId: id, sectionId }, values, ...dates) as Record<string, string | string[]>;
        const questionId = questionIds[questionAt % questionIds.length]!;
        switch (which) {
          case 0:
            return asAction(v, questionSchema, (input) => {
              const { consultationId, sectionId: s, questionId: _q, ...question } = input;
              return addQuestion(t.db, consultationId, s, question, officer);
            });
          case 1:
            return asAction({ ...v, questionId }, questionSchema, (input) => {
              const { consultationId, sectionId: s, questionId: q, ...question } = input;
              return updateQuestion(t.db, consultationId, q!, s, question, officer);
            });
          case 2:
            return asAction(v, updateDetailsSchema, (input) => {
              const { consultationId, ...details } = input;
              return updateConsultationDetails(t.db, consultationId, details, officer);
            });
          case 3:
            return asAction(v, stageSchema, (input) => {
              const { consultationId, stageId: _s, ...stage } = input;
              return addStage(t.db, consultationId, stage, officer);
            });
          case 4:
            return asAction(v, chapterSchema, (input) => {
              const { consultationId, sectionId: _s, ...chapter } = input;
              return addChapter(t.db, consultationId, chapter, officer);
            });
          case 5: {
            const council = actors.officer.memberships.find((m) => m.role === "officer")!.organisationId;
            return asAction({ ...v, organisationId: council }, brandingSchema, (input) => saveBranding(t.db, input, logo, actors.admin));
          }
          case 6:
            return asAction({ ...v, consultationId: odpm, questionId: odpmQuestionIds[questionAt % odpmQuestionIds.length]! }, restoreDraftRevisionSchema, (input) => restoreDraftRevision(t.db, input, officer));
          case 7:
            return asAction(v, addFromBankSchema, (input) => addQuestionsFromBank(t.db, input.consultationId, input.sectionId, input.questionIds, officer));
          default:
            return asAction({ ...v, consultationId: odpm, questionId: odpmQuestionIds[questionAt % odpmQuestionIds.length]! }, saveDraftAnswerSchema, (input) => saveDraftAnswer(t.db, input, officer));
        }
      }),
      settings(0.14),
    );
  });

  it("a person's notification settings and mark-read forms", async () => {
    const someone: Actor = actors.officer;
    const kindOrAnything = fc.oneof({ arbitrary: fc.constantFrom(...NOTIFICATION_KINDS), weight: 5 }, { arbitrary: hostileString, weight: 1 });
    const formArb = fc.record({
      which: fc.nat({ max: 2 }),
      inApp: fc.oneof(kindOrAnything, fc.array(kindOrAnything, { maxLength: 9 })),
      email: fc.oneof(kindOrAnything, fc.array(kindOrAnything, { maxLength: 9 })),
      notificationId: fc.oneof(fc.uuid(), hostileString),
    });
    await fc.assert(
      fc.asyncProperty(formArb, async ({ which, inApp, email, notificationId }) => {
        if (which === 0) return asAction({ inApp, email }, preferencesSchema, (input) => savePreferences(t.db, input, someone));
        if (which === 1) return asAction({ notificationId }, markReadSchema, (input) => markNotificationRead(t.db, input, someone));
        return asAction({}, markAllReadSchema, () => markAllNotificationsRead(t.db, someone));
      }),
      settings(0.02),
    );
  });
});

describe("fuzzing the administrator's forms: nothing but a message comes back", () => {
  it("a person's details and an organisation's name", async () => {
    const [org] = await t.db.insert(organisations).values({ name: "Fuzz Organisation", type: "other" }).returning();
    const [person] = await t.db.insert(users).values({ name: "Fuzz Person", email: "fuzz.person@example.org" }).returning();
    const formArb = fc.record({
      which: fc.nat({ max: 1 }),
      values: fc
        .record({ name: word, email: fc.constantFrom("fuzz.person@example.org", "fuzz.other@example.org", "not an address", ""), organisationId: fc.constantFrom("", org!.id), type: fc.constantFrom("council", "parish", "nonsense") })
        .chain((base) => fc.array(fc.tuple(fc.constantFrom(...Object.keys(base)), formValue), { maxLength: 2 }).map((swaps) => ({ ...base, ...Object.fromEntries(swaps) }) as Record<string, string | string[]>)),
    });
    await fc.assert(
      fc.asyncProperty(formArb, async ({ which, values }) =>
        which === 0
          ? asAction({ ...values, userId: person!.id }, updatePersonSchema, (input) => updatePerson(t.db, input, actors.admin))
          : asAction({ ...values, organisationId: org!.id }, renameOrganisationSchema, (input) => renameOrganisation(t.db, input, actors.admin)),
      ),
      settings(0.04),
    );
  });
});

describe("after fuzzing, the database holds nothing its own rules refuse", () => {
  it("ran the cases it promised", () => {
    if (process.env.FUZZ_REPORT) console.info(cases, [...outcomes].sort().map(([k, n]) => `${k}: ${n}`).join("\n"));
    expect(cases).toBeGreaterThanOrEqual(TOTAL * 0.95);
  });

  it("every stored answer passes its question's own schema, as stored", async () => {
    const rows = await t.db
      .select({ value: answers.value, q: questions })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId));
    expect(rows.length).toBeGreaterThan(0);
    for (const { value, q } of rows) {
      const def = { ...q, hint: q.hint ?? "", required: false } as QuestionDef;
      const parsed = parseAnswer(def, value);
      expect(parsed, `question ${q.number} (${q.type}): ${stableJson(value).slice(0, 200)}`).toMatchObject({ ok: true });
      if (parsed.ok) expect(stableJson(parsed.value)).toBe(stableJson(value));
    }
  });

  it("every stored logo is a PNG or JPEG by its bytes, under the size limit, and its type says which", async () => {
    for (const b of await t.db.select().from(councilBranding)) {
      if (!b.logo) continue;
      expect(sniffLogoType(b.logo)).toBe(b.logoType);
      expect(b.logo.length).toBeLessThanOrEqual(1024 * 1024);
    }
  });

  it("every response has its organisation, and every submitted one its reference", async () => {
    expect(await t.db.select({ id: responses.id }).from(responses).where(isNull(responses.organisationId))).toEqual([]);
    expect(await t.db.select({ id: responses.id }).from(responses).where(and(eq(responses.status, "submitted"), isNull(responses.reference)))).toEqual([]);
  });

  it("no question has limits no answer could pass, and no consultation impossible dates", async () => {
    for (const q of await t.db.select().from(questions)) {
      expect(questionSettingProblems(q), `question ${q.number} ${stableJson(q.limits)}`).toEqual([]);
    }
    expect(await t.db.select({ id: consultations.id }).from(consultations).where(sql`${consultations.closesAt} <= ${consultations.opensAt}`)).toEqual([]);
    expect(await t.db.select({ id: stages.id }).from(stages).where(sql`${stages.dueOn} < ${stages.startsOn}`)).toEqual([]);
    for (const c of await t.db.select({ d: consultations.responseDeadline }).from(consultations).where(inArray(consultations.status, ["draft", "open", "closed"]))) {
      if (c.d) expect(calendarDateProblem(String(c.d).slice(0, 10))).toBeNull();
    }
  });
});

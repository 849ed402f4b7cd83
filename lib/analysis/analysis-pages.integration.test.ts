// What the analysis pages and the API call, on PGlite or Postgres (DATABASE_URL): the demo
// survey's codeframe with counts and "% analysed", tags per answer, counts by organisation type
// and stage, the cross-tab, quotes for "Partners raised …", bulk tagging (selection, every
// search match, split), passages by copied words, the theme columns of the CSV export, and the
// API (ETag / If-Match, 412 on a clash, races). Denials: scrutiny and partners cannot edit;
// another council's officers cannot see the codeframe at all.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getThemes } from "../../app/api/v1/consultations/[id]/questions/[questionId]/themes/route";
import { GET as getTags, PUT as putTags } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/route";
import { answerTags, consultations, organisations, questions, responses, themes } from "../../db/schema";
import { createApiKey } from "../api-keys/commands";
import { OpenApiValidator } from "../api/testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "../api/testing/routes";
import type { Actor } from "../auth/policy";
import { odpmSetup } from "../collation/testing";
import { ForbiddenError, InvalidError } from "../errors";
import { responsesCsvStream } from "../exports/responses-export";
import { loadCollatedReport } from "../exports/collated-report";
import { collatedReportHtml } from "../exports/collated-report-html";
import { parseCsv } from "../invitations/csv";
import { loadAnalysisDemo, ANALYSIS_DEMO_ANSWERS } from "../../db/seed/analysis-demo";
import { readQuestionSetFile } from "../../db/seed/load";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { bulkTagAnswers, findPassage, tagPassageByQuote } from "./bulk";
import { createTheme, readAnswerTags, setAnswerTags } from "./codeframe";
import { passageTagFormSchema } from "./schemas";
import { countThemes, crossTabThemes, getAnalysisProgress, getCodeframe, listAnswerTags, listThemeQuotes, quoteForDraft } from "./queries";

let s: Awaited<ReturnType<typeof odpmSetup>>;
const db = () => s.t.db;
let consultationId: string;
let openId: string;
let closedId: string;
let otherOfficer: Actor;
const validator = new OpenApiValidator();
const call = makeCaller(validator);
const keys = {} as Record<"council" | "councilRead" | "police" | "other", string>;

beforeAll(async () => {
  s = await odpmSetup();
  routeHandlersUse(s.t);
  // The demo survey, as db:setup loads it (2,400 generated answers and a seeded codeframe).
  const c = await createConsultationFromQuestionSet(db(), readQuestionSetFile("town-centre-survey.json"), { ownerOrganisationId: s.odpm.ownerOrganisationId, actorId: s.actors.officer.id, slug: `town-centre-${Date.now()}` });
  await publishConsultation(db(), c.id, s.actors.officer.id);
  await loadAnalysisDemo(db(), { consultationId: c.id, officerId: s.actors.officer.id, today: new Date() });
  consultationId = c.id;
  const qs = await db().select().from(questions).where(eq(questions.consultationId, c.id));
  openId = qs.find((q) => q.type === "long_text")!.id;
  closedId = qs.find((q) => q.type === "single_choice")!.id;
  const [other] = await db().insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
  otherOfficer = { id: s.actors.officer.id, name: "Other officer", email: "other@example.org", memberships: [{ organisationId: other.id, organisationName: other.name, role: "officer" }] };
  const [police] = await db().select().from(organisations).where(eq(organisations.name, "Lancashire Constabulary"));
  const make = async (name: string, organisationId: string, scope: "read" | "read_write") => (await createApiKey(db(), { name, organisationId, scope }, s.actors.admin)).key;
  keys.council = await make("Council analysis", s.odpm.ownerOrganisationId, "read_write");
  keys.councilRead = await make("Council read", s.odpm.ownerOrganisationId, "read");
  keys.police = await make("Police", police.id, "read_write");
  keys.other = await make("South Ribble", other.id, "read_write");
}, 120_000);
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await s?.t.close();
});

const officer = () => s.actors.officer;
const themeNamed = async (name: string) => (await db().select().from(themes).where(and(eq(themes.questionId, openId), eq(themes.name, name))))[0]!;
async function answerWith(text: string): Promise<string> {
  const r = (await db().execute(sql`select response_id as id from answers where question_id = ${openId} and value_text ilike ${`%${text}%`} order by response_id limit 1`)) as unknown as { rows: { id: string }[] };
  return r.rows[0]!.id;
}

describe("the demo survey's codeframe", () => {
  it("shows the seeded themes with counts and the share analysed", async () => {
    const frame = await getCodeframe(db(), { consultationId, questionId: openId }, officer());
    expect(frame.canEdit).toBe(true);
    expect(frame.themes.map((t) => t.name)).toContain("Parking charges in the town centre");
    expect(frame.progress.answered).toBe(ANALYSIS_DEMO_ANSWERS);
    expect(frame.progress.analysed).toBeGreaterThan(ANALYSIS_DEMO_ANSWERS * 0.2);
    expect(frame.progress.percentAnalysed).toBeCloseTo((frame.progress.analysed / frame.progress.answered) * 100, 0);
    const parking = frame.themes.find((t) => t.name.startsWith("Parking"))!;
    expect(parking.confirmed).toBeGreaterThan(0);
    expect(parking.suggested).toBeGreaterThan(0);
    expect(parking.phrases).toEqual(["parking", "car park"]);
  });

  it("counts answers per theme by organisation type and by stage, and cross-tabs with the closed question", async () => {
    const { counts, stages, types } = await countThemes(db(), { consultationId, questionId: openId }, officer());
    const parking = counts.find((t) => t.name.startsWith("Parking"))!;
    expect(parking.answers).toBeGreaterThan(100);
    expect(parking.respondents).toBe(parking.answers); // one response per organisation or person
    expect(Object.values(parking.byType).reduce((a, b) => a + b, 0)).toBe(parking.answers);
    expect(types).toEqual(["business", "other", "parish", "public", "voluntary_sector"]);
    expect(stages.map((x) => x.name)).toEqual(["Early responses", "Main responses"]);
    expect(Object.values(parking.byStage).reduce((a, b) => a + b, 0)).toBe(parking.answers);
    const tab = await crossTabThemes(db(), { consultationId, questionId: openId, closedQuestionId: closedId }, officer());
    expect(tab.options).toEqual(["Every day", "Every week", "Every month", "Less often"]);
    expect(tab.rows.find((r) => r.name.startsWith("Parking"))!.total).toBe(parking.answers);
    await expect(crossTabThemes(db(), { consultationId, questionId: openId, closedQuestionId: openId }, officer())).rejects.toThrow(InvalidError);
  });

  it("lists quotes per theme, confirmed first, and formats one for the draft with its source", async () => {
    const raised = await listThemeQuotes(db(), { consultationId, questionId: openId, perTheme: 2 }, officer());
    expect(raised[0]!.answers).toBeGreaterThanOrEqual(raised[1]!.answers);
    const parking = raised.find((t) => t.name.startsWith("Parking"))!;
    expect(parking.quotes).toHaveLength(2);
    const quote = await quoteForDraft(db(), { consultationId, questionId: openId, responseId: parking.quotes[0]!.responseId, themeId: parking.themeId }, officer());
    expect(quote).toMatch(/^“.+” \(.+, response .+\)$/s);
  });
});

describe("tagging from the collation page", () => {
  it("tags every answer matching a search, not only the page shown, then removes the theme again", async () => {
    const t = await createTheme(db(), { consultationId, questionId: openId, name: "Libraries (search)" }, officer());
    const r = await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "tag", themeId: t.id, q: "library", responseIds: [] }, officer());
    expect(r.answers).toBeGreaterThan(25);
    expect(r.changed).toBe(r.answers);
    expect((await db().select().from(answerTags).where(eq(answerTags.themeId, t.id))).every((g) => g.status === "confirmed" && g.source === "manual")).toBe(true);
    const again = await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "tag", themeId: t.id, q: "library", responseIds: [] }, officer());
    expect(again.changed).toBe(0); // a second submit adds nothing
    const removed = await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "untag", themeId: t.id, q: "library", responseIds: [] }, officer());
    expect(removed.changed).toBe(r.answers);
  });

  it("tags a selection, marks it analysed (bumping each answer's version) and splits it off into a new theme", async () => {
    const t = await createTheme(db(), { consultationId, questionId: openId, name: "Buses (selection)" }, officer());
    const ids = [await answerWith("bus service"), await answerWith("bus route")];
    const before = await readAnswerTags(db(), { responseId: ids[0]!, questionId: openId });
    await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "tag", themeId: t.id, responseIds: ids }, officer());
    await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "analysed", themeId: null, responseIds: ids }, officer());
    const after = await readAnswerTags(db(), { responseId: ids[0]!, questionId: openId });
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.analysed).toBe(true);
    const split = await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "split", themeId: t.id, newName: "Evening buses", responseIds: [ids[1]!] }, officer());
    expect(split).toMatchObject({ op: "split", changed: 1, themeName: "Evening buses" });
    const tags = await listAnswerTags(db(), { consultationId, questionId: openId, responseIds: ids }, officer());
    expect(tags.get(ids[1]!)!.tags.map((x) => x.themeName)).toContain("Evening buses");
    expect(tags.get(ids[1]!)!.tags.map((x) => x.themeName)).not.toContain("Buses (selection)");
  });

  it("tags a passage given as copied words, ignoring case and line breaks, and refuses words not in the answer", async () => {
    expect(findPassage("The Car Park is\nfull.", "car park is full")).toEqual({ start: 4, end: 20 });
    expect(findPassage("abc", "xyz")).toBeNull();
    const t = await themeNamed("Parking charges in the town centre");
    const id = await answerWith("first hour");
    // The answer's themes change after the page was drawn (the officer's own "Save themes", say):
    // a passage only adds, so it is tagged all the same, beside what was saved.
    const before = await readAnswerTags(db(), { responseId: id, questionId: openId });
    await setAnswerTags(db(), { responseId: id, questionId: openId, themeIds: [t.id], analysed: true, baseVersion: before.version }, officer());
    // (A page drawn before that save posts the older version, as a form field: it is not read.)
    const posted = passageTagFormSchema.parse({ consultationId, questionId: openId, responseId: id, themeId: t.id, quote: "FIRST HOUR", baseVersion: String(before.version) });
    const state = await tagPassageByQuote(db(), posted, officer());
    expect(state.tags.find((x) => x.passageText)!.passageText!.toLowerCase()).toBe("first hour");
    expect(state.tags.some((x) => x.themeId === t.id && x.passageStart === null)).toBe(true);
    expect(state.analysed).toBe(true);
    await expect(tagPassageByQuote(db(), { consultationId, questionId: openId, responseId: id, themeId: t.id, quote: "not in there at all" }, officer())).rejects.toMatchObject({
      fieldErrors: { quote: "Those words are not in the answer: copy them exactly" },
    });
  });
});

describe("who may see and change the analysis", () => {
  it("lets scrutiny read the codeframe but not change it, and refuses partners", async () => {
    expect((await getCodeframe(db(), { consultationId, questionId: openId }, s.actors.scrutiny)).canEdit).toBe(false);
    const t = await themeNamed("Dog fouling");
    for (const who of [s.actors.scrutiny, s.actors.partner]) {
      await expect(createTheme(db(), { consultationId, questionId: openId, name: "Not allowed" }, who)).rejects.toThrow(ForbiddenError);
      await expect(bulkTagAnswers(db(), { consultationId, questionId: openId, op: "tag", themeId: t.id, q: "dog", responseIds: [] }, who)).rejects.toThrow(ForbiddenError);
    }
    await expect(getCodeframe(db(), { consultationId, questionId: openId }, s.actors.partner)).rejects.toThrow(ForbiddenError);
  });

  it("hides the codeframe, counts and quotes from another council's officers", async () => {
    await expect(getCodeframe(db(), { consultationId, questionId: openId }, otherOfficer)).rejects.toThrow(ForbiddenError);
    await expect(countThemes(db(), { consultationId, questionId: openId }, otherOfficer)).rejects.toThrow(ForbiddenError);
    await expect(listThemeQuotes(db(), { consultationId, questionId: openId }, otherOfficer)).rejects.toThrow(ForbiddenError);
    await expect(createTheme(db(), { consultationId, questionId: openId, name: "Intruder" }, otherOfficer)).rejects.toThrow(ForbiddenError);
  });
});

describe("the API", () => {
  const themesPath = () => `/consultations/${consultationId}/questions/${openId}/themes`;
  const tagsPath = (r: string) => `/consultations/${consultationId}/questions/${openId}/answers/${r}/tags`;
  const params = (r?: string) => ({ id: consultationId, questionId: openId, ...(r ? { responseId: r } : {}) });

  it("reads a question's themes with counts for a council key, and refuses partners' and other councils' keys", async () => {
    const ok = await call(getThemes, "GET", themesPath(), { key: keys.councilRead, params: params() });
    expect(ok.status).toBe(200);
    expect(ok.body.answered).toBe(ANALYSIS_DEMO_ANSWERS);
    expect(ok.body.themes.find((t: { name: string }) => t.name.startsWith("Parking")).byOrganisationType.business).toBeGreaterThan(0);
    expect((await call(getThemes, "GET", themesPath(), { key: keys.police, params: params() })).status).toBe(403);
    expect((await call(getThemes, "GET", themesPath(), { key: keys.other, params: params() })).status).toBe(403);
  });

  it("sets an answer's tags with If-Match, answers a stale one with 412 and the stored tags, and needs a write key", async () => {
    const id = await answerWith("recycling");
    const bins = await themeNamed("Bin collections and recycling");
    const got = await call(getTags, "GET", tagsPath(id), { key: keys.council, params: params(id) });
    expect(got.status).toBe(200);
    const etag = got.res.headers.get("etag")!;
    expect(etag).toBe(`"${got.body.version}"`);
    const put = await call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), headers: { "if-match": etag }, body: { themeIds: [bins.id], analysed: true } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ analysed: true, tags: [{ themeId: bins.id, status: "confirmed", source: expect.any(String) }] });
    // The same PUT sent again (its answer lost, say) finds it already applied: 200 with what is
    // stored, nothing changed (RFC 9110, 13.1.1), not a 412.
    const again = await call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), headers: { "if-match": etag }, body: { themeIds: [bins.id], analysed: true } });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(put.body.version);
    const stale = await call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), headers: { "if-match": etag }, body: { themeIds: [] } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details.current.tags[0].themeName).toBe(bins.name);
    expect((await call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), body: { themeIds: [] } })).status).toBe(428);
    expect((await call(putTags, "PUT", tagsPath(id), { key: keys.councilRead, params: params(id), headers: { "if-match": put.res.headers.get("etag")! }, body: { themeIds: [] } })).status).toBe(403);
    expect((await call(putTags, "PUT", tagsPath(id), { key: keys.police, params: params(id), headers: { "if-match": put.res.headers.get("etag")! }, body: { themeIds: [] } })).status).toBe(403);
    expect((await call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), headers: { "if-match": put.res.headers.get("etag")! }, body: { themeIds: ["nope"] } })).status).toBe(422);
    expect((await call(getTags, "GET", tagsPath(s.odpm.id), { key: keys.council, params: params(s.odpm.id) })).status).toBe(404);
  });

  it("lets exactly one of two simultaneous PUTs with the same If-Match through, every time", async () => {
    const id = await answerWith("flooding");
    const [a, b] = [await themeNamed("Flooding and drainage"), await themeNamed("Dog fouling")];
    for (let trial = 0; trial < 10; trial++) {
      const { version } = await readAnswerTags(db(), { responseId: id, questionId: openId });
      const put = (themeId: string) => call(putTags, "PUT", tagsPath(id), { key: keys.council, params: params(id), headers: { "if-match": `"${version}"` }, body: { themeIds: [themeId] } });
      const results = await Promise.all([put(a.id), put(b.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    }
  });
});

describe("the collated report", () => {
  it("shows each question's themes with counts and quotes, hostile names escaped", async () => {
    const hostile = await createTheme(db(), { consultationId, questionId: openId, name: `<script>alert("x")</script> =cmd|' /C calc'!A0` }, officer());
    await bulkTagAnswers(db(), { consultationId, questionId: openId, op: "tag", themeId: hostile.id, q: "bins", responseIds: [] }, officer());
    const doc = await loadCollatedReport(db(), consultationId, officer());
    const q1 = doc.chapters.flatMap((c) => c.groups.flatMap((g) => g.questions)).find((q) => q.number === "1")!;
    expect(q1.themes.length).toBeGreaterThan(10);
    expect(q1.themes[0]!.answers).toBeGreaterThanOrEqual(q1.themes[1]!.answers);
    expect(q1.themes[0]!.quotes.length).toBe(2);
    const html = collatedReportHtml(doc);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert");
    expect(html).toContain("Themes partners raised");
  });
});

describe("the responses export", () => {
  it("has a column per theme: Yes when confirmed, Suggested when only a rule or suggestion tagged it", async () => {
    const text = await new Response(responsesCsvStream(db(), { consultationId }, "wide")).text();
    const rows = parseCsv(text.replace(/^\uFEFF/, ""));
    const header = rows[0]!;
    const col = header.indexOf("1 theme: Parking charges in the town centre");
    expect(col).toBeGreaterThan(0);
    const values = new Set(rows.slice(1).map((r) => r[col] ?? ""));
    expect([...values].sort()).toEqual(["", "Suggested", "Yes"]);
    const [c] = await db().select().from(consultations).where(eq(consultations.id, consultationId));
    expect(c).toBeTruthy();
    const submitted = await db().select().from(responses).where(eq(responses.consultationId, consultationId));
    expect(rows.length - 1).toBe(submitted.length);
  });
});

describe("the share analysed, from the answer counts summary", () => {
  // The figures as the pages counted them before the summary (every answer read), for comparison.
  const byHand = async () => {
    const [frame] = (
      (await db().execute(sql`select count(*)::int as answered,
          (count(*) filter (where exists (select 1 from answer_analysis x where x.response_id = a.response_id and x.question_id = a.question_id and x.analysed)))::int as analysed,
          (count(*) filter (where exists (select 1 from answer_tags g where g.response_id = a.response_id and g.question_id = a.question_id)))::int as tagged
        from answers a join responses r on r.id = a.response_id
        where a.question_id = ${openId} and r.status = 'submitted' and a.value_text <> ''`)) as unknown as { rows: { answered: number; analysed: number; tagged: number }[] }
    ).rows;
    const [overall] = (
      (await db().execute(sql`select count(*)::int as answered, (count(x.response_id) filter (where x.analysed))::int as analysed
        from answers a join responses r on r.id = a.response_id
        left join answer_analysis x on x.response_id = a.response_id and x.question_id = a.question_id
        where a.question_id = ${openId} and r.status = 'submitted'`)) as unknown as { rows: { answered: number; analysed: number }[] }
    ).rows;
    return { frame: frame!, overall: overall! };
  };

  it("leaves out drafts and empty answers as counting the answers did, analysed and tagged ones too", async () => {
    const theme = await themeNamed("Parking charges in the town centre");
    const made: string[] = [];
    // A draft with text, analysed and tagged; a submitted answer with no text, analysed and tagged.
    for (const [status, text] of [["draft", "A draft about parking"], ["submitted", ""]] as const) {
      const [org] = await db().insert(organisations).values({ name: `Progress ${status}`, type: "parish" }).returning();
      const [r] = await db()
        .insert(responses)
        .values({ consultationId, organisationId: org!.id, status, reference: status === "submitted" ? `PROGRESS-${Date.now()}` : null, revision: status === "submitted" ? 1 : 0, submittedAt: status === "submitted" ? new Date() : null })
        .returning();
      made.push(r!.id);
      await db().execute(sql`insert into answers (response_id, question_id, value, value_text) values (${r!.id}, ${openId}, ${JSON.stringify(text)}::jsonb, ${text})`);
      await db().execute(sql`insert into answer_analysis (response_id, question_id, analysed, version) values (${r!.id}, ${openId}, true, 2)`);
      await db().insert(answerTags).values({ themeId: theme.id, responseId: r!.id, questionId: openId });
    }
    try {
      const hand = await byHand();
      const frame = await getCodeframe(db(), { consultationId, questionId: openId }, officer());
      expect(frame.progress).toMatchObject(hand.frame);
      expect(frame.progress.answered).toBe(ANALYSIS_DEMO_ANSWERS);
      const progress = await getAnalysisProgress(db(), { consultationId }, officer());
      expect(progress.get(openId)).toMatchObject(hand.overall);
      // The empty submitted answer is an answer (the overall count), not one with text (the codeframe's).
      expect(hand.overall.answered).toBe(ANALYSIS_DEMO_ANSWERS + 1);
    } finally {
      await db().delete(responses).where(sql`${responses.id} in (${sql.join(made.map((id) => sql`${id}::uuid`), sql`, `)})`);
    }
    expect((await getCodeframe(db(), { consultationId, questionId: openId }, officer())).progress).toMatchObject((await byHand()).frame);
  });
});

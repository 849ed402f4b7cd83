// Collation on PGlite or Postgres (DATABASE_URL): response counts, closed-question counts,
// keyset paging of answers, filters, and full-text search with ranking and highlighting.
import { eq, sql, type SQL } from "drizzle-orm";
import { renderSql } from "../../db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, invitations, organisations, questions, responses, stages, users } from "../../db/schema";
import { ensurePublicOrganisation } from "../public/organisation";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { questionSetSchema } from "../question-sets/schema";
import {
  countResponsesByOrganisationType,
  getResponseForCouncil,
  HIGHLIGHT_START,
  HIGHLIGHT_STOP,
  listQuestionAnswers,
  listQuestionsWithAnswerCounts,
  listResponseOrganisations,
  type ResponseListRow,
  EXCERPT_OPTIONS,
  EXCERPT_RADIUS,
  SEARCH_COUNT_CAP,
  searchAnswers,
  type SearchInput,
  splitHighlights,
  summariseQuestion,
} from "./queries";
import { odpmSetup } from "./testing";

let s: Awaited<ReturnType<typeof odpmSetup>>;
let survey: { id: string; q: Record<string, string>; stageIds: string[] };
const db = () => s.t.db;

// Six partner organisations answer a questionnaire with one question of each closed type.
const PARTNERS = [
  { name: "Test Police A", type: "police" },
  { name: "Test Health B", type: "health" },
  { name: "Test CVS C", type: "voluntary_sector" },
  { name: "Test Parish D", type: "parish" },
  { name: "Test Parish E", type: "parish" },
  { name: "Test Business F", type: "business" },
] as const;

beforeAll(async () => {
  s = await odpmSetup();
  const council = s.actors.officer.memberships[0].organisationId;
  const set = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: "Collation test questionnaire",
    kind: "questionnaire",
    stages: [
      { name: "First round", startsOn: "2020-01-01", dueOn: "2020-01-31" },
      { name: "Second round", startsOn: "2020-02-01", dueOn: "2099-12-31" },
    ],
    chapters: [
      {
        title: "Everything",
        questions: [
          { number: "1", type: "single_choice", text: "Commitment?", options: ["Increase", "Stay the same", "Reduce"] },
          { number: "2", type: "multiple_choice", text: "Themes?", options: ["Health", "Housing", "Safety"] },
          { number: "3", type: "yes_no", text: "Support?" },
          { number: "4", type: "rag_status", text: "Progress?" },
          { number: "5", type: "agreement_scale", text: "Agree?" },
          { number: "6", type: "long_text", text: "Views?" },
        ],
      },
    ],
  });
  const c = await createConsultationFromQuestionSet(db(), set, { ownerOrganisationId: council, actorId: s.actors.officer.id, slug: "collation-test" });
  await publishConsultation(db(), c.id, s.actors.officer.id);
  const qs = await db().select().from(questions).where(eq(questions.consultationId, c.id));
  const q = Object.fromEntries(qs.map((x) => [x.number, x.id]));
  const st = await db().select().from(stages).where(eq(stages.consultationId, c.id)).orderBy(stages.position);
  survey = { id: c.id, q, stageIds: st.map((x) => x.id) };

  const values: [unknown, string][][] = [
    // single, multiple, yes/no, rag, agreement, long text
    [["Increase", "Increase"], [["Health", "Housing"], "Health; Housing"], [{ answer: "Yes", explanation: "" }, "Yes"], [{ status: "Green", commentary: "On track" }, "Green: On track"], ["Agree", "Agree"], ["Housing, housing and more housing: the housing need is urgent.", ""]],
    [["Increase", "Increase"], [["Health"], "Health"], [{ answer: "No", explanation: "Budget" }, "No – Budget"], [{ status: "Amber", commentary: "" }, "Amber"], ["Agree", "Agree"], ["We mention housing once, among health priorities.", ""]],
    [["Reduce", "Reduce"], [["Health", "Housing", "Safety"], "Health; Housing; Safety"], [{ answer: "Yes", explanation: "" }, "Yes"], [{ status: "Green", commentary: "" }, "Green"], ["Strongly agree", "Strongly agree"], ["Volunteers need <script>alert(1)</script> training & support.", ""]],
    [["Stay the same", "Stay the same"], [["Safety"], "Safety"], [{ answer: "Yes", explanation: "" }, "Yes"], [{ status: "Red", commentary: "" }, "Red"], ["Disagree", "Disagree"], ["Parish plans should lead neighbourhood engagement.", ""]],
    [["Retired option", "Retired option"], [["Housing"], "Housing"], [{ answer: "Yes", explanation: "" }, "Yes"], [{ status: "Achieved", commentary: "" }, "Achieved"], ["Agree", "Agree"], ["Transport matters most to rural parishes.", ""]],
    [["Increase", "Increase"], [["Health"], "Health"], [{ answer: "No", explanation: "" }, "No"], [{ status: "Green", commentary: "" }, "Green"], ["Agree", "Agree"], ["Business rates and town centre footfall.", ""]],
  ];
  for (const [i, p] of PARTNERS.entries()) {
    const [org] = await db().insert(organisations).values({ name: p.name, type: p.type }).returning();
    // The business has only a draft; the first four answered in the second round, the fifth in the first.
    const submitted = p.type !== "business";
    const [r] = await db()
      .insert(responses)
      .values({
        consultationId: c.id,
        organisationId: org.id,
        status: submitted ? "submitted" : "draft",
        reference: submitted ? `TEST-${i}` : null,
        revision: submitted ? 1 : 0,
        submittedAt: submitted ? new Date() : null,
      })
      .returning();
    const at = i === 4 ? new Date("2020-01-15T12:00:00Z") : new Date();
    await db()
      .insert(answers)
      .values(
        values[i].map(([value, text], n) => ({
          responseId: r.id,
          questionId: q[String(n + 1)],
          value,
          valueText: text || (value as string),
          updatedAt: at,
        })),
      );
  }
});
afterAll(async () => s?.t.close());

describe("responses overview", () => {
  it("counts invited, not started, drafting and submitted organisations by type (ODPM demo)", async () => {
    const { byType, totals } = await countResponsesByOrganisationType(db(), { consultationId: s.odpm.id }, s.actors.officer);
    const get = (t: string) => byType.find((r) => r.organisationType === t)!;
    expect(get("voluntary_sector")).toMatchObject({ invited: 1, submitted: 1, drafting: 0, notStarted: 0 });
    expect(get("parish")).toMatchObject({ invited: 1, submitted: 1 });
    expect(get("health")).toMatchObject({ invited: 1, drafting: 1 });
    expect(get("police")).toMatchObject({ invited: 1, notStarted: 1 });
    expect(totals).toMatchObject({ invited: 4, submitted: 2, drafting: 1, notStarted: 1, organisations: 4 });
  });

  it("lists organisations by name, keyset-paged, filterable by status", async () => {
    const first = await listResponseOrganisations(db(), { consultationId: s.odpm.id, limit: 3 }, s.actors.signatory);
    expect(first.rows.map((r) => r.organisationName)).toEqual([
      "Chorley and South Ribble Primary Care Trust",
      "Chorley Council for Voluntary Service",
      "Croston Parish Council",
    ]);
    expect(first.rows[0]).toMatchObject({ status: "draft", answerCount: 2 });
    expect(first.rows[1]).toMatchObject({ status: "submitted", answerCount: 5, contactsInvited: 1 });
    const second = await listResponseOrganisations(db(), { consultationId: s.odpm.id, limit: 3, after: first.nextCursor! }, s.actors.signatory);
    expect(second.rows.map((r) => r.organisationName)).toEqual(["Lancashire Constabulary"]);
    expect(second.rows[0]).toMatchObject({ status: null, responseId: null, contactsInvited: 2 });
    expect(second.nextCursor).toBeNull();
    const submitted = await listResponseOrganisations(db(), { consultationId: s.odpm.id, status: "submitted" }, s.actors.scrutiny);
    expect(submitted.rows).toHaveLength(2);
    await expect(listResponseOrganisations(db(), { consultationId: s.odpm.id, after: "garbage" }, s.actors.officer)).rejects.toBeInstanceOf(InvalidError);
  });

  it("opens one response read-only for the council, never for a partner", async () => {
    const { rows } = await listResponseOrganisations(db(), { consultationId: s.odpm.id, status: "submitted" }, s.actors.officer);
    const r = await getResponseForCouncil(db(), { consultationId: s.odpm.id, responseId: rows[0].responseId! }, s.actors.scrutiny);
    expect(r.answers.size).toBeGreaterThan(0);
    await expect(getResponseForCouncil(db(), { consultationId: s.odpm.id, responseId: rows[0].responseId! }, s.actors.cvs)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("responses list of a consultation the public answers", () => {
  // Partners and members of the public: every public response belongs to the council's one
  // "Members of the public", so the list's order and its cursor must tell them apart.
  const PUBLIC_RESPONSES = 60;
  let consultationId: string;
  let publicOrg: { id: string; name: string };
  /** The public's responses in insertion order (i), and in the list's: by when started, then by id. */
  let publicIds: string[];
  let publicInOrder: string[];

  beforeAll(async () => {
    const council = s.actors.officer.memberships[0].organisationId;
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Public paging test",
      kind: "questionnaire",
      chapters: [{ title: "Only", questions: [{ number: "1", type: "long_text", text: "Views?" }, { number: "2", type: "yes_no", text: "Agree?" }] }],
    });
    const c = await createConsultationFromQuestionSet(db(), set, { ownerOrganisationId: council, actorId: s.actors.officer.id, slug: "public-paging-test" });
    await publishConsultation(db(), c.id, s.actors.officer.id);
    consultationId = c.id;
    const qs = await db().select().from(questions).where(eq(questions.consultationId, c.id));
    publicOrg = await ensurePublicOrganisation(db(), council);
    // Partners around the public's name: two responding, one only invited.
    const partner = async (name: string, type: "police" | "parish" | "health", status: "draft" | "submitted" | null) => {
      const [org] = await db().insert(organisations).values({ name, type }).returning();
      if (status) {
        await db().insert(responses).values({ consultationId: c.id, organisationId: org.id, status, reference: status === "submitted" ? `PP-${name}` : null, revision: status === "submitted" ? 1 : 0, submittedAt: status === "submitted" ? new Date() : null });
      } else {
        const [u] = await db().insert(users).values({ email: `contact-${org.id}@partner.example`, name: "Contact" }).returning();
        await db().insert(invitations).values({ consultationId: c.id, organisationId: org.id, userId: u.id });
      }
    };
    await partner("Alpha Paging Trust", "health", "submitted");
    await partner("beta paging police", "police", null);
    await partner("Zeta Paging Parish", "parish", "draft");
    // The public's responses, three started in each second (ties broken by id), some submitted
    // and some with answers.
    const people = await db()
      .insert(users)
      .values(Array.from({ length: PUBLIC_RESPONSES }, (_, i) => ({ email: `paging-${i}@public.example` })))
      .returning();
    const rows = await db()
      .insert(responses)
      .values(
        people.map((u, i) => ({
          consultationId: c.id,
          organisationId: publicOrg.id,
          respondentUserId: u.id,
          status: i % 2 ? ("submitted" as const) : ("draft" as const),
          reference: i % 2 ? `PUB-PAGING-${i}` : null,
          revision: i % 2,
          submittedAt: i % 2 ? new Date(Date.UTC(2024, 0, 2, 0, 0, i)) : null,
          createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, Math.floor(i / 3))),
        })),
      )
      .returning();
    publicIds = rows.map((r) => r.id);
    publicInOrder = rows
      .map((r, i) => ({ id: r.id, second: Math.floor(i / 3) }))
      .sort((a, b) => a.second - b.second || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    await db()
      .insert(answers)
      .values(rows.filter((_, i) => i % 10 === 0).flatMap((r) => qs.map((q) => ({ responseId: r.id, questionId: q.id, value: "Yes", valueText: "Yes" }))));
  });

  /** Every page of the list, by following "next" as the page's pager does. */
  async function allPages(input: { status?: "not_started" | "draft" | "submitted"; organisationType?: "public" | "police"; limit?: number } = {}) {
    const pages: ResponseListRow[][] = [];
    let after: string | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await listResponseOrganisations(db(), { consultationId, ...input, after }, s.actors.officer);
      pages.push(page.rows);
      if (!page.nextCursor) return pages;
      after = page.nextCursor;
    }
    throw new Error("the pages never end");
  }

  it("visits every public response exactly once when paging with next, past the first page", async () => {
    const pages = await allPages();
    expect(pages.length).toBeGreaterThan(2);
    const rows = pages.flat();
    const seen = rows.filter((r) => r.organisationId === publicOrg.id).map((r) => r.responseId);
    expect(seen).toHaveLength(PUBLIC_RESPONSES);
    expect(new Set(seen)).toEqual(new Set(publicIds));
    // Each row has a key of its own (the page's React key), and the partners are all there once.
    const keys = rows.map((r) => r.responseId ?? r.organisationId);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows).toHaveLength(PUBLIC_RESPONSES + 3);
    // The public's responses in the order they were started, with their own answer counts.
    expect(seen).toEqual(publicInOrder);
    const counted = rows.filter((r) => r.organisationId === publicOrg.id && r.answerCount > 0).map((r) => r.responseId);
    expect(new Set(counted)).toEqual(new Set(publicIds.filter((_, i) => i % 10 === 0)));
    expect(rows.find((r) => r.responseId === publicIds[0])).toMatchObject({ answerCount: 2, status: "draft", contactsInvited: 0 });
    expect(rows.find((r) => r.responseId === publicIds[1])).toMatchObject({ answerCount: 0, status: "submitted", reference: "PUB-PAGING-1" });
  });

  it("keeps partners in organisation name order around the public's responses, whatever the page size", async () => {
    for (const limit of [1, 2, 7, 25]) {
      const rows = (await allPages({ limit })).flat();
      const names = [...new Set(rows.map((r) => r.organisationName))];
      expect(names).toEqual(["Alpha Paging Trust", "beta paging police", publicOrg.name, "Zeta Paging Parish"]);
      // Grouped: an organisation's rows are never split by another's.
      expect(rows.map((r) => r.organisationName).filter((n, i, all) => n !== all[i - 1])).toEqual(names);
      expect(rows.filter((r) => r.organisationId === publicOrg.id).map((r) => r.responseId)).toEqual(publicInOrder);
    }
    const notStarted = (await allPages({ status: "not_started" })).flat();
    expect(notStarted.map((r) => [r.organisationName, r.responseId, r.contactsInvited])).toEqual([["beta paging police", null, 1]]);
  });

  it("pages the filtered lists the same way: submitted, drafts, and the public alone", async () => {
    const submittedPublic = publicInOrder.filter((id) => publicIds.indexOf(id) % 2 === 1);
    const draftPublic = publicInOrder.filter((id) => publicIds.indexOf(id) % 2 === 0);
    const submitted = (await allPages({ status: "submitted", limit: 4 })).flat();
    expect(submitted.map((r) => r.responseId)).toEqual([expect.any(String), ...submittedPublic]);
    expect(submitted[0].organisationName).toBe("Alpha Paging Trust");
    const drafts = (await allPages({ status: "draft", limit: 4 })).flat();
    expect(drafts.map((r) => r.organisationName)).toEqual([...draftPublic.map(() => publicOrg.name), "Zeta Paging Parish"]);
    expect(drafts.slice(0, -1).map((r) => r.responseId)).toEqual(draftPublic);
    const onlyPublic = (await allPages({ organisationType: "public", limit: 9 })).flat();
    expect(onlyPublic.map((r) => r.responseId)).toEqual(publicInOrder);
  });

  it("shows a response started while the officer pages, once, and none twice", async () => {
    const first = await listResponseOrganisations(db(), { consultationId, limit: 10 }, s.actors.officer);
    const [u] = await db().insert(users).values({ email: "paging-late@public.example" }).returning();
    const [late] = await db().insert(responses).values({ consultationId, organisationId: publicOrg.id, respondentUserId: u.id }).returning();
    try {
      const rest: ResponseListRow[] = [];
      let after = first.nextCursor;
      while (after) {
        const page = await listResponseOrganisations(db(), { consultationId, limit: 10, after }, s.actors.officer);
        rest.push(...page.rows);
        after = page.nextCursor;
      }
      const ids = [...first.rows, ...rest].filter((r) => r.organisationId === publicOrg.id).map((r) => r.responseId);
      expect(ids).toEqual([...publicInOrder, late.id]);
    } finally {
      await db().delete(responses).where(eq(responses.id, late.id));
    }
  });

  it("answers a page link it did not make with a message, never a database error", async () => {
    const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v), "utf8").toString("base64url");
    const uuid = publicOrg.id;
    for (const after of [
      "garbage",
      "%%%",
      b64("not json"),
      b64(null),
      b64({}),
      b64([]),
      b64(["name"]),
      b64(["name", "not-a-uuid"]),
      b64([1, uuid]),
      b64(["name", uuid, "2024-13-45T99:00:00.000000Z", uuid]),
      b64(["name", uuid, "yesterday", uuid]),
      b64(["name", uuid, "2024-02-30T00:00:00.000000Z", uuid]),
      b64(["name", uuid, "2024-01-01T00:00:00Z", uuid]),
      b64(["name", uuid, null, null]),
      b64(["name", uuid, "2024-01-01T00:00:00.000000Z", "nope"]),
      b64(["name", uuid, "2024-01-01T00:00:00.000000Z"]),
      b64(["x".repeat(5_000), uuid]),
      b64(["name\u0000", uuid]),
      "x".repeat(10_000),
    ]) {
      await expect(listResponseOrganisations(db(), { consultationId, after }, s.actors.officer), after.slice(0, 40)).rejects.toBeInstanceOf(InvalidError);
    }
  });
});

describe("closed-question counts", () => {
  const summary = (n: string, filter = {}) => summariseQuestion(db(), { consultationId: survey.id, questionId: survey.q[n], filter }, s.actors.officer);

  it("counts each option of a single choice, zeros included, with percentages of those who answered", async () => {
    const r = await summary("1");
    expect(r.answered).toBe(5);
    expect(r.options).toEqual([
      { option: "Increase", count: 2, percent: 40, offered: true },
      { option: "Stay the same", count: 1, percent: 20, offered: true },
      { option: "Reduce", count: 1, percent: 20, offered: true },
      { option: "Retired option", count: 1, percent: 20, offered: false },
    ]);
  });

  it("counts ticks of a multiple choice against respondents (percentages add to more than 100)", async () => {
    const r = await summary("2");
    expect(r.answered).toBe(5);
    expect(r.countLabel).toBe("ticked");
    expect(Object.fromEntries(r.options!.map((o) => [o.option, o.count]))).toEqual({ Health: 3, Housing: 3, Safety: 2 });
    expect(r.options!.reduce((t, o) => t + o.percent, 0)).toBeGreaterThan(100);
  });

  it("counts yes/no, RAG status and the agreement scale", async () => {
    expect((await summary("3")).options!.map((o) => [o.option, o.count])).toEqual([["Yes", 4], ["No", 1]]);
    expect((await summary("4")).options!.map((o) => [o.option, o.count])).toEqual([["Red", 1], ["Amber", 1], ["Green", 2], ["Achieved", 1]]);
    const agree = await summary("5");
    expect(agree.options!.map((o) => o.option)).toEqual(["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]);
    expect(agree.options!.find((o) => o.option === "Agree")!.count).toBe(3);
  });

  it("filters by organisation type, response status and stage", async () => {
    expect((await summary("1", { organisationType: "parish" })).answered).toBe(2);
    expect((await summary("1", { responseStatus: "all" })).answered).toBe(6);
    expect((await summary("1", { responseStatus: "draft" })).options!.find((o) => o.option === "Increase")!.count).toBe(1);
    expect((await summary("1", { stageId: survey.stageIds[0] })).answered).toBe(1);
    expect((await summary("1", { stageId: survey.stageIds[1] })).answered).toBe(4);
    await expect(summary("1", { organisationType: "pirates" })).rejects.toBeInstanceOf(InvalidError);
  });

  it("gives open questions an answer count and no options", async () => {
    expect(await summary("6")).toEqual({ answered: 5, options: null, countLabel: null });
    expect((await summary("6", { responseStatus: "all" })).answered).toBe(6);
  });

  it("refuses, as the page does, before any count is shown: another council's officer, a partner, an unknown consultation or question, a bad status", async () => {
    const ask = (actor: typeof s.actors.officer, consultationId = survey.id, questionId = survey.q["1"]!, filter = {}) =>
      summariseQuestion(db(), { consultationId, questionId, filter }, actor);
    await expect(ask(s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const elsewhere = { ...s.actors.officer, memberships: s.actors.officer.memberships.map((m) => ({ ...m, organisationId: "00000000-0000-4000-8000-00000000c0c2" })) };
    await expect(ask(elsewhere)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ask(s.actors.officer, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(/Consultation/);
    await expect(ask(s.actors.officer, survey.id, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(/Question/);
    // A question of another consultation is not found in this one.
    await expect(ask(s.actors.officer, survey.id, s.q("1").id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ask(s.actors.officer, survey.id, survey.q["1"]!, { responseStatus: "everything" })).rejects.toBeInstanceOf(InvalidError);
  });

  it("counts answers per question for the collation index", async () => {
    const rows = await listQuestionsWithAnswerCounts(db(), { consultationId: survey.id }, s.actors.officer);
    expect(rows.map((r) => r.answerCount)).toEqual([5, 5, 5, 5, 5, 5]);
    // The index-only path (no type or stage filter) agrees with the join path.
    const count = async (filter: object) =>
      (await listQuestionsWithAnswerCounts(db(), { consultationId: survey.id, filter }, s.actors.officer)).map((r) => r.answerCount);
    expect(await count({ responseStatus: "all" })).toEqual([6, 6, 6, 6, 6, 6]);
    expect(await count({ responseStatus: "draft" })).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await count({ organisationType: "parish" })).toEqual([2, 2, 2, 2, 2, 2]);
    expect(await count({ organisationType: "business", responseStatus: "all" })).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await summariseQuestion(db(), { consultationId: survey.id, questionId: survey.q["6"], filter: { responseStatus: "draft" } }, s.actors.officer)).answered).toBe(1);
  });
});

describe("partner answers, paged", () => {
  it("pages forwards and back by keyset without gaps or repeats", async () => {
    const input = { consultationId: survey.id, questionId: survey.q["6"], limit: 2 };
    const p1 = await listQuestionAnswers(db(), input, s.actors.officer);
    const p2 = await listQuestionAnswers(db(), { ...input, after: p1.nextCursor! }, s.actors.officer);
    const p3 = await listQuestionAnswers(db(), { ...input, after: p2.nextCursor! }, s.actors.officer);
    expect(p1.prevCursor).toBeNull();
    expect(p3.nextCursor).toBeNull();
    const all = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.responseId);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    const back = await listQuestionAnswers(db(), { ...input, before: p3.prevCursor! }, s.actors.officer);
    expect(back.rows.map((r) => r.responseId)).toEqual(p2.rows.map((r) => r.responseId));
    expect(p1.rows[0].organisationName).toMatch(/^Test /);
  });

  it("is refused to a partner, and to an officer of another council", async () => {
    await expect(listQuestionAnswers(db(), { consultationId: survey.id, questionId: survey.q["6"] }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // The same person's roles, but in another council: the page's own check must refuse it.
    const elsewhere = { ...s.actors.officer, memberships: s.actors.officer.memberships.map((m) => ({ ...m, organisationId: "00000000-0000-4000-8000-00000000c0c2" })) };
    await expect(listQuestionAnswers(db(), { consultationId: survey.id, questionId: survey.q["6"] }, elsewhere)).rejects.toBeInstanceOf(ForbiddenError);
    // A question of another consultation is not found, not an empty page.
    await expect(listQuestionAnswers(db(), { consultationId: survey.id, questionId: "00000000-0000-4000-8000-000000000000" }, s.actors.officer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(searchAnswers(db(), { consultationId: survey.id, query: "housing" }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

/** The test database through a handle of its own that shows `seen` each statement's text before running it. */
function watching(seen: (text: string, q: SQL) => void) {
  return new Proxy(db(), {
    get(target, prop, receiver) {
      if (prop !== "execute") return Reflect.get(target, prop, receiver);
      return (q: SQL) => {
        seen(renderSql(q).sql, q);
        return target.execute(q);
      };
    },
  });
}

type PlanNode = { "Node Type": string; Output?: string[]; Plans?: PlanNode[] };

/** Every node of a statement's plan (EXPLAIN VERBOSE). */
async function planNodes(statement: SQL): Promise<PlanNode[]> {
  const [row] = ((await db().execute(sql`explain (verbose, format json) ${statement}`)) as unknown as { rows: Record<string, unknown>[] }).rows;
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n);
    n.Plans?.forEach(walk);
  };
  const json = Object.values(row!)[0];
  walk((typeof json === "string" ? JSON.parse(json) : json)[0].Plan);
  return nodes;
}

/** A search as the officer, and its page statement (the one that makes the excerpts) as searchAnswers sent it. */
async function searchCapturingPage(input: SearchInput) {
  let page: SQL | undefined;
  const capturing = watching((text, q) => {
    if (text.includes("ts_headline")) page = q;
  });
  const result = await searchAnswers(capturing, input, s.actors.officer);
  if (!page) throw new Error("the search sent no statement making excerpts");
  return { result, page };
}

describe("full-text search", () => {
  const search = (query: string, extra = {}) => searchAnswers(db(), { consultationId: survey.id, query, ...extra }, s.actors.officer);

  it("ranks the answer that is most about the words first, with stems matched", async () => {
    const r = await search("housing");
    const texts = r.rows.map((h) => splitHighlights(h.headline).map((p) => p.text).join(""));
    expect(r.rows[0].organisationName).toBe("Test Police A");
    expect(r.rows[0].rank).toBeGreaterThan(r.rows[r.rows.length - 1].rank);
    expect(texts.some((t) => t.includes("housing once"))).toBe(true);
    // "Housing" also matches the multiple-choice answers' text.
    expect(r.total).toBe(r.rows.length);
  });

  it("highlights each match between the markers, split into parts without HTML", async () => {
    const r = await search("transport");
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].headline).toContain(`${HIGHLIGHT_START}Transport${HIGHLIGHT_STOP}`);
    const parts = splitHighlights(r.rows[0].headline);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["Transport"]);
    // A short answer is shown whole, so nothing is marked as cut.
    expect(parts.map((p) => p.text).join("")).toContain("Transport matters most to rural parishes");
    expect(r.rows[0]).toMatchObject({ cutStart: false, cutEnd: false });
    // Stems: "parishes" finds "Parish plans" too.
    expect((await search("parishes")).rows.map((h) => h.organisationName).sort()).toEqual(["Test Parish D", "Test Parish E"]);
    const script = await search("volunteers training");
    // ts_headline drops tag-like text from excerpts; what is left is plain text parts, never HTML.
    const scriptText = splitHighlights(script.rows[0].headline).map((p) => p.text).join("");
    expect(scriptText).toContain("alert(1)");
    expect(splitHighlights(script.rows[0].headline).filter((p) => p.match).map((p) => p.text)).toEqual(["Volunteers", "training"]);
  });

  it("understands phrases and exclusions, and filters like the rest of collation", async () => {
    expect((await search('"neighbourhood engagement"')).rows.map((h) => h.organisationName)).toEqual(["Test Parish D"]);
    expect((await search("housing -health")).rows.every((h) => h.organisationName !== "Test Health B")).toBe(true);
    expect((await search("housing", { filter: { organisationType: "health" } })).rows.map((h) => h.organisationName)).toEqual(["Test Health B"]);
    expect((await search("housing", { questionId: survey.q["6"] })).rows.every((h) => h.questionId === survey.q["6"])).toBe(true);
    expect((await search("footfall")).rows).toHaveLength(0);
    expect((await search("footfall", { filter: { responseStatus: "all" } })).rows).toHaveLength(1);
  });

  it("pages by offset", async () => {
    const all = await search("housing");
    const p2 = await search("housing", { limit: 1, offset: 1 });
    expect(p2.rows[0].responseId).toBe(all.rows[1].responseId);
    expect(p2.hasMore).toBe(all.rows.length > 2);
  });

  it("asks Postgres for a search's plan once, and reuses it for its other pages and the same search again", async () => {
    // A handle of its own (a fresh store of plans) that counts the EXPLAINs it is sent.
    let explains = 0;
    const counting = watching((text) => {
      if (/^\s*explain/i.test(text)) explains++;
    });
    const run = (query: string, extra = {}) => searchAnswers(counting, { consultationId: survey.id, query, ...extra }, s.actors.officer);
    const all = await run("housing");
    expect(explains).toBe(1);
    const p2 = await run("housing", { limit: 1, offset: 1 });
    await run("housing");
    expect(explains).toBe(1);
    expect(p2.rows[0].responseId).toBe(all.rows[1].responseId);
    expect(p2.total).toBe(all.total);
    // Other words, another question or other filters are other searches, planned afresh.
    await run("parking");
    await run("housing", { questionId: survey.q["6"] });
    await run("housing", { filter: { responseStatus: "all" } });
    expect(explains).toBe(4);
  });

  it("makes each excerpt once a row: ts_headline is not copied into each column that reads it", async () => {
    // The page's statement as searchAnswers sends it, then its plan: pulled up into the select
    // list, the excerpt's sub-select would put ts_headline (which parses the whole answer) in
    // the plan once for the excerpt and once for each of the two "cut" flags.
    const { result, page } = await searchCapturingPage({ consultationId: survey.id, query: "housing" });
    expect(result.rows.length).toBeGreaterThan(0);
    const outputs = (await planNodes(page)).flatMap((n) => n.Output ?? []);
    // The excerpt (a long answer's window's, or else the whole answer's) is made in one node,
    // alone in an output of its own, and the window's function called in another; every other
    // output that shows it reads it from there (in parentheses): none applies a function to
    // the excerpt's making itself, as translate(COALESCE(...)) would for the "cut" flags.
    expect(outputs.filter((o) => o.startsWith("COALESCE((x.w).headline, ts_headline("))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes("search_excerpt_window("))).toHaveLength(1);
    expect(outputs.filter((o) => /\w\(COALESCE\(\(x\.w\)\.headline/.test(o))).toEqual([]);
  });

  it("makes excerpts for the rows shown only, not for the extra row that says there are more", async () => {
    const { result: shown, page } = await searchCapturingPage({ consultationId: survey.id, query: "housing", limit: 2 });
    expect(shown.rows).toHaveLength(2);
    expect(shown.hasMore).toBe(true);
    // The statement itself: three rows read (two shown, and the one that says there are more),
    // and an excerpt made for the two shown only (ts_headline gives none only when not run).
    const all = ((await db().execute(page)) as unknown as { rows: { headline: string | null }[] }).rows;
    expect(all).toHaveLength(3);
    expect(all.map((r) => r.headline === null)).toEqual([false, false, true]);
  });

  it("asks for words when the search is empty or too long, and finds nothing for stop words", async () => {
    await expect(search("   ")).rejects.toBeInstanceOf(InvalidError);
    await expect(search("x".repeat(201))).rejects.toBeInstanceOf(InvalidError);
    expect((await search("the")).rows).toEqual([]);
    // Odd punctuation never becomes an SQL error.
    expect((await search("housing & | ! ( ' \" :*")).rows.length).toBeGreaterThan(0);
  });

  it("uses the GIN index on answers.search", async () => {
    await db().execute(sql`set enable_seqscan = off`);
    const plan = (await db().execute(
      sql`explain select 1 from answers a where a.search @@ websearch_to_tsquery('english', 'housing')`,
    )) as unknown as { rows: Record<string, string>[] };
    await db().execute(sql`set enable_seqscan = on`);
    expect(plan.rows.map((r) => Object.values(r)[0]).join("\n")).toContain("answers_search_idx");
  });

  it("ranks and counts at most SEARCH_COUNT_CAP matches, and says there are more", async () => {
    const n = SEARCH_COUNT_CAP + 5;
    const orgs = await db().insert(organisations).values(Array.from({ length: n }, (_, i) => ({ name: `Test Many ${i}`, type: "other" as const }))).returning();
    const rs = await db().insert(responses).values(orgs.map((o) => ({ consultationId: survey.id, organisationId: o.id, status: "draft" as const }))).returning();
    await db().insert(answers).values(rs.map((r, i) => ({ responseId: r.id, questionId: survey.q["6"], value: `zanzibar ${"zanzibar ".repeat(i % 3)}note ${i}`, valueText: `zanzibar ${"zanzibar ".repeat(i % 3)}note ${i}` })));
    await db().execute(sql`analyze answers`);
    const first = await search("zanzibar", { filter: { responseStatus: "all" }, questionId: survey.q["6"] });
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsCapped: true, hasMore: true });
    expect(first.rows[0].rank).toBeGreaterThanOrEqual(first.rows[first.rows.length - 1].rank);
    // The pages of the ranked candidates follow on without a repeat, and end at the cap.
    const seen = new Set<string>();
    for (let offset = 0; offset < SEARCH_COUNT_CAP; offset += 25) {
      const page = await search("zanzibar", { filter: { responseStatus: "all" }, questionId: survey.q["6"], offset });
      for (const h of page.rows) seen.add(h.responseId);
    }
    expect(seen.size).toBe(SEARCH_COUNT_CAP);
    const past = await search("zanzibar", { filter: { responseStatus: "all" }, questionId: survey.q["6"], offset: SEARCH_COUNT_CAP });
    expect(past).toMatchObject({ rows: [], total: SEARCH_COUNT_CAP, totalIsCapped: true, hasMore: false });
    await db().delete(responses).where(sql`${responses.id} in ${rs.map((r) => r.id)}`);
    await db().delete(organisations).where(sql`${organisations.id} in ${orgs.map((o) => o.id)}`);
  });

  it("shows an excerpt around the match of a long answer, marked as cut at both ends", async () => {
    const [org] = await db().insert(organisations).values({ name: "Test Long Answer G", type: "other" }).returning();
    const [r] = await db().insert(responses).values({ consultationId: survey.id, organisationId: org.id, status: "draft" }).returning();
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
    const text = `${filler(80)} the allotments waiting list is far too long ${filler(80)}`;
    await db().insert(answers).values({ responseId: r.id, questionId: survey.q["6"], value: text, valueText: text });
    const hit = (await search("allotments", { filter: { responseStatus: "all" } })).rows[0];
    expect(hit).toMatchObject({ cutStart: true, cutEnd: true });
    const shown = splitHighlights(hit.headline).map((p) => p.text).join("");
    expect(shown).toContain("allotments waiting list");
    expect(shown.split(" ").length).toBeLessThanOrEqual(60);
  });

  describe("an answer longer than EXCERPT_WHOLE_UP_TO bytes", () => {
    const filler = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `word${from + i}`).join(" ");
    /** The window's excerpt of `text` (nulls where the window cannot be used), and the whole text's. */
    async function excerpts(text: string, query: string) {
      const tsq = sql`websearch_to_tsquery('english', ${query})`;
      const [row] = ((await db().execute(
        sql`select w.headline, w.source, w.cut_before as "cutBefore", w.cut_after as "cutAfter", ts_headline('english', ${text}, ${tsq}, ${EXCERPT_OPTIONS}) as whole
            from search_excerpt_window(${text}, ${tsq}, ${EXCERPT_RADIUS}, ${EXCERPT_OPTIONS}) w`,
      )) as unknown as { rows: { headline: string | null; source: string | null; cutBefore: boolean | null; cutAfter: boolean | null; whole: string }[] }).rows;
      return row!;
    }
    const marked = (headline: string) => splitHighlights(headline).filter((p) => p.match).map((p) => p.text);

    it("makes the excerpt from a window around the match, in whole words, and says what it leaves out", async () => {
      // 100,000 characters, the ceiling a question may set, with the match near the end.
      const text = `${filler(11_000)} the smallholdings waiting list is far too long ${filler(1_000, 11_000)}`;
      expect(text.length).toBeGreaterThan(100_000);
      const w = await excerpts(text, "smallholdings");
      expect(w).toMatchObject({ cutBefore: true, cutAfter: true });
      expect(marked(w.headline!)).toEqual(["smallholdings"]);
      const words = splitHighlights(w.headline!).map((p) => p.text).join("").trim().split(/\s+/);
      expect(words.join(" ")).toContain("smallholdings waiting list is far too long");
      expect(words.length).toBeLessThanOrEqual(50);
      // The window: whole words of the answer around the match, about the radius either side.
      expect(text).toContain(w.source!);
      expect(w.source!.split(" ").every((x) => /^(word\d+|the|smallholdings|waiting|list|is|far|too|long)$/.test(x))).toBe(true);
      expect(w.source!.length).toBeGreaterThan(EXCERPT_RADIUS);
      expect(w.source!.length).toBeLessThanOrEqual(2 * EXCERPT_RADIUS + 1);
      // Capitalised and in capitals it is found too; at the very start, nothing is left out before.
      expect(marked((await excerpts(`SMALLHOLDINGS first. ${filler(1_000)}`, "smallholdings")).headline!)).toEqual(["SMALLHOLDINGS"]);
      expect(await excerpts(`Smallholdings first. ${filler(1_000)}`, "smallholdings")).toMatchObject({ cutBefore: false, cutAfter: true });
      // Close together, two words share one window; a phrase too.
      expect(marked((await excerpts(`${filler(1_000)} smallholdings for tenants ${filler(100, 1_000)}`, "smallholdings tenants")).headline!)).toEqual(["smallholdings", "tenants"]);
      expect(marked((await excerpts(`${filler(1_000)} the sea level rises ${filler(100, 1_000)}`, '"sea level"')).headline!)).toEqual(["sea", "level"]);
      // The highlight's characters typed in the answer are taken out of the window.
      expect((await excerpts(`${filler(1_000)} smallholdings \uE000here\uE001 ${filler(100, 1_000)}`, "smallholdings")).source).not.toMatch(/[\uE000\uE001]/);
    });

    it("for a one-word query takes a word marked in the excerpt as its match, which is what parsing the excerpt says", async () => {
      // Answers of a few hundred characters with forms of "agree" and words that hold its stem
      // as text ("agriculture", "disagreeable"), in any case, at seeded random places.
      let x = 7;
      const next = (n: number) => ((x = (x * 48271) % 2147483647), Math.floor((x / 2147483647) * n));
      const words = ["agree", "agreed", "Agreement", "AGREES", "agriculture", "Agricultural", "disagreeable", "acre", "the", "council", "tenants", "field"];
      const texts = Array.from({ length: 120 }, () => Array.from({ length: 60 + next(60) }, () => (next(4) === 0 ? words[next(words.length)] : `word${next(500)}`)).join(" "));
      for (const query of ["agree", "agriculture", "acre"]) {
        const tsq = sql`websearch_to_tsquery('english', ${query})`;
        const rows = ((await db().execute(sql`
          select (w).headline is not null as windowed, (w).headline,
            coalesce(to_tsvector('english', translate((w).headline, chr(57344) || chr(57345), '')) @@ ${tsq}, false) as parsed,
            to_tsvector('english', t) @@ ${tsq} as matches
          from (select t, search_excerpt_window(t, ${tsq}, ${EXCERPT_RADIUS}, ${EXCERPT_OPTIONS}) as w from jsonb_array_elements_text(${JSON.stringify(texts)}::jsonb) t) y`,
        )) as unknown as { rows: { windowed: boolean; headline: string | null; parsed: boolean; matches: boolean }[] }).rows;
        // Every excerpt given matches the query as parsing finds it; and most matching answers get one.
        for (const r of rows) if (r.windowed) expect(r.parsed, `${query}: ${r.headline}`).toBe(true);
        const matching = rows.filter((r) => r.matches);
        expect(matching.length, query).toBeGreaterThan(20);
        expect(matching.filter((r) => r.windowed).length, query).toBeGreaterThan(matching.length / 2);
        expect(rows.filter((r) => r.windowed && !r.matches), query).toEqual([]);
      }
    });

    it("gives none where the whole answer's excerpt must be made instead", async () => {
      const none = async (text: string, query: string) => expect((await excerpts(text, query)).headline).toBeNull();
      // "agree" is looked for as "agr", found first inside "agriculture": that window has no match.
      await none(`Agriculture first. ${filler(1_000)} In the end we agreed with the council. ${filler(200, 1_000)}`, "agree");
      // Both words, but "agr" first found in "Agriculture": the window holds "tenants" alone.
      await none(`Agriculture and tenants. ${filler(1_000)} In the end we agreed with tenants. ${filler(200, 1_000)}`, "agree tenants");
      // A phrase whose words come first apart: the window does not hold the phrase.
      await none(`The sea is rising and the level of care is falling. ${filler(1_000)} The sea level rises. ${filler(200, 1_000)}`, '"sea level"');
      // Two words 5,000 characters apart: no window holds both.
      await none(`${filler(100)} smallholdings here ${filler(700, 100)} and tenants there ${filler(100, 800)}`, "smallholdings tenants");
      // Only excluded words, only stop words, or no stem found as written.
      await none(`${filler(1_000)} smallholdings`, "-smallholdings");
      await none(`${filler(1_000)} the`, "the");
      await none(`${filler(1_000)} skies`, "sky");
    });

    it("is what a search shows for such an answer, and the whole answer's excerpt where it gives none", async () => {
      const [org] = await db().insert(organisations).values({ name: "Test Very Long Answer H", type: "other" }).returning();
      const shown = async (text: string, query: string) => {
        await db().delete(responses).where(eq(responses.organisationId, org!.id));
        const [r] = await db().insert(responses).values({ consultationId: survey.id, organisationId: org!.id, status: "draft" }).returning();
        await db().insert(answers).values({ responseId: r!.id, questionId: survey.q["6"], value: text, valueText: text });
        const found = await search(query, { questionId: survey.q["6"], filter: { responseStatus: "all" } });
        expect(found.rows.map((h) => h.responseId)).toEqual([r!.id]);
        return found.rows[0]!;
      };
      try {
        // A lone mention, then three together much later: the whole answer's excerpt would show
        // the three; the window's, around the first mention, is the one shown.
        const text = `${filler(200)} the smallholdings list ${filler(2_000, 200)} smallholdings smallholdings smallholdings ${filler(100, 2_200)}`;
        const w = await excerpts(text, "smallholdings");
        expect(w.headline).not.toBe(w.whole);
        expect(await shown(text, "smallholdings")).toMatchObject({ headline: w.headline, cutStart: true, cutEnd: true });
        // Where it gives none, the whole answer's excerpt, as for a short answer.
        const inside = `Agriculture first. ${filler(1_000)} In the end we agreed with the council. ${filler(200, 1_000)}`;
        const hit = await shown(inside, "agree");
        expect(hit.headline).toBe((await excerpts(inside, "agree")).whole);
        expect(marked(hit.headline)).toEqual(["agreed"]);
        expect(hit).toMatchObject({ cutStart: true, cutEnd: true });
      } finally {
        await db().delete(responses).where(eq(responses.organisationId, org!.id));
        await db().delete(organisations).where(eq(organisations.id, org!.id));
      }
    });
  });
});

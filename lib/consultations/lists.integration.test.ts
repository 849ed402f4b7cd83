// The consultation lists at scale (PGlite, or Postgres with DATABASE_URL): years of closed
// consultations of several councils on one database. The public hub lists the open ones whole and
// pages the closed ones (most recently closed first, each once, the title search and filters kept);
// the officer lists show the current consultations in full and the few most recently closed, with
// every closed one a page at a time. A page link the lists did not write is the first page.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, draftAnswers, memberships, organisations, questions, sections, stages, users } from "../../db/schema";
import type { AnswerSetStatus, ConsultationAudience, ConsultationKind, ConsultationStatus } from "../../db/schema/consultations";
import { createTestDb, type TestDb } from "../../db/testing";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import type { Role } from "../../db/schema/organisations";
import { ukDate } from "./dates";
import { councilListParamsSchema, decodeClosedCursor, encodeClosedCursor, hubParamsSchema } from "./list-params";
import {
  CLOSED_PAGE_SIZE,
  type CouncilConsultation,
  listCouncilConsultations,
  listOpenConsultations,
  listPublicConsultations,
  pageClosedCouncilConsultations,
  type PublicConsultationFilter,
  RECENTLY_CLOSED,
} from "./queries";
import { respond } from "./test-helpers";

let t: TestDb;
const db = () => t.db;
let chorley: string;
let ribble: string;
let partners: string[];
let officer: Actor;
let scrutiny: Actor;
let ribbleOfficer: Actor;
let partnerUser: string;

const ROLES: Role[] = ["officer", "signatory", "scrutiny"];
const DAY = 86_400_000;
const NOW = Date.now();
/** A moment `days` from now (negative: ago) as Postgres text, to the microsecond when given. */
const at = (days: number, micro = "") => new Date(NOW + days * DAY).toISOString().replace("Z", `${micro}Z`);

type Made = { id: string; title: string; closesAt: string | null };
let seq = 0;

async function make(input: {
  title: string;
  owner?: string;
  status: ConsultationStatus;
  closesAt?: string | null;
  opensAt?: string | null;
  kind?: ConsultationKind;
  audience?: ConsultationAudience;
  answerSetStatus?: AnswerSetStatus;
}): Promise<Made> {
  seq += 1;
  const [row] = await db()
    .insert(consultations)
    .values({
      slug: `list-${seq}`,
      title: input.title,
      kind: input.kind ?? "questionnaire",
      status: input.status,
      ownerOrganisationId: input.owner ?? chorley,
      audience: input.audience ?? "partners",
      answerSetStatus: input.answerSetStatus ?? "drafting",
      closesAt: input.closesAt ? sql`${input.closesAt}::timestamptz` : null,
      opensAt: input.opensAt ? sql`${input.opensAt}::timestamptz` : null,
      // Made one after another, a second apart: the current list shows the newest first.
      createdAt: new Date(NOW - 1_000_000_000 + seq * 1_000),
    })
    .returning({ id: consultations.id });
  return { id: row!.id, title: input.title, closesAt: input.closesAt ?? null };
}

/** The closed list's order: most recently closed first, undated last, the id breaking ties (as Postgres orders uuids). */
function closedOrder(rows: Made[]): string[] {
  const key = (r: Made) => (r.closesAt === null ? "" : r.closesAt);
  return [...rows].sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? 1 : -1) : key(a) < key(b) ? 1 : -1)).map((r) => r.title);
}

/** Every page of the hub from the first by its Next links: each page's open and closed titles. */
async function walkHub(filter: PublicConsultationFilter) {
  const pages: { open: string[]; closed: string[]; hasPrevious: boolean }[] = [];
  let page = await listPublicConsultations(db(), filter);
  for (;;) {
    pages.push({ open: page.open.map((c) => c.title), closed: page.closed.map((c) => c.title), hasPrevious: page.previous !== null });
    if (!page.next) break;
    expect(pages.length).toBeLessThan(20);
    // As the page's link carries it, through the address's schema.
    const params = hubParamsSchema.parse({ q: filter.q, status: filter.status, who: filter.anyone ? "anyone" : undefined, after: page.next });
    page = await listPublicConsultations(db(), params);
  }
  return { pages, last: page };
}

async function person(name: string, email: string, organisationId: string, role: Role): Promise<Actor> {
  const [u] = await db().insert(users).values({ name, email }).returning();
  await db().insert(memberships).values({ userId: u!.id, organisationId, role });
  return (await loadActor(db(), u!.id))!;
}

beforeAll(async () => {
  t = await createTestDb();
  const [a] = await db().insert(organisations).values({ name: "Chorley Council", type: "council" }).returning();
  const [b] = await db().insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
  chorley = a!.id;
  ribble = b!.id;
  partners = [];
  for (const name of ["Lancashire Constabulary", "Croston Parish Council", "Chorley CVS"]) {
    const [o] = await db().insert(organisations).values({ name, type: "other" }).returning();
    partners.push(o!.id);
  }
  officer = await person("Jane Fisher", "jane@chorley.example", chorley, "officer");
  scrutiny = await person("Peter Moss", "peter@chorley.example", chorley, "scrutiny");
  ribbleOfficer = await person("Olive Other", "olive@ribble.example", ribble, "officer");
  const [p] = await db().insert(users).values({ name: "Sarah Lee", email: "sarah@police.example" }).returning();
  partnerUser = p!.id;
});
afterAll(async () => t?.close());

describe("the public hub", () => {
  let open: Made[];
  let closed: Made[];
  let withStages: Made;
  let onLastPage: Made;

  beforeAll(async () => {
    open = [
      await make({ title: "Open: closes in 20 days", status: "open", closesAt: at(20) }),
      await make({ title: "Open: closes in 3 days", status: "open", closesAt: at(3), owner: ribble }),
      await make({ title: "Open: no closing date", status: "open" }),
    ];
    await make({ title: "Never public: a draft", status: "draft", closesAt: at(-1) });
    await make({ title: "Never public: archived", status: "archived", closesAt: at(-2) });
    closed = [];
    // 18 closed in the last weeks, both councils'.
    for (let i = 0; i < 18; i++) closed.push(await make({ title: `Closed ${i + 1} days ago`, status: "closed", closesAt: at(-(i + 1)), owner: i % 2 ? ribble : chorley }));
    // Three a microsecond apart, at the first page's end (places 19 to 21): a cursor to the
    // millisecond would repeat or skip one.
    const instant = at(-30).slice(0, 23);
    for (const micro of ["003", "002", "001"]) closed.push(await make({ title: `Closed 30 days ago (${micro})`, status: "closed", closesAt: `${instant}${micro}Z` }));
    // Four that closed at the same instant: the id orders them.
    for (let i = 0; i < 4; i++) closed.push(await make({ title: `Closed 40 days ago #${i + 1}`, status: "closed", closesAt: at(-40) }));
    // Years of them.
    for (let i = 0; i < 20; i++) closed.push(await make({ title: `Closed ${100 + i * 30} days ago`, status: "closed", closesAt: at(-(100 + i * 30)), owner: i % 3 ? chorley : ribble }));
    // Two closed without a closing date: after every dated one.
    for (let i = 0; i < 2; i++) closed.push(await make({ title: `Closed, no date #${i + 1}`, status: "closed" }));
    withStages = closed[0]!;
    onLastPage = closed[closed.length - 3]!;
    for (const c of [withStages, onLastPage, open[1]!]) {
      await db().insert(stages).values([
        { consultationId: c.id, name: `${c.title}: partners comment`, position: 1 },
        { consultationId: c.id, name: `${c.title}: committee`, position: 2 },
      ]);
    }
  });

  it("lists the open ones whole, soonest closing first, and pages the closed ones, most recently closed first, each once", async () => {
    expect(closed.length).toBeGreaterThan(2 * CLOSED_PAGE_SIZE);
    const { pages } = await walkHub({});
    expect(pages.length).toBe(Math.ceil(closed.length / CLOSED_PAGE_SIZE));
    expect(pages.length).toBeGreaterThan(2);
    // The open consultations head the first page only.
    expect(pages[0]!.open).toEqual(["Open: closes in 3 days", "Open: closes in 20 days", "Open: no closing date"]);
    expect(pages.slice(1).every((p) => p.open.length === 0)).toBe(true);
    expect(pages.map((p) => p.hasPrevious)).toEqual(pages.map((_, i) => i > 0));
    expect(pages.slice(0, -1).every((p) => p.closed.length === CLOSED_PAGE_SIZE)).toBe(true);
    const seen = pages.flatMap((p) => p.closed);
    expect(seen).toEqual(closedOrder(closed));
    expect(new Set(seen).size).toBe(closed.length);
    expect(seen.slice(18, 21)).toEqual(["Closed 30 days ago (003)", "Closed 30 days ago (002)", "Closed 30 days ago (001)"]);
    expect(seen.slice(-2).sort()).toEqual(["Closed, no date #1", "Closed, no date #2"]);
    expect(seen.join()).not.toContain("Never public");
  });

  it("says how many there are in all on every page", async () => {
    const first = await listPublicConsultations(db(), {});
    const second = await listPublicConsultations(db(), { after: decodeClosedCursor(first.next) });
    for (const page of [first, second]) expect([page.openCount, page.closedCount]).toEqual([open.length, closed.length]);
  });

  it("goes back by its Previous links to the same pages, the first with the open ones", async () => {
    const { pages, last } = await walkHub({});
    let page = last;
    for (let i = pages.length - 2; i >= 0; i--) {
      expect(page.previous).not.toBeNull();
      page = await listPublicConsultations(db(), hubParamsSchema.parse({ before: page.previous }));
      expect(page.closed.map((c) => c.title)).toEqual(pages[i]!.closed);
      expect(page.open.map((c) => c.title)).toEqual(pages[i]!.open);
    }
    expect(page.previous).toBeNull();
  });

  it("shows each listed consultation's stages in order, on whichever page it is", async () => {
    const { pages } = await walkHub({});
    const lastPage = pages.length - 1;
    expect(pages[lastPage]!.closed).toContain(onLastPage.title);
    let page = await listPublicConsultations(db(), {});
    expect(page.closed.find((c) => c.title === withStages.title)!.stages.map((s) => s.name)).toEqual([`${withStages.title}: partners comment`, `${withStages.title}: committee`]);
    expect(page.open.find((c) => c.title === "Open: closes in 3 days")!.stages).toHaveLength(2);
    expect(page.closed.find((c) => c.title === closed[1]!.title)!.stages).toEqual([]);
    for (let i = 0; i < lastPage; i++) page = await listPublicConsultations(db(), { after: decodeClosedCursor(page.next) });
    expect(page.closed.find((c) => c.title === onLastPage.title)!.stages.map((s) => s.name)).toEqual([`${onLastPage.title}: partners comment`, `${onLastPage.title}: committee`]);
  });

  it("keeps the title search, the status and 'anyone can respond' across its pages", async () => {
    const library: Made[] = [];
    for (let i = 0; i < 2 * CLOSED_PAGE_SIZE + 3; i++) {
      library.push(await make({ title: `Library_hours 100% review ${i + 1}`, status: "closed", closesAt: at(-(5 + i * 7)), audience: i % 2 ? "public" : "partners" }));
    }
    await make({ title: "Library_hours now", status: "open", closesAt: at(9) });
    await make({ title: "Libraryxhours (not a match: _ is itself)", status: "closed", closesAt: at(-6) });

    const all = await walkHub({ q: "library_HOURS 100%" });
    expect(all.pages.length).toBe(3);
    expect(all.pages[0]!.open).toEqual([]);
    expect(all.pages.flatMap((p) => p.closed)).toEqual(closedOrder(library));
    expect([all.last.openCount, all.last.closedCount]).toEqual([0, library.length]);

    const withOpen = await walkHub({ q: "library_hours" });
    expect(withOpen.pages[0]!.open).toEqual(["Library_hours now"]);
    expect(withOpen.pages.flatMap((p) => p.closed)).toEqual(closedOrder(library));

    const closedOnly = await walkHub({ q: "library_hours", status: "closed" });
    expect(closedOnly.pages.flatMap((p) => p.open)).toEqual([]);
    expect(closedOnly.pages.flatMap((p) => p.closed)).toEqual(closedOrder(library));
    expect([closedOnly.last.openCount, closedOnly.last.closedCount]).toEqual([0, library.length]);

    const publicOnes = library.filter((_, i) => i % 2);
    const anyone = await walkHub({ q: "library_hours", anyone: true });
    expect(anyone.pages.flatMap((p) => p.closed)).toEqual(closedOrder(publicOnes));
    expect(anyone.pages.length).toBe(Math.ceil(publicOnes.length / CLOSED_PAGE_SIZE));

    const openOnly = await listPublicConsultations(db(), { q: "library_hours", status: "open" });
    expect(openOnly.open.map((c) => c.title)).toEqual(["Library_hours now"]);
    expect([openOnly.closed, openOnly.next, openOnly.previous]).toEqual([[], null, null]);
  });

  it("reads a malformed, tampered or stale page link as the first page, never an error", async () => {
    const first = await listPublicConsultations(db(), {});
    const titles = (p: typeof first) => [...p.open, ...p.closed].map((c) => c.title);
    const real = decodeClosedCursor(first.next)!;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
    const bad = [
      "garbage",
      "%00",
      "",
      "x".repeat(500),
      b64([real.at, "not-a-uuid"]),
      b64(["2024-02-31T10:00:00.000000Z", real.id]),
      b64(["0000-01-01T00:00:00.000000Z", real.id]),
      b64(["2024-01-01T10:00:00Z", real.id]),
      b64([real.at, real.id, "extra"]),
      b64({ at: real.at, id: real.id }),
      Buffer.from("not json", "utf8").toString("base64url"),
      ["garbage", first.next],
    ];
    for (const after of bad) {
      const params = hubParamsSchema.parse({ after, before: after });
      expect([params.after, params.before], String(after)).toEqual([null, null]);
      expect(titles(await listPublicConsultations(db(), params))).toEqual(titles(first));
    }
    // Well formed but past the end, or with less than a page before it: the first page.
    const pastTheEnd = encodeClosedCursor({ at: null, id: "00000000-0000-0000-0000-000000000000" });
    const beforeTheStart = encodeClosedCursor({ at: "9999-12-31T23:59:59.999999Z", id: "ffffffff-ffff-ffff-ffff-ffffffffffff" });
    for (const params of [{ after: pastTheEnd }, { before: beforeTheStart }, { before: first.next }]) {
      const page = await listPublicConsultations(db(), hubParamsSchema.parse(params));
      expect(titles(page)).toEqual(titles(first));
      expect(page.previous).toBeNull();
    }
    // A "Next" cursor above every row reads the first page, and says so: no "Previous" link
    // leading back to it, and the open consultations that head the first page are there.
    const aboveAll = await listPublicConsultations(db(), hubParamsSchema.parse({ after: beforeTheStart }));
    expect(titles(aboveAll)).toEqual(titles(first));
    expect([aboveAll.previous, aboveAll.next]).toEqual([null, first.next]);
    // A "Previous" cursor below every row reads the last page, with no "Next" link beyond it.
    const belowAll = await listPublicConsultations(db(), hubParamsSchema.parse({ before: pastTheEnd }));
    expect(belowAll.closed.length).toBe(CLOSED_PAGE_SIZE);
    expect(belowAll.previous).not.toBeNull();
    expect(belowAll.next).toBeNull();
    // The other parameters: anything the form could not send is no filter.
    expect(hubParamsSchema.parse({ q: ["  parks  ", "x"], status: "everything", who: "me" })).toEqual({ q: "parks", status: undefined, anyone: false, after: null, before: null });
    expect(hubParamsSchema.parse({ q: "a\u0000b" }).q).toBeUndefined();
    expect(hubParamsSchema.parse({ q: "   " }).q).toBeUndefined();
    expect(hubParamsSchema.parse({ q: "x".repeat(5_000) }).q).toHaveLength(200);
  });
});

describe("the public home page's open consultations", () => {
  it("lists those taking responses or about to, soonest closing first, with the stage under way; not those past their closing time", async () => {
    const soon = await make({ title: "Home: opens next week", status: "open", opensAt: at(7), closesAt: at(60) });
    const overdue = await make({ title: "Home: closing time passed, not yet closed by the daily job", status: "open", closesAt: at(-0.5) });
    const staged = await make({ title: "Home: closes in 2 days", status: "open", closesAt: at(2) });
    await db().insert(stages).values([
      { consultationId: staged.id, name: "Partners give their views", startsOn: "2000-01-01", dueOn: "2999-01-01", position: 1 },
      { consultationId: staged.id, name: "Committee", startsOn: "2999-01-02", position: 2 },
    ]);
    const home = await listOpenConsultations(db(), new Date(NOW));
    const titles = home.map((c) => c.title);
    expect(titles).not.toContain(overdue.title);
    expect(titles.filter((x) => x.startsWith("Home:"))).toEqual(["Home: closes in 2 days", "Home: opens next week"]);
    expect(titles.every((x) => !x.startsWith("Closed") && !x.startsWith("Never public"))).toBe(true);
    const [row] = home.filter((c) => c.id === staged.id);
    expect(row!.currentStage).toMatch(/Partners give their views/);
    expect(home.find((c) => c.id === soon.id)!.opensOn).toBe(ukDate(new Date(NOW + 7 * DAY)));
    expect(row!.opensOn).toBeNull();
  });
});

describe("the officer lists", () => {
  let chorleyClosed: Made[];
  let inReview: Made;
  let bigOpen: Made;
  let ribbleMade: Made[];

  beforeAll(async () => {
    // Start afresh: the hub's consultations above are not these lists'.
    await db().delete(consultations);
    bigOpen = await make({ title: "Officer: open survey", status: "open", closesAt: at(10) });
    await make({ title: "Officer: open consultation to answer", status: "open", closesAt: at(30), kind: "consultation_to_answer" });
    await make({ title: "Officer: draft one", status: "draft" });
    await make({ title: "Officer: draft two", status: "draft", kind: "consultation_to_answer" });
    // Closed three years ago, its answers with the committee: still current.
    inReview = await make({ title: "Officer: answers in review", status: "closed", closesAt: at(-1000), kind: "consultation_to_answer", answerSetStatus: "in_review" });
    // Closed long ago, the council still drafting its answers: current too.
    const drafting = await make({ title: "Officer: answers being drafted", status: "closed", closesAt: at(-900), kind: "consultation_to_answer", answerSetStatus: "drafting" });
    chorleyClosed = [inReview, drafting];
    for (let i = 0; i < 2 * CLOSED_PAGE_SIZE + 2; i++) {
      chorleyClosed.push(await make({ title: `Officer: closed ${i + 1}`, status: "closed", closesAt: at(-(i * 20 + 1)), kind: i % 5 === 0 ? "consultation_to_answer" : "questionnaire", answerSetStatus: i % 5 === 0 ? "signed_off" : "drafting" }));
    }
    for (let i = 0; i < 3; i++) chorleyClosed.push(await make({ title: `Officer: archived ${i + 1}`, status: "archived", closesAt: at(-(i * 20 + 5)) }));
    chorleyClosed.push(await make({ title: "Officer: closed without a date", status: "closed" }));
    ribbleMade = [
      await make({ title: "Ribble: open", status: "open", closesAt: at(5), owner: ribble }),
      await make({ title: "Ribble: closed", status: "closed", closesAt: at(-1), owner: ribble }),
    ];
    // Responses: three submitted and a draft to the open survey, two submitted to the newest closed one.
    for (const org of partners) await respond(db(), bigOpen.id, org, partnerUser, {}, true);
    await db().insert(organisations).values({ name: "Draft respondent", type: "other" });
    const [draftOrg] = await db().select().from(organisations).where(eq(organisations.name, "Draft respondent"));
    await respond(db(), bigOpen.id, draftOrg!.id, partnerUser, {}, false);
    const newestClosed = chorleyClosed.find((c) => c.title === "Officer: closed 1")!;
    for (const org of partners.slice(0, 2)) await respond(db(), newestClosed.id, org, partnerUser, {}, true);
    // Questions and answers ready for the one in review.
    const [s] = await db().insert(sections).values({ consultationId: inReview.id, title: "Only", position: 1 }).returning();
    const qs = await db()
      .insert(questions)
      .values([1, 2, 3].map((n) => ({ consultationId: inReview.id, sectionId: s!.id, number: String(n), type: "long_text" as const, text: `Question ${n}`, position: n })))
      .returning();
    await db().insert(draftAnswers).values([
      { consultationId: inReview.id, questionId: qs[0]!.id, status: "approved", text: "Yes" },
      { consultationId: inReview.id, questionId: qs[1]!.id, status: "ready_for_review", text: "No" },
      { consultationId: inReview.id, questionId: qs[2]!.id, status: "drafting", text: "" },
    ]);
  });

  const titles = (rows: CouncilConsultation[]) => rows.map((r) => r.title);
  /** The closed and archived ones in the list's order (the one in review among them). */
  const expectedClosed = () => closedOrder(chorleyClosed);

  it("shows the current ones in full and only the most recently closed, with a count of all the closed ones", async () => {
    const list = await listCouncilConsultations(db(), officer, ROLES);
    expect(titles(list.current)).toEqual([
      "Officer: open consultation to answer",
      "Officer: open survey",
      "Officer: draft two",
      "Officer: draft one",
      "Officer: answers being drafted",
      "Officer: answers in review",
    ]);
    expect(list.recentlyClosed).toHaveLength(RECENTLY_CLOSED);
    expect(titles(list.recentlyClosed)).toEqual(expectedClosed().filter((x) => x !== inReview.title && x !== "Officer: answers being drafted").slice(0, RECENTLY_CLOSED));
    expect(list.closedCount).toBe(chorleyClosed.length);
    // Another council's are not listed.
    expect([...titles(list.current), ...titles(list.recentlyClosed)].join()).not.toContain("Ribble");
    // The home page's shorter list.
    expect(titles((await listCouncilConsultations(db(), officer, ROLES, { recentlyClosed: 5 })).recentlyClosed)).toEqual(titles(list.recentlyClosed).slice(0, 5));
  });

  it("counts the submitted responses, questions and ready answers of the rows shown", async () => {
    const list = await listCouncilConsultations(db(), officer, ROLES);
    const row = (title: string) => [...list.current, ...list.recentlyClosed].find((r) => r.title === title)!;
    expect(row("Officer: open survey").submittedCount).toBe(3);
    expect(row("Officer: closed 1").submittedCount).toBe(2);
    expect(row("Officer: draft one").submittedCount).toBe(0);
    expect([row(inReview.title).questionCount, row(inReview.title).draftsReady]).toEqual([3, 2]);
  });

  it("reaches every closed and archived one, page by page, each once, in order, and back", async () => {
    const seen: string[][] = [];
    let page = await pageClosedCouncilConsultations(db(), officer, ROLES);
    expect(page.previous).toBeNull();
    for (;;) {
      seen.push(titles(page.rows));
      expect(page.total).toBe(chorleyClosed.length);
      if (!page.next) break;
      expect(seen.length).toBeLessThan(20);
      page = await pageClosedCouncilConsultations(db(), officer, ROLES, councilListParamsSchema.parse({ status: "closed", after: page.next }));
    }
    expect(seen.length).toBe(3);
    expect(seen.flat()).toEqual(expectedClosed());
    expect(seen.flat().at(-1)).toBe("Officer: closed without a date");
    expect(page.rows.find((r) => r.title === "Officer: closed 1")).toBeUndefined();
    for (let i = seen.length - 2; i >= 0; i--) {
      page = await pageClosedCouncilConsultations(db(), officer, ROLES, councilListParamsSchema.parse({ status: "closed", before: page.previous }));
      expect(titles(page.rows)).toEqual(seen[i]);
    }
    expect(page.previous).toBeNull();
    const first = await pageClosedCouncilConsultations(db(), officer, ROLES);
    expect(first.rows.find((r) => r.title === "Officer: closed 1")!.submittedCount).toBe(2);
  });

  it("reads a malformed page link as the first page of closed ones", async () => {
    const first = titles((await pageClosedCouncilConsultations(db(), officer, ROLES)).rows);
    for (const v of ["garbage", "eyJ4Ijoi", ["a", "b"]]) {
      const params = councilListParamsSchema.parse({ status: "closed", after: v });
      expect(titles((await pageClosedCouncilConsultations(db(), officer, ROLES, params)).rows)).toEqual(first);
    }
    expect(councilListParamsSchema.parse({ status: "open" }).status).toBeUndefined();
  });

  it("shows a committee member the same, and another council's officer only their own", async () => {
    const mine = await listCouncilConsultations(db(), scrutiny, ROLES);
    expect(titles(mine.current)).toContain("Officer: answers in review");
    expect(mine.closedCount).toBe(chorleyClosed.length);
    const theirs = await listCouncilConsultations(db(), ribbleOfficer, ROLES);
    expect([...titles(theirs.current), ...titles(theirs.recentlyClosed)]).toEqual(ribbleMade.map((c) => c.title));
    expect(theirs.closedCount).toBe(1);
    const closedTheirs = await pageClosedCouncilConsultations(db(), ribbleOfficer, ROLES);
    expect(titles(closedTheirs.rows)).toEqual(["Ribble: closed"]);
    const none = await listCouncilConsultations(db(), officer, ["signatory"]);
    expect(none).toEqual({ current: [], recentlyClosed: [], closedCount: 0 });
  });

  it("lists the consultations the council is answering for review: current ones in full, the closed ones bounded and paged", async () => {
    const stillAnswering = (title: string) => title === inReview.title || title === "Officer: answers being drafted";
    const answering = chorleyClosed.filter((c) => stillAnswering(c.title) || /^Officer: closed (\d+)$/.test(c.title) && (Number(c.title.split(" ").at(-1)) - 1) % 5 === 0);
    const list = await listCouncilConsultations(db(), scrutiny, ROLES, { kind: "consultation_to_answer", recentlyClosed: 3 });
    expect(titles(list.current)).toEqual(["Officer: open consultation to answer", "Officer: draft two", "Officer: answers being drafted", "Officer: answers in review"]);
    expect(titles(list.recentlyClosed)).toEqual(closedOrder(answering).filter((x) => !stillAnswering(x)).slice(0, 3));
    expect(list.closedCount).toBe(answering.length);
    const page = await pageClosedCouncilConsultations(db(), scrutiny, ROLES, { kind: "consultation_to_answer" });
    expect(titles(page.rows)).toEqual(closedOrder(answering));
    expect(page.next).toBeNull();
  });
});

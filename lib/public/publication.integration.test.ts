// Nothing unconsented, unmoderated or redacted away is ever public: every public reader (the
// response pages' query, its search, the counts, the open data as JSON and CSV) is read after a
// consultation is filled with responses of every kind, and none of their secrets may appear.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { answerTags, answers, consultations, questions, responses, sections, themes, users } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { ensurePublicOrganisation } from "./organisation";
import { ConflictError, ForbiddenError, InvalidError } from "../errors";
import { decideModeration, listModerationQueue, redactPassage, removeRedaction, syncModerationQueue } from "./moderation";
import { openDataCounts, openDataCsv, openDataResponses } from "./open-data";
import { listPublishedResponses, publishedCounts, rowsOf } from "./publication";
import { KEEP_MS, publishedThemes, publishedThemesKeeper } from "./themes";

let t: TestDb;
let db: Db;
let w: Awaited<ReturnType<typeof seedWorld>>;
let consultationId: string;
let slug: string;
const q: Record<string, string> = {};
const ids: Record<string, string> = {};

type Kind = { consent: "named" | "anonymous" | "none" | null; status: "submitted" | "draft"; choice: string; text: string; yesNo?: { answer: string; explanation: string } };

async function addResponse(key: string, k: Kind, who: { organisationId: string; userId?: string; publishedName?: string }) {
  const [r] = await db
    .insert(responses)
    .values({
      consultationId,
      organisationId: who.organisationId,
      respondentUserId: who.userId ?? null,
      status: k.status,
      reference: k.status === "submitted" ? `PRIV-${key}` : null,
      publicReference: k.status === "submitted" ? `PUB-${key}` : null,
      revision: k.status === "submitted" ? 1 : 0,
      submittedAt: k.status === "submitted" ? new Date() : null,
      publishConsent: k.consent,
      publishedName: who.publishedName ?? null,
    })
    .returning();
  await db.insert(answers).values([
    { responseId: r!.id, questionId: q.choice!, value: k.choice, valueText: k.choice },
    { responseId: r!.id, questionId: q.text!, value: k.text, valueText: k.text },
    ...(k.yesNo ? [{ responseId: r!.id, questionId: q.yesno!, value: k.yesNo, valueText: `${k.yesNo.answer} – ${k.yesNo.explanation}` }] : []),
  ]);
  ids[key] = r!.id;
  return r!;
}

/** Everything any public reader gives, as one string to search. */
async function everythingPublic(): Promise<string> {
  const parts: unknown[] = [];
  let after: string | undefined;
  do {
    const page = await listPublishedResponses(db, { consultationId, after, limit: 2 });
    parts.push(page);
    after = page.next ?? undefined;
  } while (after);
  for (const term of ["SECRET", "Smith", "07700", "Hidden", "redacted"]) parts.push(await listPublishedResponses(db, { consultationId, q: term }));
  parts.push(await publishedCounts(db, consultationId));
  parts.push(await openDataResponses(db, slug, {}));
  parts.push(await openDataCounts(db, slug));
  parts.push(await publishedThemes(db, slug));
  let csv = "";
  for await (const line of openDataCsv(db, consultationId)) csv += line;
  parts.push(csv);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  w = await seedWorld(db);
  slug = `public-pub-${Date.now()}`;
  const [c] = await db
    .insert(consultations)
    .values({ slug, title: "Bus services in the district", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "open", audience: "both", publishResponses: "while_open" })
    .returning();
  consultationId = c!.id;
  const [s] = await db.insert(sections).values({ consultationId, title: "Buses", position: 1 }).returning();
  const mk = async (key: string, number: string, type: "single_choice" | "long_text" | "yes_no", options: string[] = []) => {
    const [row] = await db.insert(questions).values({ consultationId, sectionId: s!.id, number, type, text: `Question ${number}`, options, position: Number(number) }).returning();
    q[key] = row!.id;
  };
  await mk("choice", "1", "single_choice", ["More buses", "Fewer buses", "Rarely"]);
  await mk("text", "2", "long_text");
  await mk("yesno", "3", "yes_no");

  const publicOrg = await ensurePublicOrganisation(db, w.council.id);
  const person = async (name: string) => (await db.insert(users).values({ name, email: `${name.replace(/\W/g, "").toLowerCase()}@example.com` }).returning())[0]!;
  const named = await person("Janet Named");
  const anon = await person("Hidden Anonymous Person");
  const refused = await person("Hidden Refuser");

  // Consented and submitted: these may be public once moderated.
  await addResponse("NAMED", { consent: "named", status: "submitted", choice: "More buses", text: "Run the 109 on Sundays. SECRET-PENDING-TEXT", yesNo: { answer: "Yes", explanation: "Call John Smith on 07700 900123 about it" } }, { organisationId: publicOrg!.id, userId: named.id, publishedName: "Janet N." });
  await addResponse("ANON", { consent: "anonymous", status: "submitted", choice: "More buses", text: "The timetable is wrong. SECRET-WITHHELD-TEXT" }, { organisationId: publicOrg!.id, userId: anon.id, publishedName: "Hidden Published Name" });
  await addResponse("ORG", { consent: "named", status: "submitted", choice: "Fewer buses", text: "The police support the change. SECRET-EDITED-LATER" }, { organisationId: w.police!.id });
  // Never public, whatever happens to them.
  await addResponse("NONE", { consent: "none", status: "submitted", choice: "Fewer buses", text: "SECRET-NO-CONSENT" }, { organisationId: publicOrg!.id, userId: refused.id });
  await addResponse("NULL", { consent: null, status: "submitted", choice: "Fewer buses", text: "SECRET-NULL-CONSENT" }, { organisationId: w.healthOrg!.id });
  await addResponse("DRAFT", { consent: "named", status: "draft", choice: "Fewer buses", text: "SECRET-DRAFT" }, { organisationId: w.cvsOrg!.id });
  // Written directly rather than submitted: the repair queues them as submissions would.
  await syncModerationQueue(db, consultationId);
});

afterAll(async () => {
  await t?.close();
});

const key = (responseKey: string, questionKey: string) => ({ consultationId, responseId: ids[responseKey]!, questionId: q[questionKey]! });

describe("publication: nothing unconsented, unmoderated or redacted away is public", () => {
  it("queues only the free-text answers of consenting, submitted responses", async () => {
    const queue = await listModerationQueue(db, { consultationId, state: "all" }, w.officer);
    const queued = queue.items.map((i) => `${i.publicReference}/${i.questionNumber}`).sort();
    expect(queued).toEqual(["PUB-ANON/2", "PUB-NAMED/2", "PUB-NAMED/3", "PUB-ORG/2"]);
    expect(queue.counts).toEqual({ pending: 4, approved: 0, withheld: 0 });
    // Suggestions are offered, not applied.
    const yesno = queue.items.find((i) => i.publicReference === "PUB-NAMED" && i.questionNumber === "3")!;
    expect(yesno.suggestions.map((s) => s.kind)).toEqual(["person_name", "phone"]);
    expect(yesno.text).toContain("07700 900123");
  });

  it("pages through the queue one answer at a time, each once, in the order of one page", async () => {
    for (const state of ["all", "pending"] as const) {
      const whole = (await listModerationQueue(db, { consultationId, state }, w.officer)).items.map((i) => `${i.responseId}:${i.questionId}`);
      const paged: string[] = [];
      let after: string | undefined;
      do {
        const page = await listModerationQueue(db, { consultationId, state, after, limit: 1 }, w.officer);
        paged.push(...page.items.map((i) => `${i.responseId}:${i.questionId}`));
        after = page.next ?? undefined;
      } while (after && paged.length < 10);
      expect(paged).toEqual(whole);
      expect(paged).toHaveLength(4);
    }
  });

  it("before any moderation shows closed answers of consenting responses and no free text at all", async () => {
    const all = await everythingPublic();
    for (const secret of ["SECRET", "Hidden", "John Smith", "07700", "PRIV-"]) expect(all).not.toContain(secret);
    const page = await listPublishedResponses(db, { consultationId });
    expect(page.items.map((r) => r.publicReference)).toEqual(["PUB-ANON", "PUB-NAMED", "PUB-ORG"]);
    expect(page.items.map((r) => r.name)).toEqual(["Anonymous", "Janet N.", "Lancashire Constabulary"]);
    expect(page.items.every((r) => r.answers.every((a) => a.text === null))).toBe(true);
    const counts = await publishedCounts(db, consultationId);
    expect(counts.responses).toBe(3);
    expect(counts.questions.find((x) => x.number === "1")!.counts.slice(0, 2)).toEqual([
      { option: "More buses", count: 2 },
      { option: "Fewer buses", count: 1 },
    ]);
  });

  it("refuses moderation to a partner and to another council's officer", async () => {
    await expect(listModerationQueue(db, { consultationId, state: "pending" }, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideModeration(db, { ...key("NAMED", "text"), baseVersion: 1, decision: "approve", withheldReason: "" }, w.otherOfficer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("publishes an approved answer with its redactions applied, and search never finds a redacted word", async () => {
    // Without JavaScript: the passage by its text. With: by offsets.
    const r1 = await redactPassage(db, { ...key("NAMED", "yesno"), baseVersion: 1, passage: "John Smith", occurrence: 1, reason: "person_name", note: "" }, w.officer);
    const phoneAt = r1.moderatedText.indexOf("07700 900123");
    const r2 = await redactPassage(db, { ...key("NAMED", "yesno"), baseVersion: r1.version, start: phoneAt, end: phoneAt + 12, passage: "", occurrence: 1, reason: "phone", note: "" }, w.officer);
    await decideModeration(db, { ...key("NAMED", "yesno"), baseVersion: r2.version, decision: "approve", withheldReason: "" }, w.officer);
    const page = await listPublishedResponses(db, { consultationId });
    const named = page.items.find((r) => r.publicReference === "PUB-NAMED")!;
    expect(named.answers.find((a) => a.number === "3")).toMatchObject({ answer: "Yes", text: "Call [redacted] on [redacted] about it" });
    expect((await listPublishedResponses(db, { consultationId, q: "Smith" })).items).toEqual([]);
    expect((await listPublishedResponses(db, { consultationId, q: "about it" })).items.map((r) => r.publicReference)).toEqual(["PUB-NAMED"]);
    const all = await everythingPublic();
    for (const secret of ["SECRET", "Hidden", "John Smith", "07700"]) expect(all).not.toContain(secret);
  });

  it("a redaction added after approval takes effect at once; removing it shows the passage again", async () => {
    const [item] = (await listModerationQueue(db, { consultationId, state: "pending" }, w.officer)).items.filter((i) => i.publicReference === "PUB-ORG");
    const approved = await decideModeration(db, { ...key("ORG", "text"), baseVersion: item!.version, decision: "approve", withheldReason: "" }, w.officer);
    expect(JSON.stringify(await listPublishedResponses(db, { consultationId }))).toContain("SECRET-EDITED-LATER");
    const red = await redactPassage(db, { ...key("ORG", "text"), baseVersion: approved.version, passage: "SECRET-EDITED-LATER", occurrence: 1, reason: "other", note: "test" }, w.officer);
    expect(await everythingPublic()).not.toContain("SECRET");
    const back = await removeRedaction(db, { ...key("ORG", "text"), baseVersion: red.version, redactionId: red.redactions[0]!.id }, w.officer);
    expect(JSON.stringify(await listPublishedResponses(db, { consultationId }))).toContain("SECRET-EDITED-LATER");
    // Put it back for the tests that follow.
    await redactPassage(db, { ...key("ORG", "text"), baseVersion: back.version, passage: "SECRET-EDITED-LATER", occurrence: 1, reason: "other", note: "test" }, w.officer);
  });

  it("an answer edited after approval leaves the public pages until moderated again, its redaction kept on the passage", async () => {
    const edited = "Update: the police support the change. SECRET-EDITED-LATER and SECRET-ADDED-AFTER";
    await db.update(answers).set({ value: edited, valueText: edited }).where(and(eq(answers.responseId, ids.ORG!), eq(answers.questionId, q.text!)));
    // Before the queue is synced, the public readers already refuse text that is not what was approved.
    expect(await everythingPublic()).not.toContain("SECRET");
    await syncModerationQueue(db, consultationId);
    const queue = await listModerationQueue(db, { consultationId, state: "pending" }, w.officer);
    const item = queue.items.find((i) => i.publicReference === "PUB-ORG")!;
    expect(item.text).toBe(edited);
    expect(item.redactions.map((r) => edited.slice(r.start, r.end))).toEqual(["SECRET-EDITED-LATER"]);
    expect(await everythingPublic()).not.toContain("SECRET");
  });

  it("a withheld answer is never public, and a stale decision is refused with nothing written", async () => {
    const queue = await listModerationQueue(db, { consultationId, state: "pending" }, w.officer);
    const anon = queue.items.find((i) => i.publicReference === "PUB-ANON")!;
    await expect(decideModeration(db, { ...key("ANON", "text"), baseVersion: anon.version + 5, decision: "approve", withheldReason: "" }, w.officer)).rejects.toBeInstanceOf(ConflictError);
    await decideModeration(db, { ...key("ANON", "text"), baseVersion: anon.version, decision: "withhold", withheldReason: "Names a member of staff" }, w.officer);
    await expect(decideModeration(db, { ...key("ANON", "text"), baseVersion: anon.version, decision: "approve", withheldReason: "" }, w.officer)).rejects.toBeInstanceOf(ConflictError);
    expect(await everythingPublic()).not.toContain("SECRET");
  });

  it("lists the themes of published answers only: nothing withheld, pending, edited, suggested or unconsented counts or is named", async () => {
    const theme = async (name: string, questionKey: string, parentId: string | null = null) =>
      (await db.insert(themes).values({ consultationId, questionId: q[questionKey]!, name, parentId }).returning())[0]!;
    const tag = (themeId: string, responseKey: string, questionKey: string, status: "confirmed" | "suggested" = "confirmed") =>
      db.insert(answerTags).values({ themeId, responseId: ids[responseKey]!, questionId: q[questionKey]!, status, source: status === "confirmed" ? "manual" : "suggestion" });
    // Question 2: NAMED pending, ANON withheld, ORG edited after approval (pending); NONE, NULL, DRAFT never public.
    const sundays = await theme("Sunday services", "text");
    await tag(sundays.id, "NAMED", "text");
    const evenings = await theme("Evenings", "text", sundays.id);
    await tag(evenings.id, "NAMED", "text");
    await tag((await theme("SECRET-THEME-WITHHELD", "text")).id, "ANON", "text");
    await tag((await theme("SECRET-THEME-EDITED", "text")).id, "ORG", "text");
    const refused = await theme("SECRET-THEME-UNCONSENTED", "text");
    for (const k of ["NONE", "NULL", "DRAFT"]) await tag(refused.id, k, "text");
    await tag((await theme("SECRET-THEME-SUGGESTED", "text")).id, "NAMED", "text", "suggested");
    // Question 3: NAMED's explanation was approved (with its redactions).
    await tag((await theme("Contact details offered", "yesno")).id, "NAMED", "yesno");
    await tag(sundays.id, "ANON", "text", "confirmed");

    // NAMED's answer to question 2 is still pending: only question 3 has published themes.
    expect(await publishedThemes(db, slug)).toEqual([
      { questionId: q.yesno, number: "3", question: "Question 3", answered: 1, themes: [{ themeId: expect.any(String), theme: "Contact details offered", respondents: 1 }] },
    ]);
    const pending = (await listModerationQueue(db, { consultationId, state: "pending" }, w.officer)).items.find((i) => i.publicReference === "PUB-NAMED" && i.questionNumber === "2")!;
    await decideModeration(db, { ...key("NAMED", "text"), baseVersion: pending.version, decision: "approve", withheldReason: "" }, w.officer);
    const after = await publishedThemes(db, slug);
    // ANON's withheld answer is tagged "Sunday services" too: it does not count.
    expect(after!.map((x) => [x.number, x.answered, x.themes.map((t) => [t.theme, t.respondents])])).toEqual([
      ["2", 1, [["Sunday services", 1], ["Sunday services: Evenings", 1]]],
      ["3", 1, [["Contact details offered", 1]]],
    ]);
    const counts = await openDataCounts(db, slug);
    expect(counts!.themes).toEqual(after);
    // The approved answer itself is public now; no theme of an unpublished answer is, anywhere.
    expect(await everythingPublic()).not.toContain("SECRET-THEME");
    // Put NAMED's answer back to pending (the tests that follow expect it there): an edit does that.
    await db.update(answers).set({ value: "Run the 109 on Sundays. SECRET-PENDING-TEXT!", valueText: "x" }).where(and(eq(answers.responseId, ids.NAMED!), eq(answers.questionId, q.text!)));
    expect((await publishedThemes(db, slug))!.map((x) => x.number)).toEqual(["3"]);
    await syncModerationQueue(db, consultationId);
  });

  it("keeps a large consultation's published themes a while for the public pages, one count for views at once; a small one's are counted on each view", async () => {
    const numbers = (themes: readonly { number: string }[]) => themes.map((x) => x.number);
    let clock = 1_000_000;
    // keepFrom 1: this consultation counts as large.
    const large = publishedThemesKeeper({ keepMs: KEEP_MS, keepFrom: 1, now: () => clock });
    const small = publishedThemesKeeper({ keepFrom: 1_000 });
    const views = await Promise.all(Array.from({ length: 6 }, () => large.read(db, consultationId)));
    expect(numbers(views[0]!)).toEqual(["3"]);
    // Six views at once shared one count (one object), frozen so no caller can change it for the next.
    expect(new Set(views).size).toBe(1);
    expect(Object.isFrozen(views[0]) && Object.isFrozen(views[0]![0]!.themes[0])).toBe(true);
    expect(numbers(await small.read(db, consultationId))).toEqual(["3"]);

    // Counting published answers none of which carries a confirmed theme costs the same: what the
    // count read decides whether it is kept, not what it found.
    const contact = views[0]![0]!.themes[0]!.themeId;
    const none = publishedThemesKeeper({ keepFrom: 1, now: () => clock });
    await db.update(answerTags).set({ status: "suggested" }).where(eq(answerTags.themeId, contact));
    expect(await none.read(db, consultationId)).toEqual([]);
    await db.update(answerTags).set({ status: "confirmed" }).where(eq(answerTags.themeId, contact));
    expect(await none.read(db, consultationId)).toEqual([]);
    expect(numbers(await small.read(db, consultationId))).toEqual(["3"]);

    // An officer approves NAMED's answer to question 2: its themes are published.
    const pending = (await listModerationQueue(db, { consultationId, state: "pending" }, w.officer)).items.find((i) => i.publicReference === "PUB-NAMED" && i.questionNumber === "2")!;
    await decideModeration(db, { ...key("NAMED", "text"), baseVersion: pending.version, decision: "approve", withheldReason: "" }, w.officer);
    expect(numbers(await small.read(db, consultationId))).toEqual(["2", "3"]);
    clock += KEEP_MS - 1;
    expect(await large.read(db, consultationId)).toBe(views[0]);
    clock += 2;
    expect(numbers(await large.read(db, consultationId))).toEqual(["2", "3"]);

    // Put NAMED's answer back to pending, as the tests that follow expect: an edit does that.
    await db.update(answers).set({ value: "Run the 109 on Sundays. SECRET-PENDING-TEXT!!", valueText: "x" }).where(and(eq(answers.responseId, ids.NAMED!), eq(answers.questionId, q.text!)));
    expect(numbers(await small.read(db, consultationId))).toEqual(["3"]);
    expect(numbers(await large.read(db, consultationId))).toEqual(["2", "3"]);
    await syncModerationQueue(db, consultationId);
  });

  it("refuses a passage that is not in the answer, at the field", async () => {
    const queue = await listModerationQueue(db, { consultationId, state: "pending" }, w.officer);
    const named = queue.items.find((i) => i.publicReference === "PUB-NAMED" && i.questionNumber === "2")!;
    const err = await redactPassage(db, { ...key("NAMED", "text"), baseVersion: named.version, passage: "not there", occurrence: 1, reason: "other", note: "x" }, w.officer).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).fieldErrors.passage).toMatch(/not in the answer/);
  });

  it("publishes nothing at all while the consultation does not publish, or before it closes when it publishes after closing", async () => {
    await db.update(consultations).set({ publishResponses: "after_close" }).where(eq(consultations.id, consultationId));
    expect((await listPublishedResponses(db, { consultationId })).items).toEqual([]);
    expect(await openDataResponses(db, slug, {})).toBeNull();
    await db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, consultationId));
    expect((await listPublishedResponses(db, { consultationId })).items.length).toBe(3);
    await db.update(consultations).set({ publishResponses: "no" }).where(eq(consultations.id, consultationId));
    expect((await listPublishedResponses(db, { consultationId })).items).toEqual([]);
    expect((await publishedCounts(db, consultationId)).questions).toEqual([]);
    expect(await openDataCounts(db, slug)).toBeNull();
    await db.update(consultations).set({ publishResponses: "while_open" }).where(eq(consultations.id, consultationId));
  });

  it("withdrawing consent takes a response and its approved answers off every public reader", async () => {
    await db.update(responses).set({ publishConsent: "none" }).where(eq(responses.id, ids.NAMED!));
    const all = await everythingPublic();
    expect(all).not.toContain("PUB-NAMED");
    expect(all).not.toContain("Janet");
    expect(all).not.toContain("about it");
  });

  it("never names a closed answer's value that is not one of the question's options (it may be typed text)", async () => {
    const [r] = await db.select().from(responses).where(eq(responses.id, ids.ORG!));
    await db.update(answers).set({ value: "SECRET-TYPED-OTHER", valueText: "SECRET-TYPED-OTHER" }).where(and(eq(answers.responseId, r!.id), eq(answers.questionId, q.choice!)));
    const all = await everythingPublic();
    expect(all).not.toContain("SECRET");
    expect(all).toContain("Other (not published)");
  });

  it("guards CSV cells a spreadsheet would run as formulas", async () => {
    await db.update(responses).set({ publishConsent: "named", publishedName: "=HYPERLINK(\"http://evil\")" }).where(eq(responses.id, ids.NAMED!));
    let csv = "";
    for await (const line of openDataCsv(db, consultationId)) csv += line;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("keeps the counts exact through submissions, edits, consent changes and deletions (as counted from scratch)", async () => {
    // Counted from the responses and answers themselves, as the counts page did before published_counts.
    const scratch = async () => {
      const rows = rowsOf<{ question_id: string; option: string; n: number }>(await db.execute(sql`
        select a.question_id, a.choice as option, count(*)::int as n from answers a join responses r on r.id = a.response_id join questions q on q.id = a.question_id
        where r.consultation_id = ${consultationId} and r.status = 'submitted' and r.publish_consent in ('named', 'anonymous') and q.type in ('single_choice', 'yes_no') and a.choice is not null
        group by 1, 2 order by 1, 2`));
      const [{ n, listed }] = rowsOf<{ n: number; listed: number }>(await db.execute(sql`
        select count(*)::int as n, count(public_reference)::int as listed from responses
        where consultation_id = ${consultationId} and status = 'submitted' and publish_consent in ('named', 'anonymous')`));
      return { rows, n, listed };
    };
    const kept = async () => {
      const counts = await publishedCounts(db, consultationId);
      const rows = counts.questions
        .flatMap((qc) => qc.counts.filter((c) => c.count).map((c) => ({ question_id: qc.questionId, option: c.option, n: c.count })))
        .filter((r) => r.option !== "Other (not published)")
        .sort((a, b) => (a.question_id + a.option < b.question_id + b.option ? -1 : 1));
      return { rows, n: counts.responses, listed: (await listPublishedResponses(db, { consultationId })).total };
    };
    const same = async () => {
      const [a, b] = [await scratch(), await kept()];
      expect(b.n).toBe(a.n);
      expect(b.listed).toBe(a.listed);
      expect(b.rows).toEqual(a.rows.filter((r) => Object.values(q).includes(r.question_id) && ["More buses", "Fewer buses", "Rarely", "Yes", "No"].includes(r.option)));
    };
    await same();
    // A draft submitted, with consent; an answer changed after submission; consent withdrawn and given again.
    await db.update(responses).set({ status: "submitted", reference: "PRIV-DRAFT", publicReference: "PUB-DRAFT", revision: 1, submittedAt: new Date() }).where(eq(responses.id, ids.DRAFT!));
    await same();
    await db.update(answers).set({ value: "Rarely", valueText: "Rarely" }).where(and(eq(answers.responseId, ids.DRAFT!), eq(answers.questionId, q.choice!)));
    await same();
    await db.update(responses).set({ publishConsent: "none" }).where(eq(responses.id, ids.ANON!));
    await same();
    await db.update(responses).set({ publishConsent: "anonymous" }).where(eq(responses.id, ids.ANON!));
    await db.update(responses).set({ publicReference: null }).where(eq(responses.id, ids.ORG!));
    await same();
    // An answer removed, then a whole response erased (its answers go by cascade).
    await db.delete(answers).where(and(eq(answers.responseId, ids.ANON!), eq(answers.questionId, q.choice!)));
    await same();
    await db.delete(responses).where(eq(responses.id, ids.DRAFT!));
    await same();
    expect((await scratch()).n).toBeGreaterThan(0);
  });
});

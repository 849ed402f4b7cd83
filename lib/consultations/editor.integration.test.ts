// Authoring a consultation: create, edit every part, publish with checks, close, and the
// rules that keep partners' answers from being orphaned once responses exist.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, consultations, consultationVersions, draftAnswers, jobs, questions, sections } from "../../db/schema";
import { referenceCodeOf } from "./reference-code";
import { createTestDb, type TestDb } from "../../db/testing";
import { ForbiddenError, InvalidError, LockedError } from "../errors";
import { inviteContacts } from "../invitations/commands";
import { createConsultation } from "./commands";
import {
  addChapter,
  addQuestion,
  addStage,
  deleteChapter,
  deleteQuestion,
  moveChapter,
  moveQuestion,
  chapterValues,
  detailsValues,
  stageValues,
  storedQuestionValues,
  updateChapter,
  updateStage,
  updateConsultationDetails,
  updateQuestion,
} from "./editor";
import { EditConflictError, editBase, parseEditBase } from "../input/edit-merge";
import { checkPublishable, closeConsultation, publishConsultationAs } from "./publishing";
import { getStructure } from "./queries";
import { questionFields, type DetailsInput, type QuestionInput } from "./schemas";
import { respond, seedWorld } from "./test-helpers";

let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
beforeAll(async () => {
  t = await createTestDb();
  w = await seedWorld(t.db);
});
afterAll(async () => t?.close());

const future = (days: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const details = (over: Partial<DetailsInput> = {}): DetailsInput => ({
  title: "Community safety priorities 2026",
  summary: "What should the partnership focus on?",
  kind: "questionnaire",
  askedBy: "",
  responseDeadline: undefined,
  opensOn: future(-1),
  closesOn: future(30),
  audienceDescription: "Partner organisations",
  privacyNotice: "",
  ...over,
});

/** A question as the form would send it, through the same schema. */
const q = (fields: Record<string, string | string[]>): QuestionInput => questionFields.parse({ required: "", ...fields });

async function audits(consultationId: string) {
  return t.db.select().from(auditLog).where(eq(auditLog.consultationId, consultationId)).orderBy(asc(auditLog.id));
}

async function newConsultation(over: Partial<DetailsInput> = {}) {
  return createConsultation(t.db, details(over), w.officer);
}

describe("creating and editing", () => {
  it("creates a blank draft owned by the officer's council and records it", async () => {
    const c = await newConsultation();
    expect(c.status).toBe("draft");
    expect(c.ownerOrganisationId).toBe(w.council.id);
    expect((await audits(c.id)).map((a) => a.action)).toEqual(["consultation.create"]);
  });

  it("is made with its contact officer in the one transaction", async () => {
    const c = await newConsultation({ contactOfficerName: "Jane Fisher", contactOfficerEmail: "jane.fisher@council.example" });
    expect(c).toMatchObject({ contactOfficerName: "Jane Fisher", contactOfficerEmail: "jane.fisher@council.example" });
    const [stored] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(stored).toMatchObject({ contactOfficerName: "Jane Fisher", contactOfficerEmail: "jane.fisher@council.example" });
  });

  it("keeps the officer's reference code, audited; left empty, the title's initials are used", async () => {
    const c = await newConsultation({ referenceCode: "CSP26" });
    expect(c.referenceCode).toBe("CSP26");
    await updateConsultationDetails(t.db, c.id, details({ referenceCode: undefined }), w.officer);
    const [cleared] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(cleared!.referenceCode).toBeNull();
    expect(referenceCodeOf(cleared!)).toBe("CSP");
    await updateConsultationDetails(t.db, c.id, details({ referenceCode: "SAFE" }), w.officer);
    const edits = (await audits(c.id)).filter((a) => a.action === "consultation.update");
    expect(edits.map((a) => [(a.before as { referenceCode: unknown }).referenceCode, (a.after as { referenceCode: unknown }).referenceCode])).toEqual([
      ["CSP26", null],
      [null, "SAFE"],
    ]);
  });

  it("refuses a partner, and an officer of another council, with nothing saved", async () => {
    await expect(createConsultation(t.db, details(), w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const c = await newConsultation();
    await expect(addChapter(t.db, c.id, { title: "Sneaky", description: "" }, w.otherOfficer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addChapter(t.db, c.id, { title: "Sneaky", description: "" }, w.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.select().from(sections).where(eq(sections.consultationId, c.id))).toEqual([]);
  });

  it("adds stages, chapters and a question of every type, in order, each audited", async () => {
    const c = await newConsultation();
    await addStage(t.db, c.id, { name: "Scoping", description: "Set up the review", startsOn: future(1), dueOn: future(20) }, w.officer);
    const ch1 = await addChapter(t.db, c.id, { title: "Priorities", description: "" }, w.officer);
    const ch2 = await addChapter(t.db, c.id, { title: "Commitment", description: "" }, w.officer);
    await addQuestion(t.db, c.id, ch1.id, q({ number: "1", type: "single_choice", text: "Which sector?", options: "Police\nHealth\nVoluntary" }), w.officer);
    await addQuestion(t.db, c.id, ch1.id, q({ number: "2", type: "multiple_choice", text: "Which themes?", options: "Economy\nHousing\nSafety", maxSelections: "2" }), w.officer);
    await addQuestion(t.db, c.id, ch1.id, q({ number: "3", type: "ranking", text: "Rank these", options: "A\nB\nC" }), w.officer);
    await addQuestion(t.db, c.id, ch1.id, q({ number: "4", type: "agreement_scale", text: "We work well together" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "5", type: "yes_no", text: "Will you commit staff?", required: "yes" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "6", type: "long_text", text: "Explain how", showIfQuestion: "5", showIfEquals: "Yes", maxLength: "2000" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "7", type: "number", text: "How many days?", min: "0", max: "365" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "8", type: "date", text: "When is your next plan?" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "9", type: "short_text", text: "Contact name" }), w.officer);
    await addQuestion(t.db, c.id, ch2.id, q({ number: "10", type: "rag_status", text: "Milestone 1.1" }), w.officer);
    // A question added to the first chapter later still comes before the second chapter's.
    await addQuestion(t.db, c.id, ch1.id, q({ number: "4a", type: "short_text", text: "Anything else on priorities?" }), w.officer);
    const s = await getStructure(t.db, c.id);
    expect(s.stages.map((x) => x.name)).toEqual(["Scoping"]);
    expect(s.chapters.map((ch) => ch.questions.map((x) => x.number))).toEqual([
      ["1", "2", "3", "4", "4a"],
      ["5", "6", "7", "8", "9", "10"],
    ]);
    const all = await t.db.select().from(questions).where(eq(questions.consultationId, c.id)).orderBy(asc(questions.position));
    expect(all.map((x) => x.number)).toEqual(["1", "2", "3", "4", "4a", "5", "6", "7", "8", "9", "10"]);
    const six = all.find((x) => x.number === "6")!;
    expect(six.showIf).toEqual({ questionNumber: "5", equals: ["Yes"] });
    expect(six.limits).toEqual({ maxLength: 2000 });
    expect(all.find((x) => x.number === "7")!.limits).toEqual({ min: 0, max: 365 });
    const actions = (await audits(c.id)).map((a) => a.action);
    expect(actions.filter((a) => a === "question.create")).toHaveLength(11);
    expect(actions).toContain("stage.create");
    expect(actions.filter((a) => a === "chapter.create")).toHaveLength(2);
  });

  it("refuses a duplicate number and a show-if on a later or missing question", async () => {
    const c = await newConsultation();
    const ch = await addChapter(t.db, c.id, { title: "Only", description: "" }, w.officer);
    await addQuestion(t.db, c.id, ch.id, q({ number: "1", type: "yes_no", text: "Yes or no?" }), w.officer);
    const dup = addQuestion(t.db, c.id, ch.id, q({ number: "1", type: "short_text", text: "Again" }), w.officer);
    await expect(dup).rejects.toMatchObject({ fieldErrors: { number: expect.stringContaining("already a question 1") } });
    const missing = addQuestion(t.db, c.id, ch.id, q({ number: "2", type: "short_text", text: "Why?", showIfQuestion: "9", showIfEquals: "Yes" }), w.officer);
    await expect(missing).rejects.toMatchObject({ fieldErrors: { showIfQuestion: expect.stringContaining("no question 9") } });
    const wrongValue = addQuestion(t.db, c.id, ch.id, q({ number: "2", type: "short_text", text: "Why?", showIfQuestion: "1", showIfEquals: "Maybe" }), w.officer);
    await expect(wrongValue).rejects.toMatchObject({ fieldErrors: { showIfQuestion: expect.stringContaining("“Maybe”") } });
    expect((await getStructure(t.db, c.id)).chapters[0].questions).toHaveLength(1);
  });

  it("moves a question within and across chapters, but not above the question it depends on", async () => {
    const c = await newConsultation();
    const a = await addChapter(t.db, c.id, { title: "A", description: "" }, w.officer);
    const b = await addChapter(t.db, c.id, { title: "B", description: "" }, w.officer);
    const q1 = await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "yes_no", text: "One" }), w.officer);
    const q2 = await addQuestion(t.db, c.id, a.id, q({ number: "2", type: "short_text", text: "Two", showIfQuestion: "1", showIfEquals: "No" }), w.officer);
    const q3 = await addQuestion(t.db, c.id, b.id, q({ number: "3", type: "short_text", text: "Three" }), w.officer);
    await expect(moveQuestion(t.db, c.id, q2.id, "up", w.officer)).rejects.toThrow(/question 1 must come before it/);
    await moveQuestion(t.db, c.id, q3.id, "up", w.officer);
    let s = await getStructure(t.db, c.id);
    expect(s.chapters.map((ch) => ch.questions.map((x) => x.number))).toEqual([["1", "2", "3"], []]);
    await moveQuestion(t.db, c.id, q3.id, "down", w.officer);
    await moveQuestion(t.db, c.id, q1.id, "down", w.officer).catch((e) => expect(e).toBeInstanceOf(InvalidError));
    s = await getStructure(t.db, c.id);
    expect(s.chapters.map((ch) => ch.questions.map((x) => x.number))).toEqual([["1", "2"], ["3"]]);
    await expect(moveChapter(t.db, c.id, b.id, "up", w.officer)).resolves.toBeUndefined();
    s = await getStructure(t.db, c.id);
    expect(s.chapters.map((ch) => ch.title)).toEqual(["B", "A"]);
  });

  it("renumbering a question carries the show-ifs that depend on it", async () => {
    const c = await newConsultation();
    const a = await addChapter(t.db, c.id, { title: "A", description: "" }, w.officer);
    const q1 = await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "yes_no", text: "One" }), w.officer);
    await addQuestion(t.db, c.id, a.id, q({ number: "2", type: "short_text", text: "Two", showIfQuestion: "1", showIfEquals: "Yes" }), w.officer);
    await updateQuestion(t.db, c.id, q1.id, a.id, q({ number: "1.1", type: "yes_no", text: "One" }), w.officer);
    const two = (await t.db.select().from(questions).where(and(eq(questions.consultationId, c.id), eq(questions.number, "2"))))[0];
    expect(two.showIf).toEqual({ questionNumber: "1.1", equals: ["Yes"] });
    await expect(deleteQuestion(t.db, c.id, q1.id, w.officer)).rejects.toThrow(/Change question 2's show-if first/);
  });

  it("refuses dates in the wrong order and changes nothing", async () => {
    const c = await newConsultation();
    const parsed = questionFields.safeParse({});
    expect(parsed.success).toBe(false);
    await expect(createConsultation(t.db, details({ opensOn: future(10), closesOn: future(5) }), w.officer)).rejects.toBeInstanceOf(InvalidError);
    await expect(
      updateConsultationDetails(t.db, c.id, details({ title: "Changed", opensOn: future(10), closesOn: future(5) }), w.officer),
    ).rejects.toBeDefined();
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(after.title).toBe(c.title);
  });

  it("creates a draft answer row for each question added to a consultation to answer", async () => {
    const c = await newConsultation({ kind: "consultation_to_answer", askedBy: "ODPM" });
    const ch = await addChapter(t.db, c.id, { title: "Governance", description: "" }, w.officer);
    const added = await addQuestion(t.db, c.id, ch.id, q({ number: "12", type: "long_text", text: "How should LSPs be governed?" }), w.officer);
    const drafts = await t.db.select().from(draftAnswers).where(eq(draftAnswers.questionId, added.id));
    expect(drafts).toHaveLength(1);
    expect(drafts[0].status).toBe("not_started");
  });
});

describe("two officers editing one form at once (parallel saves on Postgres)", () => {
  it("keeps both when they change different fields of a question; of two changes to one field saves one and refuses the other, saying what is stored, until saved again", async () => {
    const c = await newConsultation();
    const ch = await addChapter(t.db, c.id, { title: "Chapter", description: "" }, w.officer);
    const stored = async (id: string) => (await t.db.select().from(questions).where(eq(questions.id, id)))[0]!;
    for (let trial = 1; trial <= 10; trial++) {
      const form = (over: Record<string, string>) => q({ number: String(trial), type: "short_text", text: "Original text", hint: "Original hint", ...over });
      const made = await addQuestion(t.db, c.id, ch.id, form({}), w.officer);
      // Both opened the form before either saved.
      const drawn = parseEditBase(editBase(storedQuestionValues(await stored(made.id))));
      await Promise.all([
        updateQuestion(t.db, c.id, made.id, ch.id, form({ text: "Amended text" }), w.officer, { base: drawn }),
        updateQuestion(t.db, c.id, made.id, ch.id, form({ hint: "Amended hint" }), w.officer, { base: drawn }),
      ]);
      const both = await stored(made.id);
      expect([both.text, both.hint], `trial ${trial}`).toEqual(["Amended text", "Amended hint"]);

      const again = parseEditBase(editBase(storedQuestionValues(both)));
      const mine = { a: "A's wording", b: "B's wording" };
      const results = await Promise.allSettled([
        updateQuestion(t.db, c.id, made.id, ch.id, form({ text: mine.a, hint: "Amended hint" }), w.officer, { base: again }),
        updateQuestion(t.db, c.id, made.id, ch.id, form({ text: mine.b, hint: "Amended hint" }), w.officer, { base: again }),
      ]);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused, `trial ${trial}`).toHaveLength(1);
      const conflict = refused[0]!.reason as EditConflictError;
      expect(conflict).toBeInstanceOf(EditConflictError);
      const winner = (await stored(made.id)).text;
      const loser = winner === mine.a ? mine.b : mine.a;
      expect([mine.a, mine.b]).toContain(winner);
      expect(conflict.fieldErrors.text).toContain(`It now reads: “${winner}”`);
      // The refused officer saves again from the form the refusal gave back: theirs replaces it knowingly.
      await updateQuestion(t.db, c.id, made.id, ch.id, form({ text: loser, hint: "Amended hint" }), w.officer, { base: parseEditBase(conflict.keep.editBase) });
      expect((await stored(made.id)).text).toBe(loser);
    }
  });

  it("never mixes one officer's start date with the other's end date: the second is refused, not a database error", async () => {
    const c = await newConsultation();
    const stage = await addStage(t.db, c.id, { name: "Scoping", description: "", startsOn: future(1), dueOn: future(20) }, w.officer);
    const drawn = parseEditBase(editBase(stageValues(stage)));
    const form = { name: "Scoping", description: "", startsOn: future(1), dueOn: future(20) };
    await updateStage(t.db, c.id, stage.id, { ...form, startsOn: future(15) }, w.officer, { base: drawn });
    const refused = await updateStage(t.db, c.id, stage.id, { ...form, dueOn: future(10) }, w.officer, { base: drawn }).catch((e) => e);
    expect(refused).toBeInstanceOf(EditConflictError);
    expect(Object.keys((refused as EditConflictError).fieldErrors)).toEqual(["startsOn"]);
  });

  it("keeps both officers' changes to different details, and a chapter's", async () => {
    const c = await newConsultation();
    const drawn = parseEditBase(editBase(detailsValues(c)));
    const form = details({ title: c.title });
    await Promise.all([
      updateConsultationDetails(t.db, c.id, { ...form, privacyNotice: "We keep responses for two years." }, w.officer, { base: drawn }),
      updateConsultationDetails(t.db, c.id, { ...form, summary: "A clearer summary." }, w.officer, { base: drawn }),
    ]);
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect([after!.privacyNotice, after!.summary]).toEqual(["We keep responses for two years.", "A clearer summary."]);
    const ch = await addChapter(t.db, c.id, { title: "Chapter", description: "" }, w.officer);
    const chBase = parseEditBase(editBase(chapterValues(ch)));
    await Promise.all([
      updateChapter(t.db, c.id, ch.id, { title: "Renamed", description: "" }, w.officer, { base: chBase }),
      updateChapter(t.db, c.id, ch.id, { title: "Chapter", description: "Described" }, w.officer, { base: chBase }),
    ]);
    const [chAfter] = await t.db.select().from(sections).where(eq(sections.id, ch.id));
    expect([chAfter!.title, chAfter!.description]).toEqual(["Renamed", "Described"]);
  });
});

describe("publishing and closing", () => {
  it("lists every problem, refuses to publish and changes nothing", async () => {
    const c = await newConsultation({ opensOn: undefined, closesOn: undefined });
    const a = await addChapter(t.db, c.id, { title: "Filled", description: "" }, w.officer);
    await addChapter(t.db, c.id, { title: "Empty", description: "" }, w.officer);
    await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "short_text", text: "Name?" }), w.officer);
    const problems = (await checkPublishable(t.db, c.id)).map((p) => p.message);
    expect(problems).toEqual([
      "Enter an opening date",
      "Enter a closing date",
      "Chapter 2, “Empty”, has no questions: add one or delete the chapter",
    ]);
    await expect(publishConsultationAs(t.db, c.id, w.officer)).rejects.toMatchObject({ fieldErrors: { "problem-0": "Enter an opening date" } });
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(after.status).toBe("draft");
    expect(await t.db.select().from(consultationVersions).where(eq(consultationVersions.consultationId, c.id))).toEqual([]);
  });

  it("publishes version 1, queues an invitation per contact, and closes", async () => {
    const c = await newConsultation();
    const a = await addChapter(t.db, c.id, { title: "A", description: "" }, w.officer);
    await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "short_text", text: "Name?" }), w.officer);
    await inviteContacts(t.db, { consultationId: c.id, userIds: [], organisationIds: [w.police.id, w.healthOrg.id] }, w.officer);
    await expect(publishConsultationAs(t.db, c.id, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const res = await publishConsultationAs(t.db, c.id, w.officer);
    expect(res.version).toBe(1);
    expect(res.invitationsQueued).toBe(3);
    const queued = await t.db.select().from(jobs).where(eq(jobs.name, "email.invitation"));
    expect(queued.length).toBeGreaterThanOrEqual(3);
    await expect(publishConsultationAs(t.db, c.id, w.officer)).rejects.toBeInstanceOf(LockedError);
    const closed = await closeConsultation(t.db, c.id, w.officer);
    expect(closed.status).toBe("closed");
    expect(closed.closesAt!.getTime()).toBeLessThanOrEqual(Date.now());
    await expect(addChapter(t.db, c.id, { title: "Late", description: "" }, w.officer)).rejects.toBeInstanceOf(LockedError);
    const actions = (await audits(c.id)).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(["consultation.publish", "invitation.create", "invitation.send", "consultation.close"]));
  });
});

describe("once partners have answered", () => {
  let c: Awaited<ReturnType<typeof newConsultation>>;
  let ids: Record<string, string>;
  let chapterIds: string[];
  beforeAll(async () => {
    c = await newConsultation();
    const a = await addChapter(t.db, c.id, { title: "Answered", description: "" }, w.officer);
    const b = await addChapter(t.db, c.id, { title: "Unanswered", description: "" }, w.officer);
    chapterIds = [a.id, b.id];
    ids = {};
    ids["1"] = (await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "single_choice", text: "Which sectr?", options: "Police\nHealth\nParish" }), w.officer)).id;
    ids["2"] = (await addQuestion(t.db, c.id, a.id, q({ number: "2", type: "long_text", text: "Why?" }), w.officer)).id;
    ids["3"] = (await addQuestion(t.db, c.id, b.id, q({ number: "3", type: "short_text", text: "Spare" }), w.officer)).id;
    await publishConsultationAs(t.db, c.id, w.officer);
    await respond(t.db, c.id, w.police.id, w.partner.id, { "1": "Police", "2": "Because" });
  });

  it("refuses deleting an answered question or its chapter, with a clear message", async () => {
    await expect(deleteQuestion(t.db, c.id, ids["2"], w.officer)).rejects.toThrow("Question 2 has 1 answer from partners, so it cannot be deleted");
    await expect(deleteChapter(t.db, c.id, chapterIds[0], w.officer)).rejects.toThrow(/already answered questions in “Answered”/);
    expect(await t.db.select().from(questions).where(eq(questions.id, ids["2"]))).toHaveLength(1);
  });

  it("refuses changing an answered question's type", async () => {
    await expect(updateQuestion(t.db, c.id, ids["2"], chapterIds[0], q({ number: "2", type: "short_text", text: "Why?" }), w.officer)).rejects.toThrow(
      /its type cannot change/,
    );
  });

  it("refuses removing an option someone chose, but allows adding one", async () => {
    const remove = updateQuestion(t.db, c.id, ids["1"], chapterIds[0], q({ number: "1", type: "single_choice", text: "Which sector?", options: "Constabulary\nHealth\nParish" }), w.officer);
    await expect(remove).rejects.toMatchObject({ fieldErrors: { options: expect.stringContaining("“Police”") } });
    await updateQuestion(t.db, c.id, ids["1"], chapterIds[0], q({ number: "1", type: "single_choice", text: "Which sector?", options: "Police\nHealth\nParish\nBusiness" }), w.officer);
  });

  it("allows a wording fix, audits it and publishes it as a new version", async () => {
    const [before] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    await updateQuestion(t.db, c.id, ids["2"], chapterIds[0], q({ number: "2", type: "long_text", text: "Why is that?" }), w.officer);
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(after.publishedVersion).toBe(before.publishedVersion + 1);
    const [v] = await t.db
      .select()
      .from(consultationVersions)
      .where(and(eq(consultationVersions.consultationId, c.id), eq(consultationVersions.version, after.publishedVersion)));
    expect(JSON.stringify(v.snapshot)).toContain("Why is that?");
    const entry = (await audits(c.id)).filter((x) => x.action === "question.update").at(-1)!;
    expect(entry.before).toMatchObject({ text: "Why?", answered: 1 });
    expect(entry.after).toEqual({ text: "Why is that?" });
  });

  it("still lets an unanswered question and chapter go", async () => {
    await deleteChapter(t.db, c.id, chapterIds[1], w.officer);
    const s = await getStructure(t.db, c.id);
    expect(s.chapters.map((x) => x.title)).toEqual(["Answered"]);
  });
});

describe("the daily close", () => {
  it("closes open consultations whose closing date has passed, and records it", async () => {
    const { closeDueConsultations } = await import("./publishing");
    const c = await newConsultation({ closesOn: future(2) });
    const a = await addChapter(t.db, c.id, { title: "A", description: "" }, w.officer);
    await addQuestion(t.db, c.id, a.id, q({ number: "1", type: "short_text", text: "Name?" }), w.officer);
    await publishConsultationAs(t.db, c.id, w.officer);
    expect(await closeDueConsultations(t.db, new Date(Date.now() + 24 * 3600 * 1000))).toBe(0);
    const n = await closeDueConsultations(t.db, new Date(Date.now() + 4 * 24 * 3600 * 1000));
    expect(n).toBeGreaterThanOrEqual(1);
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(after.status).toBe("closed");
    const entry = (await audits(c.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "consultation.close", actorId: null });
  });
});

// Officers' tools on consultations: duplicating one (a deep copy, independent of the original)
// and the question bank (full-text search over the council's own consultations only, and
// copies of the chosen questions added to a chapter).
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, consultations, draftAnswers, invitations, questions, responses, sections, stages } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { ForbiddenError, InvalidError } from "../errors";
import { inviteContacts } from "../invitations/commands";
import { createConsultationFromQuestionSet } from "./commands";
import { copyTitle, duplicateConsultation } from "./duplicate";
import { addChapter, addQuestionsFromBank, updateQuestion } from "./editor";
import { NoAudienceError, publishConsultationAs } from "./publishing";
import { searchQuestionBank } from "./question-bank";
import type { QuestionInput } from "./schemas";
import { QUESTION_SET_FORMAT, QUESTION_SET_FORMAT_VERSION } from "../question-sets/schema";
import { seedWorld } from "./test-helpers";

let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
let breckland: typeof consultations.$inferSelect;
let odpm: typeof consultations.$inferSelect;
beforeAll(async () => {
  t = await createTestDb();
  w = await seedWorld(t.db);
  [breckland] = await t.db.select().from(consultations).where(eq(consultations.slug, "partner-questionnaire-scs-refresh"));
  [odpm] = await t.db.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
});
afterAll(async () => t?.close());

const structure = async (consultationId: string) => ({
  stages: await t.db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(asc(stages.position)),
  sections: await t.db.select().from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position)),
  questions: await t.db.select().from(questions).where(eq(questions.consultationId, consultationId)).orderBy(asc(questions.position)),
});

describe("duplicating a consultation", () => {
  it("copies the details, stages, chapters and questions into a new unpublished draft titled “Copy of …”", async () => {
    const copy = await duplicateConsultation(t.db, odpm.id, w.officer);
    expect(copy).toMatchObject({
      title: `Copy of ${odpm.title}`,
      status: "draft",
      publishedVersion: 0,
      answerSetStatus: "drafting",
      kind: odpm.kind,
      summary: odpm.summary,
      askedBy: odpm.askedBy,
      privacyNotice: odpm.privacyNotice,
      audienceDescription: odpm.audienceDescription,
      ownerOrganisationId: odpm.ownerOrganisationId,
      createdBy: w.officer.id,
    });
    expect(copy.id).not.toBe(odpm.id);
    expect(copy.slug).not.toBe(odpm.slug);
    const [a, b] = [await structure(odpm.id), await structure(copy.id)];
    const strip = <T extends Record<string, unknown>>(rows: T[], drop: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
    expect(strip(b.stages, ["id", "consultationId"])).toEqual(strip(a.stages, ["id", "consultationId"]));
    expect(strip(b.sections, ["id", "consultationId"])).toEqual(strip(a.sections, ["id", "consultationId"]));
    const qDrop = ["id", "consultationId", "sectionId", "createdAt", "updatedAt"];
    expect(strip(b.questions, qDrop)).toEqual(strip(a.questions, qDrop));
    expect(a.questions.length).toBeGreaterThan(30);
    // Every question sits in the copy's own chapter with the same title.
    for (const [i, q] of b.questions.entries()) {
      const chapterOf = (list: typeof a.sections, id: string) => list.find((s) => s.id === id)!;
      expect(chapterOf(b.sections, q.sectionId).title).toBe(chapterOf(a.sections, a.questions[i]!.sectionId).title);
      expect(b.sections.map((s) => s.id)).toContain(q.sectionId);
    }
  });

  it("copies no responses, invitations, draft answers or audit history, and audits the copy", async () => {
    const [copy] = await t.db.select().from(consultations).where(eq(consultations.title, `Copy of ${odpm.title}`));
    expect(await t.db.select().from(responses).where(eq(responses.consultationId, copy!.id))).toEqual([]);
    expect(await t.db.select().from(invitations).where(eq(invitations.consultationId, copy!.id))).toEqual([]);
    expect(await t.db.select().from(draftAnswers).where(eq(draftAnswers.consultationId, copy!.id))).toEqual([]);
    const trail = await t.db.select().from(auditLog).where(eq(auditLog.consultationId, copy!.id));
    expect(trail.map((e) => e.action)).toEqual(["consultation.duplicate"]);
    expect(trail[0]).toMatchObject({ actorId: w.officer.id, before: { copiedFrom: odpm.id, title: odpm.title } });
  });

  it("is independent of the original: editing the copy changes nothing in the original", async () => {
    const [copy] = await t.db.select().from(consultations).where(eq(consultations.title, `Copy of ${odpm.title}`));
    const before = await structure(odpm.id);
    const q = (await structure(copy!.id)).questions[0]!;
    await updateQuestion(t.db, copy!.id, q.id, q.sectionId, { number: q.number, subheading: q.subheading, type: q.type, text: "Reworded in the copy only", hint: q.hint, required: q.required, options: q.options, limits: q.limits, showIf: q.showIf } as QuestionInput, w.officer);
    await addChapter(t.db, copy!.id, { title: "A new chapter in the copy", description: "" }, w.officer);
    expect(await structure(odpm.id)).toEqual(before);
    expect((await structure(copy!.id)).questions[0]!.text).toBe("Reworded in the copy only");
  });

  it("gives each copy its own slug, and keeps a long title within the limit", async () => {
    const again = await duplicateConsultation(t.db, odpm.id, w.officer);
    const [first] = await t.db.select().from(consultations).where(eq(consultations.title, `Copy of ${odpm.title}`));
    expect(again.slug).not.toBe(first!.slug);
    expect(copyTitle("x".repeat(300)).length).toBe(300);
  });

  it("is refused to scrutiny, partners, the administrator and another council's officer, creating nothing", async () => {
    const before = await t.db.$count(consultations);
    for (const who of [w.scrutiny, w.partner, w.admin, w.otherOfficer]) {
      await expect(duplicateConsultation(t.db, breckland.id, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await t.db.$count(consultations)).toBe(before);
  });
});

describe("the question bank", () => {
  let target: typeof consultations.$inferSelect;
  let chapterId: string;
  let otherCouncilQuestionId: string;
  beforeAll(async () => {
    // A new draft to reuse questions in, and a consultation of another council with a matching question.
    target = await createConsultationFromQuestionSet(
      t.db,
      { format: QUESTION_SET_FORMAT, formatVersion: QUESTION_SET_FORMAT_VERSION, title: "Partnership review 2027", kind: "questionnaire", stages: [], chapters: [{ title: "About you", questions: [{ number: "1", type: "short_text", required: false, text: "Your organisation's name" }] }] } as never,
      { ownerOrganisationId: w.council.id, actorId: w.officer.id },
    );
    [{ id: chapterId }] = await t.db.select({ id: sections.id }).from(sections).where(eq(sections.consultationId, target.id));
    const theirs = await createConsultationFromQuestionSet(
      t.db,
      { format: QUESTION_SET_FORMAT, formatVersion: QUESTION_SET_FORMAT_VERSION, title: "South Ribble priorities", kind: "questionnaire", stages: [], chapters: [{ title: "Priorities", questions: [{ number: "1", type: "long_text", required: false, text: "What are the key priorities for the Sustainable Community Strategy in South Ribble?" }] }] } as never,
      { ownerOrganisationId: w.otherCouncil.id, actorId: w.otherOfficer.id },
    );
    [{ id: otherCouncilQuestionId }] = await t.db.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, theirs.id));
  });

  it("finds questions by their wording and hint across the council's other consultations, with type, options and source", async () => {
    const { questions: found } = await searchQuestionBank(t.db, { consultationId: target.id, query: "priorities" }, w.officer);
    expect(found.length).toBeGreaterThan(0);
    const first = found.find((q) => q.text.startsWith("Key priorities and focus"))!;
    expect(first).toMatchObject({ type: "long_text", consultationTitle: breckland.title, number: "1" });
    // By the hint: "staff time, funding, premises" is only in question 2a's hint.
    const byHint = await searchQuestionBank(t.db, { consultationId: target.id, query: "premises" }, w.officer);
    expect(byHint.questions.map((q) => q.number)).toContain("2a");
    const choice = (await searchQuestionBank(t.db, { consultationId: target.id, query: "commitment of time and resources" }, w.officer)).questions.find((q) => q.type === "single_choice")!;
    expect(choice.options).toEqual(["Increase", "Stay the same", "Reduce", "Not yet decided"]);
  });

  it("never shows another council's questions, nor the consultation's own", async () => {
    for (const query of ["priorities", "Sustainable Community Strategy", "South Ribble", ""]) {
      const { questions: found } = await searchQuestionBank(t.db, { consultationId: target.id, query }, w.officer);
      expect(found.map((q) => q.id)).not.toContain(otherCouncilQuestionId);
      expect(found.some((q) => q.consultationId === target.id)).toBe(false);
      const owners = found.length
        ? await t.db.selectDistinct({ owner: consultations.ownerOrganisationId }).from(consultations).where(inArray(consultations.id, found.map((q) => q.consultationId)))
        : [];
      expect(owners.every((o) => o.owner === w.council.id)).toBe(true);
    }
    // And the other council's officer, searching theirs, sees none of council A's.
    const [theirs] = await t.db.select().from(consultations).where(eq(consultations.title, "South Ribble priorities"));
    const { questions: found } = await searchQuestionBank(t.db, { consultationId: theirs!.id, query: "priorities" }, w.otherOfficer);
    expect(found).toEqual([]);
  });

  it("lists a question asked the same way in several consultations once", async () => {
    await duplicateConsultation(t.db, breckland.id, w.officer);
    const { questions: found } = await searchQuestionBank(t.db, { consultationId: target.id, query: "Key priorities and focus" }, w.officer);
    expect(found.filter((q) => q.text.startsWith("Key priorities and focus"))).toHaveLength(1);
  });

  it("treats search syntax as words, and refuses a search that is too long", async () => {
    await expect(searchQuestionBank(t.db, { consultationId: target.id, query: "'); drop table questions; --" }, w.officer)).resolves.toBeTruthy();
    await expect(searchQuestionBank(t.db, { consultationId: target.id, query: "x".repeat(201) }, w.officer)).rejects.toBeInstanceOf(InvalidError);
  });

  it("adds copies of the chosen questions to the end of a chapter, numbered on, audited; the originals are unchanged", async () => {
    const { questions: found } = await searchQuestionBank(t.db, { consultationId: target.id, query: "commitment" }, w.officer);
    const picks = found.slice(0, 2);
    const originals = await t.db.select().from(questions).where(inArray(questions.id, picks.map((p) => p.id)));
    const added = await addQuestionsFromBank(t.db, target.id, chapterId, picks.map((p) => p.id), w.officer);
    expect(added.map((a) => a.number)).toEqual(["2", "3"]);
    const mine = (await structure(target.id)).questions;
    expect(mine.map((q) => q.number)).toEqual(["1", "2", "3"]);
    for (const [i, p] of picks.entries()) {
      expect(mine[i + 1]).toMatchObject({ text: p.text, type: p.type, options: p.options, hint: p.hint, sectionId: chapterId, showIf: null });
    }
    expect(await t.db.select().from(questions).where(inArray(questions.id, picks.map((p) => p.id)))).toEqual(originals);
    const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "question.reuse"), eq(auditLog.consultationId, target.id)));
    expect(entry!.after).toMatchObject({ questions: [{ number: "2" }, { number: "3" }] });
  });

  it("refuses another council's question, the consultation's own, and no choice at all, adding nothing", async () => {
    const before = (await structure(target.id)).questions.length;
    const own = (await structure(target.id)).questions[0]!.id;
    for (const ids of [[otherCouncilQuestionId], [own], []]) {
      await expect(addQuestionsFromBank(t.db, target.id, chapterId, ids, w.officer)).rejects.toBeInstanceOf(InvalidError);
    }
    expect((await structure(target.id)).questions.length).toBe(before);
  });

  it("is refused to scrutiny, partners, the administrator and another council's officer", async () => {
    const [q] = (await searchQuestionBank(t.db, { consultationId: target.id, query: "priorities" }, w.officer)).questions;
    for (const who of [w.scrutiny, w.partner, w.admin, w.otherOfficer]) {
      await expect(searchQuestionBank(t.db, { consultationId: target.id, query: "priorities" }, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(addQuestionsFromBank(t.db, target.id, chapterId, [q!.id], who)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("publishing with nobody invited", () => {
  it("asks first when the officer's publish says nothing, publishes once confirmed, and is not asked once someone is invited", async () => {
    const copy = await duplicateConsultation(t.db, breckland.id, w.officer);
    const future = (days: number) => new Date(Date.now() + days * 86_400_000);
    await t.db.update(consultations).set({ opensAt: future(-1), closesAt: future(30) }).where(eq(consultations.id, copy.id));
    await expect(publishConsultationAs(t.db, copy.id, w.officer, new Date(), { confirmNoAudience: false })).rejects.toBeInstanceOf(NoAudienceError);
    expect((await t.db.select().from(consultations).where(eq(consultations.id, copy.id)))[0]!.status).toBe("draft");
    const second = await duplicateConsultation(t.db, breckland.id, w.officer);
    await t.db.update(consultations).set({ opensAt: future(-1), closesAt: future(30) }).where(eq(consultations.id, second.id));
    await inviteContacts(t.db, { consultationId: second.id, organisationIds: [w.police.id], userIds: [] } as never, w.officer);
    await expect(publishConsultationAs(t.db, second.id, w.officer, new Date(), { confirmNoAudience: false })).resolves.toMatchObject({ version: 1 });
    await expect(publishConsultationAs(t.db, copy.id, w.officer, new Date(), { confirmNoAudience: true })).resolves.toMatchObject({ version: 1 });
  });
});

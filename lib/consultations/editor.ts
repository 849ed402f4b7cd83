// The officer's edits to a consultation: details, stages, chapters and questions. Each edit
// locks the consultation row, checks the officer manages it, refuses changes that would orphan
// partners' answers, writes the audit log, and (while open) freezes a new published version,
// all in one transaction.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  answers,
  consultations,
  draftAnswerRevisions,
  draftAnswers,
  questions,
  responses,
  sections,
  stages,
  type Consultation,
  type Question,
} from "../../db/schema";
import { writeAudit } from "../audit";
import type { AuditAction } from "../audit/labels";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { mergeOrRefuse, type EditOptions } from "../input/edit-merge";
import { freezeVersion } from "./commands";
import { endOfUkDay, startOfUkDay, ukDate } from "./dates";
import { introducedProblems, showIfProblems, type RuleQuestion } from "./rules";
import { routingValuesFor, type ChapterInput, type DetailsInput, type QuestionInput, type StageInput } from "./schemas";
import { plural } from "../text/plural";

type Tx = Db;

/** Load the consultation locked for update and check the actor manages it. */
export async function lockManaged(tx: Tx, consultationId: string, actor: Actor): Promise<Consultation> {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("update");
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

function assertEditable(c: Consultation) {
  if (c.status === "closed" || c.status === "archived") {
    throw new LockedError("This consultation is closed, so it can no longer be changed");
  }
}

async function editing<T>(db: Db, consultationId: string, actor: Actor, fn: (tx: Tx, c: Consultation) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    assertEditable(c);
    return fn(tx, c);
  });
}

function audit(tx: Tx, c: Consultation, actor: Actor, action: AuditAction, entityType: string, entityId: string, before?: unknown, after?: unknown) {
  return writeAudit(tx, {
    actorId: actor.id,
    action,
    entityType,
    entityId,
    consultationId: c.id,
    organisationId: c.ownerOrganisationId,
    before: before ?? null,
    after: after ?? null,
  });
}

/** While open, every change to the structure is published at once as a new version. */
async function republishIfOpen(tx: Tx, c: Consultation, actor: Actor, reason: string) {
  if (c.status !== "open") return null;
  const version = await freezeVersion(tx, c.id, actor.id);
  await audit(tx, c, actor, "consultation.version", "consultation", c.id, { publishedVersion: c.publishedVersion }, { publishedVersion: version, reason });
  return version;
}

// ---------------------------------------------------------------------------------------------
// Structure helpers

async function orderedQuestions(tx: Tx, consultationId: string) {
  const secs = await tx.select({ id: sections.id, position: sections.position }).from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position));
  const secPos = new Map(secs.map((s, i) => [s.id, i]));
  const qs = await tx.select().from(questions).where(eq(questions.consultationId, consultationId));
  return qs.sort(
    (a, b) =>
      (secPos.get(a.sectionId) ?? 0) - (secPos.get(b.sectionId) ?? 0) ||
      a.position - b.position ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.number.localeCompare(b.number, "en", { numeric: true }),
  );
}

/** Positions 0…n in reading order (chapter order, then order within the chapter). */
async function renumber(tx: Tx, consultationId: string, ordered?: Question[]) {
  const list = ordered ?? (await orderedQuestions(tx, consultationId));
  for (const [i, q] of list.entries()) {
    if (q.position !== i) await tx.update(questions).set({ position: i }).where(eq(questions.id, q.id));
  }
}

async function renumberSections(tx: Tx, consultationId: string, orderedIds?: string[]) {
  const ids = orderedIds ?? (await tx.select({ id: sections.id }).from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position))).map((s) => s.id);
  for (const [i, id] of ids.entries()) await tx.update(sections).set({ position: i }).where(eq(sections.id, id));
}

const asRule = (q: Pick<Question, "id" | "number" | "type" | "options" | "showIf" | "sectionId">): RuleQuestion => ({
  id: q.id,
  number: q.number,
  type: q.type,
  options: q.options,
  showIf: q.showIf,
  sectionId: q.sectionId,
});

/** Refuse a change that would break a show-if that was fine before it. */
function refuseBrokenShowIf(before: RuleQuestion[], after: RuleQuestion[], field = "showIfQuestion") {
  const broken = introducedProblems(showIfProblems(before), showIfProblems(after));
  if (broken.length) throw new InvalidError(broken[0].message, { [field]: broken[0].message });
}

async function answerCount(tx: Tx, questionIds: string[]): Promise<number> {
  if (!questionIds.length) return 0;
  const [{ n }] = await tx.select({ n: count() }).from(answers).where(inArray(answers.questionId, questionIds));
  return n;
}

/** Which of `options` some partner has chosen in an answer to the question. */
async function chosenAmong(tx: Tx, questionId: string, options: string[]): Promise<string[]> {
  if (!options.length) return [];
  const rows = await tx
    .select({ v: sql<string>`x.v` })
    .from(
      sql`(select distinct jsonb_array_elements_text(case when jsonb_typeof(${answers.value}) = 'array' then ${answers.value} else jsonb_build_array(${answers.value}) end) as v from ${answers} where ${answers.questionId} = ${questionId}) as x`,
    );
  const chosen = new Set(rows.map((r) => r.v));
  return options.filter((o) => chosen.has(o));
}

async function responseCount(tx: Tx, consultationId: string): Promise<number> {
  const [{ n }] = await tx.select({ n: count() }).from(responses).where(eq(responses.consultationId, consultationId));
  return n;
}

async function ensureDraftAnswer(tx: Tx, c: Consultation, questionId: string, actor: Actor) {
  if (c.kind !== "consultation_to_answer") return;
  const [dr] = await tx
    .insert(draftAnswers)
    .values({ consultationId: c.id, questionId, text: "", status: "not_started", updatedBy: actor.id })
    .onConflictDoNothing()
    .returning();
  if (dr) await tx.insert(draftAnswerRevisions).values({ draftAnswerId: dr.id, version: dr.version, text: dr.text, status: dr.status, createdBy: actor.id });
}

async function numberTaken(tx: Tx, consultationId: string, number: string, exceptId?: string) {
  const rows = await tx.select({ id: questions.id }).from(questions).where(and(eq(questions.consultationId, consultationId), eq(questions.number, number)));
  return rows.some((r) => r.id !== exceptId);
}

// ---------------------------------------------------------------------------------------------
// Details

/** A consultation's details as its form shows them (and as a concurrent save is compared: lib/input/edit-merge). */
export function detailsValues(c: Consultation) {
  return {
    title: c.title,
    referenceCode: c.referenceCode,
    summary: c.summary,
    kind: c.kind,
    askedBy: c.askedBy,
    responseDeadline: c.responseDeadline,
    opensOn: ukDate(c.opensAt) ?? null,
    closesOn: ukDate(c.closesAt) ?? null,
    audienceDescription: c.audienceDescription,
    privacyNotice: c.privacyNotice,
    contactOfficerName: c.contactOfficerName,
    contactOfficerEmail: c.contactOfficerEmail,
  };
}

/** The details checked together: merged from one version, never mixed (lib/input/edit-merge). */
const DETAIL_GROUPS = [
  ["opensOn", "closesOn"],
  ["kind", "askedBy", "responseDeadline"],
  ["contactOfficerName", "contactOfficerEmail"],
];

export async function updateConsultationDetails(db: Db, consultationId: string, typed: DetailsInput, actor: Actor, opts: EditOptions = {}) {
  return editing(db, consultationId, actor, async (tx, c) => {
    // A colleague's save since the form was drawn is kept where this person left the field alone.
    const input = mergeOrRefuse(detailsValues(c), typed, opts.base ?? null, { groups: DETAIL_GROUPS });
    if (c.status === "open") {
      if (!input.opensOn) throw new InvalidError("An open consultation needs an opening date", { opensOn: "An open consultation needs an opening date" });
      if (!input.closesOn) throw new InvalidError("An open consultation needs a closing date", { closesOn: "An open consultation needs a closing date" });
      if (endOfUkDay(input.closesOn) <= new Date()) {
        const m = "The closing date must be today or later while the consultation is open. To stop responses now, close the consultation.";
        throw new InvalidError(m, { closesOn: m });
      }
    }
    const next = {
      title: input.title,
      referenceCode: input.referenceCode ?? null,
      summary: input.summary,
      kind: input.kind,
      askedBy: input.askedBy || null,
      responseDeadline: input.responseDeadline ?? null,
      opensAt: input.opensOn ? startOfUkDay(input.opensOn) : null,
      closesAt: input.closesOn ? endOfUkDay(input.closesOn) : null,
      audienceDescription: input.audienceDescription,
      privacyNotice: input.privacyNotice,
      contactOfficerName: input.contactOfficerName ?? "",
      contactOfficerEmail: input.contactOfficerEmail ?? "",
    };
    const before = detailsValues(c);
    const after = { ...next, opensOn: input.opensOn ?? null, closesOn: input.closesOn ?? null, opensAt: undefined, closesAt: undefined };
    const changed = Object.keys(before).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after]));
    if (!changed.length) return c;
    const [updated] = await tx.update(consultations).set({ ...next, updatedAt: new Date() }).where(eq(consultations.id, c.id)).returning();
    if (c.kind !== updated.kind && updated.kind === "consultation_to_answer") {
      for (const q of await tx.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, c.id))) {
        await ensureDraftAnswer(tx, updated, q.id, actor);
      }
    }
    await audit(
      tx,
      c,
      actor,
      "consultation.update",
      "consultation",
      c.id,
      Object.fromEntries(changed.map((k) => [k, before[k as keyof typeof before]])),
      Object.fromEntries(changed.map((k) => [k, after[k as keyof typeof after]])),
    );
    if (changed.includes("title") || changed.includes("kind")) await republishIfOpen(tx, updated, actor, "details changed");
    return updated;
  });
}

export async function setReminderDays(db: Db, consultationId: string, days: number | undefined, actor: Actor) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    const value = days ?? null;
    if (c.reminderDaysBefore === value) return c;
    const [updated] = await tx.update(consultations).set({ reminderDaysBefore: value, updatedAt: new Date() }).where(eq(consultations.id, c.id)).returning();
    await audit(tx, c, actor, "consultation.update", "consultation", c.id, { reminderDaysBefore: c.reminderDaysBefore }, { reminderDaysBefore: value });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------
// Stages

export async function addStage(db: Db, consultationId: string, input: StageInput, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const [{ n }] = await tx.select({ n: count() }).from(stages).where(eq(stages.consultationId, c.id));
    const [s] = await tx
      .insert(stages)
      .values({ consultationId: c.id, name: input.name, description: input.description, startsOn: input.startsOn ?? null, dueOn: input.dueOn ?? null, position: n })
      .returning();
    await audit(tx, c, actor, "stage.create", "stage", s.id, null, input);
    return s;
  });
}

async function stageOf(tx: Tx, c: Consultation, stageId: string) {
  const [s] = await tx.select().from(stages).where(and(eq(stages.id, stageId), eq(stages.consultationId, c.id)));
  if (!s) throw new NotFoundError("Stage");
  return s;
}

/** A stage as its form shows it. */
export function stageValues(s: { name: string; description: string; startsOn: string | null; dueOn: string | null }) {
  return { name: s.name, description: s.description, startsOn: s.startsOn, dueOn: s.dueOn };
}

export async function updateStage(db: Db, consultationId: string, stageId: string, typed: StageInput, actor: Actor, opts: EditOptions = {}) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await stageOf(tx, c, stageId);
    const input = { ...typed, ...mergeOrRefuse(stageValues(s), stageValues({ ...typed, startsOn: typed.startsOn ?? null, dueOn: typed.dueOn ?? null }), opts.base ?? null, { groups: [["startsOn", "dueOn"]] }) };
    const [after] = await tx
      .update(stages)
      .set({ name: input.name, description: input.description, startsOn: input.startsOn ?? null, dueOn: input.dueOn ?? null })
      .where(eq(stages.id, s.id))
      .returning();
    await audit(tx, c, actor, "stage.update", "stage", s.id, { name: s.name, description: s.description, startsOn: s.startsOn, dueOn: s.dueOn }, input);
    return after;
  });
}

export async function deleteStage(db: Db, consultationId: string, stageId: string, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await stageOf(tx, c, stageId);
    await tx.delete(stages).where(eq(stages.id, s.id));
    const rest = await tx.select({ id: stages.id }).from(stages).where(eq(stages.consultationId, c.id)).orderBy(asc(stages.position));
    for (const [i, r] of rest.entries()) await tx.update(stages).set({ position: i }).where(eq(stages.id, r.id));
    await audit(tx, c, actor, "stage.delete", "stage", s.id, { name: s.name, description: s.description, startsOn: s.startsOn, dueOn: s.dueOn });
  });
}

export async function moveStage(db: Db, consultationId: string, stageId: string, direction: "up" | "down", actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const list = await tx.select().from(stages).where(eq(stages.consultationId, c.id)).orderBy(asc(stages.position));
    const i = list.findIndex((s) => s.id === stageId);
    if (i === -1) throw new NotFoundError("Stage");
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    for (const [k, s] of list.entries()) await tx.update(stages).set({ position: k }).where(eq(stages.id, s.id));
    await audit(tx, c, actor, "stage.move", "stage", stageId, { position: i }, { position: j });
  });
}

// ---------------------------------------------------------------------------------------------
// Chapters

export async function addChapter(db: Db, consultationId: string, input: ChapterInput, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const [{ n }] = await tx.select({ n: count() }).from(sections).where(eq(sections.consultationId, c.id));
    const [s] = await tx.insert(sections).values({ consultationId: c.id, title: input.title, description: input.description, position: n }).returning();
    await audit(tx, c, actor, "chapter.create", "section", s.id, null, input);
    await republishIfOpen(tx, c, actor, "chapter added");
    return s;
  });
}

async function sectionOf(tx: Tx, c: Consultation, sectionId: string) {
  const [s] = await tx.select().from(sections).where(and(eq(sections.id, sectionId), eq(sections.consultationId, c.id)));
  if (!s) throw new NotFoundError("Chapter");
  return s;
}

/** A chapter as its form shows it. */
export function chapterValues(s: { title: string; description: string }) {
  return { title: s.title, description: s.description };
}

export async function updateChapter(db: Db, consultationId: string, sectionId: string, typed: ChapterInput, actor: Actor, opts: EditOptions = {}) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await sectionOf(tx, c, sectionId);
    const input = { ...typed, ...mergeOrRefuse(chapterValues(s), chapterValues(typed), opts.base ?? null) };
    if (s.title === input.title && s.description === input.description) return s;
    const [after] = await tx.update(sections).set({ title: input.title, description: input.description }).where(eq(sections.id, s.id)).returning();
    await audit(tx, c, actor, "chapter.update", "section", s.id, { title: s.title, description: s.description }, input);
    await republishIfOpen(tx, c, actor, "chapter wording changed");
    return after;
  });
}

export async function deleteChapter(db: Db, consultationId: string, sectionId: string, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await sectionOf(tx, c, sectionId);
    const all = await orderedQuestions(tx, c.id);
    const inChapter = all.filter((q) => q.sectionId === s.id);
    const answered = await answerCount(tx, inChapter.map((q) => q.id));
    if (answered) {
      throw new LockedError(
        `Partners have already answered questions in “${s.title}” (${plural(answered, "answer")}), so the chapter cannot be deleted. You can still change its wording.`,
      );
    }
    refuseBrokenShowIf(all.map(asRule), all.filter((q) => q.sectionId !== s.id).map(asRule), "_form");
    const drafts = inChapter.length
      ? await tx.select({ questionId: draftAnswers.questionId, text: draftAnswers.text }).from(draftAnswers).where(inArray(draftAnswers.questionId, inChapter.map((q) => q.id)))
      : [];
    await tx.delete(sections).where(eq(sections.id, s.id));
    await renumberSections(tx, c.id);
    await renumber(tx, c.id);
    await audit(tx, c, actor, "chapter.delete", "section", s.id, {
      title: s.title,
      description: s.description,
      questions: inChapter.map((q) => ({ number: q.number, text: q.text, type: q.type, draftAnswer: drafts.find((d) => d.questionId === q.id)?.text || undefined })),
    });
    await republishIfOpen(tx, c, actor, "chapter deleted");
  });
}

export async function moveChapter(db: Db, consultationId: string, sectionId: string, direction: "up" | "down", actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const list = await tx.select().from(sections).where(eq(sections.consultationId, c.id)).orderBy(asc(sections.position));
    const i = list.findIndex((s) => s.id === sectionId);
    if (i === -1) throw new NotFoundError("Chapter");
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    const before = (await orderedQuestions(tx, c.id)).map(asRule);
    [list[i], list[j]] = [list[j], list[i]];
    await renumberSections(tx, c.id, list.map((s) => s.id));
    const after = await orderedQuestions(tx, c.id);
    refuseBrokenShowIf(before, after.map(asRule), "_form");
    await renumber(tx, c.id, after);
    await audit(tx, c, actor, "chapter.move", "section", sectionId, { position: i }, { position: j });
    await republishIfOpen(tx, c, actor, "chapters reordered");
  });
}

// ---------------------------------------------------------------------------------------------
// Questions

function questionValues(input: QuestionInput) {
  return {
    number: input.number,
    subheading: input.subheading,
    type: input.type,
    text: input.text,
    hint: input.hint,
    required: input.required,
    options: input.options,
    limits: input.limits,
    showIf: input.showIf,
  };
}

export async function addQuestion(db: Db, consultationId: string, sectionId: string, input: QuestionInput, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await sectionOf(tx, c, sectionId);
    if (await numberTaken(tx, c.id, input.number)) {
      throw new InvalidError(`There is already a question ${input.number}`, { number: `There is already a question ${input.number}: give this one another number` });
    }
    const all = await orderedQuestions(tx, c.id);
    // Inserted with a placeholder position, then placed at the end of its chapter.
    const [q] = await tx.insert(questions).values({ ...questionValues(input), consultationId: c.id, sectionId: s.id, position: all.length }).returning();
    const ordered = await placeInOrder(tx, c.id, all, q, s.id);
    refuseBrokenShowIf(all.map(asRule), ordered.map(asRule));
    await renumber(tx, c.id, ordered);
    await ensureDraftAnswer(tx, c, q.id, actor);
    await audit(tx, c, actor, "question.create", "question", q.id, null, { chapter: s.title, ...questionValues(input) });
    await republishIfOpen(tx, c, actor, `question ${q.number} added`);
    return q;
  });
}

/** Reading order with `q` placed at the end of chapter `sectionId`. */
async function placeInOrder(tx: Tx, consultationId: string, all: Question[], q: Question, sectionId: string): Promise<Question[]> {
  const secs = await tx.select({ id: sections.id }).from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position));
  const rest = all.filter((x) => x.id !== q.id);
  const moved = { ...q, sectionId };
  const order = secs.map((s) => s.id);
  const target = order.indexOf(sectionId);
  let index = rest.length;
  for (const [i, x] of rest.entries()) {
    if (order.indexOf(x.sectionId) > target) {
      index = i;
      break;
    }
  }
  return [...rest.slice(0, index), moved, ...rest.slice(index)];
}

async function questionOf(tx: Tx, c: Consultation, questionId: string) {
  const [q] = await tx.select().from(questions).where(and(eq(questions.id, questionId), eq(questions.consultationId, c.id)));
  if (!q) throw new NotFoundError("Question");
  return q;
}

/** A question's fields checked together (its shape): merged from one version, never mixed. */
const QUESTION_GROUPS = [["type", "options", "limits", "required", "showIf"]];

/** The form field a question's value is shown in, for a message at it. */
const QUESTION_FIELDS: Record<string, string> = { limits: "maxLength", showIf: "showIfQuestion" };

/** A question's values as its form posts them (and as a concurrent save is compared). */
export function storedQuestionValues(q: Pick<QuestionInput, "number" | "subheading" | "type" | "text" | "hint" | "required" | "options" | "limits" | "showIf">) {
  return questionValues(q as QuestionInput);
}

export async function updateQuestion(db: Db, consultationId: string, questionId: string, sectionId: string, typed: QuestionInput, actor: Actor, opts: EditOptions = {}) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const q = await questionOf(tx, c, questionId);
    const input: QuestionInput = {
      ...typed,
      ...mergeOrRefuse(storedQuestionValues(q as never), questionValues(typed), opts.base ?? null, { fieldOf: (k) => QUESTION_FIELDS[k] ?? k, groups: QUESTION_GROUPS }),
    };
    const s = await sectionOf(tx, c, sectionId);
    if (input.number !== q.number && (await numberTaken(tx, c.id, input.number, q.id))) {
      throw new InvalidError(`There is already a question ${input.number}`, { number: `There is already a question ${input.number}: give this one another number` });
    }
    const answered = await answerCount(tx, [q.id]);
    if (answered && input.type !== q.type) {
      const m = `Question ${q.number} has ${plural(answered, "answer")} already, so its type cannot change (the answers would no longer fit). You can still change its wording.`;
      throw new LockedError(m);
    }
    if (answered) {
      const oldChoices = routingValuesFor(q);
      const newChoices = routingValuesFor({ type: input.type, options: input.options });
      if (Array.isArray(oldChoices) && Array.isArray(newChoices)) {
        const removed = oldChoices.filter((o) => !newChoices.includes(o));
        const chosen = await chosenAmong(tx, q.id, removed);
        if (chosen.length) {
          const list = chosen.map((o) => `“${o}”`).join(", ");
          const m = `Partners have already chosen ${list} in answers to question ${q.number}, so ${chosen.length === 1 ? "that option" : "those options"} cannot be removed or renamed. You can add options or change the question's wording.`;
          throw new InvalidError(m, { options: m });
        }
      }
    }
    const all = await orderedQuestions(tx, c.id);
    const values = questionValues(input);
    const updated = { ...q, ...values, sectionId: s.id };
    // A renumbered question takes its dependants' show-ifs with it.
    const renamed = input.number !== q.number;
    const dependants = renamed ? all.filter((x) => x.showIf?.questionNumber === q.number && x.id !== q.id) : [];
    const projected = all.map((x) =>
      x.id === q.id ? updated : dependants.includes(x) ? { ...x, showIf: { ...x.showIf!, questionNumber: input.number } } : x,
    );
    const ordered = s.id === q.sectionId ? projected : await placeInOrder(tx, c.id, projected, updated, s.id);
    refuseBrokenShowIf(all.map(asRule), ordered.map(asRule), q.showIf || input.showIf ? "showIfQuestion" : "options");
    await tx.update(questions).set({ ...values, sectionId: s.id, updatedAt: new Date() }).where(eq(questions.id, q.id));
    for (const d of dependants) {
      await tx.update(questions).set({ showIf: { ...d.showIf!, questionNumber: input.number } }).where(eq(questions.id, d.id));
    }
    if (s.id !== q.sectionId) await renumber(tx, c.id, ordered);
    const beforeValues = { number: q.number, subheading: q.subheading, type: q.type, text: q.text, hint: q.hint, required: q.required, options: q.options, limits: q.limits, showIf: q.showIf };
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => JSON.stringify(beforeValues[k]) !== JSON.stringify(values[k]));
    if (s.id !== q.sectionId) changed.push("sectionId" as never);
    if (!changed.length) return updated;
    await audit(
      tx,
      c,
      actor,
      "question.update",
      "question",
      q.id,
      { ...Object.fromEntries(changed.map((k) => [k, k === ("sectionId" as never) ? q.sectionId : beforeValues[k]])), answered },
      Object.fromEntries(changed.map((k) => [k, k === ("sectionId" as never) ? s.id : values[k]])),
    );
    await republishIfOpen(tx, c, actor, answered ? `wording of question ${input.number} fixed` : `question ${input.number} changed`);
    return updated;
  });
}

export async function deleteQuestion(db: Db, consultationId: string, questionId: string, actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const q = await questionOf(tx, c, questionId);
    const answered = await answerCount(tx, [q.id]);
    if (answered) {
      throw new LockedError(
        `Question ${q.number} has ${plural(answered, "answer")} from partners, so it cannot be deleted (the answers would be orphaned). You can still change its wording.`,
      );
    }
    const all = await orderedQuestions(tx, c.id);
    const dependant = all.find((x) => x.showIf?.questionNumber === q.number);
    if (dependant) {
      throw new InvalidError(`Question ${dependant.number} is shown only after an answer to question ${q.number}. Change question ${dependant.number}'s show-if first.`);
    }
    const [draft] = await tx.select({ text: draftAnswers.text }).from(draftAnswers).where(eq(draftAnswers.questionId, q.id));
    await tx.delete(questions).where(eq(questions.id, q.id));
    await renumber(tx, c.id);
    await audit(tx, c, actor, "question.delete", "question", q.id, {
      number: q.number,
      subheading: q.subheading,
      type: q.type,
      text: q.text,
      hint: q.hint,
      options: q.options,
      draftAnswer: draft?.text || undefined,
      responses: await responseCount(tx, c.id),
    });
    await republishIfOpen(tx, c, actor, `question ${q.number} deleted`);
  });
}

/**
 * Move a question one place up or down in reading order. At the top or bottom of its chapter
 * it moves into the neighbouring chapter, which is how a question the importer put in the
 * wrong chapter is put right.
 */
export async function moveQuestion(db: Db, consultationId: string, questionId: string, direction: "up" | "down", actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const q = await questionOf(tx, c, questionId);
    const secs = await tx.select({ id: sections.id }).from(sections).where(eq(sections.consultationId, c.id)).orderBy(asc(sections.position));
    const order = secs.map((s) => s.id);
    const all = await orderedQuestions(tx, c.id);
    const inChapter = all.filter((x) => x.sectionId === q.sectionId);
    const i = inChapter.findIndex((x) => x.id === q.id);
    let next: Question[];
    let where: string;
    if (direction === "up" && i > 0) {
      next = swap(all, q, inChapter[i - 1]);
      where = `above question ${inChapter[i - 1].number}`;
    } else if (direction === "down" && i < inChapter.length - 1) {
      next = swap(all, q, inChapter[i + 1]);
      where = `below question ${inChapter[i + 1].number}`;
    } else {
      const k = order.indexOf(q.sectionId) + (direction === "up" ? -1 : 1);
      if (k < 0 || k >= order.length) return;
      const target = order[k];
      const rest = all.filter((x) => x.id !== q.id);
      const moved = { ...q, sectionId: target };
      // Up: the end of the previous chapter; down: the start of the next one.
      let index: number;
      if (direction === "up") {
        const lastOfPrev = rest.map((x) => x.sectionId).lastIndexOf(target);
        index = lastOfPrev === -1 ? rest.findIndex((x) => order.indexOf(x.sectionId) > k) : lastOfPrev + 1;
        if (index === -1) index = rest.length;
      } else {
        const firstOfNext = rest.findIndex((x) => order.indexOf(x.sectionId) >= k);
        index = firstOfNext === -1 ? rest.length : firstOfNext;
      }
      next = [...rest.slice(0, index), moved, ...rest.slice(index)];
      where = `into chapter ${k + 1}`;
      await tx.update(questions).set({ sectionId: target, updatedAt: new Date() }).where(eq(questions.id, q.id));
    }
    refuseBrokenShowIf(all.map(asRule), next.map(asRule), "_form");
    await renumber(tx, c.id, next);
    await audit(tx, c, actor, "question.move", "question", q.id, { position: q.position, sectionId: q.sectionId }, { direction, where });
    await republishIfOpen(tx, c, actor, `question ${q.number} moved`);
  });
}

function swap(all: Question[], a: Question, b: Question): Question[] {
  const out = [...all];
  const i = out.findIndex((x) => x.id === a.id);
  const j = out.findIndex((x) => x.id === b.id);
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

// ---------------------------------------------------------------------------------------------
// The question bank: copies of questions from the council's other consultations

/** The next whole number after every question number in use ("12" after "11a"). */
function nextFreeNumber(taken: Set<string>): string {
  let n = Math.max(0, ...[...taken].map((x) => Number.parseInt(x, 10)).filter(Number.isFinite)) + 1;
  while (taken.has(String(n))) n++;
  return String(n);
}

/**
 * Add copies of questions from the council's other consultations to the end of one chapter,
 * numbered on from the highest number in use. The copy keeps the question's wording, hint,
 * type, options, limits and "required"; not its show-if (it named the other consultation's
 * questions) nor its sub-heading. Questions of another council's consultations are refused as
 * not found, whatever ids are posted.
 */
export async function addQuestionsFromBank(db: Db, consultationId: string, sectionId: string, questionIds: string[], actor: Actor) {
  return editing(db, consultationId, actor, async (tx, c) => {
    const s = await sectionOf(tx, c, sectionId);
    const ids = [...new Set(questionIds)];
    const sources = ids.length
      ? await tx
          .select({ q: questions, consultationTitle: consultations.title })
          .from(questions)
          .innerJoin(consultations, eq(consultations.id, questions.consultationId))
          .where(and(inArray(questions.id, ids), eq(consultations.ownerOrganisationId, c.ownerOrganisationId)))
      : [];
    if (!ids.length || sources.length !== ids.length || sources.some((x) => x.q.consultationId === c.id)) {
      throw new InvalidError("Select questions from the list", { questionIds: "Select questions from the list" });
    }
    // In the order they were listed (the bank's order), so the officer's picks read as chosen.
    sources.sort((a, b) => ids.indexOf(a.q.id) - ids.indexOf(b.q.id));
    let all = await orderedQuestions(tx, c.id);
    const before = all.map(asRule);
    const taken = new Set(all.map((q) => q.number));
    const added: { id: string; number: string; from: string; fromNumber: string }[] = [];
    for (const { q: src, consultationTitle } of sources) {
      const number = nextFreeNumber(taken);
      taken.add(number);
      const [q] = await tx
        .insert(questions)
        .values({
          consultationId: c.id,
          sectionId: s.id,
          number,
          subheading: null,
          type: src.type,
          text: src.text,
          hint: src.hint,
          required: src.required,
          options: src.options,
          limits: src.limits,
          showIf: null,
          position: all.length,
        })
        .returning();
      all = await placeInOrder(tx, c.id, all, q, s.id);
      await ensureDraftAnswer(tx, c, q.id, actor);
      added.push({ id: q.id, number, from: consultationTitle, fromNumber: src.number });
    }
    refuseBrokenShowIf(before, all.map(asRule), "questionIds");
    await renumber(tx, c.id, all);
    await audit(tx, c, actor, "question.reuse", "section", s.id, null, {
      chapter: s.title,
      questions: added.map((a) => ({ number: a.number, copiedFrom: `${a.from}, question ${a.fromNumber}` })),
    });
    await republishIfOpen(tx, c, actor, `${added.length === 1 ? "question" : "questions"} ${added.map((a) => a.number).join(", ")} added from the question bank`);
    return added;
  });
}

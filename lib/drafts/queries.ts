// Reads of the council's draft answers: one answer with its question, the drafting dashboard,
// revision history and the comparison of two revisions.
import { and, asc, eq, inArray, sql, type AnyColumn } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import {
  draftAnswerRevisions,
  draftAnswers,
  memberships,
  questions,
  sections,
  stages,
  users,
  type Consultation,
  type DraftStatus,
} from "../../db/schema";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { isUuid } from "../sql";
import { countAnswersByQuestion } from "../collation/queries";
import { InvalidError, NotFoundError } from "../errors";
import { wordDiff } from "./diff";
import { daysUntil, draftDueDate, type DraftDueDate } from "./due-date";

export type DraftView = {
  /** Null when the question has no draft row yet (added after the consultation was created). */
  id: string | null;
  questionId: string;
  text: string;
  status: DraftStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  /** 0 when no draft row exists: the first save creates version 1. */
  version: number;
  updatedAt: Date | null;
  updatedByName: string | null;
};

const assignee = alias(users, "assignee");
const editor = alias(users, "editor");

/** A person as the drafting pages name them: their name, or their address when they have none. */
export const nameOrAddress = (u: { name: AnyColumn; email: AnyColumn }) => sql<string>`coalesce(${u.name}, ${u.email})`;

/** Officers of the council, who may be given a draft answer to write; `name` is an officer's address when they have no name. */
export async function listCouncilOfficers(db: Db, organisationId: string) {
  return db
    .selectDistinct({ id: users.id, name: nameOrAddress(users), email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "officer"), sql`${users.erasedAt} is null`, sql`${users.deactivatedAt} is null`))
    .orderBy(asc(nameOrAddress(users)));
}

/** Question numbers → ids in question order, for cross-references ("As for 16 above.") and previous/next links. */
export async function questionNumberIndex(db: Db, consultationId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: questions.id, number: questions.number })
    .from(questions)
    .where(eq(questions.consultationId, consultationId))
    .orderBy(asc(questions.position));
  return new Map(rows.map((r) => [r.number, r.id]));
}

/** When the drafts are due and how many days are left, from the consultation's stages. */
export async function dueDateFor(db: Db, consultation: Pick<Consultation, "id" | "responseDeadline">, today = new Date()): Promise<(DraftDueDate & { daysLeft: number }) | null> {
  const rows = await db
    .select({ name: stages.name, startsOn: stages.startsOn, dueOn: stages.dueOn, position: stages.position })
    .from(stages)
    .where(eq(stages.consultationId, consultation.id));
  const due = draftDueDate({ responseDeadline: consultation.responseDeadline }, rows);
  return due ? { ...due, daysLeft: daysUntil(due.dueOn, today) } : null;
}

async function draftFor(db: Db, consultationId: string, questionId: string): Promise<DraftView> {
  const [d] = await db
    .select({
      id: draftAnswers.id,
      questionId: draftAnswers.questionId,
      text: draftAnswers.text,
      status: draftAnswers.status,
      assigneeId: draftAnswers.assigneeId,
      assigneeName: nameOrAddress(assignee),
      version: draftAnswers.version,
      updatedAt: draftAnswers.updatedAt,
      updatedByName: editor.name,
    })
    .from(draftAnswers)
    .leftJoin(assignee, eq(assignee.id, draftAnswers.assigneeId))
    .leftJoin(editor, eq(editor.id, draftAnswers.updatedBy))
    .where(and(eq(draftAnswers.questionId, questionId), eq(draftAnswers.consultationId, consultationId)));
  return (
    d ?? { id: null, questionId, text: "", status: "not_started", assigneeId: null, assigneeName: null, version: 0, updatedAt: null, updatedByName: null }
  );
}

/** One question's draft answer with its question and chapter. Refused to anyone who may not read drafts. */
export async function getDraftAnswer(db: Db, input: { consultationId: string; questionId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  const [q] = await db
    .select({
      id: questions.id,
      number: questions.number,
      text: questions.text,
      hint: questions.hint,
      type: questions.type,
      subheading: questions.subheading,
      position: questions.position,
      chapter: sections.title,
    })
    .from(questions)
    .innerJoin(sections, eq(sections.id, questions.sectionId))
    .where(and(eq(questions.id, input.questionId), eq(questions.consultationId, c.id)));
  if (!q) throw new NotFoundError("Question");
  return { consultation: c, question: q, draft: await draftFor(db, c.id, q.id) };
}

export type DashboardFilter = { assigneeId?: string; status?: DraftStatus };

/**
 * The drafting dashboard: every question with its draft's status and assignee and how many
 * partners answered it (submitted responses), plus progress over all questions whatever the filter.
 */
export async function listDraftAnswers(db: Db, input: { consultationId: string; filter?: DashboardFilter; today?: Date }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  const filter = input.filter ?? {};
  if (filter.assigneeId !== undefined && !isUuid(filter.assigneeId)) throw new InvalidError("Choose an officer", { assignee: "Choose an officer" });
  const rows = await db
    .select({
      questionId: questions.id,
      number: questions.number,
      questionText: questions.text,
      subheading: questions.subheading,
      chapter: sections.title,
      chapterPosition: sections.position,
      position: questions.position,
      draftId: draftAnswers.id,
      status: sql<DraftStatus>`coalesce(${draftAnswers.status}, 'not_started')`,
      assigneeId: draftAnswers.assigneeId,
      assigneeName: nameOrAddress(assignee),
      version: sql<number>`coalesce(${draftAnswers.version}, 0)`,
      textLength: sql<number>`coalesce(length(${draftAnswers.text}), 0)`,
      updatedAt: draftAnswers.updatedAt,
    })
    .from(questions)
    .innerJoin(sections, eq(sections.id, questions.sectionId))
    .leftJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
    .leftJoin(assignee, eq(assignee.id, draftAnswers.assigneeId))
    .where(eq(questions.consultationId, c.id))
    .orderBy(asc(sections.position), asc(questions.position));
  const partnerCounts = await countAnswersByQuestion(db, c.id, { responseStatus: "submitted" });
  const rowsWithCounts = rows.map((r) => ({ ...r, partnerAnswers: partnerCounts.get(r.questionId) ?? 0 }));
  const byStatus: Record<DraftStatus, number> = { not_started: 0, drafting: 0, ready_for_review: 0, approved: 0 };
  for (const r of rows) byStatus[r.status] += 1;
  const visible = rowsWithCounts.filter(
    (r) => (filter.assigneeId === undefined || r.assigneeId === filter.assigneeId) && (filter.status === undefined || r.status === filter.status),
  );
  return {
    consultation: c,
    rows: visible,
    progress: {
      total: rows.length,
      byStatus,
      readyOrApproved: byStatus.ready_for_review + byStatus.approved,
    },
    due: await dueDateFor(db, c, input.today),
  };
}

export type RevisionView = {
  id: string;
  version: number;
  text: string;
  status: DraftStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: Date;
  createdByName: string | null;
};

/** Every saved revision of a question's draft answer, newest first. */
export async function listDraftRevisions(db: Db, input: { consultationId: string; questionId: string }, actor: Actor): Promise<RevisionView[]> {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  return db
    .select({
      id: draftAnswerRevisions.id,
      version: draftAnswerRevisions.version,
      text: draftAnswerRevisions.text,
      status: draftAnswerRevisions.status,
      assigneeId: draftAnswerRevisions.assigneeId,
      assigneeName: nameOrAddress(assignee),
      createdAt: draftAnswerRevisions.createdAt,
      createdByName: editor.name,
    })
    .from(draftAnswerRevisions)
    .innerJoin(draftAnswers, eq(draftAnswers.id, draftAnswerRevisions.draftAnswerId))
    .leftJoin(assignee, eq(assignee.id, draftAnswerRevisions.assigneeId))
    .leftJoin(editor, eq(editor.id, draftAnswerRevisions.createdBy))
    .where(and(eq(draftAnswers.questionId, input.questionId), eq(draftAnswers.consultationId, c.id)))
    .orderBy(sql`${draftAnswerRevisions.version} desc`);
}

/** Two revisions of one draft answer and the word diff between them (older → newer). */
export async function compareDraftRevisions(
  db: Db,
  input: { consultationId: string; questionId: string; from: number; to: number },
  actor: Actor,
) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  if (!isUuid(input.questionId)) throw new NotFoundError("Question");
  // A version is a positive integer column: anything else (a huge number from the URL) is no version.
  const isVersion = (n: number) => Number.isInteger(n) && n >= 1 && n <= 2_147_483_647;
  if (!isVersion(input.from) || !isVersion(input.to)) {
    throw new InvalidError("Choose two revisions to compare", { from: "Choose two revisions to compare" });
  }
  const [older, newer] = input.from <= input.to ? [input.from, input.to] : [input.to, input.from];
  const found = await db
    .select({ version: draftAnswerRevisions.version, text: draftAnswerRevisions.text, status: draftAnswerRevisions.status })
    .from(draftAnswerRevisions)
    .innerJoin(draftAnswers, eq(draftAnswers.id, draftAnswerRevisions.draftAnswerId))
    .where(
      and(
        eq(draftAnswers.questionId, input.questionId),
        eq(draftAnswers.consultationId, c.id),
        inArray(draftAnswerRevisions.version, [older, newer]),
      ),
    );
  const a = found.find((r) => r.version === older);
  const b = found.find((r) => r.version === newer);
  if (!a || !b) throw new InvalidError("Those revisions do not exist. Choose two from the list.", { from: "Choose two revisions from the list" });
  return { from: a, to: b, parts: wordDiff(a.text, b.text) };
}

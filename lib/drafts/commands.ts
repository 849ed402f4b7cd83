// Writes to the council's draft answers: save (with the version it started from, so no edit
// is lost), and assign. Both are refused once the answers are signed off (LockedError), by
// the server, whatever the page showed.
import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { consultations, draftAnswerRevisions, draftAnswers, memberships, questions, users, type DraftStatus } from "../../db/schema";
import { writeAudit } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { ConflictError, InvalidError, LockedError, NotFoundError } from "../errors";
import { nameOrAddress } from "./queries";
import { EMPTY_READY_MESSAGE, type AssignDraftAnswersInput, type RestoreDraftRevisionInput, type SaveDraftAnswerInput } from "./schemas";

/** What each side of a conflict holds; both travel with the ConflictError so neither is lost. */
export type DraftSnapshot = {
  text: string;
  status: DraftStatus;
  assigneeId: string | null;
  version: number;
  updatedByName?: string | null;
  updatedAt?: string | null;
};

export const LOCKED_MESSAGE = "The council's answers have been signed off, so they cannot be changed. A signatory must reopen them first.";

/**
 * Lock the consultation row against sign-off for the rest of the transaction and refuse if the
 * answers are signed off. FOR SHARE lets drafts save side by side, while sign-off (FOR UPDATE)
 * waits for them and they wait for it, so no save slips in after the hash is taken.
 */
export async function lockAnswerSetForEditing(tx: Tx, consultationId: string) {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("share");
  if (!c) throw new NotFoundError("Consultation");
  if (c.answerSetStatus === "signed_off") throw new LockedError(LOCKED_MESSAGE);
  return c;
}

async function checkAssignee(tx: Tx, organisationId: string, assigneeId: string | null) {
  if (!assigneeId) return null;
  const [m] = await tx
    .select({ name: nameOrAddress(users) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, assigneeId), eq(memberships.organisationId, organisationId), eq(memberships.role, "officer")));
  if (!m) throw new InvalidError("Select an officer of the council", { assigneeId: "Select an officer of the council" });
  // Named as the choice offers them.
  return m.name;
}

function snapshot(d: { text: string; status: DraftStatus; assigneeId: string | null; version: number }) {
  return { text: d.text, status: d.status, assigneeId: d.assigneeId, version: d.version };
}

/**
 * Save the council's answer to one question. `baseVersion` is the version the officer started
 * from. If someone saved in between:
 * - and changed the text, and this save's text differs from theirs, the save is refused with a
 *   ConflictError carrying both texts (the officer merges and saves against the new version);
 * - and changed only the status or assignee, this save goes ahead on top of theirs, keeping
 *   their status or assignee unless this one changed it too.
 * With `strictVersion` (HTTP If-Match), any save in between refuses this one.
 * Every save that changes something bumps the version (and is audited); only a save that
 * changes the text keeps a revision, so the text history grows only when the text does.
 * An empty answer cannot be marked ready for review.
 */
export async function saveDraftAnswer(db: Db, input: SaveDraftAnswerInput, actor: Actor, options: { strictVersion?: boolean } = {}) {
  return inAnswerSet(db, input, actor, async (tx, c, q) => {
    const assigneeName = await checkAssignee(tx, c.ownerOrganisationId, input.assigneeId);
    // Text with words in it is being drafted, whatever the select said.
    const wanted: { text: string; status: DraftStatus; assigneeId: string | null } = { text: input.text, status: input.status, assigneeId: input.assigneeId };
    if (wanted.status === "not_started" && wanted.text.trim()) wanted.status = "drafting";
    refuseEmptyReady(wanted);

    const [current] = await tx.select().from(draftAnswers).where(eq(draftAnswers.questionId, q.id)).for("update");
    if (!current) {
      if (input.baseVersion !== 0) throw new NotFoundError("Draft answer");
      const [created] = await tx
        .insert(draftAnswers)
        .values({ consultationId: c.id, questionId: q.id, ...wanted, version: 1, updatedBy: actor.id })
        .onConflictDoNothing()
        .returning();
      if (!created) {
        // Someone created it a moment ago: treat as a conflict over an empty base.
        const [theirs] = await tx.select().from(draftAnswers).where(eq(draftAnswers.questionId, q.id));
        throw conflict(theirs, { ...wanted, version: 0 });
      }
      if (wanted.text) await tx.insert(draftAnswerRevisions).values({ draftAnswerId: created.id, version: 1, ...wanted, createdBy: actor.id });
      await audit(tx, actor, c, q.number, created.id, null, { ...created, assigneeName });
      return { draft: created, changed: true };
    }

    let next = wanted;
    if (current.version !== input.baseVersion) {
      if (input.baseVersion > current.version) throw new InvalidError("Reload the page: that version does not exist yet");
      const base = await textAt(tx, current.id, input.baseVersion);
      const baseStatus = input.baseStatus ?? base?.status;
      const baseAssigneeId = input.baseAssigneeId !== undefined ? input.baseAssigneeId : base?.assigneeId;
      const textChangedSince = (base?.text ?? "") !== current.text;
      if (options.strictVersion || (textChangedSince && wanted.text !== current.text)) {
        throw await conflictWithTheirName(tx, current, { ...wanted, version: input.baseVersion });
      }
      next = {
        text: wanted.text,
        status: baseStatus !== undefined && wanted.status === baseStatus ? current.status : wanted.status,
        assigneeId: baseAssigneeId !== undefined && wanted.assigneeId === baseAssigneeId ? current.assigneeId : wanted.assigneeId,
      };
      // Approved only comes from sign-off; a merge never carries it forward into editing.
      if (next.status === "approved") next.status = "ready_for_review";
      if (next.status === "ready_for_review" && !next.text.trim()) next.status = "drafting";
    }
    if (next.text === current.text && next.status === current.status && next.assigneeId === current.assigneeId) {
      return { draft: current, changed: false };
    }
    const saved = await writeNextVersion(tx, current, next, input.baseVersion, actor);
    const name = next.assigneeId === input.assigneeId ? assigneeName : await nameOf(tx, next.assigneeId);
    const previousName = current.assigneeId === next.assigneeId ? name : await nameOf(tx, current.assigneeId);
    await audit(tx, actor, c, q.number, saved.id, { ...current, assigneeName: previousName }, { ...saved, assigneeName: name });
    return { draft: saved, changed: true };
  });
}

/** Refused at the status field: "ready for review" with nothing written is never what was meant. */
function refuseEmptyReady(d: { text: string; status: DraftStatus }) {
  if (d.status === "ready_for_review" && !d.text.trim()) {
    throw new InvalidError(EMPTY_READY_MESSAGE, { status: EMPTY_READY_MESSAGE });
  }
}

/**
 * The text revision in force at `version`: the newest one saved at or before it (a status- or
 * assignee-only save keeps no revision). Undefined when no text was ever saved by then.
 */
async function textAt(tx: Tx, draftAnswerId: string, version: number) {
  const [r] = await tx
    .select()
    .from(draftAnswerRevisions)
    .where(and(eq(draftAnswerRevisions.draftAnswerId, draftAnswerId), lte(draftAnswerRevisions.version, version)))
    .orderBy(desc(draftAnswerRevisions.version))
    .limit(1);
  return r;
}

/**
 * Bring back the text of an earlier revision. History is never rewritten: the text becomes a
 * new revision on top. `baseVersion` is the version the officer was looking at; if anyone saved
 * since, the restore is refused as a conflict carrying both texts, never applied over theirs.
 */
export async function restoreDraftRevision(db: Db, input: RestoreDraftRevisionInput, actor: Actor) {
  return inAnswerSet(db, input, actor, async (tx, c, q) => {
    const [current] = await tx.select().from(draftAnswers).where(eq(draftAnswers.questionId, q.id)).for("update");
    if (!current) throw new NotFoundError("Draft answer");
    const [old] = await tx
      .select()
      .from(draftAnswerRevisions)
      .where(and(eq(draftAnswerRevisions.draftAnswerId, current.id), eq(draftAnswerRevisions.version, input.revision)));
    if (!old) throw new InvalidError("That version does not exist. Choose one from the list.", { revision: "Choose a version from the list" });
    const wanted = {
      text: old.text,
      // Restored text is a change like any other: no longer approved; nothing written is not ready.
      status: restoredStatus(current.status, old.text),
      assigneeId: current.assigneeId,
    };
    if (current.version !== input.baseVersion) {
      const theirs = await conflictWithTheirName(tx, current, { ...wanted, version: input.baseVersion });
      throw new ConflictError<DraftSnapshot>(
        `${theirs.current.updatedByName ?? "Someone"} saved this answer (version ${current.version}) after you opened this page, so version ${old.version} was not restored. Reload the page to see their changes, then restore it again if you still want to.`,
        theirs.current,
        theirs.attempted,
      );
    }
    if (old.text === current.text) {
      throw new InvalidError(`Version ${old.version} reads the same as the current answer, so there is nothing to restore.`);
    }
    const saved = await writeNextVersion(tx, current, wanted, input.baseVersion, actor);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "draft_answer.restore",
      entityType: "draft_answer",
      entityId: saved.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { question: q.number, ...snapshot(current) },
      after: { question: q.number, ...snapshot(saved), restoredFrom: old.version },
    });
    return { draft: saved, restoredFrom: old.version };
  });
}

/**
 * The opening every write to one draft answer shares: the officer may edit this consultation's
 * answers, the answer set is not signed off (and stays so for the transaction), and the question
 * belongs to the consultation.
 */
async function inAnswerSet<T>(
  db: Db,
  input: { consultationId: string; questionId: string },
  actor: Actor,
  work: (tx: Tx, c: Awaited<ReturnType<typeof consultationFor>>, q: { id: string; number: string }) => Promise<T>,
): Promise<T> {
  const c = await consultationFor(db, input.consultationId, "draft_answer.edit", actor);
  if (c.kind !== "consultation_to_answer") throw new InvalidError("This consultation does not need the council's own answers");
  return db.transaction(async (tx) => {
    await lockAnswerSetForEditing(tx, c.id);
    const [q] = await tx
      .select({ id: questions.id, number: questions.number })
      .from(questions)
      .where(and(eq(questions.id, input.questionId), eq(questions.consultationId, c.id)));
    if (!q) throw new NotFoundError("Question");
    return work(tx, c, q);
  });
}

type DraftRow = typeof draftAnswers.$inferSelect;
type Wanted = { text: string; status: DraftStatus; assigneeId: string | null };

/**
 * Write `next` as the version after `current` (whose row is locked FOR UPDATE, so the version
 * cannot have moved: the guard keeps the guarantee should the lock ever be removed), keeping a
 * text revision only when the text changed.
 */
async function writeNextVersion(tx: Tx, current: DraftRow, next: Wanted, baseVersion: number, actor: Actor) {
  const [saved] = await tx
    .update(draftAnswers)
    .set({ ...next, version: current.version + 1, updatedBy: actor.id, updatedAt: new Date() })
    .where(and(eq(draftAnswers.id, current.id), eq(draftAnswers.version, current.version)))
    .returning();
  if (!saved) throw conflict(current, { ...next, version: baseVersion });
  if (next.text !== current.text) {
    await tx.insert(draftAnswerRevisions).values({ draftAnswerId: saved.id, version: saved.version, ...next, createdBy: actor.id });
  }
  return saved;
}

/** The conflict with the name of whoever saved the current version. */
async function conflictWithTheirName(tx: Tx, current: DraftRow, attempted: Wanted & { version: number }) {
  const name = await nameOf(tx, current.updatedBy);
  return conflict({ ...current, updatedByName: name }, attempted);
}

function restoredStatus(status: DraftStatus, text: string): DraftStatus {
  if (!text.trim()) return status === "not_started" ? "not_started" : "drafting";
  if (status === "approved" || status === "not_started") return "drafting";
  return status;
}

function conflict(
  theirs: { text: string; status: DraftStatus; assigneeId: string | null; version: number; updatedAt?: Date | null; updatedByName?: string | null },
  mine: { text: string; status: DraftStatus; assigneeId: string | null; version: number },
) {
  return new ConflictError<DraftSnapshot>(
    "Someone else saved this answer after you started editing. Their text and yours are both below: merge them and save again.",
    { ...snapshot(theirs), updatedByName: theirs.updatedByName ?? null, updatedAt: theirs.updatedAt ? theirs.updatedAt.toISOString() : null },
    snapshot(mine),
  );
}

type Audited = { text: string; status: DraftStatus; assigneeId: string | null; version: number; assigneeName: string | null };

async function audit(tx: Tx, actor: Actor, c: { id: string; ownerOrganisationId: string }, questionNumber: string, draftId: string, before: Audited | null, after: Audited) {
  const shape = (d: Audited) => ({ question: questionNumber, ...snapshot(d), assignee: d.assigneeName });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "draft_answer.save",
    entityType: "draft_answer",
    entityId: draftId,
    consultationId: c.id,
    organisationId: c.ownerOrganisationId,
    before: before ? shape(before) : null,
    after: shape(after),
  });
}

async function nameOf(tx: Tx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [u] = await tx.select({ name: nameOrAddress(users) }).from(users).where(eq(users.id, userId));
  return u?.name ?? null;
}

/** Give several questions' draft answers to one officer (or to nobody): a new version each, audited, no text revision. */
export async function assignDraftAnswers(db: Db, input: AssignDraftAnswersInput, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.edit", actor);
  return db.transaction(async (tx) => {
    await lockAnswerSetForEditing(tx, c.id);
    const assigneeName = await checkAssignee(tx, c.ownerOrganisationId, input.assigneeId);
    const ids = [...new Set(input.questionIds)];
    const qs = await tx
      .select({ id: questions.id, number: questions.number, position: questions.position })
      .from(questions)
      .where(and(eq(questions.consultationId, c.id), inArray(questions.id, ids)));
    if (qs.length !== ids.length) throw new InvalidError("Select questions from the list", { questionIds: "Select questions from the list" });
    const existing = await tx.select().from(draftAnswers).where(inArray(draftAnswers.questionId, ids)).for("update");
    const byQuestion = new Map(existing.map((d) => [d.questionId, d]));
    const changed: string[] = [];
    const previous: Record<string, string | null> = {};
    for (const q of qs.sort((a, b) => a.position - b.position)) {
      const d = byQuestion.get(q.id);
      if (d && d.assigneeId === input.assigneeId) continue;
      if (!d) {
        // A first save of the draft may have made it since it was read: then this assigns that one.
        await tx
          .insert(draftAnswers)
          .values({ consultationId: c.id, questionId: q.id, assigneeId: input.assigneeId, updatedBy: actor.id })
          .onConflictDoUpdate({ target: draftAnswers.questionId, set: { assigneeId: input.assigneeId, version: sql`${draftAnswers.version} + 1`, updatedBy: actor.id, updatedAt: new Date() } });
      } else {
        await tx
          .update(draftAnswers)
          .set({ assigneeId: input.assigneeId, version: d.version + 1, updatedBy: actor.id, updatedAt: new Date() })
          .where(eq(draftAnswers.id, d.id));
        // The text did not change, so no text revision: the audit entry below records the assignment.
        previous[q.number] = d.assigneeId;
      }
      changed.push(q.number);
    }
    if (changed.length) {
      const prevIds = [...new Set(Object.values(previous).filter((v): v is string => Boolean(v)))];
      const names = new Map(
        prevIds.length ? (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, prevIds))).map((u) => [u.id, u.name]) : [],
      );
      await writeAudit(tx, {
        actorId: actor.id,
        action: "draft_answer.assign",
        entityType: "consultation",
        entityId: c.id,
        consultationId: c.id,
        organisationId: c.ownerOrganisationId,
        before: { assignees: Object.fromEntries(changed.map((n) => [n, previous[n] ? (names.get(previous[n]!) ?? previous[n]) : null])) },
        after: { assignees: Object.fromEntries(changed.map((n) => [n, assigneeName])), questions: changed, assigneeId: input.assigneeId },
      });
    }
    return { changed, assigneeName };
  });
}

// Sign-off of the council's answers: a signatory approves them (recording a SHA-256 of exactly
// the answers approved, after which they are locked) or returns them with a note; a signatory
// may reopen signed-off answers with a reason, which starts a new answer-set version.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, draftAnswerRevisions, draftAnswers, signOffs, users, type SignOffDecision } from "../../db/schema";
import { writeAudit } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { answerSetHash, loadAnswerSet, type AnswerSetRow } from "../drafts/answer-set";
import { ConflictError, InvalidError, LockedError } from "../errors";
import { formatDateTime } from "../format";
import { notify, paths } from "../notifications/record";
import type { DecideSignOffInput, ReopenSignOffInput } from "./schemas";
import { changedSinceSeen } from "./seen";
import { signOffsOf, subjectValues, type ReviewSubject } from "../review/subject";

/**
 * A decision refused because the answers changed after the signatory opened the page. Its
 * particulars name each question that changed, by whom and when, for the form to list.
 */
export class StaleAnswersError extends ConflictError<{ hash: string }> {
  constructor(
    message: string,
    readonly particulars: string[],
    current: { hash: string },
    attempted: { hash: string },
  ) {
    super(message, current, attempted);
  }
}

async function staleAnswersError(tx: Db, answers: AnswerSetRow[], input: DecideSignOffInput, hash: string): Promise<StaleAnswersError> {
  const changed = changedSinceSeen(input.seen, answers) ?? [];
  const draftIds = changed.flatMap((a) => (a.draftId ? [a.draftId] : []));
  const edits = draftIds.length
    ? await tx
        .select({ id: draftAnswers.id, at: draftAnswers.updatedAt, by: users.name })
        .from(draftAnswers)
        .leftJoin(users, eq(users.id, draftAnswers.updatedBy))
        .where(inArray(draftAnswers.id, draftIds))
    : [];
  const byId = new Map(edits.map((e) => [e.id, e]));
  const particulars = changed.map((a) => {
    const edit = a.draftId ? byId.get(a.draftId) : undefined;
    return edit ? `Question ${a.number}: changed by ${edit.by ?? "someone"}, ${formatDateTime(edit.at)}` : `Question ${a.number}: changed`;
  });
  const numbers = changed.map((a) => a.number);
  const what =
    numbers.length === 0
      ? "The answers changed"
      : numbers.length === 1
        ? `The answer to question ${numbers[0]} changed`
        : `The answers to questions ${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]} changed`;
  return new StaleAnswersError(
    `${what} after you opened this page, so your decision was not recorded. Read the answers again before approving.`,
    particulars,
    { hash },
    { hash: input.expectedHash ?? "" },
  );
}

/**
 * Approve or return the answers in review. Approval locks the consultation row (FOR UPDATE, so
 * no draft save can run between reading the answers and recording their hash), refuses if the
 * answers differ from what the signatory was shown (`expectedHash`), records the hash, marks
 * every draft approved and the set signed off.
 */
export async function decideSignOff(db: Db, input: DecideSignOffInput, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "signoff.decide", actor);
  if (input.decision === "returned" && !input.note.trim()) {
    throw new InvalidError("Enter a note saying what needs to change", { note: "Enter a note saying what needs to change" });
  }
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("update");
    if (locked.answerSetStatus === "signed_off") throw new LockedError("The answers are already signed off.");
    if (locked.answerSetStatus !== "in_review") {
      throw new InvalidError("The answers have not been sent for review yet, so there is nothing to sign off.", {
        _form: "The answers have not been sent for review yet, so there is nothing to sign off.",
      });
    }
    const base = {
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      actorId: actor.id,
    };
    if (input.decision === "returned") {
      const row = await writeDecision(tx, { subject: { kind: "consultation", consultationId: c.id }, version: locked.answerSetVersion, decision: "returned", note: input.note, hash: null }, actor);
      await tx.update(consultations).set({ answerSetStatus: "drafting", updatedAt: new Date() }).where(eq(consultations.id, c.id));
      await writeAudit(tx, {
        ...base,
        action: "signoff.return",
        entityType: "sign_off",
        entityId: row.id,
        before: { answerSetStatus: "in_review" },
        after: { answerSetStatus: "drafting", answerSetVersion: locked.answerSetVersion, note: input.note },
      });
      await notify(tx, {
        kind: "answers_returned",
        recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
        consultationId: c.id,
        title: `${actor.name ?? actor.email} returned the council's answers to “${c.title}” with a note`,
        path: paths.signOff(c.id),
        actorId: actor.id,
      });
      return { signOff: row, hash: null };
    }

    const answers = await loadAnswerSet(tx, c.id);
    const empty = answers.filter((a) => !a.text.trim()).map((a) => a.number);
    if (empty.length) throw new InvalidError(`Questions ${empty.join(", ")} have no answer, so the answers cannot be approved.`);
    const hash = answerSetHash(c.id, locked.answerSetVersion, answers);
    if (input.expectedHash && input.expectedHash !== hash) throw await staleAnswersError(tx, answers, input, hash);
    const row = await writeDecision(tx, { subject: { kind: "consultation", consultationId: c.id }, version: locked.answerSetVersion, decision: "approved", note: input.note, hash }, actor);
    const toApprove = answers.filter((a) => a.draftId && a.status !== "approved");
    if (toApprove.length) {
      const approvedRows = await tx
        .update(draftAnswers)
        .set({ status: "approved", version: sql`${draftAnswers.version} + 1`, updatedBy: actor.id, updatedAt: new Date() })
        .where(inArray(draftAnswers.id, toApprove.map((a) => a.draftId!)))
        .returning();
      await tx.insert(draftAnswerRevisions).values(
        approvedRows.map((d) => ({ draftAnswerId: d.id, version: d.version, text: d.text, status: d.status, assigneeId: d.assigneeId, createdBy: actor.id })),
      );
    }
    await tx.update(consultations).set({ answerSetStatus: "signed_off", updatedAt: new Date() }).where(eq(consultations.id, c.id));
    await writeAudit(tx, {
      ...base,
      action: "signoff.approve",
      entityType: "sign_off",
      entityId: row.id,
      before: { answerSetStatus: "in_review" },
      after: { answerSetStatus: "signed_off", answerSetVersion: locked.answerSetVersion, hash, answers: answers.length, ...(input.note ? { note: input.note } : {}) },
    });
    await notify(tx, {
      kind: "answers_approved",
      recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `${actor.name ?? actor.email} signed off the council's answers to “${c.title}”`,
      path: paths.signOff(c.id),
      actorId: actor.id,
    });
    return { signOff: row, hash };
  });
}

/**
 * Reopen signed-off answers: the latest approval is marked reopened (who, when, why), the
 * answer-set version goes up by one and the answers go back to drafting, "approved" answers to
 * "ready for review". A later sign-off then hashes the new version.
 */
export async function reopenSignOff(db: Db, input: ReopenSignOffInput, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "signoff.reopen", actor);
  if (!input.reason.trim()) throw new InvalidError("Enter the reason for reopening the answers", { reason: "Enter the reason for reopening the answers" });
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("update");
    if (locked.answerSetStatus !== "signed_off") {
      throw new InvalidError("Only signed-off answers can be reopened.", { _form: "Only signed-off answers can be reopened." });
    }
    const now = new Date();
    const approval = await markApprovalReopened(tx, { kind: "consultation", consultationId: c.id }, input.reason, actor, now);
    const nextVersion = locked.answerSetVersion + 1;
    await tx
      .update(consultations)
      .set({ answerSetStatus: "drafting", answerSetVersion: nextVersion, updatedAt: now })
      .where(eq(consultations.id, c.id));
    const reopened = await tx
      .update(draftAnswers)
      .set({ status: "ready_for_review", version: sql`${draftAnswers.version} + 1`, updatedBy: actor.id, updatedAt: now })
      .where(and(eq(draftAnswers.consultationId, c.id), eq(draftAnswers.status, "approved")))
      .returning();
    if (reopened.length) {
      await tx.insert(draftAnswerRevisions).values(
        reopened.map((d) => ({ draftAnswerId: d.id, version: d.version, text: d.text, status: d.status, assigneeId: d.assigneeId, createdBy: actor.id })),
      );
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "signoff.reopen",
      entityType: "sign_off",
      entityId: approval?.id ?? c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { answerSetStatus: "signed_off", answerSetVersion: locked.answerSetVersion, hash: approval?.hash ?? null },
      after: { answerSetStatus: "drafting", answerSetVersion: nextVersion, reason: input.reason },
    });
    await notify(tx, {
      kind: "answers_returned",
      recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `${actor.name ?? actor.email} reopened the signed-off answers to “${c.title}”`,
      path: paths.drafting(c.id),
      actorId: actor.id,
    });
    return { answerSetVersion: nextVersion };
  });
}

// ---- The writes shared by every subject of sign-off (lib/review/subject.ts). Callers have
// checked access, locked their subject's row and worked out the hash of what is approved.

/** Record a signatory's decision on one version of a subject. */
export async function writeDecision(
  tx: Db,
  input: { subject: ReviewSubject; version: number; decision: SignOffDecision; note: string; hash: string | null },
  actor: Actor,
) {
  if (input.decision === "approved" && !input.hash) throw new TypeError("An approval records the hash of what was approved");
  const [row] = await tx
    .insert(signOffs)
    .values({ ...subjectValues(input.subject), answerSetVersion: input.version, decision: input.decision, note: input.note, hash: input.hash, decidedBy: actor.id })
    .returning();
  return row;
}

/** Mark the subject's standing approval reopened (who, when, why); returns it, or null when there was none. */
export async function markApprovalReopened(tx: Db, subject: ReviewSubject, reason: string, actor: Actor, now = new Date()) {
  const [approval] = await tx
    .select()
    .from(signOffs)
    .where(and(signOffsOf(subject), eq(signOffs.decision, "approved"), isNull(signOffs.reopenedAt)))
    .orderBy(desc(signOffs.decidedAt))
    .limit(1);
  if (!approval) return null;
  await tx.update(signOffs).set({ reopenedAt: now, reopenedBy: actor.id, reopenReason: reason }).where(eq(signOffs.id, approval.id));
  return approval;
}

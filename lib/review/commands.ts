// Writes of the review stage: an officer sends the answers for review, committee members and
// officers comment per question (threads, resolved or open), and an officer records the
// committee's resolution. Each is checked by lib/auth and audited in the same transaction.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { comments, consultations, draftAnswers, questions, resolutions, type CommentStatus } from "../../db/schema";
import { writeAudit } from "../audit";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { notify, paths } from "../notifications/record";
import type { AddCommentInput, RecordResolutionInput } from "./schemas";
import { anchorValues, commentsAt, commentsOf, subjectValues, type CommentAnchor, type ReviewSubject } from "./subject";

/**
 * Drafting → in review. Every question must have an answer; answers still marked drafting or
 * not started become "ready for review" (sending the set is the officer saying so).
 */
export async function sendForReview(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.edit", actor);
  if (c.kind !== "consultation_to_answer") throw new InvalidError("This consultation does not need the council's own answers");
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("update");
    if (locked.answerSetStatus === "signed_off") throw new LockedError("The answers are already signed off.");
    if (locked.answerSetStatus === "in_review") throw new InvalidError("The answers are already with the committee for review.");
    const rows = await tx
      .select({ questionId: questions.id, number: questions.number, draft: draftAnswers })
      .from(questions)
      .leftJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
      .where(eq(questions.consultationId, c.id))
      .orderBy(questions.position);
    const empty = rows.filter((r) => !r.draft || !r.draft.text.trim()).map((r) => r.number);
    if (empty.length) {
      const list = empty.length > 8 ? `${empty.slice(0, 8).join(", ")} and ${empty.length - 8} more` : empty.join(", ");
      throw new InvalidError(`Every question needs an answer before review. Still to write: ${empty.length === 1 ? "question" : "questions"} ${list}.`);
    }
    const toPromote = rows.filter((r) => r.draft!.status !== "ready_for_review" && r.draft!.status !== "approved");
    const promoted = toPromote.map((r) => r.number);
    if (toPromote.length) {
      // A status change only: a new version (so open editors see it), no text revision.
      await tx
        .update(draftAnswers)
        .set({ status: "ready_for_review", version: sql`${draftAnswers.version} + 1`, updatedBy: actor.id, updatedAt: new Date() })
        .where(inArray(draftAnswers.id, toPromote.map((r) => r.draft!.id)));
    }
    await tx.update(consultations).set({ answerSetStatus: "in_review", updatedAt: new Date() }).where(eq(consultations.id, c.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "answer_set.send_for_review",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { answerSetStatus: locked.answerSetStatus },
      after: { answerSetStatus: "in_review", answerSetVersion: locked.answerSetVersion, markedReady: promoted },
    });
    // The committee reviews the set; the signatories may sign it off from now on.
    await notify(tx, {
      kind: "review_requested",
      recipients: { roles: ["scrutiny"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `The council's answers to “${c.title}” were sent to the committee for review`,
      path: paths.review(c.id),
      actorId: actor.id,
    });
    await notify(tx, {
      kind: "signoff_requested",
      recipients: { roles: ["signatory"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `The council's answers to “${c.title}” are ready for sign-off`,
      path: paths.signOff(c.id),
      actorId: actor.id,
    });
    return { markedReady: promoted };
  });
}

/** A comment on one question's draft answer, or a reply in its thread. */
export async function addComment(db: Db, input: AddCommentInput, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "review.comment", actor);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("share");
    if (locked.answerSetStatus === "signed_off") {
      throw new LockedError("The answers have been signed off, so the review is closed. A signatory must reopen them before more comments.");
    }
    const [q] = await tx
      .select({ id: questions.id, number: questions.number })
      .from(questions)
      .where(and(eq(questions.id, input.questionId), eq(questions.consultationId, c.id)));
    if (!q) throw new NotFoundError("Question");
    const { comment, parentId } = await writeComment(tx, {
      subject: { kind: "consultation", consultationId: c.id },
      anchor: { questionId: q.id },
      parentId: input.parentId,
      body: input.body,
      actor,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: parentId ? "comment.reply" : "comment.add",
      entityType: "comment",
      entityId: comment.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      after: { question: q.number, body: comment.body, ...(parentId ? { inReplyTo: parentId } : {}) },
    });
    await notify(tx, {
      kind: "comment_added",
      recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
      consultationId: c.id,
      title: `${actor.name ?? actor.email} ${parentId ? "replied to a comment" : "commented"} on question ${q.number} of “${c.title}”`,
      path: paths.review(c.id, q.number),
      actorId: actor.id,
    });
    return comment;
  });
}

/** Resolve or reopen a comment thread (the first comment carries the thread's status). */
export async function setCommentThreadStatus(
  db: Db,
  input: { consultationId: string; commentId: string; status: "open" | "resolved" },
  actor: Actor,
) {
  const c = await consultationFor(db, input.consultationId, "review.comment", actor);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("share");
    if (locked.answerSetStatus === "signed_off") throw new LockedError("The answers have been signed off, so the review is closed.");
    const result = await writeThreadStatus(tx, { subject: { kind: "consultation", consultationId: c.id }, commentId: input.commentId, status: input.status, actor });
    if (!result.changed) return { changed: false };
    const root = result.root;
    const [q] = await tx.select({ number: questions.number }).from(questions).where(eq(questions.id, root.questionId!));
    root.number = q?.number ?? "";
    await writeAudit(tx, {
      actorId: actor.id,
      action: input.status === "resolved" ? "comment.resolve" : "comment.reopen",
      entityType: "comment",
      entityId: root.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      before: { question: root.number, status: root.status },
      after: { question: root.number, status: input.status },
    });
    return { changed: true };
  });
}

/** The committee's resolution on the answers in review: meeting date, committee and text. */
export async function recordResolution(db: Db, input: RecordResolutionInput, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "review.record_resolution", actor);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, c.id)).for("share");
    if (locked.answerSetStatus === "signed_off") throw new LockedError("The answers have been signed off; the review is closed.");
    if (locked.answerSetStatus !== "in_review") {
      throw new InvalidError("Send the answers for review before recording the committee's resolution.", {
        _form: "Send the answers for review before recording the committee's resolution.",
      });
    }
    const resolution = await writeResolution(tx, { subject: { kind: "consultation", consultationId: c.id }, ...input }, actor);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "resolution.record",
      entityType: "resolution",
      entityId: resolution.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      after: { committee: resolution.committee, meetingDate: resolution.meetingDate, text: resolution.text, answerSetVersion: locked.answerSetVersion },
    });
    return resolution;
  });
}

// ---- The writes shared by every review subject (lib/review/subject.ts). Callers have checked
// access and hold a lock on their subject's row in `tx`; these check only the thread itself.

/** A comment or a reply: threads are one level deep, and a reply reopens a resolved thread. */
export async function writeComment(
  tx: Db,
  input: { subject: ReviewSubject; anchor: CommentAnchor; parentId: string | null | undefined; body: string; actor: Actor },
) {
  let parentId: string | null = null;
  if (input.parentId) {
    const [parent] = await tx
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(and(eq(comments.id, input.parentId), commentsOf(input.subject), commentsAt(input.anchor)));
    if (!parent) throw new NotFoundError("Comment");
    // A reply to a reply joins the same thread.
    parentId = parent.parentId ?? parent.id;
  }
  const [comment] = await tx
    .insert(comments)
    .values({ ...subjectValues(input.subject), ...anchorValues(input.anchor), parentId, authorId: input.actor.id, body: input.body })
    .returning();
  if (parentId) {
    await tx
      .update(comments)
      .set({ status: "open", resolvedAt: null, resolvedBy: null })
      .where(and(eq(comments.id, parentId), eq(comments.status, "resolved")));
  }
  return { comment, parentId };
}

/** Resolve or reopen the thread a comment belongs to (its first comment carries the status). */
export async function writeThreadStatus(tx: Db, input: { subject: ReviewSubject; commentId: string; status: CommentStatus; actor: Actor }) {
  const [found] = await tx
    .select({ id: comments.id, parentId: comments.parentId })
    .from(comments)
    .where(and(eq(comments.id, input.commentId), commentsOf(input.subject)));
  if (!found) throw new NotFoundError("Comment");
  const [root] = await tx
    .select({ id: comments.id, status: comments.status, questionId: comments.questionId, priorityId: comments.priorityId })
    .from(comments)
    .where(and(eq(comments.id, found.parentId ?? found.id), isNull(comments.parentId)));
  if (!root) throw new NotFoundError("Comment");
  if (root.status === input.status) return { changed: false as const, root: { ...root, number: "" } };
  await tx
    .update(comments)
    .set(input.status === "resolved" ? { status: "resolved", resolvedAt: new Date(), resolvedBy: input.actor.id } : { status: "open", resolvedAt: null, resolvedBy: null })
    .where(eq(comments.id, root.id));
  return { changed: true as const, root: { ...root, number: "" } };
}

/** The committee's resolution: meeting date, committee and its words. */
export async function writeResolution(tx: Db, input: { subject: ReviewSubject; meetingDate: string; committee: string; text: string }, actor: Actor) {
  const [resolution] = await tx
    .insert(resolutions)
    .values({ ...subjectValues(input.subject), meetingDate: input.meetingDate, committee: input.committee, text: input.text, recordedBy: actor.id })
    .returning();
  return resolution;
}

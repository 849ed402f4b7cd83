// Reads for sign-off: what a signatory is asked to approve (with its hash), the history of
// decisions, and verification that the stored answers still match the approved hash.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { draftAnswerRevisions, draftAnswers, type SignOffDecision } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { answerSetHash, loadAnswerSet } from "../drafts/answer-set";
import { ANSWER_SET_FORMAT } from "../drafts/canonical";
import { subjectIs, subjectRef, type ReviewSubject, type SubjectRef } from "../review/subject";
import { dateOf, selectJson, type Json } from "../sql";
import { encodeSeenAnswers } from "./seen";

export type SignOffView = {
  id: string;
  answerSetVersion: number;
  decision: SignOffDecision;
  note: string;
  hash: string | null;
  decidedAt: Date;
  decidedByName: string | null;
  reopenedAt: Date | null;
  reopenedByName: string | null;
  reopenReason: string | null;
};

/**
 * Every decision on a subject as one JSON array, newest first, with the deciders' and reopeners'
 * names: the one definition of this read, used alone (listDecisions) or inside a larger statement
 * (the action-plan committee panel, lib/action-plans/committee.ts).
 */
export const decisionsJson = (s: SubjectRef): SQL => sql`(select coalesce(json_agg(json_build_object(
    'id', s.id, 'answerSetVersion', s.answer_set_version, 'decision', s.decision, 'note', s.note, 'hash', s.hash, 'decidedAt', s.decided_at,
    'decidedByName', d.name, 'reopenedAt', s.reopened_at, 'reopenedByName', ro.name, 'reopenReason', s.reopen_reason) order by s.decided_at desc, s.id desc), '[]')
  from sign_offs s join users d on d.id = s.decided_by left join users ro on ro.id = s.reopened_by where ${subjectIs("s", s)})`;

/** decisionsJson's rows, their times as dates. */
export const decisionsOfJson = (json: Json<SignOffView, "decidedAt" | "reopenedAt">[] | null): SignOffView[] =>
  (json ?? []).map((x) => ({ ...x, decidedAt: new Date(x.decidedAt), reopenedAt: dateOf(x.reopenedAt) }));

/** Every decision on a subject, newest first (without a permission check: callers have checked it). */
export async function listDecisions(db: Db, subjectOrConsultationId: ReviewSubject | string): Promise<SignOffView[]> {
  const subject: ReviewSubject = typeof subjectOrConsultationId === "string" ? { kind: "consultation", consultationId: subjectOrConsultationId } : subjectOrConsultationId;
  return decisionsOfJson(await selectJson(db, decisionsJson(subjectRef(subject))));
}

/** The answers as they stand, their hash for the current answer-set version, and every decision so far. */
export async function getSignOffState(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  const [answers, decisions] = await readTogether(db, [() => loadAnswerSet(db, c.id), () => listDecisions(db, c.id)]);
  return {
    consultation: c,
    answers,
    hash: answerSetHash(c.id, c.answerSetVersion, answers),
    /** What the signatory is shown, per answer, for the form to carry back (lib/signoff/seen.ts). */
    seen: encodeSeenAnswers(answers),
    emptyAnswers: answers.filter((a) => !a.text.trim()).map((a) => a.number),
    decisions,
    latestApproval: decisions.find((d) => d.decision === "approved") ?? null,
  };
}

export type VerificationResult = {
  /** The approval checked: the latest one. Null when the answers were never approved. */
  approval: SignOffView | null;
  format: string;
  storedHash: string | null;
  recomputedHash: string | null;
  matches: boolean;
  /** Reopened since: the answers are allowed to differ and a new sign-off is expected. */
  reopened: boolean;
  /** Questions whose current text differs from the text recorded when they were approved. */
  changedQuestions: { number: string; approvedText: string | null; currentText: string }[];
};

/**
 * Recompute the hash of the stored answers for the approved answer-set version and compare it
 * with the hash recorded at approval. Also names the questions whose text differs from the
 * revision written at approval, so a mismatch says where to look.
 */
export async function verifySignOff(db: Db, input: { consultationId: string }, actor: Actor): Promise<VerificationResult> {
  const c = await consultationFor(db, input.consultationId, "draft_answer.read", actor);
  const decisions = await listDecisions(db, c.id);
  const approval = decisions.find((d) => d.decision === "approved") ?? null;
  if (!approval || !approval.hash) {
    return { approval: null, format: ANSWER_SET_FORMAT, storedHash: null, recomputedHash: null, matches: false, reopened: false, changedQuestions: [] };
  }
  const answers = await loadAnswerSet(db, c.id);
  const recomputedHash = answerSetHash(c.id, approval.answerSetVersion, answers);
  // The text each answer had when last approved: its newest revision with status "approved".
  const approvedTexts = await db
    .selectDistinctOn([draftAnswerRevisions.draftAnswerId], { draftAnswerId: draftAnswerRevisions.draftAnswerId, text: draftAnswerRevisions.text })
    .from(draftAnswerRevisions)
    .innerJoin(draftAnswers, eq(draftAnswers.id, draftAnswerRevisions.draftAnswerId))
    .where(and(eq(draftAnswers.consultationId, c.id), eq(draftAnswerRevisions.status, "approved")))
    .orderBy(draftAnswerRevisions.draftAnswerId, sql`${draftAnswerRevisions.version} desc`);
  const approvedById = new Map(approvedTexts.map((r) => [r.draftAnswerId, r.text]));
  const changedQuestions = answers
    .filter((a) => (a.draftId ? approvedById.get(a.draftId) : undefined) !== a.text)
    .map((a) => ({ number: a.number, approvedText: a.draftId ? (approvedById.get(a.draftId) ?? null) : null, currentText: a.text }));
  return {
    approval,
    format: ANSWER_SET_FORMAT,
    storedHash: approval.hash,
    recomputedHash,
    matches: recomputedHash === approval.hash,
    reopened: approval.reopenedAt !== null,
    changedQuestions: recomputedHash === approval.hash ? [] : changedQuestions,
  };
}

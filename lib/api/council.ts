// The API's view of the council's own work on a consultation: counts per question (from
// lib/collation) and the draft answers (lib/drafts), with HTTP's If-Match for the version.
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { getCollationQuestion, isClosedQuestion, summariseQuestion } from "../collation/queries";
import { saveDraftAnswer } from "../drafts/commands";
import { getDraftAnswer } from "../drafts/queries";
import { saveDraftAnswerSchema } from "../drafts/schemas";
import { ConflictError } from "../errors";
import { ApiError } from "./errors";
import type { draftAnswerSchema, putDraftAnswerSchema, questionSummarySchema } from "./schemas";

export async function summariseQuestionForApi(db: Db, actor: Actor, consultationId: string, questionId: string): Promise<z.infer<typeof questionSummarySchema>> {
  const { question } = await getCollationQuestion(db, { consultationId, questionId }, actor);
  const summary = await summariseQuestion(db, { consultationId, questionId }, actor);
  return {
    questionId: question.id,
    questionNumber: question.number,
    type: question.type,
    closed: isClosedQuestion(question.type),
    answered: summary.answered,
    options: summary.options,
  };
}

type DraftView = Awaited<ReturnType<typeof getDraftAnswer>>;

function presentDraft(d: DraftView): z.infer<typeof draftAnswerSchema> {
  return {
    questionId: d.question.id,
    questionNumber: d.question.number,
    text: d.draft.text,
    status: d.draft.status,
    assigneeId: d.draft.assigneeId,
    version: d.draft.version,
    updatedAt: d.draft.updatedAt ? new Date(d.draft.updatedAt).toISOString() : null,
  };
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** If-Match as we issue it ("3"), weak or bare forms accepted; anything else is a 400. */
export function parseIfMatch(header: string | null): number {
  if (header === null || !header.trim()) {
    throw new ApiError("precondition_required", 'Send If-Match with the version you edited, e.g. If-Match: "3" (from GET\'s ETag)');
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ApiError("bad_request", 'If-Match must be the version you edited, e.g. "3"', [{ path: "If-Match", message: "Not a version" }]);
  return Number(m[1]);
}

export async function getDraftAnswerForApi(db: Db, actor: Actor, consultationId: string, questionId: string) {
  return presentDraft(await getDraftAnswer(db, { consultationId, questionId }, actor));
}

/**
 * Save with HTTP's strict If-Match: a version other than the stored one is refused (412) with
 * the stored text. The early check gives the clear message; lib/drafts' strictVersion makes the
 * same check under the row lock, so a save racing another is refused too (ConflictError → 412).
 * Status and assignee are kept unless the body changes them.
 */
export async function saveDraftAnswerForApi(
  db: Db,
  actor: Actor,
  input: { consultationId: string; questionId: string; ifMatch: number; body: z.infer<typeof putDraftAnswerSchema> },
) {
  const current = await getDraftAnswer(db, { consultationId: input.consultationId, questionId: input.questionId }, actor);
  if (current.draft.version !== input.ifMatch) {
    throw new ConflictError(`The answer is at version ${current.draft.version}, not ${input.ifMatch}: someone saved it after you read it. Merge with the current text and save with If-Match: "${current.draft.version}".`, presentDraft(current));
  }
  // Approved comes only from sign-off; an edit through the API goes back to review.
  const status = input.body.status ?? (current.draft.status === "approved" ? "ready_for_review" : current.draft.status);
  const assigneeId = input.body.assigneeId === undefined ? current.draft.assigneeId : input.body.assigneeId;
  // lib/drafts' own schema: the API accepts exactly what the drafting page accepts.
  const save = saveDraftAnswerSchema.parse({
    consultationId: input.consultationId,
    questionId: input.questionId,
    text: input.body.text,
    status,
    assigneeId: assigneeId ?? "",
    baseVersion: input.ifMatch,
  });
  try {
    // strictVersion: lib/drafts refuses any save made in between, atomically (HTTP If-Match).
    await saveDraftAnswer(db, save, actor, { strictVersion: true });
  } catch (e) {
    if (e instanceof ConflictError) {
      const latest = await getDraftAnswer(db, { consultationId: input.consultationId, questionId: input.questionId }, actor);
      throw new ConflictError(e.message, presentDraft(latest));
    }
    throw e;
  }
  return presentDraft(await getDraftAnswer(db, { consultationId: input.consultationId, questionId: input.questionId }, actor));
}

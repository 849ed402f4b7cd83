// Submitting a partner organisation's response through the API: the answers are saved and the
// response submitted by lib/responses' saveAndSubmitResponse (saveAnswers then submitResponse,
// in one transaction), so the API applies exactly the rules of the response form (validation,
// show-if, windows, amendments).
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { responses } from "../../db/schema";
import type { ApiKeyPrincipal } from "../api-keys/queries";
import { InvalidError, NotFoundError } from "../errors";
import { parseAnswer } from "../questions/answers";
import { saveAndSubmitResponse } from "../responses/commands";
import { EMPTY_BASE, loadAnswers, loadPublishedSnapshot } from "../responses/queries";
import { ApiError } from "./errors";
import { getResponseForApi } from "./responses";
import type { submitResponseSchema } from "./schemas";

type Body = z.infer<typeof submitResponseSchema>;

export async function submitResponseForApi(db: Db, principal: ApiKeyPrincipal, consultationId: string, body: Body) {
  const { actor, organisationId } = principal;
  const snapshot = await loadPublishedSnapshot(db, consultationId);
  if (!snapshot) throw new NotFoundError("Consultation");
  const byId = new Map(snapshot.questions.map((q) => [q.id, q]));
  const byNumber = new Map(snapshot.questions.map((q) => [q.number, q]));

  // Every answer is checked before anything is written, so a bad request changes nothing.
  const problems: Record<string, string> = {};
  const resolved = body.answers.map((a, i) => {
    const q = a.questionId ? byId.get(a.questionId) : byNumber.get(a.questionNumber!);
    if (!q) {
      problems[`answers.${i}.${a.questionId ? "questionId" : "questionNumber"}`] = "There is no such question in this consultation";
      return null;
    }
    if (a.questionId && a.questionNumber && q.number !== a.questionNumber) {
      problems[`answers.${i}.questionNumber`] = `Question ${a.questionId} is number ${q.number}, not ${a.questionNumber}`;
    }
    const parsed = parseAnswer(q, a.value);
    if (!parsed.ok) problems[`answers.${i}.value`] = parsed.error;
    return { index: i, question: q, value: a.value };
  });
  const seen = new Set<string>();
  resolved.forEach((r) => {
    if (!r) return;
    if (seen.has(r.question.id)) problems[`answers.${r.index}`] = `Question ${r.question.number} is answered more than once`;
    seen.add(r.question.id);
  });
  if (Object.keys(problems).length) throw new InvalidError("Some answers are not valid. Nothing has been saved.", problems);

  const [existing] = await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.consultationId, consultationId), eq(responses.organisationId, organisationId)));
  const stored = existing ? await loadAnswers(db, existing.id) : new Map();
  // Saved and submitted in one transaction: a refusal at either step leaves nothing behind.
  const alreadyMapped = new WeakSet<Error>();
  try {
    const result = await saveAndSubmitResponse(
      db,
      {
        consultationId,
        organisationId,
        // The stored base: the API does not edit from an earlier copy, it states the answers.
        answers: resolved.map((r) => ({ questionId: r!.question.id, value: r!.value, base: stored.get(r!.question.id)?.base ?? EMPTY_BASE })),
      },
      actor,
      (saved) => {
        if (saved.conflictCount) {
          throw new ApiError("conflict", "Someone in your organisation changed some of these answers at the same moment. Nothing was submitted; send the request again.");
        }
        if (Object.keys(saved.errors).length) {
          const e = new InvalidError("Some answers are not valid", mapQuestionErrors(saved.errors, resolved));
          alreadyMapped.add(e);
          throw e;
        }
      },
    );
    return getResponseForApi(db, actor, result.responseId);
  } catch (e) {
    if (e instanceof InvalidError && !alreadyMapped.has(e) && Object.keys(e.fieldErrors).length) {
      throw new InvalidError(e.message, mapQuestionErrors(e.fieldErrors, resolved, byId));
    }
    throw e;
  }
}

/** lib/responses names fields by question id (optionally "q-<id>"); the API names body paths. */
function mapQuestionErrors(
  errors: Record<string, string>,
  resolved: ({ index: number; question: { id: string; number: string } } | null)[],
  byId?: Map<string, { number: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const id = key.replace(/^q-/, "");
    const at = resolved.find((r) => r?.question.id === id);
    if (at) out[`answers.${at.index}.value`] = message;
    else if (byId?.has(id)) out[`questions.${byId.get(id)!.number}`] = message;
    else out[key === "declaration" ? "" : key] = message;
  }
  return out;
}

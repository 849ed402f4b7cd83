// Submitting a partner organisation's response through the API: the answers are saved and the
// response submitted by lib/responses' saveAndSubmitResponse (saveAnswers then submitResponse,
// in one transaction), so the API applies exactly the rules of the response form (validation,
// show-if, windows, amendments).
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { ApiKeyPrincipal } from "../api-keys/queries";
import type { ExportResponse } from "../exports/responses-source";
import { InvalidError } from "../errors";
import { parseAnswer } from "../questions/answers";
import { saveAndSubmitResponse, submitNewResponse, type SubmitResult, type SubmittedResponse } from "../responses/commands";
import { snapshotIndex, type PublishedSnapshot } from "../responses/queries";
import type { SnapshotQuestion } from "../responses/rules";
import { ApiError } from "./errors";
import { recordOutcome, type IdempotencyClaim } from "./idempotency";
import { presentResponse } from "./present";
import { getResponseForApi } from "./responses";
import type { submitResponseSchema } from "./schemas";

type Body = z.infer<typeof submitResponseSchema>;

type Resolved = { index: number; question: SnapshotQuestion; value: unknown };

/**
 * The body's answers placed against the published questions (by id or by number), every one
 * checked before anything is written: a bad request changes nothing. Without `checkValues` the
 * values are left for the caller to check (submitNewResponse parses them once, itself).
 */
function resolveAnswers(snapshot: PublishedSnapshot, body: Body, checkValues = true): { resolved: Resolved[]; byId: ReadonlyMap<string, SnapshotQuestion> } {
  const { byId, byNumber } = snapshotIndex(snapshot);
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
    if (checkValues) {
      const parsed = parseAnswer(q, a.value);
      if (!parsed.ok) problems[`answers.${i}.value`] = parsed.error;
    }
    return { index: i, question: q, value: a.value };
  });
  const seen = new Set<string>();
  resolved.forEach((r) => {
    if (!r) return;
    if (seen.has(r.question.id)) problems[`answers.${r.index}`] = `Question ${r.question.number} is answered more than once`;
    seen.add(r.question.id);
  });
  if (Object.keys(problems).length) throw new InvalidError("Some answers are not valid. Nothing has been saved.", problems);
  return { resolved: resolved as Resolved[], byId };
}

/**
 * Submit through the API. With an Idempotency-Key's `claim`, the 201 a retry will be given is
 * recorded in the statement or transaction that writes the submission, so that a crash leaves
 * either both or neither.
 */
export async function submitResponseForApi(db: Db, principal: ApiKeyPrincipal, consultationId: string, body: Body, claim: IdempotencyClaim | null = null) {
  const { actor, organisationId } = principal;
  let resolved: Resolved[] = [];
  let byId: ReadonlyMap<string, SnapshotQuestion> = new Map();
  const place = (snapshot: PublishedSnapshot, options?: { checkValues: boolean }) => {
    ({ resolved, byId } = resolveAnswers(snapshot, body, options?.checkValues ?? true));
    return resolved.map((r) => ({ questionId: r.question.id, value: r.value }));
  };
  // A repeat of a submission already made (possible only for an amendment racing itself) is
  // described from the database; a new one from what was just written.
  const present = async (d: Db, r: SubmitResult) => (r.submitted ? presentSubmitted(r, r.submitted, byId) : getResponseForApi(d, actor, r.responseId));
  // The 201 body as recorded with the submission, when there is a claim.
  let body201: Awaited<ReturnType<typeof present>> | undefined;
  // An organisation's first response, valid and complete, is written in one statement; any
  // other request (an amendment, a bad or incomplete one) takes the general path below.
  const record = claim ? { claim, outcome: (r: SubmitResult) => ({ status: 201, body: (body201 = presentSubmitted(r, r.submitted!, byId)) }) } : undefined;
  // The key's organisation as the key's check read it, so the consultation is all that is left to read (or keep).
  const first = await submitNewResponse(db, { consultationId, organisationId, answers: place, organisation: principal.organisation }, actor, undefined, record);
  if (first) return body201 ?? presentSubmitted(first, first.submitted!, byId);
  body201 = undefined;
  // Saved and submitted in one transaction: a refusal at either step leaves nothing behind.
  const alreadyMapped = new WeakSet<Error>();
  try {
    const result = await saveAndSubmitResponse(
      db,
      {
        consultationId,
        organisationId,
        // The API states the answers: each replaces what is stored, under the response's lock.
        statesAnswers: true,
        // Placed against the structure the transaction reads, so no separate read is needed.
        answers: place,
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
      undefined,
      claim
        ? async (tx, r) => {
            body201 = await present(tx, r);
            await recordOutcome(tx, claim, { status: 201, body: body201 });
          }
        : undefined,
      body.publishConsent === undefined ? undefined : { publishConsent: body.publishConsent },
    );
    return body201 ?? present(db, result);
  } catch (e) {
    if (e instanceof InvalidError && !alreadyMapped.has(e) && Object.keys(e.fieldErrors).length) {
      throw new InvalidError(e.message, mapQuestionErrors(e.fieldErrors, resolved, byId));
    }
    throw e;
  }
}

/** The 201 body: the response as GET /responses/{id} shows it, from what was just written. */
function presentSubmitted(result: SubmitResult, s: SubmittedResponse, questionsById: ReadonlyMap<string, SnapshotQuestion>) {
  const r: ExportResponse = {
    id: result.responseId,
    reference: result.reference,
    organisationId: s.organisation.id,
    organisationName: s.organisation.name,
    organisationType: s.organisation.type,
    revision: result.revision,
    submittedAt: s.submittedAt,
    submittedByName: null,
    consultationVersion: s.consultationVersion,
    answers: s.answers,
  };
  return presentResponse(r, s.consultationId, questionsById);
}

/** lib/responses names fields by question id (optionally "q-<id>"); the API names body paths. */
function mapQuestionErrors(
  errors: Record<string, string>,
  resolved: ({ index: number; question: { id: string; number: string } } | null)[],
  byId?: ReadonlyMap<string, { number: string }>,
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

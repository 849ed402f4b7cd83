// Writes to an organisation's response: saving answers (each against the version it was
// edited from, so a colleague's newer answer is never overwritten silently), submitting and
// amending (one submission per revision, whatever is posted twice), and the emailed receipt.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answers, consultations, invitations, organisations, responses, responseSubmissions } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { appUrl } from "../config";
import { sendEmail } from "../email";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDateTime } from "../format";
import { answerToText, type AnswerValue } from "../questions/answers";
import { validateResponse } from "../questions/visibility";
import { answerHash } from "./hash";
import { loadAnswers, loadPublishedSnapshot, type StoredAnswer } from "./queries";
import { makeReference } from "./reference";
import { answerSummary, NO_AMENDMENTS_MESSAGE, receiptEmail, respondWindow, windowMessage } from "./rules";
import { encodeBase, parseBase, questionPrefix } from "./schemas";

export type CurrentAnswer = {
  value: unknown;
  text: string;
  base: string;
  updatedByName: string | null;
  updatedAt: Date | null;
};

export type AnswerOutcome =
  | { status: "saved"; base: string }
  | { status: "unchanged"; base: string }
  /** A colleague saved a newer answer and this person had not changed theirs: theirs stays. */
  | { status: "refreshed"; base: string; current: CurrentAnswer }
  /** The person chose to keep the colleague's answer. */
  | { status: "kept_theirs"; base: string; current: CurrentAnswer }
  /** Both changed it: nothing written; both texts go back to the person to choose. */
  | { status: "conflict"; current: CurrentAnswer; attemptedText: string }
  | { status: "invalid"; error: string }
  /** A show-if hides the question, so its answer is dropped. */
  | { status: "hidden" };

export type SaveAnswersInput = {
  consultationId: string;
  organisationId: string;
  /** The chapter page posting; answers to questions outside it are refused. */
  chapterId?: string;
  answers: { questionId: string; value: unknown; base?: string | null; keepTheirs?: boolean }[];
  /** "Save and continue": required questions on the page must be answered. */
  requireAnswers?: boolean;
};

export type SaveAnswersResult = {
  responseId: string | null;
  outcomes: Record<string, AnswerOutcome>;
  /** Question id → the message for the field (invalid, missing or in conflict). */
  errors: Record<string, string>;
  savedCount: number;
  conflictCount: number;
};

const EMPTY = { version: 0, hash: answerHash(null) };

async function lockResponse(tx: Db, consultationId: string, organisationId: string) {
  const [r] = await tx
    .select()
    .from(responses)
    .where(and(eq(responses.consultationId, consultationId), eq(responses.organisationId, organisationId)))
    .for("update");
  return r ?? null;
}

async function loadOpenConsultation(tx: Db, consultationId: string, organisationId: string, actor: Actor, now: Date) {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c || c.status === "draft") throw new NotFoundError("Consultation");
  authorize(actor, "response.edit", { kind: "response", organisationId, consultationOwnerOrganisationId: c.ownerOrganisationId });
  const closed = windowMessage(c, respondWindow(c, now), now);
  if (closed) throw new LockedError(closed);
  const snapshot = await loadPublishedSnapshot(tx, c.id);
  if (!snapshot) throw new NotFoundError("Consultation");
  return { c, snapshot };
}

function current(stored: StoredAnswer | undefined, q: Parameters<typeof answerToText>[0]): CurrentAnswer {
  if (!stored) return { value: null, text: "", base: encodeBase(EMPTY), updatedByName: null, updatedAt: null };
  return {
    value: stored.value,
    text: stored.valueText || answerToText(q, stored.value),
    base: stored.base,
    updatedByName: stored.updatedByName,
    updatedAt: stored.updatedAt,
  };
}

/**
 * Save some answers of the organisation's response (creating the response on the first save).
 * Each answer carries the base it was edited from: when the stored answer has moved on since,
 * an answer the person did not change is left as the colleague saved it, and an answer both
 * changed is not written but returned as a conflict with both texts. Other answers in the same
 * save are written normally. Invalid answers are reported, never stored.
 */
export async function saveAnswers(db: Db, input: SaveAnswersInput, actor: Actor, now: Date = new Date()): Promise<SaveAnswersResult> {
  return db.transaction(async (tx) => {
    const { loaded: _, ...result } = await saveAnswersIn(tx, input, actor, now);
    return result;
  });
}

type Loaded = Awaited<ReturnType<typeof loadOpenConsultation>>;

/** saveAnswers inside the caller's transaction; also hands back the consultation it loaded. */
async function saveAnswersIn(tx: Db, input: SaveAnswersInput, actor: Actor, now: Date): Promise<SaveAnswersResult & { loaded: Loaded }> {
  const { c, snapshot } = await loadOpenConsultation(tx, input.consultationId, input.organisationId, actor, now);
  const byId = new Map(snapshot.questions.map((q) => [q.id, q]));
  const chapter = input.chapterId ? snapshot.chapters.find((ch) => ch.id === input.chapterId) : undefined;
  if (input.chapterId && !chapter) throw new InvalidError("That chapter is not part of this consultation. Nothing has been saved.");
  const allowed = new Set(chapter ? chapter.questions.map((q) => q.id) : byId.keys());
  if (input.answers.some((a) => !allowed.has(a.questionId))) {
    throw new InvalidError("Some answers were for questions that are not on this page. Nothing has been saved.");
  }
  const posted = new Map<string, SaveAnswersInput["answers"][number]>();
  for (const a of input.answers) if (!posted.has(a.questionId)) posted.set(a.questionId, a);

  let response = await lockResponse(tx, c.id, input.organisationId);
  if (response?.status === "submitted" && !c.allowAmendments) throw new LockedError(NO_AMENDMENTS_MESSAGE);

  const plan = (stored: Map<string, StoredAnswer>) => {
    const merged = new Map<string, unknown>([...stored].map(([id, a]) => [id, a.value]));
    for (const [id, a] of posted) merged.set(id, a.value);
    const loose = validateResponse(snapshot.questions, merged, { requireAnswers: false });
    const strict = input.requireAnswers ? validateResponse(snapshot.questions, merged, { requireAnswers: true }) : null;
    const visible = new Set(loose.visibleQuestionIds);
    const outcomes: Record<string, AnswerOutcome> = {};
    const errors: Record<string, string> = {};
    const writes: { questionId: string; value: AnswerValue | null; version: number }[] = [];
    const conflicts: { questionId: string; attemptedText: string }[] = [];
    for (const [id, a] of posted) {
      const q = byId.get(id)!;
      const error = loose.errors[id] ?? strict?.errors[id];
      if (!visible.has(id)) {
        outcomes[id] = { status: "hidden" };
        continue;
      }
      if (error) {
        outcomes[id] = { status: "invalid", error };
        errors[id] = error;
        continue;
      }
      const value = (loose.prunedAnswers[id] ?? null) as AnswerValue | null;
      const hash = answerHash(value);
      const mine = stored.get(id);
      const now_ = current(mine, q);
      const cur = mine ? { version: mine.version, hash: mine.hash } : EMPTY;
      const base = parseBase(a.base) ?? EMPTY;
      const stale = base.version !== cur.version || base.hash !== cur.hash;
      if (a.keepTheirs) outcomes[id] = { status: "kept_theirs", base: now_.base, current: now_ };
      else if (hash === cur.hash) outcomes[id] = { status: "unchanged", base: now_.base };
      else if (!stale) {
        const version = value === null ? 0 : cur.version + 1;
        writes.push({ questionId: id, value, version });
        outcomes[id] = { status: "saved", base: encodeBase({ version, hash: value === null ? EMPTY.hash : hash }) };
      } else if (hash === base.hash) outcomes[id] = { status: "refreshed", base: now_.base, current: now_ };
      else {
        const attemptedText = answerToText(q, value);
        outcomes[id] = { status: "conflict", current: now_, attemptedText };
        errors[id] = `${now_.updatedByName ?? "Someone else in your organisation"} changed the answer to question ${q.number} while you were editing it. Your answer has not been saved yet: choose which answer to keep`;
        conflicts.push({ questionId: id, attemptedText });
      }
    }
    // Required questions on the page that were not posted at all (a forged or partial form).
    if (strict && chapter) {
      for (const q of chapter.questions) {
        if (!posted.has(q.id) && strict.errors[q.id]) errors[q.id] = strict.errors[q.id]!;
      }
    }
    return { outcomes, errors, writes, conflicts };
  };

  let stored = response ? await loadAnswers(tx, response.id) : new Map<string, StoredAnswer>();
  let result = plan(stored);
  if (!response && (result.writes.length || result.conflicts.length)) {
    await tx
      .insert(responses)
      .values({
        consultationId: c.id,
        organisationId: input.organisationId,
        consultationVersionId: snapshot.versionId,
        startedBy: actor.id,
        lastEditedBy: actor.id,
        lastEditedAt: now,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [responses.consultationId, responses.organisationId] });
    response = await lockResponse(tx, c.id, input.organisationId);
    // A colleague may have created it a moment ago: plan again against what they saved.
    stored = await loadAnswers(tx, response!.id);
    result = plan(stored);
  }
  if (!response) {
    return { responseId: null, outcomes: result.outcomes, errors: result.errors, savedCount: 0, conflictCount: 0, loaded: { c, snapshot } };
  }
  const responseId = response.id;
  // One statement for the cleared answers and one multi-row upsert for the rest, whatever
  // the number of questions: a 35-question response is two round trips, not 35.
  const cleared = result.writes.filter((w) => w.value === null).map((w) => w.questionId);
  if (cleared.length) {
    await tx.delete(answers).where(and(eq(answers.responseId, responseId), inArray(answers.questionId, cleared)));
  }
  const upserts = result.writes
    .filter((w) => w.value !== null)
    .map((w) => ({
      responseId,
      questionId: w.questionId,
      value: w.value!,
      valueText: answerToText(byId.get(w.questionId)!, w.value),
      version: w.version,
      updatedBy: actor.id,
      updatedAt: now,
    }));
  if (upserts.length) {
    await tx
      .insert(answers)
      .values(upserts)
      .onConflictDoUpdate({
        target: [answers.responseId, answers.questionId],
        set: {
          value: sql.raw("excluded.value"),
          valueText: sql.raw("excluded.value_text"),
          version: sql.raw("excluded.version"),
          updatedBy: sql.raw("excluded.updated_by"),
          updatedAt: sql.raw("excluded.updated_at"),
        },
      });
  }
  if (result.writes.length) {
    await tx
      .update(responses)
      .set({ lastEditedBy: actor.id, lastEditedAt: now, consultationVersionId: snapshot.versionId })
      .where(eq(responses.id, responseId));
  }
  if (result.writes.length || result.conflicts.length) {
    const number = (id: string) => byId.get(id)!.number;
    await writeAudit(tx, {
      actorId: actor.id,
      action: "response.save",
      entityType: "response",
      entityId: responseId,
      consultationId: c.id,
      organisationId: input.organisationId,
      before: Object.fromEntries(result.writes.map((w) => [number(w.questionId), stored.get(w.questionId)?.valueText ?? null])),
      // A conflicting attempt is kept here too, so what was typed survives even if the
      // person closes the page without choosing.
      after: {
        answers: Object.fromEntries(result.writes.map((w) => [number(w.questionId), w.value === null ? null : answerToText(byId.get(w.questionId)!, w.value)])),
        ...(result.conflicts.length ? { conflicts: Object.fromEntries(result.conflicts.map((x) => [number(x.questionId), x.attemptedText])) } : {}),
      },
    });
  }
  return {
    responseId,
    outcomes: result.outcomes,
    errors: result.errors,
    savedCount: result.writes.length,
    conflictCount: result.conflicts.length,
    loaded: { c, snapshot },
  };
}

export type SubmitInput = {
  consultationId: string;
  organisationId: string;
  /** The response revision the person checked; a resend of the same page is the same submission. */
  revision: number;
  declaration: boolean;
};

export type SubmitResult = {
  responseId: string;
  reference: string;
  revision: number;
  /** True when this post repeated one already made (double click, back button, resend). */
  duplicate: boolean;
  receiptTo: string | null;
};

async function uniqueReference(tx: Db, from: string): Promise<string> {
  for (;;) {
    const reference = makeReference(from);
    const [taken] = await tx.select({ id: responses.id }).from(responses).where(eq(responses.reference, reference));
    if (!taken) return reference;
  }
}

/**
 * Submit the organisation's response, or an amendment of it. Runs under a lock on the
 * response row and checks the revision the person saw, so however often the same page is
 * posted it makes one submission. The receipt is emailed to the submitter after commit.
 */
export async function submitResponse(db: Db, input: SubmitInput, actor: Actor, now: Date = new Date()): Promise<SubmitResult> {
  const outcome = await db.transaction((tx) => submitIn(tx, input, actor, now));
  return afterSubmit(db, outcome, actor);
}

/** submitResponse inside the caller's transaction (the consultation may be loaded already). */
async function submitIn(tx: Db, input: SubmitInput, actor: Actor, now: Date, loaded?: Loaded) {
  const { c, snapshot } = loaded ?? (await loadOpenConsultation(tx, input.consultationId, input.organisationId, actor, now));
  const response = await lockResponse(tx, c.id, input.organisationId);
  if (!response) throw new InvalidError("Answer at least one question before you submit your response");
  if (response.revision > input.revision && response.reference) {
    return { duplicate: true as const, responseId: response.id, reference: response.reference, revision: response.revision };
  }
  if (response.revision !== input.revision) {
    throw new InvalidError("This page was out of date. Check your answers again, then submit.");
  }
  const amending = response.status === "submitted";
  if (amending && !c.allowAmendments) throw new LockedError(NO_AMENDMENTS_MESSAGE);
  if (amending && response.submittedAt && response.lastEditedAt <= response.submittedAt) {
    throw new InvalidError("You have not changed any answers since your organisation submitted its response");
  }
  const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, input.organisationId));
  if (!input.declaration) {
    throw new InvalidError("There is a problem", {
      declaration: `Confirm that you may submit this response on behalf of ${org?.name ?? "your organisation"}`,
    });
  }
  const stored = await loadAnswers(tx, response.id);
  const values = new Map([...stored].map(([id, a]) => [id, a.value]));
  const check = validateResponse(snapshot.questions, values, { requireAnswers: true });
  if (!check.valid) {
    throw new InvalidError(
      "Your response is not complete",
      Object.fromEntries(Object.entries(check.errors).map(([id, message]) => [questionPrefix(id), message])),
    );
  }
  if (Object.keys(check.prunedAnswers).length === 0) {
    throw new InvalidError("Answer at least one question before you submit your response");
  }
  // Answers to questions a show-if now hides are not part of the response.
  const inSnapshot = new Set(snapshot.questions.map((q) => q.id));
  const hidden = [...stored.keys()].filter((id) => inSnapshot.has(id) && !(id in check.prunedAnswers));
  if (hidden.length) {
    await tx.delete(answers).where(and(eq(answers.responseId, response.id), inArray(answers.questionId, hidden)));
  }
  const revision = response.revision + 1;
  const reference = response.reference ?? (await uniqueReference(tx, c.slug));
  await tx
    .update(responses)
    .set({ status: "submitted", reference, revision, submittedAt: now, submittedBy: actor.id, consultationVersionId: snapshot.versionId })
    .where(eq(responses.id, response.id));
  await tx.insert(responseSubmissions).values({
    responseId: response.id,
    revision,
    answers: check.prunedAnswers,
    submittedAt: now,
    submittedBy: actor.id,
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: amending ? "response.amend" : "response.submit",
    entityType: "response",
    entityId: response.id,
    consultationId: c.id,
    organisationId: input.organisationId,
    before: { status: response.status, revision: response.revision },
    after: { status: "submitted", revision, reference, answered: Object.keys(check.prunedAnswers).length, droppedHidden: hidden.length },
  });
  const receipt = receiptEmail({
    consultationTitle: c.title,
    organisationName: org?.name ?? "",
    reference,
    revision,
    submittedAt: formatDateTime(now),
    submittedBy: actor.name ?? actor.email,
    viewUrl: `${appUrl()}/respond/${c.slug}/submitted`,
    summary: answerSummary(snapshot.chapters, new Map(Object.entries(check.prunedAnswers))),
  });
  return { duplicate: false as const, responseId: response.id, reference, revision, receipt, consultationId: c.id };
}

async function afterSubmit(db: Db, outcome: Awaited<ReturnType<typeof submitIn>>, actor: Actor): Promise<SubmitResult> {
  if (outcome.duplicate) return { ...outcome, receiptTo: null };
  // After commit: a mail server that is down must not undo the submission. The outbox row
  // records the failure for the admin to see and resend.
  try {
    await sendEmail(db, { to: actor.email, kind: "receipt", consultationId: outcome.consultationId, userId: actor.id, ...outcome.receipt });
  } catch (e) {
    console.error("receipt email failed", e);
  }
  return { responseId: outcome.responseId, reference: outcome.reference, revision: outcome.revision, duplicate: false, receiptTo: actor.email };
}

/**
 * Save answers and submit the response in one transaction (the API's single request): the
 * same rules as saveAnswers then submitResponse, but if anything refuses, nothing is written.
 * `checkSaved` sees the save's outcome first and throws to refuse it (conflicts, invalid).
 */
export async function saveAndSubmitResponse(
  db: Db,
  input: Omit<SaveAnswersInput, "chapterId" | "requireAnswers">,
  actor: Actor,
  checkSaved: (saved: SaveAnswersResult) => void,
  now: Date = new Date(),
): Promise<SubmitResult> {
  const outcome = await db.transaction(async (tx) => {
    const { loaded, ...saved } = await saveAnswersIn(tx, input, actor, now);
    checkSaved(saved);
    const [response] = await tx
      .select({ revision: responses.revision })
      .from(responses)
      .where(and(eq(responses.consultationId, input.consultationId), eq(responses.organisationId, input.organisationId)));
    if (!response) throw new InvalidError("Answer at least one question before you submit your response");
    return submitIn(tx, { consultationId: input.consultationId, organisationId: input.organisationId, revision: response.revision, declaration: true }, actor, now, loaded);
  });
  return afterSubmit(db, outcome, actor);
}

/** Record when an invited contact first opens the consultation (for the officer's reminders). */
export async function markInvitationOpened(db: Db, consultationId: string, userId: string, now: Date = new Date()) {
  await db
    .update(invitations)
    .set({ openedAt: now })
    .where(and(eq(invitations.consultationId, consultationId), eq(invitations.userId, userId), isNull(invitations.openedAt)));
}

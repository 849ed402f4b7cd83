// Writes to an organisation's response: saving answers (each against the version it was
// edited from, so a colleague's newer answer is never overwritten silently), submitting and
// amending (one submission per revision, whatever is posted twice), and the emailed receipt.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { executeNamed, isUniqueViolation, preparedQuery, renderSql, type Db } from "../../db/client";
import { answers, consultations, councilBranding, organisations, responses, responseSubmissions, type OrganisationType } from "../../db/schema";
import { auditInsert, writeAudit, type AuditInput } from "../audit";
import { boundedMap, type BoundedMap } from "../bounded-map";
import { authorize, type Actor } from "../auth/policy";
import { appUrl } from "../config";
import { deliverNow, queueEmail } from "../email";
import { ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { assignCampaignGroup } from "../public/campaign";
import { checkConsent, CONSENT_FIELD, CONSENT_WORDS, consentRequired, mayPublish, type ConsentInput } from "../public/consent";
import { refreshModeration } from "../public/moderation-queue";
import { ensurePublicReference } from "../public/public-reference";
import { formatDateTime } from "../format";
import { emailJobKey, emailWindowEnd, notify, paths, submittedNotificationCte } from "../notifications/record";
import { answerToText, parseAnswer, type AnswerValue } from "../questions/answers";
import { validateResponse } from "../questions/visibility";
import { answerHash } from "./hash";
import { deepFreeze } from "../deep-freeze";
import { headVersionSql, loadAnswers, snapshotIndex, snapshotOfVersion, type PublishedSnapshot, type StoredAnswer } from "./queries";
import { referenceCodeOf } from "../consultations/reference-code";
import { makeReference } from "./reference";
import { answerSummary, consultationContact, NO_AMENDMENTS_MESSAGE, receiptEmail, respondWindow, windowMessage, type SnapshotQuestion } from "./rules";
import { encodeBase, parseBase, questionPrefix } from "./schemas";
import { recordSubmission } from "../metrics";

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

export type PostedAnswer = { questionId: string; value: unknown; base?: string | null; keepTheirs?: boolean };

export type SaveAnswersInput = {
  consultationId: string;
  organisationId: string;
  /** The chapter page posting; answers to questions outside it are refused. */
  chapterId?: string;
  /**
   * The answers, or a function that works them out from the published structure (the API maps
   * question numbers to ids) and may throw to refuse the request; either way, in the same
   * transaction as the save.
   */
  answers: PostedAnswer[] | ((snapshot: PublishedSnapshot) => PostedAnswer[]);
  /** A member of the public's own response (organisationId is then the council's public organisation). */
  respondentUserId?: string | null;
  /** "Save and continue": required questions on the page must be answered. */
  requireAnswers?: boolean;
  /**
   * The caller states the answers rather than editing them from a copy it read (the API): each
   * is applied against what is stored, under the response's lock, so none can be stale.
   */
  statesAnswers?: boolean;
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

// Lock, then read: under READ COMMITTED a statement that waited for a row lock re-reads only
// the locked row, so answers read in the statement that takes the lock could predate a
// colleague's save that committed while it waited. Both are prepared: each connection plans
// them once.
const lockResponseQuery = preparedQuery((db) =>
  db
    .select()
    .from(responses)
    .where(
      and(
        eq(responses.consultationId, sql.placeholder("consultationId")),
        eq(responses.organisationId, sql.placeholder("organisationId")),
        // A partner organisation's one response (null), or a member of the public's own.
        sql`${responses.respondentUserId} is not distinct from ${sql.placeholder("respondentUserId")}::uuid`,
      ),
    )
    .for("update")
    .prepare("lock_response"),
);

/**
 * The organisation's response, locked until the transaction ends, with its stored answers as
 * they stand once the lock is held (read by a second statement, after the lock).
 */
async function lockResponse(
  tx: Db,
  consultationId: string,
  organisationId: string,
  respondentUserId: string | null = null,
): Promise<{ response: ResponseRow | null; stored: Map<string, StoredAnswer> }> {
  const [response] = await lockResponseQuery(tx).execute({ consultationId, organisationId, respondentUserId });
  if (!response) return { response: null, stored: new Map() };
  return { response, stored: await loadAnswers(tx, response.id) };
}

// Every save and submission runs it: prepared, so each connection plans it once.
const openConsultationSelect = (db: Db) =>
  db
    .select({
      c: consultations,
      headId: headVersionSql.id,
      headVersion: headVersionSql.version,
      organisationName: organisations.name,
      organisationType: organisations.type,
      // The council's contact officer, for the receipt when the consultation names none.
      brandingContactName: councilBranding.contactName,
      brandingContactEmail: councilBranding.contactEmail,
      // The row's version: xmin names the transaction that wrote it, so any update changes it
      // (submitNewResponse's statement checks that the row it decided on is still current).
      rowVersion: sql<string>`${consultations}.xmin::text`,
    })
    .from(consultations)
    .leftJoin(organisations, eq(organisations.id, sql.placeholder("organisationId")))
    .leftJoin(councilBranding, eq(councilBranding.organisationId, consultations.ownerOrganisationId))
    .where(eq(consultations.id, sql.placeholder("consultationId")));
const openConsultationQuery = preparedQuery((db) => openConsultationSelect(db).prepare("load_open_consultation"));
/**
 * The same read for a submission, holding the consultation's row (FOR SHARE) until it commits:
 * an officer's close (which takes the row FOR UPDATE) waits for a submission in flight, and a
 * submission waits for a close being made and then reads the row as closed. Without it a
 * submission that read the row just before a close committed would be written after it.
 * Saves do not hold it: a draft saved at the moment of closing cannot be submitted after.
 */
const openConsultationToSubmitQuery = preparedQuery((db) => openConsultationSelect(db).for("share", { of: consultations }).prepare("load_open_consultation_to_submit"));

/**
 * The consultation, its newest published version and the responding organisation, in one read
 * (the published structure itself comes from the per-process cache); refuses what is closed.
 */
async function loadOpenConsultation(tx: Db, consultationId: string, organisationId: string, actor: Actor, now: Date, respondentUserId: string | null = null, toSubmit = false) {
  const [row] = await (toSubmit ? openConsultationToSubmitQuery : openConsultationQuery)(tx).execute({ consultationId, organisationId });
  return openConsultationOf(tx, row, organisationId, actor, now, respondentUserId);
}

type OpenConsultationRow = Awaited<ReturnType<ReturnType<typeof openConsultationQuery>["execute"]>>[number];

/**
 * loadOpenConsultation's checks on a row read by openConsultationQuery. `knownOrganisation`
 * (its name and type, read by the caller in this request) stands for the row's organisation
 * columns, which a row kept from another request (submitNewResponse's cache) has for another.
 */
async function openConsultationOf(
  tx: Db,
  row: OpenConsultationRow | undefined,
  organisationId: string,
  actor: Actor,
  now: Date,
  respondentUserId: string | null = null,
  knownOrganisation?: { name: string; type: OrganisationType },
) {
  const c = row?.c;
  if (!c || c.status === "draft") throw new NotFoundError("Consultation");
  authorize(actor, "response.edit", { kind: "response", organisationId, consultationOwnerOrganisationId: c.ownerOrganisationId, respondentUserId });
  // Members of the public respond only where the officer asked them; organisations only where they were asked.
  if (respondentUserId ? c.audience === "partners" : c.audience === "public") {
    throw new ForbiddenError(respondentUserId ? "This consultation is for invited organisations only" : "This consultation asks people to respond as themselves");
  }
  const closed = windowMessage(c, respondWindow(c, now), now);
  if (closed) throw new LockedError(closed);
  if (!row.headId) throw new NotFoundError("Consultation");
  const snapshot = await snapshotOfVersion(tx, { id: row.headId, version: Number(row.headVersion) });
  const organisationType = knownOrganisation ? knownOrganisation.type : row.organisationType;
  if (!organisationType) throw new NotFoundError("Organisation");
  const organisation = { id: organisationId, name: (knownOrganisation ? knownOrganisation.name : row.organisationName) ?? "", type: organisationType };
  const contact = consultationContact(c, { name: row.brandingContactName ?? "", email: row.brandingContactEmail ?? "" });
  return { c, snapshot, organisation, contact };
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

type AuditedResponse = { responseId: string; consultationId: string; organisationId: string };

/**
 * The audit entry of a save: each written answer's text before and after (null where there
 * was none or it was cleared). A conflicting attempt is kept here too, so what was typed
 * survives even if the person closes the page without choosing.
 */
function saveAuditEntry(
  actor: Actor,
  at: AuditedResponse,
  byId: ReadonlyMap<string, SnapshotQuestion>,
  change: { writes: { questionId: string; before: string | null; value: AnswerValue | null }[]; conflicts: { questionId: string; attemptedText: string }[] },
): AuditInput {
  const number = (id: string) => byId.get(id)!.number;
  return {
    actorId: actor.id,
    action: "response.save",
    entityType: "response",
    entityId: at.responseId,
    consultationId: at.consultationId,
    organisationId: at.organisationId,
    before: Object.fromEntries(change.writes.map((w) => [number(w.questionId), w.before])),
    after: {
      answers: Object.fromEntries(change.writes.map((w) => [number(w.questionId), w.value === null ? null : answerToText(byId.get(w.questionId)!, w.value)])),
      ...(change.conflicts.length ? { conflicts: Object.fromEntries(change.conflicts.map((x) => [number(x.questionId), x.attemptedText])) } : {}),
    },
  };
}

/** The audit entry of a submission or an amendment. */
function submitAuditEntry(
  actor: Actor,
  at: AuditedResponse,
  s: { amending: boolean; before: { status: string; revision: number }; revision: number; reference: string; answered: number; droppedHidden: number },
): AuditInput {
  return {
    actorId: actor.id,
    action: s.amending ? "response.amend" : "response.submit",
    entityType: "response",
    entityId: at.responseId,
    consultationId: at.consultationId,
    organisationId: at.organisationId,
    before: s.before,
    after: { status: "submitted", revision: s.revision, reference: s.reference, answered: s.answered, droppedHidden: s.droppedHidden },
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
    return (await saveAnswersIn(tx, input, actor, now)).saved;
  });
}

type Loaded = Awaited<ReturnType<typeof loadOpenConsultation>>;

type ResponseRow = typeof responses.$inferSelect;

/**
 * saveAnswers inside the caller's transaction. Also hands back what a submit in the same
 * transaction needs without reading it again: the consultation it loaded, the locked response
 * row and its answers as they now stand. With `deferAudit`, the audit entry is returned for
 * the caller to write with its own (one insert for both).
 */
async function saveAnswersIn(
  tx: Db,
  input: SaveAnswersInput,
  actor: Actor,
  now: Date,
  opts: { deferAudit?: boolean; toSubmit?: boolean } = {},
): Promise<{ saved: SaveAnswersResult; loaded: Loaded; response: ResponseRow | null; answersAfter: Map<string, StoredAnswer>; audit: AuditInput | null }> {
  const respondentUserId = input.respondentUserId ?? null;
  const loaded = await loadOpenConsultation(tx, input.consultationId, input.organisationId, actor, now, respondentUserId, opts.toSubmit);
  const { c, snapshot } = loaded;
  const byId = new Map(snapshot.questions.map((q) => [q.id, q]));
  const chapter = input.chapterId ? snapshot.chapters.find((ch) => ch.id === input.chapterId) : undefined;
  if (input.chapterId && !chapter) throw new InvalidError("That chapter is not part of this consultation. Nothing has been saved.");
  const allowed = new Set(chapter ? chapter.questions.map((q) => q.id) : byId.keys());
  const list = typeof input.answers === "function" ? input.answers(snapshot) : input.answers;
  if (list.some((a) => !allowed.has(a.questionId))) {
    throw new InvalidError("Some answers were for questions that are not on this page. Nothing has been saved.");
  }
  const posted = new Map<string, PostedAnswer>();
  for (const a of list) if (!posted.has(a.questionId)) posted.set(a.questionId, a);

  const plan = (stored: Map<string, StoredAnswer>) => {
    const merged = new Map<string, unknown>([...stored].map(([id, a]) => [id, a.value]));
    for (const [id, a] of posted) merged.set(id, a.value);
    const loose = validateResponse(snapshot.questions, merged, { requireAnswers: false });
    const strict = input.requireAnswers ? validateResponse(snapshot.questions, merged, { requireAnswers: true }) : null;
    const visible = new Set(loose.visibleQuestionIds);
    const outcomes: Record<string, AnswerOutcome> = {};
    const errors: Record<string, string> = {};
    const writes: { questionId: string; value: AnswerValue | null; version: number; hash: string }[] = [];
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
      const base = input.statesAnswers ? cur : (parseBase(a.base) ?? EMPTY);
      const stale = base.version !== cur.version || base.hash !== cur.hash;
      if (a.keepTheirs) outcomes[id] = { status: "kept_theirs", base: now_.base, current: now_ };
      else if (hash === cur.hash) outcomes[id] = { status: "unchanged", base: now_.base };
      else if (!stale) {
        const version = value === null ? 0 : cur.version + 1;
        writes.push({ questionId: id, value, version, hash });
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

  const insertResponse = async (): Promise<ResponseRow | null> => {
    // An organisation being merged into another holds its row until the merge commits: a first
    // response waits for it, and is refused once it is merged (the person's page still names it).
    const [live] = await tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, input.organisationId), isNull(organisations.mergedIntoId))).for("share");
    if (!live) throw new LockedError("Your organisation has just been merged into another on this service, so nothing was saved. Reload the page to answer for the organisation it became.");
    const [inserted] = await tx
      .insert(responses)
      .values({
        consultationId: c.id,
        organisationId: input.organisationId,
        respondentUserId,
        consultationVersionId: snapshot.versionId,
        startedBy: actor.id,
        lastEditedBy: actor.id,
        lastEditedAt: now,
        createdAt: now,
      })
      // The partial unique index of partner responses (members of the public have their own).
      .onConflictDoNothing(
        respondentUserId
          ? { target: [responses.consultationId, responses.respondentUserId], where: sql`${responses.respondentUserId} is not null` }
          : { target: [responses.consultationId, responses.organisationId], where: sql`${responses.respondentUserId} is null` },
      )
      .returning();
    return inserted ?? null;
  };

  // A response this transaction creates is new, empty, and locked until it commits. The API,
  // which always writes, tries that first: for a new organisation it is the only statement
  // the response row needs.
  let response: ResponseRow | null = input.statesAnswers && posted.size ? await insertResponse() : null;
  let created = response !== null;
  let stored = new Map<string, StoredAnswer>();
  if (!created) {
    ({ response, stored } = await lockResponse(tx, c.id, input.organisationId, respondentUserId));
    if (response?.status === "submitted" && !c.allowAmendments) throw new LockedError(NO_AMENDMENTS_MESSAGE);
  }
  let result = plan(stored);
  if (!response && (result.writes.length || result.conflicts.length)) {
    response = await insertResponse();
    created = response !== null;
    if (!created) {
      // A colleague created it a moment ago: plan again against what they saved.
      ({ response, stored } = await lockResponse(tx, c.id, input.organisationId, respondentUserId));
      result = plan(stored);
    }
  }
  // "Save and continue" with nothing wrong finishes the chapter (the task list then says
  // completed, even for optional questions left empty): the response is made for it if need be.
  const finishes = () => Boolean(input.requireAnswers && chapter && !Object.keys(result.errors).length && !result.conflicts.length);
  if (!response && finishes()) {
    response = await insertResponse();
    created = response !== null;
    if (!created) {
      ({ response, stored } = await lockResponse(tx, c.id, input.organisationId, respondentUserId));
      result = plan(stored);
    }
  }
  if (!response) {
    const saved = { responseId: null, outcomes: result.outcomes, errors: result.errors, savedCount: 0, conflictCount: 0 };
    return { saved, loaded, response: null, answersAfter: stored, audit: null };
  }
  const responseId = response.id;
  if (finishes() && chapter && !response.completedChapters.includes(chapter.id)) {
    // Once per chapter: later saves of a finished chapter write nothing more here.
    await tx
      .update(responses)
      .set({ completedChapters: sql`array_append(${responses.completedChapters}, ${chapter.id}::uuid)` })
      .where(and(eq(responses.id, responseId), sql`not (${chapter.id}::uuid = any(${responses.completedChapters}))`));
    response = { ...response, completedChapters: [...response.completedChapters, chapter.id] };
  }
  // One statement for the cleared answers and one multi-row upsert for the rest, whatever
  // the number of questions: a 35-question response is two round trips, not 35.
  const cleared = result.writes.filter((w) => w.value === null).map((w) => w.questionId);
  if (cleared.length) {
    await tx.delete(answers).where(and(eq(answers.responseId, responseId), inArray(answers.questionId, cleared)));
  }
  const upserts = result.writes
    .filter((w) => w.value !== null)
    .map((w) => ({ questionId: w.questionId, value: w.value!, valueText: answerToText(byId.get(w.questionId)!, w.value), version: w.version, hash: w.hash }));
  const touch = () => tx.update(responses).set({ lastEditedBy: actor.id, lastEditedAt: now, consultationVersionId: snapshot.versionId }).where(eq(responses.id, responseId));
  const audit: AuditInput | null =
    result.writes.length || result.conflicts.length
      ? saveAuditEntry(actor, { responseId, consultationId: c.id, organisationId: input.organisationId }, byId, {
          writes: result.writes.map((w) => ({ questionId: w.questionId, before: stored.get(w.questionId)?.valueText ?? null, value: w.value })),
          conflicts: result.conflicts,
        })
      : null;
  // Written here unless the caller writes it with a submission's.
  const auditNow = opts.deferAudit ? null : audit;
  if (upserts.length) {
    // The rows travel as one JSON parameter, unpacked by Postgres: a 35-answer save is one
    // small statement to build, send and parse, rather than 245 bound parameters. The same
    // statement records who edited an existing response last, and the audit entry.
    const rows = JSON.stringify(upserts.map((u) => ({ question_id: u.questionId, value: u.value, value_text: u.valueText, version: u.version })));
    const ctes = [
      ...(created ? [] : [sql`touched as (${touch().getSQL()})`]),
      ...(auditNow ? [sql`logged as (${auditInsert(tx, [auditNow]).getSQL()})`] : []),
    ];
    await tx.execute(sql`
      ${ctes.length ? sql`with ${sql.join(ctes, sql`, `)}` : sql``}
      insert into ${answers} (response_id, question_id, value, value_text, version, updated_by, updated_at)
      select ${responseId}, x.question_id, x.value, x.value_text, x.version, ${actor.id}, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as x(question_id uuid, value jsonb, value_text text, version integer)
      ${
        // A new response has no answers to update.
        created
          ? sql``
          : sql`on conflict (response_id, question_id) do update set value = excluded.value, value_text = excluded.value_text,
              version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at`
      }`);
  }
  if (result.writes.length && !created && !upserts.length) await touch();
  if (result.writes.length) response = { ...response, lastEditedBy: actor.id, lastEditedAt: now, consultationVersionId: snapshot.versionId };
  // The answers as they now stand, so a submit in the same transaction need not read them back.
  const answersAfter = new Map(stored);
  for (const id of cleared) answersAfter.delete(id);
  for (const u of upserts) {
    answersAfter.set(u.questionId, {
      value: u.value,
      valueText: u.valueText,
      version: u.version,
      hash: u.hash,
      base: encodeBase({ version: u.version, hash: u.hash }),
      updatedAt: now,
      updatedByName: actor.name ?? null,
    });
  }
  if (auditNow && !upserts.length) await writeAudit(tx, auditNow);
  // An answer of a submitted, consenting response changed (an amendment under way): its
  // moderation goes back to pending now, in this transaction. A submit following in the same
  // transaction (deferAudit) does this itself.
  if (result.writes.length && response.status === "submitted" && mayPublish(response.publishConsent) && !opts.deferAudit) {
    await refreshModeration(tx, [responseId]);
  }
  return {
    saved: { responseId, outcomes: result.outcomes, errors: result.errors, savedCount: result.writes.length, conflictCount: result.conflicts.length },
    loaded,
    response,
    answersAfter,
    audit,
  };
}

export type SubmitInput = {
  consultationId: string;
  organisationId: string;
  /** A member of the public's own response. */
  respondentUserId?: string | null;
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
  /** What was submitted (absent for a duplicate): enough to describe it without reading it back. */
  submitted?: SubmittedResponse;
};

export type SubmittedResponse = {
  consultationId: string;
  submittedAt: Date;
  consultationVersion: number;
  organisation: { id: string; name: string; type: OrganisationType };
  /** In question order. */
  answers: { questionId: string; value: unknown; text: string }[];
};

/** What saveAnswersIn already holds when a submit follows it in the same transaction. */
type Preloaded = { loaded: Loaded; response: ResponseRow; answers: Map<string, StoredAnswer>; audits: AuditInput[] };

/**
 * Submit the organisation's response, or an amendment of it. Runs under a lock on the
 * response row and checks the revision the person saw, so however often the same page is
 * posted it makes one submission. The receipt is recorded in the outbox in the same
 * transaction and sent (when SMTP is configured) after commit.
 */
export async function submitResponse(db: Db, input: SubmitInput, actor: Actor, now: Date = new Date()): Promise<SubmitResult> {
  const outcome = await db.transaction((tx) => submitIn(tx, input, actor, now));
  return afterSubmit(db, outcome, actor);
}

/** submitResponse inside the caller's transaction (after a save, with what it loaded). */
async function submitIn(tx: Db, input: SubmitInput, actor: Actor, now: Date, pre?: Preloaded) {
  const respondentUserId = input.respondentUserId ?? null;
  const { c, snapshot, organisation, contact } =
    pre?.loaded ?? (await loadOpenConsultation(tx, input.consultationId, input.organisationId, actor, now, respondentUserId, true));
  const { response, stored } = pre ? { response: pre.response, stored: pre.answers } : await lockResponse(tx, c.id, input.organisationId, respondentUserId);
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
  // Consent to publish is asked on its own page before checking answers (lib/public).
  if (consentRequired(c) && !response.publishConsent) {
    throw new InvalidError("There is a problem", { [CONSENT_FIELD]: "Say whether we may publish your response before you submit it" });
  }
  // A member of the public answers for themselves: there is no one else to declare for.
  if (!input.declaration && !respondentUserId) {
    throw new InvalidError("There is a problem", {
      declaration: `Confirm that you may submit this response on behalf of ${organisation.name || "your organisation"}`,
    });
  }
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
  const reference = await markSubmitted(tx, response, referenceCodeOf(c), { revision, submittedAt: now, submittedBy: actor.id, consultationVersionId: snapshot.versionId });
  const publicDetails = respondentUserId ? await afterPublicSubmission(tx, response, c.id, snapshot, check.prunedAnswers) : null;
  // The free-text answers of a consenting response enter the moderation queue with the
  // submission itself: one short statement keyed by this (locked) response, touching no row
  // another submission needs, so it holds no one up; and in the same transaction, so a
  // submitted answer is never missing from the queue (no repair on reading the queue).
  // A partner's consenting response is listed on the public pages under a public reference too.
  if (consentRequired(c) && mayPublish(response.publishConsent)) {
    await refreshModeration(tx, [response.id]);
    if (!publicDetails) await ensurePublicReference(tx, response);
  }
  await tx.insert(responseSubmissions).values({
    responseId: response.id,
    revision,
    answers: check.prunedAnswers,
    submittedAt: now,
    submittedBy: actor.id,
  });
  await writeAudit(tx, [
    ...(pre?.audits ?? []),
    submitAuditEntry(actor, { responseId: response.id, consultationId: c.id, organisationId: input.organisationId }, {
      amending,
      before: { status: response.status, revision: response.revision },
      revision,
      reference,
      answered: Object.keys(check.prunedAnswers).length,
      droppedHidden: hidden.length,
    }),
  ]);
  // An API key's service account has an address that cannot receive mail: the API's 201
  // body is its receipt.
  const receipt = actor.apiKeyScope ? null : await queueEmail(tx, {
    to: actor.email,
    // Replies reach a person at the council, not a no-reply address.
    replyTo: contact.email || null,
    kind: "receipt",
    consultationId: c.id,
    userId: actor.id,
    ...receiptEmail({
      consultationTitle: c.title,
      organisationName: organisation.name,
      reference,
      revision,
      submittedAt: formatDateTime(now),
      submittedBy: actor.name ?? actor.email,
      viewUrl: `${appUrl()}/respond/${c.slug}/submitted`,
      contact,
      summary: answerSummary(snapshot.chapters, new Map(Object.entries(check.prunedAnswers))),
      publicRespondent: publicDetails
        ? {
            publicReference: publicDetails.publicReference,
            consent: response.publishConsent ? CONSENT_WORDS[response.publishConsent] : null,
            privacyNotice: c.privacyNotice,
          }
        : undefined,
    }),
  });
  await notify(tx, {
    kind: "response_submitted",
    recipients: { roles: ["officer"], organisationId: c.ownerOrganisationId },
    consultationId: c.id,
    title: submittedTitle(respondentUserId ? "A member of the public" : organisation.name, c.title, amending),
    path: paths.response(c.id, response.id),
    actorId: actor.id,
    now,
  });
  const submitted: SubmittedResponse = {
    consultationId: c.id,
    submittedAt: now,
    consultationVersion: snapshot.version,
    organisation,
    answers: snapshot.questions
      .filter((q) => q.id in check.prunedAnswers)
      .map((q) => {
        const value = check.prunedAnswers[q.id];
        return { questionId: q.id, value, text: stored.get(q.id)?.valueText || answerToText(q, value as AnswerValue) };
      }),
  };
  return { duplicate: false as const, responseId: response.id, reference, revision, receipt, submitted, publicDetails };
}

/**
 * A member of the public's submission: the public reference (first time), in the submitting
 * transaction, and what the campaign grouping needs, done after commit (see afterSubmit).
 */
async function afterPublicSubmission(tx: Db, response: ResponseRow, consultationId: string, snapshot: PublishedSnapshot, pruned: Record<string, unknown>) {
  const open = snapshot.questions.filter((q) => q.type === "long_text" || q.type === "short_text");
  const freeText = open
    .filter((q) => typeof pruned[q.id] === "string")
    .map((q) => pruned[q.id] as string)
    .join("\n");
  const publicReference = await ensurePublicReference(tx, response);
  return { publicReference, campaign: { responseId: response.id, consultationId, text: freeText, questionIds: open.map((q) => q.id) } };
}

/** The officers' notification of a submission. */
function submittedTitle(organisationName: string, consultationTitle: string, amending: boolean) {
  return `${organisationName || "A partner"} ${amending ? "amended its" : "submitted a"} response to “${consultationTitle}”`;
}

/**
 * Mark the response submitted, giving it a reference (the consultation's code and a random
 * part) at its first submission. The reference is checked unused in the same statement, and a
 * new one drawn if it is taken; a submission drawing the same one at the same moment is
 * refused by the unique index when the first commits, and then draws again from a savepoint,
 * so the person is never shown an error for it.
 */
async function markSubmitted(
  tx: Db,
  response: ResponseRow,
  code: string,
  set: { revision: number; submittedAt: Date; submittedBy: string; consultationVersionId: string },
): Promise<string> {
  if (response.reference) {
    const updated = await tx.update(responses).set({ status: "submitted", ...set }).where(eq(responses.id, response.id)).returning({ id: responses.id });
    if (!updated.length) throw new Error(`response ${response.id} was not found under its lock`);
    return response.reference;
  }
  // Twenty draws all taken would mean the draw is broken, not unlucky.
  for (let draw = 0; draw < 20; draw++) {
    const reference = makeReference(code);
    try {
      const updated = await tx.transaction((sp) =>
        sp
          .update(responses)
          .set({ status: "submitted", reference, ...set })
          .where(and(eq(responses.id, response.id), sql`not exists (select 1 from ${responses} taken where taken.reference = ${reference})`))
          .returning({ id: responses.id }),
      );
      if (updated.length) return reference;
    } catch (e) {
      if (!isUniqueViolation(e, "responses_reference_unique")) throw e;
    }
  }
  throw new Error(`no unused reference found for response ${response.id}`);
}

async function afterSubmit(db: Db, outcome: Awaited<ReturnType<typeof submitIn>>, actor: Actor): Promise<SubmitResult> {
  if (outcome.duplicate) return { ...outcome, receiptTo: null };
  // Campaign grouping in a short transaction of its own after the submission commits: it locks
  // the consultation's grouping, which would otherwise hold up every other public submission
  // until this one committed. A failure leaves the response submitted and ungrouped, never lost.
  if (outcome.publicDetails) {
    try {
      const campaign = outcome.publicDetails.campaign;
      await db.transaction((tx) => assignCampaignGroup(tx, campaign));
    } catch (e) {
      console.error("campaign grouping failed", e);
    }
  }
  // After commit: a mail server that is down must not undo the submission. The outbox row
  // records the failure, and the email's job sends it once the server answers.
  await deliverNow(db, outcome.receipt);
  recordSubmission(outcome.publicDetails ? "public" : "partner");
  const { responseId, reference, revision, submitted } = outcome;
  return { responseId, reference, revision, duplicate: false, receiptTo: outcome.receipt ? actor.email : null, submitted };
}

/**
 * Save answers and submit the response in one transaction (the API's single request): the
 * same rules as saveAnswers then submitResponse, but if anything refuses, nothing is written.
 * `checkSaved` sees the save's outcome first and throws to refuse it (conflicts, invalid).
 * What the save loaded and wrote is handed to the submit rather than read again.
 */
export async function saveAndSubmitResponse(
  db: Db,
  input: Omit<SaveAnswersInput, "chapterId" | "requireAnswers">,
  actor: Actor,
  checkSaved: (saved: SaveAnswersResult) => void,
  now: Date = new Date(),
  /**
   * Runs last in the transaction, with what was submitted: writes the outcome an
   * Idempotency-Key's retry will be given, so that it commits with the submission or not at all.
   */
  beforeCommit?: (tx: Db, result: SubmitResult) => Promise<void>,
  /**
   * The organisation's consent to publish, stated with the submission (the API's body): checked
   * and saved in the same transaction, so a refusal leaves nothing behind. Not stored when the
   * consultation does not publish responses. Organisations publish under their own name.
   */
  consent?: ConsentInput,
): Promise<SubmitResult> {
  const outcome = await db.transaction(async (tx) => {
    const { saved, loaded, response: savedResponse, answersAfter, audit } = await saveAnswersIn(tx, input, actor, now, { deferAudit: true, toSubmit: true });
    checkSaved(saved);
    if (!savedResponse) throw new InvalidError("Answer at least one question before you submit your response");
    let response = savedResponse;
    const audits = audit ? [audit] : [];
    if (consent && consentRequired(loaded.c)) {
      const checked = checkConsent(loaded.c, consent, { isPublic: false });
      if (Object.keys(checked.errors).length) throw new InvalidError("There is a problem", checked.errors);
      const { publishConsent } = checked.value;
      if (publishConsent !== response.publishConsent) {
        await tx.update(responses).set({ publishConsent, publishedName: null }).where(eq(responses.id, response.id));
        // What was chosen, as the details page records it (lib/public saveResponseDetails).
        await writeAudit(tx, {
          actorId: actor.id,
          action: "response.details",
          entityType: "response",
          entityId: response.id,
          consultationId: loaded.c.id,
          organisationId: input.organisationId,
          before: { publishConsent: response.publishConsent },
          after: { publishConsent },
        });
        response = { ...response, publishConsent };
      }
    }
    const submitInput = { consultationId: input.consultationId, organisationId: input.organisationId, revision: response.revision, declaration: true };
    const submitted = await submitIn(tx, submitInput, actor, now, { loaded, response, answers: answersAfter, audits });
    if (beforeCommit) {
      const { responseId, reference, revision, duplicate } = submitted;
      const receiptTo = !duplicate && submitted.receipt ? actor.email : null;
      await beforeCommit(tx, { responseId, reference, revision, duplicate, receiptTo, submitted: duplicate ? undefined : submitted.submitted });
    }
    return submitted;
  });
  return afterSubmit(db, outcome, actor);
}

// The newest published version's id as a subquery of "consultations" (lib/responses/queries), as
// SQL text: rendered with the handles' casing, and refused at load if it ever takes a bound value
// (its $1 would collide with the statement's own).
const HEAD_VERSION_ID_SQL = (() => {
  const q = renderSql(headVersionSql.id);
  if (q.params.length) throw new Error("headVersionSql.id must not take parameters: it is inlined into submitNewResponseSql");
  return q.sql;
})();

// A data-modifying CTE is one statement, so it is atomic: the response is inserted (unless the
// organisation has one by now, or the reference is taken, or the consultation is not as it was
// read), and the answers, the submitted copy and the audit entries (the save's, then the
// submit's) only for the response it returns. Named, so each connection plans it once.
// $1 response id, $2 consultation, $3 organisation, $4 version, $5 reference, $6 actor, $7 time,
// $8 answer rows in question order (question_id, number, value, and value_text only where it is
// not the value's own string), $9 the submit's audit entry, $10 the consultation row's xmin as
// read: `g` says whether the row and its newest published version are still those the request
// decided on (the statement returns one row: the response's id, or null, and `current`). `g`
// holds the row FOR SHARE until the submission commits, as the general path does: an officer's
// close being made is waited for, and then the row's new xmin makes `current` false (the
// request decides again, on the row as closed). The answers are sent once: the submitted copy
// (question id → value) and the save's audit entry (number → text) are built from them here.
// With an idempotency claim, the same statement records the request's outcome, and writes
// nothing unless the claim is still the caller's ($11 API key, $12 key, $13 the claim's lease,
// $14 status, $15 body): the response and its outcome commit together. The officers'
// notifications and their email job are written by the same statement (lib/notifications),
// from the next four parameters (owner council, title, the email job's time and key).
function submitNewResponseSql(claimed: boolean) {
  return `
  with g as (
    select exists (
      select 1 from consultations
      where consultations.id = $2::uuid and consultations.xmin::text = $10::text and ${HEAD_VERSION_ID_SQL} = $4::uuid
      for share
    ) as current
  ), x as (
    select x.question_id, x.number, x.value, coalesce(x.value_text, x.value #>> '{}') as value_text, x.n
    from rows from (jsonb_to_recordset($8::jsonb) as (question_id uuid, number text, value jsonb, value_text text))
      with ordinality as x(question_id, number, value, value_text, n)
  ), ${
    claimed
      ? `c as (
    select 1 from idempotency_keys
    where api_key_id = $11::uuid and key = $12::text and lease_expires_at = $13::timestamptz and response_status is null
    for update
  ), `
      : ""
  }r as (
    insert into responses (id, consultation_id, organisation_id, consultation_version_id, status, reference, revision,
      started_by, last_edited_by, last_edited_at, submitted_at, submitted_by, created_at)
    select $1::uuid, $2::uuid, $3::uuid, $4::uuid, 'submitted', $5::text, 1, $6::uuid, $6::uuid, $7::timestamptz, $7::timestamptz, $6::uuid, $7::timestamptz
    where (select current from g) and not exists (select 1 from responses taken where taken.reference = $5::text)${claimed ? " and exists (select 1 from c)" : ""}
    on conflict (consultation_id, organisation_id) where respondent_user_id is null do nothing
    returning id
  ), a as (
    insert into answers (response_id, question_id, value, value_text, version, updated_by, updated_at)
    select r.id, x.question_id, x.value, x.value_text, 1, $6::uuid, $7::timestamptz
    from r, x
  ), s as (
    insert into response_submissions (response_id, revision, answers, submitted_at, submitted_by)
    select r.id, 1, (select jsonb_object_agg(x.question_id::text, x.value order by x.n) from x), $7::timestamptz, $6::uuid from r
  ), l as (
    insert into audit_log (actor_id, action, entity_type, entity_id, consultation_id, organisation_id, before, after)
    select $6::uuid, e.action, 'response', r.id, $2::uuid, $3::uuid, e.before, e.after
    from r, (
      select 1 as n, 'response.save' as action, (select jsonb_object_agg(x.number, null::jsonb order by x.n) from x) as before,
        jsonb_build_object('answers', (select jsonb_object_agg(x.number, x.value_text order by x.n) from x)) as after
      union all
      select 2, $9::jsonb->>'action', $9::jsonb->'before', $9::jsonb->'after'
    ) e
    order by e.n
  )${
    claimed
      ? `, k as (
    update idempotency_keys set response_status = $14::integer, response_body = $15::jsonb
    from r where api_key_id = $11::uuid and key = $12::text
  )`
      : ""
  }, ${submittedNotificationCte(claimed ? 16 : 11)}
  select (select id from r) as id, (select current from g) as current`;
}
const SUBMIT_NEW_RESPONSE_SQL = submitNewResponseSql(false);
const SUBMIT_NEW_RESPONSE_CLAIMED_SQL = submitNewResponseSql(true);

/**
 * An Idempotency-Key's claim held by the request (lib/api/idempotency), and the outcome to
 * record for it in the transaction (or statement) that does the work.
 */
export type OutcomeRecord = {
  claim: { apiKeyId: string; key: string; leaseExpiresAt: Date; recorded: boolean };
  outcome: (result: SubmitResult) => { status: number; body: unknown };
};

/**
 * The consultation rows submitNewResponse decided on, per database handle and consultation: a
 * submission reads none when its consultation's row is here. Safe to keep because nothing is
 * decided on them alone: the submitting statement writes only if the row's xmin (changed by any
 * update of the row) and the newest published version are still those kept, and otherwise the
 * row is read again and the request decided afresh. A refusal (closed, not found, forbidden) is
 * never given from a kept row either: it is read again first.
 */
const keptConsultations = new WeakMap<Db, BoundedMap<string, NonNullable<OpenConsultationRow>>>();
const KEPT_CONSULTATIONS = 50;

function keptConsultationsOf(db: Db) {
  let kept = keptConsultations.get(db);
  if (!kept) keptConsultations.set(db, (kept = boundedMap(KEPT_CONSULTATIONS)));
  return kept;
}

/**
 * The API's usual request in one statement: an organisation's first response, stated whole,
 * valid and complete, saved and submitted at once. It writes the rows saveAndSubmitResponse
 * writes for the same request (the response, its answers, the submitted copy, the save and
 * submit audit entries) with one round trip and no transaction held open between statements,
 * which is most of what a submission costs the server. For an API key's service account only
 * (no receipt is emailed).
 *
 * With `organisation` (the key's organisation, read by the caller in this request), the
 * consultation's row may come from the per-process copy (keptConsultations), so that the
 * submission is one statement in all; without it the row is read first, as saves read it.
 *
 * Returns null for any other request (the organisation has a response already, or an answer
 * is invalid or missing), including one another request created a moment earlier: the caller
 * then takes saveAndSubmitResponse, which applies the same rules and says what is wrong. Refusals that do not depend on the answers (closed, not found, forbidden) are thrown
 * here as there.
 */
export async function submitNewResponse(
  db: Db,
  input: {
    consultationId: string;
    organisationId: string;
    /** Places the answers against the structure; with `checkValues: false` it need not check their values (this function does). */
    answers: (snapshot: PublishedSnapshot, options: { checkValues: boolean }) => PostedAnswer[];
    organisation?: { name: string; type: OrganisationType };
  },
  actor: Actor,
  now: Date = new Date(),
  record?: OutcomeRecord,
): Promise<SubmitResult | null> {
  if (!actor.apiKeyScope) return null;
  const kept = input.organisation ? keptConsultationsOf(db) : null;
  const keptRow = kept?.get(input.consultationId);
  if (keptRow) {
    try {
      const result = await submitNewResponseFrom(db, keptRow, input, actor, now, record);
      if (result !== "changed") return result;
    } catch (e) {
      // A refusal is given from the row as it stands, read again below.
      if (!(e instanceof NotFoundError || e instanceof ForbiddenError || e instanceof LockedError)) throw e;
    }
    kept!.delete(input.consultationId);
  }
  const [row] = await openConsultationQuery(db).execute({ consultationId: input.consultationId, organisationId: input.organisationId });
  if (kept && row) {
    // Frozen, whole: the kept row is shared by every later request, which must not change it.
    kept.set(input.consultationId, deepFreeze(row));
  }
  const result = await submitNewResponseFrom(db, row, input, actor, now, record);
  // Changed between the read and the statement: the general path reads it under its lock.
  return result === "changed" ? null : result;
}

/** submitNewResponse on a consultation row; "changed" when the statement found the row or its published version changed since (nothing written). */
async function submitNewResponseFrom(
  db: Db,
  row: OpenConsultationRow | undefined,
  input: Parameters<typeof submitNewResponse>[1],
  actor: Actor,
  now: Date,
  record?: OutcomeRecord,
): Promise<SubmitResult | null | "changed"> {
  // An organisation that has a response already is found by the insert below, which then
  // writes nothing (as it does for one created a moment ago).
  const { c, snapshot, organisation } = await openConsultationOf(db, row, input.organisationId, actor, now, null, input.organisation);
  // A consultation that publishes asks for consent first: the general path says so.
  if (consentRequired(c)) return null;
  // The answers placed without their values checked: validateResponse checks (parses) each
  // visible question's, and the hidden ones are checked below, so each is parsed once here. Any
  // invalid answer sends the request to the general path, which checks them and says what is wrong.
  const posted = input.answers(snapshot, { checkValues: false });
  const { byId } = snapshotIndex(snapshot);
  if (posted.some((a) => !byId.has(a.questionId)) || new Set(posted.map((a) => a.questionId)).size !== posted.length) return null;
  // For a response with nothing stored, what the save writes is exactly what a complete
  // response keeps: each visible question's answer, parsed.
  const check = validateResponse(snapshot.questions, new Map(posted.map((a) => [a.questionId, a.value])), { requireAnswers: true });
  if (!check.valid) return null;
  const visible = check.visibleQuestionIds.length === snapshot.questions.length ? null : new Set(check.visibleQuestionIds);
  if (visible && posted.some((a) => !visible.has(a.questionId) && !parseAnswer(byId.get(a.questionId)!, a.value).ok)) return null;
  const written = snapshot.questions
    .filter((q) => q.id in check.prunedAnswers)
    .map((q) => {
      const value = check.prunedAnswers[q.id]!;
      return { questionId: q.id, value, text: answerToText(q, value) };
    });
  if (!written.length) return null;
  const reference = makeReference(referenceCodeOf(c));
  // The response's id is made here so that the audit entries can name it.
  const responseId = randomUUID();
  const at = { responseId, consultationId: c.id, organisationId: input.organisationId };
  // The save's audit entry (each answer's number → null before, its text after) and the
  // submitted copy are built by the statement from the answer rows, so each answer is sent once.
  const submitAudit = submitAuditEntry(actor, at, { amending: false, before: { status: "draft", revision: 0 }, revision: 1, reference, answered: written.length, droppedHidden: 0 });
  const rows = JSON.stringify(
    written.map((w) => ({
      question_id: w.questionId,
      number: byId.get(w.questionId)!.number,
      value: w.value,
      // A text answer's text is its value: the statement takes it from there.
      value_text: w.value === w.text ? undefined : w.text,
    })),
  );
  const auditRow = JSON.stringify({ action: submitAudit.action, before: submitAudit.before, after: submitAudit.after });
  const result: SubmitResult = {
    responseId,
    reference,
    revision: 1,
    duplicate: false,
    receiptTo: null,
    submitted: {
      consultationId: c.id,
      submittedAt: now,
      consultationVersion: snapshot.version,
      organisation,
      answers: written,
    },
  };
  const params: unknown[] = [responseId, c.id, input.organisationId, snapshot.versionId, reference, actor.id, now.toISOString(), rows, auditRow, row!.rowVersion];
  if (record) {
    const { claim } = record;
    const outcome = record.outcome(result);
    params.push(claim.apiKeyId, claim.key, claim.leaseExpiresAt.toISOString(), outcome.status, JSON.stringify(outcome.body));
  }
  const emailAt = emailWindowEnd(now);
  params.push(c.ownerOrganisationId, submittedTitle(organisation.name, c.title, false), emailAt.toISOString(), emailJobKey(emailAt));
  try {
    type Row = { id: string | null; current: boolean };
    const [inserted] = record
      ? await executeNamed<Row>(db, "submit_new_response_claimed", SUBMIT_NEW_RESPONSE_CLAIMED_SQL, params)
      : await executeNamed<Row>(db, "submit_new_response", SUBMIT_NEW_RESPONSE_SQL, params);
    if (!inserted?.current) return "changed";
    if (!inserted.id) return null;
  } catch (e) {
    // Two requests drew the same reference at the same moment (the unique index refused one).
    if (isUniqueViolation(e, "responses_reference_unique")) return null;
    throw e;
  }
  if (record) record.claim.recorded = true;
  return result;
}

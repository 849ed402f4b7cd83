// Reads for the respondent's pages: the consultation as published, the organisation's one
// response with its answers and their versions, chapter states and submission history.
import { aliasedTable, and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { preparedQuery, type Db } from "../../db/client";
import {
  answers,
  consultations,
  consultationVersions,
  invitations,
  responses,
  responseSubmissions,
  stages,
  users,
} from "../../db/schema";
import { authorize, organisationsWithRole, type Actor } from "../auth/policy";
import { boundedMap } from "../bounded-map";
import { deepFreeze } from "../deep-freeze";
import { ukDate } from "../consultations/dates";
import { currentStage, stageLabel } from "../consultations/stages";
import { ForbiddenError, NotFoundError } from "../errors";
import { isStorableText } from "../input/text";
import { answerHash } from "./hash";
import {
  chapterProgress,
  NO_AMENDMENTS_MESSAGE,
  parseSnapshot,
  respondWindow,
  windowMessage,
  type SnapshotChapter,
  type SnapshotQuestion,
} from "./rules";
import { encodeBase } from "./schemas";
import type { ConsultationAudience } from "../../db/schema/consultations";
import { ensurePublicOrganisation } from "../public/organisation";
import { shownName } from "../audit/erased";

export type StoredAnswer = {
  value: unknown;
  valueText: string;
  version: number;
  hash: string;
  /** `encodeBase` of version and hash: what the form carries as "edited from". */
  base: string;
  updatedAt: Date;
  updatedByName: string | null;
};

export const EMPTY_BASE = encodeBase({ version: 0, hash: answerHash(null) });

/**
 * Published versions never change, so each one's parsed structure is kept (a few per process)
 * and only the newest version's id is read per call: a submission needs the structure, and the
 * snapshot is the largest row it would otherwise fetch. The cached structure is frozen and
 * shared, so nothing a caller does to it can reach the next request (a write would throw).
 */
type Structure = { chapters: readonly SnapshotChapter[]; questions: readonly SnapshotQuestion[] };
const SNAPSHOT_CACHE_SIZE = 50;
const snapshotCache = boundedMap<string, Structure>(SNAPSHOT_CACHE_SIZE);

export type PublishedSnapshot = Structure & { versionId: string; version: number };

/** A published structure's questions by id and by number, built once per structure (it is frozen and shared). */
export type SnapshotIndex = { byId: ReadonlyMap<string, SnapshotQuestion>; byNumber: ReadonlyMap<string, SnapshotQuestion> };
const snapshotIndexes = new WeakMap<readonly SnapshotQuestion[], SnapshotIndex>();

export function snapshotIndex(snapshot: { questions: readonly SnapshotQuestion[] }): SnapshotIndex {
  let index = snapshotIndexes.get(snapshot.questions);
  if (!index) {
    index = { byId: new Map(snapshot.questions.map((q) => [q.id, q])), byNumber: new Map(snapshot.questions.map((q) => [q.number, q])) };
    // Only a frozen (cached, shared) structure is indexed for later requests: another could change.
    if (Object.isFrozen(snapshot.questions)) snapshotIndexes.set(snapshot.questions, index);
  }
  return index;
}

/** A published version's structure by its id (read from the database once per process). */
export async function snapshotOfVersion(db: Db, head: { id: string; version: number }): Promise<PublishedSnapshot> {
  let structure = snapshotCache.get(head.id);
  if (!structure) {
    const [row] = await db.select({ snapshot: consultationVersions.snapshot }).from(consultationVersions).where(eq(consultationVersions.id, head.id));
    const chapters = parseSnapshot(row?.snapshot);
    structure = deepFreeze({ chapters, questions: chapters.flatMap((c) => c.questions) });
    snapshotCache.set(head.id, structure);
  }
  return { ...structure, versionId: head.id, version: head.version };
}

/**
 * The consultation's id, qualified by its table: drizzle writes a single-table select's
 * columns unqualified, and a bare "id" inside a subquery would name the subquery's own table.
 */
const consultationIdSql = sql`${consultations}.${sql.identifier("id")}`;

/** The newest published version's id and number, as columns of a select from consultations. */
export const headVersionSql = {
  id: sql<string | null>`(select v.id from consultation_versions v where v.consultation_id = ${consultationIdSql} order by v.version desc limit 1)`,
  version: sql<number | null>`(select max(v.version) from consultation_versions v where v.consultation_id = ${consultationIdSql})`,
};

/** The latest published structure of a consultation, or null if it was never published. */
export async function loadPublishedSnapshot(db: Db, consultationId: string): Promise<PublishedSnapshot | null> {
  const [head] = await db
    .select({ id: headVersionSql.id, version: headVersionSql.version })
    .from(consultations)
    .where(eq(consultations.id, consultationId));
  return head?.id ? snapshotOfVersion(db, { id: head.id, version: Number(head.version) }) : null;
}

/**
 * Whether the actor answers as themselves (a member of the public) rather than for a partner
 * organisation: always on a consultation for the public only, and on one for both when they
 * belong to no partner organisation. Never on one for invited organisations only.
 */
export function respondsAsPerson(c: { audience: ConsultationAudience }, actor: Actor): boolean {
  if (c.audience === "partners") return false;
  return c.audience === "public" || organisationsWithRole(actor, "partner").length === 0;
}

/**
 * The partner organisation the actor answers for: the one asked for (which must be theirs),
 * else the one invited or already responding, else their only one.
 */
export async function resolveRespondingOrganisation(db: Db, actor: Actor, consultationId: string, requested?: string | null) {
  const mine = organisationsWithRole(actor, "partner");
  if (!mine.length) throw new ForbiddenError("Only people in partner organisations can respond");
  if (requested) {
    if (!mine.includes(requested)) throw new ForbiddenError("You cannot respond for that organisation");
    return { organisationId: requested, choices: mine };
  }
  if (mine.length === 1) return { organisationId: mine[0]!, choices: mine };
  const involved = await db
    .select({ id: invitations.organisationId })
    .from(invitations)
    .where(and(eq(invitations.consultationId, consultationId), inArray(invitations.organisationId, mine)))
    .union(
      db
        .select({ id: responses.organisationId })
        .from(responses)
        .where(and(eq(responses.consultationId, consultationId), inArray(responses.organisationId, mine))),
    );
  const preferred = mine.find((id) => involved.some((r) => r.id === id));
  return { organisationId: preferred ?? mine[0]!, choices: mine };
}

/** A stored answer's columns, with its last editor's name (join users on answers.updated_by). */
export const storedAnswerColumns = {
  questionId: answers.questionId,
  value: answers.value,
  valueText: answers.valueText,
  version: answers.version,
  updatedAt: answers.updatedAt,
  updatedByName: shownName(),
};

type StoredAnswerRow = { questionId: string | null; value: unknown; valueText: string | null; version: number | null; updatedAt: Date | null; updatedByName: string | null };

/** The stored answers in rows of a left join to answers (a row with no answer is skipped). */
export function storedAnswersFrom(rows: StoredAnswerRow[]): Map<string, StoredAnswer> {
  const stored = new Map<string, StoredAnswer>();
  for (const r of rows) {
    if (r.questionId === null) continue;
    stored.set(r.questionId, storedAnswer({ value: r.value, valueText: r.valueText!, version: r.version!, updatedAt: r.updatedAt!, updatedByName: r.updatedByName }));
  }
  return stored;
}

const answersQuery = preparedQuery((db) =>
  db
    .select(storedAnswerColumns)
    .from(answers)
    .leftJoin(users, eq(users.id, answers.updatedBy))
    .where(eq(answers.responseId, sql.placeholder("responseId")))
    .prepare("load_answers"),
);

export async function loadAnswers(db: Db, responseId: string): Promise<Map<string, StoredAnswer>> {
  return storedAnswersFrom(await answersQuery(db).execute({ responseId }));
}

/** A stored answer whose fingerprint is worked out when first asked for: a page shows one chapter's. */
function storedAnswer(r: Omit<StoredAnswer, "hash" | "base">): StoredAnswer {
  let hash: string | undefined;
  return {
    ...r,
    get hash() {
      return (hash ??= answerHash(r.value));
    },
    get base() {
      return encodeBase({ version: r.version, hash: this.hash });
    },
  };
}

const editor = aliasedTable(users, "editor");
const submitter = aliasedTable(users, "submitter");

// The organisation's response with its answers, a row per answer (one row with no answer
// columns for a response not yet answered; none for no response).
const responseWithAnswersQuery = preparedQuery((db) =>
  db
    .select({
      response: {
        id: responses.id,
        status: responses.status,
        reference: responses.reference,
        revision: responses.revision,
        consultationVersionId: responses.consultationVersionId,
        lastEditedAt: responses.lastEditedAt,
        lastEditedByName: editor.name,
        submittedAt: responses.submittedAt,
        submittedByName: submitter.name,
        completedChapters: responses.completedChapters,
        publishConsent: responses.publishConsent,
        publishedName: responses.publishedName,
        notifyOutcome: responses.notifyOutcome,
        aboutYou: responses.aboutYou,
        publicReference: responses.publicReference,
      },
      ...storedAnswerColumns,
    })
    .from(responses)
    .leftJoin(editor, eq(editor.id, responses.lastEditedBy))
    .leftJoin(submitter, eq(submitter.id, responses.submittedBy))
    .leftJoin(answers, eq(answers.responseId, responses.id))
    .leftJoin(users, eq(users.id, answers.updatedBy))
    .where(
      and(
        eq(responses.consultationId, sql.placeholder("consultationId")),
        eq(responses.organisationId, sql.placeholder("organisationId")),
        sql`${responses.respondentUserId} is not distinct from ${sql.placeholder("respondentUserId")}::uuid`,
      ),
    )
    .prepare("load_response_with_answers"),
);

async function loadResponseWithAnswers(db: Db, consultationId: string, organisationId: string, respondentUserId: string | null = null) {
  const rows = await responseWithAnswersQuery(db).execute({ consultationId, organisationId, respondentUserId });
  return { response: rows[0]?.response ?? null, stored: storedAnswersFrom(rows) };
}

// The consultation, its newest version and the stage under way today, in one read (the
// published structure itself comes from the per-process cache); prepared, as every respondent
// page and post runs it.
const respondContextQuery = preparedQuery((db) =>
  db
    .select({
      c: consultations,
      headId: headVersionSql.id,
      headVersion: headVersionSql.version,
      // Its name and number in the officer's order (lib/consultations/stages words it).
      currentStage: sql<{ name: string; number: number } | null>`(select json_build_object('name', s.name,
          'number', (select count(*) from ${stages} e where e.consultation_id = s.consultation_id and e.position <= s.position))
        from ${stages} s where s.consultation_id = ${consultationIdSql}
        and (s.starts_on is null or s.starts_on <= ${sql.placeholder("today")}::date) and (s.due_on is null or s.due_on >= ${sql.placeholder("today")}::date)
        order by s.position limit 1)`,
      // Whether the person was invited and has not opened it yet: only then is a write due.
      invitationUnopened: sql<boolean>`exists (select 1 from ${invitations} i where i.consultation_id = ${consultationIdSql}
        and i.user_id = ${sql.placeholder("userId")} and i.opened_at is null)`,
    })
    .from(consultations)
    .where(eq(consultations.slug, sql.placeholder("slug")))
    .prepare("respond_context"),
);

export type RespondContext = Awaited<ReturnType<typeof getRespondContext>>;

/**
 * Everything a respondent page needs, for the actor's organisation only. Throws NotFoundError
 * for an unknown or unpublished consultation and ForbiddenError for anyone who is not a
 * partner of the organisation.
 */
export async function getRespondContext(
  db: Db,
  input: { slug: string; organisationId?: string | null },
  actor: Actor,
  now: Date = new Date(),
) {
  // A slug Postgres cannot even read (NUL, from a URL or a form) names no consultation.
  if (!isStorableText(input.slug)) throw new NotFoundError("Consultation");
  const today = ukDate(now)!;
  const [row] = await respondContextQuery(db).execute({ slug: input.slug, today, userId: actor.id });
  const c = row?.c;
  if (!c || c.status === "draft" || !row.headId) throw new NotFoundError("Consultation");
  const snapshot = await snapshotOfVersion(db, { id: row.headId, version: Number(row.headVersion) });
  const asPerson = respondsAsPerson(c, actor);
  let org: { id: string; name: string };
  let choices: string[];
  if (asPerson) {
    // A member of the public (or anyone, on a consultation for the public only) answers as themselves.
    org = await ensurePublicOrganisation(db, c.ownerOrganisationId);
    choices = [org.id];
  } else {
    const resolved = await resolveRespondingOrganisation(db, actor, c.id, input.organisationId);
    choices = resolved.choices;
    // The actor is a partner of it (authorised below), so its name is in their memberships.
    org = { id: resolved.organisationId, name: actor.memberships.find((m) => m.organisationId === resolved.organisationId)?.organisationName ?? "" };
  }
  const respondentUserId = asPerson ? actor.id : null;
  authorize(actor, "response.edit", { kind: "response", organisationId: org.id, consultationOwnerOrganisationId: c.ownerOrganisationId, respondentUserId });
  const { response, stored } = await loadResponseWithAnswers(db, c.id, org.id, respondentUserId);
  const values = new Map([...stored].map(([id, a]) => [id, a.value]));
  const progress = chapterProgress(snapshot.chapters, values, new Set(response?.completedChapters ?? []));
  const window = respondWindow(c, now);
  const submitted = response?.status === "submitted";
  const editBlockedReason = windowMessage(c, window, now)?.replace(" Nothing has been saved.", "") ??
    (submitted && !c.allowAmendments ? NO_AMENDMENTS_MESSAGE.replace(" Nothing has been saved.", "") : null);
  const changedSinceSubmission =
    submitted && response.submittedAt ? response.lastEditedAt.getTime() > response.submittedAt.getTime() : false;
  return {
    consultation: {
      id: c.id,
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      kind: c.kind,
      status: c.status,
      askedBy: c.askedBy,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      privacyNotice: c.privacyNotice,
      retentionMonths: c.retentionMonths,
      allowAmendments: c.allowAmendments,
      ownerOrganisationId: c.ownerOrganisationId,
      audience: c.audience,
      allowUnauthenticated: c.allowUnauthenticated,
      publishResponses: c.publishResponses,
    },
    /** A member of the public's own response (their user id), or null for an organisation's. */
    respondentUserId,
    window,
    organisation: org,
    /** Other partner organisations the actor could answer for (links carry ?org= when > 1). */
    organisationChoices: choices,
    versionId: snapshot.versionId,
    chapters: snapshot.chapters as SnapshotChapter[],
    questions: snapshot.questions as SnapshotQuestion[],
    response,
    answers: stored,
    values,
    progress,
    canEdit: editBlockedReason === null,
    editBlockedReason,
    changedSinceSubmission,
    /** "Stage 2: Comment on the evidence base", or null. */
    currentStage: row.currentStage ? stageLabel(Number(row.currentStage.number), row.currentStage.name) : null,
    invitationUnopened: Boolean(row.invitationUnopened),
  };
}

/** The submission history of a response, newest first, with who submitted each version. */
export async function listSubmissions(db: Db, responseId: string) {
  return db
    .select({
      revision: responseSubmissions.revision,
      submittedAt: responseSubmissions.submittedAt,
      submittedByName: shownName(),
      answers: responseSubmissions.answers,
    })
    .from(responseSubmissions)
    .leftJoin(users, eq(users.id, responseSubmissions.submittedBy))
    .where(eq(responseSubmissions.responseId, responseId))
    .orderBy(desc(responseSubmissions.revision));
}

/**
 * A response by id for the actor: refused (403) unless the actor is a partner of the
 * organisation that owns it or a council officer, signatory or scrutiny member of the
 * council that runs the consultation. For callers that hold an id, such as the public API.
 */
export async function getResponseForActor(db: Db, responseId: string, actor: Actor) {
  const [r] = await db
    .select({
      id: responses.id,
      consultationId: responses.consultationId,
      organisationId: responses.organisationId,
      status: responses.status,
      reference: responses.reference,
      revision: responses.revision,
      ownerOrganisationId: consultations.ownerOrganisationId,
      respondentUserId: responses.respondentUserId,
    })
    .from(responses)
    .innerJoin(consultations, eq(consultations.id, responses.consultationId))
    .where(eq(responses.id, responseId));
  if (!r) throw new NotFoundError("Response");
  authorize(actor, "response.read", {
    kind: "response",
    organisationId: r.organisationId,
    consultationOwnerOrganisationId: r.ownerOrganisationId,
    respondentUserId: r.respondentUserId,
  });
  return { ...r, answers: await loadAnswers(db, r.id) };
}

export type PartnerConsultation = Awaited<ReturnType<typeof listPartnerConsultations>>[number];

/**
 * The partner home: published consultations the organisation was invited to or has answered,
 * grouped by the page as to do / in progress / submitted / closed.
 */
export async function listPartnerConsultations(db: Db, organisationId: string, now: Date = new Date()) {
  const rows = await db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      kind: consultations.kind,
      status: consultations.status,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      allowAmendments: consultations.allowAmendments,
      responseId: responses.id,
      responseStatus: responses.status,
      reference: responses.reference,
      revision: responses.revision,
      submittedAt: responses.submittedAt,
      lastEditedAt: responses.lastEditedAt,
      lastEditedBy: users.name,
    })
    .from(consultations)
    .leftJoin(responses, and(eq(responses.consultationId, consultations.id), eq(responses.organisationId, organisationId)))
    .leftJoin(users, eq(users.id, responses.lastEditedBy))
    .where(
      and(
        inArray(consultations.status, ["open", "closed"]),
        gt(consultations.publishedVersion, 0),
        sql`(exists (select 1 from invitations i where i.consultation_id = "consultations"."id" and i.organisation_id = ${organisationId}) or ${responses.id} is not null)`,
      ),
    )
    .orderBy(asc(consultations.closesAt));
  const stageRows = rows.length
    ? await db.select().from(stages).where(inArray(stages.consultationId, rows.map((r) => r.id))).orderBy(asc(stages.position))
    : [];
  const today = ukDate(now)!;
  return rows.map((r) => {
    const current = currentStage(stageRows.filter((s) => s.consultationId === r.id), today);
    const window = respondWindow(r, now);
    const group =
      r.responseStatus === "submitted"
        ? ("submitted" as const)
        : window === "closed"
          ? ("closed" as const)
          : r.responseId
            ? ("in_progress" as const)
            : ("to_do" as const);
    return { ...r, window, group, currentStage: current?.label ?? null };
  });
}

// Reads of consultations for the role home pages and the structure pages.
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, questions, sections, stages } from "../../db/schema";
import type { AnswerSetStatus, ConsultationKind, ConsultationStatus } from "../../db/schema/consultations";
import { type Actor, organisationsWithRole } from "../auth/policy";
import { isStorableText } from "../input/text";
import { descendingRange, exactUtc, keysetPage, type KeysetDirection, type KeysetPage } from "../keyset";
import { likeContains } from "../sql";
import { ukDate } from "./dates";
import { encodeClosedCursor, type ClosedCursor } from "./list-params";
import { currentStage } from "./stages";

export async function getConsultationBySlug(db: Db, slug: string) {
  // A slug Postgres cannot even read (NUL, from a URL) names no consultation.
  if (!isStorableText(slug)) return null;
  const [c] = await db.select().from(consultations).where(eq(consultations.slug, slug));
  return c ?? null;
}

export async function getConsultation(db: Db, id: string) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, id));
  return c ?? null;
}

/** The consultation's stages in order. */
export async function listStages(db: Db, consultationId: string) {
  return db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(asc(stages.position));
}

export async function getStructure(db: Db, consultationId: string) {
  const secs = await db.select().from(sections).where(eq(sections.consultationId, consultationId)).orderBy(asc(sections.position));
  const qs = await db.select().from(questions).where(eq(questions.consultationId, consultationId)).orderBy(asc(questions.position));
  const stg = await db.select().from(stages).where(eq(stages.consultationId, consultationId)).orderBy(asc(stages.position));
  return {
    stages: stg,
    chapters: secs.map((s) => ({ ...s, questions: qs.filter((q) => q.sectionId === s.id) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Closed consultations, however many years of them there are: a page at a time by keyset.

/** How many closed consultations a page of a closed list shows. */
export const CLOSED_PAGE_SIZE = 20;

/**
 * The order of every list of closed consultations: most recently closed first, those with no
 * closing date after every dated one, the id ordering those that closed at the same instant. One
 * key, so that a page is a range of an index on (key, id) whatever page it is.
 */
const closedKey = sql`coalesce(${consultations.closesAt}, '-infinity'::timestamptz)`;

/** A consultation's closing time as UTC text to the microsecond (null without one), for its cursor. */
const exactClosesAt = sql<string | null>`${exactUtc(consultations.closesAt)}`;

type Keyed = { id: string; cursorAt: string | null };
const keyOf = (r: Keyed): ClosedCursor => ({ at: r.cursorAt, id: r.id });

/** Where the rows below (later in the list than) or above the cursor are, and their order from it. */
function closedRange(from: ClosedCursor | null, direction: KeysetDirection): { where: SQL | undefined; orderBy: SQL[] } {
  const at = from && [from.at === null ? sql`'-infinity'::timestamptz` : sql`${from.at}::timestamptz`, sql`${from.id}::uuid`];
  return descendingRange([closedKey, consultations.id], at, direction);
}

/**
 * One page of a closed list (keysetPage: the first, or the one after `after` or before `before`,
 * a cursor that leads nowhere giving the first). `read` reads `limit` rows in the range given.
 */
function pageClosed<T extends Keyed>(
  read: (range: { where: SQL | undefined; orderBy: SQL[] }, limit: number) => Promise<T[]>,
  { after = null, before = null }: { after?: ClosedCursor | null; before?: ClosedCursor | null },
  size: number,
): Promise<KeysetPage<T>> {
  return keysetPage((from, direction, limit) => read(closedRange(from, direction), limit), { down: after, up: before }, size, keyOf, encodeClosedCursor);
}

const withoutCursor = <T extends Keyed>({ cursorAt: _at, ...row }: T): Omit<T, "cursorAt"> => row;

// ---------------------------------------------------------------------------------------------
// The officer lists (home, /manage, /review)

const councilColumns = {
  id: consultations.id,
  slug: consultations.slug,
  title: consultations.title,
  kind: consultations.kind,
  status: consultations.status,
  askedBy: consultations.askedBy,
  closesAt: consultations.closesAt,
  responseDeadline: consultations.responseDeadline,
  answerSetStatus: consultations.answerSetStatus,
  cursorAt: exactClosesAt,
};

export type CouncilConsultation = {
  id: string;
  slug: string;
  title: string;
  kind: ConsultationKind;
  status: ConsultationStatus;
  askedBy: string | null;
  closesAt: Date | null;
  responseDeadline: string | null;
  answerSetStatus: AnswerSetStatus;
  questionCount: number;
  submittedCount: number;
  draftsReady: number;
};

/** How many recently closed consultations the officer lists show beside the current ones. */
export const RECENTLY_CLOSED = 10;

/**
 * The consultations an officer is working on, listed in full (a council has few at a time): open
 * and draft ones, and closed consultations to answer whose answers are not signed off yet (the
 * council drafts its answers once the partners' window closes, then the committee and the
 * signatory review them), which someone must act on however long ago they closed.
 */
const current = sql`(${consultations.status} in ('open', 'draft') or (${consultations.status} = 'closed' and ${consultations.kind} = 'consultation_to_answer' and ${consultations.answerSetStatus} in ('drafting', 'in_review')))`;
const closedOrArchived = inArray(consultations.status, ["closed", "archived"]);

/** The actor's councils' consultations (of one kind if given), or null when they hold none of the roles. */
function councilScope(actor: Actor, roles: Actor["memberships"][number]["role"][], kind?: ConsultationKind): SQL | null {
  const orgIds = [...new Set(roles.flatMap((r) => organisationsWithRole(actor, r)))];
  if (!orgIds.length) return null;
  return and(inArray(consultations.ownerOrganisationId, orgIds), kind ? eq(consultations.kind, kind) : undefined)!;
}

/**
 * Each listed consultation's questions, submitted responses and council answers ready or approved,
 * counted for the rows shown only (a submitted count reads the consultation's part of
 * responses_consultation_status_idx: some tens of milliseconds for 300,000 responses).
 */
async function withCounts(db: Db, rows: (Omit<CouncilConsultation, "questionCount" | "submittedCount" | "draftsReady"> & Keyed)[]): Promise<CouncilConsultation[]> {
  if (!rows.length) return [];
  const counts = await db
    .select({
      id: consultations.id,
      // Correlated counts name their tables explicitly: drizzle renders a bare column inside
      // a subquery unqualified, which would bind to the inner table.
      questionCount: sql<number>`(select count(*)::int from questions q where q.consultation_id = "consultations"."id")`,
      submittedCount: sql<number>`(select count(*)::int from responses r where r.consultation_id = "consultations"."id" and r.status = 'submitted')`,
      draftsReady: sql<number>`(select count(*)::int from draft_answers d where d.consultation_id = "consultations"."id" and d.status in ('ready_for_review', 'approved'))`,
    })
    .from(consultations)
    .where(inArray(consultations.id, rows.map((r) => r.id)));
  const byId = new Map(counts.map((c) => [c.id, c]));
  return rows.map((r) => {
    const c = byId.get(r.id);
    return { ...withoutCursor(r), questionCount: c?.questionCount ?? 0, submittedCount: c?.submittedCount ?? 0, draftsReady: c?.draftsReady ?? 0 };
  });
}

/**
 * The officer lists of the councils in which the actor holds one of `roles` (of one `kind` if
 * given): the current consultations in full (open, then drafts, then closed ones in review; newest
 * first in each), the `recentlyClosed` most recently closed of the rest (closed and archived), and
 * how many closed and archived there are in all (pageClosedCouncilConsultations lists them).
 */
export async function listCouncilConsultations(
  db: Db,
  actor: Actor,
  roles: Actor["memberships"][number]["role"][],
  { kind, recentlyClosed = RECENTLY_CLOSED }: { kind?: ConsultationKind; recentlyClosed?: number } = {},
): Promise<{ current: CouncilConsultation[]; recentlyClosed: CouncilConsultation[]; closedCount: number }> {
  const scope = councilScope(actor, roles, kind);
  if (!scope) return { current: [], recentlyClosed: [], closedCount: 0 };
  const now = await db
    .select(councilColumns)
    .from(consultations)
    .where(and(scope, current))
    .orderBy(asc(sql`case ${consultations.status} when 'open' then 0 when 'draft' then 1 else 2 end`), desc(consultations.createdAt), desc(consultations.id));
  const recent = recentlyClosed > 0
    ? await db
        .select(councilColumns)
        .from(consultations)
        .where(and(scope, closedOrArchived, sql`not ${current}`))
        .orderBy(...closedRange(null, "down").orderBy)
        .limit(recentlyClosed)
    : [];
  const counted = await withCounts(db, [...now, ...recent]);
  return { current: counted.slice(0, now.length), recentlyClosed: counted.slice(now.length), closedCount: await countClosed(db, scope) };
}

/**
 * A page of every closed and archived consultation of the actor's councils (of one `kind` if
 * given), most recently closed first, by keyset (`after` / `before` a cursor the page wrote; a
 * malformed or stale one is the first page), with how many there are in all.
 */
export async function pageClosedCouncilConsultations(
  db: Db,
  actor: Actor,
  roles: Actor["memberships"][number]["role"][],
  { kind, after = null, before = null }: { kind?: ConsultationKind; after?: ClosedCursor | null; before?: ClosedCursor | null } = {},
): Promise<{ rows: CouncilConsultation[]; previous: string | null; next: string | null; total: number }> {
  const scope = councilScope(actor, roles, kind);
  if (!scope) return { rows: [], previous: null, next: null, total: 0 };
  const page = await pageClosed(
    (range, limit) => db.select(councilColumns).from(consultations).where(and(scope, closedOrArchived, range.where)).orderBy(...range.orderBy).limit(limit),
    { after, before },
    CLOSED_PAGE_SIZE,
  );
  return { rows: await withCounts(db, page.rows), previous: page.previous, next: page.next, total: await countClosed(db, scope) };
}

/** How many closed and archived consultations are in the officer lists' scope. */
async function countClosed(db: Db, scope: SQL): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(consultations).where(and(scope, closedOrArchived));
  return n;
}

export async function countConsultations(db: Db) {
  const [{ n }] = await db.select({ n: count() }).from(consultations);
  return n;
}

// ---------------------------------------------------------------------------------------------
// The public lists (the hub, /consultations, and the signed-out home page)

const publicColumns = {
  id: consultations.id,
  slug: consultations.slug,
  title: consultations.title,
  summary: consultations.summary,
  kind: consultations.kind,
  status: consultations.status,
  askedBy: consultations.askedBy,
  opensAt: consultations.opensAt,
  closesAt: consultations.closesAt,
  audienceDescription: consultations.audienceDescription,
  audience: consultations.audience,
  cursorAt: exactClosesAt,
};

export type PublicConsultationFilter = {
  /** Title contains (any case). */
  q?: string;
  /** Only the open, or only the closed, consultations. */
  status?: "open" | "closed";
  /** "Anyone can respond": the consultations open to members of the public. */
  anyone?: boolean;
  /** A page of the closed consultations: just after, or just before, this one. */
  after?: ClosedCursor | null;
  before?: ClosedCursor | null;
};

function publicWhere(filter: PublicConsultationFilter, status: "open" | "closed") {
  return and(
    eq(consultations.status, status),
    filter.anyone ? inArray(consultations.audience, ["public", "both"]) : undefined,
    filter.q ? ilike(consultations.title, likeContains(filter.q)) : undefined,
  );
}

/** Each consultation with its stages in order, read for these consultations only. */
async function withStages<T extends Keyed>(db: Db, rows: T[]) {
  const stageRows = rows.length ? await db.select().from(stages).where(inArray(stages.consultationId, rows.map((r) => r.id))).orderBy(asc(stages.position)) : [];
  return rows.map((r) => ({ ...withoutCursor(r), stages: stageRows.filter((s) => s.consultationId === r.id) }));
}

/** The open consultations (published, taking or about to take responses) matching, soonest closing first. */
async function readOpen(db: Db, filter: PublicConsultationFilter, where?: SQL) {
  return db
    .select(publicColumns)
    .from(consultations)
    .where(and(publicWhere(filter, "open"), where))
    .orderBy(sql`${consultations.closesAt} asc nulls last`, asc(consultations.id));
}

/**
 * The public hub: the published consultations matching the filter. The open ones are listed in
 * full, soonest closing first, on the first page (there are few at a time); the closed ones, which
 * accumulate for years, a page at a time, most recently closed first (keyset: `next` and
 * `previous` are the cursors of the pages either side, null where there is none). Counts say how
 * many of each match in all. Stages are read for the consultations listed only.
 */
export async function listPublicConsultations(db: Db, filter: PublicConsultationFilter = {}) {
  const wantOpen = filter.status !== "closed";
  const wantClosed = filter.status !== "open";
  const closed = wantClosed
    ? await pageClosed(
        (range, limit) => db.select(publicColumns).from(consultations).where(and(publicWhere(filter, "closed"), range.where)).orderBy(...range.orderBy).limit(limit),
        filter,
        CLOSED_PAGE_SIZE,
      )
    : { rows: [], previous: null, next: null };
  // The open consultations head the first page only.
  const open = wantOpen && !closed.previous ? await readOpen(db, filter) : [];
  const [counts] = await db
    .select({
      open: sql<number>`count(*) filter (where ${consultations.status} = 'open')::int`,
      closed: sql<number>`count(*) filter (where ${consultations.status} = 'closed')::int`,
    })
    .from(consultations)
    .where(or(wantOpen ? publicWhere(filter, "open") : undefined, wantClosed ? publicWhere(filter, "closed") : undefined));
  const listed = await withStages(db, [...open, ...closed.rows]);
  return {
    open: listed.slice(0, open.length),
    closed: listed.slice(open.length),
    openCount: counts?.open ?? 0,
    closedCount: counts?.closed ?? 0,
    previous: closed.previous,
    next: closed.next,
  };
}

/**
 * What is open for responses now or opening soon, for the public home page: soonest closing
 * first, with the stage under way as people read it. Published consultations only.
 */
export async function listOpenConsultations(db: Db, now: Date = new Date()) {
  // An open consultation whose closing time has passed waits for the daily job to close it: not open to responses.
  const rows = await withStages(db, await readOpen(db, {}, or(isNull(consultations.closesAt), gt(consultations.closesAt, now))));
  const today = ukDate(now)!;
  return rows.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    kind: c.kind,
    askedBy: c.askedBy,
    closesOn: ukDate(c.closesAt) ?? null,
    opensOn: c.opensAt && c.opensAt > now ? (ukDate(c.opensAt) ?? null) : null,
    currentStage: currentStage(c.stages, today)?.label ?? null,
  }));
}

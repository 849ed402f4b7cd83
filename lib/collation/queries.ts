// Reads for the responses overview and per-question collation: counts by organisation type,
// one question's answers (keyset-paged), closed-question counts and full-text search. Each is
// one or two SQL statements that use the indexes (answers_question_response_idx, the answers primary key,
// answers_search_idx); nothing here loads every answer of a consultation into memory.
// Issue 8 benchmarks these functions against the same SQL by hand: keep their signatures stable.
import { and as and_, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { executeNamed, readTogether, rowsOf, type Db } from "../../db/client";
import { consultations, questions, sections, type Consultation, type OrganisationType, type QuestionType, type ResponseStatus } from "../../db/schema";
import { ORGANISATION_TYPES } from "../../db/schema/organisations";
import { AGREEMENT_SCALE, RAG_STATUSES, YES_NO } from "../questions/answers";
import { authorize, ownersAllowed, type Actor } from "../auth/policy";
import { boundedMap, type BoundedMap } from "../bounded-map";
import { InvalidError, NotFoundError } from "../errors";
import { consultationFor } from "./access";
import { isUuid } from "../sql";
import { shownNameOf } from "../audit/erased";
import { exactUtc, isExactUtc } from "../keyset";
import { HIGHLIGHT_START, HIGHLIGHT_STOP } from "./highlight";

export { HIGHLIGHT_START, HIGHLIGHT_STOP, splitHighlights } from "./highlight";

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Which partner answers to look at. Stage = answers last saved within that stage's dates. */
export type CollationFilter = {
  organisationType?: OrganisationType;
  stageId?: string;
  /** Default "submitted": draft responses are work in progress and are shown only on request. */
  responseStatus?: ResponseStatus | "all";
  /** Only answers tagged with this theme (lib/analysis); a theme belongs to one question. */
  themeId?: string;
};

export const RESPONSE_STATUS_FILTERS = ["submitted", "draft", "all"] as const;

/** A response-status filter not among RESPONSE_STATUS_FILTERS is the caller's mistake: said beside the field. */
function checkResponseStatus(status: string): void {
  if (!(RESPONSE_STATUS_FILTERS as readonly string[]).includes(status)) throw new InvalidError("Choose a response status", { status: "Choose a response status" });
}

export const CLOSED_QUESTION_TYPES: readonly QuestionType[] = [
  "single_choice",
  "multiple_choice",
  "agreement_scale",
  "yes_no",
  "rag_status",
  "ranking",
];

export function isClosedQuestion(type: QuestionType): boolean {
  return CLOSED_QUESTION_TYPES.includes(type);
}

/**
 * The closed types whose counts QUESTION_COUNTS_SQL reads from answer_choice_counts (one choice
 * per answer). A multiple choice's ticks are counted from the answers (summariseFiltered).
 */
const CHOICE_SUMMARY_TYPES: readonly QuestionType[] = CLOSED_QUESTION_TYPES.filter((t) => t !== "multiple_choice");

export const PAGE_SIZE = 25;
const MAX_PAGE = 200;

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
}


/** A timestamp as ISO 8601 text: both drivers then hand back the same thing to `new Date`. */
const iso = (column: SQL) => sql`to_json(${column}) #>> '{}'`;
const toDate = (v: string | null): Date | null => (v ? new Date(v) : null);

/**
 * The WHERE conditions for a filter, over aliases r (responses), o (organisations) and
 * a (answers, when `answersJoined`). Invalid filter values are refused, not ignored, so a
 * mistyped link never silently shows a different set of answers.
 */
function filterConditions(filter: CollationFilter, answersJoined: boolean): SQL[] {
  const out: SQL[] = [];
  const status = filter.responseStatus ?? "submitted";
  checkResponseStatus(status);
  if (status !== "all") out.push(sql`r.status = ${status}`);
  if (filter.organisationType) {
    if (!ORGANISATION_TYPES.includes(filter.organisationType)) {
      throw new InvalidError("Choose an organisation type", { type: "Choose an organisation type" });
    }
    out.push(sql`o.type = ${filter.organisationType}`);
  }
  if (filter.stageId) {
    if (!isUuid(filter.stageId)) throw new InvalidError("Choose a stage", { stage: "Choose a stage" });
    // A stage's dates are calendar days: saved on or after its first day and before the day
    // after its last. A stage with no start (or no end) is open on that side.
    const at = answersJoined ? sql`a.updated_at` : sql`coalesce(r.submitted_at, r.last_edited_at)`;
    out.push(sql`exists (select 1 from stages s where s.id = ${filter.stageId} and s.consultation_id = r.consultation_id
      and (s.starts_on is null or ${at} >= s.starts_on::timestamptz)
      and (s.due_on is null or ${at} < (s.due_on + 1)::timestamptz))`);
  }
  if (filter.themeId) {
    if (!isUuid(filter.themeId)) throw new InvalidError("Choose a theme", { theme: "Choose a theme" });
    out.push(sql`exists (select 1 from answer_tags g where g.theme_id = ${filter.themeId} and g.response_id = r.id)`);
  }
  return out;
}

function and(conditions: SQL[]): SQL {
  return conditions.length ? sql.join(conditions.map((c) => sql`(${c})`), sql` and `) : sql`true`;
}

// ---------------------------------------------------------------------------------------------
// Responses overview

export type ResponseCountsByType = {
  organisationType: OrganisationType;
  /** Organisations with at least one invited contact. */
  invited: number;
  notStarted: number;
  drafting: number;
  submitted: number;
};

/** Invited, not started, drafting and submitted organisations per organisation type (one GROUP BY). */
export async function countResponsesByOrganisationType(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const byType = await rowsOf<ResponseCountsByType>(
    db,
    sql`with orgs as (
          select organisation_id, bool_or(invited) as invited from (
            select i.organisation_id, true as invited from invitations i where i.consultation_id = ${c.id}
            union all
            select r.organisation_id, false from responses r where r.consultation_id = ${c.id}
          ) x group by organisation_id
        )
        select o.type as "organisationType",
          count(*) filter (where orgs.invited)::int as "invited",
          count(*) filter (where r.id is null)::int as "notStarted",
          count(*) filter (where r.status = 'draft')::int as "drafting",
          count(*) filter (where r.status = 'submitted')::int as "submitted"
        from orgs
        join organisations o on o.id = orgs.organisation_id
        left join responses r on r.consultation_id = ${c.id} and r.organisation_id = orgs.organisation_id
        group by o.type
        order by o.type`,
  );
  const totals = byType.reduce(
    (t, r) => ({
      invited: t.invited + r.invited,
      notStarted: t.notStarted + r.notStarted,
      drafting: t.drafting + r.drafting,
      submitted: t.submitted + r.submitted,
      organisations: t.organisations + r.notStarted + r.drafting + r.submitted,
    }),
    { invited: 0, notStarted: 0, drafting: 0, submitted: 0, organisations: 0 },
  );
  return { byType, totals };
}

export const ORGANISATION_STATUS_FILTERS = ["not_started", "draft", "submitted"] as const;
export type OrganisationStatusFilter = (typeof ORGANISATION_STATUS_FILTERS)[number];

export type ResponseListRow = {
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  contactsInvited: number;
  responseId: string | null;
  status: ResponseStatus | null;
  reference: string | null;
  answerCount: number;
  lastEditedAt: Date | null;
  lastEditedBy: string | null;
  submittedAt: Date | null;
};

/**
 * Every organisation invited to or responding to the consultation, by name, and each of its
 * responses: one row per response, and one for an organisation invited that has none. A partner
 * organisation has at most one response; the council's "Members of the public" holds every member
 * of the public's, which follow one another in the order they were started. Keyset-paged on
 * (lower(name), organisation id, started at, response id), unique per row, so that following
 * "next" shows every row once, however many responses one organisation holds; `after` is the
 * cursor of the last row of the previous page (ResponseListCursor). A page reads the
 * consultation's organisations (a few index probes each) and then at most one page of responses
 * from each, with responses_consultation_org_created_idx; answers are counted for the page alone.
 */
export async function listResponseOrganisations(
  db: Db,
  input: {
    consultationId: string;
    status?: OrganisationStatusFilter;
    organisationType?: OrganisationType;
    after?: string;
    limit?: number;
  },
  actor: Actor,
): Promise<{ rows: ResponseListRow[]; nextCursor: string | null }> {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const limit = pageSize(input.limit);
  // Conditions on an organisation's responses (r, in the lateral below) and on its rows (o, r).
  const ofResponses: SQL[] = [];
  const where: SQL[] = [];
  if (input.status === "not_started") where.push(sql`r.id is null`);
  else if (input.status === "draft" || input.status === "submitted") {
    ofResponses.push(sql`r.status = ${input.status}`);
    where.push(sql`r.id is not null`);
  } else if (input.status) throw new InvalidError("Choose a status", { status: "Choose a status" });
  if (input.organisationType) {
    if (!ORGANISATION_TYPES.includes(input.organisationType)) throw new InvalidError("Choose an organisation type", { type: "Choose an organisation type" });
    where.push(sql`o.type = ${input.organisationType}`);
  }
  const cursor = decodeResponseListCursor(input.after);
  // Case-insensitive and byte-ordered, so that the order and the keyset comparison are the
  // same on every server whatever its collation.
  const orgKey = sql`(lower(o.name) collate "C", o.id)`;
  if (cursor?.responseId) {
    // Within the cursor's organisation: its responses after the cursor's, then the organisations after it.
    where.push(sql`${orgKey} >= (${cursor.sortName}::text collate "C", ${cursor.organisationId}::uuid)`);
    where.push(sql`not (o.id = ${cursor.organisationId}::uuid and r.id is null)`);
    ofResponses.push(sql`(r.created_at, r.id) > (
      case when o.id = ${cursor.organisationId}::uuid then ${cursor.startedAt}::timestamptz else '-infinity'::timestamptz end,
      case when o.id = ${cursor.organisationId}::uuid then ${cursor.responseId}::uuid else '00000000-0000-0000-0000-000000000000'::uuid end)`);
  } else if (cursor) {
    where.push(sql`${orgKey} > (${cursor.sortName}::text collate "C", ${cursor.organisationId}::uuid)`);
  }
  const found = await rowsOf<
    Omit<ResponseListRow, "lastEditedAt" | "submittedAt"> & { lastEditedAt: string | null; submittedAt: string | null; sortName: string; startedAt: string | null }
  >(
    db,
    // responding: the organisations with a response, one index probe each (a loose index scan),
    // so that 300,000 public responses in one organisation cost one probe, not a read of each.
    // Each organisation's responses come from the lateral, at most a page of them, in the index's
    // order; the page is then cut, and only its rows get their answers counted and their editor.
    sql`with recursive responding(organisation_id) as (
          (select r.organisation_id from responses r where r.consultation_id = ${c.id} order by r.organisation_id limit 1)
          union all
          select (select r.organisation_id from responses r where r.consultation_id = ${c.id} and r.organisation_id > x.organisation_id order by r.organisation_id limit 1)
          from responding x where x.organisation_id is not null
        ), invited as (
          select i.organisation_id, count(*)::int as contacts from invitations i where i.consultation_id = ${c.id} group by i.organisation_id
        ), listed as (
          select organisation_id from responding where organisation_id is not null
          union
          select organisation_id from invited
        ), page as (
          select o.id as organisation_id, o.name, o.type, lower(o.name) as sort_name,
            r.id, r.status, r.reference, r.created_at, r.last_edited_at, r.last_edited_by, r.submitted_at
          from listed
          join organisations o on o.id = listed.organisation_id
          left join lateral (
            select r.id, r.status, r.reference, r.created_at, r.last_edited_at, r.last_edited_by, r.submitted_at
            from responses r
            where r.consultation_id = ${c.id} and r.organisation_id = o.id and ${and(ofResponses)}
            order by r.created_at, r.id
            limit ${limit + 1}
          ) r on true
          where ${and(where)}
          order by lower(o.name) collate "C", o.id, r.created_at, r.id
          limit ${limit + 1}
        )
        select p.organisation_id as "organisationId", p.name as "organisationName", p.type as "organisationType",
          coalesce(i.contacts, 0) as "contactsInvited",
          p.id as "responseId", p.status, p.reference, coalesce(n.answers, 0) as "answerCount",
          ${iso(sql`p.last_edited_at`)} as "lastEditedAt", ${shownNameOf(sql`u.name`, sql`u.erased_at`)} as "lastEditedBy",
          ${iso(sql`p.submitted_at`)} as "submittedAt",
          p.sort_name as "sortName", ${exactUtc(sql`p.created_at`)} as "startedAt"
        from page p
        left join invited i on i.organisation_id = p.organisation_id
        left join users u on u.id = p.last_edited_by
        left join lateral (select count(*)::int as answers from answers a where a.response_id = p.id) n on true
        order by p.sort_name collate "C", p.organisation_id, p.created_at, p.id`,
  );
  const page = found.slice(0, limit).map(({ sortName: _s, startedAt: _t, ...r }) => ({
    ...r,
    lastEditedAt: r.responseId ? toDate(r.lastEditedAt) : null,
    submittedAt: toDate(r.submittedAt),
  }));
  const last = found[page.length - 1];
  return {
    rows: page,
    nextCursor:
      found.length > limit && last
        ? encodeResponseListCursor({ sortName: last.sortName, organisationId: last.organisationId, startedAt: last.startedAt, responseId: last.responseId })
        : null,
  };
}


/**
 * Where the responses list's next page starts: after the organisation (lower-cased name as
 * Postgres lowers it, and id), and, when the last row was a response, after that response of it
 * (when it was started, to the microsecond, and its id). The values themselves, not a row to look
 * up, so a link still works after its row is deleted.
 */
export type ResponseListCursor = { sortName: string; organisationId: string; startedAt: string | null; responseId: string | null };

const MAX_CURSOR_LENGTH = 2_000;
const cursorUuid = z.string().refine(isUuid);
// A name Postgres could have stored: text holds no NUL character.
const cursorName = z.string().max(1_000).refine((s) => !s.includes("\u0000"));
// Exactly as exactUtc writes it, and a real moment: 30 February would be refused by Postgres.
const cursorTime = z.string().refine(isExactUtc);
const responseListCursorSchema = z.union([
  z.tuple([cursorName, cursorUuid]),
  z.tuple([cursorName, cursorUuid, cursorTime, cursorUuid]),
]);

export function encodeResponseListCursor(c: ResponseListCursor): string {
  const parts = c.responseId && c.startedAt ? [c.sortName, c.organisationId, c.startedAt, c.responseId] : [c.sortName, c.organisationId];
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/**
 * The cursor in a page link, checked before any of it reaches SQL: anything this list did not
 * make is refused with a message for the page (never Postgres's error on a bad uuid or date).
 */
export function decodeResponseListCursor(value: string | undefined): ResponseListCursor | null {
  if (!value) return null;
  if (value.length <= MAX_CURSOR_LENGTH) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    } catch {
      json = undefined;
    }
    const parsed = responseListCursorSchema.safeParse(json);
    if (parsed.success) {
      const [sortName, organisationId, startedAt = null, responseId = null] = parsed.data;
      return { sortName, organisationId, startedAt, responseId };
    }
  }
  throw new InvalidError("That page link is not valid. Go back to the first page.", { after: "That page link is not valid" });
}

/** One organisation's response with its answers in question order, for a read-only view. */
export async function getResponseForCouncil(db: Db, input: { consultationId: string; responseId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  if (!isUuid(input.responseId)) throw new NotFoundError("Response");
  const [response] = await rowsOf<{
    id: string;
    status: ResponseStatus;
    reference: string | null;
    revision: number;
    organisationId: string;
    organisationName: string;
    organisationType: OrganisationType;
    submittedAt: string | null;
    submittedBy: string | null;
    lastEditedAt: string;
    lastEditedBy: string | null;
  }>(
    db,
    sql`select r.id, r.status, r.reference, r.revision, o.id as "organisationId", o.name as "organisationName",
          o.type as "organisationType", ${iso(sql`r.submitted_at`)} as "submittedAt", sb.name as "submittedBy",
          ${iso(sql`r.last_edited_at`)} as "lastEditedAt", lb.name as "lastEditedBy"
        from responses r
        join organisations o on o.id = r.organisation_id
        left join users sb on sb.id = r.submitted_by
        left join users lb on lb.id = r.last_edited_by
        where r.id = ${input.responseId} and r.consultation_id = ${c.id}`,
  );
  if (!response) throw new NotFoundError("Response");
  const answerRows = await rowsOf<{ questionId: string; valueText: string; updatedAt: string }>(
    db,
    sql`select a.question_id as "questionId", a.value_text as "valueText", ${iso(sql`a.updated_at`)} as "updatedAt"
        from answers a where a.response_id = ${response.id}`,
  );
  return {
    consultation: c,
    response: {
      ...response,
      submittedAt: toDate(response.submittedAt),
      lastEditedAt: toDate(response.lastEditedAt)!,
    },
    answers: new Map(answerRows.map((a) => [a.questionId, { valueText: a.valueText, updatedAt: toDate(a.updatedAt)! }])),
  };
}

// ---------------------------------------------------------------------------------------------
// Per question

export type CollationQuestion = {
  id: string;
  number: string;
  text: string;
  hint: string;
  type: QuestionType;
  options: string[];
  subheading: string | null;
  position: number;
  sectionId: string;
  chapter: string;
  chapterPosition: number;
};

/** The consultation's questions in order, each with how many partner answers match the filter. */
export async function listQuestionsWithAnswerCounts(db: Db, input: { consultationId: string; filter?: CollationFilter }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const [questionRows, counts] = await readTogether(db, [
    () => rowsOf<CollationQuestion>(
      db,
      sql`select q.id, q.number, q.text, q.hint, q.type, q.options, q.subheading, q.position, q.section_id as "sectionId",
            s.title as chapter, s.position as "chapterPosition"
          from questions q join sections s on s.id = q.section_id
          where q.consultation_id = ${c.id}
          order by s.position, q.position`,
    ),
    () => countAnswersByQuestion(db, c.id, input.filter ?? {}),
  ]);
  return questionRows.map((q) => ({ ...q, answerCount: counts.get(q.id) ?? 0 }));
}

/**
 * Partner answers per question of a consultation. Without an organisation-type or stage filter
 * it avoids reading every answer: it takes each question's answers from the answer_counts summary
 * (migration 0037) and takes away the answers of draft responses (few, found by
 * responses_consultation_status_idx). With those filters, one GROUP BY over the join.
 * Without permission checks: callers have checked them (collation index, drafting dashboard).
 */
export async function countAnswersByQuestion(db: Db, consultationId: string, filter: CollationFilter): Promise<Map<string, number>> {
  const status = filter.responseStatus ?? "submitted";
  if (filter.organisationType || filter.stageId || filter.themeId) {
    const cond = filterConditions(filter, true);
    const found = await rowsOf<{ questionId: string; n: number }>(
      db,
      sql`select a.question_id as "questionId", count(*)::int as n
          from answers a
          join responses r on r.id = a.response_id
          join organisations o on o.id = r.organisation_id
          where r.consultation_id = ${consultationId} and ${and(cond)}
          group by a.question_id`,
    );
    return new Map(found.map((r) => [r.questionId, r.n]));
  }
  checkResponseStatus(status);
  const [totals, drafts] = await readTogether(db, [
    () => status === "draft"
      ? Promise.resolve([] as { questionId: string; n: number }[])
      : rowsOf<{ questionId: string; n: number }>(
          db,
          sql`select q.id as "questionId", coalesce((select sum(k.n) from answer_counts k where k.question_id = q.id), 0)::int as n
              from questions q where q.consultation_id = ${consultationId}`,
        ),
    () => status === "all"
      ? Promise.resolve([] as { questionId: string; n: number }[])
      : rowsOf<{ questionId: string; n: number }>(
          db,
          sql`select a.question_id as "questionId", count(*)::int as n
              from responses r join answers a on a.response_id = r.id
              where r.consultation_id = ${consultationId} and r.status = 'draft'
              group by a.question_id`,
        ),
  ]);
  const draftCounts = new Map(drafts.map((r) => [r.questionId, r.n]));
  if (status === "draft") return draftCounts;
  return new Map(totals.map((r) => [r.questionId, r.n - (status === "submitted" ? (draftCounts.get(r.questionId) ?? 0) : 0)]));
}

/** One question with its chapter, checked to belong to the consultation. */
export async function getCollationQuestion(db: Db, input: { consultationId: string; questionId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const q = await questionOf(db, c.id, input.questionId);
  return { consultation: c, question: q };
}

async function questionOf(db: Db, consultationId: string, questionId: string): Promise<CollationQuestion> {
  if (!isUuid(questionId)) throw new NotFoundError("Question");
  const [q] = await rowsOf<CollationQuestion>(
    db,
    sql`select q.id, q.number, q.text, q.hint, q.type, q.options, q.subheading, q.position, q.section_id as "sectionId",
          s.title as chapter, s.position as "chapterPosition"
        from questions q join sections s on s.id = q.section_id
        where q.id = ${questionId} and q.consultation_id = ${consultationId}`,
  );
  if (!q) throw new NotFoundError("Question");
  return q;
}

/**
 * The consultation (checked as consultationFor checks it) and one of its questions, in one
 * query: consultation not found, then not allowed, then question not found.
 */
async function questionFor(db: Db, consultationId: string, questionId: string, actor: Actor): Promise<{ c: Consultation; q: CollationQuestion }> {
  if (!isUuid(consultationId) || !isUuid(questionId)) {
    const c = await consultationFor(db, consultationId, "consultation.read_responses", actor);
    return { c, q: await questionOf(db, c.id, questionId) };
  }
  const [row] = await db
    .select({
      c: consultations,
      q: {
        id: questions.id,
        number: questions.number,
        text: questions.text,
        hint: questions.hint,
        type: questions.type,
        options: questions.options,
        subheading: questions.subheading,
        position: questions.position,
        sectionId: questions.sectionId,
        chapter: sections.title,
        chapterPosition: sections.position,
      },
    })
    .from(consultations)
    .leftJoin(questions, and_(eq(questions.id, questionId), eq(questions.consultationId, consultations.id)))
    .leftJoin(sections, eq(sections.id, questions.sectionId))
    .where(eq(consultations.id, consultationId));
  if (!row) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: row.c.ownerOrganisationId });
  if (!row.q?.id) throw new NotFoundError("Question");
  return { c: row.c, q: row.q as CollationQuestion };
}

/**
 * Runs `read` alongside the access check, to spend one round trip rather than two: its result,
 * or its error, is used only once the check has passed, so a refused caller sees the refusal
 * and never the data. On a single connection (a transaction's, PGlite's), where the two would
 * only queue, the check runs first and the read only once it has passed (readTogether's rule).
 */
function afterCheck<C, T>(db: Db, check: () => Promise<C>, read: () => Promise<T>): Promise<[C, T]> {
  return readTogether(db, [check, read]);
}

export type OptionCount = { option: string; count: number; percent: number; offered: boolean };
export type QuestionSummary = {
  /** Partner answers to the question that match the filter. */
  answered: number;
  /** For closed questions, each option offered (in order, zeros included) then any others found. */
  options: OptionCount[] | null;
  /** What a count means: "chose", "ticked" (several allowed, so percentages add to more than 100), "ranked first". */
  countLabel: string | null;
};

function offeredOptions(type: QuestionType, options: string[]): string[] {
  switch (type) {
    case "agreement_scale":
      return options.length ? options : [...AGREEMENT_SCALE];
    case "yes_no":
      return [...YES_NO];
    case "rag_status":
      return [...RAG_STATUSES];
    default:
      return options;
  }
}

/** The SQL expression giving a closed answer's chosen option(s), by question type. */
function optionSource(type: QuestionType): { from: SQL; option: SQL; firstOfAnswer: SQL } {
  switch (type) {
    case "multiple_choice":
      // One row per ticked option; `ord = 1` marks one row per answer so the same pass
      // also counts respondents, without a count(distinct).
      return {
        from: sql`cross join lateral jsonb_array_elements_text(case when jsonb_typeof(a.value) = 'array' then a.value else '[]'::jsonb end) with ordinality as e(opt, ord)`,
        option: sql`e.opt`,
        firstOfAnswer: sql`e.ord = 1`,
      };
    case "ranking":
      return { from: sql``, option: sql`a.value ->> 0`, firstOfAnswer: sql`true` };
    case "yes_no":
      return { from: sql``, option: sql`a.value ->> 'answer'`, firstOfAnswer: sql`true` };
    case "rag_status":
      return { from: sql``, option: sql`a.value ->> 'status'`, firstOfAnswer: sql`true` };
    default:
      return { from: sql``, option: sql`a.value #>> '{}'`, firstOfAnswer: sql`true` };
  }
}

/**
 * How many partners answered a question and, for a closed question, how many chose each
 * option with percentages of those who answered. With no filter but the response status (the
 * usual page) it is one statement (QUESTION_COUNTS_SQL), so the page waits for one round trip
 * (two for a multiple choice, whose ticks are counted from the answers); with a filter, one GROUP
 * BY (with a grand-total grouping set) after the question is read.
 */
export async function summariseQuestion(
  db: Db,
  input: { consultationId: string; questionId: string; filter?: CollationFilter },
  actor: Actor,
): Promise<QuestionSummary> {
  const f = input.filter ?? {};
  if (f.organisationType || f.stageId || f.themeId || !isUuid(input.consultationId) || !isUuid(input.questionId)) {
    const { c, q } = await questionFor(db, input.consultationId, input.questionId, actor);
    return summariseFiltered(db, c.id, q, f);
  }
  const status = f.responseStatus ?? "submitted";
  const [row] = await executeNamed<QuestionCountsRow>(db, "question_counts", QUESTION_COUNTS_SQL, questionCountsParams(input.consultationId, input.questionId, status));
  // The same refusals, in the same order, as questionFor: what was read is used only after them.
  if (!row) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: row.ownerOrganisationId });
  if (!row.type) throw new NotFoundError("Question");
  checkResponseStatus(status);
  const q = { id: input.questionId, type: row.type, options: row.options ?? [] };
  if (isClosedQuestion(q.type)) {
    const offered = offeredOptions(q.type, q.options);
    if (CHOICE_SUMMARY_TYPES.includes(q.type) && offered.every((o) => o.length <= CHOICE_MAX_LENGTH)) return summariseByChoice(q, offered, status, [row.all, row.drafts]);
    // Ticks of a multiple choice (or options too long for the summary): counted from the answers.
    return summariseFiltered(db, input.consultationId, q, f);
  }
  // An open question: its answers (by index) less those of drafts.
  const drafts = row.drafts.reduce((a, r) => a + r.n, 0);
  const total = row.total ?? 0;
  return { answered: status === "all" ? total : status === "draft" ? drafts : total - drafts, options: null, countLabel: null };
}

type QuestionCountsRow = {
  ownerOrganisationId: string;
  type: QuestionType | null;
  options: string[] | null;
  all: Tally;
  drafts: Tally;
  total: number | null;
};

/**
 * summariseQuestion's usual case in one statement, named so that each connection plans it once:
 * the consultation's owner (for the access check), the question's type and options, and
 * - for a closed question other than a multiple choice (whose ticks summariseFiltered counts),
 *   unless only drafts are asked for, every answer by option from answer_choice_counts (kept
 *   exact by triggers on answers in the writing transaction; closed questions only): a few
 *   summary rows at any number of responses;
 * - for an open question, its answers counted by index (answers_question_response_idx);
 * - for any question but a multiple choice, unless all responses are asked for, the answers
 *   of draft responses by choice (few: found by responses_consultation_status_idx and
 *   answers_question_response_idx).
 * A CASE runs its subquery only when chosen. Parameters: questionCountsParams.
 */
export const QUESTION_COUNTS_SQL = `
  select c.owner_organisation_id as "ownerOrganisationId", q.type, q.options,
    case when q.type = any($5::text[]) and $3::text <> 'draft' then (
      select coalesce(json_agg(json_build_object('option', t.choice, 'n', t.n)), '[]'::json)
      from (select k.choice, sum(k.n)::int as n from answer_choice_counts k where k.question_id = q.id group by k.choice having sum(k.n) <> 0) t
    ) else '[]'::json end as "all",
    case when (q.type = any($5::text[]) or q.type <> all($4::text[])) and $3::text <> 'all' then (
      select coalesce(json_agg(json_build_object('option', t.choice, 'n', t.n)), '[]'::json)
      from (
        select a.choice, count(*)::int as n
        from responses r join answers a on a.response_id = r.id and a.question_id = q.id
        where r.consultation_id = c.id and r.status = 'draft'
        group by a.choice
      ) t
    ) else '[]'::json end as drafts,
    case when q.type <> all($4::text[]) and $3::text <> 'draft' then (select count(*)::int from answers a where a.question_id = q.id) end as total
  from consultations c
  left join questions q on q.id = $2::uuid and q.consultation_id = c.id
  where c.id = $1::uuid`;

/** QUESTION_COUNTS_SQL's parameters: $1 consultation, $2 question, $3 status, $4 the closed types, $5 those the choice summary serves. */
export function questionCountsParams(consultationId: string, questionId: string, status: string): unknown[] {
  return [consultationId, questionId, status, CLOSED_QUESTION_TYPES, CHOICE_SUMMARY_TYPES];
}

/** summariseQuestion with a filter (organisation type, stage or theme), or for a question the summary does not serve. */
async function summariseFiltered(db: Db, consultationId: string, q: Pick<CollationQuestion, "id" | "type" | "options">, f: CollationFilter): Promise<QuestionSummary> {
  const cond = and(filterConditions(f, true));
  if (!isClosedQuestion(q.type)) {
    const [{ n }] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n
          from answers a
          join responses r on r.id = a.response_id
          join organisations o on o.id = r.organisation_id
          where a.question_id = ${q.id} and r.consultation_id = ${consultationId} and ${cond}`,
    );
    return { answered: n, options: null, countLabel: null };
  }
  const offered = offeredOptions(q.type, q.options);
  const src = optionSource(q.type);
  const grouped = await rowsOf<{ option: string | null; total: number; n: number; answers: number }>(
    db,
    sql`select ${src.option} as option, grouping(${src.option})::int as total,
          count(*)::int as n, (count(*) filter (where ${src.firstOfAnswer}))::int as answers
        from answers a
        join responses r on r.id = a.response_id
        join organisations o on o.id = r.organisation_id
        ${src.from}
        where a.question_id = ${q.id} and r.consultation_id = ${consultationId} and ${cond}
        group by grouping sets ((${src.option}), ())`,
  );
  const answered = grouped.find((g) => g.total === 1)?.answers ?? 0;
  const counts = new Map(grouped.filter((g) => g.total === 0 && g.option !== null).map((g) => [g.option!, g.n]));
  return optionCounts(q, offered, answered, counts);
}

/** The longest option answers.choice holds (see db/schema/responses.ts). */
const CHOICE_MAX_LENGTH = 100;

type Tally = { option: string | null; n: number }[];

/** Closed-question counts from QUESTION_COUNTS_SQL's tallies: all answers less, for submitted ones, the drafts'. */
function summariseByChoice(q: Pick<CollationQuestion, "type">, offered: string[], status: ResponseStatus | "all", [all, drafts]: [Tally, Tally]): QuestionSummary {
  const tally = new Map<string | null, number>();
  const add = (list: Tally, sign: number) => {
    for (const r of list) tally.set(r.option, (tally.get(r.option) ?? 0) + sign * r.n);
  };
  if (status === "draft") add(drafts, 1);
  else {
    add(all, 1);
    if (status === "submitted") add(drafts, -1);
  }
  const answered = [...tally.values()].reduce((a, n) => a + n, 0);
  const counts = new Map([...tally].filter((e): e is [string, number] => e[0] !== null && e[1] > 0));
  return optionCounts(q, offered, answered, counts);
}

function optionCounts(q: Pick<CollationQuestion, "type">, offered: string[], answered: number, counts: Map<string, number>): QuestionSummary {
  const pct = (n: number) => (answered ? Math.round((n / answered) * 1000) / 10 : 0);
  const options: OptionCount[] = offered.map((option) => ({ option, count: counts.get(option) ?? 0, percent: pct(counts.get(option) ?? 0), offered: true }));
  for (const [option, n] of counts) {
    if (!offered.includes(option)) options.push({ option, count: n, percent: pct(n), offered: false });
  }
  const countLabel = q.type === "multiple_choice" ? "ticked" : q.type === "ranking" ? "ranked first" : "chose";
  return { answered, options, countLabel };
}

export type PartnerAnswer = {
  responseId: string;
  organisationName: string;
  organisationType: OrganisationType;
  responseStatus: ResponseStatus;
  reference: string | null;
  valueText: string;
  updatedAt: Date;
};

/**
 * One page of a question's partner answers with their organisations, keyset-paged on the
 * response id (`after` for the next page, `before` for the previous one).
 */
export async function listQuestionAnswers(
  db: Db,
  input: { consultationId: string; questionId: string; filter?: CollationFilter; after?: string; before?: string; limit?: number },
  actor: Actor,
): Promise<{ rows: PartnerAnswer[]; nextCursor: string | null; prevCursor: string | null }> {
  const limit = pageSize(input.limit);
  const backwards = Boolean(input.before) && !input.after;
  // The page is read with the access check inside it (one statement, as fast as the bare
  // query); only an empty page, which may be a refusal, runs the full check for its message.
  const owners = ownersAllowed(actor, "consultation.read_responses");
  const found = owners.length ? await readAnswerPage(db, input, limit, backwards, owners) : [];
  if (!found.length) await questionFor(db, input.consultationId, input.questionId, actor);
  const more = found.length > limit;
  const page = found.slice(0, limit).map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) }));
  if (backwards) page.reverse();
  const first = page[0]?.responseId ?? null;
  const last = page[page.length - 1]?.responseId ?? null;
  return {
    rows: page,
    nextCursor: backwards ? (page.length ? last : null) : more ? last : null,
    prevCursor: backwards ? (more ? first : null) : input.after ? first : null,
  };
}

/**
 * One page of a question's answers, for listQuestionAnswers: none unless the question is the
 * consultation's and the consultation is owned by one of `owners`.
 */
async function readAnswerPage(
  db: Db,
  input: { consultationId: string; questionId: string; filter?: CollationFilter; after?: string; before?: string },
  limit: number,
  backwards: boolean,
  owners: string[],
) {
  if (!isUuid(input.consultationId) || !isUuid(input.questionId)) throw new NotFoundError("Question");
  for (const [name, v] of [["after", input.after], ["before", input.before]] as const) {
    if (v !== undefined && !isUuid(v)) throw new InvalidError("That page link is not valid. Go back to the first page.", { [name]: "That page link is not valid" });
  }
  const cond = filterConditions(input.filter ?? {}, true);
  if (input.after) cond.push(sql`a.response_id > ${input.after}::uuid`);
  else if (input.before) cond.push(sql`a.response_id < ${input.before}::uuid`);
  return rowsOf<Omit<PartnerAnswer, "updatedAt"> & { updatedAt: string }>(
    db,
    sql`select a.response_id as "responseId", o.name as "organisationName", o.type as "organisationType",
          r.status as "responseStatus", r.reference, a.value_text as "valueText", ${iso(sql`a.updated_at`)} as "updatedAt"
        from answers a
        join responses r on r.id = a.response_id
        join organisations o on o.id = r.organisation_id
        where a.question_id = ${input.questionId} and r.consultation_id = ${input.consultationId} and ${and(cond)}
          and exists (select 1 from consultations c join questions q on q.consultation_id = c.id
            where c.id = ${input.consultationId} and q.id = ${input.questionId}
              and c.owner_organisation_id in (${sql.join(owners.map((o) => sql`${o}::uuid`), sql`, `)}))
        order by a.response_id ${backwards ? sql`desc` : sql`asc`}
        limit ${limit + 1}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Full-text search


export type SearchHit = {
  responseId: string;
  questionId: string;
  questionNumber: string;
  organisationName: string;
  organisationType: OrganisationType;
  responseStatus: ResponseStatus;
  rank: number;
  /** Excerpt with matches between HIGHLIGHT_START and HIGHLIGHT_STOP; split it with `splitHighlights`. */
  headline: string;
  /** Whether the excerpt leaves out the start or the end of the answer (shown as "…"). */
  cutStart: boolean;
  cutEnd: boolean;
};

export const SEARCH_MAX_LENGTH = 200;
/**
 * Matches looked at per search: the candidates that are ranked and counted. Each candidate
 * costs a read of its answer and its response (for the status filter and the rank), so a
 * search's cost follows min(matches, SEARCH_COUNT_CAP) plus the page shown, whatever the number
 * of responses. Past this many the search ranks the first SEARCH_COUNT_CAP found and says
 * "more than": 4 pages, and a query that matches more is best narrowed with more words. (It
 * was 1,000: a common word then read a thousand answers per call, about a tenth of a second,
 * and a rare word's cost grew with its matches up to that point, 26-fold from 10,000 to
 * 100,000 responses; see docs/scaling.md.)
 */
export const SEARCH_COUNT_CAP = 100;

/**
 * Excerpts of all but short answers. ts_headline parses the whole text it is given, and its cost
 * grows with the text, faster past a few thousand characters (measured: 0.11 ms for 1,000
 * characters, 2.0 ms for 10,000, the long answer's limit, and 25 ms for 100,000, the ceiling a
 * question may set), so a page of 25 long answers spent 22 ms to 430 ms making excerpts, and a page
 * of 25 answers of a typical 1,000 characters about 3 ms, most of a rare word's search. An answer
 * longer than EXCERPT_WHOLE_UP_TO bytes (read without opening the text) gets its excerpt from a
 * window reaching EXCERPT_RADIUS characters either side of its matches, in whole words: the
 * database function search_excerpt_window (migrations 0028, 0042) finds the query's stems in it as
 * text, and uses the window only if it matches the query itself (for one word, if the excerpt
 * marks one). The excerpt shows at most 50 words (about 300 characters), which the window holds;
 * it is around the words' first mentions (the whole answer's excerpt is where they are densest,
 * which finding costs the parse). Where that cannot be done (no stem found as text, the words
 * further apart than the radius, or a window that does not match) the excerpt is made from the
 * whole answer, as for a short one. `npx tsx bench/search-excerpts.ts` measures pages of such
 * answers; `bench/collate-sizes.ts` the rare word's search as responses grow.
 */
export const EXCERPT_WHOLE_UP_TO = 400;
/** ts_headline's options for every excerpt: one of up to 50 words, its matches between the highlight's characters. */
export const EXCERPT_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MinWords=20, MaxWords=50`;
export const EXCERPT_RADIUS = 200;

/**
 * Partner answers matching a web-style query (words, "phrases", -exclusions, or), best first
 * by ts_rank, with highlighted excerpts made only for the page shown. Offset-paged: ranking
 * order has no cheap keyset. At most SEARCH_COUNT_CAP matches (the first found) are ranked and
 * counted: `total` stops there (`totalIsCapped`), and the pages end there too. One statement
 * for the candidates, their count and one page; before it, for a search not run in the last
 * SEARCH_PLAN_TTL_MS, the plan Postgres would use (which decides how the candidates are found,
 * see runSearch).
 */
export async function searchAnswers(
  db: Db,
  input: SearchInput,
  actor: Actor,
): Promise<{ rows: SearchHit[]; total: number; totalIsCapped: boolean; hasMore: boolean }> {
  const check = () =>
    input.questionId
      ? questionFor(db, input.consultationId, input.questionId, actor).then((x) => x.c)
      : consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  const [, result] = await afterCheck(db, check, () => runSearch(db, input));
  return result;
}

/**
 * How long Postgres's choice for a search (walk in response order, or take the matches from the
 * index) is reused. The choice follows the planner's row estimate for the words, from the
 * statistics ANALYZE keeps, so it changes only when those do (autovacuum's analyze, minutes
 * apart at the least). Asking for the plan cost a second planning of every search; now it is
 * asked once per search (question, words, filters) in this period: the pages after the first,
 * a search run again and the officers searching the same words reuse it.
 */
export const SEARCH_PLAN_TTL_MS = 5 * 60_000;
/** Searches whose choice is kept per database handle; the oldest goes first past this. */
const SEARCH_PLAN_MAX = 1_000;
const searchPlans = new WeakMap<Db, BoundedMap<string, { walks: boolean; until: number }>>();

/** What decides a search's plan: where it looks, the words and the filters (not the page). */
function searchPlanKey(input: { consultationId: string; questionId?: string; filter?: CollationFilter }, text: string): string {
  const f = input.filter ?? {};
  return JSON.stringify([input.consultationId, input.questionId ?? null, f.responseStatus ?? "submitted", f.organisationType ?? null, f.stageId ?? null, f.themeId ?? null, text]);
}

/**
 * Whether Postgres finds a search's candidates by walking the answers in response order (a
 * common word: kept in that order) rather than from answers_search_idx as a bitmap (a rarer
 * one: then run without the order, see searchStatements). Its own plan for the ordered
 * statement, asked once per search and SEARCH_PLAN_TTL_MS.
 */
async function walksInOrder(db: Db, key: string, plan: SQL): Promise<boolean> {
  const now = Date.now();
  let plans = searchPlans.get(db);
  if (!plans) searchPlans.set(db, (plans = boundedMap(SEARCH_PLAN_MAX)));
  const known = plans.get(key);
  if (known && known.until > now) return known.walks;
  const walks = planWalks(await rowsOf<Record<string, unknown>>(db, plan));
  plans.set(key, { walks, until: now + SEARCH_PLAN_TTL_MS });
  return walks;
}

/** From the rows of a search's `plan` statement (searchStatements): whether it walks the answers in response order. */
export function planWalks(plan: unknown): boolean {
  return !JSON.stringify(plan).includes("Bitmap Heap Scan");
}

export type SearchInput = { consultationId: string; query: string; questionId?: string; filter?: CollationFilter; offset?: number; limit?: number };

/**
 * A search's statements, its input checked (a bad one refused with the field's message):
 * - `plan`: Postgres's plan for the candidates in response order, read by planWalks;
 * - `page(walks)`: the candidates, their count and the page shown, one statement;
 * - `count`: the candidates counted alone, for a page past the last.
 * searchAnswers runs them once access is checked; the benchmark's hand floor runs the same
 * statements through plain pg.
 */
export function searchStatements(input: SearchInput) {
  if (!isUuid(input.consultationId) || (input.questionId !== undefined && !isUuid(input.questionId))) throw new NotFoundError("Question");
  const text = input.query.trim();
  if (!text) throw new InvalidError("Enter words to search for", { q: "Enter words to search for" });
  if (text.length > SEARCH_MAX_LENGTH) {
    throw new InvalidError(`Search must be ${SEARCH_MAX_LENGTH} characters or fewer`, { q: `Search must be ${SEARCH_MAX_LENGTH} characters or fewer` });
  }
  const limit = pageSize(input.limit);
  const offset = Math.max(0, Math.floor(input.offset ?? 0));
  const cond = filterConditions(input.filter ?? {}, true);
  if (input.questionId) cond.push(sql`a.question_id = ${input.questionId}`);
  const tsq = sql`websearch_to_tsquery('english', ${text})`;
  // The organisation is read for the page shown only, unless a filter on its type needs it for
  // every candidate.
  const orgJoin = input.filter?.organisationType ? sql`join organisations o on o.id = r.organisation_id` : sql``;
  // The candidates: at most SEARCH_COUNT_CAP + 1 matches, so that a search reads a bounded
  // number of answers however many responses there are. Which way to find them is Postgres's
  // own choice for the query in response order (its row estimate for the words decides it):
  // - for a common word it walks the question's answers in response order
  //   (answers_question_response_idx) and stops after that many matches: kept as it is;
  // - for a rarer one it takes the matches from answers_search_idx (question_id, search) as a
  //   bitmap, and sorting them by response would read every match first (4 at 10,000 responses,
  //   104 at 100,000, ten thousand at 10 million). Then the same scan runs without the order,
  //   and stops after that many: the first found, in the table's order.
  // Either way the candidates are then ranked, with the response and question ids breaking ties,
  // so pages are stable while the candidates are. Only the page shown gets ts_headline (which
  // re-parses the whole text) and its organisation's name.
  const matches = sql`from answers a
          join responses r on r.id = a.response_id
          ${orgJoin}
          where a.search @@ ${tsq} and r.consultation_id = ${input.consultationId} and ${and(cond)}`;
  const page = (walks: boolean) => sql`with candidates as materialized (
          select a.response_id, a.question_id, r.organisation_id, r.status as "responseStatus", ts_rank(a.search, ${tsq}) as rank
          ${matches}
          ${walks ? sql`order by a.response_id, a.question_id` : sql``}
          limit ${SEARCH_COUNT_CAP + 1}
        ), m as (
          -- pos: the candidate's place in the ranking, which orders the page.
          select *, (select count(*)::int from candidates) as total,
            row_number() over (order by rank desc, response_id, question_id) as pos
          from candidates
          order by pos
          -- Pages end at the cap: the extra candidate only says that there are more.
          limit ${Math.max(0, Math.min(limit + 1, SEARCH_COUNT_CAP - offset))} offset ${offset}
        )
        select m.response_id as "responseId", m.question_id as "questionId", q.number as "questionNumber", o.name as "organisationName", o.type as "organisationType",
          m."responseStatus", m.rank, m.total, h.headline,
          -- Whether the excerpt leaves out the answer's start or end: a long answer's window
          -- may (cut_before, cut_after), and either way the excerpt's ends are compared with
          -- those of the text it was made from.
          coalesce(h.cut_before, false) or left(coalesce(h.source, a.value_text), 12) <> left(translate(h.headline, chr(57344) || chr(57345), ''), 12) as "cutStart",
          coalesce(h.cut_after, false) or rtrim(right(rtrim(coalesce(h.source, a.value_text), ' .!?,;:' || chr(10)), 12), ' .!?,;:')
            <> rtrim(right(rtrim(translate(h.headline, chr(57344) || chr(57345), ''), ' .!?,;:' || chr(10)), 12), ' .!?,;:') as "cutEnd"
        from m
        join answers a on a.response_id = m.response_id and a.question_id = m.question_id
        join questions q on q.id = m.question_id
        join organisations o on o.id = m.organisation_id
        -- One excerpt of up to 50 words around the best match: a short answer is shown whole.
        -- One over EXCERPT_WHOLE_UP_TO bytes gets its excerpt from a window around its matches
        -- (search_excerpt_window, migrations 0028 and 0042), or from the whole answer where the
        -- window has none.
        -- OFFSET 0 keeps each sub-select apart: pulled up, what it makes would be made again for
        -- each column that reads it (the excerpt, and the "cut" flags). The extra row, which
        -- only says there are more, gets none.
        left join lateral (
          select coalesce((x.w).headline, ts_headline('english', replace(replace(a.value_text, chr(57344), ''), chr(57345), ''), ${tsq}, ${EXCERPT_OPTIONS})) as headline,
            (x.w).source, (x.w).cut_before, (x.w).cut_after
          from (
            select case when octet_length(a.value_text) > ${sql.raw(String(EXCERPT_WHOLE_UP_TO))}
              then search_excerpt_window(a.value_text, ${tsq}, ${sql.raw(String(EXCERPT_RADIUS))}, ${EXCERPT_OPTIONS}) end as w
            where m.pos <= ${offset + limit}
            offset 0
          ) x
          offset 0
        ) h on true
        order by m.pos`;
  return {
    text,
    limit,
    offset,
    plan: sql`explain (format json) select a.response_id ${matches} order by a.response_id, a.question_id limit ${SEARCH_COUNT_CAP + 1}`,
    page,
    count: sql`select count(*)::int as n from (select 1 ${matches} limit ${SEARCH_COUNT_CAP + 1}) t`,
  };
}

/** searchAnswers' query, once access is checked (or while it is, see afterCheck). */
async function runSearch(db: Db, input: SearchInput) {
  const st = searchStatements(input);
  const { limit, offset } = st;
  const walks = await walksInOrder(db, searchPlanKey(input, st.text), st.plan);
  const found = await rowsOf<SearchHit & { total: number }>(db, st.page(walks));
  // A page past the last has no rows to carry the total: count the candidates alone then.
  const n = found.length ? found[0]!.total : offset ? (await rowsOf<{ n: number }>(db, st.count))[0]!.n : 0;
  return {
    rows: found.slice(0, limit).map(({ total: _, ...r }) => ({ ...r, rank: Number(r.rank) })),
    total: Math.min(n, SEARCH_COUNT_CAP),
    totalIsCapped: n > SEARCH_COUNT_CAP,
    hasMore: found.length > limit,
  };
}

/** The consultation's stages, for the "answered during stage" filter. */
export async function listStagesForFilter(db: Db, input: { consultationId: string }, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "consultation.read_responses", actor);
  return rowsOf<{ id: string; name: string; startsOn: string | null; dueOn: string | null }>(
    db,
    sql`select id, name, starts_on::text as "startsOn", due_on::text as "dueOn" from stages where consultation_id = ${c.id} order by position`,
  );
}

// Submitted responses read in keyset batches (ordered by response id), with their answers and
// organisations. Every export and the API's response listing read through here, so memory is
// bounded by the batch size however many responses a consultation has. Works on both drivers.
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { questions, responses, sections, type OrganisationType, type QuestionType } from "../../db/schema";
import { answerToText, type QuestionDef } from "../questions/answers";
import { jsonValue } from "../sql";
import { shownNameOf } from "../audit/erased";

export type ExportQuestion = QuestionDef & { subheading: string | null; chapter: string; position: number };

export type ExportAnswer = { questionId: string; value: unknown; text: string };

export type ExportResponse = {
  id: string;
  reference: string | null;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  revision: number;
  submittedAt: Date | null;
  /** Who submitted it (the latest submission's), by name; null if not known. */
  submittedByName: string | null;
  consultationVersion: number | null;
  /** In question order; questions the response did not answer are absent. */
  answers: ExportAnswer[];
};

/** Responses per batch: small enough that two batches (~4 MB of text) stay well within memory. */
export const DEFAULT_BATCH_SIZE = 100;

/** The consultation's questions in order, with their chapter titles. */
export async function loadExportQuestions(db: Db, consultationId: string): Promise<ExportQuestion[]> {
  const rows = await db
    .select({ q: questions, chapter: sections.title })
    .from(questions)
    .innerJoin(sections, eq(sections.id, questions.sectionId))
    .where(eq(questions.consultationId, consultationId))
    .orderBy(asc(sections.position), asc(questions.position));
  return rows.map(({ q, chapter }) => ({
    id: q.id,
    number: q.number,
    type: q.type as QuestionType,
    text: q.text,
    hint: q.hint,
    required: q.required,
    options: q.options,
    limits: q.limits,
    showIf: q.showIf,
    subheading: q.subheading,
    chapter,
    position: q.position,
  }));
}

export type SourceFilter = {
  consultationId: string;
  /** Only this organisation's response (a partner's view). */
  organisationId?: string;
};

/**
 * One batch: submitted responses with ids after `after`, each with its answers gathered by
 * Postgres into one JSON array (one row per response rather than 35, parsed natively). An
 * answer's typed value is read only when `values` is asked for or its text is missing: the
 * CSV and XLSX exports need only the text, and the value would double what is read.
 */
export async function readResponseBatch(
  db: Db,
  filter: SourceFilter,
  questionList: ExportQuestion[],
  opts: { after?: string | null; limit?: number; values?: boolean } = {},
): Promise<ExportResponse[]> {
  const query = responsesQuery(filter, { after: opts.after ?? null, limit: opts.limit ?? DEFAULT_BATCH_SIZE, values: opts.values ?? true });
  return toResponses(await rowsOf<BatchRow>(db, query), questionList);
}

type BatchRow = Omit<ExportResponse, "answers" | "submittedAt"> & { submittedAt: string | null; answers: unknown };

function responsesQuery(filter: SourceFilter, opts: { after: string | null; limit: number; values: boolean }): SQL {
  const where: SQL[] = [sql`r.consultation_id = ${filter.consultationId}`, sql`r.status = 'submitted'`];
  if (filter.organisationId) where.push(sql`r.organisation_id = ${filter.organisationId}`);
  if (opts.after) where.push(sql`r.id > ${opts.after}`);
  // Objects (yes/no, RAG status) are read whole: the exports give their two parts two columns.
  const value = opts.values ? sql`a.value` : sql`case when a.value_text = '' or jsonb_typeof(a.value) = 'object' then a.value end`;
  return sql`select r.id, r.reference, r.organisation_id as "organisationId", o.name as "organisationName", o.type as "organisationType",
        r.revision, to_json(r.submitted_at) #>> '{}' as "submittedAt", v.version as "consultationVersion",
        (select ${shownNameOf(sql`u.name`, sql`u.erased_at`)} from users u where u.id = r.submitted_by) as "submittedByName",
        (select coalesce(json_agg(json_build_array(a.question_id, a.value_text, ${value})), '[]'::json)
           from answers a where a.response_id = r.id) as answers
      from responses r
      join organisations o on o.id = r.organisation_id
      left join consultation_versions v on v.id = r.consultation_version_id
      where ${sql.join(where, sql` and `)}
      order by r.id
      limit ${opts.limit}`;
}

function toResponses(rows: BatchRow[], questionList: ExportQuestion[]): ExportResponse[] {
  const byId = new Map(questionList.map((q, i) => [q.id, { q, i }]));
  return rows.map(({ answers: raw, ...r }) => {
    const list = jsonValue<[string, string, unknown][]>(raw);
    const placed: { i: number; a: ExportAnswer }[] = [];
    for (const [questionId, valueText, v] of list) {
      const known = byId.get(questionId);
      // An answer to a question no longer in the structure cannot be placed in a column; the
      // structure rules (issue 4) refuse deleting answered questions, so this is defensive.
      if (!known) continue;
      placed.push({ i: known.i, a: { questionId, value: v ?? null, text: valueText || answerToText(known.q, v) } });
    }
    return {
      ...r,
      submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
      answers: placed.sort((x, y) => x.i - y.i).map((x) => x.a),
    };
  });
}

/**
 * Every submitted response, batch by batch. The next batch is read while the caller works on
 * this one, so the database and the caller's encoding overlap; at most two batches are held.
 * The caller must not read from `db` between batches if it is a single connection (a
 * transaction's): the read ahead is running on it.
 */
export async function* iterateResponses(
  db: Db,
  filter: SourceFilter,
  questionList: ExportQuestion[],
  batchSize = DEFAULT_BATCH_SIZE,
  opts: { values?: boolean } = {},
): AsyncGenerator<ExportResponse[]> {
  const read = (after: string | null) => {
    const p = readResponseBatch(db, filter, questionList, { after, limit: batchSize, values: opts.values });
    // Handled when awaited; this only stops an early return from leaving it unhandled.
    p.catch(() => undefined);
    return p;
  };
  let next = read(null);
  for (;;) {
    const batch = await next;
    if (!batch.length) return;
    if (batch.length < batchSize) {
      yield batch;
      return;
    }
    next = read(batch[batch.length - 1]!.id);
    yield batch;
  }
}

/** How many submitted responses an export will hold (to decide between direct and background). */
export async function countSubmittedResponses(db: Db, filter: SourceFilter): Promise<number> {
  const where: SQL[] = [eq(responses.consultationId, filter.consultationId), eq(responses.status, "submitted")];
  if (filter.organisationId) where.push(eq(responses.organisationId, filter.organisationId));
  const [{ n }] = await db.select({ n: count() }).from(responses).where(and(...where));
  return n;
}

/** A theme of the consultation's codeframe (lib/analysis): a column of the wide export. */
export type ExportTheme = { id: string; name: string; questionNumber: string };

/** The consultation's themes in question order, then by name. */
export async function loadExportThemes(db: Db, consultationId: string): Promise<ExportTheme[]> {
  return rowsOf<ExportTheme>(
    db,
    sql`select t.id, t.name, q.number as "questionNumber" from themes t join questions q on q.id = t.question_id join sections s on s.id = q.section_id
        where t.consultation_id = ${consultationId} order by s.position, q.position, lower(t.name)`,
  );
}

/** Per response of a batch: its themes, "confirmed" when any tag of the theme is, else "suggested". */
export async function readThemeTags(db: Db, responseIds: string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (!responseIds.length) return out;
  const rows = await rowsOf<{ responseId: string; themeId: string; status: string }>(
    db,
    sql`select response_id as "responseId", theme_id as "themeId", min(status) as status from answer_tags
        where response_id in (select jsonb_array_elements_text(${JSON.stringify(responseIds)}::jsonb)::uuid) group by response_id, theme_id`,
  );
  for (const r of rows) {
    if (!out.has(r.responseId)) out.set(r.responseId, new Map());
    out.get(r.responseId)!.set(r.themeId, r.status);
  }
  return out;
}

// Submitted responses read in keyset batches (ordered by response id), with their answers and
// organisations. Every export and the API's response listing read through here, so memory is
// bounded by the batch size however many responses a consultation has. Works on both drivers.
import { and, asc, count, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { answers, consultationVersions, organisations, questions, responses, sections, type OrganisationType, type QuestionType } from "../../db/schema";
import { answerToText, type QuestionDef } from "../questions/answers";

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
  consultationVersion: number | null;
  /** In question order; questions the response did not answer are absent. */
  answers: ExportAnswer[];
};

export const DEFAULT_BATCH_SIZE = 500;

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

/** One batch: submitted responses with ids after `after`, and their answers. */
export async function readResponseBatch(
  db: Db,
  filter: SourceFilter,
  questionList: ExportQuestion[],
  opts: { after?: string | null; limit?: number } = {},
): Promise<ExportResponse[]> {
  const limit = opts.limit ?? DEFAULT_BATCH_SIZE;
  const where: SQL[] = [eq(responses.consultationId, filter.consultationId), eq(responses.status, "submitted")];
  if (filter.organisationId) where.push(eq(responses.organisationId, filter.organisationId));
  if (opts.after) where.push(gt(responses.id, opts.after));
  const rows = await db
    .select({
      id: responses.id,
      reference: responses.reference,
      organisationId: responses.organisationId,
      organisationName: organisations.name,
      organisationType: organisations.type,
      revision: responses.revision,
      submittedAt: responses.submittedAt,
      consultationVersion: consultationVersions.version,
    })
    .from(responses)
    .innerJoin(organisations, eq(organisations.id, responses.organisationId))
    .leftJoin(consultationVersions, eq(consultationVersions.id, responses.consultationVersionId))
    .where(and(...where))
    .orderBy(asc(responses.id))
    .limit(limit);
  if (!rows.length) return [];
  const answerRows = await db
    .select({ responseId: answers.responseId, questionId: answers.questionId, value: answers.value, valueText: answers.valueText })
    .from(answers)
    .where(inArray(answers.responseId, rows.map((r) => r.id)));
  const byId = new Map(questionList.map((q, i) => [q.id, { q, i }]));
  const grouped = new Map<string, { i: number; a: ExportAnswer }[]>();
  for (const a of answerRows) {
    const known = byId.get(a.questionId);
    // An answer to a question no longer in the structure cannot be placed in a column; the
    // structure rules (issue 4) refuse deleting answered questions, so this is defensive.
    if (!known) continue;
    const text = a.valueText || answerToText(known.q, a.value);
    const list = grouped.get(a.responseId) ?? [];
    list.push({ i: known.i, a: { questionId: a.questionId, value: a.value, text } });
    grouped.set(a.responseId, list);
  }
  return rows.map((r) => ({
    ...r,
    answers: (grouped.get(r.id) ?? []).sort((x, y) => x.i - y.i).map((x) => x.a),
  }));
}

/** Every submitted response, batch by batch, without holding more than one batch. */
export async function* iterateResponses(
  db: Db,
  filter: SourceFilter,
  questionList: ExportQuestion[],
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<ExportResponse[]> {
  let after: string | null = null;
  for (;;) {
    const batch = await readResponseBatch(db, filter, questionList, { after, limit: batchSize });
    if (!batch.length) return;
    yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]!.id;
  }
}

/** How many submitted responses an export will hold (to decide between direct and background). */
export async function countSubmittedResponses(db: Db, filter: SourceFilter): Promise<number> {
  const where: SQL[] = [eq(responses.consultationId, filter.consultationId), eq(responses.status, "submitted")];
  if (filter.organisationId) where.push(eq(responses.organisationId, filter.organisationId));
  const [{ n }] = await db.select({ n: count() }).from(responses).where(and(...where));
  return n;
}

// The API's view of a question's analysis: its themes with counts, and one answer's tags read
// with an ETag and set with If-Match (a stale version is 412 with the stored tags).
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf, type Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { putAnswerTags, tagPassageAt, tagPassageByQuote } from "../analysis/bulk";
import { removePassageTag, type AnswerTagsState } from "../analysis/codeframe";
import { countThemes, getCodeframe, listAnswerTags } from "../analysis/queries";
import type { ConsultationAnswer } from "../analysis/schemas";
import { ConflictError, NotFoundError } from "../errors";
import type { apiAnswerTagsSchema, apiThemesSchema, postPassageBodySchema, putAnswerTagsBodySchema } from "./schemas";

export async function getThemesForApi(db: Db, actor: Actor, consultationId: string, questionId: string): Promise<z.infer<typeof apiThemesSchema>> {
  const frame = await getCodeframe(db, { consultationId, questionId }, actor);
  const { counts } = await countThemes(db, { consultationId, questionId }, actor);
  return {
    questionId,
    answered: frame.progress.answered,
    analysed: frame.progress.analysed,
    themes: frame.themes.map((t) => {
      const c = counts.find((x) => x.themeId === t.id);
      return {
        id: t.id,
        name: t.name,
        description: t.description,
        parentId: t.parentId,
        answers: c?.answers ?? 0,
        respondents: c?.respondents ?? 0,
        confirmed: t.confirmed,
        suggested: t.suggested,
        byOrganisationType: (c?.byType ?? {}) as Record<string, number>,
        byStage: c?.byStage ?? {},
      };
    }),
  };
}

function present(responseId: string, questionId: string, s: AnswerTagsState): z.infer<typeof apiAnswerTagsSchema> {
  return {
    responseId,
    questionId,
    version: s.version,
    analysed: s.analysed,
    tags: s.tags.map((t) => ({
      id: t.id,
      themeId: t.themeId,
      themeName: t.themeName,
      passage: t.passageStart === null || t.passageEnd === null ? null : { start: t.passageStart, end: t.passageEnd, text: t.passageText ?? "" },
      source: t.source as "manual",
      status: t.status as "confirmed",
    })),
  };
}

export async function getAnswerTagsForApi(db: Db, actor: Actor, consultationId: string, questionId: string, responseId: string) {
  const map = await listAnswerTags(db, { consultationId, questionId, responseIds: [responseId] }, actor);
  const state = map.get(responseId);
  // Only an answer that exists: listAnswerTags gives a blank state for any id.
  const found = await rowsOf<unknown>(db,
    sql`select 1 from answers a join responses r on r.id = a.response_id where a.response_id = ${responseId} and a.question_id = ${questionId} and r.consultation_id = ${consultationId}`,
  );
  const exists = found[0];
  if (!state || !exists) throw new NotFoundError("Answer");
  return present(responseId, questionId, state);
}

export async function putAnswerTagsForApi(
  db: Db,
  actor: Actor,
  input: { consultationId: string; questionId: string; responseId: string; ifMatch: number; body: z.infer<typeof putAnswerTagsBodySchema> },
) {
  try {
    const saved = await putAnswerTags(db, { consultationId: input.consultationId, questionId: input.questionId, responseId: input.responseId, themeIds: input.body.themeIds, analysed: input.body.analysed, baseVersion: input.ifMatch }, actor);
    return present(input.responseId, input.questionId, saved);
  } catch (e) {
    // The stored tags in the API's own shape (details.current), as GET gives them.
    if (e instanceof ConflictError) throw new ConflictError(e.message, present(input.responseId, input.questionId, e.current as AnswerTagsState));
    throw e;
  }
}

/**
 * Tag a passage of an answer with a theme, named by its words or its offsets (POST …/tags/passages).
 * It only adds, so it needs no If-Match; a passage tagged already is left as it is.
 */
export async function tagPassageForApi(db: Db, actor: Actor, input: ConsultationAnswer & { body: z.infer<typeof postPassageBodySchema> }) {
  const { body, ...at } = input;
  const saved =
    body.quote !== undefined
      ? await tagPassageByQuote(db, { ...at, themeId: body.themeId, quote: body.quote }, actor)
      : await tagPassageAt(db, { ...at, themeId: body.themeId, start: body.start!, end: body.end! }, actor);
  return present(input.responseId, input.questionId, saved);
}

/** Remove one tagged passage of an answer (DELETE …/tags/passages/{tagId}): 404 if the answer has no such passage (any more). */
export async function removePassageForApi(db: Db, actor: Actor, input: ConsultationAnswer & { tagId: string }) {
  const { state, removed } = await removePassageTag(db, input, actor);
  if (!removed) throw new NotFoundError("Passage");
  return present(input.responseId, input.questionId, state);
}

// The API's view of a question's analysis: its themes with counts, and one answer's tags read
// with an ETag and set with If-Match (a stale version is 412 with the stored tags).
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf, type Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { putAnswerTags } from "../analysis/bulk";
import type { AnswerTagsState } from "../analysis/codeframe";
import { countThemes, getCodeframe, listAnswerTags } from "../analysis/queries";
import { ConflictError, NotFoundError } from "../errors";
import type { apiAnswerTagsSchema, apiThemesSchema, putAnswerTagsBodySchema } from "./schemas";

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

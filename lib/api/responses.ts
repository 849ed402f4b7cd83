// The API's reads of partner responses: cursor pages of submitted responses (from the export
// reader, so the API and the CSV agree) and one response by id (lib/responses decides access).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { consultationVersions, organisations, responses } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { readResponseBatch, loadExportQuestions } from "../exports/responses-source";
import { resolveResponsesScope } from "../exports/scope";
import { getResponseForActor } from "../responses/queries";
import { ApiError } from "./errors";
import { decodeCursor, encodeCursor, presentResponse } from "./present";
import type { listResponsesQuerySchema, responseSchema } from "./schemas";

export async function listResponsesForApi(db: Db, actor: Actor, consultationId: string, query: z.infer<typeof listResponsesQuerySchema>) {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw new ApiError("bad_request", "The cursor is not valid: use nextCursor from the previous page", [{ path: "cursor", message: "Not a cursor this API issued" }]);
  }
  const { filter } = await resolveResponsesScope(db, consultationId, actor);
  const questionList = await loadExportQuestions(db, consultationId);
  const byId = new Map(questionList.map((q) => [q.id, q]));
  const rows = await readResponseBatch(db, filter, questionList, { after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => presentResponse(r, consultationId, byId)),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

export async function getResponseForApi(db: Db, actor: Actor, responseId: string): Promise<z.infer<typeof responseSchema>> {
  const r = await getResponseForActor(db, responseId, actor);
  const [extra] = await db
    .select({
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationType: organisations.type,
      submittedAt: responses.submittedAt,
      consultationVersion: consultationVersions.version,
    })
    .from(responses)
    .innerJoin(organisations, eq(organisations.id, responses.organisationId))
    .leftJoin(consultationVersions, eq(consultationVersions.id, responses.consultationVersionId))
    .where(eq(responses.id, r.id));
  const questionList = await loadExportQuestions(db, r.consultationId);
  return {
    id: r.id,
    consultationId: r.consultationId,
    reference: r.reference,
    status: r.status,
    revision: r.revision,
    submittedAt: extra!.submittedAt ? new Date(extra!.submittedAt).toISOString() : null,
    consultationVersion: extra!.consultationVersion,
    organisation: { id: extra!.organisationId, name: extra!.organisationName, type: extra!.organisationType },
    answers: questionList
      .filter((q) => r.answers.has(q.id))
      .map((q) => {
        const a = r.answers.get(q.id)!;
        return { questionId: q.id, questionNumber: q.number, value: a.value, text: a.valueText };
      }),
  };
}

// The council's answer set as it is signed: every question of the consultation in position
// order with the draft answer's text, and its SHA-256 (lib/drafts/canonical.ts).
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { draftAnswers, questions, type DraftStatus } from "../../db/schema";
import { hashAnswerSet, type AnswerSetInput } from "./canonical";

export type AnswerSetRow = { questionId: string; number: string; text: string; status: DraftStatus; draftId: string | null; version: number };

/** Without a permission check: callers have checked it (sign-off, verification, exports). */
export async function loadAnswerSet(db: Db, consultationId: string): Promise<AnswerSetRow[]> {
  const rows = await db
    .select({
      questionId: questions.id,
      number: questions.number,
      text: draftAnswers.text,
      status: draftAnswers.status,
      draftId: draftAnswers.id,
      version: draftAnswers.version,
    })
    .from(questions)
    .leftJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
    .where(eq(questions.consultationId, consultationId))
    .orderBy(asc(questions.position), asc(questions.id));
  return rows.map((r) => ({ ...r, text: r.text ?? "", status: r.status ?? "not_started", version: r.version ?? 0 }));
}

export function answerSetHash(consultationId: string, answerSetVersion: number, rows: AnswerSetRow[]): string {
  const input: AnswerSetInput = {
    consultationId,
    answerSetVersion,
    answers: rows.map((r) => ({ questionId: r.questionId, number: r.number, text: r.text })),
  };
  return hashAnswerSet(input);
}

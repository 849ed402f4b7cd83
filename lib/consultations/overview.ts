// Figures for the officer's overview of one consultation.
import { and, count, eq, isNotNull, max } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { answers, consultationVersions, invitations, questions, responses, sections } from "../../db/schema";

export async function consultationCounts(db: Db, consultationId: string) {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const [chapterCount, questionCount, invited, opened, drafting, submitted, latest] = await readTogether(db, [
    () => n(db.select({ n: count() }).from(sections).where(eq(sections.consultationId, consultationId))),
    () => n(db.select({ n: count() }).from(questions).where(eq(questions.consultationId, consultationId))),
    () => n(db.select({ n: count() }).from(invitations).where(eq(invitations.consultationId, consultationId))),
    () => n(db.select({ n: count() }).from(invitations).where(and(eq(invitations.consultationId, consultationId), isNotNull(invitations.openedAt)))),
    () => n(db.select({ n: count() }).from(responses).where(and(eq(responses.consultationId, consultationId), eq(responses.status, "draft")))),
    () => n(db.select({ n: count() }).from(responses).where(and(eq(responses.consultationId, consultationId), eq(responses.status, "submitted")))),
    () => db.select({ v: max(consultationVersions.publishedAt) }).from(consultationVersions).where(eq(consultationVersions.consultationId, consultationId)),
  ]);
  const invitedOrgs = await db
    .selectDistinct({ id: invitations.organisationId })
    .from(invitations)
    .where(eq(invitations.consultationId, consultationId));
  return {
    chapters: chapterCount,
    questions: questionCount,
    invited,
    invitedOrganisations: invitedOrgs.length,
    opened,
    drafting,
    submitted,
    lastPublishedAt: latest[0]?.v ?? null,
  };
}

/** How many answers each question of the consultation has, for the editor's warnings. */
export async function answerCountsByQuestion(db: Db, consultationId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ questionId: answers.questionId, n: count() })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(questions.consultationId, consultationId))
    .groupBy(answers.questionId);
  return new Map(rows.map((r) => [r.questionId, r.n]));
}

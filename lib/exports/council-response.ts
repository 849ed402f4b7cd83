// The council's response as a document model: title, addressee and deadline, then per chapter
// and sub-heading each question and the council's answer, then who signed it off. The DOCX,
// HTML and PDF renderers all draw this one model, so the three always say the same thing.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, draftAnswers, organisations, questions, sections, signOffs, users } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { shownName } from "../audit/erased";

export type DocQuestion = { number: string; question: string; answer: string };
export type DocGroup = { subheading: string | null; questions: DocQuestion[] };
export type DocChapter = { title: string; description: string; groups: DocGroup[] };

export type SignOffBlock = {
  approvedBy: string;
  approvedAt: Date;
  hash: string;
  answerSetVersion: number;
  note: string;
};

export type CouncilResponseDoc = {
  consultationId: string;
  slug: string;
  title: string;
  councilName: string;
  askedBy: string | null;
  responseDeadline: string | null;
  /** "draft" until a signatory has approved this version of the answers. */
  status: "draft" | "signed_off";
  chapters: DocChapter[];
  signOff: SignOffBlock | null;
  generatedAt: Date;
};

/** Consecutive questions under the same sub-heading form one group, in question order. */
export function groupBySubheading<T extends { subheading: string | null }>(items: T[]): { subheading: string | null; items: T[] }[] {
  const groups: { subheading: string | null; items: T[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.subheading === item.subheading) last.items.push(item);
    else groups.push({ subheading: item.subheading, items: [item] });
  }
  return groups;
}

export async function loadConsultationForExport(db: Db, consultationId: string) {
  const [c] = await db
    .select({ consultation: consultations, councilName: organisations.name })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.ownerOrganisationId))
    .where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  return c;
}

/** The approval in force: the latest approval of the current answer-set version, not reopened. */
export async function currentApproval(db: Db, consultationId: string, answerSetVersion: number) {
  const [row] = await db
    .select({
      decidedAt: signOffs.decidedAt,
      hash: signOffs.hash,
      note: signOffs.note,
      answerSetVersion: signOffs.answerSetVersion,
      decidedByName: shownName(),
    })
    .from(signOffs)
    .innerJoin(users, eq(users.id, signOffs.decidedBy))
    .where(
      and(
        eq(signOffs.consultationId, consultationId),
        eq(signOffs.answerSetVersion, answerSetVersion),
        eq(signOffs.decision, "approved"),
        isNull(signOffs.reopenedAt),
      ),
    )
    .orderBy(desc(signOffs.decidedAt))
    .limit(1);
  return row ?? null;
}

export async function loadCouncilResponse(db: Db, consultationId: string, actor: Actor, now = new Date()): Promise<CouncilResponseDoc> {
  const { consultation: c, councilName } = await loadConsultationForExport(db, consultationId);
  authorize(actor, "draft_answer.read", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const secs = await db.select().from(sections).where(eq(sections.consultationId, c.id)).orderBy(asc(sections.position));
  const rows = await db
    .select({
      sectionId: questions.sectionId,
      number: questions.number,
      subheading: questions.subheading,
      question: questions.text,
      answer: draftAnswers.text,
    })
    .from(questions)
    .leftJoin(draftAnswers, eq(draftAnswers.questionId, questions.id))
    .where(eq(questions.consultationId, c.id))
    .orderBy(asc(questions.position));
  const approval = c.answerSetStatus === "signed_off" ? await currentApproval(db, c.id, c.answerSetVersion) : null;
  return {
    consultationId: c.id,
    slug: c.slug,
    title: c.title,
    councilName,
    askedBy: c.askedBy,
    responseDeadline: c.responseDeadline,
    status: approval ? "signed_off" : "draft",
    chapters: secs.map((s) => ({
      title: s.title,
      description: s.description,
      groups: groupBySubheading(rows.filter((r) => r.sectionId === s.id)).map((g) => ({
        subheading: g.subheading,
        questions: g.items.map((r) => ({ number: r.number, question: r.question, answer: r.answer ?? "" })),
      })),
    })),
    signOff:
      approval && approval.hash
        ? {
            approvedBy: approval.decidedByName ?? "A signatory",
            approvedAt: approval.decidedAt,
            hash: approval.hash,
            answerSetVersion: approval.answerSetVersion,
            note: approval.note,
          }
        : null,
    generatedAt: now,
  };
}

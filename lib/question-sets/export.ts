// Export a consultation's structure as a question-set document (the format in schema.ts):
// what import.ts reads back, so export → import → export gives the same document.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { draftAnswers } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { ukDate } from "../consultations/dates";
import { getConsultation, getStructure } from "../consultations/queries";
import { NotFoundError } from "../errors";
import { QUESTION_SET_FORMAT, QUESTION_SET_FORMAT_VERSION, type QuestionSet } from "./schema";

/** Leave out empty values, so a field is either meaningful or absent. */
function present<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => {
      if (v === undefined || v === null || v === "") return false;
      if (Array.isArray(v)) return v.length > 0;
      if (typeof v === "object") return Object.keys(v as object).length > 0;
      return true;
    }),
  ) as T;
}

export async function exportQuestionSet(db: Db, consultationId: string, actor: Actor): Promise<QuestionSet> {
  const c = await getConsultation(db, consultationId);
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  const { stages, chapters } = await getStructure(db, consultationId);
  const drafts =
    c.kind === "consultation_to_answer"
      ? new Map(
          (await db.select({ questionId: draftAnswers.questionId, text: draftAnswers.text }).from(draftAnswers).where(eq(draftAnswers.consultationId, c.id))).map(
            (d) => [d.questionId, d.text],
          ),
        )
      : new Map<string, string>();
  return {
    format: QUESTION_SET_FORMAT,
    formatVersion: QUESTION_SET_FORMAT_VERSION,
    ...present({
      title: c.title,
      summary: c.summary,
      kind: c.kind,
      askedBy: c.askedBy,
      responseDeadline: c.responseDeadline,
      opensOn: ukDate(c.opensAt),
      closesOn: ukDate(c.closesAt),
      audienceDescription: c.audienceDescription,
      privacyNotice: c.privacyNotice,
    }),
    stages: stages.map((s) => present({ name: s.name, description: s.description, startsOn: s.startsOn, dueOn: s.dueOn })),
    chapters: chapters.map((ch) => ({
      ...present({ title: ch.title, description: ch.description }),
      questions: ch.questions.map((q) => ({
        ...present({
          number: q.number,
          subheading: q.subheading,
          type: q.type,
          text: q.text,
          hint: q.hint,
        }),
        required: q.required,
        ...present({
          options: q.options,
          limits: q.limits,
          showIf: q.showIf,
          draftAnswer: drafts.get(q.id),
        }),
      })),
    })),
  } as QuestionSet;
}

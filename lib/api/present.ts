// Database rows → the API's JSON shapes (schemas.ts). Dates become ISO 8601 strings here, in
// one place, whichever driver produced them.
import type { z } from "zod";
import type { Consultation, Organisation, Question, Section, Stage } from "../../db/schema";
import { ukDate } from "../consultations/dates";
import { currentStage } from "../consultations/stages";
import type { ExportQuestion, ExportResponse } from "../exports/responses-source";
import type { chapterSchema, consultationSchema, consultationSummarySchema, questionSchema, responseSchema } from "./schemas";

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

type Owner = Pick<Organisation, "id" | "name" | "type">;

export function presentConsultationSummary(c: Consultation, owner: Owner): z.infer<typeof consultationSummarySchema> {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    kind: c.kind,
    status: c.status,
    askedBy: c.askedBy,
    responseDeadline: c.responseDeadline,
    opensAt: iso(c.opensAt),
    closesAt: iso(c.closesAt),
    owner: { id: owner.id, name: owner.name, type: owner.type },
    publishedVersion: c.publishedVersion,
    // A questionnaire has no council answer, whatever the column holds (the screens say "Not needed").
    answerSetStatus: c.kind === "questionnaire" ? "not_applicable" : c.answerSetStatus,
  };
}

export function presentQuestion(q: Question): z.infer<typeof questionSchema> {
  return {
    id: q.id,
    number: q.number,
    subheading: q.subheading,
    type: q.type,
    text: q.text,
    hint: q.hint,
    required: q.required,
    options: q.options ?? [],
    limits: (q.limits ?? {}) as Record<string, number>,
    showIf: q.showIf ?? null,
  };
}

export function presentConsultation(
  c: Consultation,
  owner: Owner,
  structure: { stages: Stage[]; chapters: (Section & { questions: Question[] })[] },
  now: Date = new Date(),
): z.infer<typeof consultationSchema> {
  return {
    ...presentConsultationSummary(c, owner),
    audienceDescription: c.audienceDescription,
    privacyNotice: c.privacyNotice,
    publishResponses: c.publishResponses,
    stages: structure.stages.map((s) => ({ name: s.name, description: s.description, startsOn: s.startsOn, dueOn: s.dueOn })),
    currentStage: currentStage(structure.stages, ukDate(now)!)?.label ?? null,
    chapters: structure.chapters.map(
      (ch): z.infer<typeof chapterSchema> => ({
        id: ch.id,
        title: ch.title,
        description: ch.description,
        subheadings: [...new Set(ch.questions.map((q) => q.subheading).filter((s): s is string => Boolean(s)))],
        questions: ch.questions.map(presentQuestion),
      }),
    ),
  };
}

export function presentResponse(r: ExportResponse, consultationId: string, questionsById: ReadonlyMap<string, Pick<ExportQuestion, "number">>): z.infer<typeof responseSchema> {
  return {
    id: r.id,
    consultationId,
    reference: r.reference,
    status: "submitted",
    revision: r.revision,
    submittedAt: iso(r.submittedAt),
    consultationVersion: r.consultationVersion,
    organisation: { id: r.organisationId, name: r.organisationName, type: r.organisationType },
    answers: r.answers.map((a) => ({ questionId: a.questionId, questionNumber: questionsById.get(a.questionId)?.number ?? "", value: a.value, text: a.text })),
  };
}

/** Cursors are opaque to callers: the last response id, base64url-encoded. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`r:${lastId}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string | null {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^r:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(raw);
  return m ? m[1]! : null;
}

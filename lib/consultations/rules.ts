// The rules a consultation's structure must keep, as pure functions of its data: show-if
// conditions point back to earlier questions with answers those questions can give, and a
// consultation is ready to publish only with its dates in order and every chapter filled.
import type { ConsultationKind, QuestionLimits, QuestionType, ShowIf } from "../../db/schema/consultations";
import { QUESTION_TYPE_LABELS, questionSettingProblems, routingValuesFor } from "./schemas";

export type RuleQuestion = {
  id: string;
  number: string;
  type: QuestionType;
  text?: string;
  options: string[];
  limits?: QuestionLimits;
  showIf: ShowIf | null;
  sectionId?: string;
};

export type Problem = { key: string; message: string; questionId?: string; sectionId?: string; field?: string };

/** Every broken show-if in `ordered` (questions in the order a respondent meets them). */
export function showIfProblems(ordered: readonly RuleQuestion[]): Problem[] {
  const problems: Problem[] = [];
  const index = new Map(ordered.map((q, i) => [q.number, i]));
  ordered.forEach((q, i) => {
    if (!q.showIf) return;
    const refNumber = q.showIf.questionNumber;
    const at = index.get(refNumber);
    const key = `showif-${q.id}`;
    if (at === undefined) {
      problems.push({ key, questionId: q.id, message: `Question ${q.number} is shown only after an answer to question ${refNumber}, but there is no question ${refNumber}` });
      return;
    }
    if (at >= i) {
      problems.push({ key, questionId: q.id, message: `Question ${q.number} depends on the answer to question ${refNumber}, so question ${refNumber} must come before it` });
      return;
    }
    const ref = ordered[at];
    const allowed = routingValuesFor(ref);
    if (allowed === "none") {
      problems.push({
        key,
        questionId: q.id,
        message: `Question ${q.number} depends on question ${refNumber}, a ${QUESTION_TYPE_LABELS[ref.type].toLowerCase()} question; show-if needs a choice, agreement scale, yes or no, RAG status or number question`,
      });
      return;
    }
    for (const value of q.showIf.equals) {
      if (allowed === null ? !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) : !allowed.includes(value)) {
        problems.push({
          key,
          questionId: q.id,
          message:
            allowed === null
              ? `Question ${q.number} is shown if question ${refNumber} is “${value}”, but question ${refNumber} takes a number`
              : `Question ${q.number} is shown if question ${refNumber} is “${value}”, but that is not an answer question ${refNumber} offers`,
        });
        return;
      }
    }
  });
  return problems;
}

/** Problems present in `after` that were not in `before`: what a change would break. */
export function introducedProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const had = new Set(before.map((p) => p.message));
  return after.filter((p) => !had.has(p.message));
}

export type PublishCheckInput = {
  kind: ConsultationKind;
  askedBy: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  chapters: { id: string; title: string; questions: RuleQuestion[] }[];
};

/** What stops a consultation being published, each with where to fix it. Empty when ready. */
export function publishProblems(c: PublishCheckInput, now = new Date()): Problem[] {
  const problems: Problem[] = [];
  if (!c.opensAt) problems.push({ key: "opensOn", field: "opensOn", message: "Enter an opening date" });
  if (!c.closesAt) problems.push({ key: "closesOn", field: "closesOn", message: "Enter a closing date" });
  if (c.opensAt && c.closesAt && c.closesAt <= c.opensAt) {
    problems.push({ key: "closesOn", field: "closesOn", message: "The closing date must be after the opening date" });
  } else if (c.closesAt && c.closesAt <= now) {
    problems.push({ key: "closesOn", field: "closesOn", message: "The closing date has passed; choose a later one" });
  }
  if (c.kind === "consultation_to_answer" && !c.askedBy) {
    problems.push({ key: "askedBy", field: "askedBy", message: "Enter who is asking, for example ODPM" });
  }
  if (!c.chapters.length) problems.push({ key: "chapters", message: "Add a chapter and at least one question" });
  c.chapters.forEach((ch, i) => {
    if (!ch.questions.length) {
      problems.push({ key: `chapter-${ch.id}`, sectionId: ch.id, message: `Chapter ${i + 1}, “${ch.title}”, has no questions: add one or delete the chapter` });
    }
  });
  const ordered = c.chapters.flatMap((ch) => ch.questions);
  for (const q of ordered) {
    // The editor's and the import's own rules, again: a question stored before they existed (or
    // written some other way) must not be published with settings no answer can pass.
    for (const p of questionSettingProblems({ type: q.type, options: q.options, limits: q.limits ?? {} })) {
      const key = `${p.field === "options" ? "options" : `limits-${p.field}`}-${q.id}`;
      if (p.field === "options" && p.message.startsWith("Enter at least 2")) {
        problems.push({ key, questionId: q.id, message: `Question ${q.number} is a ${QUESTION_TYPE_LABELS[q.type].toLowerCase()} question: give it at least 2 options` });
      } else {
        problems.push({ key, questionId: q.id, message: `Question ${q.number}: ${p.message.charAt(0).toLowerCase()}${p.message.slice(1)}` });
      }
    }
  }
  problems.push(...showIfProblems(ordered));
  return problems;
}

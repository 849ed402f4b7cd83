// Show-if routing and whole-response validation, as pure functions of (questions, answers).
// Which questions a person sees decides which are required and which answers are kept.
import { answerSchema, type AnswerValue, type QuestionDef } from "./answers";

type Lookup<T> = Readonly<Record<string, T>> | ReadonlyMap<string, T>;

function get<T>(lookup: Lookup<T>, key: string): T | undefined {
  if (lookup instanceof Map) return lookup.get(key);
  const record = lookup as Readonly<Record<string, T>>;
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * The values of an answer a show-if can match: the choice itself, a multiple choice's every
 * ticked option, yes/no's answer, a RAG status, a number as written. For a ranking only the
 * top-ranked option counts, since "show if X is the priority" is the one reading that makes
 * sense of an ordered list.
 */
function routingValues(ref: QuestionDef, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return [value];
  if (typeof value === "number") return Number.isFinite(value) ? [String(value)] : [];
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === "string");
    return ref.type === "ranking" ? strings.slice(0, 1) : strings;
  }
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    const key = ref.type === "rag_status" ? v.status : v.answer;
    return typeof key === "string" ? [key] : [];
  }
  return [];
}

/**
 * A question with a show-if is visible only when the question it refers to is itself visible
 * and that question's answer is one of `equals`. A reference to a question that does not exist
 * (or a loop of references, which the importer refuses) can never be satisfied, so it hides.
 * `answersByNumber` should hold canonical values (as `parseAnswer` returns them).
 */
export function isQuestionVisible(
  q: QuestionDef,
  answersByNumber: Lookup<unknown>,
  questionsByNumber: Lookup<QuestionDef>,
  seen: ReadonlySet<string> = new Set(),
): boolean {
  if (!q.showIf) return true;
  if (seen.has(q.number)) return false;
  const ref = get(questionsByNumber, q.showIf.questionNumber);
  if (!ref) return false;
  if (!isQuestionVisible(ref, answersByNumber, questionsByNumber, new Set([...seen, q.number]))) return false;
  const equals = q.showIf.equals;
  return routingValues(ref, get(answersByNumber, ref.number)).some((v) => equals.includes(v));
}

export type ValidateOptions = {
  /**
   * False when saving a draft to come back to: an unanswered required question is not an
   * error yet, but a forged or over-long answer still is. Defaults to true (submitting).
   */
  requireAnswers?: boolean;
};

export type ResponseValidation = {
  valid: boolean;
  /** Question id → the message to show beside it and in the error summary. */
  errors: Record<string, string>;
  /** Question id → canonical value, for visible questions answered validly; the rest dropped. */
  prunedAnswers: Record<string, AnswerValue>;
  /** Ids of the questions the person sees, in question order. */
  visibleQuestionIds: string[];
};

/**
 * Walks the questions in order so that routing only ever sees answers to earlier questions,
 * each parsed first: a show-if compares canonical values, and an invalid answer routes nowhere.
 */
function walk(questions: readonly QuestionDef[], answersByQuestionId: Lookup<unknown>, options: ValidateOptions): ResponseValidation {
  const requireAnswers = options.requireAnswers ?? true;
  const questionsByNumber = new Map(questions.map((q) => [q.number, q]));
  const answersByNumber = new Map<string, AnswerValue>();
  const result: ResponseValidation = { valid: true, errors: {}, prunedAnswers: {}, visibleQuestionIds: [] };
  for (const q of questions) {
    if (!isQuestionVisible(q, answersByNumber, questionsByNumber)) continue;
    result.visibleQuestionIds.push(q.id);
    const schema = answerSchema(q, { optional: !requireAnswers });
    const parsed = schema.safeParse(get(answersByQuestionId, q.id));
    if (!parsed.success) {
      result.valid = false;
      result.errors[q.id] = parsed.error.issues[0]?.message ?? `Check your answer to question ${q.number}`;
      continue;
    }
    if (parsed.data !== null) {
      answersByNumber.set(q.number, parsed.data);
      result.prunedAnswers[q.id] = parsed.data;
    }
  }
  return result;
}

/** The questions a person sees given their answers so far, in the order given. */
export function visibleQuestions(questions: readonly QuestionDef[], answersByQuestionId: Lookup<unknown>): QuestionDef[] {
  const visible = new Set(walk(questions, answersByQuestionId, { requireAnswers: false }).visibleQuestionIds);
  return questions.filter((q) => visible.has(q.id));
}

/**
 * Validates every visible question's answer (raw or canonical). Hidden questions are never
 * required and their answers are dropped, so a changed earlier answer cannot leave behind
 * answers to questions the person no longer sees.
 */
export function validateResponse(
  questions: readonly QuestionDef[],
  answersByQuestionId: Lookup<unknown>,
  options: ValidateOptions = {},
): ResponseValidation {
  return walk(questions, answersByQuestionId, options);
}

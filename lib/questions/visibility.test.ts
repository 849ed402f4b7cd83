import { describe, expect, it } from "vitest";
import type { QuestionDef } from "./answers";
import { FIXTURE_QUESTIONS, QUESTION_OF_TYPE as Q, VALID_ANSWER_OF_TYPE as VALID } from "./fixtures";
import { isQuestionVisible, validateResponse, visibleQuestions } from "./visibility";

let nextId = 0;
function q(number: string, partial: Partial<QuestionDef> = {}): QuestionDef {
  nextId += 1;
  return {
    id: `id-${number}-${nextId}`,
    number,
    type: "long_text",
    text: `Question ${number}`,
    hint: "",
    required: false,
    options: [],
    limits: {},
    showIf: null,
    ...partial,
  };
}
const byNumber = (qs: QuestionDef[]) => new Map(qs.map((x) => [x.number, x]));
const numbers = (qs: QuestionDef[]) => qs.map((x) => x.number);

describe("isQuestionVisible", () => {
  const sector = q("1", { type: "single_choice", options: ["Police", "Health", "Business"] });
  const police = q("2", { showIf: { questionNumber: "1", equals: ["Police"] } });
  const questions = byNumber([sector, police]);

  it("shows a question without a show-if", () => {
    expect(isQuestionVisible(sector, {}, questions)).toBe(true);
  });

  it("shows a question when the earlier answer is one of equals", () => {
    expect(isQuestionVisible(police, { "1": "Police" }, questions)).toBe(true);
    expect(isQuestionVisible(police, new Map([["1", "Police"]]), questions)).toBe(true);
  });

  it("hides it when the earlier answer differs or is missing", () => {
    expect(isQuestionVisible(police, { "1": "Health" }, questions)).toBe(false);
    expect(isQuestionVisible(police, {}, questions)).toBe(false);
  });

  it("hides a question whose show-if refers to a question that does not exist", () => {
    const orphan = q("3", { showIf: { questionNumber: "99", equals: ["Yes"] } });
    expect(isQuestionVisible(orphan, { "99": "Yes" }, questions)).toBe(false);
  });

  it("does not loop on a cycle of show-ifs", () => {
    const a = q("a", { type: "short_text", showIf: { questionNumber: "b", equals: ["x"] } });
    const b = q("b", { type: "short_text", showIf: { questionNumber: "a", equals: ["x"] } });
    expect(isQuestionVisible(a, { a: "x", b: "x" }, byNumber([a, b]))).toBe(false);
  });

  it("matches yes/no on its answer and RAG on its status", () => {
    const yn = q("1", { type: "yes_no" });
    const rag = q("2", { type: "rag_status" });
    const why = q("3", { showIf: { questionNumber: "1", equals: ["No"] } });
    const recovery = q("4", { showIf: { questionNumber: "2", equals: ["Red", "Amber"] } });
    const qs = byNumber([yn, rag, why, recovery]);
    expect(isQuestionVisible(why, { "1": { answer: "No", explanation: "" } }, qs)).toBe(true);
    expect(isQuestionVisible(why, { "1": { answer: "Yes", explanation: "No" } }, qs)).toBe(false);
    expect(isQuestionVisible(recovery, { "2": { status: "Amber", commentary: "" } }, qs)).toBe(true);
    expect(isQuestionVisible(recovery, { "2": { status: "Green", commentary: "Red" } }, qs)).toBe(false);
  });

  it("matches a multiple choice when any ticked option is one of equals", () => {
    const themes = q("1", { type: "multiple_choice", options: ["Economy", "Housing", "Environment"] });
    const housing = q("2", { showIf: { questionNumber: "1", equals: ["Housing", "Environment"] } });
    const qs = byNumber([themes, housing]);
    expect(isQuestionVisible(housing, { "1": ["Economy", "Environment"] }, qs)).toBe(true);
    expect(isQuestionVisible(housing, { "1": ["Economy"] }, qs)).toBe(false);
    expect(isQuestionVisible(housing, { "1": [] }, qs)).toBe(false);
  });

  it("matches a ranking on its top-ranked option only", () => {
    const rank = q("1", { type: "ranking", options: ["Economy", "Housing"] });
    const follow = q("2", { showIf: { questionNumber: "1", equals: ["Housing"] } });
    const qs = byNumber([rank, follow]);
    expect(isQuestionVisible(follow, { "1": ["Housing", "Economy"] }, qs)).toBe(true);
    expect(isQuestionVisible(follow, { "1": ["Economy", "Housing"] }, qs)).toBe(false);
  });
});

describe("visibleQuestions", () => {
  // 1 yes/no → 2 (if Yes) single choice → 3 (if Police) → 4 (if 3 answered "Urgent"); 5 always.
  const q1 = q("1", { type: "yes_no", required: true });
  const q2 = q("2", { type: "single_choice", options: ["Police", "Health"], required: true, showIf: { questionNumber: "1", equals: ["Yes"] } });
  const q3 = q("3", { type: "single_choice", options: ["Urgent", "Routine"], required: true, showIf: { questionNumber: "2", equals: ["Police"] } });
  const q4 = q("4", { required: true, showIf: { questionNumber: "3", equals: ["Urgent"] } });
  const q5 = q("5", { type: "short_text" });
  const chain = [q1, q2, q3, q4, q5];

  it("follows a chain of show-ifs all the way down", () => {
    const answers = {
      [q1.id]: { answer: "Yes", explanation: "" },
      [q2.id]: "Police",
      [q3.id]: "Urgent",
    };
    expect(numbers(visibleQuestions(chain, answers))).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("hides the rest of the chain when an earlier link hides, whatever later answers say", () => {
    const answers = {
      [q1.id]: { answer: "No", explanation: "" },
      [q2.id]: "Police",
      [q3.id]: "Urgent",
    };
    expect(numbers(visibleQuestions(chain, answers))).toEqual(["1", "5"]);
  });

  it("stops the chain at the first answer that does not match", () => {
    const answers = { [q1.id]: { answer: "Yes", explanation: "" }, [q2.id]: "Health", [q3.id]: "Urgent" };
    expect(numbers(visibleQuestions(chain, answers))).toEqual(["1", "2", "5"]);
  });

  it("routes on raw form values once parsed", () => {
    const answers = { [q1.id]: { answer: "Yes", explanation: "\r\n" }, [q2.id]: "Police" };
    expect(numbers(visibleQuestions(chain, answers))).toEqual(["1", "2", "3", "5"]);
  });

  it("does not route on an invalid (forged) answer", () => {
    const answers = { [q1.id]: { answer: "Yes", explanation: "" }, [q2.id]: "Police ", [q3.id]: "Urgent" };
    expect(numbers(visibleQuestions(chain, answers))).toEqual(["1", "2", "5"]);
  });

  it("never routes on a later question's answer", () => {
    const later = q("6", { type: "single_choice", options: ["Go"] });
    const early = q("0", { showIf: { questionNumber: "6", equals: ["Go"] } });
    expect(numbers(visibleQuestions([early, later], { [later.id]: "Go" }))).toEqual(["6"]);
  });

  it("shows every fixture question when none has a show-if", () => {
    expect(visibleQuestions(FIXTURE_QUESTIONS, {})).toEqual(FIXTURE_QUESTIONS);
  });
});

describe("validateResponse", () => {
  const sector = q("1", { type: "single_choice", options: ["Police", "Health"], required: true });
  const policeOnly = q("2", { type: "long_text", required: true, showIf: { questionNumber: "1", equals: ["Police"] } });
  const comments = q("3", { type: "long_text" });
  const questions = [sector, policeOnly, comments];

  it("does not require a hidden required question", () => {
    const result = validateResponse(questions, { [sector.id]: "Health" });
    expect(result).toEqual({
      valid: true,
      errors: {},
      prunedAnswers: { [sector.id]: "Health" },
      visibleQuestionIds: [sector.id, comments.id],
    });
  });

  it("requires it once it shows", () => {
    const result = validateResponse(questions, { [sector.id]: "Police" });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual({ [policeOnly.id]: "Enter your answer to question 2" });
  });

  it("drops answers to hidden questions, even invalid ones", () => {
    const result = validateResponse(questions, {
      [sector.id]: "Health",
      [policeOnly.id]: "x".repeat(2 * 1024 * 1024),
      [comments.id]: "Thanks",
    });
    expect(result.valid).toBe(true);
    expect(result.prunedAnswers).toEqual({ [sector.id]: "Health", [comments.id]: "Thanks" });
  });

  it("drops answers to questions that are not in the consultation", () => {
    const result = validateResponse(questions, { [sector.id]: "Health", "not-a-question": "hello" });
    expect(result.prunedAnswers).toEqual({ [sector.id]: "Health" });
  });

  it("stores canonical values and drops empty optional answers", () => {
    const result = validateResponse(questions, { [sector.id]: "Police", [policeOnly.id]: "a\r\nb", [comments.id]: "  " });
    expect(result.valid).toBe(true);
    expect(result.prunedAnswers).toEqual({ [sector.id]: "Police", [policeOnly.id]: "a\nb" });
  });

  it("reports every visible question's error, keyed by question id", () => {
    const result = validateResponse(questions, { [sector.id]: "Fire", [comments.id]: "x".repeat(10_001) });
    expect(result.errors).toEqual({
      [sector.id]: "Select one of the options offered for question 1",
      [comments.id]: "Answer to question 3 must be 10,000 characters or fewer",
    });
    // The forged answer routes nowhere, so question 2 is hidden rather than required.
    expect(result.visibleQuestionIds).toEqual([sector.id, comments.id]);
  });

  it("lets a draft be saved with required questions unanswered, but not with bad answers", () => {
    expect(validateResponse(questions, {}, { requireAnswers: false }).valid).toBe(true);
    const bad = validateResponse(questions, { [comments.id]: "x".repeat(10_001) }, { requireAnswers: false });
    expect(bad.errors).toEqual({ [comments.id]: "Answer to question 3 must be 10,000 characters or fewer" });
  });

  it("shows follow-ups for a multiple choice answer", () => {
    const themes = q("1", { type: "multiple_choice", options: ["Economy", "Housing", "Environment"], required: true });
    const housing = q("2", { type: "short_text", required: true, showIf: { questionNumber: "1", equals: ["Housing"] } });
    const environment = q("3", { type: "short_text", required: true, showIf: { questionNumber: "1", equals: ["Environment"] } });
    const qs = [themes, housing, environment];
    // Ticked from the form in any order; stored in option order.
    const result = validateResponse(qs, { [themes.id]: ["Housing", "Economy"] });
    expect(result.errors).toEqual({ [housing.id]: "Enter your answer to question 2" });
    expect(result.visibleQuestionIds).toEqual([themes.id, housing.id]);
    const done = validateResponse(qs, { [themes.id]: ["Housing", "Economy"], [housing.id]: "Affordable homes", [environment.id]: "dropped" });
    expect(done).toMatchObject({ valid: true, prunedAnswers: { [themes.id]: ["Economy", "Housing"], [housing.id]: "Affordable homes" } });
  });

  it("hides a chain's required questions when its first link is unanswered", () => {
    const yn = q("1", { type: "yes_no" });
    const why = q("2", { required: true, showIf: { questionNumber: "1", equals: ["No"] } });
    const detail = q("3", { required: true, showIf: { questionNumber: "2", equals: ["anything"] } });
    expect(validateResponse([yn, why, detail], {})).toMatchObject({ valid: true, visibleQuestionIds: [yn.id] });
  });

  it("accepts a full valid response to every fixture question", () => {
    const answers = Object.fromEntries(FIXTURE_QUESTIONS.map((x) => [x.id, VALID[x.type]]));
    const result = validateResponse(FIXTURE_QUESTIONS, answers);
    expect(result.valid).toBe(true);
    expect(result.prunedAnswers).toEqual(answers);
  });

  it("requires every fixture question when nothing is answered", () => {
    const result = validateResponse(FIXTURE_QUESTIONS, {});
    expect(Object.keys(result.errors)).toEqual(FIXTURE_QUESTIONS.map((x) => x.id));
    expect(result.errors[Q.rag_status.id]).toBe("Select a RAG status for question 1.1");
  });
});

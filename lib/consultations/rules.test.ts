// The structure rules: show-if conditions and the checks before publishing.
import { describe, expect, it } from "vitest";
import type { QuestionLimits, QuestionType } from "../../db/schema/consultations";
import { introducedProblems, publishProblems, showIfProblems, type RuleQuestion } from "./rules";

const q = (number: string, type: RuleQuestion["type"], extra: Partial<RuleQuestion> = {}): RuleQuestion => ({
  id: `q${number}`,
  number,
  type,
  options: [],
  showIf: null,
  ...extra,
});

describe("showIfProblems", () => {
  it("accepts a show-if on an earlier question's offered answer", () => {
    expect(showIfProblems([q("1", "yes_no"), q("2", "long_text", { showIf: { questionNumber: "1", equals: ["Yes"] } })])).toEqual([]);
    expect(
      showIfProblems([q("1", "single_choice", { options: ["A", "B"] }), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["B"] } })]),
    ).toEqual([]);
    expect(showIfProblems([q("1", "agreement_scale"), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["Disagree"] } })])).toEqual([]);
    expect(showIfProblems([q("1", "number"), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["0"] } })])).toEqual([]);
  });

  it("refuses a missing, later, free-text or impossible reference", () => {
    const messages = (list: RuleQuestion[]) => showIfProblems(list).map((p) => p.message);
    expect(messages([q("2", "short_text", { showIf: { questionNumber: "9", equals: ["Yes"] } })])).toEqual([
      "Question 2 is shown only after an answer to question 9, but there is no question 9",
    ]);
    expect(messages([q("2", "short_text", { showIf: { questionNumber: "3", equals: ["Yes"] } }), q("3", "yes_no")])).toEqual([
      "Question 2 depends on the answer to question 3, so question 3 must come before it",
    ]);
    expect(messages([q("1", "long_text"), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["x"] } })])[0]).toMatch(
      /a long text question; show-if needs a choice/,
    );
    expect(messages([q("1", "rag_status"), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["Blue"] } })])).toEqual([
      "Question 2 is shown if question 1 is “Blue”, but that is not an answer question 1 offers",
    ]);
    expect(messages([q("1", "number"), q("2", "short_text", { showIf: { questionNumber: "1", equals: ["lots"] } })])[0]).toMatch(/takes a number/);
  });

  it("tells which problems a change introduces", () => {
    const before = showIfProblems([q("2", "short_text", { showIf: { questionNumber: "9", equals: ["Yes"] } })]);
    const after = showIfProblems([q("1", "yes_no"), q("3", "short_text", { showIf: { questionNumber: "1", equals: ["Maybe"] } }), q("2", "short_text", { showIf: { questionNumber: "9", equals: ["Yes"] } })]);
    expect(introducedProblems(before, after).map((p) => p.questionId)).toEqual(["q3"]);
  });
});

describe("publishProblems", () => {
  const base = {
    kind: "questionnaire" as const,
    askedBy: null,
    opensAt: new Date("2026-01-01T00:00:00Z"),
    closesAt: new Date("2026-02-01T23:59:59Z"),
    chapters: [{ id: "c1", title: "One", questions: [q("1", "short_text")] }],
  };
  const now = new Date("2026-01-10T12:00:00Z");

  it("passes a consultation with dates in order and every chapter filled", () => {
    expect(publishProblems(base, now)).toEqual([]);
  });

  it("needs both dates, in order, and a closing date still to come", () => {
    expect(publishProblems({ ...base, opensAt: null, closesAt: null }, now).map((p) => p.message)).toEqual(["Enter an opening date", "Enter a closing date"]);
    expect(publishProblems({ ...base, closesAt: new Date("2025-12-01") }, now).map((p) => p.message)).toEqual(["The closing date must be after the opening date"]);
    expect(publishProblems({ ...base, closesAt: new Date("2026-01-05") }, now).map((p) => p.message)).toEqual(["The closing date has passed; choose a later one"]);
  });

  it("finds empty chapters, choice questions without options, and who is asking", () => {
    const problems = publishProblems(
      {
        ...base,
        kind: "consultation_to_answer",
        chapters: [
          { id: "c1", title: "One", questions: [q("1", "single_choice", { options: ["Only one"] }), q("2", "ranking")] },
          { id: "c2", title: "Two", questions: [] },
        ],
      },
      now,
    ).map((p) => p.message);
    expect(problems).toEqual([
      "Enter who is asking, for example ODPM",
      "Chapter 2, “Two”, has no questions: add one or delete the chapter",
      "Question 1 is a single choice question: give it at least 2 options",
      "Question 2 is a ranking of priorities question: give it at least 2 options",
    ]);
    expect(publishProblems({ ...base, chapters: [] }, now).map((p) => p.message)).toEqual(["Add a chapter and at least one question"]);
  });
});

describe("publishProblems: limits no answer could pass", () => {
  it("lists each question whose limits contradict each other, with the question to fix", () => {
    const limited = (number: string, type: QuestionType, limits: QuestionLimits, options: string[] = []) => ({
      id: `q${number}`,
      number,
      type,
      options,
      limits,
      showIf: null,
    });
    const problems = publishProblems(
      {
        kind: "questionnaire",
        askedBy: null,
        opensAt: new Date("2030-01-01T00:00:00Z"),
        closesAt: new Date("2030-02-01T00:00:00Z"),
        chapters: [
          {
            id: "c1",
            title: "One",
            questions: [
              limited("1", "short_text", { minLength: 50, maxLength: 10 }),
              limited("2", "number", { min: 5, max: 1 }),
              limited("3", "multiple_choice", { minSelections: 3, maxSelections: 2 }, ["A", "B", "C"]),
              limited("4", "number", { min: 1, max: 5 }),
            ],
          },
        ],
      },
      new Date("2029-12-01T00:00:00Z"),
    );
    expect(problems.map((p) => [p.questionId, p.message])).toEqual([
      ["q1", "Question 1: maximum length must be at least the minimum length"],
      ["q2", "Question 2: largest number allowed must be at least the smallest"],
      ["q3", "Question 3: most choices must be at least the fewest choices"],
    ]);
  });
});

// The one question-set schema (API, JSON import, paste import) refuses what no answer could
// pass and what Postgres could not store, each at the field to fix.
import { describe, expect, it } from "vitest";
import { formatPath, parseQuestionSetJson } from "./import";
import { questionSetSchema } from "./schema";

const question = (over: Record<string, unknown>) => ({ number: "1", type: "short_text", text: "Why?", ...over });

const setWith = (over: Record<string, unknown> = {}, questions: unknown[] = [question({})]) => ({
  format: "council-consult/question-set",
  formatVersion: 1,
  title: "Partner questionnaire",
  kind: "questionnaire",
  chapters: [{ title: "Priorities", questions }],
  ...over,
});

/** Each refusal as "path: message", the path as the import page shows it. */
function problems(input: unknown): string[] {
  const r = questionSetSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe("question limits no answer could pass", () => {
  it("refuses a minimum length above the maximum, at the maximum length", () => {
    expect(problems(setWith({}, [question({ limits: { minLength: 50, maxLength: 10 } })]))).toEqual([
      "chapters[0].questions[0].limits.maxLength: Maximum length must be at least the minimum length",
    ]);
  });

  it("refuses a minimum length above what a short text question takes when no maximum is set", () => {
    expect(problems(setWith({}, [question({ limits: { minLength: 501 } })]))).toEqual([
      expect.stringMatching(/^chapters\[0\]\.questions\[0\]\.limits\.minLength: Minimum length must be no more than 500/),
    ]);
    expect(problems(setWith({}, [question({ type: "long_text", limits: { minLength: 501 } })]))).toEqual([]);
  });

  it("refuses a smallest number above the largest", () => {
    expect(problems(setWith({}, [question({ type: "number", limits: { min: 10, max: 1 } })]))).toEqual([
      "chapters[0].questions[0].limits.max: Largest number allowed must be at least the smallest",
    ]);
  });

  it("refuses fewest choices above most choices, and either above the number of options", () => {
    const choice = (limits: Record<string, number>, type = "multiple_choice") => setWith({}, [question({ type, options: ["A", "B", "C"], limits })]);
    expect(problems(choice({ minSelections: 3, maxSelections: 2 }))).toEqual([
      "chapters[0].questions[0].limits.maxSelections: Most choices must be at least the fewest choices",
    ]);
    expect(problems(choice({ maxSelections: 4 }))).toEqual(["chapters[0].questions[0].limits.maxSelections: Most choices cannot be more than the 3 options"]);
    expect(problems(choice({ minSelections: 5 }, "ranking"))).toEqual(["chapters[0].questions[0].limits.minSelections: Fewest choices cannot be more than the 3 options"]);
    expect(problems(choice({ minSelections: 2, maxSelections: 3 }))).toEqual([]);
  });

  it("refuses a choice or ranking question with fewer than two options, or an option twice", () => {
    expect(problems(setWith({}, [question({ type: "ranking", required: true, options: ["Only"] })]))).toEqual([
      "chapters[0].questions[0].options: Enter at least 2 options, one on each line",
    ]);
    expect(problems(setWith({}, [question({ type: "single_choice", options: ["A", "A"] })]))).toEqual([
      "chapters[0].questions[0].options: “A” is listed more than once",
    ]);
  });

  it("leaves alone limits the question's type does not use", () => {
    expect(problems(setWith({}, [question({ type: "date", limits: { min: 10, max: 1 } })]))).toEqual([]);
  });

  it("gives the import the same message at the same path", () => {
    const r = parseQuestionSetJson(JSON.stringify(setWith({}, [question({ type: "number", limits: { min: 10, max: 1 } })])));
    expect(r).toEqual({ ok: false, errors: [{ path: "chapters[0].questions[0].limits.max", message: "Largest number allowed must be at least the smallest (question 1)" }] });
  });
});

describe("dates the app cannot keep", () => {
  it("refuses dates out of range, relative or written out, and days that do not exist", () => {
    expect(problems(setWith({ closesOn: "@+99999999d" }))).toEqual(["closesOn: Enter a date between 1900 and 9999"]);
    expect(problems(setWith({ opensOn: "@-9999999d" }))).toEqual(["opensOn: Enter a date between 1900 and 9999"]);
    expect(problems(setWith({ responseDeadline: "0000-01-01" }))).toEqual(["responseDeadline: Enter a date between 1900 and 9999"]);
    expect(problems(setWith({ stages: [{ name: "Comment", dueOn: "2026-02-30" }] }))).toEqual(["stages[0].dueOn: Use a real date as YYYY-MM-DD"]);
    expect(problems(setWith({ opensOn: "+275760-09-13" }))).toEqual(["opensOn: Use a date as YYYY-MM-DD"]);
    expect(problems(setWith({ opensOn: "@-7d", closesOn: "@+30d", responseDeadline: "2030-12-31" }))).toEqual([]);
  });

  it("refuses a closing date before the opening date and a stage due before it starts", () => {
    expect(problems(setWith({ opensOn: "2026-03-01", closesOn: "2026-02-01", stages: [{ name: "Comment", startsOn: "@+10d", dueOn: "@+5d" }] }))).toEqual([
      "closesOn: The closing date must be after the opening date",
      "stages[0].dueOn: Stage “Comment” is due before it starts",
    ]);
  });
});

describe("text Postgres cannot store", () => {
  it("refuses NUL in a title and in a question's text, at the field", () => {
    expect(problems(setWith({ title: "Safety\u0000" }, [question({ text: "Why\u0000?" })]))).toEqual([
      "title: This text contains a NUL character (\\u0000), which cannot be stored: remove it",
      "chapters[0].questions[0].text: This text contains a NUL character (\\u0000), which cannot be stored: remove it",
    ]);
  });

  it("refuses an unpaired surrogate in an option, and keeps a real emoji", () => {
    expect(problems(setWith({}, [question({ type: "single_choice", options: ["A\ud800", "B"] })]))).toEqual([
      expect.stringMatching(/^chapters\[0\]\.questions\[0\]\.options\[0\]: This text contains an unpaired surrogate/),
    ]);
    expect(problems(setWith({ title: "Priorities 🚓" }))).toEqual([]);
  });
});

// Reading question-set files: every bad file gets precise errors (path and message).
import { describe, expect, it } from "vitest";
import { formatPath, MAX_QUESTION_SET_BYTES, parseQuestionSetJson } from "./import";

const valid = {
  format: "council-consult/question-set",
  formatVersion: 1,
  title: "Partner questionnaire",
  kind: "questionnaire",
  opensOn: "2026-01-05",
  closesOn: "2026-02-05",
  chapters: [
    {
      title: "Priorities",
      questions: [
        { number: "1", type: "single_choice", text: "Which sector?", options: ["Police", "Health"] },
        { number: "2", type: "long_text", text: "Why?", showIf: { questionNumber: "1", equals: ["Police"] } },
      ],
    },
  ],
};

const errorsOf = (text: string) => {
  const r = parseQuestionSetJson(text);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
};

describe("parseQuestionSetJson", () => {
  it("accepts a valid file", () => {
    const r = parseQuestionSetJson(JSON.stringify(valid));
    expect(r.ok).toBe(true);
  });

  it("says an empty file is empty", () => {
    expect(errorsOf("  \n")).toEqual([{ path: "(the whole file)", message: "The file is empty" }]);
  });

  it("points at the line and column of a JSON syntax error", () => {
    expect(errorsOf('{\n  "title": "x",,\n}')).toEqual([
      { path: "line 2, column 16", message: "This is not valid JSON: Expected double-quoted property name" },
    ]);
  });

  it("never repeats a huge file back in its message", () => {
    const [e] = errorsOf(`{"a": tru${" ".repeat(50_000)}}`);
    expect(e.message.length).toBeLessThan(200);
  });

  it("refuses a file over the size limit", () => {
    const [e] = errorsOf(`"${"x".repeat(MAX_QUESTION_SET_BYTES)}"`);
    expect(e.message).toMatch(/must be smaller than 2 MB/);
  });

  it("recognises a JSON file that is not a question set", () => {
    expect(errorsOf(JSON.stringify({ format: "something-else" }))[0].message).toMatch(/not a question-set file/);
    expect(errorsOf("[1, 2]")[0].message).toMatch(/JSON object/);
  });

  it("lists every schema problem with its path, naming the question", () => {
    const bad = structuredClone(valid) as Record<string, unknown> & typeof valid;
    (bad.chapters[0].questions[0] as Record<string, unknown>).type = "essay";
    (bad.chapters[0].questions[1] as Record<string, unknown>).colour = "red";
    delete (bad as Record<string, unknown>).title;
    const errors = errorsOf(JSON.stringify(bad));
    expect(errors.map((e) => e.path)).toEqual(["title", "chapters[0].questions[0].type", "chapters[0].questions[1]"]);
    expect(errors[0].message).toBe("This is required but missing");
    expect(errors[1].message).toMatch(/\(question 1\)$/);
    expect(errors[2].message).toMatch(/colour/);
  });

  it("refuses dates in the wrong order, at the field", () => {
    const errors = errorsOf(
      JSON.stringify({ ...valid, opensOn: "2026-03-01", closesOn: "2026-02-01", stages: [{ name: "Scoping", startsOn: "2026-02-01", dueOn: "2026-01-01" }] }),
    );
    expect(errors).toEqual([
      { path: "closesOn", message: "The closing date must be after the opening date" },
      { path: "stages[0].dueOn", message: "Stage “Scoping” is due before it starts" },
    ]);
  });

  it("refuses a show-if that points at a later question", () => {
    const bad = structuredClone(valid);
    bad.chapters[0].questions.reverse();
    expect(errorsOf(JSON.stringify(bad))).toEqual([
      {
        path: "chapters[0].questions[0].showIf.questionNumber",
        message: "Show-if must refer to an earlier question (no question 1 before this one) (question 2)",
      },
    ]);
  });

  it("formats paths as people read them", () => {
    expect(formatPath(["chapters", 2, "questions", 0, "text"])).toBe("chapters[2].questions[0].text");
    expect(formatPath([])).toBe("(the whole file)");
  });
});

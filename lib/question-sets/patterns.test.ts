// The patterns of real papers' question lists (issue 19): one test per pattern.
import { describe, expect, it } from "vitest";
import { parseQuestionPaper } from "./parse";
import { questionSetSchema } from "./schema";

function parse(text: string) {
  const result = parseQuestionPaper(text);
  questionSetSchema.parse(result.questionSet);
  return { ...result, questions: result.questionSet.chapters.flatMap((c) => c.questions) };
}

describe("patterns of real papers", () => {
  it("strips a trailing required mark and marks the question required", () => {
    const { questions } = parse("1. What is your postcode? *\n2. Which ward do you live in?*\n3. Any other comments?");
    expect(questions.map((q) => [q.text, q.required])).toEqual([
      ["What is your postcode?", true],
      ["Which ward do you live in?", true],
      ["Any other comments?", false],
    ]);
  });

  it("keeps an explanatory numbered paragraph as context with a warning, not as a question", () => {
    const { questionSet, questions, warnings } = parse(
      "3. Charges\n\n3.1 The schedule of charges is set out in Appendix A.\n3.2 Do you agree with the proposed charges?\n\n3.3 Late payment will be charged at the statutory rate.\n3.4 What else should we consider?",
    );
    expect(questions.map((q) => q.number)).toEqual(["3.2", "3.4"]);
    // "3. Charges" heads paragraphs 3.1 on, so it is a chapter; 3.1 describes it, 3.3 introduces 3.4.
    expect(questionSet.chapters[0]).toMatchObject({ title: "Charges", description: "3.1 The schedule of charges is set out in Appendix A." });
    expect(questions[1].hint).toBe("3.3 Late payment will be charged at the statutory rate.");
    expect(warnings).toEqual([
      expect.objectContaining({ code: "explanatory_paragraph", line: 3 }),
      expect.objectContaining({ code: "explanatory_paragraph", line: 6 }),
    ]);
  });

  it("attaches a list and a sub-headed block after a question as its hint", () => {
    const { questions, warnings } = parse(
      [
        "1. Do you agree that emergencies should be attended within 2 hours?",
        "",
        "What counts as a 2-hour emergency",
        "- a total loss of water",
        "- an uncontainable leak",
        "",
        "2. Do you agree with the proposed repair times?",
      ].join("\n"),
    );
    expect(warnings).toEqual([]);
    expect(questions[0].hint).toBe("What counts as a 2-hour emergency\n- a total loss of water\n- an uncontainable leak");
    expect(questions[1].hint).toBeUndefined();
  });

  it("keeps a question's preamble paragraph with it, as its hint", () => {
    const { questions } = parse(
      "1. Do you agree with the vision?\n\nWe propose to close the depot at Mill Lane and move its work to Station Road.\n2. Do you agree with the proposal?",
    );
    expect(questions[0].hint).toBeUndefined();
    expect(questions[1].hint).toBe("We propose to close the depot at Mill Lane and move its work to Station Road.");
  });

  it('keeps "If not, please explain" in its question', () => {
    const { questions } = parse("1. Do you agree with the proposal?\n\nIf not, please explain why.\n\n2. Any other comments?");
    expect(questions[0].text).toBe("Do you agree with the proposal? If not, please explain why.");
  });

  it("reads an agreement scale under a question as its type and options", () => {
    const { questions } = parse(
      "Q1 To what extent do you agree with the proposal?\nStrongly agree\nAgree\nNeither agree nor disagree\nDisagree\nStrongly disagree\nDon't know\nQ2 Why?",
    );
    expect(questions[0]).toMatchObject({
      type: "agreement_scale",
      options: ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"],
    });
    expect(questions[1].type).toBe("long_text");
  });

  it("reads Yes / No as a yes-or-no question", () => {
    const { questions } = parse("1. Do you support the scheme?\nYes / No\n2. Why?");
    expect(questions[0].type).toBe("yes_no");
    expect(questions[0].options).toBeUndefined();
  });

  it("reads tick boxes as a single choice, and 'Please select all that apply' as multiple", () => {
    const { questions } = parse(
      [
        "1. How often do you visit the library?",
        "☐ Weekly",
        "☐ Monthly",
        "☐ Rarely",
        "2. Which services do you use?",
        "Please select all that apply",
        "☐ Lending",
        "☐ Computers",
        "☐ Events",
      ].join("\n"),
    );
    expect(questions[0]).toMatchObject({ type: "single_choice", options: ["Weekly", "Monthly", "Rarely"] });
    expect(questions[1]).toMatchObject({ type: "multiple_choice", options: ["Lending", "Computers", "Events"], hint: "Please select all that apply" });
  });

  it("offers the paper's title lines as the title", () => {
    const { questionSet, titleSuggestions } = parse("Draft Parking Strategy\nPublic Consultation 2026\n\n1. Do you agree?");
    expect(titleSuggestions).toContain("Draft Parking Strategy: Public Consultation 2026");
    expect(questionSet.title).toBe("Public Consultation 2026");
  });

  it("takes a paper's first line, set apart, as its title rather than the first question's sub-heading", () => {
    const { questionSet, questions } = parse("Parking Strategy 2026 to 2031\n\n1. Do you agree?\n2. Why?");
    expect(questionSet.title).toBe("Parking Strategy 2026 to 2031");
    expect(questions[0].subheading).toBeUndefined();
  });

  it("lists the lines it did not import, before and after the questions", () => {
    const { skipped } = parse("Introduction\nThis paper sets out our plans.\n\n1. Do you agree?\n\nCONCLUSION\nThanks for reading.");
    expect(skipped).toEqual([
      expect.objectContaining({ from: 1, to: 2, reason: "before_questions" }),
      expect.objectContaining({ from: 6, to: 7, reason: "after_questions" }),
    ]);
  });
});

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

  // Patterns of the corpus's later papers (corpus/09 to 21).

  it("reads \"(Required)\" on its own line under a question as the required mark, not as a hint", () => {
    const { questions, warnings } = parse("1. Do you agree with the proposal?\n(Required)\n2. Please tell us your name?");
    expect(questions.map((q) => [q.text, q.required, q.hint])).toEqual([
      ["Do you agree with the proposal?", true, undefined],
      ["Please tell us your name?", false, undefined],
    ]);
    expect(warnings).toEqual([]);
  });

  it("keeps a numbered item an online form marks required as a question, though it has no question mark", () => {
    const { questions, warnings } = parse("* 1. Are you answering as a:\n\n* 2. Section 3 in full, and any changes you would make to it.");
    expect(questions.map((q) => q.text)).toEqual(["Are you answering as a:", "Section 3 in full, and any changes you would make to it."]);
    expect(warnings.filter((w) => w.code === "explanatory_paragraph")).toEqual([]);
  });

  it("keeps a numbered paragraph that asks in a clause (\"how could we\") as a question", () => {
    const { questions } = parse("1. Do you agree?\n2. Thinking of the town centre as a whole, what should we change first and where.");
    expect(questions.map((q) => q.number)).toEqual(["1", "2"]);
  });

  it("makes a statement straight under a finished question its hint", () => {
    const { questions } = parse(
      "8. Please tell us your email address?\nIf you give your email address you will get an acknowledgement when you submit your response.\n9. Please tell us your organisation?",
    );
    expect(questions[0]).toMatchObject({
      text: "Please tell us your email address?",
      hint: "If you give your email address you will get an acknowledgement when you submit your response.",
    });
    expect(questions[1].hint).toBeUndefined();
  });

  it("joins a preamble to the question it leads to after a quoted block, the block becoming the hint", () => {
    const { questions } = parse(
      [
        "* 4. Section 3 sets out our aims as follows.",
        "",
        '"We want schools that meet these aims:',
        "",
        "·  Every learner reaches high standards",
        "",
        '·  Schools are at the heart of their community"',
        "",
        "Do you agree that these are the right aims?",
        "",
        "* 5. How could we improve Section 3?",
      ].join("\n"),
    );
    expect(questions.map((q) => q.text)).toEqual([
      "Section 3 sets out our aims as follows.\n\nDo you agree that these are the right aims?",
      "How could we improve Section 3?",
    ]);
    expect(questions[0].hint).toBe('"We want schools that meet these aims:\n\n- Every learner reaches high standards\n\n- Schools are at the heart of their community"');
    expect(questions[1].hint).toBeUndefined();
  });

  it("splits questions run together on one line (a PDF copied without its line breaks) at their numbers", () => {
    const options = "Very satisfied Fairly satisfied Neither satisfied nor dissatisfied Fairly dissatisfied Very dissatisfied";
    const line =
      `RECYCLING QUESTIONNAIRE Please write your panel number here: ______ Q1. How satisfied are you with recycling? PLEASE ONE ANSWER ONLY ${options} ` +
      `Q2. Did you know the bin need not go out every week? PLEASE ONE ANSWER ONLY Yes No ` +
      `Q3. When you put your bin out, it is usually… PLEASE ONE ANSWER ONLY Empty Half full Full`;
    const { questions, warnings, skipped } = parse(line);
    expect(questions.map((q) => [q.number, q.text])).toEqual([
      ["1", "How satisfied are you with recycling?"],
      ["2", "Did you know the bin need not go out every week?"],
      ["3", "When you put your bin out, it is usually…"],
    ]);
    // The instruction repeated under every question is kept with each, not dropped as a running header.
    expect(questions[0].hint).toBe(`PLEASE ONE ANSWER ONLY ${options}`);
    expect(questions[1]).toMatchObject({ type: "yes_no", hint: "PLEASE ONE ANSWER ONLY" });
    expect(questions[2].hint).toBe("PLEASE ONE ANSWER ONLY\n\nEmpty Half full Full");
    expect(warnings).toEqual([]);
    // The text before the first question is kept (here as its sub-heading), not lost.
    expect(questions[0].subheading ?? skipped[0]?.text).toBe("RECYCLING QUESTIONNAIRE Please write your panel number here: ______");
  });

  it("leaves a long line with question numbers out of sequence whole", () => {
    const text = `1. Do you agree? ${"The figures in Q3. and Q7. of last year's survey are compared here. ".repeat(6)}`;
    const { questions } = parse(text);
    expect(questions).toHaveLength(1);
    expect(questions[0].text).toContain("Q3. and Q7.");
  });

  it("letters a survey page's required questions that have no number (a respondent's details) under \"Question Title\"", () => {
    const { questions, warnings, skipped } = parse(
      ["* We cannot consider your response without your name.", "", "Question Title", "", "* Your name:", "", "Question Title", "", "* Are you a...", "", "Question Title", "", "* 1. Do you agree?"].join("\n"),
    );
    expect(questions.map((q) => [q.number, q.text, q.required])).toEqual([
      ["a", "Your name:", true],
      ["b", "Are you a...", true],
      ["1", "Do you agree?", true],
    ]);
    expect(warnings).toEqual([]);
    // The note with a star but no "Question Title" over it is not a question, and is listed.
    expect(skipped[0]).toMatchObject({ reason: "before_questions", text: "* We cannot consider your response without your name." });
  });

  it("splits a single run-together question off its line when an answer instruction in capitals follows it", () => {
    const line =
      "COUNCIL SPENDING Each year the council looks at its spending plans for the year ahead, and we would like to know where you think it should spend more or less money. " +
      "Q1. Would you like to see more, less or the same spent on each of the following services? PLEASE TICK () ONE BOX ON EACH ROW Education Libraries Parks Street cleaning Recycling and refuse collection";
    const { questions } = parse(line);
    expect(questions.map((q) => [q.number, q.text])).toEqual([["1", "Would you like to see more, less or the same spent on each of the following services?"]]);
    expect(questions[0].hint).toBe("PLEASE TICK () ONE BOX ON EACH ROW\n\nEducation Libraries Parks Street cleaning Recycling and refuse collection");
  });

  it("reads numbered items in lower case after a lead-in ending with a colon as a list, not questions", () => {
    const { questions, skipped } = parse(
      [
        "However, keeping the current scheme would mean:",
        "",
        "1. higher administration costs, as the scheme would be out of line with Housing Benefit; and",
        "2. the scheme would count certain payments as income.",
        "",
        "* 1. Please confirm that you have read the background information",
        "",
        "* 2. Are you aged 18 or over?",
      ].join("\n"),
    );
    expect(questions.map((q) => [q.number, q.text])).toEqual([
      ["1", "Please confirm that you have read the background information"],
      ["2", "Are you aged 18 or over?"],
    ]);
    expect(skipped[0]).toMatchObject({ reason: "before_questions", from: 1, to: 4 });
  });

  it("leaves a long paragraph that mentions \"Q1.\" and \"PLEASE NOTE\" whole", () => {
    const text = `1. Do you agree?\n\nA: ${"Responses to Q1. were mixed across the district and in every ward. ".repeat(3)}PLEASE NOTE the figures are provisional.`;
    const { questions } = parse(text);
    expect(questions).toHaveLength(1);
    expect(questions[0].draftAnswer).toContain("Responses to Q1. were mixed");
  });
});

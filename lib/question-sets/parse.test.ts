// The paste importer against the Chorley committee report and a fixture for each style of
// numbering, page furniture and mistake that real papers have.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidError } from "../errors";
import { MAX_PASTE_BYTES, parseQuestionPaper } from "./parse";
import { type QuestionSetInput, questionSetSchema } from "./schema";

const fixture = (name: string) => readFileSync(path.resolve(__dirname, "fixtures", name), "utf8");
const SEED_PAPER = path.resolve(__dirname, "../../../shared/seeds/002_c29d52a561d580ca.txt");
const SEED_SET = path.resolve(__dirname, "../../db/seed/data/odpm-lsp-shaping-their-future.json");

/** Parse, check the result is a valid question set, and return it with its warnings. */
function parse(text: string, options?: Parameters<typeof parseQuestionPaper>[1]) {
  const result = parseQuestionPaper(text, options);
  questionSetSchema.parse(result.questionSet);
  return result;
}

describe("parseQuestionPaper on the Chorley report (ODPM, LSPs: Shaping their Future)", () => {
  const { questionSet, warnings } = parse(readFileSync(SEED_PAPER, "utf8"));
  const expected = JSON.parse(readFileSync(SEED_SET, "utf8")) as QuestionSetInput;
  const expectedQuestions = expected.chapters.flatMap((c) => c.questions);
  const found = questionSet.chapters.flatMap((c) => c.questions);

  it("produces no warnings: every line of the key questions is placed", () => {
    expect(warnings).toEqual([]);
  });

  it("finds the four chapters, naming bare \"Key Questions\" headings from the paper's own list", () => {
    expect(questionSet.chapters.map((c) => c.title)).toEqual([
      "The role of LSPs and Sustainable Community Strategies",
      "Governance of LSPs",
      "Accountability",
      "Capacity Issues",
    ]);
    expect(questionSet.chapters.map((c) => c.questions.length)).toEqual(
      expected.chapters.map((c) => c.questions.length),
    );
  });

  it("skips the report's numbered paragraphs before the questions and after CONCLUSION", () => {
    expect(found.map((q) => q.number)).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
  });

  it.each(expectedQuestions.map((q) => [q.number, q] as const))(
    "question %s has the seed file's text, sub-heading and draft answer word for word",
    (number, want) => {
      const got = found.find((q) => q.number === number);
      expect(got).toBeDefined();
      expect({ text: got!.text, subheading: got!.subheading, draftAnswer: got!.draftAnswer }).toEqual({
        text: want.text,
        subheading: want.subheading,
        draftAnswer: want.draftAnswer,
      });
    },
  );

  it("joins an answer split by a page break with a single space and strips <u> markup", () => {
    expect(found[2].draftAnswer).toContain("with greater flexibility (to be less tied");
    expect(found[3].draftAnswer).toContain("Sustainable Community Strategy Action Plan which");
  });

  it("makes every question an optional long-text question and, with answers, a consultation to answer", () => {
    expect(found.every((q) => q.type === "long_text" && q.required === false)).toBe(true);
    expect(questionSet.kind).toBe("consultation_to_answer");
    expect(questionSet.title).toBe("Local Strategic Partnerships: Shaping Their Future – A Consultation Paper");
  });
});

describe("parseQuestionPaper numbering styles", () => {
  it('reads "Q1", "Q2." and "Q3:" and ignores the plain-numbered paragraphs around them', () => {
    const { questionSet, warnings } = parse(fixture("q-numbers.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.title).toBe("Libraries Strategy 2026 to 2031: Consultation");
    expect(questionSet.kind).toBe("questionnaire");
    expect(questionSet.chapters).toEqual([
      {
        title: "Questions",
        questions: [
          { number: "1", type: "long_text", text: "Do you agree with our vision for the library service?", required: false },
          {
            number: "2",
            type: "long_text",
            text: "Which services should every library keep, even if opening hours are reduced?",
            required: false,
          },
          {
            number: "3",
            type: "long_text",
            text: "How could we make libraries easier to reach for people who do not drive?",
            required: false,
          },
          { number: "4", type: "long_text", text: "Would you volunteer at your local library?", required: false },
        ],
      },
    ]);
  });

  it('reads "Question 1:" under "Section A – Transport" headings, with "Response:" and "Answer:" answers', () => {
    const { questionSet, warnings } = parse(fixture("question-colon-sections.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.title).toBe("Transport and Housing Plan: Consultation Response");
    expect(questionSet.kind).toBe("consultation_to_answer");
    expect(questionSet.chapters.map((c) => [c.title, c.questions.map((q) => q.number)])).toEqual([
      ["Transport", ["1", "2"]],
      ["Housing", ["3", "4"]],
    ]);
    const [q1, q2, q3, q4] = questionSet.chapters.flatMap((c) => c.questions);
    expect(q1.draftAnswer).toBe(
      "Yes. The corridors serve the district's main employment sites.\n\nThe council would like the Leyland corridor brought forward to 2027.",
    );
    expect(q2.draftAnswer).toBe(
      "In part. Rural residents have no alternative to the car, so charges should be modest and reviewed each year.",
    );
    expect(q3.draftAnswer).toBe("No; it takes no account of the constraints of the green belt.");
    expect(q4.draftAnswer).toBe("Brownfield sites in the town centres, then sites next to existing services.");
  });

  it("keeps (a)/(b) and (i)/(ii) parts inside their question, on their own lines or inline", () => {
    const { questionSet, warnings } = parse(fixture("parts.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.chapters.map((c) => c.title)).toEqual(["Key questions"]);
    expect(questionSet.chapters[0].questions.map((q) => [q.number, q.text])).toEqual([
      ["1", "How should the partnership be organised:\n(a) at board level;\n(b) in the thematic partnerships?"],
      ["2", "Should the police and health trusts be represented on (a) the board and (b) the executive?"],
      ["3", "Which of these should the partnership fund first:\n(i) youth services,\n(ii) community transport, or\n(iii) town-centre safety?"],
    ]);
  });

  it('reads "1.1" decimal numbering under "Chapter 2: Governance" headings, with chapter introductions', () => {
    const { questionSet, warnings } = parse(fixture("decimal-chapters.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.title).toBe("Community Safety Strategy: Consultation");
    expect(questionSet.chapters.map((c) => ({ title: c.title, description: c.description, numbers: c.questions.map((q) => q.number) }))).toEqual([
      { title: "Vision and priorities", description: "This chapter asks about the strategy as a whole.", numbers: ["1.1", "1.2"] },
      { title: "Governance", description: undefined, numbers: ["2.1", "2.2", "2.3"] },
      { title: "Delivery and resources", description: undefined, numbers: ["3.1"] },
    ]);
    expect(questionSet.chapters[1].questions[1].text).toBe("Who should chair the board?");
  });

  it("reads questions and answers behind bullets, and keeps bullets within a question as list lines", () => {
    const { questionSet, warnings } = parse(fixture("bullets.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.title).toBe("Untitled consultation");
    expect(questionSet.chapters[0].title).toBe("Questions for consultation");
    expect(questionSet.chapters[0].questions.map((q) => [q.number, q.text, q.draftAnswer])).toEqual([
      ["1", "Which of these should be the partnership's first priority:\n- jobs and skills;\n- housing;\n- health?", undefined],
      ["2", "Why?", undefined],
      ["3", "What should the partnership stop doing?", "Running separate consultations where one would do."],
    ]);
  });
});

describe("parseQuestionPaper page furniture", () => {
  it("strips markup that survives copy and paste: Markdown headings, bold, rules, <u>, &amp;", () => {
    const { questionSet, warnings } = parse(
      "## KEY QUESTIONS\n\n**1. Do you agree with <u>the</u> vision?**\n\n---\n\n2. Should housing &amp; transport be one theme?\n",
    );
    expect(warnings).toEqual([]);
    expect(questionSet.chapters[0].questions.map((q) => q.text)).toEqual([
      "Do you agree with the vision?",
      "Should housing & transport be one theme?",
    ]);
  });

  it("drops page numbers, form feeds and a running header, and joins a question and an answer split across pages", () => {
    const { questionSet, warnings } = parse(fixture("page-furniture.txt"));
    expect(warnings).toEqual([]);
    expect(questionSet.title).toBe("Parks and Open Spaces Consultation");
    expect(questionSet.chapters[0].questions).toEqual([
      {
        number: "1",
        type: "long_text",
        text: "Do you agree that the council should keep every park open from dawn until dusk all year round?",
        required: false,
        draftAnswer: "Yes, with the exception of the nature reserve in winter.",
      },
      {
        number: "2",
        type: "long_text",
        text: "How could the council raise money for the upkeep of parks?",
        required: false,
        draftAnswer:
          "Through sponsorship of flower beds and events, and a café in the larger parks. Car parking charges were ruled out by the last review.",
      },
      {
        number: "3",
        type: "long_text",
        text: "Should dogs be kept on a lead in play areas?",
        required: false,
        draftAnswer: "They should be banned from play areas altogether.",
      },
    ]);
  });

  it("warns when a lone number could be the next question's number rather than a page number", () => {
    const { questionSet, warnings } = parse("1. First question?\n\n2\n\nWhat is the second question?\n");
    expect(questionSet.chapters[0].questions.map((q) => q.number)).toEqual(["1"]);
    expect(warnings).toEqual([
      expect.objectContaining({ line: 3, code: "page_number", text: "2" }),
      expect.objectContaining({ line: 5, code: "unplaced_text", text: "What is the second question?" }),
    ]);
  });

  it("removes a line repeated three times away from page breaks with a warning naming its first line", () => {
    const text = [
      "1. What should the council do first?",
      "Draft for discussion",
      "A: Fix the roads.",
      "2. And next?",
      "Draft for discussion",
      "A: Mend the street lights.",
      "3. And after that?",
      "Draft for discussion",
      "A: Cut the verges.",
    ].join("\n");
    const { questionSet, warnings } = parse(text);
    expect(warnings).toEqual([expect.objectContaining({ line: 2, code: "running_header", text: "Draft for discussion" })]);
    expect(questionSet.chapters[0].questions.map((q) => q.text)).toEqual([
      "What should the council do first?",
      "And next?",
      "And after that?",
    ]);
  });

  it("keeps a sub-heading that repeats before every question", () => {
    const text = "Your views\n\n1. On A?\n\nYour views\n\n2. On B?\n\nYour views\n\n3. On C?\n";
    const { questionSet, warnings } = parse(text);
    expect(warnings).toEqual([]);
    expect(questionSet.chapters[0].questions.map((q) => q.subheading)).toEqual(["Your views", "Your views", "Your views"]);
  });
});

describe("parseQuestionPaper warnings", () => {
  const { questionSet, warnings } = parse(fixture("numbering-problems.txt"));

  it("warns on a gap, a repeat and a number out of order, and renumbers the repeat so numbers stay unique", () => {
    expect(warnings.filter((w) => w.code.startsWith("number_"))).toEqual([
      {
        line: 5,
        code: "number_gap",
        message: "Question 3 seems to be missing: question 4 follows question 2.",
        text: "4. Should the service be run by a trust?",
      },
      {
        line: 6,
        code: "number_repeat",
        message: 'Question 4 appears more than once (lines 5 and 6). The later one is numbered "4 (2)" for now; check the numbering.',
        text: "4. Should staff transfer to the trust?",
      },
      {
        line: 7,
        code: "number_order",
        message: "Question 3 comes after question 4; check the numbering.",
        text: "3. What else should we consider?",
      },
    ]);
    expect(questionSet.chapters[0].questions.map((q) => q.number)).toEqual(["1", "2", "4", "4 (2)", "3", "5"]);
  });

  it("never drops text inside the questions silently: a paragraph between questions becomes the next one's hint", () => {
    expect(warnings.filter((w) => w.code === "unplaced_text")).toEqual([]);
    const q5 = questionSet.chapters[0].questions.find((q) => q.number === "5");
    expect(q5?.hint).toBe("The council will publish a summary of responses in the spring.");
  });

  it("warns on a question with no text and on a chapter with no questions", () => {
    expect(warnings.filter((w) => w.code === "empty_question" || w.code === "empty_chapter")).toEqual([
      expect.objectContaining({ line: 11, code: "empty_question" }),
      expect.objectContaining({ line: 14, code: "empty_chapter", text: "Anything else" }),
    ]);
    expect(questionSet.chapters.map((c) => c.title)).toEqual(["Chapter 1", "Equalities", "Anything else"]);
  });

  it("lists the warnings in line order", () => {
    expect(warnings.map((w) => w.line)).toEqual([5, 6, 7, 11, 14]);
  });

  it("warns when the first question is not number 1", () => {
    expect(parse("3. Third?\n4. Fourth?").warnings).toEqual([
      expect.objectContaining({ line: 1, code: "number_gap", message: "Questions 1 to 2 seem to be missing: question 3 follows no earlier question." }),
    ]);
  });

  it("warns on a gap within a decimal chapter", () => {
    expect(parse("1.1 One?\n1.2 Two?\n1.4 Four?\n2.1 Five?").warnings).toEqual([
      expect.objectContaining({ line: 3, code: "number_gap", message: "Question 1.3 seems to be missing: question 1.4 follows question 1.2." }),
    ]);
  });
});

describe("parseQuestionPaper answers and the end of the list", () => {
  it("keeps a numbered list inside a draft answer in the answer instead of starting new questions", () => {
    const { questionSet, warnings } = parse(
      "1. What should change?\nA: We suggest:\n1. more funding\n2. fewer targets\n3. less paperwork\n2. Who should pay?\nA: Government.",
    );
    expect(warnings).toEqual([]);
    expect(questionSet.chapters[0].questions.map((q) => [q.number, q.draftAnswer])).toEqual([
      ["1", "We suggest:\n1. more funding\n2. fewer targets\n3. less paperwork"],
      ["2", "Government."],
    ]);
  });

  it("ends the list at a CONCLUSION heading after the last question, silently", () => {
    const { questionSet, warnings } = parse("1. One?\n2. Two?\n\nCONCLUSION\n\n26. Members are asked to note the report.\n");
    expect(warnings).toEqual([]);
    expect(questionSet.chapters[0].questions.map((q) => q.number)).toEqual(["1", "2"]);
  });

  it("ends the list at a line in capitals after the last answer, with a warning naming that line", () => {
    const { questionSet, warnings } = parse("1. One?\nA: Yes.\n\nNOTES FOR MEMBERS\n\nThese are notes.\n");
    expect(questionSet.chapters[0].questions[0].draftAnswer).toBe("Yes.");
    expect(warnings).toEqual([expect.objectContaining({ line: 4, code: "list_end", text: "NOTES FOR MEMBERS" })]);
  });

  it("keeps a heading in capitals as a sub-heading when the numbering carries on after it", () => {
    const { questionSet, warnings } = parse("1. One?\nA: Yes.\n\nHOUSING\n\n2. Two?\nA: No.\n");
    expect(warnings).toEqual([]);
    expect(questionSet.chapters[0].questions.map((q) => q.subheading)).toEqual([undefined, "HOUSING"]);
  });

  it("adds a second answer to the same question as a new paragraph, with a warning", () => {
    const { questionSet, warnings } = parse("1. One?\nA: Yes.\nA: And also no.\n");
    expect(questionSet.chapters[0].questions[0].draftAnswer).toBe("Yes.\n\nAnd also no.");
    expect(warnings).toEqual([expect.objectContaining({ line: 3, code: "extra_answer" })]);
  });

  it("reports an answer before any question as text it could not place", () => {
    const { warnings } = parse("Key questions\n\nA: Orphan answer.\n\n1. One?\n");
    expect(warnings).toEqual([expect.objectContaining({ line: 3, code: "unplaced_text", text: "A: Orphan answer." })]);
  });
});

describe("parseQuestionPaper input rules", () => {
  it("rejects empty or whitespace-only input with InvalidError", () => {
    expect(() => parseQuestionPaper("")).toThrow(InvalidError);
    expect(() => parseQuestionPaper(" \n\t\n ")).toThrow(InvalidError);
  });

  it("rejects input larger than MAX_PASTE_BYTES (5 MB) with InvalidError", () => {
    const big = "1. Is this too long?\n".repeat(Math.ceil((5 * 1024 * 1024) / 21));
    expect(() => parseQuestionPaper(big)).toThrow(InvalidError);
    expect(() => parseQuestionPaper(big)).toThrow(/too long/);
  });

  it("counts bytes, not characters, against the limit", () => {
    const justOver = "1. Q?\n" + "é".repeat(MAX_PASTE_BYTES / 2);
    expect(justOver.length).toBeLessThan(MAX_PASTE_BYTES);
    expect(() => parseQuestionPaper(justOver)).toThrow(InvalidError);
  });

  it("rejects text with no numbered question with InvalidError rather than returning an empty set", () => {
    expect(() => parseQuestionPaper("Some notes from the meeting.\nNothing numbered here.")).toThrow(
      /could not find any numbered questions/,
    );
  });

  it("uses the title and kind it is given", () => {
    const { questionSet } = parse("Q1 Why?\nA: Because.", { title: "Bus strategy", kind: "questionnaire" });
    expect(questionSet.title).toBe("Bus strategy");
    expect(questionSet.kind).toBe("questionnaire");
  });

  it("cuts an over-long question to the schema's limit with a warning", () => {
    const { questionSet, warnings } = parse(`1. ${"word ".repeat(2000)}`);
    expect(questionSet.chapters[0].questions[0].text.length).toBeLessThanOrEqual(5000);
    expect(warnings).toEqual([expect.objectContaining({ line: 1, code: "too_long" })]);
  });
});

// Speed is measured in bench/, not here: these bounds are ten times what a quiet machine takes, so
// that a busy CI host passes, yet a quadratic step (minutes on 2 MB) still fails them.
describe("parseQuestionPaper performance", () => {
  it("parses a 2 MB paper of chapters, questions and answers with no quadratic step", () => {
    const parts: string[] = ["A LARGE CONSULTATION PAPER", ""];
    let size = 0;
    let n = 0;
    const push = (...lines: string[]) => {
      parts.push(...lines);
      for (const l of lines) size += l.length + 1;
    };
    for (let c = 1; size < MAX_PASTE_BYTES - 5000; c++) {
      push(`Chapter ${c}: Topic ${c}`, "");
      for (let q = 1; q <= 50 && size < MAX_PASTE_BYTES - 5000; q++, n++) {
        if (q % 5 === 1) push(`Sub-heading ${c}.${q}`, "");
        push(`${c}.${q} ${"What do you think of the proposals for this part of the borough ".repeat(2)}`, "and why?");
        push(`A: ${"The council supports the proposal but asks for more detail on funding. ".repeat(6)}`);
        push("Page 4 of 90", "");
        push(`${"Partners made further points at the workshop, which are summarised here. ".repeat(4)}`, "");
      }
    }
    const text = parts.join("\n");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_PASTE_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_PASTE_BYTES * 0.9);
    const t0 = performance.now();
    const { questionSet, warnings } = parseQuestionPaper(text);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(10_000);
    expect(warnings).toEqual([]);
    expect(questionSet.chapters.flatMap((c) => c.questions)).toHaveLength(n);
    questionSetSchema.parse(questionSet);
  });

  // These inputs do the most work per byte; the point is that nothing is quadratic.
  it("stays linear on pathological 2 MB pastes (one huge line, 280,000 repeated lines)", () => {
    const oneLine = `1. ${"x".repeat(MAX_PASTE_BYTES - 10)}`;
    const repeats = "Draft\nA: Yes.\n".repeat(Math.floor(MAX_PASTE_BYTES / 15));
    for (const text of [oneLine, `1. Q?\n${repeats}`]) {
      const t0 = performance.now();
      const { questionSet } = parseQuestionPaper(text);
      expect(performance.now() - t0).toBeLessThan(20_000);
      questionSetSchema.parse(questionSet);
    }
    // The machine is shared: the assertion above is the limit, not vitest's default 5 s.
  }, 60_000);
});

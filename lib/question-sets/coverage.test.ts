// Nothing is lost silently (issue 19): every line of every paper of the corpus, and of the seed
// paper, is placed in what the parser found or listed in a warning or under "Text not imported".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { paperText } from "./corpus-score";
import { unlistedLines } from "./coverage";
import { parseQuestionPaper } from "./parse";

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, "corpus");
const seed = path.resolve(here, "../../../shared/seeds/002_c29d52a561d580ca.txt");
const papers: [string, string][] = readdirSync(corpus)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => [f, paperText(readFileSync(path.join(corpus, f), "utf8")).text]);
if (existsSync(seed)) papers.unshift(["the seed paper", readFileSync(seed, "utf8")]);

describe("every line of the input is placed or listed", () => {
  it.each(papers)("%s", (_, text) => {
    expect(unlistedLines(text, parseQuestionPaper(text))).toEqual([]);
  });

  it("finds a line that was lost", () => {
    const text = "1. Do you agree?\n\nA line the parser never saw\n2. Why?";
    expect(unlistedLines(text, parseQuestionPaper("1. Do you agree?\n2. Why?"))).toEqual([{ line: 3, text: "A line the parser never saw" }]);
  });

  it("lists page numbers, form labels, lone numbers and running headers under Text not imported", () => {
    const text = [
      "Draft responses to the key questions",
      "Key Questions",
      "Question Title",
      "* 1. Do you agree with the proposal?",
      "Page 1 of 2",
      "Parks consultation – draft",
      "\f",
      "Parks consultation – draft",
      "Question Title",
      "* 2. Any other comments?",
      "Powered by SurveyMonkey",
      "",
      "7",
    ].join("\n");
    const result = parseQuestionPaper(text);
    expect(result.questionSet.chapters.flatMap((c) => c.questions).map((q) => q.text)).toEqual(["Do you agree with the proposal?", "Any other comments?"]);
    expect(result.questionSet.chapters.map((c) => c.title)).toEqual(["Key Questions"]);
    expect(result.skipped).toEqual([
      { from: 1, to: 1, reason: "before_questions", text: "Draft responses to the key questions" },
      {
        from: 3,
        to: 13,
        reason: "page_furniture",
        text: [
          "line 3: Question Title",
          "line 5: Page 1 of 2",
          "line 6: Parks consultation – draft",
          "line 8: Parks consultation – draft",
          "line 9: Question Title",
          "line 11: Powered by SurveyMonkey",
          "line 13: 7",
        ].join("\n"),
      },
    ]);
    expect(unlistedLines(text, result)).toEqual([]);
  });
});

describe("a bare list heading with nothing of its own", () => {
  it("is listed under Text not imported when a named chapter follows it", () => {
    const text = "Consultation questions\n\nChapter 1: Housing\n1. Do you agree?\nChapter 2: Transport\n2. Do you agree?";
    const result = parseQuestionPaper(text);
    expect(result.questionSet.chapters.map((c) => c.title)).toEqual(["Housing", "Transport"]);
    expect(result.skipped).toEqual([{ from: 1, to: 1, reason: "page_furniture", text: "line 1: Consultation questions" }]);
    expect(unlistedLines(text, result)).toEqual([]);
  });
});

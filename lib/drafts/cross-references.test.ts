import { describe, expect, it } from "vitest";
import { linkCrossReferences, referencedQuestions } from "./cross-references";

const NUMBERS = Array.from({ length: 35 }, (_, i) => String(i + 1));
const links = (text: string, self?: string) =>
  linkCrossReferences(text, NUMBERS, self)
    .filter((s) => s.questionNumber)
    .map((s) => [s.text, s.questionNumber]);

describe("linkCrossReferences", () => {
  it("links Chorley's “As for 16 above.” and “As 31.”", () => {
    expect(links("As for 16 above.")).toEqual([["16", "16"]]);
    expect(links("As 31. Support in mapping public sector expenditure as part of setting up an LPSB would also help.")).toEqual([["31", "31"]]);
  });

  it("links “question 6” and lists of questions anywhere in the text", () => {
    expect(links("This in part relates to question 6. The key is a co-ordinated approach.")).toEqual([["6", "6"]]);
    expect(links("subject to the comments on questions 12 and 19")).toEqual([["12", "12"], ["19", "19"]]);
    expect(links("See Q4, and questions 4, 5 and 6.")).toEqual([["4", "4"], ["4", "4"], ["5", "5"], ["6", "6"]]);
  });

  it("does not link numbers that are not questions or are not references", () => {
    expect(links("As 2006 showed, partnerships change.")).toEqual([]);
    expect(links("We have worked with as 3 partners said.")).toEqual([]);
    expect(links("There are 12 partnerships in Chorley.")).toEqual([]);
    expect(links("As for 40 above.")).toEqual([]);
  });

  it("does not link an answer to itself", () => {
    expect(links("As for 16 above.", "16")).toEqual([]);
  });

  it("keeps every character of the text across its segments", () => {
    const text = "As for 16 above. See also question 6, and As 31.";
    expect(linkCrossReferences(text, NUMBERS).map((s) => s.text).join("")).toBe(text);
    expect(referencedQuestions(text, NUMBERS)).toEqual(["16", "6"]);
  });

  it("links references at the start of a later sentence or line", () => {
    expect(links("Agreed. As for 16 above.")).toEqual([["16", "16"]]);
    expect(links("First point.\nAs per 12.")).toEqual([["12", "12"]]);
  });
});

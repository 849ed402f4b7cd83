// The editor's form schemas: the same messages in the browser and on the server.
import { describe, expect, it } from "vitest";
import { newConsultationSchema, questionFields } from "./schemas";

const errors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("question form", () => {
  it("turns the form's strings into a question", () => {
    const r = questionFields.parse({
      number: " 4 ",
      type: "multiple_choice",
      text: "Which themes?",
      required: "yes",
      options: "Economy\r\n\r\n Housing \nSafety",
      maxSelections: "2",
      maxLength: "50",
      showIfQuestion: "",
      showIfEquals: "",
    });
    expect(r).toEqual({
      number: "4",
      subheading: null,
      type: "multiple_choice",
      text: "Which themes?",
      hint: "",
      required: true,
      options: ["Economy", "Housing", "Safety"],
      // maxLength does not apply to a multiple choice, so it is dropped.
      limits: { maxSelections: 2 },
      showIf: null,
    });
  });

  it("reads react-hook-form's unticked checkbox as not required", () => {
    expect(questionFields.parse({ number: "1", type: "short_text", text: "Name", required: false }).required).toBe(false);
  });

  it("gives a message at each bad field", () => {
    const r = questionFields.safeParse({ number: "", type: "single_choice", text: " ", options: "Only", min: "x", showIfQuestion: "2" });
    expect(errors(r)).toEqual({
      number: "Give the question a number, for example 1 or 2.3",
      text: "Enter the question",
      min: "Smallest number allowed must be a number",
    });
    const r2 = questionFields.safeParse({ number: "3", type: "single_choice", text: "Which?", options: "A\nA", showIfQuestion: "2" });
    expect(errors(r2)).toEqual({ options: "“A” is listed more than once", showIfEquals: "Enter the answer (or answers) that show this question" });
    const r3 = questionFields.safeParse({ number: "3", type: "number", text: "How many?", min: "10", max: "5" });
    expect(errors(r3)).toEqual({ max: "Largest number allowed must be at least the smallest" });
    const r4 = questionFields.safeParse({ number: "3", type: "ranking", text: "Rank", options: "A\nB", maxSelections: "3" });
    expect(errors(r4)).toEqual({ maxSelections: "Most choices cannot be more than the 2 options" });
  });
});

describe("consultation details form", () => {
  const base = { title: "Safer streets", kind: "questionnaire" };

  it("reads GOV.UK date inputs", () => {
    const r = newConsultationSchema.parse({ ...base, "opensOn-day": "3", "opensOn-month": "2", "opensOn-year": "2026", "closesOn-day": "", "closesOn-month": "", "closesOn-year": "" });
    expect(r.opensOn).toBe("2026-02-03");
    expect(r.closesOn).toBeUndefined();
  });

  it("refuses an incomplete, unreal or out-of-order date at its field", () => {
    const r = newConsultationSchema.safeParse({ ...base, "opensOn-day": "31", "opensOn-month": "2", "opensOn-year": "2026", "closesOn-day": "1", "closesOn-year": "2026" });
    expect(errors(r)).toEqual({ opensOn: "Opening date must be a real date", closesOn: "Closing date must include a month" });
    const r2 = newConsultationSchema.safeParse({ ...base, "opensOn-day": "10", "opensOn-month": "3", "opensOn-year": "2026", "closesOn-day": "1", "closesOn-month": "3", "closesOn-year": "2026" });
    expect(errors(r2)).toEqual({ closesOn: "The closing date must be after the opening date" });
  });

  it("needs to know who is asking, for a consultation to answer", () => {
    expect(errors(newConsultationSchema.safeParse({ title: "LSPs", kind: "consultation_to_answer" }))).toEqual({ askedBy: "Enter who is asking, for example ODPM" });
  });
});

describe("what the editor's forms refuse before the database could", () => {
  it("refuses a minimum length no short text answer can reach", () => {
    const r = questionFields.safeParse({ number: "1", type: "short_text", text: "Why?", minLength: "600", options: "", showIfEquals: "" });
    expect(errors(r)).toEqual({ minLength: expect.stringMatching(/^Minimum length must be no more than 500/) });
  });

  it("refuses NUL in the title and the year 0000 in a date, at their fields", () => {
    const r = newConsultationSchema.safeParse({
      title: "Safety\u0000",
      kind: "questionnaire",
      "opensOn-day": "1",
      "opensOn-month": "1",
      "opensOn-year": "0000",
    });
    expect(errors(r)).toEqual({
      title: "This text contains a NUL character (\\u0000), which cannot be stored: remove it",
      opensOn: "Opening date must be in a year from 1900 to 9999",
    });
  });
});

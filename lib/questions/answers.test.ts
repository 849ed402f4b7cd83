import { describe, expect, it } from "vitest";
import { QUESTION_TYPES } from "../../db/schema/consultations";
import {
  AGREEMENT_SCALE,
  answerSchema,
  answerToText,
  fieldsFromFormData,
  formToValue,
  isAnswered,
  parseAnswer,
  parseFormAnswer,
  type QuestionDef,
  valueToForm,
} from "./answers";
import { FIXTURE_QUESTIONS, QUESTION_OF_TYPE as Q, VALID_ANSWER_OF_TYPE as VALID } from "./fixtures";

const optional = (q: QuestionDef): QuestionDef => ({ ...q, required: false });
const error = (q: QuestionDef, raw: unknown) => {
  const r = parseAnswer(q, raw);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};
const value = (q: QuestionDef, raw: unknown) => {
  const r = parseAnswer(q, raw);
  if (!r.ok) throw new Error(`expected a value, got "${r.error}"`);
  return r.value;
};

describe("fixture", () => {
  it("holds one question of every type", () => {
    expect(FIXTURE_QUESTIONS.map((q) => q.type).sort()).toEqual([...QUESTION_TYPES].sort());
  });
});

describe.each(QUESTION_TYPES)("%s", (type) => {
  const q: QuestionDef = Q[type];

  it("accepts its valid canonical value unchanged", () => {
    expect(value(q, VALID[type])).toEqual(VALID[type]);
  });

  it("is idempotent: parsing a parsed value gives the same value", () => {
    expect(value(q, value(q, VALID[type]))).toEqual(VALID[type]);
  });

  it("round-trips through the form fields", () => {
    const fields = valueToForm(q, VALID[type], "q-x");
    expect(value(q, formToValue(q, fields, "q-x"))).toEqual(VALID[type]);
  });

  it.each([undefined, null, ""])("refuses %j when required, naming the question", (empty) => {
    expect(error(q, empty)).toMatch(new RegExp(`question ${q.number.replace(".", "\\.")}$`));
  });

  it("yields null for an empty answer when not required", () => {
    expect(value(optional(q), undefined)).toBeNull();
    expect(value(optional(q), null)).toBeNull();
    expect(value(optional(q), " ")).toBeNull();
    const emptyForm = formToValue(q, {}, "q-x");
    expect(value(optional(q), emptyForm)).toBeNull();
    expect(isAnswered(emptyForm)).toBe(false);
  });

  it("refuses an empty form when required", () => {
    expect(parseFormAnswer(q, {}, "q-x").ok).toBe(false);
  });

  it("refuses a value of the wrong shape", () => {
    expect(parseAnswer(q, { nonsense: true }).ok).toBe(false);
    expect(parseAnswer(q, true).ok).toBe(false);
  });

  it("renders plain text for a valid value and nothing for no answer", () => {
    expect(answerToText(q, VALID[type]).length).toBeGreaterThan(0);
    expect(answerToText(q, null)).toBe("");
  });
});

describe("required-and-empty messages", () => {
  it.each([
    [Q.long_text, "Enter your answer to question 4"],
    [Q.short_text, "Enter your answer to question 1"],
    [Q.single_choice, "Select an option for question 2"],
    [Q.multiple_choice, "Select at least one option for question 3"],
    [Q.agreement_scale, "Select an option for question 6"],
    [Q.ranking, "Rank every option for question 5"],
    [Q.number, "Enter a number for question 7"],
    [Q.date, "Enter a date for question 9"],
    [Q.yes_no, "Select yes or no for question 8"],
    [Q.rag_status, "Select a RAG status for question 1.1"],
  ])("%#: %s", (q, message) => {
    expect(parseFormAnswer(q, {}, "a")).toEqual({ ok: false, error: message });
  });
});

describe("text", () => {
  it("keeps line breaks exactly, normalising CRLF to LF", () => {
    const typed = "First paragraph.\r\n\r\n  Indented line\r\nLast line\n";
    expect(value(Q.long_text, typed)).toBe("First paragraph.\n\n  Indented line\nLast line\n");
  });

  it("does not trim an answer", () => {
    expect(value(Q.short_text, "  Breckland  ")).toBe("  Breckland  ");
  });

  it("counts whitespace only as empty", () => {
    expect(error(Q.long_text, " \r\n\t\n  ")).toBe("Enter your answer to question 4");
    expect(value(optional(Q.long_text), " \n ")).toBeNull();
  });

  it("refuses a 2 MB answer with the limit message", () => {
    const huge = "x".repeat(2 * 1024 * 1024);
    expect(error(Q.long_text, huge)).toBe("Answer to question 4 must be 10,000 characters or fewer");
  });

  it("allows exactly 10,000 characters of long text and refuses 10,001", () => {
    expect(value(Q.long_text, "a".repeat(10_000))).toHaveLength(10_000);
    expect(error(Q.long_text, "a".repeat(10_001))).toBe("Answer to question 4 must be 10,000 characters or fewer");
  });

  it("counts a CRLF line break as one character", () => {
    const text = `${"a".repeat(4_999)}\r\n${"b".repeat(5_000)}`;
    expect(value(Q.long_text, text)).toHaveLength(10_000);
  });

  it("limits short text to 500 characters", () => {
    expect(error(Q.short_text, "a".repeat(501))).toBe("Answer to question 1 must be 500 characters or fewer");
  });

  it("uses the question's own maxLength and minLength", () => {
    const q = { ...Q.long_text, limits: { maxLength: 50_000, minLength: 10 } };
    expect(value(q, "a".repeat(50_000))).toHaveLength(50_000);
    expect(error(q, "a".repeat(50_001))).toBe("Answer to question 4 must be 50,000 characters or fewer");
    expect(error(q, "too short")).toBe("Answer to question 4 must be 10 characters or more");
  });

  it("never allows more than 100,000 characters whatever the question says", () => {
    const q = { ...Q.long_text, limits: { maxLength: 5_000_000 } };
    expect(error(q, "a".repeat(100_001))).toBe("Answer to question 4 must be 100,000 characters or fewer");
  });

  it("drops NUL characters, which Postgres cannot store", () => {
    expect(value(Q.short_text, "a\u0000b")).toBe("ab");
  });
});

describe("single choice and agreement scale", () => {
  it("refuses an option not offered (forged)", () => {
    expect(error(Q.single_choice, "Local authority")).toBe("Select one of the options offered for question 2");
    expect(error(Q.agreement_scale, "Somewhat agree")).toBe("Select one of the options offered for question 6");
  });

  it("matches options exactly", () => {
    expect(error(Q.single_choice, "police")).toBe("Select one of the options offered for question 2");
  });

  it("offers the standard agreement scale unless the question has its own options", () => {
    for (const option of AGREEMENT_SCALE) expect(value(Q.agreement_scale, option)).toBe(option);
    const own = { ...Q.agreement_scale, options: ["Yes, strongly", "No"] };
    expect(value(own, "Yes, strongly")).toBe("Yes, strongly");
    expect(parseAnswer(own, "Agree").ok).toBe(false);
  });

  it("refuses everything when a choice question has no options", () => {
    expect(error({ ...Q.single_choice, options: [] }, "Anything")).toBe("Select one of the options offered for question 2");
  });

  it("takes the first of a repeated form field", () => {
    expect(parseFormAnswer(Q.single_choice, { a: ["Health", "Police"] }, "a")).toEqual({ ok: true, value: "Health" });
  });
});

describe("multiple choice", () => {
  const q = Q.multiple_choice;

  it("stores the options in option order without duplicates", () => {
    expect(value(q, ["Housing", "Economy", "Housing"])).toEqual(["Economy", "Housing"]);
  });

  it("accepts a single ticked box sent as one field", () => {
    expect(parseFormAnswer(q, { a: "Environment" }, "a")).toEqual({ ok: true, value: ["Environment"] });
  });

  it("ignores the empty hidden field and treats nothing ticked as empty", () => {
    expect(parseFormAnswer(q, { a: ["", "Economy"] }, "a")).toEqual({ ok: true, value: ["Economy"] });
    expect(parseFormAnswer(optional(q), { a: "" }, "a")).toEqual({ ok: true, value: null });
    expect(error(q, [])).toBe("Select at least one option for question 3");
  });

  it("refuses an option not offered (forged)", () => {
    expect(error(q, ["Economy", "Transport"])).toBe("Select only the options offered for question 3");
  });

  it("applies min and max selections", () => {
    const limited = { ...q, limits: { minSelections: 2, maxSelections: 3 } };
    expect(error(limited, ["Economy"])).toBe("Select at least 2 options for question 3");
    expect(error(limited, ["Economy", "Housing", "Environment", "Community safety"])).toBe(
      "Select no more than 3 options for question 3",
    );
    expect(value(limited, ["Economy", "Housing"])).toEqual(["Economy", "Housing"]);
  });
});

describe("ranking", () => {
  const q = Q.ranking; // Economy, Health and wellbeing, Community safety, Environment
  const ranks = (...positions: string[]) => Object.fromEntries(positions.map((p, i) => [`a.rank.${i}`, p]));

  it("turns typed positions into options best first", () => {
    expect(parseFormAnswer(q, ranks("2", "4", "1", "3"), "a")).toEqual({
      ok: true,
      value: ["Community safety", "Economy", "Environment", "Health and wellbeing"],
    });
  });

  it("accepts positions with spaces around them", () => {
    expect(parseFormAnswer(q, ranks(" 1", "2 ", "3", "4"), "a").ok).toBe(true);
  });

  it("refuses a repeated position", () => {
    expect(parseFormAnswer(q, ranks("1", "1", "2", "3"), "a")).toEqual({
      ok: false,
      error: "Give each option a different rank for question 5",
    });
  });

  it("refuses a repeated option in a canonical list", () => {
    expect(error(q, ["Economy", "Economy", "Environment", "Community safety"])).toBe(
      "Give each option a different rank for question 5",
    );
  });

  it("refuses an incomplete ranking", () => {
    expect(parseFormAnswer(q, ranks("1", "2", "", "3"), "a")).toEqual({ ok: false, error: "Rank every option for question 5" });
    expect(error(q, ["Economy", "Environment"])).toBe("Rank every option for question 5");
  });

  it("refuses an incomplete ranking even when the question is optional", () => {
    expect(parseFormAnswer(optional(q), ranks("1", "", "", ""), "a").ok).toBe(false);
  });

  it("refuses positions that are not whole numbers in range", () => {
    const message = "Ranks for question 5 must be whole numbers from 1 to 4";
    expect(parseFormAnswer(q, ranks("1", "2", "3", "5"), "a")).toEqual({ ok: false, error: message });
    expect(parseFormAnswer(q, ranks("1", "2", "3", "0"), "a")).toEqual({ ok: false, error: message });
    expect(parseFormAnswer(q, ranks("1", "2", "3", "four"), "a")).toEqual({ ok: false, error: message });
    expect(parseFormAnswer(q, ranks("1", "2", "3", "3.5"), "a")).toEqual({ ok: false, error: message });
  });

  it("refuses an option not offered (forged)", () => {
    expect(error(q, ["Economy", "Transport", "Environment", "Community safety"])).toBe(
      "Rank only the options offered for question 5",
    );
  });

  it("ranks a top 3 when maxSelections is set", () => {
    const top3 = { ...q, limits: { maxSelections: 3 } };
    expect(parseFormAnswer(top3, ranks("", "1", "3", "2"), "a")).toEqual({
      ok: true,
      value: ["Health and wellbeing", "Environment", "Community safety"],
    });
    expect(parseFormAnswer(top3, ranks("", "1", "", "2"), "a")).toEqual({
      ok: false,
      error: "Rank your top 3 options for question 5",
    });
    expect(parseFormAnswer(top3, ranks("4", "1", "3", "2"), "a")).toEqual({
      ok: false,
      error: "Ranks for question 5 must be whole numbers from 1 to 3",
    });
    expect(error(top3, ["Economy", "Environment", "Community safety", "Health and wellbeing"])).toBe(
      "Rank no more than 3 options for question 5",
    );
    expect(valueToForm(top3, ["Environment", "Economy", "Community safety"], "a")).toEqual(ranks("2", "", "3", "1"));
  });

  it("refuses a gap in the ranks when fewer than all may be ranked", () => {
    const some = { ...q, limits: { minSelections: 1, maxSelections: 3 } };
    expect(parseFormAnswer(some, ranks("1", "", "", ""), "a")).toEqual({ ok: true, value: ["Economy"] });
    expect(parseFormAnswer(some, ranks("1", "3", "", ""), "a")).toEqual({
      ok: false,
      error: "Rank the options in order from 1 for question 5, without gaps",
    });
  });
});

describe("number", () => {
  const q = Q.number; // 0 to 365

  it("accepts whole numbers and decimals, from numbers or form text", () => {
    expect(value(q, 12)).toBe(12);
    expect(value(q, "12.5")).toBe(12.5);
    expect(value(q, " 0 ")).toBe(0);
    expect(value(q, ".5")).toBe(0.5);
  });

  it("accepts thousands separators", () => {
    expect(value({ ...q, limits: {} }, "1,500")).toBe(1500);
  });

  it("refuses text that is not a number", () => {
    for (const bad of ["twelve", "12 days", "1e3", "0x10", "Infinity", "--1"]) {
      expect(error(q, bad)).toBe("Answer to question 7 must be a number");
    }
    expect(error(q, Number.POSITIVE_INFINITY)).toBe("Enter a number for question 7");
    expect(error(q, Number.NaN)).toBe("Enter a number for question 7");
  });

  it("refuses a number out of range", () => {
    expect(error(q, "366")).toBe("Answer to question 7 must be between 0 and 365");
    expect(error(q, -1)).toBe("Answer to question 7 must be between 0 and 365");
    expect(value(q, 365)).toBe(365);
    expect(error({ ...q, limits: { min: 1 } }, 0)).toBe("Answer to question 7 must be 1 or more");
    expect(error({ ...q, limits: { max: 10_000 } }, 10_001)).toBe("Answer to question 7 must be 10,000 or less");
  });
});

describe("date", () => {
  const q = Q.date;
  const parts = (day: string, month: string, year: string) => ({ "a.day": day, "a.month": month, "a.year": year });

  it("builds YYYY-MM-DD from the day, month and year fields", () => {
    expect(parseFormAnswer(q, parts("3", "3", "2026"), "a")).toEqual({ ok: true, value: "2026-03-03" });
    expect(parseFormAnswer(q, parts("29", "02", "2028"), "a")).toEqual({ ok: true, value: "2028-02-29" });
  });

  it("refuses a date that does not exist", () => {
    expect(parseFormAnswer(q, parts("30", "2", "2026"), "a")).toEqual({ ok: false, error: "Enter a real date for question 9" });
    expect(error(q, "2026-02-30")).toBe("Enter a real date for question 9");
    expect(error(q, "2026-02-29")).toBe("Enter a real date for question 9");
    expect(error(q, "1900-02-29")).toBe("Enter a real date for question 9");
    expect(value(q, "2000-02-29")).toBe("2000-02-29");
    expect(error(q, "2026-13-01")).toBe("Enter a real date for question 9");
    expect(error(q, "3 March 2026")).toBe("Enter a real date for question 9");
    expect(parseFormAnswer(q, parts("x", "3", "2026"), "a")).toEqual({ ok: false, error: "Enter a real date for question 9" });
  });

  it("says which part of the date is missing", () => {
    expect(parseFormAnswer(q, parts("3", "", "2026"), "a")).toEqual({
      ok: false,
      error: "Date for question 9 must include a month",
    });
    expect(parseFormAnswer(q, parts("", "", "2026"), "a")).toEqual({
      ok: false,
      error: "Date for question 9 must include a day and month",
    });
  });

  it("wants a four-figure year", () => {
    expect(parseFormAnswer(q, parts("3", "3", "26"), "a")).toEqual({
      ok: false,
      error: "Year for question 9 must include 4 numbers",
    });
  });

  it("shows a date as people read it", () => {
    expect(answerToText(q, "2026-03-03")).toBe("3 March 2026");
  });
});

describe("yes/no with explanation", () => {
  const q = Q.yes_no;

  it("reads the radios and the explanation", () => {
    expect(parseFormAnswer(q, { a: "No", "a.explanation": "Not this year.\r\nPerhaps in 2027." }, "a")).toEqual({
      ok: true,
      value: { answer: "No", explanation: "Not this year.\nPerhaps in 2027." },
    });
  });

  it("allows no explanation, and stores whitespace-only as none", () => {
    expect(value(q, { answer: "Yes" })).toEqual({ answer: "Yes", explanation: "" });
    expect(value(q, { answer: "Yes", explanation: "  \n " })).toEqual({ answer: "Yes", explanation: "" });
  });

  it("refuses an explanation without an answer, even when optional", () => {
    expect(error(optional(q), { explanation: "Depends on funding" })).toBe("Select yes or no for question 8");
  });

  it("refuses a forged answer", () => {
    expect(error(q, { answer: "Maybe", explanation: "" })).toBe("Select yes or no for question 8");
  });

  it("limits the explanation to 5,000 characters", () => {
    expect(error(q, { answer: "Yes", explanation: "x".repeat(5_001) })).toBe(
      "Explanation for question 8 must be 5,000 characters or fewer",
    );
  });

  it("drops unknown keys", () => {
    expect(value(q, { answer: "Yes", explanation: "", extra: 1 })).toEqual({ answer: "Yes", explanation: "" });
  });

  it("renders answer – explanation", () => {
    expect(answerToText(q, { answer: "Yes", explanation: "Two officers." })).toBe("Yes – Two officers.");
    expect(answerToText(q, { answer: "No", explanation: "" })).toBe("No");
  });
});

describe("RAG status with commentary", () => {
  const q = Q.rag_status;

  it("accepts each status", () => {
    for (const status of ["Red", "Amber", "Green", "Achieved"]) {
      expect(value(q, { status, commentary: "" })).toEqual({ status, commentary: "" });
    }
  });

  it("refuses a forged status", () => {
    expect(error(q, { status: "Blue", commentary: "" })).toBe("Select Red, Amber, Green or Achieved for question 1.1");
  });

  it("refuses commentary without a status", () => {
    expect(parseFormAnswer(q, { "a.commentary": "Behind schedule" }, "a")).toEqual({
      ok: false,
      error: "Select a RAG status for question 1.1",
    });
  });

  it("limits the commentary to 5,000 characters, or the question's maxLength", () => {
    expect(error(q, { status: "Red", commentary: "x".repeat(5_001) })).toBe(
      "Commentary for question 1.1 must be 5,000 characters or fewer",
    );
    expect(value({ ...q, limits: { maxLength: 8_000 } }, { status: "Red", commentary: "x".repeat(8_000) })).toBeTruthy();
  });

  it("renders status: commentary", () => {
    expect(answerToText(q, { status: "Amber", commentary: "Funding not confirmed" })).toBe("Amber: Funding not confirmed");
    expect(answerToText(q, { status: "Achieved", commentary: "" })).toBe("Achieved");
  });
});

describe("answerToText", () => {
  it("joins lists as the export expects", () => {
    expect(answerToText(Q.ranking, ["Economy", "Housing"])).toBe("1. Economy; 2. Housing");
    expect(answerToText(Q.multiple_choice, ["Economy", "Housing"])).toBe("Economy; Housing");
    expect(answerToText(Q.number, 1500.25)).toBe("1500.25");
  });
});

describe("isAnswered", () => {
  it("knows an empty value from a given one", () => {
    for (const empty of [null, undefined, "", "  \n", [], [""], { answer: "", explanation: " " }]) {
      expect(isAnswered(empty)).toBe(false);
    }
    for (const given of ["a", 0, ["Economy"], { answer: "No", explanation: "" }, { status: "Red", commentary: "" }]) {
      expect(isAnswered(given)).toBe(true);
    }
  });
});

describe("fieldsFromFormData", () => {
  it("collects repeated names into a list", () => {
    const data = new FormData();
    data.append("q", "Economy");
    data.append("q", "Housing");
    data.append("q.explanation", "text");
    expect(fieldsFromFormData(data)).toEqual({ q: ["Economy", "Housing"], "q.explanation": "text" });
  });
});

describe("answerSchema", () => {
  it("is a zod schema usable directly", () => {
    const schema = answerSchema(Q.single_choice);
    expect(schema.safeParse("Police").success).toBe(true);
    expect(schema.safeParse("Fire").success).toBe(false);
  });
});

describe("answerSchema's cache", () => {
  it("reuses a frozen question's schema by identity, and its optional variant accepts no answer", () => {
    const q = Object.freeze({ ...Q.short_text, required: true });
    expect(answerSchema(q)).toBe(answerSchema(q));
    expect(answerSchema(q).safeParse(null).success).toBe(false);
    expect(answerSchema(q, { optional: true }).safeParse(null).success).toBe(true);
    expect(answerSchema(q, { optional: true })).toBe(answerSchema(q, { optional: true }));
  });
});

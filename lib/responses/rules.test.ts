import { describe, expect, it } from "vitest";
import { answerHash, stableJson } from "./hash";
import {
  answerSummary,
  chapterDisplay,
  chapterProgress,
  controlSettings,
  parseSnapshot,
  receiptEmail,
  respondWindow,
  windowMessage,
  type SnapshotChapter,
  type SnapshotQuestion,
} from "./rules";
import { baseField, encodeBase, parseBase, parseResolve, questionIdsInForm, questionPrefix } from "./schemas";

let n = 0;
function q(number: string, partial: Partial<SnapshotQuestion> = {}): SnapshotQuestion {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    number,
    subheading: null,
    type: "long_text",
    text: `Question ${number}`,
    hint: "",
    required: false,
    options: [],
    limits: {},
    showIf: null,
    ...partial,
  };
}
const chapter = (title: string, questions: SnapshotQuestion[]): SnapshotChapter => ({ id: `ch-${title}`, title, description: "", questions });

describe("respondWindow", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it("is open between opening and closing", () => {
    expect(respondWindow({ status: "open", opensAt: new Date("2026-02-01"), closesAt: new Date("2026-03-03") }, now)).toBe("open");
    expect(respondWindow({ status: "open", opensAt: null, closesAt: null }, now)).toBe("open");
  });
  it("is closed at the closing time, or when an officer closed it", () => {
    expect(respondWindow({ status: "open", opensAt: null, closesAt: now }, now)).toBe("closed");
    expect(respondWindow({ status: "closed", opensAt: null, closesAt: new Date("2027-01-01") }, now)).toBe("closed");
    expect(respondWindow({ status: "archived", opensAt: null, closesAt: null }, now)).toBe("closed");
  });
  it("is not open before the opening time, or while a draft", () => {
    expect(respondWindow({ status: "open", opensAt: new Date("2026-03-02"), closesAt: null }, now)).toBe("not_open_yet");
    expect(respondWindow({ status: "draft", opensAt: null, closesAt: null }, now)).toBe("not_open_yet");
  });
  it("says when, and that nothing was saved", () => {
    const closes = new Date("2026-02-28T17:00:00Z");
    // Intl puts a narrow no-break space before "pm".
    expect(windowMessage({ opensAt: null, closesAt: closes }, "closed", now)).toMatch(
      /^This consultation closed on 28 February 2026, 5:00\spm and no longer accepts answers\. Nothing has been saved\.$/,
    );
    expect(windowMessage({ opensAt: new Date("2026-03-05T09:00:00Z"), closesAt: null }, "not_open_yet", now)).toMatch(
      /^This consultation is not open yet: it opens on 5 March 2026, 9:00\sam\. Nothing has been saved\.$/,
    );
    expect(windowMessage({ opensAt: null, closesAt: null }, "open", now)).toBeNull();
  });
});

describe("chapterDisplay", () => {
  const sector = q("1", { type: "single_choice", options: ["Police", "Health"] });
  const why = q("2", { showIf: { questionNumber: "1", equals: ["Police"] } });
  const which = q("3", { showIf: { questionNumber: "2", equals: ["x"] } }); // chain on the same page
  const later = q("4", { showIf: { questionNumber: "1", equals: ["Police"] } });
  const plain = q("5");
  const chapters = [chapter("A", [sector, why, which]), chapter("B", [later, plain])];

  it("shows a same-page show-if with its condition, whatever is stored", () => {
    const shown = chapterDisplay(chapters, 0, new Map());
    expect(shown.map((d) => [d.question.number, d.conditional?.questionNumber ?? null])).toEqual([
      ["1", null],
      ["2", "1"],
      ["3", "2"],
    ]);
  });

  it("decides a show-if on an earlier page from the stored answers", () => {
    expect(chapterDisplay(chapters, 1, new Map()).map((d) => d.question.number)).toEqual(["5"]);
    expect(chapterDisplay(chapters, 1, new Map([[sector.id, "Health"]])).map((d) => d.question.number)).toEqual(["5"]);
    const shown = chapterDisplay(chapters, 1, new Map([[sector.id, "Police"]]));
    expect(shown.map((d) => [d.question.number, d.conditional])).toEqual([
      ["4", null],
      ["5", null],
    ]);
  });

  it("shows nothing for a chapter that does not exist", () => {
    expect(chapterDisplay(chapters, 7, new Map())).toEqual([]);
  });
});

describe("chapterProgress", () => {
  const a = q("1", { required: true });
  const b = q("2");
  const c = q("3", { type: "yes_no" });
  const d = q("4", { showIf: { questionNumber: "3", equals: ["Yes"] }, required: true });
  const chapters = [chapter("One", [a, b]), chapter("Two", [c]), chapter("Three", [d])];

  it("counts chapters not started, in progress and completed, and what is still required", () => {
    const p = chapterProgress(chapters, new Map<string, unknown>([[b.id, "Something"]]));
    expect(p.chapters.map((x) => x.state)).toEqual(["in_progress", "not_started", "not_needed"]);
    expect(p.missingRequired.map((x) => x.number)).toEqual(["1"]);
    expect(p.answeredCount).toBe(1);
  });

  it("brings in a chapter once an answer routes to it", () => {
    const p = chapterProgress(
      chapters,
      new Map<string, unknown>([
        [a.id, "A"],
        [b.id, "B"],
        [c.id, { answer: "Yes", explanation: "" }],
      ]),
    );
    expect(p.chapters.map((x) => x.state)).toEqual(["completed", "completed", "not_started"]);
    expect(p.missingRequired.map((x) => x.number)).toEqual(["4"]);
  });

  it("marks a chapter of optional questions completed once finished with Save and continue, even left empty", () => {
    const optional = [chapter("Optional", [q("5"), q("6")])];
    expect(chapterProgress(optional, new Map()).chapters[0]!.state).toBe("not_started");
    expect(chapterProgress(optional, new Map(), new Set([optional[0]!.id])).chapters[0]!.state).toBe("completed");
    // Some optional answers given, the rest left empty: completed once finished, in progress before.
    const some = new Map<string, unknown>([[optional[0]!.questions[0]!.id, "A thought"]]);
    expect(chapterProgress(optional, some).chapters[0]!.state).toBe("in_progress");
    expect(chapterProgress(optional, some, new Set([optional[0]!.id])).chapters[0]!.state).toBe("completed");
  });

  it("keeps a finished chapter in progress while a question it requires has no answer", () => {
    const finished = new Set(chapters.map((c) => c.id));
    const p = chapterProgress(chapters, new Map<string, unknown>([[b.id, "B"], [c.id, { answer: "Yes", explanation: "" }]]), finished);
    // Chapter one's required question 1 is empty; chapter three's question 4 is now shown and required.
    expect(p.chapters.map((x) => x.state)).toEqual(["in_progress", "completed", "in_progress"]);
  });
});

describe("answerSummary and the receipt", () => {
  const a = q("1", { text: "Key priorities?" });
  const b = q("2", { type: "single_choice", options: ["Increase", "Reduce"], text: "Commitment?" });
  const c = q("3", { text: "Anything else?" });
  const chapters = [chapter("Priorities", [a, b]), chapter("Other", [c])];
  const answers = new Map<string, unknown>([
    [a.id, "Safety.\nAnd jobs."],
    [b.id, "Increase"],
  ]);

  it("lists every question seen with its answer as text", () => {
    const s = answerSummary(chapters, answers);
    expect(s.map((ch) => ch.items.map((i) => [i.question.number, i.answered, i.text]))).toEqual([
      [
        ["1", true, "Safety.\nAnd jobs."],
        ["2", true, "Increase"],
      ],
      [["3", false, ""]],
    ]);
    expect(answerSummary(chapters, answers, { answeredOnly: true }).map((ch) => ch.chapter.title)).toEqual(["Priorities"]);
  });

  it("writes a receipt with the reference and a copy of every answer", () => {
    const r = receiptEmail({
      consultationTitle: "Partner questionnaire",
      organisationName: "Lancashire Constabulary",
      reference: "PARTN-7K3F-92QX",
      revision: 1,
      submittedAt: "1 March 2026, 12:00pm",
      submittedBy: "Sarah Lee",
      viewUrl: "https://consult.example/respond/partner/submitted",
      summary: answerSummary(chapters, answers),
    });
    expect(r.subject).toBe("Response received: Partner questionnaire (PARTN-7K3F-92QX)");
    expect(r.text).toContain("Reference: PARTN-7K3F-92QX");
    expect(r.text).toContain("1. Key priorities?\nSafety.\nAnd jobs.");
    expect(r.text).toContain("3. Anything else?\n(not answered)");
    expect(r.text).toContain("https://consult.example/respond/partner/submitted");
    const amended = receiptEmail({ ...{ consultationTitle: "P", organisationName: "O", reference: "R", submittedAt: "", submittedBy: "", viewUrl: "" }, revision: 3, summary: [] });
    expect(amended.subject).toBe("Amended response received: P (R)");
    expect(amended.text).toContain("Version: 3 (amendment 2)");
  });

  it("tells a member of the public how to ask for a copy or erasure of their information", () => {
    const base = { consultationTitle: "P", organisationName: "O", reference: "R", submittedAt: "", submittedBy: "", revision: 1, summary: [] };
    const pub = receiptEmail({ ...base, viewUrl: "https://consult.example.gov.uk/respond/p/submitted", contact: { name: "Consultation team", email: "consult@council.example" }, publicRespondent: { publicReference: "P1", consent: "Publish anonymously", privacyNotice: "We use it." } });
    expect(pub.text).toContain("You can ask for a copy of your information or for it to be erased: write to Consultation team (consult@council.example) from this email address.");
    expect(pub.text).toContain("https://consult.example.gov.uk/privacy#your-rights");
    expect(receiptEmail({ ...base, viewUrl: "" }).text).not.toContain("erased");
  });
});

describe("parseSnapshot", () => {
  it("reads the published snapshot and tolerates missing fields", () => {
    const chapters = parseSnapshot({
      chapters: [{ id: "c1", title: "One", questions: [{ id: "q1", number: "1", type: "long_text", text: "Why?", subheading: "" }] }],
    });
    expect(chapters[0]!.questions[0]).toEqual({
      id: "q1",
      number: "1",
      subheading: null,
      type: "long_text",
      text: "Why?",
      hint: "",
      required: false,
      options: [],
      limits: {},
      showIf: null,
    });
    expect(parseSnapshot(null)).toEqual([]);
  });
});

describe("form field names and bases", () => {
  const id = "0a1b2c3d-0000-4000-8000-000000000001";
  it("finds the questions a post answers from their base fields only", () => {
    expect(
      questionIdsInForm([baseField(id), questionPrefix(id), `${questionPrefix(id)}.day`, "q-not-a-uuid.base", "organisationId", baseField(id)]),
    ).toEqual([id]);
  });
  it("round-trips a base and refuses a malformed one", () => {
    expect(parseBase(encodeBase({ version: 3, hash: "ab12" }))).toEqual({ version: 3, hash: "ab12" });
    expect(parseBase("3")).toBeNull();
    expect(parseBase("x:ab")).toBeNull();
    expect(parseBase(undefined)).toBeNull();
    expect(parseResolve("mine:2:ab12")).toEqual({ keep: "mine", base: { version: 2, hash: "ab12" } });
    expect(parseResolve("both:2:ab12")).toBeNull();
  });
});

describe("answerHash", () => {
  it("is the same for equal values whatever the key order, and differs otherwise", () => {
    expect(answerHash({ answer: "Yes", explanation: "x" })).toBe(answerHash({ explanation: "x", answer: "Yes" }));
    expect(answerHash("a")).not.toBe(answerHash("a "));
    expect(answerHash(null)).toBe(answerHash(undefined));
    expect(stableJson([1, { b: 2, a: "x" }])).toBe('[1,{"a":"x","b":2}]');
  });
});

describe("controlSettings", () => {
  it("states the limits and choices each control shows", () => {
    expect(controlSettings(q("1"))).toEqual({ options: [], textMax: 10_000, pairMax: null });
    expect(controlSettings(q("2", { type: "short_text", limits: { maxLength: 80 } }))).toEqual({ options: [], textMax: 80, pairMax: null });
    expect(controlSettings(q("3", { type: "long_text", limits: { maxLength: 10_000_000 } })).textMax).toBe(100_000);
    expect(controlSettings(q("4", { type: "agreement_scale" })).options).toEqual([
      "Strongly agree",
      "Agree",
      "Neither agree nor disagree",
      "Disagree",
      "Strongly disagree",
    ]);
    expect(controlSettings(q("5", { type: "yes_no" }))).toEqual({ options: ["Yes", "No"], textMax: null, pairMax: 5_000 });
    expect(controlSettings(q("6", { type: "rag_status" })).options).toEqual(["Red", "Amber", "Green", "Achieved"]);
    expect(controlSettings(q("7", { type: "single_choice", options: ["A", "B"] })).options).toEqual(["A", "B"]);
  });
});

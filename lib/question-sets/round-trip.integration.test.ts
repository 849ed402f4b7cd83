// Export → import → export gives the same question set, for every seed consultation and for
// one with a question of every type.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { ForbiddenError } from "../errors";
import { exportQuestionSet } from "./export";
import { importQuestionSet, parseQuestionSetJson } from "./import";

let t: TestDb;
let w: Awaited<ReturnType<typeof seedWorld>>;
beforeAll(async () => {
  t = await createTestDb();
  w = await seedWorld(t.db);
});
afterAll(async () => t?.close());

const EVERY_TYPE = {
  format: "council-consult/question-set",
  formatVersion: 1,
  title: "Every type",
  summary: "One of each.",
  kind: "consultation_to_answer",
  askedBy: "DCLG",
  responseDeadline: "2026-06-30",
  opensOn: "2026-03-29",
  closesOn: "2026-10-25",
  audienceDescription: "Partners",
  privacyNotice: "Kept 24 months",
  stages: [{ name: "Scoping", description: "First", startsOn: "2026-04-01", dueOn: "2026-04-30" }, { name: "Sign-off", dueOn: "2026-06-30" }],
  chapters: [
    {
      title: "One",
      description: "About one",
      questions: [
        { number: "1", subheading: "Sector", type: "single_choice", text: "Sector?", hint: "Pick one", required: true, options: ["Police", "Health"] },
        { number: "2", type: "multiple_choice", text: "Themes?", required: false, options: ["A", "B", "C"], limits: { minSelections: 1, maxSelections: 2 } },
        { number: "3", type: "ranking", text: "Rank", required: false, options: ["X", "Y"] },
        { number: "4", type: "agreement_scale", text: "Agree?", required: false },
        { number: "5", type: "yes_no", text: "Commit?", required: true, draftAnswer: "Yes, two officers." },
      ],
    },
    {
      title: "Two",
      questions: [
        { number: "6", type: "long_text", text: "Explain", required: false, limits: { maxLength: 3000 }, showIf: { questionNumber: "5", equals: ["Yes"] } },
        { number: "7", type: "short_text", text: "Name", required: false },
        { number: "8", type: "number", text: "Days", required: false, limits: { min: 0, max: 365 } },
        { number: "9", type: "date", text: "When", required: false },
        { number: "10", type: "rag_status", text: "Milestone", required: false },
      ],
    },
  ],
};

describe("question-set round trip", () => {
  it("keeps a question of every type, with dates across the clock change, exactly", async () => {
    const parsed = parseQuestionSetJson(JSON.stringify(EVERY_TYPE));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const c = await importQuestionSet(t.db, parsed.set, w.officer);
    const first = await exportQuestionSet(t.db, c.id, w.officer);
    expect(first).toEqual(EVERY_TYPE);
  });

  it.each(["lsp-shaping-their-future", "partner-questionnaire-scs-refresh", "leicestershire-scs-laa", "town-centre-survey"])(
    "exports %s, imports it back and exports the same document",
    async (slug) => {
      const [c] = await t.db.select().from(consultations).where(eq(consultations.slug, slug));
      const first = await exportQuestionSet(t.db, c.id, w.officer);
      const reparsed = parseQuestionSetJson(JSON.stringify(first, null, 2));
      if (!reparsed.ok) throw new Error(JSON.stringify(reparsed.errors));
      const copy = await importQuestionSet(t.db, reparsed.set, w.officer);
      expect(copy.id).not.toBe(c.id);
      expect(copy.status).toBe("draft");
      const second = await exportQuestionSet(t.db, copy.id, w.officer);
      expect(second).toEqual(first);
      if (slug === "lsp-shaping-their-future") {
        expect(first.chapters.flatMap((ch) => ch.questions)).toHaveLength(35);
        expect(first.chapters[0].questions[0].draftAnswer).toBeTruthy();
      }
    },
  );

  it("refuses export to people outside the council, and import to partners", async () => {
    const [c] = await t.db.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
    await expect(exportQuestionSet(t.db, c.id, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(exportQuestionSet(t.db, c.id, w.otherOfficer)).rejects.toBeInstanceOf(ForbiddenError);
    const parsed = parseQuestionSetJson(JSON.stringify(EVERY_TYPE));
    if (!parsed.ok) throw new Error("bad fixture");
    await expect(importQuestionSet(t.db, parsed.set, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

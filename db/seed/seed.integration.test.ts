// The demo content, loaded into a fresh database on Postgres (DATABASE_URL) or PGlite.
import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionPlans, consultations, documentParagraphs, documents, documentVersions, draftAnswers, memberships, planPriorities, questions, reportingPeriods, responses, sections, stages } from "../schema";
import { createTestDb, type TestDb } from "../testing";
import { currentStage } from "../../lib/consultations/stages";
import { ukDate } from "../../lib/consultations/dates";
import { resolveDate } from "../../lib/question-sets/schema";
import { loadDemoContent, readQuestionSetFile } from "./load";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
});
afterAll(async () => t?.close());

async function odpm() {
  const [c] = await t.db.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
  return c;
}

describe("demo content", () => {
  it("has the ODPM consultation with exactly 35 questions numbered 1–35 in 4 chapters", async () => {
    const c = await odpm();
    expect(c.kind).toBe("consultation_to_answer");
    expect(c.status).toBe("open");
    const chapters = await t.db.select().from(sections).where(eq(sections.consultationId, c.id)).orderBy(asc(sections.position));
    expect(chapters.map((s) => s.title)).toEqual([
      "The role of LSPs and Sustainable Community Strategies",
      "Governance",
      "Accountability",
      "Capacity issues",
    ]);
    const qs = await t.db.select().from(questions).where(eq(questions.consultationId, c.id)).orderBy(asc(questions.position));
    expect(qs.map((q) => q.number)).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    const perChapter = chapters.map((ch) => qs.filter((q) => q.sectionId === ch.id).length);
    expect(perChapter).toEqual([11, 10, 9, 5]);
  });

  it("keeps the seed's wording word for word", async () => {
    const c = await odpm();
    const source = readFileSync(path.resolve(__dirname, "../../../shared/seeds/002_c29d52a561d580ca.txt"), "utf8");
    const qs = await t.db.select().from(questions).where(eq(questions.consultationId, c.id));
    for (const q of qs) expect(source, `question ${q.number}`).toContain(`${q.number}: ${q.text}`);
    const q2 = qs.find((q) => q.number === "2")!;
    expect(q2.subheading).toBe("Regional/sub-regional engagement");
    expect(q2.text).toBe(
      "We believe it is important that LSPs reflect regional/sub-regional plans where relevant in their Sustainable Community Strategy priorities and that regional organisations and partnerships take account of key local needs. How can this greater co-ordination best be facilitated?",
    );
  });

  it("has Chorley's 35 draft answers, question 17's being a cross-reference", async () => {
    const c = await odpm();
    const rows = await t.db
      .select({ number: questions.number, text: draftAnswers.text, status: draftAnswers.status })
      .from(draftAnswers)
      .innerJoin(questions, eq(questions.id, draftAnswers.questionId))
      .where(eq(draftAnswers.consultationId, c.id));
    expect(rows).toHaveLength(35);
    expect(rows.every((r) => r.text.length > 0 && r.status === "drafting")).toBe(true);
    expect(rows.find((r) => r.number === "17")!.text).toBe("As for 16 above.");
    expect(rows.find((r) => r.number === "3")!.text).toContain("with greater flexibility (to be less tied to national targets)");
  });

  it("has the Breckland questionnaire's four stages; the Rochford progress returns are the action plan's, not a questionnaire", async () => {
    const [b] = await t.db.select().from(consultations).where(eq(consultations.slug, "partner-questionnaire-scs-refresh"));
    const st = await t.db.select().from(stages).where(eq(stages.consultationId, b.id)).orderBy(asc(stages.position));
    expect(st.map((s) => s.name)).toEqual(["Scoping stage", "Testing stage", "Draft stage", "Approval stage"]);
    expect(await t.db.select().from(consultations).where(eq(consultations.slug, "action-plan-progress-return"))).toEqual([]);
    expect(await t.db.select().from(questions).where(eq(questions.type, "rag_status"))).toEqual([]);
    const [plan] = await t.db.select().from(actionPlans).where(eq(actionPlans.slug, "rochford-lsp-action-plan-2009-10"));
    expect(await t.db.select().from(planPriorities).where(eq(planPriorities.planId, plan!.id))).toHaveLength(7);
    expect(await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan!.id))).toHaveLength(4);
  });

  it("has the Breckland questionnaire open, at its testing stage, on the day the demo is loaded (its dates are relative to that day)", async () => {
    const [b] = await t.db.select().from(consultations).where(eq(consultations.slug, "partner-questionnaire-scs-refresh"));
    const st = await t.db.select().from(stages).where(eq(stages.consultationId, b!.id));
    expect(currentStage(st, ukDate(new Date())!)).toMatchObject({ number: 2, name: "Testing stage" });
    expect(b!.opensAt!.getTime()).toBeLessThan(Date.now());
    expect(b!.closesAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("keeps the Breckland stages in sequence, one after another, the testing stage under way, whatever the day", () => {
    const set = readQuestionSetFile("breckland-partner-questionnaire.json");
    for (const day of ["2026-12-04", "2027-06-15", "2031-02-28"]) {
      const today = new Date(`${day}T12:00:00Z`);
      const st = set.stages.map((s, i) => ({ name: s.name, position: i, startsOn: resolveDate(s.startsOn!, today), dueOn: resolveDate(s.dueOn!, today) }));
      for (const [i, s] of st.entries()) {
        expect(s.startsOn < s.dueOn).toBe(true);
        // Each stage starts the day after the one before is due.
        if (i) expect(resolveDate("@+1d", new Date(`${st[i - 1]!.dueOn}T12:00:00Z`))).toBe(s.startsOn);
      }
      expect(currentStage(st, day), day).toMatchObject({ number: 2, name: "Testing stage" });
      expect(resolveDate(set.opensOn!, today) < day && day < resolveDate(set.closesOn!, today)).toBe(true);
    }
  });

  it("has five consultations", async () => {
    expect((await t.db.select({ slug: consultations.slug }).from(consultations)).map((c) => c.slug).sort()).toEqual([
      "leicestershire-scs-laa",
      "library-opening-hours",
      "lsp-shaping-their-future",
      "partner-questionnaire-scs-refresh",
      "town-centre-survey",
    ]);
  });

  it("has Breckland's board paper as a document on its questionnaire, at the testing stage, numbered as the paper numbers it", async () => {
    const [b] = await t.db.select().from(consultations).where(eq(consultations.slug, "partner-questionnaire-scs-refresh"));
    const docs = await t.db.select().from(documents).where(eq(documents.consultationId, b.id));
    expect(docs.map((d) => d.title)).toEqual(["The Breckland Partnership: its future role"]);
    const [v] = await t.db.select({ id: documentVersions.id, status: documentVersions.status, stage: stages.name }).from(documentVersions).innerJoin(stages, eq(stages.id, documentVersions.stageId)).where(eq(documentVersions.documentId, docs[0]!.id));
    expect(v).toMatchObject({ status: "published", stage: "Testing stage" });
    const paras = await t.db.select().from(documentParagraphs).where(eq(documentParagraphs.versionId, v!.id)).orderBy(asc(documentParagraphs.position));
    expect(paras[0]!.number).toBe("1.1");
    expect(paras.map((p) => p.number)).toContain("4.3.3");
    expect(paras.at(-1)!.number).toBe("6.5");
    // The partner questionnaire the paper describes is the consultation's own.
    expect(paras.find((p) => p.number === "4.3.3")!.text).toContain("design and distribute a partner questionnaire");
    const source = readFileSync(path.resolve(__dirname, "../../../shared/seeds/004_52678a4c6e4d4d44.txt"), "utf8");
    expect(source).toContain(paras[0]!.text.slice(0, 60));
  });

  it("has demo users for every role", async () => {
    const roles = await t.db.selectDistinct({ role: memberships.role }).from(memberships);
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "officer", "partner", "scrutiny", "signatory"]);
  });
});

describe("integrity rules in the schema", () => {
  it("allows one response per organisation per consultation", async () => {
    const [existing] = await t.db.select().from(responses).limit(1);
    await expect(
      t.db.insert(responses).values({ consultationId: existing.consultationId, organisationId: existing.organisationId }),
    ).rejects.toThrow();
  });

  it("refuses a consultation that closes before it opens", async () => {
    const c = await odpm();
    await expect(
      t.db.update(consultations).set({ closesAt: new Date("2000-01-01") }).where(eq(consultations.id, c.id)),
    ).rejects.toThrow();
  });

  it("refuses an unknown question type", async () => {
    const c = await odpm();
    const [s] = await t.db.select().from(sections).where(eq(sections.consultationId, c.id)).limit(1);
    await expect(
      t.db.insert(questions).values({ consultationId: c.id, sectionId: s.id, number: "99", type: "essay" as never, text: "x", position: 99 }),
    ).rejects.toThrow();
  });

  it("never lets the audit log be changed or deleted", async () => {
    const [{ n }] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    expect(n).toBeGreaterThan(0);
    const cause = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
    expect(await cause(t.db.execute(sql`update audit_log set action = 'x'`))).toMatch(/append-only/);
    expect(await cause(t.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
  });
});

// A partner's return on a real database (Postgres with DATABASE_URL, else PGlite), on the demo
// content: scoping to what the organisation owns, concurrent edits, carry-forward, submission
// and amendments, and the closed period.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../db/testing";
import { auditLog, organisations, outbox, planIndicators, planItems, planReturns, reportingPeriods, returnItems, returnSubmissions } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ForbiddenError, InvalidError, LockedError } from "../errors";
import { editBase, EditConflictError, parseEditBase } from "../input/edit-merge";
import { overrideFormValues } from "./rules";
import { openPg } from "../../db/client";
import { raceOnRow } from "../../db/testing/race";
import { overrideIndicatorRag, saveReturn, submitReturn } from "./commands";
import { getReturnForm, listMyReturns } from "./queries";
import { getPlanDashboard, getPlanReport, getPlanReportPage, reportPageOf } from "./report";
import ExcelJS from "exceljs";
import { XML_INVALID } from "../escape";
import { readZipEntries } from "../exports/testing/zip";
import { periodSheetName, reportCsv, reportDocx, reportHtml, reportXlsx } from "./export";
import { reopenReturn, runPeriodScan } from "./periods";

let t: TestDb;
const actors: Record<string, Actor> = {};
const orgs: Record<string, string> = {};
let current: { id: string };
let past: { id: string };

async function actor(email: string) {
  const u = await findUserByEmail(t.db, email);
  return (await loadActor(t.db, u!.id))!;
}

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  for (const [k, e] of Object.entries({ hwp: "janet.price@hwp.example", cig: "tom.archer@cig.example", cdrp: "kevin.doyle@cdrp.example", officer: "jane.fisher@council.example", scrutiny: "peter.moss@council.example", police: "sarah.lee@police.example" })) actors[k] = await actor(e);
  for (const o of await t.db.select().from(organisations)) orgs[o.name] = o.id;
  const periods = await t.db.select().from(reportingPeriods).orderBy(reportingPeriods.position);
  past = periods[2]!;
  current = periods[3]!;
});
afterAll(async () => {
  await t?.close();
});

const HWP = () => orgs["Rochford Health and Wellbeing Partnership"]!;
const CIG = () => orgs["Rochford Community Involvement Group"]!;

describe("a partner's return", () => {
  it("shows only what the organisation owns, grouped by priority, with last period's beside it", async () => {
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    expect(form.priorities.map((p) => p.number)).toEqual([1]);
    const labels = form.priorities[0]!.subjects.map((s) => (s.subject.kind === "indicator" ? s.subject.code : s.subject.number));
    expect(labels).toEqual(["LI 2.1", "1.1", "1.2", "1.3", "1.4", "P1.1", "P1.2"]);
    expect(form.priorities[0]!.subjects.every((s) => s.previous !== null)).toBe(true);
    expect(form.window.state).toBe("open");
    const cig = await getReturnForm(t.db, { periodId: current.id, organisationId: CIG() }, actors.cig!);
    expect(cig.priorities.map((p) => p.number)).toEqual([2, 3, 4]);
  });

  it("refuses another organisation's return to a partner, and lets the council read it", async () => {
    await expect(getReturnForm(t.db, { periodId: current.id, organisationId: CIG() }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.police!)).rejects.toBeInstanceOf(ForbiddenError);
    const read = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.officer!);
    expect(read.canEdit).toBe(false);
    await expect(saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [] }, actors.officer!)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses a save that names an item another organisation owns, writing nothing", async () => {
    const [cigItem] = await t.db.select().from(planItems).where(eq(planItems.ownerOrganisationId, CIG())).limit(1);
    const [hwpItem] = await t.db.select().from(planItems).where(eq(planItems.ownerOrganisationId, HWP())).limit(1);
    const attempt = saveReturn(
      t.db,
      { periodId: current.id, organisationId: HWP(), items: [{ subjectId: hwpItem!.id, posted: { status: "complete", commentary: "mine" } }, { subjectId: cigItem!.id, posted: { status: "complete", commentary: "not mine" } }] },
      actors.hwp!,
    );
    await expect(attempt).rejects.toBeInstanceOf(InvalidError);
    const written = await t.db.select().from(returnItems).where(eq(returnItems.itemId, cigItem!.id));
    expect(written.some((w) => w.commentary === "not mine")).toBe(false);
    // Nor through its own organisation's id: a partner of HWP cannot write CIG's return.
    await expect(saveReturn(t.db, { periodId: current.id, organisationId: CIG(), items: [{ subjectId: cigItem!.id, posted: { status: "complete" } }] }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("asks for a corrective action when a milestone is Red, and drops a RAG unless in progress", async () => {
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    const m = form.priorities[0]!.subjects.find((s) => s.subject.kind === "milestone")!;
    const r = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "red", commentary: "Slipping" } }] }, actors.hwp!);
    expect(r.errors[`${m.subject.id}.correctiveAction`]).toMatch(/corrective action/);
    expect(r.saved).toBe(0);
    const ok = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "complete", rag: "red", commentary: "Done" } }] }, actors.hwp!);
    expect(ok.saved).toBe(1);
    const [row] = await t.db.select().from(returnItems).where(and(eq(returnItems.returnId, ok.returnId!), eq(returnItems.itemId, m.subject.id)));
    expect(row).toMatchObject({ status: "complete", rag: null, commentary: "Done" });
  });

  it("works out an indicator's RAG from target, tolerance and polarity", async () => {
    const [li] = await t.db.select().from(planIndicators).where(eq(planIndicators.code, "LI 2.1"));
    // Target 33.0 (2010/11), baseline 26.5: tolerance 3.3.
    const save = (actual: string) => saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: li!.id, posted: { actual }, base: null }] }, actors.hwp!);
    await save("30%");
    const row = (await t.db.select().from(returnItems).where(eq(returnItems.indicatorId, li!.id))).find((x) => x.actual === 30);
    expect(row?.computedRag).toBe("amber");
    const bad = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: li!.id, posted: { actual: "about thirty" } }] }, actors.hwp!);
    expect(bad.errors[`${li!.id}.actual`]).toMatch(/as a number/);
  });
});

describe("colleagues editing the same return", () => {
  it("keeps both versions when two people change the same item from the same version", async () => {
    const colleague = { ...actors.hwp!, id: actors.hwp!.id, name: "A colleague" };
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    const m = form.priorities[0]!.subjects.find((s) => s.subject.kind === "milestone" && s.subject.number === "1.3")!;
    const base = m.current?.base ?? null;
    const first = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "amber", commentary: "Colleague's words" }, base }] }, colleague);
    expect(first.saved).toBe(1);
    const second = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "green", commentary: "My words" }, base }] }, actors.hwp!);
    expect(second.saved).toBe(0);
    const c = second.conflicts[m.subject.id]!;
    expect(c.current.commentary).toBe("Colleague's words");
    expect(c.attempted.commentary).toBe("My words");
    // The attempt is kept in the audit log even if nobody chooses.
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "plan_return.save"));
    expect(JSON.stringify(audit.map((a) => a.after))).toContain("My words");
    // Choosing mine (against their version) writes it.
    const resolved = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "green", commentary: "My words" }, base: c.base }] }, actors.hwp!);
    expect(resolved.saved).toBe(1);
  });

  it("two colleagues' first saves of a return at once: one saved, the other a conflict to choose from, never an error (parallel connections)", async () => {
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: CIG() }, actors.cig!);
    const m = form.priorities.flatMap((p) => p.subjects).find((x) => x.subject.kind === "milestone")!;
    const ofCig = and(eq(planReturns.periodId, current.id), eq(planReturns.organisationId, CIG()));
    expect(await t.db.select().from(planReturns).where(ofCig)).toEqual([]);
    for (let trial = 1; trial <= 8; trial++) {
      // No return yet for the period.
      const [had] = await t.db.select().from(planReturns).where(ofCig);
      if (had) {
        await t.db.delete(returnItems).where(eq(returnItems.returnId, had.id));
        await t.db.delete(planReturns).where(eq(planReturns.id, had.id));
      }
      const save = (commentary: string) => saveReturn(t.db, { periodId: current.id, organisationId: CIG(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "amber", commentary }, base: null }] }, actors.cig!);
      const [a, b] = await Promise.all([save(`A ${trial}`), save(`B ${trial}`)]);
      expect([a.saved, b.saved].sort(), `trial ${trial}`).toEqual([0, 1]);
      const lost = a.saved ? b : a;
      expect(lost.conflicts[m.subject.id]?.attempted.commentary).toBe(a.saved ? `B ${trial}` : `A ${trial}`);
      expect(lost.conflicts[m.subject.id]?.current.commentary).toBe(a.saved ? `A ${trial}` : `B ${trial}`);
    }
    // As it was: the organisation has not started its return (the period's close below counts it missing).
    const [made] = await t.db.select().from(planReturns).where(ofCig);
    await t.db.delete(returnItems).where(eq(returnItems.returnId, made!.id));
    await t.db.delete(planReturns).where(eq(planReturns.id, made!.id));
  });

  it("leaves a colleague's newer entry alone when this person did not change it", async () => {
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    const m = form.priorities[0]!.subjects.find((s) => s.subject.kind === "milestone" && s.subject.number === "1.4")!;
    const base = m.current?.base ?? null;
    await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "in_progress", rag: "amber", commentary: "Newer" }, base }] }, actors.hwp!);
    const stale = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: m.subject.id, posted: { status: "", rag: "", commentary: "" }, base }] }, actors.hwp!);
    expect(stale.saved).toBe(0);
    expect(Object.keys(stale.conflicts)).toEqual([]);
    const after = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    expect(after.priorities[0]!.subjects.find((s) => s.subject.id === m.subject.id)!.current!.commentary).toBe("Newer");
  });
});

describe("carry forward, submission and amendments", () => {
  it("carries last period's status, RAG and commentary forward with one click", async () => {
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    const p = form.priorities[0]!.subjects.find((s) => s.subject.kind === "milestone" && s.subject.number === "P1.1")!;
    const r = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items: [{ subjectId: p.subject.id, posted: {}, carry: true, base: p.current?.base ?? null }] }, actors.hwp!);
    expect(r.saved).toBe(1);
    const [row] = await t.db.select().from(returnItems).where(and(eq(returnItems.returnId, r.returnId!), eq(returnItems.itemId, p.subject.id)));
    expect(row).toMatchObject({ status: p.previous!.status, rag: p.previous!.rag, commentary: p.previous!.commentary, carriedForward: 1 });
  });

  it("refuses to submit until every item has a status or figure, then submits, then keeps each amendment", async () => {
    await expect(submitReturn(t.db, { periodId: current.id, organisationId: HWP(), revision: 0 }, actors.hwp!)).rejects.toBeInstanceOf(InvalidError);
    const form = await getReturnForm(t.db, { periodId: current.id, organisationId: HWP() }, actors.hwp!);
    const items = form.priorities.flatMap((p) => p.subjects).map((s) => ({ subjectId: s.subject.id, posted: {}, carry: true, base: s.current?.base ?? null }));
    const saved = await saveReturn(t.db, { periodId: current.id, organisationId: HWP(), items }, actors.hwp!);
    expect(Object.keys(saved.errors)).toEqual([]);
    const first = await submitReturn(t.db, { periodId: current.id, organisationId: HWP(), revision: 0 }, actors.hwp!);
    expect(first).toMatchObject({ revision: 1, amended: false });
    // The same page posted twice is one submission.
    expect(await submitReturn(t.db, { periodId: current.id, organisationId: HWP(), revision: 0 }, actors.hwp!)).toMatchObject({ revision: 1, reference: first.reference });
    const amended = await submitReturn(t.db, { periodId: current.id, organisationId: HWP(), revision: 1 }, actors.hwp!);
    expect(amended).toMatchObject({ revision: 2, amended: true, reference: first.reference });
    const subs = await t.db.select().from(returnSubmissions).where(eq(returnSubmissions.returnId, first.returnId));
    expect(subs.map((s) => s.revision).sort()).toEqual([1, 2]);
  });

  it("refuses changes once the period has closed", async () => {
    const form = await getReturnForm(t.db, { periodId: past.id, organisationId: HWP() }, actors.hwp!);
    expect(form.window.state).toBe("closed");
    const s = form.priorities[0]!.subjects[0]!;
    await expect(saveReturn(t.db, { periodId: past.id, organisationId: HWP(), items: [{ subjectId: s.subject.id, posted: { actual: "1" }, base: s.current!.base }] }, actors.hwp!)).rejects.toBeInstanceOf(LockedError);
  });

  it("lists the partner's periods, and only its own organisation's", async () => {
    const mine = await listMyReturns(t.db, actors.hwp!);
    expect(new Set(mine.map((r) => r.organisationId))).toEqual(new Set([HWP()]));
    expect(mine.map((r) => r.period.label)).toEqual(["Q4 2009/10", "Q3 2009/10", "Q2 2009/10", "Q1 2009/10"]);
    expect(await listMyReturns(t.db, actors.police!)).toEqual([]);
  });

  it("lets an officer override an indicator's RAG with a reason, and no one else", async () => {
    const [ret] = await t.db.select().from(planReturns).where(and(eq(planReturns.periodId, past.id), eq(planReturns.organisationId, HWP())));
    const ind = (await t.db.select().from(returnItems).where(eq(returnItems.returnId, ret!.id))).find((r) => r.indicatorId)!;
    await expect(overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "" }, actors.officer!)).rejects.toBeInstanceOf(InvalidError);
    await expect(overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "Survey sample too small" }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "Survey sample too small" }, actors.officer!);
    const [after] = await t.db.select().from(returnItems).where(eq(returnItems.id, ind.id));
    expect(after).toMatchObject({ overrideRag: "green", overrideReason: "Survey sample too small" });
  });

  it("keeps both officers' overrides of one indicator: the later is told at the field, nothing lost, and may replace it knowingly", async () => {
    const [ret] = await t.db.select().from(planReturns).where(and(eq(planReturns.periodId, past.id), eq(planReturns.organisationId, HWP())));
    const ind = (await t.db.select().from(returnItems).where(eq(returnItems.returnId, ret!.id))).find((r) => r.indicatorId)!;
    const drawn = editBase(overrideFormValues(ind.overrideRag, ind.overrideReason));
    const base = parseEditBase(drawn);
    await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "red", reason: "Data not yet audited" }, actors.officer!, { base });
    const refused = await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "Partner confirmed the figure" }, actors.officer!, { base }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EditConflictError);
    expect((refused as EditConflictError).fieldErrors.rag).toContain("It now reads: “red”");
    expect((await t.db.select().from(returnItems).where(eq(returnItems.id, ind.id)))[0]).toMatchObject({ overrideRag: "red", overrideReason: "Data not yet audited" });
    // Saving again, having seen it, replaces it.
    await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "Partner confirmed the figure" }, actors.officer!, { base: parseEditBase((refused as EditConflictError).keep.editBase) });
    expect((await t.db.select().from(returnItems).where(eq(returnItems.id, ind.id)))[0]).toMatchObject({ overrideRag: "green", overrideReason: "Partner confirmed the figure" });
    // An officer who left the override alone (the same RAG and reason as drawn) keeps the colleague's.
    const now = parseEditBase(editBase(overrideFormValues("green", "Partner confirmed the figure")));
    await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "amber", reason: "Half the sample" }, actors.officer!, { base: now });
    await overrideIndicatorRag(t.db, { returnItemId: ind.id, rag: "green", reason: "Partner confirmed the figure" }, actors.officer!, { base: now });
    expect((await t.db.select().from(returnItems).where(eq(returnItems.id, ind.id)))[0]).toMatchObject({ overrideRag: "amber", overrideReason: "Half the sample" });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("two officers overriding one indicator at the same moment from one drawing: one saved, the other told, 20 times", async () => {
    const a = await openPg(t.url!, 2);
    const b = await openPg(t.url!, 2);
    try {
      const [ret] = await t.db.select().from(planReturns).where(and(eq(planReturns.periodId, past.id), eq(planReturns.organisationId, HWP())));
      const ind = (await t.db.select().from(returnItems).where(eq(returnItems.returnId, ret!.id))).find((r) => r.indicatorId)!;
      for (let trial = 0; trial < 20; trial++) {
        await t.db.update(returnItems).set({ overrideRag: null, overrideReason: "" }).where(eq(returnItems.id, ind.id));
        const base = parseEditBase(editBase(overrideFormValues(null, "")));
        const [ra, rb] = await raceOnRow(t.db, sql`select 1 from return_items where id = ${ind.id} for update`, [
          () => overrideIndicatorRag(a.db, { returnItemId: ind.id, rag: "red", reason: `A ${trial}` }, actors.officer!, { base }),
          () => overrideIndicatorRag(b.db, { returnItemId: ind.id, rag: "green", reason: `B ${trial}` }, actors.officer!, { base }),
        ] as const);
        const outcomes = [ra, rb].map((r) => r.status);
        expect(outcomes.sort(), `trial ${trial}`).toEqual(["fulfilled", "rejected"]);
        const loser = [ra, rb].find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(loser.reason).toBeInstanceOf(EditConflictError);
        const [stored] = await t.db.select().from(returnItems).where(eq(returnItems.id, ind.id));
        expect(stored!.overrideReason).toBe(ra.status === "fulfilled" ? `A ${trial}` : `B ${trial}`);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("the action-plan report", () => {
  it("gives the summary, what changed colour and the exceptions for a period", async () => {
    const report = await getPlanReport(t.db, { periodId: past.id }, actors.scrutiny!);
    expect(report.priorities).toHaveLength(7);
    expect(report.summary.milestones.total).toBe(42);
    const red = report.exceptions.filter((e) => e.reason === "red").map((e) => e.label);
    expect(red).toEqual(expect.arrayContaining(["P5.2", "6.3"]));
    expect(report.changes.some((c) => c.label === "6.3" && c.from === "amber" && c.to === "red")).toBe(true);
    const ni8 = report.priorities[1]!.indicators.find((i) => i.code === "NI 8")!;
    expect(ni8.direction).toBe("worsening");
    expect(report.exceptions.some((e) => e.label === "NI 8" && e.reason === "worsening")).toBe(true);
  });
  it("flags missing returns in the open period and filters by priority, owner and RAG", async () => {
    const report = await getPlanReport(t.db, { periodId: current.id }, actors.officer!);
    expect(report.returns.filter((r) => r.status !== "submitted").map((r) => r.organisationName)).toContain("Rochford Community Involvement Group");
    const filtered = await getPlanReport(t.db, { periodId: past.id, priority: 5, rag: "red" }, actors.officer!);
    expect(filtered.priorities.map((p) => p.number)).toEqual([5]);
    expect(filtered.priorities[0]!.milestones.map((m) => m.number)).toEqual(["P5.2"]);
  });
  it("serves the report page: the same as the page of the whole report, for every choice", async () => {
    const hwp = HWP();
    for (const periodId of [past.id, current.id]) {
      for (const q of [{}, { priority: 2 }, { priority: 5, rag: "red" as const }, { owner: hwp }, { rag: "none" as const }, { exceptionsPage: 2 }, { exceptionsPage: 99, allChanges: true }, { priority: 2, trends: true }, { priority: 99 }, { priority: 1, milestonesPage: 2 }]) {
        const trends = "trends" in q && q.trends;
        const whole = await getPlanReport(t.db, { periodId }, actors.officer!, new Date(), { trends });
        const shown = reportPageOf(whole, q);
        const page = await getPlanReportPage(t.db, { periodId, ...q }, actors.officer!);
        expect(page.summary).toEqual(whole.summary);
        expect(page.returns).toEqual(whole.returns);
        expect(page.exceptionsTotal).toBe(whole.exceptions.length);
        expect(page.changesTotal).toBe(whole.changes.length);
        expect({ ...page, summary: undefined }).toMatchObject({ ...shown, exceptions: shown.exceptions, changes: shown.changes });
        expect(page.priority).toEqual(shown.priority);
      }
    }
    await expect(getPlanReportPage(t.db, { periodId: past.id }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("exports the report as CSV, print HTML and DOCX with hostile text kept as text", async () => {
    const [p] = await t.db.select().from(planItems).where(eq(planItems.number, "P5.2"));
    const [ret] = await t.db.select().from(planReturns).where(and(eq(planReturns.periodId, past.id), eq(planReturns.organisationId, p!.ownerOrganisationId)));
    // Noncharacters too: Postgres stores them, XML 1.0 cannot hold them (a Word or Excel file with one does not open).
    await t.db.update(returnItems).set({ commentary: '=HYPERLINK("http://x")<script>alert(1)</script> \uFFFEnon\uFFFFchar' }).where(and(eq(returnItems.returnId, ret!.id), eq(returnItems.itemId, p!.id)));
    const report = await getPlanReport(t.db, { periodId: past.id }, actors.officer!);
    const csv = reportCsv(report);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")<script>alert(1)</script> \uFFFEnon\uFFFFchar"`);
    expect(csv.split("\r\n")[0]).toContain("Period,Priority,Type,Reference,Item,Owner");
    const html = reportHtml(report);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.indexOf("<h2>Summary</h2>")).toBeLessThan(html.indexOf("<h2>Exceptions</h2>"));
    expect(html.indexOf("<h2>Exceptions</h2>")).toBeLessThan(html.indexOf("<h2>The full plan</h2>"));
    const docx = await reportDocx(report);
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    const parts = [...readZipEntries(docx), ...readZipEntries(await reportXlsx(report))].filter(([name]) => /\.(xml|rels)$/.test(name));
    for (const [name, bytes] of parts) expect(bytes.toString("utf8"), name).not.toMatch(XML_INVALID);
    const words = parts.map(([, bytes]) => bytes.toString("utf8")).join("\n");
    expect(words).toContain("nonchar");
    expect(words).toContain("alert(1)");
  });

  it("names the workbook's period sheet as Excel allows, whatever the officer called the period", async () => {
    const report = await getPlanReport(t.db, { periodId: past.id }, actors.officer!);
    for (const label of ["Q1 2025\\26", "'Quarter one'", "Committee", "history", "All Periods", "a/b?c*d[e]f:g", "::::", "A very long label for a period, well past thirty-one characters'", "\uFFFFQ2"]) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await reportXlsx({ ...report, period: { ...report.period, label } }, { history: [], committee: undefined })) as never);
      const name = book.worksheets[0]!.name;
      expect(name, label).toMatch(/^[^\\/?*[\]:']([^\\/?*[\]:]{0,29}[^\\/?*[\]:'])?$/);
      expect(name.length).toBeLessThanOrEqual(31);
    }
    expect(periodSheetName("Q3 2009/10")).toBe("Q3 2009 10");
    expect(periodSheetName("Committee")).toBe("Period");
  });

  it("gives the officer's dashboard: returns and RAG per period, indicators off target two periods running", async () => {
    const [plan] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, past.id));
    const d = await getPlanDashboard(t.db, plan!.planId, actors.officer!);
    expect(d.rows.map((r) => r.period.label)).toEqual(["Q1 2009/10", "Q2 2009/10", "Q3 2009/10", "Q4 2009/10"]);
    expect(d.rows[2]).toMatchObject({ expected: 4, submitted: 4, late: 0 });
    expect(d.rows[2]!.rag.red).toBeGreaterThan(0);
    // NI 8 was Amber in Q2 and Red in Q3.
    expect(d.offTarget.map((i) => i.code)).toContain("NI 8");
  });

  it("refuses the report to a partner", async () => {
    await expect(getPlanReport(t.db, { periodId: past.id }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("periods run themselves", () => {
  it("opens the current period once, telling only the owner organisations' people; a scan that fails part-way sends none and claims nothing", async () => {
    // The third email refused by the database: the scan fails after writing two.
    await t.db.execute(sql`create function refuse_kevin() returns trigger language plpgsql as $$
      begin if new."to" = 'kevin.doyle@cdrp.example' then raise exception 'refused for the test'; end if; return new; end $$`);
    await t.db.execute(sql`create trigger refuse_kevin before insert on outbox for each row execute function refuse_kevin()`);
    await expect(runPeriodScan(t.db, new Date())).rejects.toThrow();
    await t.db.execute(sql`drop trigger refuse_kevin on outbox`);
    await t.db.execute(sql`drop function refuse_kevin()`);
    expect(await t.db.select().from(outbox).where(eq(outbox.kind, "plan_return_open"))).toEqual([]);
    expect((await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, current.id)))[0]!.openedAt).toBeNull();
    // Run again: every email, once.
    const first = await runPeriodScan(t.db, new Date());
    expect(first).toMatchObject({ opened: 1, closed: 0 });
    const mails = await t.db.select().from(outbox).where(eq(outbox.kind, "plan_return_open"));
    expect(mails.map((m) => m.to).sort()).toEqual(["janet.price@hwp.example", "kevin.doyle@cdrp.example", "margaret.ellis@lsp.example", "tom.archer@cig.example"]);
    expect(mails.find((m) => m.to === "janet.price@hwp.example")!.text).toContain(`/returns/${current.id}?organisation=${HWP()}`);
    expect(await runPeriodScan(t.db, new Date())).toMatchObject({ opened: 0, reminded: 0, closed: 0, emails: 0 });
  });

  it("reminds those who have not submitted before the due date, once", async () => {
    const [p] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, current.id));
    const r = await runPeriodScan(t.db, new Date(p!.dueAt.getTime() - 3 * 86_400_000));
    expect(r.reminded).toBe(1);
    const mails = await t.db.select().from(outbox).where(eq(outbox.kind, "plan_return_reminder"));
    // The Health and Wellbeing Partnership submitted earlier in this file.
    expect(mails.map((m) => m.to)).not.toContain("janet.price@hwp.example");
    expect(mails.map((m) => m.to)).toContain("tom.archer@cig.example");
    expect((await runPeriodScan(t.db, new Date(p!.dueAt.getTime() - 2 * 86_400_000))).reminded).toBe(0);
  });

  it("closes the period, recording missing returns; an officer may reopen one organisation's", async () => {
    const [p] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, current.id));
    const after = new Date(p!.closesAt.getTime() + 3_600_000);
    expect((await runPeriodScan(t.db, after)).closed).toBe(1);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "reporting_period.close"));
    expect((entry!.after as { missing: string[] }).missing).toContain(CIG());
    const [cigItem] = await t.db.select().from(planItems).where(eq(planItems.ownerOrganisationId, CIG())).limit(1);
    const save = () => saveReturn(t.db, { periodId: current.id, organisationId: CIG(), items: [{ subjectId: cigItem!.id, posted: { status: "complete", commentary: "Late but done" } }] }, actors.cig!, after);
    await expect(save()).rejects.toBeInstanceOf(LockedError);
    await expect(reopenReturn(t.db, { periodId: current.id, organisationId: CIG(), days: 7 }, actors.cig!, after)).rejects.toBeInstanceOf(ForbiddenError);
    await reopenReturn(t.db, { periodId: current.id, organisationId: CIG(), days: 7 }, actors.officer!, after);
    expect((await save()).saved).toBe(1);
  });
});

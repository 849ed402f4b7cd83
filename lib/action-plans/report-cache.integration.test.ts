// The report page keeps a built report per period while nothing it reads has changed (the
// version the triggers of migration 0027 write at commit) and the clock has not crossed one of
// the period's dates. On the demo plan, on Postgres (with DATABASE_URL) and PGlite: a write of
// each kind the report reads is seen on the next read; a draft's save keeps it; the clock's
// boundaries rebuild it. On Postgres, with separate connections: a write another connection
// commits while pages are being read is always seen once it has committed, and writers of one
// plan at once neither deadlock nor lose a change.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../db/testing";
import { organisations, planReturns, reportingPeriods, returnItems } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { overrideIndicatorRag, saveReturn } from "./commands";
import { getReturnForm } from "./queries";
import { getPlanReport, getPlanReportPage } from "./report";

let t: TestDb;
let officer: Actor;
let hwp: Actor;
let past: { id: string; dueAt: Date; closesAt: Date };
let current: { id: string; dueAt: Date; opensAt: Date };

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  const actor = async (email: string) => (await loadActor(t.db, (await findUserByEmail(t.db, email))!.id))!;
  officer = await actor("jane.fisher@council.example");
  hwp = await actor("janet.price@hwp.example");
  const periods = await t.db.select().from(reportingPeriods).orderBy(reportingPeriods.position);
  past = periods[2]!;
  current = periods[3]!;
});
afterAll(async () => {
  await t?.close();
});

const page = (periodId = past.id, q: { priority?: number; trends?: boolean } = {}, now = new Date()) => getPlanReportPage(t.db, { periodId, ...q }, officer, now);
const version = async () => ((await t.db.execute(sql`select version::text as v from action_plan_versions`)) as unknown as { rows: { v: string }[] }).rows.map((r) => r.v);

/** A submitted return's indicator item in the past period. */
async function pastIndicatorItem() {
  const [row] = await t.db
    .select({ id: returnItems.id, indicatorId: returnItems.indicatorId })
    .from(returnItems)
    .innerJoin(planReturns, eq(planReturns.id, returnItems.returnId))
    .where(and(eq(planReturns.periodId, past.id), eq(planReturns.status, "submitted"), isNotNull(returnItems.indicatorId)))
    .limit(1);
  return row!;
}

function indicatorOf(p: Awaited<ReturnType<typeof getPlanReportPage>>, indicatorId: string) {
  return p.report.priorities.flatMap((x) => x.indicators).find((i) => i.id === indicatorId)!;
}

describe("the report page's kept report", () => {
  it("is kept while nothing it reads changes, and is the same report as one built afresh", async () => {
    const a = await page();
    const b = await page();
    expect(b.report).toBe(a.report);
    // Inside a transaction nothing is kept or taken from what is kept: this one is built afresh.
    const afresh = await t.db.transaction((tx) => getPlanReport(tx, { periodId: past.id }, officer, new Date(), { trends: false }));
    expect(afresh).not.toBe(a.report);
    expect(afresh).toEqual(a.report);
    // The trend's report is kept apart from the two-period one.
    const withTrend = await page(past.id, { trends: true });
    expect(withTrend.report).not.toBe(a.report);
    expect(indicatorOf(withTrend, withTrend.report.priorities[0]!.indicators[0]!.id).trend.length).toBeGreaterThan(2);
  });

  it("sees at once every kind of write the report reads", async () => {
    const item = await pastIndicatorItem();
    const writes: [string, () => Promise<unknown>, (p: Awaited<ReturnType<typeof page>>) => unknown, unknown][] = [
      ["a figure in a submitted return", () => t.db.update(returnItems).set({ actual: 4321, computedRag: "green" }).where(eq(returnItems.id, item.id)), (p) => indicatorOf(p, item.indicatorId!).actual, 4321],
      ["an officer's RAG override", () => overrideIndicatorRag(t.db, { returnItemId: item.id, rag: "red", reason: "Not yet audited" }, officer), (p) => indicatorOf(p, item.indicatorId!).rag, "red"],
      ["a priority's title", () => t.db.execute(sql`update plan_priorities set title = 'Renamed priority' where number = 1`), (p) => p.report.priorities[0]!.title, "Renamed priority"],
      ["a risk's mitigation", () => t.db.execute(sql`update plan_risks set mitigation = 'A new mitigation' where priority_id = (select id from plan_priorities where number = 1)`), (p) => p.report.priorities[0]!.risks.map((r) => r.mitigation), expect.arrayContaining(["A new mitigation"])],
      ["an indicator's title", () => t.db.execute(sql`update plan_indicators set title = 'Renamed indicator' where id = ${item.indicatorId}`), (p) => indicatorOf(p, item.indicatorId!).title, "Renamed indicator"],
      ["a milestone's text", () => t.db.execute(sql`update plan_items set text = 'Renamed milestone' where number = '1.1'`), (p) => p.report.priorities[0]!.milestones.find((m) => m.number === "1.1")!.text, "Renamed milestone"],
      ["the period's label", () => t.db.update(reportingPeriods).set({ label: "Q3 2009/10 (revised)" }).where(eq(reportingPeriods.id, past.id)), (p) => p.period.label, "Q3 2009/10 (revised)"],
      ["the plan's title", () => t.db.execute(sql`update action_plans set title = 'Renamed plan'`), (p) => p.plan.title, "Renamed plan"],
      ["an owner's name", () => t.db.update(organisations).set({ name: "Rochford Health Partnership (renamed)" }).where(eq(organisations.name, "Rochford Health and Wellbeing Partnership")), (p) => p.owners.map((o) => o.name), expect.arrayContaining(["Rochford Health Partnership (renamed)"])],
      ["a table emptied (TRUNCATE)", () => t.db.execute(sql`truncate plan_risks`), (p) => p.report.priorities[0]!.risks, []],
      ["a return reopened to a draft", () => t.db.update(planReturns).set({ status: "draft" }).where(eq(planReturns.id, sql`(select return_id from return_items where id = ${item.id})`)), (p) => indicatorOf(p, item.indicatorId!).actual, null],
    ];
    for (const [what, write, read, expected] of writes) {
      const before = await page();
      expect((await page()).report, `kept before: ${what}`).toBe(before.report);
      await write();
      const after = await page();
      expect(read(after), what).toEqual(expected);
      expect(after.report, what).not.toBe(before.report);
    }
  });

  it("is kept when a partner saves a draft again, which the report does not show", async () => {
    const organisationId = hwp.memberships[0]!.organisationId;
    const save = async (commentary: string) => {
      const form = await getReturnForm(t.db, { periodId: current.id, organisationId }, hwp);
      const s = form.priorities[0]!.subjects.find((x) => x.subject.kind === "milestone")!;
      const saved = await saveReturn(t.db, { periodId: current.id, organisationId, items: [{ subjectId: s.subject.id, posted: { status: "in_progress", rag: "green", commentary }, base: s.current?.base ?? null }] }, hwp);
      expect(saved.saved).toBe(1);
    };
    // The first save starts the draft: the returns list shows it as started.
    const unstarted = await page(current.id);
    await save("First words");
    const started = await page(current.id);
    expect(started.report).not.toBe(unstarted.report);
    expect(started.returns.find((r) => r.organisationId === organisationId)!.status).toBe("draft");
    const v = await version();
    await save("Second words");
    expect(await version()).toEqual(v);
    expect((await page(current.id)).report).toBe(started.report);
  });

  it("is built again when the clock passes the period's due date or close, and not otherwise", async () => {
    const beforeDue = new Date(current.dueAt.getTime() - 60_000);
    const a = await page(current.id, {}, beforeDue);
    expect((await page(current.id, {}, new Date(beforeDue.getTime() + 1000))).report).toBe(a.report);
    const afterDue = await page(current.id, {}, new Date(current.dueAt.getTime() + 60_000));
    expect(afterDue.report).not.toBe(a.report);
    expect(afterDue.summary.returns.late).toBeGreaterThan(a.summary.returns.late);
    expect(afterDue.window.state).toBe("open");
    const closed = await page(past.id, {}, new Date(past.closesAt.getTime() + 1));
    const open = await page(past.id, {}, new Date(past.closesAt.getTime() - 1));
    expect([closed.window.state, open.window.state]).toEqual(["closed", "open"]);
  });

  it("is not used inside a transaction, which sees its own writes", async () => {
    const item = await pastIndicatorItem();
    await page();
    await t.db
      .transaction(async (tx) => {
        await tx.update(returnItems).set({ actual: 777 }).where(eq(returnItems.id, item.id));
        const r = await getPlanReport(tx, { periodId: past.id }, officer, new Date(), { trends: false });
        expect(r.priorities.flatMap((p) => p.indicators).find((i) => i.id === item.indicatorId)!.actual).toBe(777);
        tx.rollback();
      })
      .catch((e: Error) => expect(e.message).toMatch(/rollback/i));
    expect(indicatorOf(await page(), item.indicatorId!).actual).not.toBe(777);
  });

  it("is not kept across the officers' access check: a partner is still refused", async () => {
    await page();
    await expect(getPlanReportPage(t.db, { periodId: past.id }, hwp)).rejects.toMatchObject({ name: "ForbiddenError" });
  });
});

describe.skipIf(!process.env.DATABASE_URL)("the kept report against other connections (Postgres)", () => {
  const client = async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    return c;
  };

  it("always shows a figure another connection has committed, however the reads and the commit interleave (30 trials)", async () => {
    const item = await pastIndicatorItem();
    await t.db.update(planReturns).set({ status: "submitted" }).where(eq(planReturns.id, sql`(select return_id from return_items where id = ${item.id})`));
    const writer = await client();
    try {
      for (let k = 1; k <= 30; k++) {
        await writer.query("begin");
        await writer.query("update return_items set actual = $1 where id = $2", [10_000 + k, item.id]);
        // Another change commits first, so that the next page builds the report again; the
        // figure's commit lands at some moment of that build (or before or after it).
        await t.db.execute(sql`update plan_priorities set resources = resources where number = 1`);
        const reading = page();
        await new Promise((r) => setTimeout(r, Math.random() * 40));
        await writer.query("commit");
        await reading;
        expect(indicatorOf(await page(), item.indicatorId!).actual, `trial ${k}`).toBe(10_000 + k);
      }
    } finally {
      await writer.end();
    }
  });

  it("lets writers of one plan and a renamer of an owner commit at once without a deadlock or a lost change (10 trials of 7 connections)", async () => {
    const items = (
      await t.db
        .select({ id: returnItems.id, indicatorId: returnItems.indicatorId })
        .from(returnItems)
        .innerJoin(planReturns, eq(planReturns.id, returnItems.returnId))
        .where(and(eq(planReturns.periodId, past.id), eq(planReturns.status, "submitted"), isNotNull(returnItems.indicatorId)))
    ).slice(0, 6);
    expect(items.length).toBe(6);
    const clients = await Promise.all(items.map(() => client()));
    const renamer = await client();
    try {
      for (let trial = 1; trial <= 10; trial++) {
        await page();
        // Each connection changes its own item (a row lock of its own) and contends for the plan's
        // version at commit; an organisation renamed meanwhile touches every plan's.
        await Promise.all([
          ...clients.map(async (c, n) => {
            await c.query("begin");
            await c.query("update return_items set actual = $1 where id = $2", [trial * 100 + n, items[n]!.id]);
            await c.query("select pg_sleep($1)", [Math.random() * 0.01]);
            await c.query("commit");
          }),
          (async () => {
            await renamer.query("begin");
            await renamer.query("update organisations set name = $1 where name like 'Rochford Community Involvement Group%'", [`Rochford Community Involvement Group ${trial}`]);
            await renamer.query("select pg_sleep($1)", [Math.random() * 0.01]);
            await renamer.query("commit");
          })(),
        ]);
        const shown = await page();
        expect(items.map((i) => indicatorOf(shown, i.indicatorId!).actual)).toEqual(items.map((_, n) => trial * 100 + n));
        expect(shown.owners.map((o) => o.name)).toContain(`Rochford Community Involvement Group ${trial}`);
      }
    } finally {
      await Promise.all([...clients, renamer].map((c) => c.end()));
    }
  });
});

// The officer's dashboard of an action plan on a real database (Postgres with DATABASE_URL, else
// PGlite), on the demo content: the same figures as each period's report gives, read in a few
// statements however many periods the plan has reported.
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool, rowsOf, type Db } from "../../db/client";
import { createTestDb, type TestDb } from "../../db/testing";
import { planReturns, reportingPeriods, returnItems } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ForbiddenError } from "../errors";
import type { Rag } from "./rag";
import { getPlanDashboard, getPlanReport } from "./report";

let t: TestDb;
let officer: Actor;
let partner: Actor;
let planId: string;

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  officer = (await loadActor(t.db, (await findUserByEmail(t.db, "jane.fisher@council.example"))!.id))!;
  partner = (await loadActor(t.db, (await findUserByEmail(t.db, "janet.price@hwp.example"))!.id))!;
  planId = (await t.db.select().from(reportingPeriods).limit(1))[0]!.planId;
});
afterAll(async () => {
  await t?.close();
});

/** Every statement sent to the database while `run` runs (node-postgres's clients, or PGlite's one). */
async function statementsOf<T>(db: Db, run: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  const statements: string[] = [];
  const record = (q: unknown) => statements.push(String(typeof q === "string" ? q : (q as { text?: string } | undefined)?.text).slice(0, 200));
  type Querying = { query: (...a: unknown[]) => unknown };
  let restore: () => void;
  if (pgPool(db)) {
    const proto = pg.Client.prototype as unknown as Querying;
    const query = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      record(a[0]);
      return query.apply(this, a);
    };
    restore = () => void (proto.query = query);
  } else {
    const client = (db as unknown as { $client: Querying }).$client;
    const own = Object.prototype.hasOwnProperty.call(client, "query");
    const query = client.query;
    client.query = (...a: unknown[]) => {
      record(a[0]);
      return query.apply(client, a);
    };
    restore = () => void (own ? (client.query = query) : delete (client as Partial<Querying>).query);
  }
  try {
    return { value: await run(), statements };
  } finally {
    restore();
  }
}

/** The dashboard as it was worked out before: each started period's whole report, then its counts. */
async function dashboardFromReports(db: Db, actor: Actor, now: Date) {
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(reportingPeriods.position);
  const reports = [];
  for (const p of periods.filter((x) => x.opensAt <= now)) reports.push(await getPlanReport(db, { periodId: p.id }, actor, now));
  const rows = reports.map((r) => {
    const items = r.priorities.flatMap((p) => [...p.indicators.map((i) => i.rag), ...p.milestones.map((m) => (m.status === "complete" ? "complete" : m.rag))]);
    const n = (x: Rag | "complete" | null) => items.filter((y) => y === x).length;
    return {
      period: r.period,
      state: r.window.state,
      expected: r.summary.returns.expected,
      submitted: r.summary.returns.submitted,
      late: r.summary.returns.late,
      outstanding: r.summary.returns.expected - r.summary.returns.submitted,
      rag: { red: n("red"), amber: n("amber"), green: n("green"), complete: n("complete"), none: n(null) },
    };
  });
  return rows;
}

describe("the action plans dashboard", () => {
  it("counts each period's returns and colours as that period's report does: late, draft, overridden and complete", async () => {
    const periods = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(reportingPeriods.position);
    const [first, second] = periods;
    // Viewed once before the changes: what is kept of it must not outlast them.
    await getPlanDashboard(t.db, planId, officer);
    const returnsOf = (periodId: string) => t.db.select().from(planReturns).where(eq(planReturns.periodId, periodId)).orderBy(planReturns.organisationId);
    // A return submitted after the due date, one taken back to draft, an override and a milestone complete.
    const [lateOne] = await returnsOf(first!.id);
    await t.db.update(planReturns).set({ submittedAt: new Date(first!.dueAt.getTime() + 3 * 86_400_000) }).where(eq(planReturns.id, lateOne!.id));
    const [, drafted] = await returnsOf(second!.id);
    await t.db.update(planReturns).set({ status: "draft" }).where(eq(planReturns.id, drafted!.id));
    const [shown] = await returnsOf(second!.id);
    await t.db.execute(sql`update ${returnItems} set override_rag = 'red', override_reason = 'For the test' where id = (select id from ${returnItems} where return_id = ${shown!.id} and indicator_id is not null limit 1)`);
    await t.db.execute(sql`update ${returnItems} set status = 'complete' where id = (select id from ${returnItems} where return_id = ${shown!.id} and item_id is not null and status is distinct from 'complete' limit 1)`);

    const now = new Date();
    const d = await getPlanDashboard(t.db, planId, officer, now);
    const expected = await dashboardFromReports(t.db, officer, now);
    expect(d.rows).toEqual(expected);
    expect(d.rows.map((r) => r.period.label)).toEqual(["Q1 2009/10", "Q2 2009/10", "Q3 2009/10", "Q4 2009/10"]);
    expect(d.rows[0]!.late).toBeGreaterThan(0);
    expect(d.rows[1]!.submitted).toBe(d.rows[1]!.expected - 1);
    expect(d.rows.some((r) => r.rag.complete > 0 && r.rag.red > 0 && r.rag.none > 0)).toBe(true);
    expect(d.offTarget.length).toBeGreaterThan(0);
    // At another moment (before the current period's due date and after it) the same as the reports too.
    for (const at of [new Date(periods[3]!.dueAt.getTime() - 60_000), new Date(periods[3]!.dueAt.getTime() + 60_000)]) {
      expect((await getPlanDashboard(t.db, planId, officer, at)).rows).toEqual(await dashboardFromReports(t.db, officer, at));
    }
  });

  it("counts an indicator named by two submitted returns of one period once, from the latest, as the report does", async () => {
    const periods = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(reportingPeriods.position);
    const period = periods[2]!;
    const submitted = await t.db.select().from(planReturns).where(sql`${planReturns.periodId} = ${period.id} and ${planReturns.status} = 'submitted'`).orderBy(planReturns.organisationId);
    const [a, b] = submitted;
    expect(b, "two submitted returns in the period").toBeDefined();
    // An indicator of A's return, reported again in B's (its owner changed), a colour apart: green then red, or red then green.
    const [named] = await rowsOf<{ indicator_id: string }>(t.db, sql`select indicator_id from ${returnItems} where return_id = ${a!.id} and indicator_id is not null
      and indicator_id not in (select indicator_id from ${returnItems} where return_id = ${b!.id} and indicator_id is not null) limit 1`);
    const indicatorId = named!.indicator_id;
    await t.db.execute(sql`update ${returnItems} set override_rag = 'green', override_reason = 'For the test' where return_id = ${a!.id} and indicator_id = ${indicatorId}`);
    await t.db.insert(returnItems).values({ returnId: b!.id, indicatorId, rag: "red", computedRag: "red", overrideRag: "red", overrideReason: "For the test" });
    for (const [earlier, later] of [[a!, b!], [b!, a!]] as const) {
      await t.db.update(planReturns).set({ submittedAt: new Date(period.dueAt.getTime() - 2 * 86_400_000) }).where(eq(planReturns.id, earlier.id));
      await t.db.update(planReturns).set({ submittedAt: new Date(period.dueAt.getTime() - 86_400_000) }).where(eq(planReturns.id, later.id));
      const now = new Date();
      const report = await getPlanReport(t.db, { periodId: period.id }, officer, now);
      const shown = report.priorities.flatMap((p) => p.indicators).find((i) => i.id === indicatorId)!;
      expect(shown.rag).toBe(later.id === a!.id ? "green" : "red");
      expect((await getPlanDashboard(t.db, planId, officer, now)).rows).toEqual(await dashboardFromReports(t.db, officer, now));
    }
  });

  it("refuses a partner, and shows nothing of a plan with no period started", async () => {
    await expect(getPlanDashboard(t.db, planId, partner)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getPlanDashboard(t.db, planId, officer, new Date("2000-01-01T00:00:00Z"))).toEqual({ rows: [], offTarget: [] });
  });

  it("reads a few statements however many periods the plan has reported, not each period's report", async () => {
    const now = new Date();
    const before = await statementsOf(t.db, () => getPlanDashboard(t.db, planId, officer, now));
    expect(before.value.rows).toHaveLength(4);
    // Two more years of quarters before these, reported with no returns.
    const [q1] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(reportingPeriods.position).limit(1);
    const day = 86_400_000;
    await t.db.insert(reportingPeriods).values(
      Array.from({ length: 8 }, (_, i) => {
        const opensAt = new Date(q1!.opensAt.getTime() - (8 - i) * 91 * day);
        return { planId, label: `Earlier ${i + 1}`, position: q1!.position - 8 + i, opensAt, dueAt: new Date(opensAt.getTime() + 30 * day), closesAt: new Date(opensAt.getTime() + 60 * day) };
      }),
    );
    const after = await statementsOf(t.db, () => getPlanDashboard(t.db, planId, officer, now));
    expect(after.value.rows).toHaveLength(12);
    expect(after.value.rows).toEqual(await dashboardFromReports(t.db, officer, now));
    // The periods, the latest period's report (its version and five reads), and the counts of every period (their version and one statement).
    expect(before.statements.length, before.statements.join("\n")).toBeLessThanOrEqual(9);
    expect(after.statements.length, after.statements.join("\n")).toBeLessThanOrEqual(9);
  });
});

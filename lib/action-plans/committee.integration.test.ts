// A period's report to the committee on a real database (Postgres with DATABASE_URL, else
// PGlite), on the demo content: review comments per priority, the committee's resolution,
// sign-off with the SHA-256 of what was approved, the lock on returns, reopening, the denials;
// and on Postgres a real race of two signatories signing off at the same moment, many times.
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { createTestDb, type TestDb } from "../../db/testing";
import { comments, organisations, planItems, planPriorities, reportingPeriods, resolutions, signOffs } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ConflictError, ForbiddenError, InvalidError, LockedError } from "../errors";
import { overrideIndicatorRag, saveReturn } from "./commands";
import {
  addReportComment,
  canonicalPlanReport,
  decideReportSignOff,
  getReportCommittee,
  recordReportResolution,
  reopenReportSignOff,
  sendReportForReview,
  setReportThreadStatus,
} from "./committee";
import { reportCsv, reportHtml } from "./export";
import { reopenReturn } from "./periods";
import { getPlanReport, getPlanReportPage } from "./report";
import { listResolutionsOf, loadThreads } from "../review/queries";
import { listDecisions } from "../signoff/queries";

let t: TestDb;
const actors: Record<string, Actor> = {};
let current: { id: string };
let past: { id: string; label: string };
let hwp: string;
let priority1: string;

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  for (const [k, e] of Object.entries({ hwp: "janet.price@hwp.example", officer: "jane.fisher@council.example", signatory: "helen.rigby@council.example", scrutiny: "peter.moss@council.example", police: "sarah.lee@police.example" })) {
    const u = await findUserByEmail(t.db, e);
    actors[k] = (await loadActor(t.db, u!.id))!;
  }
  const periods = await t.db.select().from(reportingPeriods).orderBy(reportingPeriods.position);
  past = periods[2]!;
  current = periods[3]!;
  hwp = (await t.db.select().from(organisations).where(eq(organisations.name, "Rochford Health and Wellbeing Partnership")))[0]!.id;
  priority1 = (await t.db.select().from(planPriorities).where(eq(planPriorities.number, 1)))[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

describe("the committee's review and sign-off of a period's report", () => {
  it("refuses those who may not: partners, other councils, scrutiny signing off, officers signing", async () => {
    await expect(getReportCommittee(t.db, { periodId: past.id }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getReportCommittee(t.db, { periodId: past.id }, actors.police!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sendReportForReview(t.db, { periodId: past.id }, actors.scrutiny!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addReportComment(t.db, { periodId: past.id, priorityId: priority1, body: "x" }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(recordReportResolution(t.db, { periodId: past.id, meetingDate: "2026-12-01", committee: "O&S", text: "noted" }, actors.scrutiny!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "" }, actors.officer!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "" }, actors.scrutiny!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reopenReportSignOff(t.db, { periodId: past.id, reason: "x" }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    // Nothing to comment on or sign before it is sent.
    await expect(addReportComment(t.db, { periodId: past.id, priorityId: priority1, body: "early" }, actors.scrutiny!)).rejects.toBeInstanceOf(InvalidError);
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "" }, actors.signatory!)).rejects.toBeInstanceOf(InvalidError);
  });

  it("goes to review, takes comments per priority and the resolution, and signs off with the hash of what was approved", async () => {
    await sendReportForReview(t.db, { periodId: past.id }, actors.officer!);
    await expect(sendReportForReview(t.db, { periodId: past.id }, actors.officer!)).rejects.toBeInstanceOf(InvalidError);
    const hostile = `<script>alert(1)</script> =HYPERLINK("x") why is 1.2 amber?`;
    const c = await addReportComment(t.db, { periodId: past.id, priorityId: priority1, body: hostile }, actors.scrutiny!);
    const reply = await addReportComment(t.db, { periodId: past.id, priorityId: priority1, parentId: c.id, body: "Recovery plan agreed in Q3." }, actors.officer!);
    expect(reply.parentId).toBe(c.id);
    await setReportThreadStatus(t.db, { periodId: past.id, commentId: reply.id, status: "resolved" }, actors.scrutiny!);
    // A priority of no plan: refused.
    await expect(addReportComment(t.db, { periodId: past.id, priorityId: "00000000-0000-4000-8000-000000000000", body: "x" }, actors.scrutiny!)).rejects.toThrow();

    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "" }, actors.signatory!)).rejects.toThrow(/resolution/);
    await recordReportResolution(t.db, { periodId: past.id, meetingDate: "2026-11-24", committee: "Overview and Scrutiny Committee", text: "Resolved to note the contents of the report." }, actors.officer!);

    const view = await getReportCommittee(t.db, { periodId: past.id }, actors.scrutiny!);
    expect(view.status).toBe("in_review");
    expect(view.threadsByPriority.get(priority1)![0]!.body).toBe(hostile);
    expect(view.threadsByPriority.get(priority1)![0]!.status).toBe("resolved");
    expect(view.resolutions[0]!.text).toBe("Resolved to note the contents of the report.");
    expect(view.hash).toMatch(/^[0-9a-f]{64}$/);
    // The report page works the hash out only for whom it shows it: a signatory, while in review.
    expect((await getReportCommittee(t.db, { periodId: past.id, hash: "when-shown" }, actors.signatory!)).hash).toBe(view.hash);
    expect((await getReportCommittee(t.db, { periodId: past.id, hash: "when-shown" }, actors.scrutiny!)).hash).toBeNull();
    // The report page hands over the report it built (a function, called only when the hash is
    // needed): the same hash, and for whom no hash is shown the report is not asked for.
    const page = await getPlanReportPage(t.db, { periodId: past.id, priority: 2, owner: hwp, exceptionsPage: 2 }, actors.signatory!);
    let asked = 0;
    const given = () => {
      asked++;
      return Promise.resolve(page.report);
    };
    expect((await getReportCommittee(t.db, { periodId: past.id, hash: "when-shown", report: given }, actors.signatory!)).hash).toBe(view.hash);
    expect((await getReportCommittee(t.db, { periodId: past.id, report: page.report }, actors.signatory!)).hash).toBe(view.hash);
    expect(asked).toBe(1);
    expect((await getReportCommittee(t.db, { periodId: past.id, hash: "when-shown", report: given }, actors.scrutiny!)).hash).toBeNull();
    expect(asked).toBe(1);
    // A report of another period or a filtered one is not used: the hash is still this period's whole report's.
    const other = await getPlanReport(t.db, { periodId: current.id }, actors.officer!);
    expect((await getReportCommittee(t.db, { periodId: past.id, report: other }, actors.signatory!)).hash).toBe(view.hash);
    const filtered = await getPlanReport(t.db, { periodId: past.id, priority: 1 }, actors.officer!);
    expect((await getReportCommittee(t.db, { periodId: past.id, report: filtered }, actors.signatory!)).hash).toBe(view.hash);

    // A stale page is refused: the hash it showed no longer matches once the resolution changes it.
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "", expectedHash: "0".repeat(64) }, actors.signatory!)).rejects.toBeInstanceOf(ConflictError);
    const done = await decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "Approved at committee", expectedHash: view.hash }, actors.signatory!);
    expect(done.hash).toBe(view.hash);

    // The hash is exactly SHA-256 of the canonical report with the resolution in it.
    const report = await getPlanReport(t.db, { periodId: past.id }, actors.officer!);
    const canonical = canonicalPlanReport(report, 1, view.resolutions);
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(canonical, "utf8").digest("hex")).toBe(done.hash);
    expect(canonical).toContain("Resolved to note the contents of the report.");

    const after = await getReportCommittee(t.db, { periodId: past.id }, actors.officer!);
    expect(after.status).toBe("signed_off");
    expect(after.latestApproval?.hash).toBe(done.hash);
    expect(after.latestApproval?.decidedByName).toBe("Helen Rigby");
    expect(after.verified).toBe(true);
    // The page verifies a sign-off without showing a hash to sign.
    const shown = await getReportCommittee(t.db, { periodId: past.id, hash: "when-shown" }, actors.officer!);
    expect(shown).toMatchObject({ hash: null, verified: true, latestApproval: { hash: done.hash } });

    // Shown in the exports.
    const html = reportHtml(report, { committee: after });
    expect(html).toContain(done.hash);
    expect(html).toContain("Resolved to note the contents of the report.");
    expect(reportCsv(report, { committee: after })).toContain(done.hash);
  });

  it("locks the signed-off period: no saves, overrides, reopened returns or comments; a second sign-off is refused", async () => {
    const [item] = await t.db.select().from(planItems).where(eq(planItems.ownerOrganisationId, hwp)).limit(1);
    await expect(saveReturn(t.db, { periodId: past.id, organisationId: hwp, items: [{ subjectId: item!.id, posted: { status: "complete" } }] }, actors.hwp!)).rejects.toBeInstanceOf(LockedError);
    await expect(reopenReturn(t.db, { periodId: past.id, organisationId: hwp, days: 7 }, actors.officer!)).rejects.toBeInstanceOf(LockedError);
    const report = await getPlanReport(t.db, { periodId: past.id }, actors.officer!);
    const ind = report.priorities.flatMap((p) => p.indicators).find((i) => i.returnItemId)!;
    await expect(overrideIndicatorRag(t.db, { returnItemId: ind.returnItemId!, rag: "green", reason: "x" }, actors.officer!)).rejects.toBeInstanceOf(LockedError);
    await expect(addReportComment(t.db, { periodId: past.id, priorityId: priority1, body: "late" }, actors.scrutiny!)).rejects.toBeInstanceOf(LockedError);
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "approved", note: "" }, actors.signatory!)).rejects.toBeInstanceOf(LockedError);
    const approvals = await t.db.select().from(signOffs).where(and(eq(signOffs.reportingPeriodId, past.id), eq(signOffs.decision, "approved")));
    expect(approvals).toHaveLength(1);
    // The other period's returns are not locked by it.
    const other = await saveReturn(t.db, { periodId: current.id, organisationId: hwp, items: [{ subjectId: item!.id, posted: { status: "in_progress", rag: "green", commentary: "on track" } }] }, actors.hwp!);
    expect(Object.keys(other.conflicts)).toHaveLength(0);
    expect(other.saved).toBe(1);
  });

  it("reopens with a reason (new version), after which a change makes a different hash; returns need a note", async () => {
    await expect(reopenReportSignOff(t.db, { periodId: past.id, reason: " " }, actors.signatory!)).rejects.toBeInstanceOf(InvalidError);
    const { version } = await reopenReportSignOff(t.db, { periodId: past.id, reason: "A late amendment from HWP" }, actors.signatory!);
    expect(version).toBe(2);
    const first = (await t.db.select().from(signOffs).where(eq(signOffs.reportingPeriodId, past.id)))[0]!;
    expect(first.reopenReason).toBe("A late amendment from HWP");
    await sendReportForReview(t.db, { periodId: past.id }, actors.officer!);
    await expect(decideReportSignOff(t.db, { periodId: past.id, decision: "returned", note: "" }, actors.signatory!)).rejects.toBeInstanceOf(InvalidError);
    await decideReportSignOff(t.db, { periodId: past.id, decision: "returned", note: "Add the Q3 figures for NI 8" }, actors.signatory!);
    const view = await getReportCommittee(t.db, { periodId: past.id }, actors.officer!);
    expect(view.status).toBe("open");
    expect(view.decisions.map((d) => d.decision)).toEqual(["returned", "approved"]);
    expect(view.latestApproval).toBeNull();
    // The panel's one statement reads the same rows, in the same order, as the shared queries.
    const subject = { kind: "period", reportingPeriodId: past.id } as const;
    const threads = await loadThreads(t.db, subject);
    expect(threads.all.length).toBeGreaterThan(0);
    expect(view.threadsByPriority).toEqual(threads.byAnchor);
    expect(view.openThreads).toBe(threads.all.filter((x) => x.status === "open").length);
    expect(view.resolutions.length).toBeGreaterThan(0);
    expect(view.resolutions).toEqual(await listResolutionsOf(t.db, subject));
    expect(view.decisions).toEqual(await listDecisions(t.db, subject));
    expect(view.decisions[1]!.reopenedAt).toBeInstanceOf(Date);
  });

  it("keeps at most one standing approval per period in the database itself", async () => {
    const [row] = await t.db.select().from(signOffs).where(eq(signOffs.reportingPeriodId, past.id)).limit(1);
    const values = { reportingPeriodId: current.id, answerSetVersion: 1, decision: "approved" as const, hash: "a".repeat(64), decidedBy: row!.decidedBy };
    await t.db.insert(signOffs).values(values);
    await expect(t.db.insert(signOffs).values(values)).rejects.toThrow();
    await t.db.delete(signOffs).where(eq(signOffs.reportingPeriodId, current.id));
    // And a comment needs its period's priority; a consultation's needs its question.
    await expect(t.db.insert(comments).values({ reportingPeriodId: current.id, authorId: row!.decidedBy, body: "x" })).rejects.toThrow();
    await expect(t.db.insert(resolutions).values({ meetingDate: "2026-01-01", text: "x", recordedBy: row!.decidedBy })).rejects.toThrow();
  });
});

const TRIALS = 20;
const onPostgres = Boolean(process.env.DATABASE_URL);

describe.runIf(onPostgres)("two signatories sign off the same report at the same moment", () => {
  let poolA: { db: Db; close: () => Promise<void> };
  let poolB: { db: Db; close: () => Promise<void> };
  let signatory2: Actor;
  beforeAll(async () => {
    poolA = await openPg(t.url!, 2);
    poolB = await openPg(t.url!, 2);
    signatory2 = { ...actors.signatory!, id: actors.signatory!.id };
  });
  afterAll(async () => {
    await poolA?.close();
    await poolB?.close();
  });

  it(`makes exactly one approval record each time, ${TRIALS} times`, async () => {
    const period = current.id;
    await sendReportForReview(t.db, { periodId: period }, actors.officer!);
    await recordReportResolution(t.db, { periodId: period, meetingDate: "2026-12-01", committee: "Overview and Scrutiny Committee", text: "Resolved to note." }, actors.officer!);
    let bothWaited = 0;
    for (let i = 0; i < TRIALS; i++) {
      const { hash } = await getReportCommittee(t.db, { periodId: period }, actors.signatory!);
      // A third connection holds the period row; both sign-offs start and queue behind it.
      let locked!: () => void;
      let release!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const released = new Promise<void>((r) => (release = r));
      const holder = t.db.transaction(async (tx) => {
        await tx.execute(sql`select id from reporting_periods where id = ${period} for update`);
        locked();
        await released;
      });
      await isLocked;
      const both = Promise.allSettled([
        decideReportSignOff(poolA.db, { periodId: period, decision: "approved", note: "A", expectedHash: hash }, actors.signatory!),
        decideReportSignOff(poolB.db, { periodId: period, decision: "approved", note: "B", expectedHash: hash }, signatory2),
      ]);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const n = ((await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
        if (n >= 2) {
          bothWaited++;
          break;
        }
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      release();
      await holder;
      const [a, b] = await both;
      const ok = [a, b].filter((r) => r.status === "fulfilled");
      const refused = [a, b].filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(LockedError);
      const standing = await t.db.select().from(signOffs).where(and(eq(signOffs.reportingPeriodId, period), eq(signOffs.decision, "approved"), isNull(signOffs.reopenedAt)));
      expect(standing).toHaveLength(1);
      expect(standing[0]!.hash).toBe(hash);
      await reopenReportSignOff(t.db, { periodId: period, reason: `trial ${i}` }, actors.signatory!);
      await sendReportForReview(t.db, { periodId: period }, actors.officer!);
    }
    expect(bothWaited).toBe(TRIALS);
    const all = await t.db.select().from(signOffs).where(and(eq(signOffs.reportingPeriodId, period), eq(signOffs.decision, "approved")));
    expect(all).toHaveLength(TRIALS);
  });
});

// Action-plan report benchmark (issue 15): a plan of 10 priorities, 200 indicators and 500
// milestones owned by 40 organisations over 12 periods, every return submitted. Times the
// period report's data (getPlanReport, as the report page reads it) beside a floor run in the
// same process: the same rows read by hand in one SQL statement; and the report's PDF.
//
// Usage: DATABASE_URL=postgres://… npx tsx bench/action-plans.ts [-- --runs 20]
// (a fresh database is made beside the one named, and dropped afterwards). Not part of npm test.
// --page also serves the app (`next start` from an existing build: --dist-dir, default .next;
// --port, default 3390) on that database and loads the report page signed in as the officer at
// concurrency 8 for --seconds (10), beside the cheapest page it serves (/sign-in), and prints
// each one's p50 / p95, size and the server's CPU time a request (--dump-page FILE writes the report page's HTML). --no-pdf skips the PDF; --dump-html FILE writes the print HTML.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createTestDb } from "../db/testing";
import { actionPlans, memberships, organisations, planIndicators, planItems, planPriorities, planReturns, reportingPeriods, returnItems, users } from "../db/schema";
import { loadActor } from "../lib/auth/actor";
import { renderReportFile, reportHtml } from "../lib/action-plans/export";
import { getPlanReport, getPlanReportPage } from "../lib/action-plans/report";
import { getReportCommittee } from "../lib/action-plans/committee";
import { closePdfBrowser } from "../lib/exports/pdf";
import { itemHash } from "../lib/action-plans/rules";
import { HttpClient, median, p95, runFor, stats } from "./harness";

// lib as it runs in production (e.g. kept reports are frozen only outside it).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 20;
const t = await createTestDb();
const db = t.db;

try {
  const [council] = await db.insert(organisations).values({ name: "Bench Council", type: "council" }).returning();
  const orgs = await db.insert(organisations).values(Array.from({ length: 40 }, (_, i) => ({ name: `Bench partner ${i + 1}`, type: "other" as const }))).returning();
  const [officer] = await db.insert(users).values({ name: "Bench officer", email: "bench.officer@council.example" }).returning();
  await db.insert(memberships).values({ userId: officer!.id, organisationId: council!.id, role: "officer" });
  const [plan] = await db.insert(actionPlans).values({ ownerOrganisationId: council!.id, slug: "bench-plan", title: "Bench plan" }).returning();
  const priorities = await db.insert(planPriorities).values(Array.from({ length: 10 }, (_, i) => ({ planId: plan!.id, number: i + 1, title: `Priority ${i + 1}`, leadOrganisationId: orgs[i]!.id }))).returning();
  const indicators = await db
    .insert(planIndicators)
    .values(Array.from({ length: 200 }, (_, i) => ({ planId: plan!.id, priorityId: priorities[i % 10]!.id, position: i, code: `NI ${i + 1}`, title: `Indicator ${i + 1}`, baseline: 40, baselineDate: "2008/09", targets: [{ label: "2010/11", value: 60 }], amberTolerance: 5, ownerOrganisationId: orgs[i % 40]!.id })))
    .returning();
  const items = await db
    .insert(planItems)
    .values(Array.from({ length: 500 }, (_, i) => ({ planId: plan!.id, priorityId: priorities[i % 10]!.id, number: `${(i % 10) + 1}.${Math.floor(i / 10) + 1}`, position: i, text: `Milestone ${i + 1}`, outcome: "By March 2010", ownerOrganisationId: orgs[i % 40]!.id })))
    .returning();
  const day = 86_400_000;
  const start = Date.now() - 12 * 91 * day;
  const periods = await db
    .insert(reportingPeriods)
    .values(Array.from({ length: 12 }, (_, i) => ({ planId: plan!.id, label: `Q${(i % 4) + 1} ${2009 + Math.floor(i / 4)}/${String(10 + Math.floor(i / 4)).padStart(2, "0")}`, yearLabel: `${2009 + Math.floor(i / 4)}/${String(10 + Math.floor(i / 4)).padStart(2, "0")}`, position: i + 1, opensAt: new Date(start + i * 91 * day), dueAt: new Date(start + i * 91 * day + 30 * day), closesAt: new Date(start + i * 91 * day + 45 * day) })))
    .returning();
  const rags = ["red", "amber", "green"] as const;
  for (const [pi, p] of periods.entries()) {
    const rets = await db
      .insert(planReturns)
      .values(orgs.map((o) => ({ periodId: p.id, organisationId: o.id, status: "submitted" as const, revision: 1, reference: `BENCH-${pi}-${o.id.slice(0, 8)}`, submittedAt: p.dueAt })))
      .returning();
    const retOf = new Map(rets.map((r) => [r.organisationId, r.id]));
    const rows = [
      ...items.map((m, i) => {
        const v = { status: "in_progress" as const, rag: rags[(i + pi) % 3]!, commentary: `Progress on ${m.number} in ${p.label}`, correctiveAction: (i + pi) % 3 === 0 ? "Recovery plan" : "", actual: null };
        return { returnId: retOf.get(m.ownerOrganisationId)!, itemId: m.id, ...v, version: 1, hash: itemHash(v) };
      }),
      ...indicators.map((ind, i) => {
        const v = { status: null, rag: null, commentary: "", correctiveAction: "", actual: 40 + ((i + pi * 3) % 25) };
        return { returnId: retOf.get(ind.ownerOrganisationId)!, indicatorId: ind.id, ...v, computedRag: rags[(i + pi) % 3]!, version: 1, hash: itemHash(v) };
      }),
    ];
    for (let i = 0; i < rows.length; i += 500) await db.insert(returnItems).values(rows.slice(i, i + 500));
  }
  const actor = (await loadActor(db, officer!.id))!;
  const period = periods[11]!;

  // The floor: the rows the report needs, read by hand: everything of this period's and the
  // last period's returns, the indicators' figures of earlier ones, the plan's items and indicators.
  const floor = () =>
    Promise.all([
      db.execute(sql`select ri.* from return_items ri join plan_returns r on r.id = ri.return_id join reporting_periods p on p.id = r.period_id
        where p.plan_id = ${plan!.id} and p.position in (${period.position}, ${period.position - 1}) and r.status = 'submitted'`),
      db.execute(sql`select ri.return_id, ri.indicator_id, ri.actual, ri.computed_rag, ri.override_rag from return_items ri join plan_returns r on r.id = ri.return_id join reporting_periods p on p.id = r.period_id
        where p.plan_id = ${plan!.id} and p.position < ${period.position - 1} and r.status = 'submitted' and ri.indicator_id is not null`),
      db.execute(sql`select * from plan_items where plan_id = ${plan!.id}`),
      db.execute(sql`select * from plan_indicators where plan_id = ${plan!.id}`),
    ]);
  // The report page keeps a built report while nothing it reads changes (action_plan_versions):
  // a write that changes nothing, committed before a timed call, makes that call read and build
  // the report afresh, as the first view after a partner's return or an officer's edit does.
  const touch = () => db.execute(sql`update action_plans set title = title where id = ${plan!.id}`);
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) {
    await floor();
    await touch();
    await getPlanReport(db, { periodId: period.id }, actor);
  }
  const floorMs: number[] = [];
  const reportMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    floorMs.push(await time(floor));
    await touch();
    reportMs.push(await time(() => getPlanReport(db, { periodId: period.id }, actor)));
  }
  // The page's own data (one priority, a page of exceptions; the committee panel), as the page
  // reads it: wall time and this process's CPU time a load, the part of the page's cost that is not rendering.
  const pageData = () => Promise.all([getPlanReportPage(db, { periodId: period.id }, actor), getReportCommittee(db, { periodId: period.id, hash: "when-shown" }, actor)]);
  // Built afresh (after a write) and kept (no write since): wall time and this process's CPU a load.
  const pageDataRuns = async (fresh: boolean) => {
    for (let i = 0; i < 3; i++) await pageData();
    const ms: number[] = [];
    let cpu = 0;
    for (let i = 0; i < runs; i++) {
      if (fresh) await touch();
      const c0 = process.cpuUsage();
      ms.push(await time(pageData));
      const c1 = process.cpuUsage(c0);
      cpu += (c1.user + c1.system) / 1000;
    }
    return { ms, cpu: cpu / runs };
  };
  const freshData = await pageDataRuns(true);
  const keptData = await pageDataRuns(false);
  const report = await getPlanReport(db, { periodId: period.id }, actor);
  const dump = process.argv.indexOf("--dump-html");
  if (dump > 0) (await import("node:fs")).writeFileSync(process.argv[dump + 1]!, reportHtml(report));
  let pdfMs = Number.NaN;
  if (!process.argv.includes("--no-pdf")) try {
    pdfMs = await time(() => renderReportFile(report, "report.pdf"));
  } catch (e) {
    console.error(`PDF not measured: ${(e as Error).message}`);
  } finally {
    await closePdfBrowser();
  }
  console.log(`action-plan report, ${t.driver}: 10 priorities, ${indicators.length} indicators, ${items.length} milestones, ${orgs.length} organisations, ${periods.length} periods, ${runs} runs`);
  console.log(`  floor (hand SQL of the same rows): median ${median(floorMs).toFixed(1)} ms, p95 ${p95(floorMs).toFixed(1)} ms`);
  console.log(`  getPlanReport:                     median ${median(reportMs).toFixed(1)} ms, p95 ${p95(reportMs).toFixed(1)} ms  (${(median(reportMs) / median(floorMs)).toFixed(2)}× the floor; target ≤ 1.5×)`);
  console.log(`  the report page's data, after a write: median ${median(freshData.ms).toFixed(1)} ms, p95 ${p95(freshData.ms).toFixed(1)} ms, CPU ${freshData.cpu.toFixed(1)} ms a load (getPlanReportPage and getReportCommittee)`);
  console.log(`  the report page's data, kept:         median ${median(keptData.ms).toFixed(1)} ms, p95 ${p95(keptData.ms).toFixed(1)} ms, CPU ${keptData.cpu.toFixed(1)} ms a load`);
  console.log(`  report PDF:                        ${pdfMs.toFixed(0)} ms (target < 5000 ms)`);
  if (process.argv.includes("--page")) await pageLoad(t.url!, `/action-plans/${plan!.id}/periods/${period.id}`, officer!, touch);
} finally {
  await t.close();
}

/** The report page at concurrency 8 against /sign-in, through `next start` on the bench database. */
async function pageLoad(databaseUrl: string, reportPath: string, officer: { id: string; name: string | null; email: string }, touch: () => Promise<unknown>) {
  const { encode } = await import("next-auth/jwt");
  const { startServer } = await import("./server");
  const { readFileSync } = await import("node:fs");
  const arg = (name: string, d: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : d);
  const secret = "bench-secret-bench-secret-bench-secret";
  const seconds = Number(arg("--seconds", "10"));
  const server = await startServer({ distDir: arg("--dist-dir", ".next"), port: Number(arg("--port", "3390")), databaseUrl, env: { NEXTAUTH_SECRET: secret, DEMO_MODE: "0" } });
  try {
    const cookie = `next-auth.session-token=${await encode({ token: { sub: officer.id, name: officer.name, email: officer.email }, secret })}`;
    const http = new HttpClient(server.url, 16);
    const bytes = new Map<string, number>();
    // The server's own CPU time per request (user + system, from /proc): less swayed than latency by other work on the host.
    const cpu = new Map<string, number>();
    const cpuMs = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    };
    const load = async (path: string, headers: Record<string, string>, before?: () => Promise<unknown>) => {
      const first = await http.request("GET", path, { headers });
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
      bytes.set(path, first.body.length);
      if (path === reportPath && process.argv.includes("--dump-page")) (await import("node:fs")).writeFileSync(arg("--dump-page", "/tmp/report-page.html"), first.body);
      for (let i = 0; i < 5; i++) await http.request("GET", path, { headers });
      const samples: number[] = [];
      const cpu0 = cpuMs(server.pid);
      await runFor(8, seconds * 1000, async () => {
        await before?.();
        const t0 = performance.now();
        const r = await http.request("GET", path, { headers });
        if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
        samples.push(performance.now() - t0);
      });
      cpu.set(path, (cpuMs(server.pid) - cpu0) / samples.length);
      return stats(samples);
    };
    const cheap = await load("/sign-in", { accept: "text/html" });
    const page = await load(reportPath, { accept: "text/html", cookie });
    const cpuKept = cpu.get(reportPath)!;
    // Worst case: a write (changing nothing) committed before every request, so each one reads and builds the report.
    const fresh = await load(reportPath, { accept: "text/html", cookie }, touch);
    console.log(`  page at concurrency 8, ${seconds} s each (next start):`);
    console.log(`    /sign-in (cheapest page):        ${cheap.count} requests, p50 ${cheap.p50.toFixed(0)} ms, p95 ${cheap.p95.toFixed(0)} ms, ${(bytes.get("/sign-in")! / 1024).toFixed(0)} kB, server CPU ${cpu.get("/sign-in")!.toFixed(1)} ms a request`);
    console.log(`    report page:                     ${page.count} requests, p50 ${page.p50.toFixed(0)} ms, p95 ${page.p95.toFixed(0)} ms  (target < 200 ms, or ≤ 2× the cheapest page's p95: ${(page.p95 / cheap.p95).toFixed(2)}×), ${(bytes.get(reportPath)! / 1024).toFixed(0)} kB, server CPU ${cpuKept.toFixed(1)} ms a request (${(cpuKept / cpu.get("/sign-in")!).toFixed(2)}×)`);
    console.log(`    report page, a write before each: ${fresh.count} requests, p50 ${fresh.p50.toFixed(0)} ms, p95 ${fresh.p95.toFixed(0)} ms (${(fresh.p95 / cheap.p95).toFixed(2)}×), server CPU ${cpu.get(reportPath)!.toFixed(1)} ms a request (${(cpu.get(reportPath)! / cpu.get("/sign-in")!).toFixed(2)}×)`);
  } finally {
    await server.stop();
  }
}

// Cost as the work grows (issue 21, part 2): one database grown in steps to 10,000, 30,000,
// 100,000 and 300,000 responses; at each size, in one run against one server: the per-question
// collation calls (counts of a closed question, first page of answers, search for a common word, a
// rare word of the seeded texts and one planted in 40 answers at every size), the CSV export
// through the API against COPY with the server's memory growth, and submit at concurrency 16 with
// its plain-pg floor. Writes bench/results/growth.json and two charts drawn with Apache ECharts
// (server-side SVG): growth-collate.svg and growth-export-submit.svg.
//
//   npm run bench:growth                              # 10k, 30k, 100k, 300k
//   npm run bench:growth -- --sizes 10000,30000 --duration 5 --calls 20
//
// Options: --sizes (10000,30000,100000,300000) --duration S (10, submit per size) --calls N (100)
// --reuse-build --dist-dir DIR (.next-bench) --port P (3300) --database NAME (grow an existing one)
// --databases A,B,C,D (one database per size, each seeded to its size beforehand, e.g. copies of
// one made with `create database … template …` while it grew: the run then measures without
// seeding, and the server is restarted on each) --rounds R (5) --no-alternate
//
// The collation calls' growth targets compare calls of a millisecond or two, whose p95 moves by
// half between two runs of the same code on a 2-core host: measured once per size, the smallest
// size at the start of the run and the largest half an hour later, the ratio is as much the host
// as the code. So the run keeps a copy of its database at each size but the last (CREATE DATABASE
// … TEMPLATE, file copy) and ends by measuring the calls on every size in turn, R rounds
// alternating (alternateCollate, bench/collate-sizes.ts): the targets are taken from those. The
// same for submit's throughput: a server on the smallest size and one on the largest, R rounds of
// submissions alternating between them, the target from the medians.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as echarts from "echarts";
import pg from "pg";
import { openPg } from "../db/client";
import { commandLine, HttpClient, median, ms, ratio, table } from "./harness";
import { alternateCollate, alternatedTable, type AlternatedCollate } from "./collate-sizes";
import { benchCollate, benchExport, benchSubmit, collatedQuestions, type BenchQuestion, type Ctx } from "./scenarios";
import { BENCH_SLUG, createBenchDatabase, ensureBenchConsultation, plantRareWord, seedResponses } from "./seed";
import { build, hasBuild, ROOT, startServer, type Server } from "./server";

const { value, flag } = commandLine();
const sizes = value("sizes", "10000,30000,100000,300000").split(",").map(Number);
const durationS = Number(value("duration", "10"));
const calls = Number(value("calls", "100"));
const distDir = value("dist-dir", process.env.BENCH_DIST_DIR ?? ".next-bench");
const port = Number(value("port", process.env.BENCH_PORT ?? "3300"));
const perSize = value("databases", "").split(",").filter(Boolean);
const rounds = Number(value("rounds", "5"));
const alternate = !flag("no-alternate") && sizes.length > 1;
const MB = 1024 * 1024;
const SECRET = "bench-secret-bench-secret-bench-secret";
const log = (s: string) => console.log(s);
const PLANTED = "sundew";
const PLANTED_ANSWERS = 40;
const COMMON = "local";
const RARE = "quillwort";

type Step = {
  responses: number;
  databaseSize: string;
  databaseBytes: number;
  seedSeconds: number;
  collate: { name: string; p50: number; p95: number; handP95: number }[];
  export: { seconds: number; copySeconds: number; ratio: number; rssGrowthMB: number; megabytes: number };
  submit: { concurrency: number; perSecond: number; p95: number; floorPerSecond: number; floorP95: number; errors: number };
};

/** Submit at c=16 on the smallest and the largest size, rounds alternating: each round's responses per second, and the medians. */
type AlternatedSubmit = { rounds: number; durationS: number; sizes: [number, number]; perSecond: [number[], number[]]; floorPerSecond: [number[], number[]]; median: [number, number]; floorMedian: [number, number] };

type Open = { pool: pg.Pool; handle: Awaited<ReturnType<typeof openPg>>; server: Server; base: Ctx; writes: Ctx; consultationId: string };

/** A pool, the benchmark consultation, a writes copy of it and `next start`, all on one database. */
async function open(url: string, at = port): Promise<Open> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined);
  const handle = await openPg(url, 10);
  const consultationId = await ensureBenchConsultation(url);
  const describe = async (id: string) => {
    const questions = (await pool.query(`select q.id, q.number, q.type, q.position from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [id])).rows as BenchQuestion[];
    const [c] = (await pool.query(`select owner_organisation_id as "councilId", (select id from consultation_versions v where v.consultation_id = c.id order by version desc limit 1) as "versionId" from consultations c where id = $1`, [id])).rows;
    return { questions, councilId: c.councilId as string, versionId: c.versionId as string | null };
  };
  const server = await startServer({ distDir, port: at, databaseUrl: url, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "1000000" } });
  const base: Ctx = {
    pool,
    db: handle.db,
    consultationId,
    slug: BENCH_SLUG,
    ...(await describe(consultationId)),
    http: () => new HttpClient(server.url, 128),
    serverPid: server.pid,
    smoke: false,
    log,
  };
  const writesSlug = `bench-growth-writes-${Date.now()}`;
  const writesId = await ensureBenchConsultation(url, writesSlug);
  const writes: Ctx = { ...base, ...(await describe(writesId)), consultationId: writesId, slug: writesSlug };
  return { pool, handle, server, base, writes, consultationId };
}

async function close(o: Open) {
  await o.server.stop();
  await o.handle.close();
  await o.pool.end();
}

async function main() {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  // --databases a,b,c,d: one database per size, each already seeded to (or grown to) its size;
  // otherwise one database grown in steps.
  if (perSize.length && perSize.length !== sizes.length) throw new Error(`--databases names ${perSize.length} databases for ${sizes.length} sizes`);
  const dbName = value("database", `consult_growth_${Date.now()}`);
  const urls = perSize.length ? await Promise.all(perSize.map((n) => createBenchDatabase(baseUrl, n, false))) : [await createBenchDatabase(baseUrl, dbName, false)];
  log(`growth: ${perSize.length ? `databases ${perSize.join(", ")}` : `database ${dbName}`}; sizes ${sizes.join(", ")}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  if (!flag("reuse-build") || !hasBuild(distDir)) log(`  build: ${build(distDir, log).toFixed(0)} s`);
  let o: Open | null = null;
  const steps: Step[] = [];
  const stepCopies: string[] = [];
  let alternated: AlternatedCollate | null = null;
  let alternatedSubmit: AlternatedSubmit | null = null;
  try {
    for (const [i, size] of sizes.entries()) {
      if (perSize.length && o) {
        await close(o);
        o = null;
      }
      const url = urls[perSize.length ? i : 0]!;
      o ??= await open(url);
      const { pool, base, writes, consultationId } = o;
      const [{ n: have }] = (await pool.query(`select count(*)::int as n from responses where consultation_id = $1`, [consultationId])).rows;
      if (perSize.length && have > size) throw new Error(`${perSize[i]} holds ${have} responses, more than ${size}`);
      const t0 = Date.now();
      if (size > have) await seedResponses(url, consultationId, size - have, 42 + have, (s) => log(s));
      const seedSeconds = (Date.now() - t0) / 1000;
      // A word in the same number of answers at every size (more than a page of 25): the seeded
      // rare word fills 4 rows of the page at 10,000 and all 25 from 30,000, so its own growth
      // measures the page, not the search.
      const planted = { word: PLANTED, answers: await plantRareWord(url, collatedQuestions(base.questions).open.id, PLANTED, PLANTED_ANSWERS) };
      if (planted.answers !== PLANTED_ANSWERS) throw new Error(`"${PLANTED}" is in ${planted.answers} answers, not ${PLANTED_ANSWERS}: the comparison across sizes would not be of the same page`);
      await pool.query("vacuum (analyze) answers");
      await pool.query("vacuum (analyze) responses");
      await pool.query("vacuum (analyze) answer_choice_counts");
      // The seeding's dirty pages written out now, not by the checkpointer during the measurements.
      await pool.query("checkpoint");
      const [{ size: dbSize, bytes }] = (await pool.query(`select pg_size_pretty(pg_database_size(current_database())) as size, pg_database_size(current_database())::float8 as bytes`)).rows;
      log(`\n== ${size.toLocaleString("en-GB")} responses (database ${dbSize}; seeded in ${seedSeconds.toFixed(0)} s)`);
      const collate = await benchCollate(base, { calls, warmup: 5, common: COMMON, rare: RARE, planted });
      const x = await benchExport(base);
      const s = await benchSubmit(writes, { levels: [16], durationMs: durationS * 1000, floorConcurrency: 16, keys: Math.ceil(durationS * 600) });
      const top = s.levels[0]!;
      const step: Step = {
        responses: size,
        databaseSize: dbSize,
        databaseBytes: Number(bytes),
        seedSeconds,
        collate: collate.map((c) => ({ name: c.name.replace(/, question .*$/, ""), p50: c.app.p50, p95: c.app.p95, handP95: c.hand.p95 })),
        export: { seconds: x.seconds, copySeconds: x.copySeconds, ratio: x.ratio, rssGrowthMB: x.rssGrowth / MB, megabytes: x.bytes / MB },
        submit: { concurrency: 16, perSecond: top.perSecond, p95: top.latency.p95, floorPerSecond: s.floor.perSecond, floorP95: s.floor.latency.p95, errors: top.errors },
      };
      steps.push(step);
      writeResults(steps, false);
      log(
        table(`At ${size.toLocaleString("en-GB")} responses`, [
          ["figure", "value"],
          ...step.collate.map((c) => [`collate ${c.name}: p95 (hand p95)`, `${ms(c.p95)} ms (${ms(c.handP95)} ms)`]),
          ["export CSV through the API / COPY", `${x.seconds.toFixed(2)} s / ${x.copySeconds.toFixed(2)} s (${ratio(x.ratio)}), ${(x.bytes / MB).toFixed(0)} MB, server memory +${(x.rssGrowth / MB).toFixed(0)} MB`],
          ["submit at c=16 / floor", `${top.perSecond.toFixed(0)} / ${s.floor.perSecond.toFixed(0)} per s, p95 ${ms(top.latency.p95)} / ${ms(s.floor.latency.p95)} ms, ${top.errors} errors`],
        ]),
      );
      // A copy of the database at this size, for the alternated measurement at the end (not of the
      // last size: the grown database itself is that). The copy needs every connection to it closed.
      if (alternate && !perSize.length && i < sizes.length - 1) {
        await close(o);
        o = null;
        const name = `${dbName}_at_${size}`;
        const t = Date.now();
        stepCopies.push(await copyDatabase(baseUrl, dbName, name));
        log(`  copied to ${name} for the alternated measurement (${((Date.now() - t) / 1000).toFixed(0)} s)`);
      }
    }
    if (alternate && steps.length === sizes.length) {
      // Every size measured: written now, so that a failure below keeps it.
      writeResults(steps, true, null, null, false);
      if (o) await close(o);
      o = null;
      const all = perSize.length ? urls : [...stepCopies, urls[0]!];
      log(`\n== The collation calls on every size in turn: ${rounds} rounds of ${calls} calls`);
      alternated = await alternateCollate(all, { rounds, calls, common: COMMON, rare: RARE, planted: { word: PLANTED, answers: PLANTED_ANSWERS }, log });
      log(alternatedTable(alternated));
      writeResults(steps, true, alternated, null, false);
      const [small, large] = [alternated.databases[0]!, alternated.databases[alternated.databases.length - 1]!];
      alternatedSubmit = await alternateSubmit(small.url, large.url, [small.responses, large.responses]);
    }
  } finally {
    if (o) await close(o);
    log(`  kept ${perSize.length ? `databases ${perSize.join(", ")}` : `database ${dbName} (grow it further with --database ${dbName})`}`);
    if (stepCopies.length) log(`  kept its copies at the smaller sizes: ${stepCopies.map((u) => new URL(u).pathname.slice(1)).join(", ")}`);
  }

  writeResults(steps, true, alternated, alternatedSubmit);
}


/** Submit on the smallest and the largest database in turn, `rounds` times, each on a server of its own (both started first). */
async function alternateSubmit(smallUrl: string, largeUrl: string, sizesOf: [number, number]): Promise<AlternatedSubmit> {
  log(`\n== Submit at c=16 on ${sizesOf.map((n) => n.toLocaleString("en-GB")).join(" and ")} responses in turn: ${rounds} rounds of ${durationS} s`);
  const both: Open[] = [];
  const perSecond: [number[], number[]] = [[], []];
  const floorPerSecond: [number[], number[]] = [[], []];
  try {
    both.push(await open(smallUrl, port));
    both.push(await open(largeUrl, port + 1));
    for (let r = 0; r < rounds; r++) {
      // Every other round the largest first, so that neither always follows the other's leftovers.
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const o = both[i]!;
        const s = await benchSubmit(o.writes, { levels: [16], durationMs: durationS * 1000, floorConcurrency: 16, keys: Math.ceil(durationS * 600) });
        perSecond[i]!.push(s.levels[0]!.perSecond);
        floorPerSecond[i]!.push(s.floor.perSecond);
      }
      log(`  round ${r + 1} of ${rounds}: ${perSecond[0]!.at(-1)!.toFixed(0)} / ${perSecond[1]!.at(-1)!.toFixed(0)} per s (floor ${floorPerSecond[0]!.at(-1)!.toFixed(0)} / ${floorPerSecond[1]!.at(-1)!.toFixed(0)})`);
    }
  } finally {
    for (const o of both) await close(o);
  }
  const out: AlternatedSubmit = {
    rounds,
    durationS,
    sizes: sizesOf,
    perSecond,
    floorPerSecond,
    median: [median(perSecond[0]), median(perSecond[1])],
    floorMedian: [median(floorPerSecond[0]), median(floorPerSecond[1])],
  };
  log(`  medians: ${out.median.map((x) => x.toFixed(0)).join(" / ")} per s (floor ${out.floorMedian.map((x) => x.toFixed(0)).join(" / ")}): ${ratio(out.median[1] / out.median[0])}`);
  return out;
}

/** A copy of database `from` named `to` (replacing one of that name), by copying its files: no connection to `from` may be open. */
async function copyDatabase(baseUrl: string, from: string, to: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${to} with (force)`);
    // FILE_COPY: a checkpoint and the files copied, not the whole database written to the WAL.
    await admin.query(`create database ${to} template ${from} strategy = file_copy`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${to}`;
  return u.toString();
}

/** The figures so far, their targets (smallest size against the largest) and the charts; after each size, so an interrupted run keeps what it measured. */
function writeResults(steps: Step[], final: boolean, alternated: AlternatedCollate | null = null, alternatedSubmit: AlternatedSubmit | null = null, say = final) {
  if (!steps.length) return;
  const first = steps[0]!;
  const last = steps[steps.length - 1]!;
  const at = (n: number) => n.toLocaleString("en-GB");
  const targets = [
    // From the sizes measured in turn when the run made that measurement; else from each size's own.
    ...(alternated
      ? alternated.results.map((c) => {
          const [small, large] = [c.p95[0]!, c.p95[c.p95.length - 1]!];
          const sizesOf = alternated.databases;
          return {
            target: `${c.name}: p95 at ${at(sizesOf[sizesOf.length - 1]!.responses)} ≤ 1.3× p95 at ${at(sizesOf[0]!.responses)} (sizes in turn)`,
            value: `${ratio(large / small)} (${ms(large)} / ${ms(small)} ms)`,
            met: large / small <= 1.3,
          };
        })
      : first.collate.map((c, i) => {
          const r = last.collate[i]!.p95 / c.p95;
          return { target: `${c.name}: p95 at ${at(last.responses)} ≤ 1.3× p95 at ${at(first.responses)}`, value: `${ratio(r)} (${ms(last.collate[i]!.p95)} / ${ms(c.p95)} ms)`, met: r <= 1.3 };
        })),
    { target: "export ≤ 2× COPY at every size", value: steps.map((s) => ratio(s.export.ratio)).join(", "), met: steps.every((s) => s.export.ratio <= 2) },
    {
      target: "export: server memory flat (growth at the largest within 50 MB of the smallest's)",
      value: steps.map((s) => `${s.export.rssGrowthMB.toFixed(0)} MB`).join(", "),
      met: last.export.rssGrowthMB - first.export.rssGrowthMB <= 50,
    },
    alternatedSubmit
      ? {
          target: `submit throughput at ${at(alternatedSubmit.sizes[1])} ≥ 0.8× at ${at(alternatedSubmit.sizes[0])} (sizes in turn, median of ${alternatedSubmit.rounds} rounds)`,
          value: `${ratio(alternatedSubmit.median[1] / alternatedSubmit.median[0])} (${alternatedSubmit.median[1].toFixed(0)} / ${alternatedSubmit.median[0].toFixed(0)} per s)`,
          met: alternatedSubmit.median[1] / alternatedSubmit.median[0] >= 0.8,
        }
      : {
          target: `submit throughput at ${at(last.responses)} ≥ 0.8× at ${at(first.responses)}`,
          value: `${ratio(last.submit.perSecond / first.submit.perSecond)} (${last.submit.perSecond.toFixed(0)} / ${first.submit.perSecond.toFixed(0)} per s)`,
          met: last.submit.perSecond / first.submit.perSecond >= 0.8,
        },
  ];

  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const out = {
    date: new Date().toISOString(),
    complete: final,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverageAtEnd: os.loadavg() },
    sizes,
    databases: perSize.length ? perSize : "one grown in steps",
    durationS,
    calls,
    steps,
    ...(alternated ? { alternated: { ...alternated, databases: alternated.databases.map(({ url, ...d }) => ({ name: new URL(url).pathname.slice(1), ...d })) } } : {}),
    ...(alternatedSubmit ? { alternatedSubmit } : {}),
    targets,
  };
  writeFileSync(path.join(dir, "growth.json"), JSON.stringify(out, null, 2) + "\n");
  writeFileSync(path.join(dir, "growth-collate.svg"), collateChart(steps));
  writeFileSync(path.join(dir, "growth-export-submit.svg"), exportSubmitChart(steps));
  if (say) log(table("Growth targets", [["target", "value", "met"], ...targets.map((t) => [t.target, t.value, t.met ? "met" : "MISSED"])]));
  log(`\nwrote bench/results/growth.json, growth-collate.svg, growth-export-submit.svg (${steps.length} of ${sizes.length} sizes)`);
}

function render(option: echarts.EChartsOption, width = 760, height = 420): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: "Arial, sans-serif" }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const sizeAxis = (steps: Step[]) => ({
  type: "log" as const,
  name: "responses",
  nameLocation: "middle" as const,
  nameGap: 28,
  min: steps[0]!.responses * 0.8,
  max: steps[steps.length - 1]!.responses * 1.25,
  axisLabel: { formatter: (v: number) => (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v)) },
});

export function collateChart(steps: Step[]): string {
  const names = steps[0]!.collate.map((c) => c.name);
  return render({
    title: { text: "Collation calls: p95 as responses grow", left: "center" },
    legend: { bottom: 0 },
    grid: { left: 60, right: 30, top: 50, bottom: 80 },
    xAxis: sizeAxis(steps),
    yAxis: { type: "value", name: "p95 (ms)" },
    series: names.map((name, i) => ({ name, type: "line", symbolSize: 7, data: steps.map((s) => [s.responses, Number(s.collate[i]!.p95.toFixed(2))]) })),
  });
}

export function exportSubmitChart(steps: Step[]): string {
  return render({
    title: { text: "Export against COPY, and submissions per second, as responses grow", left: "center" },
    legend: { bottom: 0 },
    grid: { left: 60, right: 70, top: 50, bottom: 80 },
    xAxis: sizeAxis(steps),
    yAxis: [
      { type: "log", name: "export (s)" },
      { type: "value", name: "submissions/s", position: "right" },
    ],
    series: [
      { name: "export CSV through the API (s)", type: "line", symbolSize: 7, data: steps.map((s) => [s.responses, Number(s.export.seconds.toFixed(2))]) },
      { name: "COPY of the same rows (s)", type: "line", symbolSize: 7, lineStyle: { type: "dashed" }, data: steps.map((s) => [s.responses, Number(s.export.copySeconds.toFixed(2))]) },
      { name: "submit at c=16 (per s)", type: "line", yAxisIndex: 1, symbolSize: 7, data: steps.map((s) => [s.responses, Number(s.submit.perSecond.toFixed(1))]) },
      { name: "floor at c=16 (per s)", type: "line", yAxisIndex: 1, symbolSize: 7, lineStyle: { type: "dashed" }, data: steps.map((s) => [s.responses, Number(s.submit.floorPerSecond.toFixed(1))]) },
    ],
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

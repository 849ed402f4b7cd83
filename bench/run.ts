// The benchmarks (issue 8): `npm run bench` runs them all, `npm run bench -- submit` one.
//
//   seed     N submitted responses of 35 answers from N organisations, by COPY
//   collate  the per-question page's data (closed-question counts, first page of answers,
//            full-text search for a common and a rare word) against the same SQL by hand
//   export   the CSV of every response through the API against COPY (same rows) TO STDOUT,
//            and the server's peak memory growth (RSS from /proc/<pid>/status)
//   submit   POST /api/v1/consultations/{id}/responses at concurrency 1, 16 and 64 against the
//            same transaction shape through plain pg (pool of 10); rows equal acknowledgements
//   journey  signed-in partners load a chapter page and save it with the browser's form post,
//            and the JavaScript (gzip) the page loads, read from the build
//
// Each run creates its own database on the Postgres at --database-url (default: DATABASE_URL's
// server, else postgres://postgres@127.0.0.1:5432), builds the app into .next-bench (or reuses
// that build with --reuse-build) and starts `next start` on 127.0.0.1. Loads go only there and
// stop by themselves. Prints a table per scenario and writes bench/results/latest.json (a run of
// some scenarios only: partial.json).
//
// Options: --responses N (100000) --duration S (20, per concurrency level) --smoke (tiny N, a
// few seconds each, checks the figures are sane and exits 1 if not; drops its database)
// --reuse-build --dist-dir DIR (.next-bench) --port P (3300) --database NAME (reuse a seeded
// database; kept afterwards) --keep-db --drop-db
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openPg } from "../db/client";
import { HttpClient, ms, ratio, table } from "./harness";
import { writeJUnit } from "./junit";
import { benchCollate, benchExport, benchJourney, benchSubmit, type BenchQuestion, type Ctx } from "./scenarios";
import { BENCH_SLUG, createBenchDatabase, ensureBenchConsultation, seedResponses } from "./seed";
import { build, hasBuild, ROOT, startServer, type Server } from "./server";

const SCENARIOS = ["seed", "collate", "export", "submit", "journey"] as const;
type Scenario = (typeof SCENARIOS)[number];

type Options = {
  scenarios: Scenario[];
  responses: number;
  durationS: number;
  smoke: boolean;
  reuseBuild: boolean;
  distDir: string;
  port: number;
  baseUrl: string;
  database: string | null;
  keepDb: boolean;
  levels: number[];
  journeyConcurrency: number;
  collateCalls: number;
};

export function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string | true>();
  const scenarios: Scenario[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2) as [string, string | undefined];
      const takesValue = ["responses", "duration", "dist-dir", "port", "database-url", "database", "levels", "calls", "journey-concurrency"].includes(k);
      flags.set(k, v ?? (takesValue ? argv[++i]! : true));
    } else if ((SCENARIOS as readonly string[]).includes(a)) scenarios.push(a as Scenario);
    else if (a !== "all") throw new Error(`unknown scenario "${a}": choose from ${SCENARIOS.join(", ")} or all`);
  }
  const smoke = flags.has("smoke");
  const num = (k: string, d: number) => (flags.has(k) ? Number(flags.get(k)) : d);
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  return {
    scenarios: scenarios.length ? scenarios : [...SCENARIOS],
    responses: num("responses", smoke ? 200 : 100_000),
    durationS: num("duration", smoke ? 1.5 : 20),
    smoke,
    reuseBuild: flags.has("reuse-build"),
    distDir: (flags.get("dist-dir") as string | undefined) ?? process.env.BENCH_DIST_DIR ?? ".next-bench",
    port: num("port", Number(process.env.BENCH_PORT ?? 3300)),
    baseUrl: (flags.get("database-url") as string | undefined) ?? server,
    database: (flags.get("database") as string | undefined) ?? null,
    keepDb: flags.has("keep-db") || (flags.has("database") && !flags.has("drop-db")) || (!smoke && !flags.has("drop-db")),
    levels: flags.has("levels") ? String(flags.get("levels")).split(",").map(Number) : [1, 16, 64],
    journeyConcurrency: num("journey-concurrency", 16),
    collateCalls: num("calls", smoke ? 5 : 50),
  };
}

const MB = 1024 * 1024;
const SECRET = "bench-secret-bench-secret-bench-secret";

type Target = { scenario: string; target: string; value: string; met: boolean | null };

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.log(s);
  const want = (s: Scenario) => o.scenarios.includes(s);
  const needServer = want("export") || want("submit") || want("journey");

  // Where: a database of our own on the given Postgres, reachable or the run is skipped.
  const probe = new pg.Client({ connectionString: o.baseUrl });
  try {
    await probe.connect();
  } catch (e) {
    if (o.smoke) {
      console.log(`bench smoke skipped: no Postgres at ${redact(o.baseUrl)} (${(e as Error).message})`);
      return;
    }
    throw e;
  }
  const pgVersion = (await probe.query("show server_version")).rows[0].server_version as string;
  await probe.end();
  const dbName = o.database ?? `consult_bench_${Date.now()}_${process.pid}`;
  const url = await createBenchDatabase(o.baseUrl, dbName, false);
  log(`bench: load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores (other work on the machine skews absolute times; the ratios are the figures to read)`);
  log(`bench: database ${dbName} on ${redact(o.baseUrl)} (Postgres ${pgVersion}), ${o.smoke ? "smoke" : "full"} run: ${o.scenarios.join(", ")}`);

  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: pgVersion },
    options: { ...o, baseUrl: redact(o.baseUrl) },
  };
  const targets: Target[] = [];
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined); // an idle connection closed by the server is replaced
  const handle = await openPg(url, 10);
  let server: Server | null = null;
  let sqlLog: string | undefined;
  try {
    // Seed (always: the other scenarios run at this size).
    const t0 = Date.now();
    const consultationId = await ensureBenchConsultation(url);
    const [{ n: have }] = (await pool.query(`select count(*)::int as n from responses where consultation_id = $1 and reference like 'BENCH-%'`, [consultationId])).rows;
    const toAdd = Math.max(0, o.responses - have);
    if (toAdd) await seedResponses(url, consultationId, toAdd, 42, (s) => log(s));
    const seedS = (Date.now() - t0) / 1000;
    // As autovacuum would soon after a bulk load: the visibility map lets counts read indexes only.
    const tv = Date.now();
    await pool.query("vacuum (analyze) answers");
    await pool.query("vacuum (analyze) responses");
    // The seeding's dirty pages written out now, not by the checkpointer during the measurements
    // (as bench:growth does at each size).
    await pool.query("checkpoint");
    log(`  vacuum analyze, checkpoint: ${((Date.now() - tv) / 1000).toFixed(1)} s`);
    const [{ n: seeded }] = (await pool.query(`select count(*)::int as n from responses where consultation_id = $1 and reference like 'BENCH-%'`, [consultationId])).rows;
    const [{ n: answerRows }] = (await pool.query(`select count(*)::int as n from answers a join responses r on r.id = a.response_id where r.consultation_id = $1 and r.reference like 'BENCH-%'`, [consultationId])).rows;
    const [{ size }] = (await pool.query(`select pg_size_pretty(pg_database_size(current_database())) as size`)).rows;
    results.seed = { responses: seeded, added: toAdd, answers: answerRows, seconds: seedS, responsesPerSecond: toAdd / seedS, databaseSize: size };
    if (want("seed")) {
      log(table("Seed", [["responses", "answers", "added", "seconds", "added/s", "database"], [seeded, answerRows, toAdd, seedS.toFixed(1), (toAdd / seedS).toFixed(0), size]]));
    }
    check(seeded >= o.responses, `seed: ${seeded} responses, wanted ${o.responses}`);
    check(answerRows === seeded * 35, `seed: ${answerRows} answers for ${seeded} responses`);

    const describe = async (id: string) => {
      const questions = (await pool.query(`select q.id, q.number, q.type, q.position from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [id])).rows as BenchQuestion[];
      const [c] = (await pool.query(`select owner_organisation_id as "councilId", (select id from consultation_versions v where v.consultation_id = c.id order by version desc limit 1) as "versionId" from consultations c where id = $1`, [id])).rows;
      return { questions, councilId: c.councilId as string, versionId: c.versionId as string | null };
    };
    const { questions, councilId, versionId } = await describe(consultationId);
    const chapters = (await pool.query(`select count(*)::int as n from sections where consultation_id = $1`, [consultationId])).rows[0].n as number;

    if (needServer) {
      if (!o.reuseBuild || !hasBuild(o.distDir)) log(`  build: ${build(o.distDir, log).toFixed(0)} s`);
      // The server captures the statements of one page (on a signal, after the journey's load) for the page floor.
      sqlLog = path.join(os.tmpdir(), `consult-bench-sql-${process.pid}.jsonl`);
      rmSync(sqlLog, { force: true });
      server = await startServer({ distDir: o.distDir, port: o.port, databaseUrl: url, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "100000", BENCH_SQL_LOG: sqlLog } });
      log(`  server: ${server.url} (next-server pid ${server.pid})`);
    }
    const ctx: Ctx = {
      pool,
      db: handle.db,
      consultationId,
      slug: BENCH_SLUG,
      versionId,
      questions,
      councilId,
      http: () => new HttpClient(server!.url, 128),
      serverPid: server?.pid ?? 0,
      smoke: o.smoke,
      log,
      sqlLog,
      databaseUrl: url,
    };

    if (want("collate")) {
      const calls = await benchCollate(ctx, { calls: o.collateCalls, warmup: o.smoke ? 1 : 5, common: "local", rare: "quillwort" });
      results.collate = calls;
      log(
        table(`Collate at ${seeded.toLocaleString("en-GB")} responses (${o.collateCalls} calls each; ms)`, [
          ["call", "rows", "app p50", "app p95", "hand p50", "hand p95", "ratio p50", "ratio p95"],
          ...calls.map((x) => [x.name, x.rows, ms(x.app.p50), ms(x.app.p95), ms(x.hand.p50), ms(x.hand.p95), ratio(x.ratioP50), ratio(x.ratioP95)]),
        ]),
      );
      for (const x of calls) {
        targets.push({ scenario: "collate", target: `${x.name}: within 1.5× hand SQL (p50)`, value: ratio(x.ratioP50), met: x.ratioP50 <= 1.5 });
        targets.push({ scenario: "collate", target: `${x.name}: p95 < 200 ms`, value: `${ms(x.app.p95)} ms`, met: x.app.p95 < 200 });
      }
      check(calls[0]!.rows === seeded, `collate: counts say ${calls[0]!.rows} answered, ${seeded} responses seeded`);
      check(calls[1]!.rows === Math.min(25, seeded), `collate: first page has ${calls[1]!.rows} rows`);
      check(calls[2]!.rows > 0, `collate: common-word search found nothing`);
    }

    if (want("export")) {
      const x = await benchExport(ctx);
      results.export = x;
      log(
        table(`Export: CSV of ${x.responses.toLocaleString("en-GB")} responses through the API`, [
          ["", "seconds", "MB", "ratio", "server RSS before", "peak", "growth"],
          ["API /export.csv", x.seconds.toFixed(2), (x.bytes / MB).toFixed(1), ratio(x.ratio), `${(x.rssBaseline / MB).toFixed(0)} MB`, `${(x.rssPeak / MB).toFixed(0)} MB`, `${(x.rssGrowth / MB).toFixed(0)} MB`],
          ["COPY (same rows) TO STDOUT", x.copySeconds.toFixed(2), (x.copyBytes / MB).toFixed(1), "1.00×", "", "", ""],
        ]),
      );
      targets.push({ scenario: "export", target: "within 2× COPY", value: ratio(x.ratio), met: x.ratio <= 2 });
      targets.push({ scenario: "export", target: "server memory grows < 100 MB", value: `${(x.rssGrowth / MB).toFixed(0)} MB`, met: x.rssGrowth < 100 * MB });
      check(x.status === 200, `export: HTTP ${x.status}`);
      check(x.rowsInCsv === x.responses, `export: ${x.rowsInCsv} rows in the CSV for ${x.responses} responses`);
    }

    // Submissions and saves go to a copy of the consultation, so that the seeded one keeps
    // exactly N responses for collate and export (and for the next run with --database).
    let writes = ctx;
    if (want("submit") || want("journey")) {
      const slug = `bench-writes-${Date.now()}`;
      const id = await ensureBenchConsultation(url, slug);
      writes = { ...ctx, ...(await describe(id)), consultationId: id, slug };
    }

    if (want("submit")) {
      const keys = o.smoke ? 400 : Math.ceil(o.durationS * 1500);
      const s = await benchSubmit(writes, { levels: o.levels, durationMs: o.durationS * 1000, floorConcurrency: Math.max(...o.levels), keys });
      results.submit = s;
      const row = (label: string, l: typeof s.floor) => [
        label,
        l.concurrency,
        l.seconds.toFixed(1),
        l.acks,
        l.perSecond.toFixed(1),
        ms(l.latency.p50),
        ms(l.latency.p95),
        ms(l.latency.p99),
        l.errors,
        l.rows,
        l.rows === l.acks ? "yes" : "NO",
        l.serverCpuMsPerAck === undefined ? "" : l.serverCpuMsPerAck.toFixed(1),
        l.postgresCpuMsPerAck === undefined ? "" : l.postgresCpuMsPerAck.toFixed(1),
        l.walKbPerAck === undefined ? "" : l.walKbPerAck.toFixed(1),
      ];
      log(
        table(`Submit: POST /api/v1/consultations/{id}/responses, 35 answers of ~300 characters (ms)`, [
          ["", "conc.", "s", "acks", "resp/s", "p50", "p95", "p99", "errors", "rows", "rows = acks", "server CPU ms/resp", "Postgres CPU ms/resp", "WAL kB/resp"],
          ...s.levels.map((l) => row("API", l)),
          row("floor: plain pg, pool 10", s.floor),
        ]),
      );
      for (const [label, st] of Object.entries(s.statements ?? {})) {
        log(`  statements per API submission (${label}, HTTP ${st.status}): ${st.count}: ${st.statements.join(" → ")}`);
      }
      log(`  API at c=${s.floor.concurrency} reaches ${(s.ratioAt64 * 100).toFixed(0)} % of the floor's responses/s`);
      for (const l of [...s.levels, s.floor]) if (l.errors) log(`  errors at c=${l.concurrency}: ${JSON.stringify(l.errorKinds)}`);
      const top = s.levels.find((l) => l.concurrency === s.floor.concurrency) ?? s.levels[s.levels.length - 1]!;
      const p95Ratio = top.latency.p95 / s.floor.latency.p95;
      results.submitRatios = { throughput: s.ratioAt64, p95: p95Ratio };
      log(`  API p95 at c=${top.concurrency} is ${ratio(p95Ratio)} the floor's (${ms(top.latency.p95)} / ${ms(s.floor.latency.p95)} ms)`);
      targets.push({ scenario: "submit", target: `c=${top.concurrency}: ≥ 50 % of the plain-pg floor's responses/s`, value: `${(s.ratioAt64 * 100).toFixed(0)} % (${top.perSecond.toFixed(0)} / ${s.floor.perSecond.toFixed(0)} per s)`, met: s.ratioAt64 >= 0.5 });
      targets.push({ scenario: "submit", target: `c=${top.concurrency}: p95 ≤ 1.5× the floor's p95`, value: `${ratio(p95Ratio)} (${ms(top.latency.p95)} / ${ms(s.floor.latency.p95)} ms)`, met: p95Ratio <= 1.5 });
      targets.push({ scenario: "submit", target: "zero errors", value: String(s.levels.reduce((a, l) => a + l.errors, 0)), met: s.levels.every((l) => l.errors === 0) });
      targets.push({ scenario: "submit", target: "rows equal acknowledgements", value: s.levels.every((l) => l.rows === l.acks) ? "equal" : "differ", met: s.levels.every((l) => l.rows === l.acks) });
      for (const l of s.levels) {
        check(l.errors === 0, `submit c=${l.concurrency}: ${l.errors} errors ${JSON.stringify(l.errorKinds)}`);
        check(l.acks > 0, `submit c=${l.concurrency}: no acknowledgements`);
        check(l.rows === l.acks, `submit c=${l.concurrency}: ${l.rows} rows for ${l.acks} acknowledgements`);
        check(l.answerRows === l.acks * questions.length, `submit c=${l.concurrency}: ${l.answerRows} answer rows for ${l.acks} acknowledgements`);
      }
      check(s.floor.errors === 0 && s.floor.rows === s.floor.acks && s.floor.acks > 0, `submit floor: ${s.floor.errors} errors, ${s.floor.rows} rows for ${s.floor.acks}`);
    }

    if (want("journey")) {
      const j = await benchJourney(writes, { concurrency: o.journeyConcurrency, durationMs: o.durationS * 1000, secret: SECRET, distDir: o.distDir, chapters });
      results.journey = j;
      log(
        table(`Respondent journey: ${j.concurrency} signed-in partners, chapter page then its form post (ms)`, [
          ["", "count", "per s", "p50", "p95", "p99", "errors", "server CPU ms/page"],
          ["pages (both)", j.page.count, j.pagesPerSecond.toFixed(1), ms(j.page.p50), ms(j.page.p95), ms(j.page.p99), j.errors, j.serverCpuMsPerPage.toFixed(1)],
          ["GET chapter", j.get.count, (j.get.count / j.seconds).toFixed(1), ms(j.get.p50), ms(j.get.p95), ms(j.get.p99), "", ""],
          ["POST save (303)", j.post.count, (j.post.count / j.seconds).toFixed(1), ms(j.post.p50), ms(j.post.p95), ms(j.post.p99), "", ""],
        ]),
      );
      log(
        table("JavaScript a chapter page loads (read from the build)", [
          ["file", "bytes", "gzip"],
          ...j.js.files.map((f) => [f.src, f.bytes, f.gzip]),
          ["total external", j.js.bytes, j.js.gzip],
          ["inline <script> (flight data)", j.js.inlineBytes, j.js.inlineGzip],
        ]),
      );
      if (j.errors) log(`  journey errors: ${JSON.stringify(j.errorKinds)}`);
      if (j.floor) {
        const f = j.floor;
        log(
          table(`Page floor at c=${f.concurrency}: each page's ${f.statements.get} (GET) and ${f.statements.post} (POST) captured statements through plain pg, then its ${f.bytes.get} / ${f.bytes.post} bytes from node:http (ms)`, [
            ["", "count", "p50", "p95", "p99", "replayed statements refused", "bench process CPU ms/page"],
            ["floor pages (both)", f.pages, ms(f.page.p50), ms(f.page.p95), ms(f.page.p99), f.statements.errors, f.processCpuMsPerPage.toFixed(1)],
            ["floor GET", f.get.count, ms(f.get.p50), ms(f.get.p95), ms(f.get.p99), "", ""],
            ["floor POST", f.post.count, ms(f.post.p50), ms(f.post.p95), ms(f.post.p99), "", ""],
          ]),
        );
        targets.push({ scenario: "journey", target: `c=${j.concurrency}: p95 ≤ 2× the page floor's p95`, value: `${ratio(f.ratioP95)} (${ms(j.page.p95)} / ${ms(f.page.p95)} ms)`, met: f.ratioP95 <= 2 });
      } else {
        targets.push({ scenario: "journey", target: `c=${j.concurrency}: p95 ≤ 2× the page floor's p95`, value: "floor not measured", met: null });
        check(false, "journey: the page floor could not be measured (no statements captured)");
      }
      targets.push({ scenario: "journey", target: "question page JS ≤ 50 kB gzip", value: `${(j.js.gzip / 1024).toFixed(1)} kB`, met: j.js.gzip <= 50 * 1024 });
      check(j.errors === 0, `journey: ${j.errors} errors ${JSON.stringify(j.errorKinds)}`);
      check(j.saves > 0 && j.answersSaved > 0, `journey: ${j.saves} saves, ${j.answersSaved} answers stored`);
      check(j.js.files.length > 0 && j.js.missing.length === 0, `journey: scripts not found in ${o.distDir}: ${j.js.missing.join(", ")}`);
    }
  } finally {
    if (server) {
      if (problems.length) console.log(`  server output (tail):\n${server.output().slice(-3000)}`);
      await server.stop();
    }
    await handle.close();
    await pool.end();
    if (sqlLog) rmSync(sqlLog, { force: true });
    if (!o.keepDb) await dropDatabase(o.baseUrl, dbName);
    else log(`  kept database ${dbName} (rerun with --database ${dbName})`);
  }

  results.targets = targets;
  results.problems = problems;
  if (targets.length) {
    const title = o.smoke ? "Targets (smoke run: tiny N and a few seconds, so these are not judged)" : "Targets";
    log(table(title, [["scenario", "target", "value", "met"], ...targets.map((t) => [t.scenario, t.target, t.value, t.met === null ? "–" : t.met ? "met" : "MISSED"])]));
  }
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  // latest.json (committed; the README table reads it) only from a full run: a run of some
  // scenarios, or on a database seeded earlier with other sizes, writes partial.json beside it.
  const full = SCENARIOS.every((s) => o.scenarios.includes(s));
  const file = path.join(dir, o.smoke ? "smoke.json" : full ? "latest.json" : "partial.json");
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  log(`\nwrote ${path.relative(ROOT, file)}`);
  if (o.smoke) writeJUnit(path.join(ROOT, "reports", "bench-smoke.xml"), "bench smoke", [{ name: `every scenario ran and its figures are sane (${o.scenarios.join(", ")})`, failure: problems.length ? problems.join("\n") : null }]);
  if (problems.length) {
    console.error(`\nbench: the figures are not sane:\n- ${problems.join("\n- ")}`);
    process.exitCode = 1;
  } else if (o.smoke) log("bench smoke: every scenario ran and its figures are sane (timings are not checked)");
}

async function dropDatabase(baseUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

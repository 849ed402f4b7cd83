// Where the time of a CSV export goes (issue 21: the API's export against the COPY floor), each
// stage timed in one process against one benchmark database, rounds alternating so a busy host
// slows every stage alike:
//   floor       COPY of the plain join (responses, organisations, versions, answers): the floor
//   sql-jit     the same with JIT on (no inlining or optimisation), as the app runs it from 50,000 responses
//   sql         the app's own COPY statement (lib/exports/responses-copy: pivot, UK times, formula guard) into a sink,
//               with the settings the app sends before it (copyBegin: no JIT below 50,000 responses, else JIT without inlining or optimisation; no hash aggregate)
//   lib         responsesCsvStream read to the end in this process (the web stream around the COPY)
//   route       the API route handler (key check, rate limit, scope) served by a plain node:http server, read over a socket
//   job         a background export: requestResponsesExport + the job run here (pieces written to Postgres), without the queue's wait
//   next        (with --dist-dir DIR holding a build) the same GET through `next start`
// The queue's own wait is not timed: a job requested from the exports page nudges the worker of
// that instance at once; on another instance it waits for the next poll (JOB_POLL_MS, 5 s).
//
// --cold empties the operating system's page cache before each stage (sync, then 3 written to
// /proc/sys/vm/drop_caches: root only), as on a database larger than memory; Postgres's own
// shared buffers stay, a small part of a large database.
//
// --shape long times the long CSV (one row per answer) in every stage but the floor, which is the
// same plain join: one row per answer already.
//
//   npx tsx bench/export-breakdown.ts --database consult_growth_100k [--rounds 3] [--dist-dir .next] [--port 3231] [--stages route,next] [--cold] [--shape long]
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { openPg } from "../db/client";
import { loadActor } from "../lib/auth/actor";
import { requestResponsesExport, runExportJobNow } from "../lib/exports/jobs";
import { copyBegin, responsesCopySelect } from "../lib/exports/responses-copy";
import { RESPONSE_SHAPES, responsesCsvStream, type ResponseShape } from "../lib/exports/responses-export";
import { loadExportQuestions } from "../lib/exports/responses-source";
import { createApiKey } from "./fixtures";
import { commandLine, HttpClient, median, table } from "./harness";
import { BENCH_SLUG } from "./seed";
import { hasBuild, startServer, type Server } from "./server";

const { value, flag } = commandLine();
const database = value("database", "consult_bench");
const rounds = Number(value("rounds", "3"));
const distDir = value("dist-dir", "");
const port = Number(value("port", "3231"));
const cold = flag("cold");
const shape = value("shape", "wide") as ResponseShape;
if (!RESPONSE_SHAPES.includes(shape)) throw new Error(`--shape ${shape}: ${RESPONSE_SHAPES.join(" or ")}`);
const MB = 1024 * 1024;

/** Written pages to disk, then the page cache emptied (root only): the next read comes from disk. */
function dropPageCache() {
  execFileSync("sync");
  writeFileSync("/proc/sys/vm/drop_caches", "3");
}

// When the stage running had received its first megabyte (performance.now()), 0 before: a
// statement that sorts everything first sends nothing but the header until the sort ends, and a
// proxy in front of the app closes a response silent for longer than its read timeout. A
// megabyte (about a hundred rows), because the header goes before the COPY starts.
let receivedBytes = 0;
let firstMegabyteAt = 0;
const received = (n: number) => {
  receivedBytes += n;
  if (!firstMegabyteAt && receivedBytes >= MB) firstMegabyteAt = performance.now();
};

const sink = () => {
  let bytes = 0;
  const w = new Writable({
    write(chunk: Buffer, _e, cb) {
      received(chunk.length);
      bytes += chunk.length;
      cb();
    },
  });
  return { w, bytes: () => bytes };
};

async function main() {
  const base = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  base.pathname = `/${database}`;
  const url = base.toString();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined);
  const handle = await openPg(url, 10);
  // Route handlers open the process's database with getDb(): hand them this one.
  (globalThis as unknown as { __consultDb?: unknown }).__consultDb = { db: handle.db, driver: "pg", close: async () => {} };
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
  const [c] = (await pool.query(`select id, owner_organisation_id as "councilId" from consultations where slug = $1`, [BENCH_SLUG])).rows;
  if (!c) throw new Error(`${database}: no benchmark consultation (seed it with bench/seed.ts)`);
  const [{ n }] = (await pool.query(`select count(*)::int as n from responses where consultation_id = $1 and status = 'submitted'`, [c.id])).rows;
  const [officer] = (await pool.query(`select u.id from users u join memberships m on m.user_id = u.id where m.organisation_id = $1 and m.role in ('officer', 'admin') order by u.email limit 1`, [c.councilId])).rows;
  const actor = (await loadActor(handle.db, officer.id))!;
  const key = await createApiKey(pool, c.councilId, `Bench export breakdown ${Date.now()}`, "read");
  const filter = { consultationId: c.id as string };
  const path = `/api/v1/consultations/${c.id}/export.csv?shape=${shape}`;

  const { GET } = await import("../app/api/v1/consultations/[id]/export.csv/route");
  const routeServer = http.createServer(async (req, res) => {
    const r = await GET(new Request(`http://localhost${req.url}`, { headers: req.headers as Record<string, string> }) as never, { params: Promise.resolve({ id: c.id }) });
    res.writeHead(r.status, Object.fromEntries(r.headers));
    if (r.body) await pipeline(Readable.fromWeb(r.body as never), res);
    else res.end();
  });
  await new Promise<void>((resolve) => routeServer.listen(port, "127.0.0.1", resolve));
  let next: Server | null = null;
  if (distDir && hasBuild(distDir)) {
    next = await startServer({ distDir, port: port + 1, databaseUrl: url, env: { NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret", DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "1000000", JOB_WORKER: "0" } });
  }

  // `begin` (copyBegin for the app's statement: its settings, as the app sends them) then "commit".
  const copy = async (statement: string, begin = "begin") => {
    const client = await pool.connect();
    try {
      const s = sink();
      await client.query(begin);
      await pipeline(client.query(copyTo(`COPY (${statement}) TO STDOUT WITH (FORMAT csv)`)), s.w);
      await client.query("commit");
      return s.bytes();
    } finally {
      client.release();
    }
  };
  const overHttp = async (baseUrl: string) => {
    const h = new HttpClient(baseUrl, 4);
    try {
      const r = await h.stream(path, { authorization: `Bearer ${key}` }, (chunk) => received(chunk.length));
      if (r.status !== 200) throw new Error(`export answered ${r.status}`);
      return r.bytes;
    } finally {
      h.close();
    }
  };
  const questionList = await loadExportQuestions(handle.db, c.id);
  const lit = (v: string) => pg.Client.prototype.escapeLiteral.call(null, v);
  const allStages: { name: string; what: string; run: () => Promise<number> }[] = [
    {
      name: "floor",
      what: "COPY of the plain join",
      run: () =>
        copy(`select r.reference, o.name, o.type, r.submitted_at, r.revision, v.version, a.question_id, a.value_text
          from responses r join organisations o on o.id = r.organisation_id
          left join consultation_versions v on v.id = r.consultation_version_id
          join answers a on a.response_id = r.id
          where r.consultation_id = ${lit(c.id)} and r.status = 'submitted' order by r.id`),
    },
    { name: "sql", what: "the app's COPY statement", run: () => copy(responsesCopySelect(filter, questionList, shape, lit), copyBegin(filter, lit)) },
    // The JIT's part: the same statement with JIT on (no inlining or optimisation), as from JIT_FROM_RESPONSES responses.
    { name: "sql-jit", what: "the app's COPY statement, JIT on", run: () => copy(responsesCopySelect(filter, questionList, shape, lit), copyBegin(filter, lit, 0)) },
    {
      name: "lib",
      what: "responsesCsvStream in this process",
      run: async () => {
        const s = sink();
        await pipeline(Readable.fromWeb(responsesCsvStream(handle.db, filter, shape) as never), s.w);
        return s.bytes();
      },
    },
    { name: "route", what: "API route on node:http, over a socket", run: () => overHttp(`http://127.0.0.1:${port}`) },
    {
      name: "job",
      what: "background export job, run here",
      run: async () => {
        const id = await requestResponsesExport(handle.db, { consultationId: c.id, format: `csv-${shape}` }, actor);
        await runExportJobNow(handle.db, id);
        const [j] = (await pool.query(`select status, result from jobs where id = $1`, [id])).rows;
        if (j.status !== "done") throw new Error(`export job ${j.status}`);
        await pool.query(`delete from export_file_chunks where job_id = $1`, [id]);
        return Number(j.result.bytes);
      },
    },
    ...(next ? [{ name: "next", what: "API through next start", run: () => overHttp(next!.url) }] : []),
  ];
  // --stages route,next: those and the floor (which every ratio needs) only.
  const only = value("stages", "").split(",").filter(Boolean);
  const stages = allStages.filter((s) => s.name === "floor" || !only.length || only.includes(s.name));

  console.log(`export-breakdown: ${database}, the ${shape} CSV, ${n.toLocaleString("en-GB")} responses; ${rounds} rounds; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores${next ? "" : " (no build given: next start not timed)"}${cold ? "; the page cache emptied before each stage" : ""}`);
  const times = new Map<string, number[]>(stages.map((s) => [s.name, []]));
  const sizes = new Map<string, number>();
  const cpu = new Map<string, number[]>(stages.map((s) => [s.name, []]));
  const firstMegabyte = new Map<string, number[]>(stages.map((s) => [s.name, []]));
  try {
    if (!cold) await stages[0]!.run(); // warm the cache once, untimed
    for (let r = 0; r < rounds; r++) {
      for (const s of stages) {
        if (cold) dropPageCache();
        const u0 = process.cpuUsage();
        receivedBytes = firstMegabyteAt = 0;
        const t0 = performance.now();
        sizes.set(s.name, await s.run());
        times.get(s.name)!.push(performance.now() - t0);
        if (firstMegabyteAt) firstMegabyte.get(s.name)!.push(firstMegabyteAt - t0);
        const u = process.cpuUsage(u0);
        cpu.get(s.name)!.push((u.user + u.system) / 1000);
      }
      console.log(`  round ${r + 1}: ${stages.map((s) => `${s.name} ${(times.get(s.name)!.at(-1)! / 1000).toFixed(2)} s`).join(", ")} (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
  } finally {
    routeServer.close();
    if (next) await next.stop();
    await handle.close();
    await pool.end();
  }
  const floor = median(times.get("floor")!);
  console.log(
    table(`Export of ${n.toLocaleString("en-GB")} responses, ${shape}: median over ${rounds} rounds`, [
      ["stage", "what", "seconds", "× floor", "first MB s", "this process's CPU s", "MB"],
      ...stages.map((s) => [
        s.name,
        s.what,
        (median(times.get(s.name)!) / 1000).toFixed(2),
        `${(median(times.get(s.name)!) / floor).toFixed(2)}×`,
        // The job writes to Postgres, not to this process: no first megabyte.
        firstMegabyte.get(s.name)!.length ? (median(firstMegabyte.get(s.name)!) / 1000).toFixed(2) : "–",
        (median(cpu.get(s.name)!) / 1000).toFixed(2),
        (sizes.get(s.name)! / MB).toFixed(0),
      ]),
    ]),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

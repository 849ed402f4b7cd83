// `npm run chaos`: faults under load (not part of `npm test`). Two scenarios, each a bounded
// submission load on loopback through POST /api/v1/consultations/{id}/responses with an
// Idempotency-Key per submission, retried by the client (same key, same body) until it is
// acknowledged (201) or refused (4xx other than 409 in progress):
//
//   kill        kill -9 of the app server (`next start` and its next-server) mid-load, then a
//               restart; the database is a new one on the Postgres at --database-url
//   pg-restart  an immediate stop of Postgres mid-load, then a start; the cluster is a private
//               one made for the run (initdb as the `postgres` OS user, trust auth, on
//               --pg-port), never the shared server
//
// Prints per scenario: submissions acknowledged vs stored (lost must be 0, and none stored
// twice), failed requests (network errors and 5xx seen by the client), 409s while a lease ran,
// seconds from the fault to the first acknowledgement after it, whether the submissions
// retried across the fault got their original reference, and whether every acknowledged
// submission, sent again with its key afterwards, is replayed with its reference. Exits 1 if
// anything was lost or stored twice.
//
// Options: --requests N (300 per scenario) --concurrency C (8) --dist-dir DIR (.next; built if
// missing) --port P (3310) --pg-port P (55432) --database-url URL (the shared server for
// `kill`) and the scenario names (default both).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createKeyedOrganisations, type KeyedOrg } from "./fixtures";
import { HttpClient, table } from "./harness";
import { answersFor, type BenchQuestion } from "./scenarios";
import { createBenchDatabase, ensureBenchConsultation } from "./seed";
import { build, hasBuild, startServer, type Server } from "./server";
import { rng } from "./text";

const SCENARIOS = ["kill", "pg-restart"] as const;
type Scenario = (typeof SCENARIOS)[number];
const PG_BIN = "/usr/lib/postgresql/15/bin";
const SECRET = "chaos-secret-chaos-secret-chaos-secret";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  const scenarios: Scenario[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2) as [string, string | undefined];
      flags.set(k, v ?? argv[++i]!);
    } else if ((SCENARIOS as readonly string[]).includes(a)) scenarios.push(a as Scenario);
    else throw new Error(`unknown scenario "${a}": choose from ${SCENARIOS.join(", ")}`);
  }
  const num = (k: string, d: number) => (flags.has(k) ? Number(flags.get(k)) : d);
  return {
    scenarios: scenarios.length ? scenarios : [...SCENARIOS],
    requests: num("requests", 300),
    concurrency: num("concurrency", 8),
    distDir: flags.get("dist-dir") ?? ".next",
    port: num("port", 3310),
    pgPort: num("pg-port", 55432),
    databaseUrl: flags.get("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  };
}

type Job = {
  org: KeyedOrg;
  key: string;
  body: string;
  attempts: number;
  /** An attempt failed (network error or 5xx) before the acknowledgement. */
  retriedAfterFailure: boolean;
  ack?: { reference: string; id: string; replayed: boolean; sentAt: number; at: number };
  refused?: string;
};

type LoadCounts = { requests: number; failed: number; inProgress: number };

/**
 * The client: `concurrency` workers take the next submission and send it until it is
 * acknowledged or refused, waiting Retry-After on 409 and 200 ms after a failure.
 */
async function runLoad(http: HttpClient, path: string, jobs: Job[], concurrency: number, deadline: number, counts: LoadCounts) {
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      while (Date.now() < deadline) {
        job.attempts++;
        counts.requests++;
        let res;
        const sentAt = Date.now();
        try {
          res = await http.request("POST", path, {
            headers: { authorization: `Bearer ${job.org.key}`, "content-type": "application/json", "idempotency-key": job.key },
            body: job.body,
          });
        } catch {
          counts.failed++;
          job.retriedAfterFailure = true;
          await sleep(200);
          continue;
        }
        if (res.status === 201) {
          const b = JSON.parse(res.body.toString()) as { id: string; reference: string };
          job.ack = { id: b.id, reference: b.reference, replayed: res.headers["idempotent-replayed"] === "true", sentAt, at: Date.now() };
          break;
        }
        let code = "";
        try {
          code = (JSON.parse(res.body.toString()) as { error?: { code?: string } }).error?.code ?? "";
        } catch {
          // not JSON (a proxy or a dying server)
        }
        if (res.status === 409 && code === "idempotency_in_progress") {
          counts.inProgress++;
          await sleep(Math.max(0.2, Number(res.headers["retry-after"] ?? 1)) * 1000);
          continue;
        }
        if (res.status >= 500) {
          counts.failed++;
          job.retriedAfterFailure = true;
          await sleep(200);
          continue;
        }
        job.refused = `${res.status} ${code}`;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

type Outcome = {
  scenario: string;
  submissions: number;
  acknowledged: number;
  stored: number;
  lost: number;
  storedTwice: number;
  refused: number;
  unfinished: number;
  requests: number;
  failedRequests: number;
  inProgress409: number;
  recoverySeconds: number | null;
  /** From the fault to the last acknowledgement (submissions caught by it wait out their lease). */
  allAckedSeconds: number | null;
  retriedAcross: number;
  replayed: number;
  originalReference: number;
  /** Acknowledged submissions that, sent again with their key afterwards, replayed their reference. */
  replayedAfter: number;
};

/** One scenario: load, the fault once a third is acknowledged, then the check against the database. */
async function scenario(
  name: Scenario,
  o: ReturnType<typeof parseArgs>,
  databaseUrl: string,
  /** Injects the fault, calling `struck` once it has taken effect, and returns the server. */
  fault: (server: Server, struck: () => void) => Promise<Server>,
  log: (s: string) => void,
): Promise<Outcome> {
  log(`\n${name}: preparing the database…`);
  const consultationId = await ensureBenchConsultation(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => undefined); // the pg-restart scenario closes its connections
  const questions = (await pool.query(`select q.id, q.number, q.type, q.position from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [consultationId])).rows as BenchQuestion[];
  const orgs = await createKeyedOrganisations(pool, `Chaos ${name} ${Date.now()}`, o.requests);
  await pool.end();
  const r = rng(11);
  const jobs: Job[] = orgs.map((org) => ({
    org,
    key: randomUUID(),
    body: JSON.stringify({ answers: answersFor(questions, r).map((a) => ({ questionNumber: a.q.number, value: a.value })) }),
    attempts: 0,
    retriedAfterFailure: false,
  }));
  let server = await startServer({ distDir: o.distDir, port: o.port, databaseUrl, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "1000000" } });
  log(`${name}: server ${server.url} (pid ${server.pid}); ${o.requests} submissions at concurrency ${o.concurrency}`);
  const http = new HttpClient(server.url, o.concurrency * 2, 15_000);
  const counts: LoadCounts = { requests: 0, failed: 0, inProgress: 0 };
  const path = `/api/v1/consultations/${consultationId}/responses`;
  let faultAt = 0;
  const load = runLoad(http, path, jobs, o.concurrency, Date.now() + 180_000, counts);
  // The fault, once a third of the submissions are acknowledged (while the rest are in flight).
  const faulted = (async () => {
    while (jobs.filter((j) => j.ack).length < o.requests / 3) await sleep(5);
    server = await fault(server, () => (faultAt = Date.now()));
  })();
  await Promise.all([load, faulted]);
  // Every acknowledged submission sent once more with its key, as a client that never saw
  // the 201 would: each must be a replay with the same reference.
  let replayedAfter = 0;
  for (const j of jobs.filter((x) => x.ack)) {
    const res = await http.request("POST", path, {
      headers: { authorization: `Bearer ${j.org.key}`, "content-type": "application/json", "idempotency-key": j.key },
      body: j.body,
    });
    if (res.status === 201 && res.headers["idempotent-replayed"] === "true" && (JSON.parse(res.body.toString()) as { reference: string }).reference === j.ack!.reference) replayedAfter++;
  }
  http.close();
  await server.stop();

  const check = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const rows = (
    await check.query(
      `select r.organisation_id as "organisationId", r.id, r.reference, r.revision, (select count(*)::int from response_submissions s where s.response_id = r.id) as submissions
       from responses r where r.consultation_id = $1 and r.organisation_id = any($2::uuid[])`,
      [consultationId, orgs.map((x) => x.organisationId)],
    )
  ).rows as { organisationId: string; id: string; reference: string; revision: number; submissions: number }[];
  await check.end();
  const byOrg = new Map(rows.map((x) => [x.organisationId, x]));
  const acked = jobs.filter((j) => j.ack);
  const lost = acked.filter((j) => byOrg.get(j.org.organisationId)?.reference !== j.ack!.reference || byOrg.get(j.org.organisationId)?.id !== j.ack!.id);
  const across = acked.filter((j) => j.retriedAfterFailure);
  // Recovered: the first 201 to a request sent after the fault struck (a 201 the server sent
  // just before it is not counted).
  const firstAfter = acked.filter((j) => j.ack!.sentAt > faultAt).map((j) => j.ack!.at);
  return {
    scenario: name,
    submissions: jobs.length,
    acknowledged: acked.length,
    stored: rows.length,
    lost: lost.length,
    storedTwice: rows.filter((x) => x.revision !== 1 || x.submissions !== 1).length,
    refused: jobs.filter((j) => j.refused).length,
    unfinished: jobs.filter((j) => !j.ack && !j.refused).length,
    requests: counts.requests,
    failedRequests: counts.failed,
    inProgress409: counts.inProgress,
    recoverySeconds: firstAfter.length ? (Math.min(...firstAfter) - faultAt) / 1000 : null,
    allAckedSeconds: acked.length ? (Math.max(...acked.map((j) => j.ack!.at)) - faultAt) / 1000 : null,
    retriedAcross: across.length,
    replayed: across.filter((j) => j.ack!.replayed).length,
    originalReference: across.filter((j) => byOrg.get(j.org.organisationId)?.reference === j.ack!.reference).length,
    replayedAfter,
  };
}

/** Runs a command as the `postgres` OS user (Postgres refuses to run as root). */
function asPostgres(cmd: string, args: string[]) {
  const r = spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A private cluster for the pg-restart scenario; never the shared server. */
function privateCluster(port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "chaos-pg-"));
  const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  chownSync(dir, uid, gid);
  const data = path.join(dir, "data");
  asPostgres(`${PG_BIN}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const ctl = (...args: string[]) => asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, ...args]);
  const start = () => ctl("-w", "-l", path.join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start");
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Like a crash: no shutdown checkpoint, connections cut. */
    stopImmediate: () => ctl("-m", "immediate", "stop"),
    start,
    remove: () => {
      try {
        ctl("-m", "fast", "stop");
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.log(s);
  if (!hasBuild(o.distDir)) log(`chaos: build ${build(o.distDir, log).toFixed(0)} s`);
  const outcomes: Outcome[] = [];
  const serverOptions = (url: string) => ({ distDir: o.distDir, port: o.port, databaseUrl: url, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "1000000" } });

  if (o.scenarios.includes("kill")) {
    const name = `consult_chaos_${Date.now()}_${process.pid}`;
    const url = await createBenchDatabase(o.databaseUrl, name, true);
    try {
      outcomes.push(
        await scenario("kill", o, url, async (server, struck) => {
          log(`kill: kill -9 of the server (pid group ${server.child.pid})`);
          process.kill(-server.child.pid!, "SIGKILL");
          struck();
          await new Promise<void>((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once("exit", () => r())));
          const restarted = await startServer(serverOptions(url));
          log(`kill: restarted (pid ${restarted.pid})`);
          return restarted;
        }, log),
      );
    } finally {
      const admin = new pg.Client({ connectionString: o.databaseUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }

  if (o.scenarios.includes("pg-restart")) {
    const cluster = privateCluster(o.pgPort);
    try {
      const url = await createBenchDatabase(cluster.url, "consult_chaos", true);
      outcomes.push(
        await scenario("pg-restart", o, url, async (server, struck) => {
          log(`pg-restart: pg_ctl stop -m immediate (port ${o.pgPort}), 1 s down`);
          cluster.stopImmediate();
          struck();
          await sleep(1_000);
          cluster.start();
          log(`pg-restart: Postgres started again`);
          return server;
        }, log),
      );
    } finally {
      cluster.remove();
    }
  }

  const row = (label: string, f: (x: Outcome) => string | number) => [label, ...outcomes.map(f)];
  log(
    table("Chaos: API submissions with an Idempotency-Key, retried by the client until acknowledged", [
      ["", ...outcomes.map((x) => x.scenario)],
      row("submissions", (x) => x.submissions),
      row("acknowledged (201)", (x) => x.acknowledged),
      row("stored", (x) => x.stored),
      row("lost (acknowledged, not stored)", (x) => x.lost),
      row("stored twice", (x) => x.storedTwice),
      row("refused (4xx) / unfinished", (x) => `${x.refused} / ${x.unfinished}`),
      row("requests sent", (x) => x.requests),
      row("failed requests (network, 5xx)", (x) => x.failedRequests),
      row("409 while a lease ran", (x) => x.inProgress409),
      row("seconds from the fault to the first 201 to a request sent after it", (x) => (x.recoverySeconds === null ? "–" : x.recoverySeconds.toFixed(1))),
      row("seconds from the fault to the last 201", (x) => (x.allAckedSeconds === null ? "–" : x.allAckedSeconds.toFixed(1))),
      row("retried across the fault", (x) => x.retriedAcross),
      row("  of which replayed (Idempotent-Replayed)", (x) => x.replayed),
      row("  with their original reference", (x) => `${x.originalReference}/${x.retriedAcross}`),
      row("every 201 sent again: replayed, same reference", (x) => `${x.replayedAfter}/${x.acknowledged}`),
    ]),
  );
  const bad = outcomes.filter((x) => x.lost || x.storedTwice || x.unfinished || x.refused || x.originalReference !== x.retriedAcross || x.replayedAfter !== x.acknowledged || x.stored !== x.acknowledged);
  if (bad.length) {
    log(`chaos: FAILED (${bad.map((x) => x.scenario).join(", ")})`);
    process.exitCode = 1;
  } else log("chaos: nothing lost, nothing stored twice, every retried submission got its original reference");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

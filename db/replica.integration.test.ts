// A read replica for reports (issue 21, part 4), on clusters of its own: the test runs initdb for
// a primary, pg_basebackup for a streaming replica, each on its own port and in a temporary folder,
// and stops and removes both afterwards; the machine's own Postgres is never touched. It shows a
// collation report served from the replica (the handle getReportDb gives when DATABASE_REPLICA_URL
// is set), the same figures as the primary, the lag measured, and "figures as of HH:MM:SS" once the
// replica falls more than 5 s behind.
//
// Needs Postgres's server binaries (PG_BIN, else /usr/lib/postgresql/<15..17>/bin); skipped with a
// message without them. Runs in the Postgres pass of the integration suite (DATABASE_URL set).
import { spawnSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getReportDb, measureReplicaLag, openPg, replicaNotice, REPLICA_LAG_NOTICE_SECONDS, rowsOf, type Db } from "./client";
import { migrateDb } from "./migrate";
import { consultations, questions } from "./schema";
import { loadDemoContent } from "./seed/load";
import { findUserByEmail, loadActor } from "../lib/auth/actor";
import { listQuestionsWithAnswerCounts } from "../lib/collation/queries";

function findBin(): string | null {
  const candidates = [process.env.PG_BIN, ...["17", "16", "15"].map((v) => `/usr/lib/postgresql/${v}/bin`)].filter(Boolean) as string[];
  return candidates.find((d) => ["initdb", "pg_ctl", "pg_basebackup"].every((b) => existsSync(path.join(d, b)))) ?? null;
}

const BIN = findBin();
const onPostgresPass = Boolean(process.env.DATABASE_URL);
const asRoot = process.getuid?.() === 0;
// initdb and postgres refuse to run as root: as root, the clusters run as the postgres user.
const runAs = asRoot ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : null) : undefined;
const skipReason = !onPostgresPass
  ? "runs in the Postgres pass of the integration suite only"
  : !BIN
    ? "Postgres server binaries (initdb, pg_ctl, pg_basebackup) not found: set PG_BIN"
    : runAs === null
      ? "running as root without a postgres user to run the clusters as"
      : null;
if (skipReason) console.log(`read replica test skipped: ${skipReason}`);

const PRIMARY_PORT = Number(process.env.REPLICA_TEST_PORT ?? 3220);
const REPLICA_PORT = PRIMARY_PORT + 1;
let dir = "";
const started: string[] = [];
const saved = { url: process.env.DATABASE_URL, replica: process.env.DATABASE_REPLICA_URL };
let primary: { db: Db; close: () => Promise<void> } | null = null;

function run(bin: string, args: string[], timeoutMs = 120_000) {
  const cmd = path.join(BIN!, bin);
  const r = runAs
    ? spawnSync("runuser", ["-u", runAs, "--", cmd, ...args], { encoding: "utf8", timeout: timeoutMs, cwd: dir })
    : spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, cwd: dir });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;


async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  if (skipReason) return;
  dir = mkdtempSync(path.join(os.tmpdir(), "consult-replica-"));
  if (runAs) {
    const pw = spawnSync("id", ["-u", runAs], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", runAs], { encoding: "utf8" });
    chownSync(dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
  }
  const pdata = path.join(dir, "primary");
  const rdata = path.join(dir, "replica");
  run("initdb", ["-D", pdata, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  appendFileSync(
    path.join(pdata, "postgresql.conf"),
    `\nport = ${PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n`,
  );
  run("pg_ctl", ["-D", pdata, "-l", path.join(dir, "primary.log"), "-w", "start"]);
  started.push(pdata);
  // The replica: a base backup of the primary that streams its WAL (-R writes standby.signal and primary_conninfo).
  run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(PRIMARY_PORT), "-U", "postgres", "-D", rdata, "-R", "-X", "stream", "--no-sync"]);
  appendFileSync(path.join(rdata, "postgresql.conf"), `\nport = ${REPLICA_PORT}\nhot_standby = on\n`);
  run("pg_ctl", ["-D", rdata, "-l", path.join(dir, "replica.log"), "-w", "start"]);
  started.push(rdata);

  primary = await openPg(urlFor(PRIMARY_PORT), 4);
  await migrateDb(primary.db, "pg");
  await loadDemoContent(primary.db);
  process.env.DATABASE_URL = urlFor(PRIMARY_PORT);
  process.env.DATABASE_REPLICA_URL = urlFor(REPLICA_PORT);
  await closeDb();
}, 240_000);

afterAll(async () => {
  await closeDb();
  await primary?.close();
  process.env.DATABASE_URL = saved.url;
  if (saved.replica === undefined) delete process.env.DATABASE_REPLICA_URL;
  else process.env.DATABASE_REPLICA_URL = saved.replica;
  for (const d of started.reverse()) {
    try {
      run("pg_ctl", ["-D", d, "-m", "immediate", "-w", "stop"], 30_000);
    } catch (e) {
      console.error(`could not stop the test cluster in ${d}: ${(e as Error).message}`);
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(skipReason !== null)("a read replica for reports", () => {
  it("serves a collation report from the replica with the primary's figures, and measures its lag", async () => {
    const report = await getReportDb();
    expect(report.source).toBe("replica");
    const primaryDb = await getDb();
    // Writes go to the primary; the replica refuses them.
    expect((await rowsOf<{ r: boolean }>(primaryDb, sql`select pg_is_in_recovery() as r`))[0]!.r).toBe(false);
    expect((await rowsOf<{ r: boolean }>(report.db, sql`select pg_is_in_recovery() as r`))[0]!.r).toBe(true);
    const refused = await report.db.execute(sql`create table nope (x int)`).then(
      () => null,
      (e: { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(refused).toBe("25006"); // read_only_sql_transaction

    await waitUntil("the replica to replay the demo content", async () => (await report.lag()).lagSeconds === 0 && (await rowsOf(report.db, sql`select 1 from consultations limit 1`)).length > 0);
    const [odpm] = await primaryDb.select().from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
    const officer = (await loadActor(primaryDb, (await findUserByEmail(primaryDb, "jane.fisher@council.example"))!.id))!;
    const fromReplica = await listQuestionsWithAnswerCounts(report.db, { consultationId: odpm!.id }, officer);
    const fromPrimary = await listQuestionsWithAnswerCounts(primaryDb, { consultationId: odpm!.id }, officer);
    expect(fromReplica.length).toBeGreaterThan(0);
    expect(fromReplica).toEqual(fromPrimary);
    // The primary keeps writing a little on its own (autovacuum, checkpoints): what it streams
    // may be received and not yet replayed at the moment of a reading, when the lag is the age
    // of the last replayed transaction. Caught up is the reading once replay has come level.
    let caughtUp = await report.lag();
    await waitUntil("the replica to come level with the primary", async () => (caughtUp = await report.lag()).lagSeconds === 0);
    console.log(`replica lag, caught up: ${caughtUp.lagSeconds.toFixed(3)} s`);
    expect(caughtUp).toMatchObject({ source: "replica", lagSeconds: 0 });
    expect(replicaNotice(caughtUp)).toBeNull();
  });

  it("says 'figures as of HH:MM:SS' when the replica falls more than 5 s behind, and the primary shows the new write at once", async () => {
    const report = await getReportDb();
    const primaryDb = await getDb();
    await waitUntil("the replica to catch up", async () => (await report.lag()).lagSeconds === 0);
    const [q] = await primaryDb.select().from(questions).limit(1);
    // Hold the replica's replay, then write on the primary: the replica receives but does not apply it.
    await report.db.execute(sql`select pg_wal_replay_pause()`);
    try {
      await primaryDb.update(questions).set({ subheading: "Changed while the replica was held" }).where(eq(questions.id, q!.id));
      await waitUntil("the replica to receive the write", async () => {
        const [r] = await rowsOf<{ behind: boolean }>(report.db, sql`select pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() as behind`);
        return r!.behind;
      });
      await new Promise((r) => setTimeout(r, (REPLICA_LAG_NOTICE_SECONDS + 1) * 1000));
      const lag = await measureReplicaLag(report.db);
      console.log(`replica lag, replay held: ${lag.lagSeconds.toFixed(1)} s (last replayed commit ${lag.asOf?.toISOString()})`);
      expect(lag.lagSeconds).toBeGreaterThan(REPLICA_LAG_NOTICE_SECONDS);
      expect(replicaNotice(lag)).toMatch(/^figures as of \d\d:\d\d:\d\d$/);
      // The replica still shows the old text; the primary (read-your-writes pages) the new one.
      const [onReplica] = await rowsOf<{ guidance: string | null }>(report.db, sql`select subheading as guidance from questions where id = ${q!.id}`);
      const [onPrimary] = await rowsOf<{ guidance: string | null }>(primaryDb, sql`select subheading as guidance from questions where id = ${q!.id}`);
      expect(onReplica!.guidance).not.toBe("Changed while the replica was held");
      expect(onPrimary!.guidance).toBe("Changed while the replica was held");
    } finally {
      await report.db.execute(sql`select pg_wal_replay_resume()`);
    }
    await waitUntil("the replica to catch up", async () => (await report.lag()).lagSeconds === 0);
    const [after] = await rowsOf<{ guidance: string | null }>(report.db, sql`select subheading as guidance from questions where id = ${q!.id}`);
    expect(after!.guidance).toBe("Changed while the replica was held");
  }, 60_000);

  it("without DATABASE_REPLICA_URL, reports read the primary", async () => {
    const replica = process.env.DATABASE_REPLICA_URL;
    delete process.env.DATABASE_REPLICA_URL;
    try {
      const report = await getReportDb();
      expect(report.source).toBe("primary");
      expect(await report.lag()).toEqual({ source: "primary", lagSeconds: 0, asOf: null });
    } finally {
      process.env.DATABASE_REPLICA_URL = replica;
    }
  });
});


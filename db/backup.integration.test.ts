// The backup the README describes, done and restored: `pg_dump -Fc` of a database holding the
// demo content, `pg_restore --no-owner` into a new database, and the app's setup on it. The
// restored database has every row, index, trigger and function of the original (the generated
// search vectors, the choice counts kept by triggers, the append-only audit log), `db:setup`
// finds nothing to migrate or load, and the council's reports read the same from it.
// Postgres pass only; skipped without pg_dump and pg_restore.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, rowsOf, type Db } from "./client";
import { consultations } from "./schema";
import { createTestDb, type TestDb } from "./testing";
import { loadDemoContent } from "./seed/load";
import { setupDatabase } from "./setup";
import { findUserByEmail, loadActor } from "../lib/auth/actor";
import { listQuestionsWithAnswerCounts, searchAnswers } from "../lib/collation/queries";

const base = process.env.DATABASE_URL;
const hasTools = ["pg_dump", "pg_restore"].every((b) => spawnSync(b, ["--version"]).status === 0);
if (base && !hasTools) console.log("backup test skipped: pg_dump and pg_restore not found");

let source: TestDb;
let target: { db: Db; close: () => Promise<void> } | null = null;
let targetName = "";
let dir = "";


/** Every table's row count, and the schema's indexes, triggers, functions and constraints, by name. */
async function inventory(db: Db) {
  const tables = await rowsOf<{ name: string }>(db, sql`select table_schema || '.' || table_name as name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t.name] = (await rowsOf<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${t.name}`)))[0]!.n;
  const names = async (q: ReturnType<typeof sql>) => (await rowsOf<{ name: string }>(db, q)).map((r) => r.name);
  return {
    counts,
    indexes: await names(sql`select indexname as name from pg_indexes where schemaname = 'public' order by 1`),
    triggers: await names(sql`select tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal order by 1`),
    functions: await names(sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1`),
    constraints: await names(sql`select conname as name from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public' order by 1`),
    extensions: await names(sql`select extname as name from pg_extension order by 1`),
  };
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
}

describe.skipIf(!base || !hasTools)("a backup with pg_dump, restored with pg_restore", () => {
  beforeAll(async () => {
    source = await createTestDb();
    await loadDemoContent(source.db, new Date(), { analysisDemo: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "consult-backup-"));
    const file = path.join(dir, "consult.dump");
    run("pg_dump", ["-Fc", "-f", file, source.url!]);
    targetName = `consult_restore_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = await openPg(base!, 1);
    await admin.db.execute(sql.raw(`create database ${targetName}`));
    await admin.close();
    const u = new URL(base!);
    u.pathname = `/${targetName}`;
    run("pg_restore", ["--no-owner", "--exit-on-error", "-d", u.toString(), file]);
    target = await openPg(u.toString(), 4);
  }, 240_000);

  afterAll(async () => {
    await target?.close();
    if (targetName) {
      const admin = await openPg(base!, 1);
      await admin.db.execute(sql.raw(`drop database if exists ${targetName} with (force)`));
      await admin.close();
    }
    await source?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("holds every row, index, trigger, function and constraint of the original", async () => {
    const [a, b] = [await inventory(source.db), await inventory(target!.db)];
    expect(Object.keys(a.counts).length).toBeGreaterThan(30);
    expect(a.counts["public.answers"]).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });

  it("is set up as it stands: db:setup applies no migration and loads no demo content", async () => {
    const before = await inventory(target!.db);
    expect(await setupDatabase(target!.db, "pg", { demo: true, analysisDemo: false })).toEqual({ seeded: false });
    expect(await inventory(target!.db)).toEqual(before);
  });

  it("reads the same reports, counts and searches as the original", async () => {
    const read = async (db: Db) => {
      // The flagship: the ODPM's 35 questions, with partners' answers.
      const [c] = await db.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, "lsp-shaping-their-future"));
      const officer = await loadActor(db, (await findUserByEmail(db, "jane.fisher@council.example"))!.id);
      const questions = await listQuestionsWithAnswerCounts(db, { consultationId: c!.id }, officer!);
      const search = await searchAnswers(db, { consultationId: c!.id, query: "partnership" }, officer!);
      return { questions, total: search.total, first: search.rows.map((r) => [r.responseId, r.questionNumber, r.headline]) };
    };
    const original = await read(source.db);
    expect(original.questions.length).toBe(35);
    expect(original.total).toBeGreaterThan(0);
    expect(await read(target!.db)).toEqual(original);
  });

  it("keeps what the database enforces: the audit log stays append-only, and a new answer is counted", async () => {
    await expect(target!.db.execute(sql`update audit_log set action = 'changed' where true`)).rejects.toThrow();
    const counted = async (db: Db) => (await rowsOf<{ n: number }>(db, sql`select coalesce(sum(n), 0)::int as n from answer_choice_counts`))[0]!.n;
    const before = await counted(target!.db);
    // An answer to a closed question taken away and given again: the counts follow each write.
    const [a] = await rowsOf<{ response_id: string; question_id: string; value: unknown }>(
      target!.db,
      sql`select a.response_id, a.question_id, a.value from answers a join questions q on q.id = a.question_id
          where q.type in ('single_choice', 'yes_no', 'agreement_scale') limit 1`,
    );
    expect(a).toBeDefined();
    await target!.db.execute(sql`delete from answers where response_id = ${a!.response_id} and question_id = ${a!.question_id}`);
    expect(await counted(target!.db)).toBe(before - 1);
    await target!.db.execute(sql`insert into answers (response_id, question_id, value) values (${a!.response_id}, ${a!.question_id}, ${JSON.stringify(a!.value)}::jsonb)`);
    expect(await counted(target!.db)).toBe(before);
  });
});

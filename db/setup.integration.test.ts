// Instances started together on one Postgres: each runs `npm run serve`, whose db:setup applies
// the migrations and loads the demo content into an empty database. Two at once used to both
// apply the migrations, and the second failed to start ("duplicate key value violates unique
// constraint pg_type_typname_nsp_index" on the first CREATE TABLE). Here real processes of
// db/setup.ts race on fresh, empty databases: every one starts, the migrations are applied once
// and the demo content is loaded once. Postgres pass only (PGlite serves one process).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder, SETUP_LOCK_KEY } from "./migrate";

const base = process.env.DATABASE_URL;
const TSX = path.resolve("node_modules/.bin/tsx");
const SETUP = path.resolve("db/setup.ts");
const made: string[] = [];

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database (no migrations), dropped after the file. */
async function emptyDatabase(): Promise<string> {
  const name = `consult_setup_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  made.push(name);
  const u = new URL(base!);
  u.pathname = `/${name}`;
  return u.toString();
}

type Run = { code: number | null; out: string };

/** `tsx db/setup.ts` on `url`, as `npm run serve` runs it; `onLine` sees its output as it comes. */
function setup(url: string, onLine?: (line: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [SETUP], {
      env: { ...process.env, DATABASE_URL: url, SEED_ANALYSIS_DEMO: "0", SEED_DEMO: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const take = (b: Buffer) => {
      const text = b.toString();
      out += text;
      for (const line of text.split("\n")) if (line.trim()) onLine?.(line.trim());
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** What was applied and loaded: migrations recorded, and the demo content's rows with any repeated. */
async function contents(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const one = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]!.n);
    return {
      migrations: await one("select count(*) as n from drizzle.__drizzle_migrations"),
      distinctMigrations: await one("select count(distinct hash) as n from drizzle.__drizzle_migrations"),
      organisations: await one("select count(*) as n from organisations"),
      distinctOrganisations: await one("select count(distinct name) as n from organisations"),
      consultations: await one("select count(*) as n from consultations"),
      distinctConsultations: await one("select count(distinct title) as n from consultations"),
      users: await one("select count(*) as n from users"),
    };
  } finally {
    await c.end();
  }
}

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };

describe.skipIf(!base)("db:setup on one Postgres from several instances at once", () => {
  afterAll(async () => {
    if (base) await admin(async (c) => { for (const name of made) await c.query(`drop database if exists ${name} with (force)`); });
  });

  let single: Awaited<ReturnType<typeof contents>> | null = null;

  it("one setup alone: every migration applied and the demo content loaded", async () => {
    const url = await emptyDatabase();
    const r = await setup(url);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("demo content loaded");
    single = await contents(url);
    expect(single.migrations).toBe(journal.entries.length);
    expect(single.organisations).toBeGreaterThan(0);
    expect(single.consultations).toBeGreaterThan(0);
  });

  it("two started together, three trials: both start, and the database is as one setup leaves it", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const url = await emptyDatabase();
      const [a, b] = await Promise.all([setup(url), setup(url)]);
      expect(a.code, a.out).toBe(0);
      expect(b.code, b.out).toBe(0);
      // One of them loaded the content; the other found it there.
      expect([a, b].filter((r) => r.out.includes("demo content loaded"))).toHaveLength(1);
      expect(await contents(url)).toEqual(single);
    }
  });

  it("three waiting on a setup in progress: when it ends, one of them sets up and the others find it done", async () => {
    const url = await emptyDatabase();
    // The test holds the lock, as a setup in progress does, so that all three truly wait at once.
    const holder = new Client({ connectionString: url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("select pg_advisory_xact_lock($1::bigint)", [SETUP_LOCK_KEY]);
    let waiting = 0;
    let allWaiting: () => void = () => {};
    const waited = new Promise<void>((resolve) => (allWaiting = resolve));
    const onLine = (line: string) => {
      if (line.includes("waiting for another process") && ++waiting === 3) allWaiting();
    };
    const runs = [setup(url, onLine), setup(url, onLine), setup(url, onLine)];
    // (Or all of them ended without waiting, which fails here.)
    await Promise.race([waited, Promise.all(runs)]);
    expect(waiting).toBe(3);
    // Nothing happened while they waited.
    const before = await holder.query<{ n: string }>("select count(*) as n from pg_tables where schemaname = 'public'");
    expect(Number(before.rows[0]!.n)).toBe(0);
    await holder.end();
    const done = await Promise.all(runs);
    for (const r of done) expect(r.code, r.out).toBe(0);
    expect(done.filter((r) => r.out.includes("demo content loaded"))).toHaveLength(1);
    expect(await contents(url)).toEqual(single);
  });
});

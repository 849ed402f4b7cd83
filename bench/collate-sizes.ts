// The per-question collation calls (counts of a closed question, first page of answers, search
// for a common and a rare word) on benchmark databases of different sizes, in one process, as
// ratios to the smallest: the growth targets of issue 21 without a server, an export or a submit
// run. Rounds alternate between the databases, so a busy host slows every size alike; each
// figure is the median over rounds of that round's p95. Databases come from bench/seed.ts
// (or bench/growth.ts, which keeps its database).
//
//   npx tsx bench/collate-sizes.ts --databases consult_growth_10k,consult_growth_100k [--rounds 5] [--calls 20]
//
// bench/growth.ts runs the same (alternateCollate) over the copies it keeps of its database at
// each size, and takes the growth targets of the collation calls from it.
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openPg } from "../db/client";
import { SEARCH_COUNT_CAP } from "../lib/collation/queries";
import { commandLine, median, ms, table } from "./harness";
import { benchCollate, collatedQuestions, type BenchQuestion, type Ctx } from "./scenarios";
import { BENCH_SLUG } from "./seed";

const TARGET = 1.3;
const WORDS = ["local", "quillwort"] as const;

async function context(url: string, words: string[]) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined);
  const handle = await openPg(url, 10);
  const [c] = (
    await pool.query(
      `select c.id, c.owner_organisation_id as "councilId", (select count(*)::int from responses r where r.consultation_id = c.id and r.status = 'submitted') as n,
         pg_size_pretty(pg_database_size(current_database())) as size
       from consultations c where c.slug = $1`,
      [BENCH_SLUG],
    )
  ).rows;
  if (!c) throw new Error(`${url}: no benchmark consultation (seed it with bench/seed.ts)`);
  const questions = (
    await pool.query(`select q.id, q.number, q.type, q.position from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [c.id])
  ).rows as BenchQuestion[];
  const ctx: Ctx = {
    pool,
    db: handle.db,
    consultationId: c.id,
    slug: BENCH_SLUG,
    versionId: null,
    questions,
    councilId: c.councilId,
    http: () => {
      throw new Error("no server in this bench");
    },
    serverPid: 0,
    smoke: false,
    log: () => undefined,
  };
  // How many answers to the searched question each word matches: a search ranks every match
  // (up to SEARCH_COUNT_CAP), so its cost follows this count, not the number of responses.
  const { open } = collatedQuestions(questions);
  const matches: Record<string, number> = {};
  for (const w of words)
    matches[w] = (await pool.query(`select count(*)::int as n from answers where question_id = $1 and search @@ websearch_to_tsquery('english', $2)`, [open.id, w])).rows[0].n;
  return { ctx, responses: c.n as number, size: c.size as string, matches, close: async () => (await handle.close(), await pool.end()) };
}

export type AlternatedCollate = {
  rounds: number;
  calls: number;
  /** The databases, smallest first. */
  databases: { url: string; responses: number; size: string; matches: Record<string, number> }[];
  /** Per call: at each database (in that order), the median over rounds of the round's p95, the app's and the hand SQL's. */
  results: { name: string; p95: number[]; handP95: number[] }[];
};


/**
 * The collation calls on each database in turn, `rounds` times (each round `calls` calls of each
 * kind on each database, app and hand SQL interleaved), so that a host that slows down or speeds
 * up does so for every size alike: per call and database, the median of the rounds' p95s.
 */
export async function alternateCollate(urls: string[], opts: { rounds: number; calls: number; common: string; rare: string; planted?: { word: string; answers: number }; log?: (s: string) => void }): Promise<AlternatedCollate> {
  const words = [opts.common, opts.rare, ...(opts.planted ? [opts.planted.word] : [])];
  const opened = await Promise.allSettled(urls.map(async (url) => ({ url, ...(await context(url, words)) })));
  const dbs = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) {
    await Promise.all(dbs.map((d) => d.close()));
    throw failed.reason;
  }
  dbs.sort((a, b) => a.responses - b.responses);
  // p95s[db][call] = one p95 per round (app and hand)
  const app: number[][][] = dbs.map(() => []);
  const hand: number[][][] = dbs.map(() => []);
  let names: string[] = [];
  try {
    for (let r = 0; r < opts.rounds; r++) {
      // Every other round largest first, so that no size always follows another's leftovers.
      const order = [...dbs.keys()];
      if (r % 2) order.reverse();
      for (const i of order) {
        const d = dbs[i]!;
        const out = await benchCollate(d.ctx, { calls: opts.calls, warmup: r === 0 ? 5 : 1, common: opts.common, rare: opts.rare, planted: opts.planted });
        names = out.map((c) => c.name.replace(/, question .*$/, "").replace(/^counts, closed question.*/, "counts, closed question"));
        out.forEach((c, k) => {
          (app[i]![k] ??= []).push(c.app.p95);
          (hand[i]![k] ??= []).push(c.hand.p95);
        });
      }
      opts.log?.(`  round ${r + 1} of ${opts.rounds} done (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
  } finally {
    await Promise.all(dbs.map((d) => d.close()));
  }
  return {
    rounds: opts.rounds,
    calls: opts.calls,
    databases: dbs.map((d) => ({ url: d.url, responses: d.responses, size: d.size, matches: d.matches })),
    results: names.map((name, k) => ({ name, p95: dbs.map((_, i) => median(app[i]![k]!)), handP95: dbs.map((_, i) => median(hand[i]![k]!)) })),
  };
}

/** The alternated figures as a table: each size's p95 (hand), and the largest against the smallest. */
export function alternatedTable(a: AlternatedCollate): string {
  const head = ["call", ...a.databases.map((d) => `p95 at ${d.responses.toLocaleString("en-GB")} (hand)`), `ratio largest/smallest (target ≤ ${TARGET}×)`];
  const rows = a.results.map((c) => {
    const ratio = c.p95[c.p95.length - 1]! / c.p95[0]!;
    return [c.name, ...c.p95.map((x, i) => `${ms(x)} ms (${ms(c.handP95[i]!)} ms)`), `${ratio.toFixed(2)}× ${ratio <= TARGET ? "met" : "MISSED"}`];
  });
  const words = Object.keys(a.databases[0]!.matches);
  return (
    table(`Collation calls, sizes alternating: median over ${a.rounds} rounds of each round's p95 (${a.calls} calls)`, [head, ...rows]) +
    `\n\nAnswers to the searched question matching each word (capped at ${SEARCH_COUNT_CAP} for ranking): ${words.map((w) => `"${w}" ${a.databases.map((d) => d.matches[w]!.toLocaleString("en-GB")).join(" → ")}`).join("; ")}`
  );
}

async function main() {
  const { value } = commandLine();
  const names = value("databases", "").split(",").filter(Boolean);
  const rounds = Number(value("rounds", "5"));
  const calls = Number(value("calls", "20"));
  if (names.length < 2) throw new Error("give two or more databases: --databases small,large");
  const base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const urls = names.map((n) => {
    const u = new URL(base);
    u.pathname = `/${n}`;
    return u.toString();
  });
  console.log(`collate-sizes: ${names.join(", ")}; ${rounds} rounds of ${calls} calls; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  const a = await alternateCollate(urls, { rounds, calls, common: WORDS[0], rare: WORDS[1], log: console.log });
  console.log(`sizes: ${a.databases.map((d) => `${d.responses.toLocaleString("en-GB")} responses (${d.size})`).join(", ")}`);
  console.log(alternatedTable(a));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

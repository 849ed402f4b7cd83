// Search pages of long answers: the page statement (searchStatements, as the app sends it) for a
// word in 25 answers of a few hundred characters, of 10,000 (a long answer's limit) and of
// 100,000 (the ceiling a question may set), beside the same 25 answers' excerpts made from the
// whole text (what the page did before excerpts came from a window around the match). Its own
// database, seeded small: the page's cost follows the answers shown, not the responses.
//
//   npx tsx bench/search-excerpts.ts [--calls 40] [--keep-db]
import os from "node:os";
import pg from "pg";
import { EXCERPT_OPTIONS, EXCERPT_WHOLE_UP_TO, planWalks, searchStatements } from "../lib/collation/queries";
import { commandLine, ms, ratio, stats, table, writeResults } from "./harness";
import { collatedQuestions, runRendered, type BenchQuestion } from "./scenarios";
import { createBenchDatabase, dropBenchDatabase, ensureBenchConsultation, seedResponses } from "./seed";
import { answerText, rng } from "./text";
import type { SQL } from "drizzle-orm";

const { value, flag } = commandLine();
const calls = Number(value("calls", "40"));
const DB_NAME = "consult_bench_excerpts";
const SHOWN = 25;
const CASES = [
  { word: "sundew", length: 300 },
  { word: "bogbean", length: 10_000 },
  { word: "butterwort", length: 100_000 },
] as const;

/** An answer of about `length` characters with `word` in a sentence in its middle. */
function answerWith(r: () => number, length: number, word: string): string {
  const half = Math.max(50, Math.floor((length - 40) / 2));
  return `${answerText(r, half)} The ${word} group agreed. ${answerText(r, half)}`;
}

async function main() {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await createBenchDatabase(base, DB_NAME);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined);
  console.log(`search-excerpts: ${calls} calls a page; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  try {
    const cid = await ensureBenchConsultation(url);
    await seedResponses(url, cid, SHOWN * CASES.length + 25, 7, () => undefined);
    const questions = (await pool.query(`select q.id, q.number, q.type, q.position from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [cid])).rows as BenchQuestion[];
    const open = collatedQuestions(questions).open;
    const responseIds = (await pool.query(`select id from responses where consultation_id = $1 order by reference`, [cid])).rows.map((x) => x.id as string);
    const r = rng(11);
    for (const [i, c] of CASES.entries()) {
      for (const id of responseIds.slice(i * SHOWN, (i + 1) * SHOWN)) {
        const text = answerWith(r, c.length, c.word);
        await pool.query(`update answers set value = to_jsonb($3::text), value_text = $3 where response_id = $1 and question_id = $2`, [id, open.id, text]);
      }
    }
    await pool.query("vacuum (analyze) answers");

    const run = (q: SQL) => runRendered(pool, q);
    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await fn();
      const samples: number[] = [];
      for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    const rows: { word: string; length: number; chars: number; shown: number; page: ReturnType<typeof stats>; whole: ReturnType<typeof stats> }[] = [];
    for (const c of CASES) {
      const st = searchStatements({ consultationId: cid, questionId: open.id, query: c.word });
      const walks = planWalks((await run(st.plan)).rows);
      const shown = (await run(st.page(walks))).rows.filter((x) => x.headline !== null);
      if (shown.length !== SHOWN || shown.some((x) => !String(x.headline).includes("\uE000"))) throw new Error(`"${c.word}": ${shown.length} excerpts, not ${SHOWN} each marking the word`);
      const chars = (await pool.query(`select avg(length(value_text))::int as n from answers where question_id = $1 and search @@ to_tsquery('english', $2)`, [open.id, c.word])).rows[0].n as number;
      const page = await time(() => run(st.page(walks)));
      // The same answers' excerpts from the whole text, alone.
      const whole = await time(() =>
        pool.query(
          `select ts_headline('english', value_text, q, $3) from answers, websearch_to_tsquery('english', $2) q where question_id = $1 and search @@ q`,
          [open.id, c.word, EXCERPT_OPTIONS],
        ),
      );
      rows.push({ word: c.word, length: c.length, chars, shown: shown.length, page, whole });
    }
    const short = rows[0]!.page.p95;
    console.log(
      table(`Search pages of ${SHOWN} answers (excerpts from a window past ${EXCERPT_WHOLE_UP_TO.toLocaleString("en-GB")} bytes)`, [
        ["answers", "page p50 ms", "page p95 ms", "p95 / short answers' page", "whole-answer excerpts alone, p95 ms", "page p95 / whole-answer excerpts"],
        ...rows.map((x) => [`"${x.word}": ${SHOWN} of ~${x.chars.toLocaleString("en-GB")} chars`, ms(x.page.p50), ms(x.page.p95), ratio(x.page.p95 / short), ms(x.whole.p95), ratio(x.page.p95 / x.whole.p95)]),
      ]),
    );
    console.log(`\nThe whole-answer excerpts are what each page made before (its other work not counted): a page below 1× that column costs less than its excerpts alone did.`);
    writeResults("search-excerpts", { calls, rows: rows.map((x) => ({ word: x.word, averageChars: x.chars, shown: x.shown, page: x.page, wholeAnswerExcerpts: x.whole })) });
  } finally {
    await pool.end();
    if (!flag("keep-db")) await dropBenchDatabase(base, DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

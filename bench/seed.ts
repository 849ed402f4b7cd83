// Fills a Postgres database with a large, realistic load for the benchmarks: the demo content,
// a benchmark copy of the ODPM consultation (its yes/no questions made closed questions, as an
// officer would author them) and N submitted responses from N organisations, 35 answers each,
// loaded with COPY. Usage: tsx bench/seed.ts --responses 100000 [--database-url URL]
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openPg } from "../db/client";
import { migrateDb } from "../db/migrate";
import { consultations } from "../db/schema";
import { isEmpty, loadDemoContent, readQuestionSetFile } from "../db/seed/load";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { answerText, rng } from "./text";

export const BENCH_SLUG = "bench-lsp-shaping-their-future";
/** Questions whose wording asks for a yes or no; the benchmark copy makes them yes/no questions. */
const YES_NO_QUESTIONS = new Set(["7", "10", "18", "21"]);
const AGREE_QUESTIONS = new Set(["1", "13", "23"]);
const ORG_TYPES = ["police", "health", "voluntary_sector", "parish", "business", "other"] as const;

function copyEscape(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
const row = (cols: (string | null)[]) => cols.map(copyEscape).join("\t") + "\n";

async function copyRows(pool: pg.Pool, statement: string, rows: Iterable<string>) {
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(rows), client.query(copyFrom(statement)));
  } finally {
    client.release();
  }
}

export async function ensureBenchConsultation(url: string, slug = BENCH_SLUG) {
  const h = await openPg(url, 2);
  try {
    await migrateDb(h.db, "pg");
    if (await isEmpty(h.db)) await loadDemoContent(h.db);
    const [existing] = await h.db.select().from(consultations).where(eq(consultations.slug, slug));
    if (existing) return existing.id;
    const set = readQuestionSetFile("odpm-lsp-shaping-their-future.json");
    for (const ch of set.chapters)
      for (const q of ch.questions) {
        if (YES_NO_QUESTIONS.has(q.number)) q.type = "yes_no";
        if (AGREE_QUESTIONS.has(q.number)) q.type = "agreement_scale";
      }
    const [owner] = await h.db.execute<{ id: string }>(sql`select id from organisations where type = 'council' order by created_at limit 1`).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    const c = await createConsultationFromQuestionSet(h.db, { ...set, title: `${set.title} (benchmark)` }, { ownerOrganisationId: owner.id, actorId: null, slug });
    await publishConsultation(h.db, c.id, null);
    return c.id;
  } finally {
    await h.close();
  }
}

/** Adds `count` organisations, each with one submitted response of 35 answers. */
export async function seedResponses(url: string, consultationId: string, count: number, seed = 42, log = console.log) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined); // an idle connection closed by the server is replaced
  try {
    const qs = (await pool.query(`select id, number, type from questions where consultation_id = $1 order by position`, [consultationId])).rows as { id: string; number: string; type: string }[];
    const version = (await pool.query(`select id from consultation_versions where consultation_id = $1 order by version desc limit 1`, [consultationId])).rows[0]?.id ?? null;
    const { rows: [{ n: existing }] } = await pool.query(`select count(*)::int as n from organisations where name like 'Bench partner %'`);
    const r = rng(seed + existing);
    const orgIds: string[] = [];
    const responseIds: string[] = [];
    const t0 = Date.now();
    await copyRows(
      pool,
      "COPY organisations (id, name, type) FROM STDIN",
      (function* () {
        for (let i = 0; i < count; i++) {
          const id = randomUUID();
          orgIds.push(id);
          yield row([id, `Bench partner ${String(existing + i + 1).padStart(7, "0")}`, ORG_TYPES[i % ORG_TYPES.length]]);
        }
      })(),
    );
    const now = new Date().toISOString();
    await copyRows(
      pool,
      "COPY responses (id, consultation_id, organisation_id, consultation_version_id, status, reference, revision, submitted_at, last_edited_at, created_at) FROM STDIN",
      (function* () {
        for (let i = 0; i < count; i++) {
          const id = randomUUID();
          responseIds.push(id);
          yield row([id, consultationId, orgIds[i], version, "submitted", `BENCH-${String(existing + i + 1).padStart(8, "0")}`, "1", now, now, now]);
        }
      })(),
    );
    log(`  ${count} organisations and responses in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = Date.now();
    const yesNo = ["Yes", "Yes", "Yes", "No", "No"];
    const scale = ["Strongly agree", "Agree", "Agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"];
    await copyRows(
      pool,
      "COPY answers (response_id, question_id, value, value_text) FROM STDIN",
      (function* () {
        for (const responseId of responseIds) {
          for (const q of qs) {
            let value: unknown;
            let text: string;
            if (q.type === "yes_no") {
              const answer = yesNo[Math.floor(r() * yesNo.length)];
              const explanation = r() < 0.6 ? answerText(r, 50 + Math.floor(r() * 300)) : "";
              value = { answer, explanation };
              text = explanation ? `${answer} – ${explanation}` : answer;
            } else if (q.type === "agreement_scale") {
              value = text = scale[Math.floor(r() * scale.length)];
            } else {
              value = text = answerText(r);
            }
            yield row([responseId, q.id, JSON.stringify(value), text]);
          }
        }
      })(),
    );
    log(`  ${count * qs.length} answers in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    await pool.query("analyze organisations; analyze responses; analyze answers");
  } finally {
    await pool.end();
  }
}

/** Creates (or recreates) the benchmark database and returns its URL. */
export async function createBenchDatabase(baseUrl: string, name = "consult_bench", recreate = true): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    if (recreate) await admin.query(`drop database if exists ${name} with (force)`);
    const { rowCount } = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
    if (!rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a benchmark database (its connections closed first). */
export async function dropBenchDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function countBenchResponses(url: string, consultationId: string): Promise<number> {
  const h = await openPg(url, 1);
  try {
    const [{ n }] = await h.db.execute<{ n: number }>(sql`select count(*)::int as n from responses where consultation_id = ${consultationId} and status = 'submitted'`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    return n;
  } finally {
    await h.close();
  }
}

/**
 * A rare word in exactly `count` submitted answers to a question at every size (issue 21's growth
 * run): the word is added to answers that lack it until `count` hold it, so a database grown from
 * 10,000 to 300,000 responses keeps the same matches and the search measures the index alone,
 * not a fuller page. Answers are chosen by a hash of their response's id (spread over the responses there
 * are when it is first called, the same on every run). Returns how many answers hold the word.
 */
export async function plantRareWord(url: string, questionId: string, word: string, count: number): Promise<number> {
  if (!/^[a-z]+$/.test(word)) throw new Error(`plantRareWord: "${word}" is not one lower-case word`);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const has = `a.search @@ to_tsquery('english', $2)`;
  const holding = async () => (await pool.query(`select count(*)::int as n from answers a where a.question_id = $1 and ${has}`, [questionId, word])).rows[0].n as number;
  try {
    const n = await holding();
    if (n >= count) return n;
    await pool.query(
      `update answers set value_text = value_text || ' The ' || $2 || ' group agreed.'
       where question_id = $1 and response_id in (
         select a.response_id from answers a join responses r on r.id = a.response_id and r.status = 'submitted'
         where a.question_id = $1 and a.value_text is not null and not ${has}
         order by md5(a.response_id::text) limit $3)`,
      [questionId, word, count - n],
    );
    return await holding();
  } finally {
    await pool.end();
  }
}

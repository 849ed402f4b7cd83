// The benchmark scenarios. Each runs against the production server and, in the same run, its
// floor: the least Postgres itself needs for the same work, so the figure to read is the ratio.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { encode } from "next-auth/jwt";
import type { SQL } from "drizzle-orm";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { renderSql, type Db } from "../db/client";
import { loadActor } from "../lib/auth/actor";
import { listQuestionAnswers, planWalks, QUESTION_COUNTS_SQL, questionCountsParams, searchAnswers, searchStatements, summariseQuestion } from "../lib/collation/queries";
import { createKeyedOrganisations, createOrganisations, createPartners, createApiKey } from "./fixtures";
import { encodeForm, formData, parseForm, scriptWeight, type ScriptWeight } from "./forms";
import { HttpClient, Recorder, runFor, stats, timed, type Stats } from "./harness";
import { cpuMs, postgresCpuMs, ROOT, sampleRss } from "./server";
import { answerText, rng } from "./text";

export type BenchQuestion = { id: string; number: string; type: string; position: number };

/** The questions the collation benches measure: the first closed (yes/no) one and the first open (long text) one. */
export function collatedQuestions(questions: BenchQuestion[]): { closed: BenchQuestion; open: BenchQuestion } {
  const closed = questions.find((q) => q.type === "yes_no");
  const open = questions.find((q) => q.type === "long_text");
  if (!closed || !open) throw new Error("the benchmark consultation needs a yes/no and a long-text question");
  return { closed, open };
}

export type Ctx = {
  pool: pg.Pool;
  db: Db;
  consultationId: string;
  slug: string;
  versionId: string | null;
  questions: BenchQuestion[];
  councilId: string;
  http: () => HttpClient;
  serverPid: number;
  smoke: boolean;
  log: (s: string) => void;
  /** The file the server appends captured statements to (BENCH_SQL_LOG), for the journey's page floor. */
  sqlLog?: string;
  /** The benchmark database, for the floor's own pool. */
  databaseUrl?: string;
};

const YES_NO = ["Yes", "Yes", "Yes", "No", "No"];
const SCALE = ["Strongly agree", "Agree", "Agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"];

/** One response's 35 answers: open questions ~300 characters, closed ones a realistic choice. */
export function answersFor(questions: BenchQuestion[], r: () => number) {
  return questions.map((q) => {
    if (q.type === "yes_no") {
      const answer = YES_NO[Math.floor(r() * YES_NO.length)]!;
      const explanation = answerText(r, 120 + Math.floor(r() * 60), 0);
      return { q, value: { answer, explanation } as unknown, text: `${answer} – ${explanation}` };
    }
    if (q.type === "agreement_scale") {
      const v = SCALE[Math.floor(r() * SCALE.length)]!;
      return { q, value: v as unknown, text: v };
    }
    const t = answerText(r, 270 + Math.floor(r() * 60), 0);
    return { q, value: t as unknown, text: t };
  });
}

// ---------------------------------------------------------------------------------------------
// Submit

export type SubmitLevel = { concurrency: number; seconds: number; serverCpuMsPerAck?: number; postgresCpuMsPerAck?: number; walKbPerAck?: number; acks: number; errors: number; errorKinds: Record<string, number>; perSecond: number; latency: Stats; rows: number; answerRows: number; exhausted: boolean };
/** The statements (round trips) of one API submission, as the server's pool ran them: name, else the text's start. */
export type SubmitStatements = { status: number; count: number; statements: string[] };
export type SubmitResult = {
  levels: SubmitLevel[];
  floor: SubmitLevel;
  ratioAt64: number;
  /** One submission captured alone (BENCH_SQL_LOG): without an Idempotency-Key, and with one. */
  statements?: { plain: SubmitStatements; idempotent: SubmitStatements };
};

/** Rounds of the API and the floor in turn at the floor's concurrency (benchSubmit). */
export const SUBMIT_ROUNDS = 4;

export async function benchSubmit(ctx: Ctx, opts: { levels: number[]; durationMs: number; floorConcurrency: number; keys: number }): Promise<SubmitResult> {
  const { pool, consultationId, questions } = ctx;
  ctx.log(`  creating ${opts.keys} partner organisations with API keys and ${opts.keys} for the floor…`);
  const keyed = await createKeyedOrganisations(pool, `Bench submit ${Date.now()}`, opts.keys);
  const floorOrgs = await createOrganisations(pool, `Bench floor ${Date.now()}`, opts.keys);
  await pool.query("analyze organisations; analyze api_keys; analyze users");
  let next = 0;
  const r = rng(7);
  const path = `/api/v1/consultations/${consultationId}/responses`;
  const bodyFor = () => JSON.stringify({ answers: answersFor(questions, r).map((a) => ({ questionNumber: a.q.number, value: a.value })) });

  const http = ctx.http();
  const levels: SubmitLevel[] = [];
  let statements: SubmitResult["statements"];
  type ApiPhase = { rec: Recorder; used: string[]; exhausted: boolean; elapsed: number; serverCpu: number; postgres: PostgresWork };
  /** A level's share of the keys: the next to use, and the end of its share. */
  type Keys = { next: number; end: number };
  let apiAtFloorConcurrency: { phase: ApiPhase; keys: Keys } | undefined;
  /** Submissions through the API at `concurrency` for `durationMs`, with the level's keys, added to `phase`. */
  const apiRound = async (phase: ApiPhase, concurrency: number, durationMs: number, keys: Keys) => {
    const cpu0 = cpuMs(ctx.serverPid);
    const postgres = await postgresWorkSince(pool);
    phase.elapsed += await runFor(concurrency, durationMs, async () => {
      const k = keys.next < keys.end ? keyed[keys.next++] : undefined;
      if (!k) {
        phase.exhausted = true;
        return false;
      }
      phase.used.push(k.organisationId);
      const body = bodyFor();
      const t0 = performance.now();
      try {
        const res = await http.request("POST", path, { headers: { authorization: `Bearer ${k.key}`, "content-type": "application/json" }, body });
        const ok = res.status === 201;
        phase.rec.add(performance.now() - t0, ok, ok ? undefined : `${res.status} ${safeCode(res.body)}`);
      } catch (e) {
        phase.rec.add(performance.now() - t0, false, (e as Error).message);
      }
    });
    phase.serverCpu += cpuMs(ctx.serverPid) - cpu0;
    await postgres.addTo(phase.postgres);
  };
  /** A level's figures, with the rows its acknowledged submissions left in the database. */
  const apiLevel = async (concurrency: number, phase: ApiPhase): Promise<SubmitLevel> => {
    const { rec } = phase;
    const [{ rows, answer_rows }] = (
      await pool.query(
        `select count(*)::int as rows, coalesce(sum((select count(*) from answers a where a.response_id = r.id)), 0)::int as answer_rows
         from responses r where r.consultation_id = $1 and r.status = 'submitted' and r.organisation_id = any($2::uuid[])`,
        [consultationId, phase.used],
      )
    ).rows;
    ctx.log(`  submit c=${concurrency}: ${rec.ok} acks in ${(phase.elapsed / 1000).toFixed(1)} s, ${rec.errors} errors`);
    return {
      concurrency,
      seconds: phase.elapsed / 1000,
      serverCpuMsPerAck: rec.ok ? phase.serverCpu / rec.ok : 0,
      ...perAck(phase.postgres, rec.ok),
      acks: rec.ok,
      errors: rec.errors,
      errorKinds: rec.errorKinds,
      perSecond: rec.ok / (phase.elapsed / 1000),
      latency: stats(rec.latencies),
      rows,
      answerRows: answer_rows,
      exhausted: phase.exhausted,
    };
  };
  try {
    // Warm the route (first-request compilation of the handler, the pool's connections).
    const warm = Math.min(8, keyed.length);
    for (let i = 0; i < warm; i++) {
      const k = keyed[next++]!;
      await http.request("POST", path, { headers: { authorization: `Bearer ${k.key}`, "content-type": "application/json" }, body: bodyFor() });
    }
    // One submission alone, then one with an Idempotency-Key, with the server capturing their
    // statements: each is a round trip to Postgres, which is much of what a submission costs.
    if (ctx.sqlLog && keyed.length - next > opts.levels.length * 2 + 2) {
      const once = async (idempotencyKey?: string): Promise<SubmitStatements> => {
        const k = keyed[next++]!;
        const headers: Record<string, string> = { authorization: `Bearer ${k.key}`, "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) };
        // The job worker's polling is drizzle's (a quoted "jobs"); the submission's own job insert is not.
        const c = await captureStatements(ctx, () => http.request("POST", path, { headers, body: bodyFor() }), (st) => !/"jobs"/.test(st.text));
        const statements = c.statements.map((st) => st.name ?? st.text.replace(/\s+/g, " ").trim().slice(0, 60));
        return { status: c.value.status, count: statements.length, statements };
      };
      statements = { plain: await once(), idempotent: await once(`bench-${Date.now()}`) };
    }
    // Each level gets its own share of the keys (one response per organisation), so a fast
    // server cannot use them all up at a low level and leave none for the next.
    const first = next;
    const share = Math.floor((keyed.length - first) / opts.levels.length);
    for (const [level, concurrency] of opts.levels.entries()) {
      const start = first + level * share;
      const keys = { next: start, end: level === opts.levels.length - 1 ? keyed.length : start + share };
      const phase: ApiPhase = { rec: new Recorder(), used: [], exhausted: false, elapsed: 0, serverCpu: 0, postgres: { cpuMs: 0, walBytes: 0 } };
      if (concurrency === opts.floorConcurrency) {
        apiAtFloorConcurrency = { phase, keys };
        continue; // measured in rounds with the floor, below
      }
      await apiRound(phase, concurrency, opts.durationMs, keys);
      levels.push(await apiLevel(concurrency, phase));
    }
  } catch (e) {
    http.close();
    throw e;
  }

  // Floor: the same transaction shape through plain pg, pool of 10. It writes to the same tables,
  // so it pays what the database does for any submission: the answers' generated search vector and
  // choice, their indexes (answers_search_idx included), the foreign-key checks of its columns and
  // the statement triggers on answers and responses (answer_choice_counts, published_counts). It
  // does not write what the API writes beside the response and its answers: the submitted copy
  // (response_submissions), the save and submit audit entries, the officers' notifications and
  // their email job, nor the columns naming who edited (started_by, last_edited_by, submitted_by,
  // answers.updated_by, each a foreign-key check: 38 per submission); nor does it read the API key
  // or the consultation. Measured on one backend (2026-12-04): 802 buffer accesses and 43 row
  // writes per floor submission against 1,173 and 54 for the API's.
  // At the floor's concurrency the API and the floor take turns, in SUBMIT_ROUNDS rounds of
  // each, so that both see the same host over the same minutes (a checkpoint, the other work of
  // a shared machine, the tables growing) rather than one the first half and one the second;
  // which goes first alternates, so that neither always follows the other's leftovers (the
  // server's job worker, its background writes).
  const floorPool = new pg.Pool({ connectionString: poolUrl(pool), max: 10 });
  floorPool.on("error", () => undefined); // an idle connection closed by the server is replaced
  const rec = new Recorder();
  let f = 0;
  let exhausted = false;
  const cols = 4;
  const answerSql = `insert into answers (response_id, question_id, value, value_text) values ${questions.map((_, i) => `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(", ")})`).join(", ")}`;
  let floorElapsed = 0;
  const floorPostgres: PostgresWork = { cpuMs: 0, walBytes: 0 };
  const floorRound = async (durationMs: number) => {
    const postgres = await postgresWorkSince(pool);
    floorElapsed += await runFor(opts.floorConcurrency, durationMs, async () => {
      const orgId = floorOrgs[f++];
      if (!orgId) {
        exhausted = true;
        return false;
      }
      const answers = answersFor(questions, r);
      const t0 = performance.now();
      const client = await floorPool.connect();
      try {
        await client.query("begin");
        const { rows } = await client.query(
          `insert into responses (consultation_id, organisation_id, consultation_version_id, status, reference, revision, submitted_at)
           values ($1, $2, $3, 'submitted', $4, 1, now()) returning id`,
          [consultationId, orgId, ctx.versionId, `FLOOR-${orgId}`],
        );
        const params: unknown[] = [];
        for (const a of answers) params.push(rows[0].id, a.q.id, JSON.stringify(a.value), a.text);
        await client.query(answerSql, params);
        await client.query("commit");
        rec.add(performance.now() - t0, true);
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        rec.add(performance.now() - t0, false, (e as Error).message);
      } finally {
        client.release();
      }
    });
    await postgres.addTo(floorPostgres);
  };
  try {
    const rounds = SUBMIT_ROUNDS;
    for (let round = 0; round < rounds; round++) {
      const api = async () => {
        if (apiAtFloorConcurrency) await apiRound(apiAtFloorConcurrency.phase, opts.floorConcurrency, opts.durationMs / rounds, apiAtFloorConcurrency.keys);
      };
      if (round % 2 === 0) {
        await api();
        await floorRound(opts.durationMs / rounds);
      } else {
        await floorRound(opts.durationMs / rounds);
        await api();
      }
    }
    if (apiAtFloorConcurrency) {
      levels.push(await apiLevel(opts.floorConcurrency, apiAtFloorConcurrency.phase));
      levels.sort((a, b) => a.concurrency - b.concurrency);
    }
  } finally {
    http.close();
    await floorPool.end();
  }
  const [{ rows: floorRows }] = (await pool.query(`select count(*)::int as rows from responses where consultation_id = $1 and reference like 'FLOOR-%'`, [consultationId])).rows;
  const floor: SubmitLevel = {
    concurrency: opts.floorConcurrency,
    seconds: floorElapsed / 1000,
    ...perAck(floorPostgres, rec.ok),
    acks: rec.ok,
    errors: rec.errors,
    errorKinds: rec.errorKinds,
    perSecond: rec.ok / (floorElapsed / 1000),
    latency: stats(rec.latencies),
    rows: floorRows,
    answerRows: floorRows * questions.length,
    exhausted,
  };
  ctx.log(`  submit floor (plain pg, pool 10, c=${opts.floorConcurrency}): ${rec.ok} in ${(floorElapsed / 1000).toFixed(1)} s`);
  const top = levels.find((l) => l.concurrency === opts.floorConcurrency) ?? levels[levels.length - 1]!;
  return { levels, floor, ratioAt64: top.perSecond / floor.perSecond, statements };
}

/** What Postgres did over a phase's rounds: its CPU (undefined once unknown: Postgres not on this machine) and the WAL written. */
type PostgresWork = { cpuMs: number | undefined; walBytes: number };

/**
 * Readings of Postgres's CPU and of where its write-ahead log has reached, now; `addTo` adds what
 * was done since to a phase's sums. The WAL is the whole server's: the benchmark's database is
 * the only one writing.
 */
async function postgresWorkSince(pool: pg.Pool) {
  const walAt = async () => Number((await pool.query<{ b: string }>("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::text as b")).rows[0]!.b);
  const cpu0 = postgresCpuMs();
  const wal0 = await walAt();
  return {
    async addTo(sum: PostgresWork) {
      const cpu = postgresCpuMs();
      sum.cpuMs = sum.cpuMs === undefined || cpu0 === null || cpu === null ? undefined : sum.cpuMs + (cpu - cpu0);
      sum.walBytes += (await walAt()) - wal0;
    },
  };
}

/** A phase's Postgres CPU and WAL per acknowledged submission. */
function perAck(work: PostgresWork, acks: number): Pick<SubmitLevel, "postgresCpuMsPerAck" | "walKbPerAck"> {
  return {
    postgresCpuMsPerAck: work.cpuMs !== undefined && acks ? work.cpuMs / acks : undefined,
    walKbPerAck: acks ? work.walBytes / 1024 / acks : undefined,
  };
}

/** A drizzle statement run through plain pg, rendered as the app's handles render it (the benchmarks' hand floors). */
export function runRendered(pool: pg.Pool, q: SQL) {
  const { sql: text, params } = renderSql(q);
  return pool.query(text, params);
}

function safeCode(body: Buffer): string {
  try {
    return (JSON.parse(body.toString()) as { error?: { code?: string } }).error?.code ?? "";
  } catch {
    return "";
  }
}

function poolUrl(pool: pg.Pool): string {
  return (pool as unknown as { options: { connectionString: string } }).options.connectionString;
}

// ---------------------------------------------------------------------------------------------
// Respondent journey

export type JourneyResult = {
  concurrency: number;
  seconds: number;
  pages: number;
  pagesPerSecond: number;
  errors: number;
  errorKinds: Record<string, number>;
  saves: number;
  page: Stats;
  serverCpuMsPerPage: number;
  get: Stats;
  post: Stats;
  js: ScriptWeight;
  answersSaved: number;
  /** The page floor at the same concurrency: each page's captured SQL by hand, then its HTML bytes from node:http. */
  floor: PageFloor | null;
};

export type PageFloor = {
  concurrency: number;
  seconds: number;
  pages: number;
  page: Stats;
  get: Stats;
  post: Stats;
  /** Statements per GET and per POST, and how many of them Postgres refused when replayed (a write replayed with a stale version). */
  statements: { get: number; post: number; clientsGet: number; clientsPost: number; errors: number };
  bytes: { get: number; post: number };
  /** CPU of the bench process (the floor's pg client and HTML server, and the load loop) per page. */
  processCpuMsPerPage: number;
  ratioP95: number;
};

/** The chapter form: the Pages Router form (data-chapter-form) or an App Router server action. */
const FORM_MARKERS = ["data-chapter-form", "$ACTION"];

type Jar = Map<string, string>;
function takeCookies(jar: Jar, setCookie: string[] | undefined) {
  for (const c of setCookie ?? []) {
    const [pair] = c.split(";");
    const i = pair!.indexOf("=");
    jar.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

export async function benchJourney(ctx: Ctx, opts: { concurrency: number; durationMs: number; secret: string; distDir: string; chapters: number }): Promise<JourneyResult> {
  const partners = await createPartners(ctx.pool, `Bench journey ${Date.now()}`, opts.concurrency);
  const jars: Jar[] = await Promise.all(
    partners.map(async (p) => new Map([["next-auth.session-token", await encode({ token: { sub: p.userId, name: p.name, email: p.email }, secret: opts.secret })]])),
  );
  const http = ctx.http();
  const origin = http.base;
  const chapterOf = partners.map(() => 1);
  const r = rng(11);
  const get = new Recorder();
  const post = new Recorder();
  let js: ScriptWeight | null = null;

  /** One page load and its save; returns false when a step went wrong (recorded). */
  const visit = async (w: number, record: boolean) => {
    const jar = jars[w]!;
    const n = chapterOf[w]!;
    chapterOf[w] = (n % opts.chapters) + 1;
    const url = `/respond/${ctx.slug}/chapter/${n}`;
    let t0 = performance.now();
    let html: string;
    try {
      const res = await http.request("GET", url, { headers: { cookie: cookieHeader(jar), accept: "text/html" } });
      takeCookies(jar, res.headers["set-cookie"]);
      html = res.body.toString();
      const ok = res.status === 200 && parseForm(html, FORM_MARKERS) !== null;
      if (record) get.add(performance.now() - t0, ok, ok ? undefined : `GET ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ""}`);
      if (!ok) return;
    } catch (e) {
      if (record) get.add(performance.now() - t0, false, `GET ${(e as Error).message}`);
      return;
    }
    js ??= scriptWeight(html, ROOT, opts.distDir);
    const form = parseForm(html, FORM_MARKERS)!;
    if (!form) {
      if (record) post.error("no form on the page");
      return;
    }
    const button = form.controls.find((c) => c.kind === "button" && c.value === "continue") ?? form.controls.find((c) => c.kind === "button") ?? null;
    const fd = formData(
      form,
      {
        textarea: () => answerText(r, 200 + Math.floor(r() * 200), 0),
        radio: (_name, options) => options[Math.floor(r() * options.length)] ?? null,
      },
      button && button.kind === "button" ? { name: button.name, value: button.value } : null,
    );
    const { body, contentType } = await encodeForm(fd, form.enctype);
    const action = form.action ? new URL(form.action, origin + url) : null;
    const target = action ? action.pathname + action.search : url;
    t0 = performance.now();
    try {
      const res = await http.request("POST", target, {
        headers: { cookie: cookieHeader(jar), "content-type": contentType, origin, referer: origin + url, accept: "text/html" },
        body,
      });
      takeCookies(jar, res.headers["set-cookie"]);
      // Saved: the page answers a successful post with 303 to the next page.
      const ok = res.status === 303 && typeof res.headers.location === "string";
      if (record) post.add(performance.now() - t0, ok, ok ? undefined : `POST ${res.status}${problemText(res.body.toString())}`);
    } catch (e) {
      if (record) post.add(performance.now() - t0, false, `POST ${(e as Error).message}`);
    }
  };

  let elapsed = 0;
  let cpu = 0;
  let captured: Captured | null = null;
  try {
    // Warm-up: each partner loads and saves one chapter, not measured.
    await Promise.all(partners.map((_, w) => visit(w, false)));
    const cpu0 = cpuMs(ctx.serverPid);
    elapsed = await runFor(opts.concurrency, opts.durationMs, (w) => visit(w, true));
    cpu = cpuMs(ctx.serverPid) - cpu0;
    if (ctx.sqlLog && ctx.databaseUrl) captured = await capturePage(ctx, http, jars[0]!, `/respond/${ctx.slug}/chapter/1`);
  } finally {
    http.close();
  }
  const floor = captured ? await pageFloor(ctx, captured, opts.concurrency, opts.durationMs) : null;
  const [{ n }] = (await ctx.pool.query(`select count(*)::int as n from answers a join responses r on r.id = a.response_id where r.organisation_id = any($1::uuid[])`, [partners.map((p) => p.organisationId)])).rows;
  const pages = get.ok + post.ok;
  return {
    concurrency: opts.concurrency,
    seconds: elapsed / 1000,
    pages,
    pagesPerSecond: pages / (elapsed / 1000),
    errors: get.errors + post.errors,
    errorKinds: { ...get.errorKinds, ...post.errorKinds },
    saves: post.ok,
    page: stats([...get.latencies, ...post.latencies]),
    serverCpuMsPerPage: pages ? cpu / pages : 0,
    get: stats(get.latencies),
    post: stats(post.latencies),
    js: js ?? { files: [], bytes: 0, gzip: 0, inlineBytes: 0, inlineGzip: 0, missing: [] },
    answersSaved: n,
    floor: floor ? { ...floor, ratioP95: stats([...get.latencies, ...post.latencies]).p95 / floor.page.p95 } : null,
  };
}

type Statement = { client: number; name?: string; text: string; values?: unknown[] };
type Captured = { get: Statement[]; post: Statement[]; getBytes: number; postBytes: number; postStatus: number; postLocation: string };

/**
 * One chapter page and its save, loaded alone with the server capturing its statements
 * (BENCH_SQL_LOG; SIGUSR2 turns capture on and off): the statements of each, in order, by
 * connection, and the bytes of each response.
 */
/**
 * `fn` run with the server capturing its statements (BENCH_SQL_LOG; SIGUSR2 turns capture on
 * and off): what it returned and the statements `keep` accepts, in order.
 */
async function captureStatements<T>(ctx: Ctx, fn: () => Promise<T>, keep: (st: Statement) => boolean): Promise<{ value: T; statements: Statement[] }> {
  const { readFileSync, statSync, existsSync } = await import("node:fs");
  const size = () => (existsSync(ctx.sqlLog!) ? statSync(ctx.sqlLog!).size : 0);
  const settle = () => new Promise((r) => setTimeout(r, 150));
  const from = size();
  process.kill(ctx.serverPid, "SIGUSR2");
  await settle();
  const value = await fn();
  process.kill(ctx.serverPid, "SIGUSR2");
  await settle();
  const text = readFileSync(ctx.sqlLog!).subarray(from).toString();
  const all = text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Statement);
  // A transaction left with nothing `keep` accepts (the job worker's, say) goes with its begin and commit.
  const dropped = new Set<Statement>();
  const open = new Map<number, Statement[]>();
  for (const st of all) {
    const word = st.text.trim().split(/\s+/, 1)[0]!.toLowerCase();
    if (word === "begin") open.set(st.client, [st]);
    else if (open.has(st.client)) {
      const span = open.get(st.client)!;
      span.push(st);
      if (word === "commit" || word === "rollback") {
        open.delete(st.client);
        if (span.slice(1, -1).every((x) => !keep(x))) span.forEach((x) => dropped.add(x));
      }
    }
  }
  const statements = all.filter((st) => keep(st) && !dropped.has(st));
  return { value, statements };
}

async function capturePage(ctx: Ctx, http: HttpClient, jar: Jar, url: string): Promise<Captured | null> {
  // The job worker's polling is not the page's: leave out statements on the jobs table.
  const during = <T>(fn: () => Promise<T>) => captureStatements(ctx, fn, (st) => !/\bjobs\b/.test(st.text));
  const g = await during(() => http.request("GET", url, { headers: { cookie: cookieHeader(jar), accept: "text/html" } }));
  takeCookies(jar, g.value.headers["set-cookie"]);
  const html = g.value.body.toString();
  const form = parseForm(html, FORM_MARKERS);
  if (g.value.status !== 200 || !form) return null;
  const button = form.controls.find((c) => c.kind === "button" && c.value === "continue") ?? form.controls.find((c) => c.kind === "button") ?? null;
  const r = rng(5);
  const fd = formData(
    form,
    { textarea: () => answerText(r, 300, 0), radio: (_n, options) => options[0] ?? null },
    button && button.kind === "button" ? { name: button.name, value: button.value } : null,
  );
  const { body, contentType } = await encodeForm(fd, form.enctype);
  const origin = http.base;
  const action = form.action ? new URL(form.action, origin + url) : null;
  const p = await during(() =>
    http.request("POST", action ? action.pathname + action.search : url, {
      headers: { cookie: cookieHeader(jar), "content-type": contentType, origin, referer: origin + url, accept: "text/html" },
      body,
    }),
  );
  return { get: g.statements, post: p.statements, getBytes: g.value.body.length, postBytes: p.value.body.length, postStatus: p.value.status, postLocation: String(p.value.headers.location ?? "") };
}

/**
 * The page floor: at the journey's concurrency, each worker "loads" a page as the app would at
 * the least: the page's captured statements through plain pg (a pool of 10, as the app's; the
 * statements of each of the app's connections in order on one connection, the connections'
 * groups side by side), then the same number of response bytes from a plain node:http handler;
 * GET and POST in turn, like the journey.
 */
async function pageFloor(ctx: Ctx, c: Captured, concurrency: number, durationMs: number): Promise<Omit<PageFloor, "ratioP95">> {
  const nodeHttp = await import("node:http");
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10 });
  pool.on("error", () => undefined);
  const getHtml = Buffer.alloc(c.getBytes, "x");
  const postHtml = Buffer.alloc(c.postBytes, "x");
  const server = nodeHttp.createServer((req, res) => {
    const post = req.method === "POST";
    req.resume();
    req.on("end", () => {
      if (post) res.writeHead(c.postStatus || 303, { "content-type": "text/html; charset=utf-8", location: c.postLocation || "/", "content-length": postHtml.length });
      else res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": getHtml.length });
      res.end(post ? postHtml : getHtml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const http = new HttpClient(`http://127.0.0.1:${port}`, 128);
  const groups = (list: Statement[]) => {
    const by = new Map<number, Statement[]>();
    for (const st of list) by.set(st.client, [...(by.get(st.client) ?? []), st]);
    return [...by.values()];
  };
  const getGroups = groups(c.get);
  const postGroups = groups(c.post);
  let errors = 0;
  const runGroups = async (gs: Statement[][]) =>
    Promise.all(
      gs.map(async (list) => {
        const client = await pool.connect();
        try {
          for (const st of list) {
            try {
              await client.query(st.name ? { name: st.name, text: st.text, values: st.values } : { text: st.text, values: st.values });
            } catch {
              errors++;
            }
          }
          // A transaction left open by a refused statement is closed, as the app's would be.
          await client.query("rollback").catch(() => undefined);
        } finally {
          client.release();
        }
      }),
    );
  const get = new Recorder();
  const post = new Recorder();
  const turn = new Array<number>(concurrency).fill(0);
  const page = async (w: number, record: boolean) => {
    const isPost = turn[w]++ % 2 === 1;
    const t0 = performance.now();
    await runGroups(isPost ? postGroups : getGroups);
    const res = await http.request(isPost ? "POST" : "GET", "/", isPost ? { body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } } : {});
    if (record) (isPost ? post : get).add(performance.now() - t0, res.status < 400);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, w) => page(w, false)));
    errors = 0;
    const cpu0 = process.cpuUsage();
    const elapsed = await runFor(concurrency, durationMs, (w) => page(w, true));
    const used = process.cpuUsage(cpu0);
    const pages = get.ok + post.ok;
    return {
      concurrency,
      seconds: elapsed / 1000,
      pages,
      page: stats([...get.latencies, ...post.latencies]),
      get: stats(get.latencies),
      post: stats(post.latencies),
      statements: { get: c.get.length, post: c.post.length, clientsGet: getGroups.length, clientsPost: postGroups.length, errors },
      bytes: { get: c.getBytes, post: c.postBytes },
      processCpuMsPerPage: pages ? (used.user + used.system) / 1000 / pages : 0,
    };
  } finally {
    http.close();
    server.close();
    await pool.end();
  }
}

function problemText(html: string): string {
  const m = /govuk-error-summary[\s\S]*?<li[^>]*>([\s\S]*?)<\/li>/.exec(html) ?? /<title>([^<]*)<\/title>/.exec(html);
  return m ? `: ${m[1]!.replace(/<[^>]+>/g, "").slice(0, 80)}` : "";
}

// ---------------------------------------------------------------------------------------------
// Collate

export type CollateCall = { name: string; app: Stats; hand: Stats; ratioP50: number; ratioP95: number; rows: number };

/**
 * `rare` is a word of the seeded texts (1 sentence in 2,000: its matches grow with the responses);
 * `planted`, when given, a word plantRareWord put in a fixed number of answers at every size.
 */
export async function benchCollate(ctx: Ctx, opts: { calls: number; warmup: number; common: string; rare: string; planted?: { word: string; answers: number } }): Promise<CollateCall[]> {
  const { db, pool, consultationId: cid } = ctx;
  const [officer] = (await pool.query(`select u.id from users u join memberships m on m.user_id = u.id where m.organisation_id = $1 and m.role = 'officer' order by u.email limit 1`, [ctx.councilId])).rows;
  const actor = await loadActor(db, officer.id);
  if (!actor) throw new Error("no council officer to collate as");
  const { closed, open } = collatedQuestions(ctx.questions);

  // The statements the lib functions run for the data (their access checks aside), by hand.
  // Counts: the app's one statement (the consultation's owner, the question, every answer by
  // chosen option and those of draft responses), named as the app names it.
  const handSummary = async () => {
    const { rows } = await pool.query({ name: "hand_question_counts", text: QUESTION_COUNTS_SQL, values: questionCountsParams(cid, closed.id, "submitted") });
    const sum = (rs: { n: number }[]) => rs.reduce((a, r) => a + r.n, 0);
    return sum(rows[0].all) - sum(rows[0].drafts);
  };
  const handList = () =>
    pool.query(
      `select a.response_id as "responseId", o.name as "organisationName", o.type as "organisationType", r.status as "responseStatus",
         r.reference, a.value_text as "valueText", to_json(a.updated_at) #>> '{}' as "updatedAt"
       from answers a join responses r on r.id = a.response_id join organisations o on o.id = r.organisation_id
       where a.question_id = $1 and r.consultation_id = $2 and ((r.status = $3))
       order by a.response_id asc limit 26`,
      [open.id, cid, "submitted"],
    );
  // Search: the app's own page statement (searchStatements), rendered as the handles render it and
  // run through plain pg. The plan's choice (walk or bitmap) is asked once per word, as the app
  // keeps it (SEARCH_PLAN_TTL_MS), so each timed call is the page statement alone.
  const runHand = (q: SQL) => runRendered(pool, q);
  const walks = new Map<string, boolean>();
  const handSearch = async (word: string) => {
    const st = searchStatements({ consultationId: cid, questionId: open.id, query: word });
    if (!walks.has(word)) walks.set(word, planWalks((await runHand(st.plan)).rows));
    return runHand(st.page(walks.get(word)!));
  };
  const cases: { name: string; app: () => Promise<number>; hand: () => Promise<number> }[] = [
    {
      name: `counts, closed question ${closed.number}`,
      app: async () => (await summariseQuestion(db, { consultationId: cid, questionId: closed.id }, actor)).answered,
      hand: handSummary,
    },
    {
      name: `first page of answers, question ${open.number}`,
      app: async () => (await listQuestionAnswers(db, { consultationId: cid, questionId: open.id }, actor)).rows.length,
      hand: async () => Math.min(25, (await handList()).rows.length),
    },
    ...[
      { word: opts.common, kind: "common" },
      { word: opts.rare, kind: "rare" },
      ...(opts.planted ? [{ word: opts.planted.word, kind: `rare: ${opts.planted.answers} answers at every size` }] : []),
    ].map(({ word, kind }) => ({
      name: `search "${word}" (${kind}), question ${open.number}`,
      app: async () => (await searchAnswers(db, { consultationId: cid, questionId: open.id, query: word }, actor)).rows.length,
      hand: async () => Math.min(25, (await handSearch(word)).rows.length),
    })),
  ];
  const out: CollateCall[] = [];
  for (const c of cases) {
    for (let i = 0; i < opts.warmup; i++) {
      await c.app();
      await c.hand();
    }
    const app: number[] = [];
    const hand: number[] = [];
    let rows = 0;
    let handRows = 0;
    // Interleaved, so that both sides see the same cache and the same neighbours' noise.
    for (let i = 0; i < opts.calls; i++) {
      const a = await timed(c.app);
      const h = await timed(c.hand);
      app.push(a.ms);
      hand.push(h.ms);
      rows = a.value;
      handRows = h.value;
    }
    if (rows !== handRows) throw new Error(`${c.name}: the app returned ${rows} rows, the hand SQL ${handRows}`);
    const sa = stats(app);
    const sh = stats(hand);
    out.push({ name: c.name, app: sa, hand: sh, ratioP50: sa.p50 / sh.p50, ratioP95: sa.p95 / sh.p95, rows });
    ctx.log(`  collate ${c.name}: p50 ${sa.p50.toFixed(1)} ms (hand ${sh.p50.toFixed(1)} ms), ${rows} rows`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export

export type ExportResult = { responses: number; rowsInCsv: number; bytes: number; seconds: number; copySeconds: number; copyBytes: number; ratio: number; rssBaseline: number; rssPeak: number; rssGrowth: number; status: number };

export async function benchExport(ctx: Ctx): Promise<ExportResult> {
  const key = await createApiKey(ctx.pool, ctx.councilId, `Bench export ${Date.now()}`, "read");
  const [{ n }] = (await ctx.pool.query(`select count(*)::int as n from responses where consultation_id = $1 and status = 'submitted'`, [ctx.consultationId])).rows;
  // The floor once untimed first, so that both timed runs find the same rows in the cache
  // (whichever ran first would otherwise read them from disk).
  await copyFloor(ctx);
  const http = ctx.http();
  let rows = 0;
  let carry = "";
  const sampler = sampleRss(ctx.serverPid);
  let res: { status: number; bytes: number };
  let ms: number;
  try {
    ({ ms, value: res } = await timed(() =>
      http.stream(`/api/v1/consultations/${ctx.consultationId}/export.csv?shape=wide`, { authorization: `Bearer ${key}` }, (chunk) => {
        // Each seeded response's row starts with its reference (BENCH-…) at the start of a line.
        const s = carry + chunk.toString("latin1");
        rows += s.match(/\nBENCH-/g)?.length ?? 0;
        carry = s.slice(-6);
      }),
    ));
  } finally {
    http.close();
  }
  const rss = sampler.stop();
  const { ms: copyMs, bytes: copyBytes } = await copyFloor(ctx);
  return {
    responses: n,
    rowsInCsv: rows,
    bytes: res.bytes,
    seconds: ms / 1000,
    copySeconds: copyMs / 1000,
    copyBytes,
    ratio: ms / copyMs,
    rssBaseline: rss.baseline,
    rssPeak: rss.peak,
    rssGrowth: rss.growth,
    status: res.status,
  };
}

/** Floor: Postgres writing the same rows (responses, organisations, versions, answers) as CSV. */
async function copyFloor(ctx: Ctx): Promise<{ ms: number; bytes: number }> {
  const client = await ctx.pool.connect();
  let bytes = 0;
  try {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    });
    const { ms } = await timed(() =>
      pipeline(
        client.query(
          copyTo(`COPY (
            select r.reference, o.name, o.type, r.submitted_at, r.revision, v.version, a.question_id, a.value_text
            from responses r
            join organisations o on o.id = r.organisation_id
            left join consultation_versions v on v.id = r.consultation_version_id
            join answers a on a.response_id = r.id
            where r.consultation_id = '${ctx.consultationId}' and r.status = 'submitted'
            order by r.id
          ) TO STDOUT WITH (FORMAT csv)`),
        ),
        sink,
      ),
    );
    return { ms, bytes };
  } finally {
    client.release();
  }
}

// The public pages at scale (issue 18, "Performance"): one public consultation with N published
// responses (consenting, free text approved; a tenth still pending), seeded by SQL
// (generate_series, no API calls), then under `next start` at concurrency 16:
//   responses         the published responses page: the first page, a later keyset page, and a
//                     search for a common word (in half the texts) and a rare one (1 in 2,000)
//   results           the counts page (closed questions' figures)
//   floor             the cheapest pages the same server serves in the same run: the cheapest HTML
//                     page (/cookies: the same layout, no data; every page is rendered per request
//                     for its CSP nonce) and, for reference, the OpenAPI document. Both are
//                     requested in turn with each page by every worker, and each page's p95 is
//                     read as a ratio to theirs over the same seconds, as the host's load varies
// Target: p95 under 200 ms, or within 2× of the floor's p95. Also prints the JavaScript (gzip)
// a member of the public's question page loads, read from the build (target: at most 50 kB).
// Prints tables and writes bench/results/public-<date>.json.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/public.ts \
//     [--responses 100000] [--duration 15] [--concurrency 16] [--database NAME] [--reseed]
//     [--reuse-build] [--dist-dir DIR] [--port P] [--drop-db]
import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { openPg } from "../db/client";
import { migrateDb } from "../db/migrate";
import { consultations, organisations, users } from "../db/schema";
import { isEmpty, loadDemoContent } from "../db/seed/load";
import { loadActor } from "../lib/auth/actor";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { updateAudienceSettings } from "../lib/public/commands";
import { questionSetSchema } from "../lib/question-sets/schema";
import { scriptWeight } from "./forms";
import { commandLine, HttpClient, pageResults, pagesBesideFloors, Recorder, table, writeResults, type PageRow } from "./harness";
import { createBenchDatabase } from "./seed";
import { build, hasBuild, ROOT, startServer } from "./server";

const { value, flag } = commandLine();
const N = Number(value("responses", "100000"));
const durationMs = Number(value("duration", "15")) * 1000;
const CONCURRENCY = Number(value("concurrency", "16"));
const distDir = value("dist-dir", process.env.NEXT_DIST_DIR ?? ".next-bench");
const port = Number(value("port", process.env.BENCH_PORT ?? "3300"));
const dbName = value("database", "consult_bench_public");
const SLUG = "bench-public-library";
const SECRET = "bench-secret-bench-secret-bench-secret";
const COMMON = "library";
const RARE = "zeppelin";
const TARGET_MS = 200;
const TARGET_RATIO = 2;
const JS_BUDGET = 50_000;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** Words of the seeded texts (neither the common nor the rare search word). */
const WORDS =
  "hours evening morning council staff books children families computers study quiet space weekend week open close parking bus town village reading group events café toilets printing wifi older people young students volunteers saturday sunday holidays school homework jobs help advice local history newspapers".split(
    " ",
  );

/** The consultation and N responses, unless the database already has them. Returns the consultation id. */
async function seed(url: string, log: (s: string) => void): Promise<string> {
  const h = await openPg(url, 2);
  try {
    await migrateDb(h.db, "pg");
    if (await isEmpty(h.db)) await loadDemoContent(h.db);
    const [existing] = await h.db.select().from(consultations).where(eq(consultations.slug, SLUG));
    if (existing) {
      const [{ n }] = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from responses where consultation_id = ${existing.id}`));
      if (n === N) {
        log(`  reusing ${n} responses already seeded`);
        return existing.id;
      }
      await h.db.execute(sql`delete from answer_moderations where consultation_id = ${existing.id}`);
      await h.db.execute(sql`delete from responses where consultation_id = ${existing.id}`);
      await h.db.execute(sql`delete from users where email like 'pubbench-%'`);
      await h.db.delete(consultations).where(eq(consultations.id, existing.id));
    }
    const [council] = await h.db.select().from(organisations).where(eq(organisations.name, "Chorley Council"));
    const [officerRow] = await h.db.select().from(users).where(eq(users.email, "jane.fisher@council.example"));
    const officer = (await loadActor(h.db, officerRow!.id))!;
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Library services: published responses (benchmark)",
      kind: "questionnaire",
      opensOn: "@-10d",
      closesOn: "@+30d",
      chapters: [
        {
          title: "Your library",
          questions: [
            { number: "1", type: "single_choice", text: "How often do you visit?", options: ["Every week", "Every month", "Less often"], required: true },
            { number: "2", type: "multiple_choice", text: "When would you visit?", options: ["Mornings", "Evenings", "Saturdays", "Sundays"] },
            { number: "3", type: "long_text", text: "What would you change?" },
          ],
        },
      ],
    });
    const c = await createConsultationFromQuestionSet(h.db, set, { ownerOrganisationId: council!.id, actorId: null, slug: SLUG });
    await publishConsultation(h.db, c.id, null);
    await updateAudienceSettings(h.db, { consultationId: c.id, audience: "public", allowUnauthenticated: true, publishResponses: "while_open" }, officer);
    const qs = rowsOf<{ id: string; number: string }>(await h.db.execute(sql`select id, number from questions where consultation_id = ${c.id} order by position`));
    const q = (n: string) => qs.find((x) => x.number === n)!.id;
    const [{ id: versionId }] = rowsOf<{ id: string }>(await h.db.execute(sql`select id from consultation_versions where consultation_id = ${c.id} order by version desc limit 1`));
    const [pub] = await h.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, council!.id));

    const t0 = performance.now();
    const step = async (what: string, statement: ReturnType<typeof sql>) => {
      const s = performance.now();
      await h.db.execute(statement);
      log(`  ${what} in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    };
    await step(`${N} members of the public`, sql`insert into users (email) select 'pubbench-' || g || '@public.example' from generate_series(1, ${N}) g`);
    // Every fifth named, the rest anonymous; all submitted with consent and a public reference.
    await step(
      `${N} submitted responses`,
      sql`insert into responses (consultation_id, organisation_id, consultation_version_id, respondent_user_id, status, reference, public_reference, revision, submitted_at, publish_consent, published_name)
        select ${c.id}::uuid, ${pub!.id}::uuid, ${versionId}::uuid, u.id, 'submitted', 'PBR-' || lpad(g::text, 7, '0'), 'PUB-' || lpad(g::text, 7, '0'), 1,
          now() - make_interval(secs => ${N} - g), case when g % 5 = 0 then 'named' else 'anonymous' end, case when g % 5 = 0 then 'Resident ' || g end
        from generate_series(1, ${N}) g join users u on u.email = 'pubbench-' || g || '@public.example'`,
    );
    // The texts: 24 words drawn per response; the common word in every other one, the rare one in 1 in 2,000.
    await h.db.execute(sql`create temporary table bench_texts as
      select r.id as response_id, g, array_to_string(array(
          select (${`{${WORDS.join(",")}}`}::text[])[1 + ((hashint4(g * 64 + i) & 2147483647) % ${WORDS.length})] from generate_series(1, 24) i
        ), ' ') || case when g % 2 = 0 then ' ${sql.raw(COMMON)}' else '' end || case when g % 2000 = 7 then ' ${sql.raw(RARE)}' else '' end as text
      from responses r cross join lateral (select substr(r.reference, 5)::int as g) x
      where r.consultation_id = ${c.id}`);
    await step(
      `${N * 3} answers`,
      sql`insert into answers (response_id, question_id, value, value_text)
        select response_id, ${q("1")}::uuid, to_jsonb(o), o from bench_texts, lateral (select (array['Every week', 'Every month', 'Less often'])[1 + g % 3] as o) x
        union all
        select response_id, ${q("2")}::uuid, to_jsonb(m), array_to_string(m, '; ') from bench_texts,
          lateral (select case when g % 4 = 0 then array['Evenings', 'Saturdays'] when g % 4 = 1 then array['Mornings'] when g % 4 = 2 then array['Saturdays', 'Sundays'] else array['Evenings'] end as m) x
        union all
        select response_id, ${q("3")}::uuid, to_jsonb(text), text from bench_texts`,
    );
    // Approved as written, but a tenth still pending (never public).
    await step(
      `${N} moderation rows`,
      sql`insert into answer_moderations (response_id, question_id, consultation_id, state, moderated_text, published_text, moderated_at)
        select response_id, ${q("3")}::uuid, ${c.id}::uuid, case when g % 10 = 3 then 'pending' else 'approved' end, text, case when g % 10 = 3 then null else text end, now()
        from bench_texts`,
    );
    await step("vacuum analyze", sql`vacuum analyze responses, answers, answer_moderations, published_counts, users`);
    log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return c.id;
  } finally {
    await h.close();
  }
}

type Row = PageRow;

async function main() {
  const log = (s: string) => console.log(s);
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await createBenchDatabase(server, dbName, flag("reseed"));
  log(`bench public: load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores (other work on the machine skews absolute times; read the ratios)`);
  log(`bench public: database ${dbName}, ${N} responses, concurrency ${CONCURRENCY}, ${durationMs / 1000} s per page`);
  await seed(url, log);
  if (!flag("reuse-build") || !hasBuild(distDir)) build(distDir, log);

  // A member of the public with a response started, for the question page's JavaScript.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const personId = randomUUID();
  const email = `pubbench-js-${Date.now()}@public.example`;
  await pool.query(`insert into users (id, email) values ($1, $2)`, [personId, email]);
  await pool.end();
  const cookie = `next-auth.session-token=${await encode({ token: { sub: personId, name: null, email }, secret: SECRET })}`;

  const srv = await startServer({ distDir, port, databaseUrl: url, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "100000" } });
  const http = new HttpClient(srv.url, CONCURRENCY * 2);
  const rows: Row[] = [];
  let js: ReturnType<typeof scriptWeight> | null = null;
  const problems: string[] = [];
  try {
    const first = await http.request("GET", `/consultations/${SLUG}/responses`);
    if (first.status !== 200) throw new Error(`the responses page answered ${first.status}`);
    const chapter = await http.request("GET", `/respond/${SLUG}/chapter/1`, { headers: { cookie, accept: "text/html" } });
    if (chapter.status === 200) js = scriptWeight(chapter.body.toString(), ROOT, distDir);
    else problems.push(`the question page answered ${chapter.status}, JavaScript not weighed`);

    const floors = [
      { name: "floor: static page (/cookies)", path: "/cookies", expect: /Cookies/ },
      { name: "floor: OpenAPI document", path: "/api/v1/openapi.json", expect: /openapi/ },
    ];
    const pages = [
      { name: "responses: first page", path: `/consultations/${SLUG}/responses`, expect: /PUB-0000001/ },
      { name: "responses: page after PUB-0050000", path: `/consultations/${SLUG}/responses?after=PUB-0050000`, expect: /PUB-0050001/ },
      { name: `responses: search "${COMMON}" (1 in 2)`, path: `/consultations/${SLUG}/responses?q=${COMMON}`, expect: /More than 1,000(<!-- -->)? (<!-- -->)?responses(<!-- -->)? matching/ },
      { name: `responses: search "${RARE}" (1 in 2,000)`, path: `/consultations/${SLUG}/responses?q=${RARE}`, expect: /PUB-0000007/ },
      { name: "results: counts page", path: `/consultations/${SLUG}/results`, expect: /Every week/ },
    ];
    type Target = { name: string; path: string; expect: RegExp };
    const get = async (p: Target, rec: Recorder) => {
      const t0 = performance.now();
      try {
        const res = await http.request("GET", p.path, { headers: { accept: "text/html" } });
        const ok = res.status === 200 && p.expect.test(res.body.toString());
        rec.add(performance.now() - t0, ok, ok ? undefined : `${res.status}`);
      } catch (e) {
        rec.add(performance.now() - t0, false, (e as Error).message);
      }
    };
    rows.push(...(await pagesBesideFloors({ floors: [floors[0]!, floors[1]!], pages, concurrency: CONCURRENCY, durationMs, get, problems })));
  } finally {
    http.close();
    await srv.stop();
  }

  const results = pageResults(rows, { ms: TARGET_MS, ratio: TARGET_RATIO });
  console.log(
    table(
      `Public pages, ${N} published responses, concurrency ${CONCURRENCY} (Postgres, next start); target p95 < ${TARGET_MS} ms or ≤ ${TARGET_RATIO}× the floor (the cheapest HTML page, /cookies, requested in turn with each page)`,
      results.tableRows(["page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors", "floor p95 ms", "p95 / floor", "OpenAPI p95 ms", "p95 / OpenAPI", "target"]),
    ),
  );
  if (js) {
    console.log(
      `\nJavaScript a member of the public's question page loads (/respond/${SLUG}/chapter/1, gzip, from the build): ${js.gzip + js.inlineGzip} bytes ` +
        `(${js.files.length} files ${js.gzip}, inline ${js.inlineGzip}); target ≤ ${JS_BUDGET}: ${js.gzip + js.inlineGzip <= JS_BUDGET ? "met" : "NOT MET"}` +
        (js.missing.length ? `; not found in the build: ${js.missing.join(", ")}` : ""),
    );
  }
  for (const p of problems) console.log(`problem: ${p}`);

  writeResults("public", {
    loadAverage: os.loadavg(),
    machine: { cpus: os.cpus().length, node: process.version },
    responses: N,
    concurrency: CONCURRENCY,
    durationS: durationMs / 1000,
    ...results.fields,
    javascript: js ? { gzip: js.gzip + js.inlineGzip, files: js.files, inlineGzip: js.inlineGzip, budget: JS_BUDGET, met: js.gzip + js.inlineGzip <= JS_BUDGET } : null,
    problems,
  });
  if (flag("drop-db")) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();

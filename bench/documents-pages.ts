// Draft documents' pages at scale (issue 16, "Performance"), through `next start`: the document of
// bench/documents-seed.ts (600 paragraphs, 20,000 submitted comments from 500 organisations, its
// stage open for comments) in a named database, then at concurrency 8:
//   officer    the comments page by paragraph (/manage/{id}/documents/{docId}/comments: the
//              first 500 comments, grouped under their paragraphs, with every paragraph's counts
//              and the organisations filter), the same page from the busiest paragraph half-way
//              down (its keyset cursor, as "Next comments" reaches it), the per-paragraph page
//              (?paragraph=: the busiest paragraph's comments only), and the document page
//              (/manage/{id}/documents/{docId}: versions with their comment totals), signed in
//              as the council's officer
//   commenter  the document page (/documents/{docId}, Pages Router) signed in as the contact of
//              an invited partner organisation (a "Comment on paragraph" link under each of the
//              600 paragraphs and its organisation's 40 comments counted), and the same page read
//              by someone not signed in
//   floor      the cheapest HTML page (/cookies: the same layout, no data), not signed in, and for
//              reference the same page signed in as the officer (the fixed cost of a signed-in
//              request); both requested in turn with each page by every worker, and each page's
//              p95 read as a ratio to theirs over the same seconds, as the host's load varies
// Targets: p95 under 200 ms, or within 2× of the floor's p95; the commenter's page loads at most
// 50 kB of JavaScript (gzip, read from the build) and works without it (its comment links are
// plain links to a comment page with a form); the consultation statement's PDF, as served
// (/consultations/{slug}/documents/{docId}/statement.pdf, the officer), within 10 s: timed with
// Chromium started for it (the first export after an idle spell) and kept (the next one).
// Prints a table and writes bench/results/documents-pages-<date>.json.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/documents-pages.ts \
//     [--duration 15] [--concurrency 8] [--database NAME] [--reseed] [--drop-db]
//     [--reuse-build] [--dist-dir DIR] [--port P] [--no-pdf]
import os from "node:os";
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { openPg } from "../db/client";
import { migrateDb } from "../db/migrate";
import { documentComments, documentParagraphs, users } from "../db/schema";
import { isEmpty, loadDemoContent } from "../db/seed/load";
import { encodeCommentCursor } from "../lib/documents/queries";
import { DOCUMENT_BENCH_SIZE, findDocumentBench, seedDocumentBench, type DocumentBench } from "./documents-seed";
import { scriptWeight } from "./forms";
import { commandLine, HttpClient, pageResults, pagesBesideFloors, Recorder, table, writeResults, type PageRow } from "./harness";
import { createBenchDatabase } from "./seed";
import { build, hasBuild, ROOT, startServer } from "./server";

const { value, flag } = commandLine();
const durationMs = Number(value("duration", "15")) * 1000;
const CONCURRENCY = Number(value("concurrency", "8"));
const distDir = value("dist-dir", process.env.NEXT_DIST_DIR ?? ".next-bench");
const port = Number(value("port", process.env.BENCH_PORT ?? "3300"));
const dbName = value("database", "consult_bench_documents");
const SECRET = "bench-secret-bench-secret-bench-secret";
const TARGET_MS = 200;
const TARGET_RATIO = 2;
const JS_BUDGET = 50_000;
const PDF_TARGET_S = 10;
const { paragraphs: PARAGRAPHS, comments: COMMENTS, organisations: ORGS } = DOCUMENT_BENCH_SIZE;

/** The benchmark's document in the database (seeded unless it is there whole), its stage open; and a paragraph half-way down with the most comments. */
async function seed(url: string, log: (s: string) => void): Promise<{ bench: DocumentBench; middle: { position: number; number: string; comments: number }; officer: { email: string; name: string | null }; partner: { email: string; name: string | null } }> {
  const h = await openPg(url, 2);
  try {
    await migrateDb(h.db, "pg");
    if (await isEmpty(h.db)) await loadDemoContent(h.db);
    let bench = await findDocumentBench(h.db, { window: "open" });
    if (bench) log(`  reusing the document already seeded (${COMMENTS} comments)`);
    else {
      bench = await seedDocumentBench(h.db, { window: "open" });
      log(`  seeded ${PARAGRAPHS} paragraphs, ${COMMENTS} comments from ${ORGS} organisations in ${(bench.seedMs / 1000).toFixed(1)} s`);
    }
    const [middle] = await h.db
      .select({ position: documentParagraphs.position, number: documentParagraphs.number, comments: sql<number>`count(*)::int` })
      .from(documentComments)
      .innerJoin(documentParagraphs, eq(documentParagraphs.id, documentComments.paragraphId))
      .where(and(eq(documentComments.versionId, bench.versionId), gte(documentParagraphs.position, Math.floor(PARAGRAPHS / 2))))
      .groupBy(documentParagraphs.id)
      .orderBy(desc(sql`count(*)`), asc(documentParagraphs.position))
      .limit(1);
    const person = async (id: string) => (await h.db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, id)))[0]!;
    return { bench, middle: middle!, officer: await person(bench.officerUserId), partner: await person(bench.partnerUserId) };
  } finally {
    await h.close();
  }
}

type Target = { name: string; path: string; expect: RegExp[]; cookie?: string };
type Row = PageRow;
type Pdf = { name: string; seconds: number; bytes: number; ok: boolean; status: number };

async function main() {
  const log = (s: string) => console.log(s);
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await createBenchDatabase(server, dbName, flag("reseed"));
  const loadAverage = os.loadavg();
  log(`bench documents-pages: load average ${loadAverage.map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores (other work on the machine skews absolute times; read the ratios)`);
  log(`bench documents-pages: database ${dbName}, ${PARAGRAPHS} paragraphs, ${COMMENTS} comments from ${ORGS} organisations, concurrency ${CONCURRENCY}, ${durationMs / 1000} s per page`);
  const { bench: b, middle, officer, partner } = await seed(url, log);
  if (!flag("reuse-build") || !hasBuild(distDir)) build(distDir, log);

  const cookieOf = async (sub: string, who: { email: string; name: string | null }) => `next-auth.session-token=${await encode({ token: { sub, name: who.name, email: who.email }, secret: SECRET })}`;
  const officerCookie = await cookieOf(b.officerUserId, officer);
  const partnerCookie = await cookieOf(b.partnerUserId, partner);

  const srv = await startServer({ distDir, port, databaseUrl: url, env: { NEXTAUTH_SECRET: SECRET, DEMO_MODE: "0", API_RATE_LIMIT_PER_MINUTE: "100000" } });
  const http = new HttpClient(srv.url, CONCURRENCY * 2, 60_000);
  const rows: Row[] = [];
  const pdfs: Pdf[] = [];
  let js: ReturnType<typeof scriptWeight> | null = null;
  let worksWithoutJs: { ok: boolean; detail: string } | null = null;
  const problems: string[] = [];
  // React separates adjacent text with <!-- -->; the checks allow it between any two words.
  const text = (s: string) => new RegExp(s.split(" ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(?:<!-- -->)? ?(?:<!-- -->)?"));
  /** A paragraph's counts line on the officer's comments page: "34 comments: 12 support, …". */
  const counts = (n: number) => new RegExp(`>${n} comments(?:<!-- -->)?: (?:<!-- -->)?\\d+(?:<!-- -->)? support`);
  const manage = `/manage/${b.consultationId}/documents/${b.documentId}`;
  const lastNumber = `${Math.ceil(PARAGRAPHS / 20)}.20`;
  try {
    const floors: Target[] = [
      { name: "floor: /cookies", path: "/cookies", expect: [/<h1[^>]*>Cookies/] },
      { name: "floor: /cookies signed in (officer)", path: "/cookies", expect: [/<h1[^>]*>Cookies/, /Sign out/], cookie: officerCookie },
    ];
    // A keyset cursor just before the paragraph half-way down: the page that starts with its comments.
    const cursor = encodeCommentCursor([middle.position, "", "1970-01-01T00:00:00.000Z", "00000000-0000-0000-0000-000000000000"]);
    const pages: Target[] = [
      {
        name: "officer: comments by paragraph, first 500",
        path: `${manage}/comments`,
        expect: [text(`${COMMENTS.toLocaleString("en-GB")} comments from ${ORGS.toLocaleString("en-GB")} organisations`), />Paragraph (?:<!-- -->)?1\.1<\/h2>/, counts(b.paragraph.comments), /Next comments/],
        cookie: officerCookie,
      },
      {
        name: `officer: comments from paragraph ${middle.number} (${middle.comments} comments, keyset)`,
        path: `${manage}/comments?after=${cursor}`,
        expect: [new RegExp(`>Paragraph (?:<!-- -->)?${middle.number.replace(".", "\\.")}</h2>`), counts(middle.comments), /First comments/],
        cookie: officerCookie,
      },
      {
        name: `officer: one paragraph's comments (${b.paragraph.number}, ${b.paragraph.comments} comments)`,
        path: `${manage}/comments?paragraph=${b.paragraph.id}`,
        expect: [text(`Showing the comments on paragraph ${b.paragraph.number} only.`), counts(b.paragraph.comments)],
        cookie: officerCookie,
      },
      { name: "officer: document page", path: manage, expect: [/<h1[^>]*>Bench strategy</, text(`${COMMENTS} submitted`)], cookie: officerCookie },
      {
        name: "commenter: document page (partner)",
        path: `/documents/${b.documentId}`,
        expect: [text(`You are commenting for ${b.partnerOrganisationName}`), text(`Comment on paragraph ${lastNumber}`), /data-own-count="\d+"/],
        cookie: partnerCookie,
      },
      { name: "reader: document page (not signed in)", path: `/documents/${b.documentId}`, expect: [text("to comment for your organisation"), new RegExp(`>${lastNumber.replace(".", "\\.")}</strong>`)] },
    ];
    const fetchPage = (p: Target) => http.request("GET", p.path, { headers: { accept: "text/html", ...(p.cookie ? { cookie: p.cookie } : {}) } });
    const check = (p: Target, status: number, body: string) => status === 200 && p.expect.every((re) => re.test(body));
    // Each page once, before any timing: a page that fails its checks stops the run with what it showed.
    for (const p of [...floors, ...pages]) {
      const res = await fetchPage(p);
      const body = res.body.toString();
      if (!check(p, res.status, body)) {
        const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? "";
        const failed = p.expect.filter((re) => !re.test(body)).map(String);
        throw new Error(`${p.name} (${p.path}) answered ${res.status} "${title}"; not found: ${failed.join(", ")}`);
      }
    }

    // The commenter's JavaScript, and the page without it: a plain link to a comment page with a form.
    const commenter = await fetchPage(pages.find((p) => p.name.startsWith("commenter:"))!);
    const html = commenter.body.toString();
    js = scriptWeight(html, ROOT, distDir);
    const link = new RegExp(`href="(/documents/${b.documentId}/comment/${b.paragraph.anchor})"`).exec(html);
    if (link) {
      const form = await http.request("GET", link[1]!, { headers: { accept: "text/html", cookie: partnerCookie } });
      const body = form.body.toString();
      const forms = [...body.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
      const ok = form.status === 200 && forms.some((f) => /method="post"/.test(f) && f.includes(`action="${link[1]}`)) && /<textarea\b[^>]*name="text"/.test(body);
      worksWithoutJs = { ok, detail: `${link[1]} answered ${form.status}${ok ? " with the comment form (method=post, a text field)" : ", no comment form found"}` };
    } else worksWithoutJs = { ok: false, detail: `no plain link to the comment page of ${b.paragraph.anchor}` };

    const get = async (p: Target, rec: Recorder) => {
      const t0 = performance.now();
      try {
        const res = await fetchPage(p);
        const ok = check(p, res.status, res.body.toString());
        rec.add(performance.now() - t0, ok, ok ? undefined : `${res.status}`);
      } catch (e) {
        rec.add(performance.now() - t0, false, (e as Error).message);
      }
    };
    rows.push(...(await pagesBesideFloors({ floors: [floors[0]!, floors[1]!], pages, concurrency: CONCURRENCY, durationMs, get, problems })));

    // The consultation statement's PDF as served, to the officer: Chromium started for it, then kept.
    if (!flag("no-pdf")) {
      const pdfPath = `/consultations/${b.consultationSlug}/documents/${b.documentId}/statement.pdf`;
      for (const name of ["statement.pdf (Chromium started)", "statement.pdf (Chromium kept)"]) {
        const t0 = performance.now();
        const res = await http.request("GET", pdfPath, { headers: { cookie: officerCookie } });
        const seconds = (performance.now() - t0) / 1000;
        const ok = res.status === 200 && String(res.headers["content-type"]).startsWith("application/pdf") && res.body.subarray(0, 5).toString() === "%PDF-";
        pdfs.push({ name, seconds, bytes: res.body.length, ok, status: res.status });
        if (!ok) problems.push(`${name}: answered ${res.status} ${res.headers["content-type"]} (${res.body.subarray(0, 200).toString()})`);
      }
    }
  } finally {
    http.close();
    await srv.stop();
  }

  const results = pageResults(rows, { ms: TARGET_MS, ratio: TARGET_RATIO });
  console.log(
    table(
      `Draft document pages, ${PARAGRAPHS} paragraphs, ${COMMENTS} comments from ${ORGS} organisations, concurrency ${CONCURRENCY} (Postgres, next start); target p95 < ${TARGET_MS} ms or ≤ ${TARGET_RATIO}× the floor (/cookies, requested in turn with each page)`,
      results.tableRows(["page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors", "floor p95 ms", "p95 / floor", "signed-in floor p95 ms", "p95 / signed-in floor", `p95 < ${TARGET_MS} ms or ≤ ${TARGET_RATIO}× floor`]),
    ),
  );
  const jsGzip = js ? js.gzip + js.inlineGzip : null;
  if (js) {
    console.log(
      `\nJavaScript the commenter's document page loads (/documents/${b.documentId}, gzip, from the build): ${jsGzip} bytes ` +
        `(${js.files.length} files ${js.gzip}: ${js.files.map((f) => `${f.src} ${f.gzip}`).join(", ") || "none"}; inline ${js.inlineGzip}); target ≤ ${JS_BUDGET}: ${jsGzip! <= JS_BUDGET ? "met" : "NOT MET"}` +
        (js.missing.length ? `; not found in the build: ${js.missing.join(", ")}` : ""),
    );
  }
  if (worksWithoutJs) console.log(`Without JavaScript: ${worksWithoutJs.detail}: ${worksWithoutJs.ok ? "met" : "NOT MET"}`);
  for (const p of pdfs) console.log(`${p.name}: ${p.seconds.toFixed(1)} s, ${(p.bytes / 1e6).toFixed(2)} MB; target ≤ ${PDF_TARGET_S} s: ${p.ok && p.seconds <= PDF_TARGET_S ? "met" : "NOT MET"}`);
  for (const p of problems) console.log(`problem: ${p}`);

  writeResults("documents-pages", {
    loadAverage,
    loadAverageAfter: os.loadavg(),
    machine: { cpus: os.cpus().length, node: process.version },
    paragraphs: PARAGRAPHS,
    comments: COMMENTS,
    organisations: ORGS,
    concurrency: CONCURRENCY,
    durationS: durationMs / 1000,
    ...results.fields,
    javascript: js ? { gzip: jsGzip, files: js.files, inlineGzip: js.inlineGzip, budget: JS_BUDGET, met: jsGzip! <= JS_BUDGET } : null,
    worksWithoutJavaScript: worksWithoutJs,
    pdf: pdfs.map((p) => ({ ...p, targetS: PDF_TARGET_S, met: p.ok && p.seconds <= PDF_TARGET_S })),
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

import pg from "pg";
import { PgDialect } from "drizzle-orm/pg-core";
import { searchStatements } from "../lib/collation/queries";
const url = process.argv[2]!; const word = process.argv[3] ?? "quillwort"; const walks = process.argv[4] === "walk";
const pool = new pg.Pool({ connectionString: url, max: 1 });
const c = (await pool.query(`select id from consultations where slug = 'bench-lsp-shaping-their-future'`)).rows[0];
const qs = (await pool.query(`select q.id, q.number, q.type from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [c.id])).rows;
const open = qs.find((q: any) => q.type === "long_text");
const st = searchStatements({ consultationId: c.id, questionId: open.id, query: word, filter: {} });
const d = new PgDialect();
const q = d.sqlToQuery(st.page(walks));
for (let i = 0; i < 30; i++) await pool.query(q.sql, q.params);
const N = 100; const t = [];
for (let i = 0; i < N; i++) { const t0 = performance.now(); await pool.query(q.sql, q.params); t.push(performance.now() - t0); }
t.sort((a, b) => a - b);
console.log(`page statement: p50 ${t[N/2].toFixed(2)} p95 ${t[Math.floor(N*0.95)].toFixed(2)} ms`);
const ex = await pool.query("explain (analyze, buffers, timing) " + q.sql, q.params);
console.log(ex.rows.map((r: any) => r["QUERY PLAN"]).join("\n"));
await pool.end();

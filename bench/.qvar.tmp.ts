import pg from "pg";
import { PgDialect } from "drizzle-orm/pg-core";
import { searchStatements, planWalks } from "../lib/collation/queries";
const urls = process.argv[2]!.split(","); const word = process.argv[3] ?? "quillwort";
const variants: [number, number][] = [[2000, 600], [400, 200], [300, 150], [600, 250]];
const d = new PgDialect();
async function prep(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const c = (await pool.query(`select id from consultations where slug = 'bench-lsp-shaping-their-future'`)).rows[0];
  const qs = (await pool.query(`select q.id, q.type from questions q join sections s on s.id = q.section_id where q.consultation_id = $1 order by s.position, q.position`, [c.id])).rows;
  const open = qs.find((q: any) => q.type === "long_text");
  const st = searchStatements({ consultationId: c.id, questionId: open.id, query: word, filter: {} });
  const plan = d.sqlToQuery(st.plan);
  const walks = planWalks((await pool.query(plan.sql, plan.params)).rows);
  const q = d.sqlToQuery(st.page(walks));
  return { pool, q, walks };
}
const dbs = await Promise.all(urls.map(prep));
const stats: Record<string, number[]> = {};
for (let round = 0; round < 6; round++) {
  for (const [i, db] of dbs.entries()) for (const [w, r] of variants) {
    const s = db.q.sql.replace("> 2000", `> ${w}`).replace(", 600,", `, ${r},`);
    if (!s.includes(`> ${w}`)) throw new Error("no threshold");
    for (let k = 0; k < 5; k++) await db.pool.query(s, db.q.params);
    const t = [];
    for (let k = 0; k < 40; k++) { const t0 = performance.now(); await db.pool.query(s, db.q.params); t.push(performance.now() - t0); }
    (stats[`${urls[i]!.split("/").pop()} ${w}/${r}`] ??= []).push(...t);
  }
}
for (const [k, t] of Object.entries(stats)) { t.sort((a, b) => a - b); console.log(`${k.padEnd(22)} p50 ${t[Math.floor(t.length / 2)]!.toFixed(2)} p95 ${t[Math.floor(t.length * 0.95)]!.toFixed(2)} ms`); }
console.log("walks", dbs.map((d) => d.walks));
for (const db of dbs) await db.pool.end();

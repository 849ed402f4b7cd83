// Keyword-rule benchmark (issue 17): re-applying a question's keyword rules over 100,000
// answers, in Postgres over the answers' tsvector. Target: within 10 s. Beside it, a floor in the
// same database: one count of the answers matching a single word through the GIN index.
//
// Usage: DATABASE_URL=postgres://… npm run bench:themes-rules [-- --answers 100000]
// (makes and drops its own database). Prints figures; writes bench/results/themes-rules.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { questions } from "../db/schema";
import { applyKeywordRules, createTheme, setThemeRules } from "../lib/analysis/codeframe";
import { generatePlantedAnswers } from "../lib/analysis/planted";
import { odpmSetup } from "../lib/collation/testing";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { questionSetSchema } from "../lib/question-sets/schema";

const i = process.argv.indexOf("--answers");
const count = i >= 0 ? Number(process.argv[i + 1]) : 100_000;

const RULES: [string, string[], string[]][] = [
  ["Parking", ["parking charge", "car park", "parking fee", "free parking"], ["hospital"]],
  ["Buses", ["bus service", "bus route", "buses"], []],
  ["Housing", ["affordable housing", "affordable homes", "social housing", "starter homes"], ["executive"]],
  ["Green spaces", ["green spaces", "playing fields", "parks"], ["car park"]],
  ["Roads", ["potholes", "pot holes", "road surfaces"], []],
  ["Bins", ["bin collections", "recycling", "food waste"], []],
  ["Libraries", ["library", "libraries"], []],
  ["Youth", ["youth club", "youth services", "teenagers"], []],
  ["Flooding", ["flooding", "drains", "gullies"], []],
  ["Cycling", ["cycle lanes", "cycle paths", "footpaths"], []],
];

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a Postgres server (the benchmark makes its own database)");
  const s = await odpmSetup();
  const db = s.t.db;
  try {
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Keyword rule benchmark",
      kind: "questionnaire",
      chapters: [{ title: "Views", questions: [{ number: "1", type: "long_text", text: "What should the council change?" }] }],
    });
    const c = await createConsultationFromQuestionSet(db, set, { ownerOrganisationId: s.odpm.ownerOrganisationId, actorId: s.actors.officer.id, slug: "rules-bench" });
    await publishConsultation(db, c.id, s.actors.officer.id);
    const [{ id: questionId }] = await db.select({ id: questions.id }).from(questions).where(eq(questions.consultationId, c.id));
    const texts = generatePlantedAnswers({ count, seed: 42 }).map((a) => a.text);
    let t = performance.now();
    for (let from = 0; from < texts.length; from += 20_000) {
      const chunk = texts.slice(from, from + 20_000);
      await db.execute(sql`
        with t as (select x.text, x.n from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb) with ordinality as x(text, n)),
        o as (insert into organisations (name, type) select 'Bench partner ' || (${from}::int + n), 'voluntary_sector' from t returning id, name),
        r as (insert into responses (consultation_id, organisation_id, status, reference, revision, submitted_at)
              select ${c.id}::uuid, o.id, 'submitted', 'RB-' || o.name, 1, now() from o returning id, reference)
        insert into answers (response_id, question_id, value, value_text)
        select r.id, ${questionId}::uuid, to_jsonb(t.text), t.text from r join t on 'RB-Bench partner ' || (${from}::int + t.n) = r.reference`);
    }
    await db.execute(sql`analyze answers`);
    const loadSeconds = (performance.now() - t) / 1000;
    for (const [name, phrases, exclusions] of RULES) {
      const theme = await createTheme(db, { consultationId: c.id, questionId, name }, s.actors.officer);
      await setThemeRules(db, { themeId: theme.id, phrases, exclusions }, s.actors.officer);
    }
    t = performance.now();
    await db.execute(sql`select count(*) from answers where question_id = ${questionId} and search @@ to_tsquery('english', 'parking')`);
    const floorSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const first = await applyKeywordRules(db, { consultationId: c.id, questionId }, s.actors.officer);
    const firstSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const again = await applyKeywordRules(db, { consultationId: c.id, questionId }, s.actors.officer);
    const againSeconds = (performance.now() - t) / 1000;
    console.log(`${count} answers loaded in ${loadSeconds.toFixed(1)} s; ${RULES.length} themes with rules`);
    console.log(`floor (one word, GIN count): ${floorSeconds.toFixed(2)} s`);
    console.log(`first application: ${firstSeconds.toFixed(2)} s (added ${first.added} tags)  target 10 s`);
    console.log(`re-application:    ${againSeconds.toFixed(2)} s (added ${again.added}, removed ${again.removed})`);
    const out = path.join(import.meta.dirname, "results", "themes-rules.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), answers: count, floorSeconds, firstSeconds, againSeconds, added: first.added, ok: firstSeconds <= 10 && againSeconds <= 10 }, null, 2));
  } finally {
    await s.t.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The respondent journey while a theme-suggestion job runs (issue 17): in one process, the
// journey's latency without a job and with one running, in alternating phases of the same run.
// Target: p95 with the job within 1.2× of p95 without it.
//
//   journey  what the respond pages call, in process: a new member of the public opens the
//            consultation (getRespondContext), saves two answers (saveAnswers) and submits
//            (submitResponse), on the database at DATABASE_URL (a fresh one, dropped after) or an
//            in-memory PGlite. `--concurrency` journeys at a time.
//   job      the suggestion pipeline in its worker thread, exactly as the job worker runs it
//            (suggestThemesInWorker), over `--answers` planted answers, restarted whenever it
//            finishes so that it runs throughout the loaded phase.
//
// Phases rotate (no job, the job at nice 19 as it runs, the job at nice 0 for comparison) over
// `--rounds` rounds of `--seconds` each, so that drift in the host's load falls on every side. Usage: npx tsx bench/themes-load.ts [--answers 10000]
// [--seconds 10] [--rounds 3] [--concurrency 4]. Prints a table and writes
// bench/results/themes-load.json. Not part of npm test.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { consultations, users } from "../db/schema";
import { loadDemoContent } from "../db/seed/load";
import { createTestDb } from "../db/testing";
import { generatePlantedAnswers } from "../lib/analysis/planted";
import { suggestThemesInWorker } from "../lib/analysis/worker";
import { loadActor } from "../lib/auth/actor";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { updateAudienceSettings } from "../lib/public/commands";
import { questionSetSchema } from "../lib/question-sets/schema";
import { saveAnswers, submitResponse } from "../lib/responses/commands";
import { EMPTY_BASE, getRespondContext } from "../lib/responses/queries";
import { runFor, stats, type Stats } from "./harness";
import { answerText, rng } from "./text";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ANSWERS = arg("answers", 10_000);
const SECONDS = arg("seconds", 10);
const ROUNDS = arg("rounds", 3);
const CONCURRENCY = arg("concurrency", 4);

async function main() {
  const t = await createTestDb();
  try {
    await loadDemoContent(t.db, new Date(), { analysisDemo: false });
    const [officerRow] = await t.db.select().from(users).where(eq(users.email, "jane.fisher@council.example"));
    const officer = (await loadActor(t.db, officerRow!.id))!;
    const councilId = officer.memberships[0]!.organisationId;
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Bench: library opening hours",
      kind: "questionnaire",
      opensOn: "@-1d",
      closesOn: "@+10d",
      chapters: [{ title: "Your views", questions: [{ number: "1", type: "single_choice", text: "Do you use the library?", required: true, options: ["Yes", "No"] }, { number: "2", type: "long_text", text: "What should change?", required: false }] }],
    });
    const c = await createConsultationFromQuestionSet(t.db, set, { ownerOrganisationId: councilId, actorId: null, slug: `bench-load-${Date.now()}` });
    await publishConsultation(t.db, c.id, null);
    await updateAudienceSettings(t.db, { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "no" }, officer);
    const [row] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    const random = rng(17);
    let people = 0;

    async function journey(): Promise<number> {
      const started = performance.now();
      const [u] = await t.db.insert(users).values({ email: `bench${++people}-${Date.now()}@public.example`, name: "Bench Public" }).returning();
      const person = (await loadActor(t.db, u!.id))!;
      const ctx = await getRespondContext(t.db, { slug: row!.slug }, person);
      const key = { consultationId: ctx.consultation.id, organisationId: ctx.organisation.id, respondentUserId: ctx.respondentUserId };
      const q = ctx.questions;
      await saveAnswers(t.db, { ...key, answers: [{ questionId: q[0]!.id, value: "Yes", base: EMPTY_BASE }, { questionId: q[1]!.id, value: answerText(random, 300), base: EMPTY_BASE }] }, person);
      await submitResponse(t.db, { ...key, revision: 0, declaration: false }, person);
      return performance.now() - started;
    }

    const planted = generatePlantedAnswers({ count: ANSWERS, seed: 42 });
    // Warm up: the journey's code paths, and the worker's bundle (built once per process).
    await runFor(CONCURRENCY, 3000, async () => void (await journey()));
    await suggestThemesInWorker(planted.slice(0, 500), { seed: 1 });

    // Sides, in rotation each round: no job; the job as it runs (its thread at nice 19); and,
    // for comparison, the job at normal priority (nice 0), the way it ran before.
    const sides = [
      { name: "without a job", niceness: null as number | null, samples: [] as number[], runs: 0, seconds: 0 },
      { name: "with the job (nice 19)", niceness: 19, samples: [] as number[], runs: 0, seconds: 0 },
      { name: "with the job at nice 0", niceness: 0, samples: [] as number[], runs: 0, seconds: 0 },
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of sides) {
        const stop = new AbortController();
        const job =
          side.niceness === null
            ? Promise.resolve()
            : (async () => {
                while (!stop.signal.aborted) {
                  const t0 = performance.now();
                  try {
                    await suggestThemesInWorker(planted, { seed: 42 }, { signal: stop.signal, niceness: side.niceness! });
                    side.runs++;
                    side.seconds += (performance.now() - t0) / 1000;
                  } catch {
                    // Cancelled at the phase's end.
                  }
                }
              })();
        await runFor(CONCURRENCY, SECONDS * 1000, async () => void side.samples.push(await journey()));
        stop.abort();
        await job;
      }
    }
    const fmt = (s: Stats) => `n ${String(s.count).padStart(5)}  p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms`;
    const figures = sides.map((side) => ({ name: side.name, niceness: side.niceness, stats: stats(side.samples), jobRuns: side.runs, jobMeanSeconds: side.runs ? side.seconds / side.runs : null }));
    const b = figures[0]!.stats;
    console.log(`Respondent journey (open, save 2 answers, submit), ${CONCURRENCY} at a time, ${ROUNDS}×${SECONDS} s per side, ${t.driver}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}; job over ${ANSWERS.toLocaleString("en-GB")} answers`);
    for (const f of figures) {
      const r = f.stats.p95 / b.p95;
      console.log(`  ${f.name.padEnd(24)} ${fmt(f.stats)}  p95 ${r.toFixed(2)}×${f.niceness === null ? "" : `  (${f.jobRuns} job runs finished${f.jobMeanSeconds ? `, mean ${f.jobMeanSeconds.toFixed(1)} s` : ""})`}`);
    }
    const ratio = figures[1]!.stats.p95 / b.p95;
    console.log(`  target: p95 with the job ≤ 1.20× without: ${ratio <= 1.2 ? "met" : "NOT met"} (${ratio.toFixed(2)}×)`);
    mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
    writeFileSync(
      path.join(import.meta.dirname, "results", "themes-load.json"),
      JSON.stringify({ at: new Date().toISOString(), driver: t.driver, cpus: os.cpus().length, loadavg: os.loadavg(), answers: ANSWERS, seconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, sides: figures, ratioP95: ratio }, null, 2),
    );
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

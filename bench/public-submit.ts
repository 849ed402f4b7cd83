// Members of the public submitting (issue 18): the lib path a public submission takes (save the
// answers, save consent, submit: public reference, campaign grouping, receipt in the outbox) at
// concurrency 8 on Postgres, against a floor in the same run (the same rows written by plain
// statements, no rules). A third of the texts are variants of one campaign letter, so the
// campaign lookup does real work as the consultation fills up. Prints figures; asserts nothing
// but that rows equal acknowledgements.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/public-submit.ts [--duration 20] [--prefill 20000]
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { consultations, organisations, responses, users } from "../db/schema";
import { loadDemoContent } from "../db/seed/load";
import { createTestDb } from "../db/testing";
import { loadActor } from "../lib/auth/actor";
import { createConsultationFromQuestionSet, publishConsultation } from "../lib/consultations/commands";
import { saveResponseDetails, updateAudienceSettings } from "../lib/public/commands";
import { simhash64, textFingerprint } from "../lib/public/campaign";
import { questionSetSchema } from "../lib/question-sets/schema";
import { saveAnswers, submitResponse } from "../lib/responses/commands";
import { EMPTY_BASE, loadPublishedSnapshot } from "../lib/responses/queries";
import { commandLine, ms, runFor, stats, table } from "./harness";

const { value } = commandLine();
const durationMs = Number(value("duration", "20")) * 1000;
const prefill = Number(value("prefill", "20000"));
const CONCURRENCY = 8;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

const CAMPAIGN =
  "Please keep the library open on Saturdays and Sundays. Working families cannot visit during the week and the children's reading groups depend on weekend opening hours.";
const WORDS = "library hours evening morning council staff books children families computers study quiet space weekend week open close".split(" ");
/** A third are the campaign letter (two variants); the rest are 30 words drawn at random per person. */
const textFor = (i: number) => {
  if (i % 3 === 0) return `${CAMPAIGN} ${i % 2 ? "Thank you." : ""}`;
  let x = (i * 2654435761) >>> 0;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x);
  return Array.from({ length: 30 }, () => `${WORDS[next() % WORDS.length]}${next() % 50}`).join(" ");
};

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a Postgres server: the bench makes and drops its own database.");
  const t = await createTestDb();
  try {
    await loadDemoContent(t.db);
    const [council] = await t.db.select().from(organisations).where(eq(organisations.name, "Chorley Council"));
    const [officerRow] = await t.db.select().from(users).where(eq(users.email, "jane.fisher@council.example"));
    const officer = (await loadActor(t.db, officerRow!.id))!;
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Bench public",
      kind: "questionnaire",
      opensOn: "@-1d",
      closesOn: "@+10d",
      chapters: [{ title: "Only", questions: [{ number: "1", type: "single_choice", text: "Use it?", options: ["Yes", "No"], required: true }, { number: "2", type: "long_text", text: "Why?" }] }],
    });
    const c = await createConsultationFromQuestionSet(t.db, set, { ownerOrganisationId: council!.id, actorId: null, slug: "bench-public" });
    await publishConsultation(t.db, c.id, null);
    await updateAudienceSettings(t.db, { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "after_close" }, officer);
    const snap = (await loadPublishedSnapshot(t.db, c.id))!;
    const [q1, q2] = [snap.questions[0]!.id, snap.questions[1]!.id];
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, council!.id));

    // Earlier responses, so the campaign lookup runs against a filled consultation.
    const t0 = performance.now();
    await t.db.execute(sql`insert into users (email) select 'prefill-' || g || '@public.example' from generate_series(1, ${prefill}) g`);
    const prefillRows = [];
    for (let i = 0; i < prefill; i++) {
      const text = textFor(i + 1);
      prefillRows.push({ i: i + 1, fp: textFingerprint(text), sh: simhash64(text)?.toString() ?? null });
    }
    await t.db.execute(sql`insert into responses (consultation_id, organisation_id, respondent_user_id, status, reference, revision, submitted_at, text_fingerprint, text_simhash)
      select ${c.id}::uuid, ${pub!.id}::uuid, u.id, 'submitted', 'PRE-' || x.i, 1, now(), x.fp, x.sh::bigint
      from jsonb_to_recordset(${JSON.stringify(prefillRows)}::jsonb) as x(i int, fp text, sh text)
      join users u on u.email = 'prefill-' || x.i || '@public.example'`);
    // As autovacuum leaves a consultation's earlier responses (visible to every index-only read).
    await t.db.execute(sql`vacuum analyze responses`);
    console.log(`prefilled ${prefill} submitted responses in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const people: string[] = [];
    await t.db.execute(sql`insert into users (email) select 'bench-' || g || '@public.example' from generate_series(1, 20000) g`);
    for (const r of rowsOf<{ id: string }>(await t.db.execute(sql`select id from users where email like 'bench-%' order by email`))) people.push(r.id);

    // The lib path.
    let next = 0;
    let acks = 0;
    let errors = 0;
    const lat: number[] = [];
    const phases = { save: [] as number[], consent: [] as number[], submit: [] as number[] };
    const wall = await runFor(CONCURRENCY, durationMs, async () => {
      const i = next++;
      if (i >= people.length) return false;
      const actor = { id: people[i]!, name: null, email: `bench-${i}@public.example`, memberships: [] };
      const key = { consultationId: c.id, organisationId: pub!.id, respondentUserId: actor.id };
      const s = performance.now();
      try {
        let p0 = performance.now();
        await saveAnswers(t.db, { ...key, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }, { questionId: q2, value: textFor(prefill + i + 1), base: EMPTY_BASE }] }, actor);
        phases.save.push(performance.now() - p0);
        p0 = performance.now();
        await saveResponseDetails(t.db, { ...key, publishConsent: "anonymous" }, actor);
        phases.consent.push(performance.now() - p0);
        p0 = performance.now();
        await submitResponse(t.db, { ...key, revision: 0, declaration: false }, actor);
        phases.submit.push(performance.now() - p0);
        acks++;
      } catch (e) {
        errors++;
        if (errors < 3) console.error(e);
      }
      lat.push(performance.now() - s);
    });
    const [{ n }] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from responses where consultation_id = ${c.id} and status = 'submitted' and reference not like 'PRE-%'`));
    const [{ g, m }] = rowsOf<{ g: number; m: number }>(await t.db.execute(sql`select count(*)::int as g, coalesce(max(response_count), 0)::int as m from campaign_groups where consultation_id = ${c.id}`));

    // The floor: the same rows by plain statements, one transaction each, same concurrency.
    const floorIds = people.slice(next + 10);
    let fnext = 0;
    const flat: number[] = [];
    const fwall = await runFor(CONCURRENCY, durationMs, async () => {
      const i = fnext++;
      if (i >= floorIds.length) return false;
      const s = performance.now();
      await t.db.transaction(async (tx) => {
        const id = randomUUID();
        await tx.insert(responses).values({ id, consultationId: c.id, organisationId: pub!.id, respondentUserId: floorIds[i]!, status: "submitted", reference: `FLOOR-${i}`, revision: 1, submittedAt: new Date(), publishConsent: "anonymous" });
        await tx.execute(sql`insert into answers (response_id, question_id, value, value_text) values (${id}, ${q1}, '"Yes"', 'Yes'), (${id}, ${q2}, ${JSON.stringify(textFor(i))}::jsonb, ${textFor(i)})`);
      });
      flat.push(performance.now() - s);
    });

    const st = stats(lat);
    const fs = stats(flat);
    console.log(
      table(`Public submissions, concurrency ${CONCURRENCY}, ${prefill} earlier responses in the consultation (Postgres)`, [
        ["path", "submitted", "per minute", "p50 ms", "p95 ms", "errors"],
        ["lib: save + consent + submit", acks, Math.round((acks / wall) * 60000), ms(st.p50), ms(st.p95), errors],
        ["floor: plain inserts", flat.length, Math.round((flat.length / fwall) * 60000), ms(fs.p50), ms(fs.p95), 0],
      ]),
    );
    console.log(`  steps (p50 / p95 ms): ${Object.entries(phases).map(([k, v]) => `${k} ${ms(stats(v).p50)} / ${ms(stats(v).p95)}`).join(", ")}`);
    console.log(`rows submitted ${n} = acknowledgements ${acks}: ${n === acks ? "yes" : "NO"}; campaign groups ${g}, largest ${m} responses`);
    await t.db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, c.id));
  } finally {
    await t.close();
  }
}

await main();

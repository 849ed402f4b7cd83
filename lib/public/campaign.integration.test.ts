// Campaign grouping when it is decided in two steps (lib/public/campaign): the candidates are
// shortlisted before the consultation's grouping lock and re-checked under it. On a real
// database (PGlite, or Postgres with DATABASE_URL): the re-checked shortlist ranks exactly what
// measuring every response under the lock ranks, however the consultation changed in between;
// and near-identical letters sent at the same moment from parallel connections always end in
// one group with the right count.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { campaignGroups, consultations, organisations, responses, users } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { questionSetSchema } from "../question-sets/schema";
import { saveAnswers, submitResponse } from "../responses/commands";
import { EMPTY_BASE, getRespondContext, loadPublishedSnapshot } from "../responses/queries";
import { allCandidates, isNearIdentical, rankCandidates, shortlistCandidates, simhash64, textFingerprint, type Probe } from "./campaign";
import { saveResponseDetails, updateAudienceSettings } from "./commands";

let t: TestDb;
let councilId: string;
let publicOrgId: string;
let officer: Actor;

const LETTER =
  "Please keep the library open on Saturdays and Sundays. Working families cannot visit during the week and the children's reading groups depend on weekend opening hours.";
/** Variants of the letter as people send them: signed, shouted, a word changed. Any two are near-identical. */
const variant = (i: number) =>
  [
    LETTER,
    `${LETTER} Yours, Sam ${i}`,
    LETTER.toUpperCase(),
    `${LETTER.replace("Working families", "Working parents")}`,
    `${LETTER} Thank you.`,
    `${LETTER.replace(/\./g, "!")} From ${i}`,
    `Dear council, ${LETTER}`,
    `${LETTER} Regards`,
  ][i % 8]!;

let made = 0;
async function publicConsultation() {
  const parsed = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: `Campaign race ${++made}`,
    kind: "questionnaire",
    opensOn: "@-1d",
    closesOn: "@+10d",
    chapters: [{ title: "Only", questions: [{ number: "1", type: "single_choice", text: "Use it?", options: ["Yes", "No"], required: true }, { number: "2", type: "long_text", text: "Why?" }] }],
  });
  const c = await createConsultationFromQuestionSet(t.db, parsed, { ownerOrganisationId: councilId, actorId: null, slug: `campaign-race-${made}` });
  await publishConsultation(t.db, c.id, null);
  await updateAudienceSettings(t.db, { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "no" }, officer);
  const [row] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
  const snap = (await loadPublishedSnapshot(t.db, c.id))!;
  return { c: row!, q1: snap.questions[0]!.id, q2: snap.questions[1]!.id };
}

let people = 0;
async function newPerson(): Promise<Actor> {
  const [u] = await t.db.insert(users).values({ email: `racer${++people}-${Date.now()}@public.example`, name: `Racer ${people}` }).returning();
  return (await loadActor(t.db, u!.id))!;
}

/** Answers saved and consent given, ready to submit. */
async function readyToSubmit(slug: string, text: string) {
  const person = await newPerson();
  const ctx = await getRespondContext(t.db, { slug }, person);
  const key = { consultationId: ctx.consultation.id, organisationId: ctx.organisation.id, respondentUserId: person.id };
  const q = ctx.questions;
  await saveAnswers(t.db, { ...key, answers: [{ questionId: q[0]!.id, value: "Yes", base: EMPTY_BASE }, { questionId: q[1]!.id, value: text, base: EMPTY_BASE }] }, person);
  await saveResponseDetails(t.db, { ...key, publishConsent: "anonymous" }, person);
  return (db: Db) => submitResponse(db, { ...key, revision: 0, declaration: false }, person);
}

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  const [council] = await t.db.select().from(organisations).where(eq(organisations.name, "Chorley Council"));
  councilId = council!.id;
  const [u] = await t.db.select().from(users).where(eq(users.email, "jane.fisher@council.example"));
  officer = (await loadActor(t.db, u!.id))!;
  await publicConsultation(); // makes the council's "Members of the public"
  const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
  publicOrgId = pub!.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 2 ** 32);
}

describe("the shortlist taken before the lock", () => {
  it("ranks the same candidates as measuring every response under the lock, whatever changed in between", async () => {
    const { c } = await publicConsultation();
    // Earlier responses: copies of the letter not in any group, variants in one group, unrelated
    // texts; submission times with ties. Each class is more than the shortlist keeps.
    const [group] = await t.db.insert(campaignGroups).values({ consultationId: c.id, responseCount: 0 }).returning();
    const texts: { text: string; grouped: boolean }[] = [];
    for (let i = 0; i < 70; i++) texts.push({ text: variant(i), grouped: false });
    for (let i = 0; i < 70; i++) texts.push({ text: `${variant(i)} Signed ${i}`, grouped: true });
    for (let i = 0; i < 60; i++) texts.push({ text: `Unrelated remarks number ${i} about parking, bins, street lighting and the state of the ${i}th road surface`, grouped: false });
    let n = 0;
    const insertResponses = async (rows: { text: string; grouped: boolean }[], stamped: boolean) => {
      const values = [];
      for (const r of rows) {
        const [u] = await t.db.insert(users).values({ email: `shortlist${++n}-${Date.now()}@public.example` }).returning();
        values.push({
          consultationId: c.id,
          organisationId: publicOrgId,
          respondentUserId: u!.id,
          status: "submitted" as const,
          reference: `SL-${c.id.slice(0, 8)}-${n}`,
          revision: 1,
          submittedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, n % 7)),
          textFingerprint: textFingerprint(r.text),
          textSimhash: simhash64(r.text),
          campaignGroupId: r.grouped ? group!.id : null,
          campaignXid: stamped ? sql`pg_current_xact_id()` : null,
        });
      }
      return t.db.insert(responses).values(values).returning({ id: responses.id });
    };
    const earlier = await insertResponses(texts, false);
    const [me] = await insertResponses([{ text: variant(1), grouped: false }], false);
    const probe: Probe = { responseId: me!.id, consultationId: c.id, fingerprint: textFingerprint(variant(1))!, simhash: simhash64(variant(1))! };

    const next = random(18);
    const pick = (k: number) => Array.from({ length: k }, () => earlier[Math.floor(next() * earlier.length)]!.id);
    let merged = 0;
    const stamp = sql`pg_current_xact_id()`;
    for (let round = 0; round < 16; round++) {
      // From round 8 the group is small, so the first candidates include some in no group.
      if (round === 8) {
        const grouped = await t.db.select({ id: responses.id }).from(responses).where(eq(responses.campaignGroupId, group!.id));
        for (const r of grouped.slice(5)) await t.db.update(responses).set({ campaignGroupId: null, campaignXid: stamp }).where(eq(responses.id, r.id));
      }
      const list = await shortlistCandidates(t.db, probe);
      // Every fourth round, most of the shortlist's first candidates leave: the shortlist cannot
      // tell what comes next, so the consultation is measured again.
      if (round % 4 === 3) {
        for (const x of round < 8 ? list.grouped.slice(0, 35) : list.ungrouped.slice(0, 35)) {
          const set = round < 8 ? { campaignGroupId: null } : { textFingerprint: "f".repeat(64), textSimhash: -1n };
          await t.db.update(responses).set({ ...set, campaignXid: stamp }).where(eq(responses.id, x.id));
        }
      }
      // What other submitters do before this one takes the lock (each stamps what it writes),
      // and what submitting again does to a response (a later time, unstamped).
      const changes = 1 + (round % 4) * 3;
      for (let k = 0; k < changes; k++) {
        const what = next();
        const [id] = pick(1);
        if (what < 0.35 && round < 8) await t.db.update(responses).set({ campaignGroupId: group!.id, campaignXid: sql`pg_current_xact_id()` }).where(eq(responses.id, id!));
        else if (what < 0.6) await t.db.update(responses).set({ campaignGroupId: null, campaignXid: sql`pg_current_xact_id()` }).where(eq(responses.id, id!));
        else if (what < 0.75) await insertResponses([{ text: variant(Math.floor(next() * 8)), grouped: next() < 0.5 }], true);
        else if (what < 0.85) await t.db.update(responses).set({ submittedAt: sql`${responses.submittedAt} + interval '1 hour'` }).where(eq(responses.id, id!));
        else await t.db.update(responses).set({ textFingerprint: "0".repeat(64), textSimhash: 0n, campaignXid: sql`pg_current_xact_id()` }).where(eq(responses.id, id!));
      }
      await t.db.transaction(async (tx) => {
        const ranked = await rankCandidates(tx, probe, list);
        const everything = await allCandidates(tx, probe);
        expect(ranked.candidates.map((x) => x.id)).toEqual(everything.map((x) => x.id));
        expect(ranked.candidates).toEqual(everything);
        expect(ranked.measuredAgain, `round ${round}`).toBe(round % 4 === 3);
        if (!ranked.measuredAgain) merged++;
      });
    }
    // The other rounds were answered from the shortlist alone.
    expect(merged).toBe(12);
  }, 120_000);
});

describe("near-identical letters sent at the same moment", () => {
  it("always end in one group with the right count (parallel connections on Postgres)", async () => {
    for (let i = 0; i < 8; i++) for (let j = 0; j < i; j++) expect(isNearIdentical(variant(i), variant(j))).toBe(true);
    const pools: { db: Db; close: () => Promise<void> }[] = t.url ? await Promise.all(Array.from({ length: 8 }, () => openPg(t.url!, 1))) : [];
    const dbs = pools.length ? pools.map((p) => p.db) : Array.from({ length: 8 }, () => t.db);
    try {
      for (let trial = 0; trial < 10; trial++) {
        const { c } = await publicConsultation();
        // Unrelated earlier responses; in odd trials also the letter itself, sent earlier and in no group yet.
        await (await readyToSubmit(c.slug, "I would rather the library opened later in the evening on weekdays after work please"))(t.db);
        const seeded = trial % 2 === 1;
        if (seeded) await (await readyToSubmit(c.slug, LETTER))(t.db);
        const submits = [];
        for (let i = 0; i < 8; i++) submits.push(await readyToSubmit(c.slug, variant(i + trial)));
        const results = await Promise.allSettled(submits.map((submit, i) => submit(dbs[i]!)));
        expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
        const groups = await t.db.select().from(campaignGroups).where(eq(campaignGroups.consultationId, c.id));
        const rows = await t.db.select().from(responses).where(eq(responses.consultationId, c.id));
        const expected = seeded ? 9 : 8;
        expect(groups, `trial ${trial}`).toHaveLength(1);
        expect(groups[0]!.responseCount, `trial ${trial}`).toBe(expected);
        expect(rows.filter((r) => r.campaignGroupId === groups[0]!.id), `trial ${trial}`).toHaveLength(expected);
        expect(rows.filter((r) => r.campaignGroupId === null)).toHaveLength(1); // the unrelated one
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 300_000);
});

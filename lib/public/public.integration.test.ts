// Members of the public responding, on a real database (PGlite, or Postgres with DATABASE_URL):
// the officer's settings, a person's own response through the same save and submit as
// partners', consent when the consultation publishes, one response per person under a real
// race, campaign groups, starting without signing in, and the denials.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerModerations, auditLog, campaignGroups, consultations, memberships, organisations, outbox, responses, users } from "../../db/schema";
import { grantRole } from "../admin/commands";
import { mergeOrganisations, renameOrganisation } from "../admin/organisations";
import { createOrganisationSchema } from "../admin/schemas";
import { openPg, type Db } from "../../db/client";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { questionSetSchema, type QuestionSetInput } from "../question-sets/schema";
import { saveAnswers, submitResponse } from "../responses/commands";
import { EMPTY_BASE, getRespondContext, getResponseForActor, loadPublishedSnapshot } from "../responses/queries";
import { getCampaignGroup, listCampaignGroups, listCampaignResponses, setCampaignLabel } from "./campaigns";
import { actorForReturnToken, allowPublicStart, saveResponseDetails, startWithoutSignIn, updateAudienceSettings } from "./commands";
import { decideModeration, listModerationQueue } from "./moderation";
import { syncModerationQueue } from "./moderation-queue";
import { listPublishedResponses } from "./publication";

let t: TestDb;
let councilId: string;
let policeId: string;
let officer: Actor;
let partner: Actor;

async function actorByEmail(email: string) {
  const [u] = await t.db.select().from(users).where(eq(users.email, email));
  return (await loadActor(t.db, u!.id))!;
}

let people = 0;
/** A new member of the public: a person with no memberships. */
async function newPerson(name = "Pat Public"): Promise<Actor> {
  const [u] = await t.db.insert(users).values({ email: `person${++people}-${Date.now()}@public.example`, name }).returning();
  return (await loadActor(t.db, u!.id))!;
}

const SET: Omit<QuestionSetInput, "format" | "formatVersion"> = {
  title: "Library opening hours",
  kind: "questionnaire",
  opensOn: "@-1d",
  closesOn: "@+10d",
  chapters: [
    {
      title: "Your views",
      questions: [
        { number: "1", type: "single_choice", text: "Do you use the library?", required: true, options: ["Yes", "No"] },
        { number: "2", type: "long_text", text: "What should change?", required: false },
      ],
    },
  ],
};

let made = 0;
async function publicConsultation(settings: Partial<{ audience: "partners" | "public" | "both"; allowUnauthenticated: boolean; publishResponses: "no" | "while_open" | "after_close" }> = {}) {
  const slug = `public-${++made}`;
  const parsed = questionSetSchema.parse({ format: "council-consult/question-set", formatVersion: 1, ...SET, title: `${SET.title} ${made}` });
  const c = await createConsultationFromQuestionSet(t.db, parsed, { ownerOrganisationId: councilId, actorId: null, slug });
  await publishConsultation(t.db, c.id, null);
  await updateAudienceSettings(
    t.db,
    { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "no", ...settings },
    officer,
  );
  const snap = (await loadPublishedSnapshot(t.db, c.id))!;
  const [row] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
  return { c: row!, q1: snap.questions[0]!.id, q2: snap.questions[1]!.id };
}

/** A member of the public answers and submits, as the respond pages do. */
async function respond(person: Actor, slug: string, text: string, consent?: "named" | "anonymous" | "none") {
  const ctx = await getRespondContext(t.db, { slug }, person);
  const key = { consultationId: ctx.consultation.id, organisationId: ctx.organisation.id, respondentUserId: ctx.respondentUserId };
  const q = ctx.questions;
  await saveAnswers(t.db, { ...key, answers: [{ questionId: q[0]!.id, value: "Yes", base: EMPTY_BASE }, { questionId: q[1]!.id, value: text, base: EMPTY_BASE }] }, person);
  if (consent) await saveResponseDetails(t.db, { ...key, publishConsent: consent, publishedName: consent === "named" ? person.name : null }, person);
  return submitResponse(t.db, { ...key, revision: 0, declaration: false }, person);
}

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  const orgs = await t.db.select().from(organisations);
  councilId = orgs.find((o) => o.name === "Chorley Council")!.id;
  officer = await actorByEmail("jane.fisher@council.example");
  partner = await actorByEmail("sarah.lee@police.example");
  policeId = partner.memberships.find((m) => m.role === "partner")!.organisationId;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("the officer's audience and publishing settings", () => {
  it("lets only the council's officers choose, and refuses responding without signing in for partners only", async () => {
    const { c } = await publicConsultation();
    const settings = { consultationId: c.id, audience: "both" as const, allowUnauthenticated: true, publishResponses: "after_close" as const };
    await expect(updateAudienceSettings(t.db, settings, partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateAudienceSettings(t.db, settings, await newPerson())).rejects.toBeInstanceOf(ForbiddenError);
    const refused = updateAudienceSettings(t.db, { ...settings, audience: "partners" }, officer);
    await expect(refused).rejects.toBeInstanceOf(InvalidError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: { allowUnauthenticated: expect.stringMatching(/members of the public/) } });
    await updateAudienceSettings(t.db, settings, officer);
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(after).toMatchObject({ audience: "both", allowUnauthenticated: true, publishResponses: "after_close" });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.consultationId, c.id), eq(auditLog.action, "consultation.update")));
    expect(audits.at(-1)!.after).toMatchObject({ audience: "both" });
    // The council's "Members of the public" is there, with no members.
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
    expect(pub).toMatchObject({ type: "public", name: "Members of the public (Chorley Council)" });
  });
});

describe("a member of the public responds", () => {
  it("answers as themselves, gets a receipt with the public reference and the privacy notice", async () => {
    const { c } = await publicConsultation();
    await t.db.update(consultations).set({ privacyNotice: "We use your answers only for this consultation." }).where(eq(consultations.id, c.id));
    const person = await newPerson("Alex Resident");
    const ctx = await getRespondContext(t.db, { slug: c.slug }, person);
    expect(ctx.respondentUserId).toBe(person.id);
    expect(ctx.organisation.name).toBe("Members of the public (Chorley Council)");
    const result = await respond(person, c.slug, "Open on Sundays please");
    expect(result.duplicate).toBe(false);
    const [r] = await t.db.select().from(responses).where(eq(responses.id, result.responseId));
    expect(r).toMatchObject({ status: "submitted", respondentUserId: person.id, publishConsent: null });
    expect(r!.publicReference).toMatch(/^PUB-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(r!.publicReference).not.toBe(r!.reference);
    const [mail] = await t.db.select().from(outbox).where(and(eq(outbox.to, person.email), eq(outbox.kind, "receipt")));
    expect(mail!.text).toContain(`Your response to "${c.title}" has been received.`);
    expect(mail!.text).toContain(`Public reference: ${r!.publicReference}`);
    expect(mail!.text).toContain("We use your answers only for this consultation.");
  });

  it("requires the consent question when the consultation publishes responses, and keeps the name only for 'named'", async () => {
    const { c, q1 } = await publicConsultation({ publishResponses: "after_close" });
    const person = await newPerson("Sam Named");
    const ctx = await getRespondContext(t.db, { slug: c.slug }, person);
    const key = { consultationId: c.id, organisationId: ctx.organisation.id, respondentUserId: person.id };
    await saveAnswers(t.db, { ...key, answers: [{ questionId: q1, value: "No", base: EMPTY_BASE }] }, person);
    const submit = submitResponse(t.db, { ...key, revision: 0, declaration: false }, person);
    await expect(submit).rejects.toBeInstanceOf(InvalidError);
    await expect(submit).rejects.toMatchObject({ fieldErrors: { publishConsent: expect.any(String) } });
    await expect(saveResponseDetails(t.db, { ...key, publishConsent: "named", publishedName: "" }, person)).rejects.toMatchObject({
      fieldErrors: { publishedName: "Enter the name to publish with your response" },
    });
    await expect(saveResponseDetails(t.db, { ...key, publishConsent: "named", aboutYouFields: { "about-ageBand": "old" } }, person)).rejects.toMatchObject({
      fieldErrors: { "about-ageBand": expect.any(String) },
    });
    await saveResponseDetails(
      t.db,
      { ...key, publishConsent: "named", publishedName: "Sam Named", notifyOutcome: true, aboutYouFields: { "about-ageBand": "prefer_not_to_say" } },
      person,
    );
    const done = await submitResponse(t.db, { ...key, revision: 0, declaration: false }, person);
    const [r] = await t.db.select().from(responses).where(eq(responses.id, done.responseId));
    expect(r).toMatchObject({ publishConsent: "named", publishedName: "Sam Named", notifyOutcome: true, aboutYou: { ageBand: "prefer_not_to_say" } });
    // The audit log records the choice, never the name or the about-you answers.
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, r!.id), eq(auditLog.action, "response.details")));
    expect(JSON.stringify(audit)).not.toContain("Sam Named");
    expect(JSON.stringify(audit)).not.toContain("prefer_not_to_say");
  });

  it("asks an organisation's response for consent too, publishing under the organisation's name", async () => {
    const { c, q1 } = await publicConsultation({ audience: "both", publishResponses: "while_open" });
    const ctx = await getRespondContext(t.db, { slug: c.slug }, partner);
    expect(ctx.respondentUserId).toBeNull();
    expect(ctx.organisation.id).toBe(policeId);
    const key = { consultationId: c.id, organisationId: policeId };
    await saveAnswers(t.db, { ...key, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }] }, partner);
    await expect(submitResponse(t.db, { ...key, revision: 0, declaration: true }, partner)).rejects.toMatchObject({ fieldErrors: { publishConsent: expect.any(String) } });
    await saveResponseDetails(t.db, { ...key, publishConsent: "named", publishedName: "Not kept" }, partner);
    await submitResponse(t.db, { ...key, revision: 0, declaration: true }, partner);
    const [r] = await t.db.select().from(responses).where(and(eq(responses.consultationId, c.id), eq(responses.organisationId, policeId)));
    expect(r).toMatchObject({ publishConsent: "named", publishedName: null, respondentUserId: null, publicReference: expect.stringMatching(/^PUB-/) });
    // Listed on the public pages under the organisation's name, by its public reference only.
    const listed = await listPublishedResponses(t.db, { consultationId: c.id });
    const [police] = await t.db.select().from(organisations).where(eq(organisations.id, policeId));
    expect(listed.items.map((i) => [i.publicReference, i.name])).toEqual([[r!.publicReference, police!.name]]);
    expect(listed.items[0]!.answers.map((a) => a.answer)).toEqual(["Yes"]);
  });

  it("gives a partner's submitted response a public reference when it consents after submitting, and keeps it", async () => {
    const { c, q1 } = await publicConsultation({ audience: "both", publishResponses: "while_open" });
    const key = { consultationId: c.id, organisationId: policeId };
    await saveAnswers(t.db, { ...key, answers: [{ questionId: q1, value: "No", base: EMPTY_BASE }] }, partner);
    await saveResponseDetails(t.db, { ...key, publishConsent: "none" }, partner);
    await submitResponse(t.db, { ...key, revision: 0, declaration: true }, partner);
    const whose = and(eq(responses.consultationId, c.id), eq(responses.organisationId, policeId));
    expect((await t.db.select().from(responses).where(whose))[0]!.publicReference).toBeNull();
    expect((await listPublishedResponses(t.db, { consultationId: c.id })).items).toEqual([]);
    await saveResponseDetails(t.db, { ...key, publishConsent: "anonymous" }, partner);
    const [given] = await t.db.select().from(responses).where(whose);
    expect(given!.publicReference).toMatch(/^PUB-/);
    expect((await listPublishedResponses(t.db, { consultationId: c.id })).items.map((i) => [i.publicReference, i.name])).toEqual([[given!.publicReference, "Anonymous"]]);
    await saveResponseDetails(t.db, { ...key, publishConsent: "none" }, partner);
    expect((await listPublishedResponses(t.db, { consultationId: c.id })).items).toEqual([]);
    await saveResponseDetails(t.db, { ...key, publishConsent: "named" }, partner);
    expect((await t.db.select().from(responses).where(whose))[0]!.publicReference).toBe(given!.publicReference);
  });
});

describe("the moderation queue follows the submissions, with no officer visit", () => {
  /** The queue rows of a consultation as stored (read directly: listing the queue writes nothing). */
  const rowsOf = async (consultationId: string) =>
    (await t.db.select().from(answerModerations).where(eq(answerModerations.consultationId, consultationId))).map((m) => ({
      responseId: m.responseId,
      state: m.state,
      text: m.moderatedText,
    }));

  it("queues a consenting response's free text when it is submitted, never an unconsented one, and reading the queue writes nothing", async () => {
    const { c } = await publicConsultation({ publishResponses: "while_open" });
    const yes = await respond(await newPerson("Nia Consents"), c.slug, "Open the library on Sundays", "anonymous");
    const no = await respond(await newPerson("Olu Refuses"), c.slug, "SECRET do not publish", "none");
    expect(await rowsOf(c.id)).toEqual([{ responseId: yes.responseId, state: "pending", text: "Open the library on Sundays" }]);
    expect((await rowsOf(c.id)).some((r) => r.responseId === no.responseId)).toBe(false);
    // The officer's queue shows it; opening it (twice) changes no row.
    const before = await t.db.select().from(answerModerations).where(eq(answerModerations.consultationId, c.id));
    const queue = await listModerationQueue(t.db, { consultationId: c.id, state: "all" }, officer);
    await listModerationQueue(t.db, { consultationId: c.id, state: "pending" }, officer);
    expect(queue.items.map((i) => i.responseId)).toEqual([yes.responseId]);
    expect(await t.db.select().from(answerModerations).where(eq(answerModerations.consultationId, c.id))).toEqual(before);
  });

  it("puts an approved answer back to pending when its author edits it, and follows consent withdrawn and given again", async () => {
    const { c, q2 } = await publicConsultation({ publishResponses: "while_open" });
    await t.db.update(consultations).set({ allowAmendments: true }).where(eq(consultations.id, c.id));
    const person = await newPerson("Pip Amends");
    const done = await respond(person, c.slug, "Later evenings please", "named");
    const [item] = (await listModerationQueue(t.db, { consultationId: c.id, state: "pending" }, officer)).items;
    await decideModeration(t.db, { consultationId: c.id, responseId: done.responseId, questionId: q2, baseVersion: item!.version, decision: "approve", withheldReason: "" }, officer);
    expect(await rowsOf(c.id)).toEqual([{ responseId: done.responseId, state: "approved", text: "Later evenings please" }]);

    const ctx = await getRespondContext(t.db, { slug: c.slug }, person);
    const key = { consultationId: c.id, organisationId: ctx.organisation.id, respondentUserId: person.id };
    // statesAnswers: applied against what is stored (as the API does), so no base is needed.
    await saveAnswers(t.db, { ...key, answers: [{ questionId: q2, value: "Later evenings and Sundays please" }], statesAnswers: true }, person);
    expect(await rowsOf(c.id)).toEqual([{ responseId: done.responseId, state: "pending", text: "Later evenings and Sundays please" }]);

    // Consent withdrawn: out of the queue. Given again: back, pending.
    await saveResponseDetails(t.db, { ...key, publishConsent: "none" }, person);
    expect(await rowsOf(c.id)).toEqual([]);
    await saveResponseDetails(t.db, { ...key, publishConsent: "anonymous" }, person);
    expect(await rowsOf(c.id)).toEqual([{ responseId: done.responseId, state: "pending", text: "Later evenings and Sundays please" }]);
    // An answer cleared leaves the queue.
    await saveAnswers(t.db, { ...key, answers: [{ questionId: q2, value: "" }], statesAnswers: true }, person);
    expect(await rowsOf(c.id)).toEqual([]);
  });

  it("queues the consenting responses already there when the officer turns publishing on again", async () => {
    const { c } = await publicConsultation({ publishResponses: "while_open" });
    const yes = await respond(await newPerson("Quinn Early"), c.slug, "Keep the mobile library", "named");
    // As a database from before submissions queued their answers: the row is missing.
    await t.db.delete(answerModerations).where(eq(answerModerations.consultationId, c.id));
    await updateAudienceSettings(t.db, { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "no" }, officer);
    expect(await rowsOf(c.id)).toEqual([]);
    await updateAudienceSettings(t.db, { consultationId: c.id, audience: "public", allowUnauthenticated: false, publishResponses: "after_close" }, officer);
    expect(await rowsOf(c.id)).toEqual([{ responseId: yes.responseId, state: "pending", text: "Keep the mobile library" }]);
  });

  it("makes one row per answer however submissions, double posts and repairs race (parallel connections on Postgres)", async () => {
    const pools: { db: Db; close: () => Promise<void> }[] = t.url ? await Promise.all([1, 2, 3].map(() => openPg(t.url!, 2))) : [];
    const dbs = pools.length ? pools.map((p) => p.db) : [t.db, t.db, t.db];
    try {
      const { c, q1, q2 } = await publicConsultation({ publishResponses: "while_open" });
      const trials = t.url ? 20 : 4;
      for (let trial = 0; trial < trials; trial++) {
        const person = await newPerson(`Racer ${trial}`);
        const ctx = await getRespondContext(t.db, { slug: c.slug }, person);
        const key = { consultationId: c.id, organisationId: ctx.organisation.id, respondentUserId: person.id };
        await saveAnswers(t.db, { ...key, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }, { questionId: q2, value: `Answer ${trial}`, base: EMPTY_BASE }] }, person);
        await saveResponseDetails(t.db, { ...key, publishConsent: "anonymous" }, person);
        // The same page posted twice from two servers, while a third runs the repair.
        const results = await Promise.allSettled([
          submitResponse(dbs[0]!, { ...key, revision: 0, declaration: false }, person),
          submitResponse(dbs[1]!, { ...key, revision: 0, declaration: false }, person),
          syncModerationQueue(dbs[2]!, c.id),
        ]);
        expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
        const [response] = await t.db.select().from(responses).where(and(eq(responses.consultationId, c.id), eq(responses.respondentUserId, person.id)));
        const rows = await t.db.select().from(answerModerations).where(eq(answerModerations.responseId, response!.id));
        expect(rows.map((r) => [r.questionId, r.state, r.moderatedText])).toEqual([[q2, "pending", `Answer ${trial}`]]);
      }
      expect((await rowsOf(c.id)).length).toBe(trials);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 120_000);
});

describe("denials", () => {
  it("keeps a member of the public out of consultations for invited organisations only", async () => {
    const { c, q1 } = await publicConsultation({ audience: "partners" });
    const person = await newPerson();
    await expect(getRespondContext(t.db, { slug: c.slug }, person)).rejects.toBeInstanceOf(ForbiddenError);
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
    const save = saveAnswers(t.db, { consultationId: c.id, organisationId: pub!.id, respondentUserId: person.id, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }] }, person);
    await expect(save).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveAnswers(t.db, { consultationId: c.id, organisationId: policeId, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }] }, person)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.select().from(responses).where(eq(responses.consultationId, c.id))).toHaveLength(0);
  });

  it("never lets one person read or change another's response, nor a partner answer a public-only consultation for their organisation", async () => {
    const { c, q1 } = await publicConsultation();
    const alice = await newPerson("Alice");
    const bob = await newPerson("Bob");
    const done = await respond(alice, c.slug, "Alice's own words");
    await expect(getResponseForActor(t.db, done.responseId, bob)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getResponseForActor(t.db, done.responseId, partner)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getResponseForActor(t.db, done.responseId, alice)).id).toBe(done.responseId);
    expect((await getResponseForActor(t.db, done.responseId, officer)).id).toBe(done.responseId);
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
    // Bob naming Alice as the respondent is refused, whatever organisation he names.
    const asAlice = saveAnswers(t.db, { consultationId: c.id, organisationId: pub!.id, respondentUserId: alice.id, answers: [{ questionId: q1, value: "No", base: EMPTY_BASE }] }, bob);
    await expect(asAlice).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveResponseDetails(t.db, { consultationId: c.id, organisationId: pub!.id, respondentUserId: alice.id, publishConsent: "none" }, bob)).rejects.toBeInstanceOf(ForbiddenError);
    // Bob's context is his own, empty response.
    const bobs = await getRespondContext(t.db, { slug: c.slug }, bob);
    expect(bobs.response).toBeNull();
    // A partner answers a public-only consultation as themselves, never for the police.
    await expect(saveAnswers(t.db, { consultationId: c.id, organisationId: policeId, answers: [{ questionId: q1, value: "No", base: EMPTY_BASE }] }, partner)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getRespondContext(t.db, { slug: c.slug }, partner)).respondentUserId).toBe(partner.id);
  });
});

describe("the council's Members of the public", () => {
  it("can be given no members, nor be renamed or merged, by an administrator", async () => {
    const admin = await actorByEmail("ravi.shah@council.example");
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
    const person = await newPerson();
    await expect(grantRole(t.db, { userId: person.id, organisationId: pub!.id, role: "partner" }, admin)).rejects.toBeInstanceOf(InvalidError);
    await expect(renameOrganisation(t.db, { organisationId: pub!.id, name: "Renamed", type: "other" }, admin)).rejects.toBeInstanceOf(InvalidError);
    await expect(mergeOrganisations(t.db, { organisationId: pub!.id, intoId: policeId }, admin)).rejects.toBeInstanceOf(InvalidError);
    expect(createOrganisationSchema.safeParse({ name: "Another public", type: "public" }).success).toBe(false);
    expect(await t.db.select().from(memberships).where(eq(memberships.organisationId, pub!.id))).toHaveLength(0);
  });
});

describe("one response per person", () => {
  it("makes one response however many first saves race (parallel connections on Postgres)", async () => {
    const pools: { db: Db; close: () => Promise<void> }[] = t.url ? await Promise.all([1, 2, 3, 4].map(() => openPg(t.url!, 2))) : [];
    const dbs = pools.length ? pools.map((p) => p.db) : [t.db, t.db, t.db, t.db];
    try {
      const { c, q1 } = await publicConsultation();
      const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
      const trials = t.url ? 25 : 5;
      for (let trial = 0; trial < trials; trial++) {
        const person = await newPerson();
        const results = await Promise.allSettled(
          dbs.flatMap((db, i) =>
            [0, 1].map((k) =>
              saveAnswers(db, { consultationId: c.id, organisationId: pub!.id, respondentUserId: person.id, answers: [{ questionId: q1, value: (i + k) % 2 ? "Yes" : "No", base: EMPTY_BASE }] }, person),
            ),
          ),
        );
        expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
        const rows = await t.db.select().from(responses).where(and(eq(responses.consultationId, c.id), eq(responses.respondentUserId, person.id)));
        expect(rows).toHaveLength(1);
        // One save wrote; the others, from the same empty page, met its answer (kept, never overwritten silently).
        const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ responseId: string | null }>).value.responseId));
        expect([...ids]).toEqual([rows[0]!.id]);
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 120_000);

  it("refuses a second response for the same person at the database, whatever the code does", async () => {
    const { c } = await publicConsultation();
    const person = await newPerson();
    const [pub] = await t.db.select().from(organisations).where(eq(organisations.publicOfOrganisationId, councilId));
    const row = { consultationId: c.id, organisationId: pub!.id, respondentUserId: person.id };
    await t.db.insert(responses).values(row);
    await expect(t.db.insert(responses).values(row)).rejects.toThrow();
    // Many people share the public organisation: another person's response is fine.
    const other = await newPerson();
    await t.db.insert(responses).values({ ...row, respondentUserId: other.id });
  });
});

describe("campaigns", () => {
  it("groups near-identical responses with a count, keeps them all, and leaves different ones alone", async () => {
    const { c } = await publicConsultation();
    const template =
      "Please keep the library open on Saturdays and Sundays. Working families cannot visit during the week and the children's reading groups depend on weekend opening hours.";
    const sent = [
      template,
      template.toUpperCase(),
      `${template} Thank you, Chris`,
      template.replace("Working families", "Working parents"),
      "I would rather the library opened later in the evening on weekdays; the weekend matters less to me than being able to visit after work.",
      "Fine as it is",
    ];
    const results: Awaited<ReturnType<typeof respond>>[] = [];
    for (const text of sent) results.push(await respond(await newPerson(), c.slug, text));
    const rows = await t.db.select().from(responses).where(eq(responses.consultationId, c.id));
    expect(rows.filter((r) => r.status === "submitted")).toHaveLength(6);
    const groupOf = (i: number) => rows.find((r) => r.id === results[i]!.responseId)!.campaignGroupId;
    expect(groupOf(0)).not.toBeNull();
    for (const i of [1, 2, 3]) expect(groupOf(i)).toBe(groupOf(0));
    expect(groupOf(4)).toBeNull();
    expect(groupOf(5)).toBeNull();
    const [g] = await t.db.select().from(campaignGroups).where(eq(campaignGroups.id, groupOf(0)!));
    expect(g).toMatchObject({ responseCount: 4, firstResponseId: results[0]!.responseId });

    // The officers' view: the group with its count and shared text, a label, and its responses.
    const { groups, total } = await listCampaignGroups(t.db, c.id, officer);
    expect(total).toBe(1);
    expect(groups.map((x) => [x.id, x.responseCount, x.sharedText, x.label])).toEqual([[g!.id, 4, template, ""]]);
    expect(await getCampaignGroup(t.db, { consultationId: c.id, groupId: g!.id }, officer)).toMatchObject({ id: g!.id, responseCount: 4, sharedText: template });
    const members = (await listCampaignResponses(t.db, { consultationId: c.id, groupId: g!.id }, officer)).responses;
    expect(members.map((r) => r.id).sort()).toEqual([0, 1, 2, 3].map((i) => results[i]!.responseId).sort());
    expect(members.every((r) => r.publicReference !== null)).toBe(true);
    // Paged by keyset: two at a time, in the order submitted, each once.
    const first = await listCampaignResponses(t.db, { consultationId: c.id, groupId: g!.id, limit: 2 }, officer);
    const second = await listCampaignResponses(t.db, { consultationId: c.id, groupId: g!.id, limit: 2, after: first.next! }, officer);
    expect(second.next).toBeNull();
    expect([...first.responses, ...second.responses].map((r) => r.id)).toEqual(members.map((r) => r.id));
    await setCampaignLabel(t.db, { consultationId: c.id, groupId: g!.id, label: "  Weekend   opening letter " }, officer);
    await setCampaignLabel(t.db, { consultationId: c.id, groupId: g!.id, label: "Weekend opening letter" }, officer); // unchanged: no entry
    expect((await listCampaignGroups(t.db, c.id, officer)).groups[0]!.label).toBe("Weekend opening letter");
    const trail = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, g!.id), eq(auditLog.action, "campaign.label")));
    expect(trail.map((a) => [a.actorId, a.before, a.after])).toEqual([[officer.id, { label: "" }, { label: "Weekend opening letter" }]]);
    await expect(setCampaignLabel(t.db, { consultationId: c.id, groupId: g!.id, label: "x".repeat(121) }, officer)).rejects.toMatchObject({
      fieldErrors: { label: "The label must be 120 characters or fewer" },
    });

    // Denials: a partner, a member of the public, another council's officer; a group of another consultation.
    const [other] = await t.db.insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
    const [u] = await t.db.insert(users).values({ email: `officer-${Date.now()}@southribble.example`, name: "Other Officer" }).returning();
    await t.db.insert(memberships).values({ userId: u!.id, organisationId: other!.id, role: "officer" });
    const otherOfficer = (await loadActor(t.db, u!.id))!;
    for (const who of [partner, await newPerson(), otherOfficer]) {
      await expect(listCampaignGroups(t.db, c.id, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listCampaignResponses(t.db, { consultationId: c.id, groupId: g!.id }, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getCampaignGroup(t.db, { consultationId: c.id, groupId: g!.id }, who)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setCampaignLabel(t.db, { consultationId: c.id, groupId: g!.id, label: "Mine" }, who)).rejects.toBeInstanceOf(ForbiddenError);
    }
    const elsewhere = await publicConsultation();
    await expect(listCampaignResponses(t.db, { consultationId: elsewhere.c.id, groupId: g!.id }, officer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCampaignGroup(t.db, { consultationId: elsewhere.c.id, groupId: g!.id }, officer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setCampaignLabel(t.db, { consultationId: elsewhere.c.id, groupId: g!.id, label: "Moved" }, officer)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listCampaignGroups(t.db, c.id, officer)).groups[0]!.label).toBe("Weekend opening letter");
  }, 60_000);
});

describe("the campaigns list, paged", () => {
  it("pages the groups by keyset, largest first, each group once, with the total", async () => {
    const { c } = await publicConsultation();
    // Seven groups of sizes 1..7 (made directly: grouping itself is tested above), two of the same size.
    const sizes = [3, 7, 1, 5, 3, 2, 6];
    const made: { id: string; size: number }[] = [];
    for (const size of sizes) {
      const [g] = await t.db.insert(campaignGroups).values({ consultationId: c.id, responseCount: size }).returning();
      made.push({ id: g!.id, size });
    }
    await t.db.insert(campaignGroups).values({ consultationId: c.id, responseCount: 0 }); // emptied by an erasure: not listed
    const seen: { id: string; responseCount: number }[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listCampaignGroups(t.db, c.id, officer, { after, limit: 3 });
      expect(page.total).toBe(7);
      seen.push(...page.groups);
      after = page.next ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((g) => g.responseCount)).toEqual([7, 6, 5, 3, 3, 2, 1]);
    expect(new Set(seen.map((g) => g.id)).size).toBe(7);
    // A cursor that is not a group's id starts at the first page rather than failing.
    expect((await listCampaignGroups(t.db, c.id, officer, { after: "nonsense", limit: 3 })).groups.map((g) => g.responseCount)).toEqual([7, 6, 5]);
    await expect(listCampaignGroups(t.db, c.id, partner, { limit: 3 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("responding without signing in", () => {
  it("starts a response for a new address, emails the link back, and the link stands for that person only", async () => {
    const { c, q1 } = await publicConsultation({ allowUnauthenticated: true });
    const email = `walk-in-${Date.now()}@public.example`;
    const started = await startWithoutSignIn(t.db, { slug: c.slug, email: ` ${email.toUpperCase()} ` });
    expect(started.kind).toBe("started");
    if (started.kind !== "started") return;
    const [mail] = await t.db.select().from(outbox).where(and(eq(outbox.to, email), eq(outbox.kind, "return_link")));
    expect(mail!.text).toContain(`/respond/${c.slug}/return?token=${started.token}`);
    const actor = (await actorForReturnToken(t.db, { slug: c.slug, token: started.token }))!;
    expect(actor).toMatchObject({ email, memberships: [] });
    expect(await actorForReturnToken(t.db, { slug: "public-1", token: started.token })).toBeNull();
    expect(await actorForReturnToken(t.db, { slug: c.slug, token: started.token.slice(0, -2) + "xx" })).toBeNull();
    const ctx = await getRespondContext(t.db, { slug: c.slug }, actor);
    expect(ctx.response?.id).toBe(started.responseId);
    await saveAnswers(t.db, { consultationId: c.id, organisationId: ctx.organisation.id, respondentUserId: actor.id, answers: [{ questionId: q1, value: "Yes", base: EMPTY_BASE }] }, actor);
    // The address again: nothing new is made, the person is told to sign in.
    expect(await startWithoutSignIn(t.db, { slug: c.slug, email })).toEqual({ kind: "sign_in_sent" });
    expect(await t.db.select().from(responses).where(and(eq(responses.consultationId, c.id)))).toHaveLength(1);
  });

  it("never takes over an address someone already signs in with", async () => {
    const { c } = await publicConsultation({ allowUnauthenticated: true });
    expect(await startWithoutSignIn(t.db, { slug: c.slug, email: officer.email })).toEqual({ kind: "sign_in_sent" });
    expect(await t.db.select().from(responses).where(eq(responses.consultationId, c.id))).toHaveLength(0);
    const [hint] = await t.db.select().from(outbox).where(and(eq(outbox.to, officer.email), eq(outbox.kind, "sign_in_hint")));
    expect(hint!.text).toContain(`/sign-in?callbackUrl=${encodeURIComponent(`/respond/${c.slug}`)}`);
  });

  it("is refused where the officer requires signing in, and limited per address and per client", async () => {
    const { c } = await publicConsultation({ allowUnauthenticated: false });
    await expect(startWithoutSignIn(t.db, { slug: c.slug, email: "x@public.example" })).rejects.toBeInstanceOf(ForbiddenError);
    const now = new Date();
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await allowPublicStart(t.db, { email: "Same@Public.example", client: "203.0.113.9" }, now));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    const clients = [];
    for (let i = 0; i < 31; i++) clients.push(await allowPublicStart(t.db, { email: `n${i}@public.example`, client: "198.51.100.7" }, now));
    expect(clients.filter((d) => d.allowed)).toHaveLength(30);
  });
});

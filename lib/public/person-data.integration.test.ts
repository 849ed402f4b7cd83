// A person's data: export in full (admins only), and erasure that takes their published
// responses off every public reader while their answers stay in the counts without identity.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { answers, auditLog, consultations, outbox, questions, responses, sections, users, verificationTokens } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { ForbiddenError, InvalidError } from "../errors";
import { NUL_MESSAGE } from "../input/text";
import { ensurePublicOrganisation } from "./organisation";
import { erasePerson, erasureSummary, exportPersonData, findPeopleByEmail } from "./person-data";
import { listPublishedResponses } from "./publication";

let t: TestDb;
let db: Db;
let w: Awaited<ReturnType<typeof seedWorld>>;
let personId: string;
let consultationId: string;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  w = await seedWorld(db);
  const [c] = await db.insert(consultations).values({ slug: `person-${Date.now()}`, title: "Parks", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "open", publishResponses: "while_open" }).returning();
  consultationId = c!.id;
  const [s] = await db.insert(sections).values({ consultationId, title: "Parks", position: 1 }).returning();
  const [q] = await db.insert(questions).values({ consultationId, sectionId: s!.id, number: "1", type: "single_choice", text: "More benches?", options: ["Yes", "No"], position: 1 }).returning();
  const pub = await ensurePublicOrganisation(db, w.council.id);
  const [u] = await db.insert(users).values({ name: "Erin Asker", email: "erin@example.com" }).returning();
  personId = u!.id;
  const [r] = await db
    .insert(responses)
    .values({ consultationId, organisationId: pub.id, respondentUserId: personId, status: "submitted", reference: "PRIV-E", publicReference: "PUB-E", revision: 1, submittedAt: new Date(), publishConsent: "named", publishedName: "Erin Asker", aboutYou: { age: "25_34" }, notifyOutcome: true })
    .returning();
  await db.insert(answers).values({ responseId: r!.id, questionId: q!.id, value: "Yes", valueText: "Yes" });
  // Emails to her: by account, by address alone (sent before she signed in), one with a link that
  // signs her in; and one to somebody else.
  const mail = { status: "sent" as const, consultationId };
  await db.insert(outbox).values([
    { ...mail, to: "erin@example.com", userId: personId, kind: "receipt", subject: "Your response PRIV-E", text: "Erin Asker, you answered: Yes", createdAt: new Date("2026-11-01T10:00:00Z") },
    { ...mail, to: "erin@example.com", kind: "sign_in_hint", subject: "Respond to Parks", text: "Someone, probably you, asked to respond", createdAt: new Date("2026-11-02T10:00:00Z") },
    { ...mail, to: "erin@example.com", userId: personId, kind: "sign_in", subject: "Sign in", text: "https://consult.example/api/auth/callback/email?token=SECRET-TOKEN", createdAt: new Date("2026-11-03T10:00:00Z") },
    { ...mail, to: "someone.else@example.com", kind: "receipt", subject: "Your response PRIV-X", text: "Someone else's answers" },
  ]);
  // A sign-in link she never opened (its token is stored against her address), and someone else's.
  await db.insert(verificationTokens).values([
    { identifier: "erin@example.com", token: "erin-token-hash", expires: new Date(Date.now() + 86_400_000) },
    { identifier: "someone.else@example.com", token: "other-token-hash", expires: new Date(Date.now() + 86_400_000) },
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe("a person's data on request", () => {
  it("exports everything held about them, to an administrator only", async () => {
    await expect(exportPersonData(db, personId, w.officer)).rejects.toBeInstanceOf(ForbiddenError);
    const data = await exportPersonData(db, personId, w.admin);
    expect(data.person).toMatchObject({ name: "Erin Asker", email: "erin@example.com" });
    expect(data.responses).toHaveLength(1);
    expect(data.responses[0]).toMatchObject({ reference: "PRIV-E", publishConsent: "named", publishedName: "Erin Asker", aboutYou: { age: "25_34" }, answers: [{ number: "1", answer: "Yes" }] });
    // The emails sent to her, oldest first, with her answers; a link that signs her in is not handed over.
    expect(data.emails.map((m) => [m.kind, m.subject])).toEqual([
      ["receipt", "Your response PRIV-E"],
      ["sign_in_hint", "Respond to Parks"],
      ["sign_in", "Sign in"],
    ]);
    expect(data.emails[0]!.text).toBe("Erin Asker, you answered: Yes");
    expect(JSON.stringify(data)).not.toContain("SECRET-TOKEN");
    expect(JSON.stringify(data)).not.toContain("Someone else");
  });

  it("erases them: identity gone, published response withdrawn, answers kept without identity, audited without the data", async () => {
    expect((await listPublishedResponses(db, { consultationId })).items.map((r) => r.name)).toEqual(["Erin Asker"]);
    await expect(erasePerson(db, personId, w.officer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(erasePerson(db, w.partner.id, w.admin)).rejects.toBeInstanceOf(InvalidError);
    expect(await erasePerson(db, personId, w.admin)).toEqual({ responses: 1, emails: 3 });
    // The emails sent to her went with her address; somebody else's stayed.
    expect((await db.select({ to: outbox.to }).from(outbox)).map((m) => m.to)).toEqual(["someone.else@example.com"]);
    expect((await db.select({ identifier: verificationTokens.identifier }).from(verificationTokens)).map((v) => v.identifier)).toEqual(["someone.else@example.com"]);
    expect((await listPublishedResponses(db, { consultationId })).items).toEqual([]);
    const [u] = await db.select().from(users).where(eq(users.id, personId));
    expect(u).toMatchObject({ name: null, email: `erased-${personId}@erased.invalid` });
    const [r] = await db.select().from(responses).where(eq(responses.respondentUserId, personId));
    expect(r).toMatchObject({ publishedName: null, aboutYou: null, publishConsent: "none", notifyOutcome: false, status: "submitted" });
    expect(await db.select().from(answers).where(eq(answers.responseId, r!.id))).toHaveLength(1);
    const audit = JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.entityId, personId)));
    expect(audit).toContain("person.erase");
    expect(audit).not.toContain("erin@example.com");
    expect(audit).not.toContain("25_34");
  });
});

/** A member of the public with one submitted response to the world's consultation, consenting as given. */
async function publicPerson(email: string, consent: "named" | "anonymous" | "none") {
  const pub = await ensurePublicOrganisation(db, w.council.id);
  const [u] = await db.insert(users).values({ name: `Person ${email}`, email }).returning();
  const ref = `R-${email.replace(/\W+/g, "").slice(0, 20)}`;
  await db.insert(responses).values({ consultationId, organisationId: pub.id, respondentUserId: u!.id, status: "submitted", reference: ref, publicReference: `P${ref}`, revision: 1, submittedAt: new Date(), publishConsent: consent, publishedName: consent === "named" ? `Person ${email}` : null });
  return u!.id;
}

describe("finding the person and the erasure page's summary", () => {
  it("finds people by part of their email address, case-insensitively, to administrators only, wildcards taken literally", async () => {
    const id = await publicPerson("Fay.Finder@example.com", "anonymous");
    await expect(findPeopleByEmail(db, "finder", w.officer)).rejects.toBeInstanceOf(ForbiddenError);
    const found = await findPeopleByEmail(db, "  FAY.FIND ", w.admin);
    expect(found.people).toEqual([expect.objectContaining({ id, email: "Fay.Finder@example.com", roles: 0 })]);
    expect((await findPeopleByEmail(db, "fay%finder", w.admin)).people).toEqual([]);
    expect((await findPeopleByEmail(db, "fay_finder", w.admin)).people).toEqual([]);
    const partner = await findPeopleByEmail(db, w.partner.email!, w.admin);
    expect(partner.people[0]).toMatchObject({ id: w.partner.id });
    expect(partner.people[0]!.roles).toBeGreaterThan(0);
    // A search the page would refuse is refused here too, at its field, never a database error.
    for (const [bad, message] of [
      ["fa", "Enter at least 3 characters of their email address"],
      ["fay\u0000finder", NUL_MESSAGE],
      ["x".repeat(255), "Email address must be 254 characters or fewer"],
    ]) {
      const refused = await findPeopleByEmail(db, bad!, w.admin).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidError);
      expect((refused as InvalidError).fieldErrors).toEqual({ email: message });
    }
  });

  it("says how many responses would be withdrawn, refuses nobody but is read by administrators only, and leaves erased people unfindable", async () => {
    const id = await publicPerson("gus.summary@example.com", "named");
    await expect(erasureSummary(db, id, w.officer)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await erasureSummary(db, id, w.admin)).toMatchObject({ erased: false, roles: 0, responses: 1, consentedToPublish: 1 });
    expect((await erasureSummary(db, w.partner.id, w.admin)).roles).toBeGreaterThan(0);
    await erasePerson(db, id, w.admin);
    expect(await erasureSummary(db, id, w.admin)).toMatchObject({ erased: true, name: null, consentedToPublish: 0 });
    expect((await findPeopleByEmail(db, "gus.summary", w.admin)).people).toEqual([]);
  });

  it("an erasure posted twice at once erases once and is audited once (many trials, parallel connections)", async () => {
    for (let trial = 0; trial < 10; trial++) {
      const id = await publicPerson(`twice.${trial}.${Date.now()}@example.com`, "named");
      const results = await Promise.all([erasePerson(db, id, w.admin), erasePerson(db, id, w.admin), erasePerson(db, id, w.admin)]);
      expect(results.filter((r) => !("alreadyErased" in r))).toEqual([{ responses: 1, emails: 0 }]);
      expect(results.filter((r) => "alreadyErased" in r)).toHaveLength(2);
      expect(await db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "person.erase")))).toHaveLength(1);
    }
  });
});

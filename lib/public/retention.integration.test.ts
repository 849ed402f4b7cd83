// The retention job: after a consultation's retention period, names published under, "about you"
// answers and the identity of members of the public go; answers stay; a person who also responded
// to a consultation still within retention keeps theirs; the audit log says who, not what.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { answers, auditLog, consultations, erasedIdentities, notifications, outbox, questions, responses, sections, users } from "../../db/schema";
import { ERASED_PERSON, identityDigest } from "../audit/erased";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { ensurePublicOrganisation } from "./organisation";
import { applyRetention } from "./retention";

let t: TestDb;
let db: Db;
const ids: Record<string, string> = {};
const now = new Date("2026-12-04T02:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  const w = await seedWorld(db);
  const mk = async (slug: string, closesAt: Date, retentionMonths: number) =>
    (await db.insert(consultations).values({ slug, title: slug, kind: "questionnaire", ownerOrganisationId: w.council.id, status: "closed", opensAt: new Date("2023-01-01"), closesAt, retentionMonths }).returning())[0]!.id;
  ids.old = await mk("old-one", new Date("2024-01-01"), 24); // ended 2026-01-01
  ids.recent = await mk("recent-one", new Date("2026-06-01"), 24); // ends 2028
  const [s] = await db.insert(sections).values({ consultationId: ids.old, title: "S", position: 1 }).returning();
  const [q] = await db.insert(questions).values({ consultationId: ids.old, sectionId: s!.id, number: "1", type: "long_text", text: "Q", position: 1 }).returning();
  const pub = await ensurePublicOrganisation(db, w.council.id);
  const person = async (name: string) => (await db.insert(users).values({ name, email: `${name.toLowerCase()}@example.com` }).returning())[0]!.id;
  ids.gone = await person("Gone");
  ids.kept = await person("Kept");
  const base = { status: "submitted" as const, revision: 1, submittedAt: new Date("2023-06-01"), organisationId: pub!.id };
  const [r1] = await db.insert(responses).values({ ...base, consultationId: ids.old, respondentUserId: ids.gone, reference: "R1", publishConsent: "named", publishedName: "Gone Person", aboutYou: { age: "35_44" } }).returning();
  await db.insert(responses).values({ ...base, consultationId: ids.old, respondentUserId: ids.kept, reference: "R2", publishedName: "Kept Person", aboutYou: { age: "65_plus" } });
  await db.insert(responses).values({ ...base, consultationId: ids.recent, respondentUserId: ids.kept, reference: "R3", publishedName: "Kept Person", aboutYou: { age: "65_plus" } });
  await db.insert(answers).values({ responseId: r1!.id, questionId: q!.id, value: "My answer stays", valueText: "My answer stays" });
  ids.r1 = r1!.id;
  // Emails: to the person whose identity goes (about any consultation, and one by address only),
  // to a member of the public who stays, about the old consultation and the recent one, and to an
  // officer about the old one.
  const mail = (to: string, subject: string, consultationId: string | null, userId: string | null = null) => ({ to, subject, consultationId, userId, kind: "receipt", text: `${subject} text`, status: "sent" as const });
  await db.insert(outbox).values([
    mail("gone@example.com", "gone: receipt, old", ids.old!, ids.gone!),
    mail("gone@example.com", "gone: sign in, no consultation", null),
    mail("kept@example.com", "kept: outcome, old", ids.old!),
    mail("kept@example.com", "kept: receipt, recent", ids.recent!, ids.kept!),
    mail(w.officer.email, "officer: notice, old", ids.old!, w.officer.id),
  ]);
  // "Gone" once held a role (a name on the account): a colleague's notification names her.
  await db.insert(notifications).values({ userId: w.officer.id, kind: "comment_added", title: "Gone commented on question 1 of “old-one”", path: "/", actorId: ids.gone });
});

afterAll(async () => {
  await t?.close();
});

describe("retention", () => {
  it("removes names, about-you answers and identities once retention has ended, keeping answers", async () => {
    const res = await applyRetention(db, now);
    expect(res).toEqual({ consultations: 1, responses: 2, people: 1, emails: 3 });
    const old = await db.select().from(responses).where(eq(responses.consultationId, ids.old!));
    expect(old.every((r) => r.publishedName === null && r.aboutYou === null)).toBe(true);
    const [recent] = await db.select().from(responses).where(eq(responses.consultationId, ids.recent!));
    expect(recent).toMatchObject({ publishedName: "Kept Person", aboutYou: { age: "65_plus" } });
    const people = await db.select().from(users).where(inArray(users.id, [ids.gone!, ids.kept!]));
    const gone = people.find((p) => p.id === ids.gone)!;
    expect(gone.name).toBeNull();
    expect(gone.email).toBe(`erased-${ids.gone}@erased.invalid`);
    expect(gone.erasedAt).not.toBeNull();
    expect(people.find((p) => p.id === ids.kept)!.email).toBe("kept@example.com");
    expect((await db.select().from(answers).where(eq(answers.responseId, ids.r1!)))[0]!.valueText).toBe("My answer stays");
    // Every email to the erased person went, and those about the old consultation to the public;
    // the officer's, and the staying person's about the recent one, stay.
    expect((await db.select({ subject: outbox.subject }).from(outbox)).map((m) => m.subject).sort()).toEqual(["kept: receipt, recent", "officer: notice, old"]);
    // What others' records wrote of her: the audit log withholds her name and address (their
    // digests are kept), and the colleague's notification no longer names her.
    const digests = (await db.select().from(erasedIdentities)).map((d) => d.digest);
    expect(digests).toEqual(expect.arrayContaining([identityDigest("gone@example.com"), identityDigest("Gone")]));
    expect(digests).not.toContain(identityDigest("kept@example.com"));
    expect((await db.select({ title: notifications.title }).from(notifications).where(eq(notifications.actorId, ids.gone!)))[0]!.title).toBe(`${ERASED_PERSON} commented on question 1 of “old-one”`);
  });

  it("audits who was removed and when, never the data", async () => {
    const entries = await db.select().from(auditLog).where(inArray(auditLog.action, ["retention.apply", "retention.erase_person"]));
    expect(entries.map((e) => e.action).sort()).toEqual(["retention.apply", "retention.erase_person"]);
    expect(entries.find((e) => e.action === "retention.erase_person")!.entityId).toBe(ids.gone);
    const text = JSON.stringify(entries);
    for (const secret of ["Gone Person", "gone@example.com", "35_44", "Kept", "receipt, old"]) expect(text).not.toContain(secret);
  });

  it("erases an address typed on a public start page that no response was started with, after 30 days", async () => {
    const typed = async (email: string, createdAt: Date) => (await db.insert(users).values({ email, createdAt }).returning())[0]!.id;
    const planted = await typed("planted@example.com", new Date("2026-10-01"));
    const fresh = await typed("fresh@example.com", new Date("2026-11-30"));
    await db.insert(outbox).values({ to: "planted@example.com", subject: "Sign in", kind: "sign_in", text: "a link", status: "sent", userId: planted });
    const res = await applyRetention(db, now);
    expect(res).toEqual({ consultations: 0, responses: 0, people: 1, emails: 1 });
    const [gone] = await db.select().from(users).where(eq(users.id, planted));
    expect(gone).toMatchObject({ email: `erased-${planted}@erased.invalid`, erasedAt: now });
    expect((await db.select().from(users).where(eq(users.id, fresh)))[0]!.email).toBe("fresh@example.com");
    expect(await db.select().from(outbox).where(eq(outbox.to, "planted@example.com"))).toEqual([]);
  });

  it("does nothing a second time", async () => {
    expect(await applyRetention(db, now)).toEqual({ consultations: 0, responses: 0, people: 0, emails: 0 });
  });
});

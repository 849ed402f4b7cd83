// "We asked, you said, we did": version-checked saves, publication only once closed, the public
// reading only a published outcome, and one email to each respondent who asked to hear.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { auditLog, consultations, jobs, outbox, responses, users } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { ensurePublicOrganisation } from "./organisation";
import { ConflictError, ForbiddenError, LockedError } from "../errors";
import { countsSentence, getPublishedOutcome, listClosedConsultationsByOutcome, respondentCounts, saveOutcome, sendOutcomeEmails, setOutcomePublished } from "./outcomes";

let t: TestDb;
let db: Db;
let w: Awaited<ReturnType<typeof seedWorld>>;
let consultationId: string;
const texts = { weAsked: "We asked about buses.", youSaid: "You said run more on Sundays.", weDid: "We added a Sunday service.", outcomeDate: "2026-11-30" };

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  w = await seedWorld(db);
  const [c] = await db
    .insert(consultations)
    .values({ slug: `outcome-${Date.now()}`, title: "Sunday buses", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "open" })
    .returning();
  consultationId = c!.id;
  const publicOrg = await ensurePublicOrganisation(db, w.council.id);
  const person = async (name: string) => (await db.insert(users).values({ name, email: `${name.toLowerCase()}@example.com` }).returning())[0]!;
  const [wants, quiet] = [await person("Wants"), await person("Quiet")];
  const base = { consultationId, status: "submitted" as const, revision: 1, submittedAt: new Date() };
  await db.insert(responses).values([
    { ...base, organisationId: publicOrg!.id, respondentUserId: wants.id, reference: "P-1", notifyOutcome: true },
    { ...base, organisationId: publicOrg!.id, respondentUserId: quiet.id, reference: "P-2", notifyOutcome: false },
    { ...base, organisationId: w.police!.id, reference: "P-3", notifyOutcome: true, submittedBy: w.partner.id },
    { consultationId, organisationId: w.healthOrg!.id, status: "draft", notifyOutcome: true, startedBy: w.health.id },
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe("outcomes", () => {
  it("counts respondents by type from the data, and says so in a sentence", async () => {
    const counts = await respondentCounts(db, consultationId);
    expect(counts.map((c) => [c.label, c.count])).toEqual([
      ["Members of the public", 2],
      ["Police", 1],
    ]);
    expect(countsSentence(counts)).toBe("We received 3 responses: 2 from members of the public and 1 from police.");
  });

  it("refuses a partner and another council's officer", async () => {
    await expect(saveOutcome(db, { consultationId, ...texts, baseVersion: 0 }, w.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveOutcome(db, { consultationId, ...texts, baseVersion: 0 }, w.otherOfficer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("saves with a version check: a save over a newer version is refused with both texts kept", async () => {
    const first = await saveOutcome(db, { consultationId, ...texts, baseVersion: 0 }, w.officer);
    expect(first.version).toBe(1);
    await saveOutcome(db, { consultationId, ...texts, weDid: "Officer A's text", baseVersion: 1 }, w.officer);
    const err = await saveOutcome(db, { consultationId, ...texts, weDid: "Officer B's text", baseVersion: 1 }, w.officer).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError<{ weDid: string }>).current.weDid).toBe("Officer A's text");
    expect(((err as ConflictError).attempted as { weDid: string }).weDid).toBe("Officer B's text");
  });

  it("two first saves at once: exactly one wins, the other is a conflict", async () => {
    const [c2] = await db.insert(consultations).values({ slug: `outcome-race-${Date.now()}`, title: "Race", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "closed" }).returning();
    for (let trial = 0; trial < (t.driver === "pg" ? 10 : 2); trial++) {
      const id = trial === 0 ? c2!.id : (await db.insert(consultations).values({ slug: `outcome-race-${Date.now()}-${trial}`, title: "Race", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "closed" }).returning())[0]!.id;
      const results = await Promise.allSettled([0, 1, 2].map((i) => saveOutcome(db, { consultationId: id, ...texts, weDid: `text ${i}`, baseVersion: 0 }, w.officer)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    }
  });

  it("is not published while the consultation is open, nor read by the public as a draft", async () => {
    const [o] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
    expect(o).toBeTruthy();
    await expect(setOutcomePublished(db, { consultationId, baseVersion: 2, publish: true }, w.officer)).rejects.toBeInstanceOf(LockedError);
    expect(await getPublishedOutcome(db, consultationId)).toBeNull();
  });

  it("publishes once closed, emails each respondent who asked exactly once, and lists the consultation by outcome", async () => {
    await db.update(consultations).set({ status: "closed" }).where(eq(consultations.id, consultationId));
    expect((await listClosedConsultationsByOutcome(db, "awaiting")).map((c) => c.id)).toContain(consultationId);
    const res = await setOutcomePublished(db, { consultationId, baseVersion: 2, publish: true }, w.officer);
    expect(res.outcome.status).toBe("published");
    expect((await getPublishedOutcome(db, consultationId))?.weDid).toBe("Officer A's text");
    expect((await listClosedConsultationsByOutcome(db, "published")).map((c) => c.id)).toContain(consultationId);
    expect((await listClosedConsultationsByOutcome(db, "awaiting")).map((c) => c.id)).not.toContain(consultationId);
    const queued = await db.select().from(jobs).where(eq(jobs.name, "outcome.notify"));
    expect(queued).toHaveLength(1);
    expect(await sendOutcomeEmails(db, consultationId)).toBe(2);
    const mails = await db.select().from(outbox).where(and(eq(outbox.kind, "outcome"), eq(outbox.consultationId, consultationId)));
    expect(mails.map((m) => m.to).sort()).toEqual(["sarah.lee@police.example", "wants@example.com"]);
    expect(mails[0]!.text).toContain("/outcome");
    // A second run (a retry after a failure part-way, or the job run again) emails nobody twice.
    expect(await sendOutcomeEmails(db, consultationId)).toBe(0);
    expect(await db.select().from(outbox).where(and(eq(outbox.kind, "outcome"), eq(outbox.consultationId, consultationId)))).toHaveLength(2);
    // Taken down and published again: the job is not queued a second time.
    await setOutcomePublished(db, { consultationId, baseVersion: 3, publish: false }, w.officer);
    expect(await getPublishedOutcome(db, consultationId)).toBeNull();
    await setOutcomePublished(db, { consultationId, baseVersion: 4, publish: true }, w.officer);
    expect(await db.select().from(jobs).where(eq(jobs.name, "outcome.notify"))).toHaveLength(1);
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.consultationId, consultationId));
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("outcome."))).toEqual(["outcome.save", "outcome.save", "outcome.publish", "outcome.unpublish", "outcome.publish"]);
  });
});

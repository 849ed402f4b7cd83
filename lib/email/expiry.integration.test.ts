// The daily deletion of old emails' text (OUTBOX_KEEP_DAYS): the text and HTML of emails whose
// sending is over go after the keeping time, the line saying to whom, what and when stays, an
// email not yet sent keeps its text; batches; two instances running it at once share the work.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { outbox } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { EMAIL_EXPIRY_BATCH, expireEmailBodies } from "./expiry";

let t: TestDb;
let db: Db;
const now = new Date("2026-12-06T03:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});

afterAll(async () => {
  await t?.close();
});

const mail = (subject: string, createdAt: Date, status: "sent" | "stored" | "failed" | "queued" = "sent") => ({
  to: "someone@example.com",
  subject,
  kind: "receipt",
  text: `${subject}: your answers`,
  html: `<p>${subject}</p>`,
  status,
  createdAt,
});

describe("deleting old emails' text", () => {
  it("deletes the text of emails past the keeping time whose sending is over, keeping the rest and every line", async () => {
    await db.insert(outbox).values([
      mail("old sent", daysAgo(100)),
      mail("old stored", daysAgo(91), "stored"),
      mail("old failed", daysAgo(200), "failed"),
      mail("old queued", daysAgo(120), "queued"),
      mail("recent", daysAgo(89)),
    ]);
    expect(await expireEmailBodies(db, { now, keepDays: 90 })).toBe(3);
    const all = await db.select().from(outbox);
    const by = (s: string) => all.find((m) => m.subject === s)!;
    for (const s of ["old sent", "old stored", "old failed"]) {
      expect(by(s)).toMatchObject({ text: "", html: null, bodyDeletedAt: now, to: "someone@example.com", kind: "receipt" });
    }
    expect(by("old queued")).toMatchObject({ text: "old queued: your answers", bodyDeletedAt: null });
    expect(by("recent")).toMatchObject({ text: "recent: your answers", html: "<p>recent</p>", bodyDeletedAt: null });
    // Run again: nothing more to do, and the first deletion's date stands.
    expect(await expireEmailBodies(db, { now: new Date(now.getTime() + 86_400_000), keepDays: 90 })).toBe(0);
    const [again] = await db.select().from(outbox).where(eq(outbox.subject, "old sent"));
    expect(again!.bodyDeletedAt).toEqual(now);
  });

  it("stops before it starts when told to stop", async () => {
    await db.insert(outbox).values(mail("stopped", daysAgo(100)));
    expect(await expireEmailBodies(db, { now, keepDays: 90, signal: AbortSignal.abort() })).toBe(0);
    const [m] = await db.select().from(outbox).where(eq(outbox.subject, "stopped"));
    expect(m!.bodyDeletedAt).toBeNull();
    await db.delete(outbox).where(eq(outbox.subject, "stopped"));
  });

  it("goes on batch after batch, and two instances at once delete each text once between them", async () => {
    const n = EMAIL_EXPIRY_BATCH * 2 + 7;
    const subjects = Array.from({ length: n }, (_, i) => `bulk ${i}`);
    for (let i = 0; i < n; i += 1000) await db.insert(outbox).values(subjects.slice(i, i + 1000).map((s, j) => mail(s, daysAgo(100 + (i + j) / 10_000))));
    // A second instance: its own pool on the same database (one handle on PGlite).
    const other = t.url ? await openPg(t.url, 2) : null;
    try {
      const [a, b] = await Promise.all([expireEmailBodies(db, { now, keepDays: 90 }), expireEmailBodies(other?.db ?? db, { now, keepDays: 90 })]);
      expect(a + b).toBe(n);
      // Only the first test's queued and recent emails still hold their text.
      const left = await db.select({ subject: outbox.subject }).from(outbox).where(isNull(outbox.bodyDeletedAt));
      expect(left.map((x) => x.subject).sort()).toEqual(["old queued", "recent"]);
      const bulk = await db.select({ text: outbox.text }).from(outbox).where(inArray(outbox.subject, subjects.slice(0, 50)));
      expect(bulk.every((m) => m.text === "")).toBe(true);
    } finally {
      await other?.close();
    }
  });
});

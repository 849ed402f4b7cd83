// Email through a real SMTP server on loopback (smtp-server): every email recorded with SMTP
// configured is sent, by the request straight after its commit or by the job worker, exactly
// once; none when what wrote it rolls back; a mail server that refuses or hangs fails no request,
// and its emails go once it answers. Before, outcome emails, progress return emails and document
// comment receipts were recorded as "queued" and never sent, and a failed send stayed failed.
// Runs on Postgres (DATABASE_URL) and on PGlite.
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { jobs, outbox } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { sql } from "drizzle-orm";
import { migrationsFolder } from "../../db/migrate";
import { claimJob, runDueJobs } from "../jobs/queue";
import { deliverNow, emailGiveUps, emailJobHandlers, JOB_EMAIL_DELIVER, queueEmail, resetEmailTransport, sendEmail, type EmailMessage } from "./index";

let t: TestDb;
let db: Db;
let server: SMTPServer;
let port = 0;
/** Subjects of the messages the server accepted, in order. */
let received: string[] = [];
/** While set, the server refuses every message with this reply. */
let refusing: string | null = null;
const savedUrl = process.env.SMTP_URL;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, done) {
      let raw = "";
      stream.on("data", (b: Buffer) => (raw += b.toString()));
      stream.on("end", () => {
        if (refusing) return done(Object.assign(new Error(refusing), { responseCode: 451 }));
        received.push(/^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "");
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as net.AddressInfo).port;
});

beforeEach(async () => {
  received = [];
  refusing = null;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  resetEmailTransport();
  await db.delete(jobs);
  await db.delete(outbox);
});

afterEach(() => {
  if (savedUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedUrl;
  resetEmailTransport();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.close();
});

const message = (subject: string, kind = "outcome"): EmailMessage => ({ to: "resident@example.com", subject, text: `${subject}.`, kind });
const statusOf = async (id: string) => (await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)))[0]?.status;

describe("sending email with SMTP configured", () => {
  it("an email recorded in a transaction is sent by the job worker once it commits, and never if it rolls back", async () => {
    // As the outcome emails, the progress return emails and the comment receipts are recorded.
    const kept = await db.transaction((tx) => queueEmail(tx, message("We asked, you said, we did: Parks")));
    await db
      .transaction(async (tx) => {
        await queueEmail(tx, message("Rolled back"));
        throw new Error("the work that wrote it failed");
      })
      .catch(() => undefined);
    expect(kept).toMatchObject({ status: "queued" });
    expect(kept.jobId).toBeTruthy();
    expect(await db.select({ name: jobs.name }).from(jobs)).toEqual([{ name: JOB_EMAIL_DELIVER }]);

    const counts = await runDueJobs(db, emailJobHandlers);
    expect(counts.done).toBe(1);
    expect(received).toEqual(["We asked, you said, we did: Parks"]);
    expect(await statusOf(kept.id)).toBe("sent");
    // Nothing left to do: the worker's next round sends nothing again.
    await runDueJobs(db, emailJobHandlers);
    expect(received).toHaveLength(1);
  });

  it("sent at once after the commit, and never twice when the request and workers on other connections all try at once (on Postgres, 10 trials)", async () => {
    const trials = t.driver === "pg" ? 10 : 2;
    const others = t.url ? [await openPg(t.url, 2), await openPg(t.url, 2)] : [];
    try {
      for (let i = 0; i < trials; i++) {
        const queued = await queueEmail(db, message(`Receipt ${i}`, "receipt"));
        await Promise.all([
          deliverNow(db, queued),
          ...others.map((o) => runDueJobs(o.db, emailJobHandlers)),
          ...others.map((o) => deliverNow(o.db, queued)),
        ]);
        expect(received.filter((s) => s === `Receipt ${i}`)).toHaveLength(1);
        expect(await statusOf(queued.id)).toBe("sent");
      }
    } finally {
      for (const o of others) await o.close();
    }
  });

  it("a mail server that refuses fails no request: the email is recorded as failed and its job sends it once the server takes it", async () => {
    refusing = "Try again later";
    const sent = await sendEmail(db, message("Sign in to Council consultations", "sign_in"));
    expect(sent.status).toBe("failed");
    const [row] = await db.select().from(outbox).where(eq(outbox.id, sent.id));
    expect(row!.lastError).toContain("Try again later");
    const [job] = await db.select().from(jobs).where(eq(jobs.name, JOB_EMAIL_DELIVER));
    // Waiting for its retry (the queue's back-off: 30 s after the first failure).
    expect(job).toMatchObject({ status: "queued", attempts: 1 });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

    refusing = null;
    await runDueJobs(db, emailJobHandlers, { now: new Date(Date.now() + 60_000) });
    expect(received).toEqual(["Sign in to Council consultations"]);
    expect(await statusOf(sent.id)).toBe("sent");
  });

  it("a mail server that accepts the connection and never answers holds the request no longer than the timeout", async () => {
    // A server that takes connections and says nothing (a relay that hangs).
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}?greetingTimeout=400`;
      resetEmailTransport();
      const started = Date.now();
      const sent = await sendEmail(db, message("Your response to Parks", "receipt"));
      const waited = Date.now() - started;
      expect(sent.status).toBe("failed");
      expect(waited).toBeLessThan(5_000);
      expect(sockets.length).toBeGreaterThan(0);
      expect((await db.select().from(jobs).where(eq(jobs.name, JOB_EMAIL_DELIVER)))[0]).toMatchObject({ status: "queued", attempts: 1 });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("an email whose delivery stopped at its last attempt (its worker gone) is recorded as not sent", async () => {
    const queued = await queueEmail(db, message("Stranded"));
    await db.update(jobs).set({ attempts: 4 }).where(eq(jobs.id, queued.jobId!));
    // A worker claims it and stops (its process killed): the claim lapses at the last attempt.
    expect(await claimJob(db, { id: queued.jobId! })).not.toBeNull();
    await runDueJobs(db, emailJobHandlers, { now: new Date(Date.now() + 3_600_000), giveUps: emailGiveUps });
    const [row] = await db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(row).toMatchObject({ status: "failed", lastError: "Not sent: its delivery stopped at its last attempt" });
    expect(received).toEqual([]);
  });

  it("migration 0032: emails left queued without a job get one if recent, and are recorded as not sent if older; invitations are left to their own jobs", async () => {
    const mk = async (subject: string, kind: string, days: number) =>
      (await db.insert(outbox).values({ to: "x@example.com", subject, text: subject, kind, status: "queued", createdAt: new Date(Date.now() - days * 86_400_000) }).returning())[0]!.id;
    const recent = await mk("recent outcome", "outcome", 2);
    const old = await mk("old reminder of a return", "plan_return_reminder", 30);
    const invitation = await mk("invitation", "invitation", 1);
    const file = readFileSync(path.join(migrationsFolder, "0032_outbox_delivery_jobs.sql"), "utf8");
    // Its data statements (after the indexes, which the test database has already).
    for (const statement of file.split("--> statement-breakpoint").filter((x) => !/CREATE INDEX/.test(x))) await db.execute(sql.raw(statement));
    expect((await db.select({ payload: jobs.payload }).from(jobs)).map((j) => j.payload)).toEqual([{ outboxId: recent }]);
    expect(await statusOf(old)).toBe("failed");
    expect(await statusOf(invitation)).toBe("queued");
    await runDueJobs(db, emailJobHandlers);
    expect(received).toEqual(["recent outcome"]);
  });

  it("an email erased before its job runs is not sent", async () => {
    const queued = await queueEmail(db, message("Erased before sending"));
    await db.delete(outbox).where(eq(outbox.id, queued.id));
    const counts = await runDueJobs(db, emailJobHandlers);
    expect(counts.done).toBe(1);
    expect(received).toEqual([]);
  });
});

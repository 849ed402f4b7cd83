// Outgoing email. Every message is recorded in the outbox table; with SMTP_URL set it is
// also sent through SMTP (nodemailer), otherwise it stays in the outbox, where an admin
// reads it at /admin/outbox (so sign-in links work on a machine with no mail server).
//
// With SMTP, recording a message also queues its delivery as a background job in the same
// transaction (a transactional outbox): a message is sent if and only if what made it commits,
// by whichever comes first of the request (deliverNow, straight after its commit) and any
// instance's job worker, never both (they claim the job), and retried with the queue's back-off
// while the mail server refuses or does not answer. Before, only the callers that sent at once
// sent at all: outcome emails, progress return emails and document comment receipts stayed
// "queued" for ever, and a message whose sending failed stayed failed.
import { and, desc, eq } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Db } from "../../db/client";
import { outbox } from "../../db/schema";
import { enqueueJob, runJobNow, type GiveUpHandlers, type JobHandlers } from "../jobs/queue";
import { safeErrorMessage } from "../log";

/** The background job that sends one recorded email (payload: outboxId). */
export const JOB_EMAIL_DELIVER = "email.deliver";

/**
 * The start of a delivery job's once-only key; the outbox id follows. Read back by SQL that
 * finds an email's job (lib/admin/outbox.ts); migration 0032 wrote the same keys.
 */
export const EMAIL_DELIVERY_KEY_PREFIX = `${JOB_EMAIL_DELIVER}:`;

/** The once-only key of the job that sends outbox email `outboxId`. */
export function emailDeliveryKey(outboxId: string): string {
  return EMAIL_DELIVERY_KEY_PREFIX + outboxId;
}

/**
 * How long a send may wait on the mail server, in ms, unless SMTP_URL's query says otherwise
 * (e.g. `?socketTimeout=60000`). Nodemailer's own defaults (2 minutes to connect, 10 minutes of a
 * silent connection) held a request, and its connection to the database, that long when the
 * relay hung.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Where replies go (a person at the council), instead of the From address. */
  replyTo?: string | null;
  kind: string;
  consultationId?: string | null;
  userId?: string | null;
};

let transport: Transporter | null | undefined;

async function smtpTransport(): Promise<Transporter | null> {
  if (transport !== undefined) return transport;
  if (!process.env.SMTP_URL) return (transport = null);
  const nodemailer = await import("nodemailer");
  // The URL's own settings (its query) override the timeouts.
  transport = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url: process.env.SMTP_URL });
  return transport;
}

/** For tests: forget the cached transport so a changed SMTP_URL is read again. */
export function resetEmailTransport() {
  transport = undefined;
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM ?? "Consultations <no-reply@consult.localhost>";
}

/** A recorded email: its outbox row, whether it waits for SMTP ("queued") or stays in the outbox ("stored"), and its delivery job. */
export type QueuedEmail = { id: string; status: "queued" | "stored"; jobId: string | null };

/**
 * Record the message in the outbox, and with SMTP its delivery job, without sending it: both are
 * part of the caller's transaction, so the message exists, and goes, if and only if it commits.
 * The job worker sends it; call deliverNow after the commit to send it at once.
 */
export async function queueEmail(db: Db, msg: EmailMessage): Promise<QueuedEmail> {
  const smtp = await smtpTransport();
  if (!smtp) return { ...(await recordEmail(db, msg, "stored")), jobId: null };
  // The row and its job together (on a transaction's handle, a savepoint of it): never a queued
  // email without the job that sends it.
  return db.transaction(async (tx) => {
    const row = await recordEmail(tx, msg, "queued");
    const jobId = await enqueueJob(tx, { name: JOB_EMAIL_DELIVER, payload: { outboxId: row.id }, singletonKey: emailDeliveryKey(row.id) });
    return { ...row, jobId };
  });
}

async function recordEmail<S extends "queued" | "stored">(db: Db, msg: EmailMessage, status: S): Promise<{ id: string; status: S }> {
  const [row] = await db
    .insert(outbox)
    .values({
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html ?? null,
      replyTo: msg.replyTo || null,
      kind: msg.kind,
      consultationId: msg.consultationId ?? null,
      userId: msg.userId ?? null,
      status,
    })
    .returning({ id: outbox.id });
  return { id: row!.id, status };
}

/**
 * Send a recorded email now, once the transaction that recorded it has committed, unless a job
 * worker has already taken it. A refusal or a mail server that does not answer (SMTP_TIMEOUTS)
 * is recorded on the outbox row and the job tries again later. It never throws: a mail server
 * (or a database) failing here never fails the request that wrote the email, already committed.
 */
export async function deliverNow(db: Db, queued: QueuedEmail | null | undefined): Promise<void> {
  if (!queued || queued.status !== "queued" || !queued.jobId) return;
  try {
    await runJobNow(db, { id: queued.jobId, name: JOB_EMAIL_DELIVER }, emailJobHandlers);
  } catch (e) {
    // The database failing here leaves the job queued, for a worker to send.
    console.error(`email ${queued.id}: not sent now, left to the job worker: ${safeErrorMessage(e)}`);
  }
}

/** Record the message in the outbox and, when SMTP is configured, send it now (or, failing that, later). */
export async function sendEmail(db: Db, msg: EmailMessage): Promise<{ id: string; status: string }> {
  const queued = await queueEmail(db, msg);
  if (queued.status !== "queued") return queued;
  await deliverNow(db, queued);
  const [m] = await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, queued.id));
  return { id: queued.id, status: m?.status ?? queued.status };
}

/**
 * The delivery job: sends the email unless it went already (or SMTP has since been turned off,
 * or the email or its text was deleted: an erasure, the keeping time); a failure throws, for
 * the queue to retry.
 */
export const emailJobHandlers: JobHandlers = {
  [JOB_EMAIL_DELIVER]: async (db, payload) => {
    const id = String(payload.outboxId ?? "");
    const [m] = await db.select({ status: outbox.status, bodyDeletedAt: outbox.bodyDeletedAt }).from(outbox).where(eq(outbox.id, id));
    if (!m) return { skipped: "the email was deleted" };
    if (m.status === "sent" || m.status === "stored") return { skipped: `already ${m.status}` };
    // Its text is gone (OUTBOX_KEEP_DAYS): an empty email is not worth sending.
    if (m.bodyDeletedAt) return { skipped: "its text was deleted" };
    return deliverOutboxMessage(db, id);
  },
};

/**
 * A delivery job that failed for good because its worker stopped at its last attempt (its
 * handler never said): the email is recorded as not sent, for the administrator to see.
 */
export const emailGiveUps: GiveUpHandlers = {
  [JOB_EMAIL_DELIVER]: (db, payload) =>
    db
      .update(outbox)
      .set({ status: "failed", lastError: "Not sent: its delivery stopped at its last attempt" })
      .where(and(eq(outbox.id, String(payload.outboxId ?? "")), eq(outbox.status, "queued"))),
};

/** Send one queued outbox message through SMTP, recording the outcome. */
export async function deliverOutboxMessage(db: Db, id: string): Promise<{ id: string; status: string }> {
  const smtp = await smtpTransport();
  const [msg] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!msg) throw new Error(`outbox message ${id} not found`);
  if (!smtp) {
    await db.update(outbox).set({ status: "stored" }).where(eq(outbox.id, id));
    return { id, status: "stored" };
  }
  try {
    await smtp.sendMail({ from: emailFrom(), to: msg.to, subject: msg.subject, text: msg.text, html: msg.html ?? undefined, replyTo: msg.replyTo ?? undefined });
    await db
      .update(outbox)
      .set({ status: "sent", sentAt: new Date(), attempts: msg.attempts + 1, lastError: null })
      .where(eq(outbox.id, id));
    return { id, status: "sent" };
  } catch (e) {
    await db
      .update(outbox)
      .set({ status: "failed", attempts: msg.attempts + 1, lastError: String((e as Error).message ?? e) })
      .where(eq(outbox.id, id));
    throw e;
  }
}

export async function listOutbox(db: Db, { limit = 100, to }: { limit?: number; to?: string } = {}) {
  return db
    .select()
    .from(outbox)
    .where(to ? eq(outbox.to, to.toLowerCase()) : undefined)
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}

/** Turn http(s) URLs in plain text into segments, so the outbox page can render links. */
export function linkify(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  const re = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: m[0], href: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function signInEmail(url: string, host: string) {
  return {
    subject: `Sign in to ${host}`,
    text: `Use this link to sign in to ${host}:\n\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask to sign in, you can ignore this email.\n`,
  };
}

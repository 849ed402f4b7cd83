// Outgoing email. Every message is recorded in the outbox table; with SMTP_URL set it is
// also sent through SMTP (nodemailer), otherwise it stays in the outbox, where an admin
// reads it at /admin/outbox (so sign-in links work on a machine with no mail server).
import { desc, eq } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Db } from "../../db/client";
import { outbox } from "../../db/schema";

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
  transport = nodemailer.createTransport(process.env.SMTP_URL);
  return transport;
}

/** For tests: forget the cached transport so a changed SMTP_URL is read again. */
export function resetEmailTransport() {
  transport = undefined;
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM ?? "Consultations <no-reply@consult.localhost>";
}

/**
 * Record the message in the outbox, without sending it: for a message that must exist if and
 * only if the caller's transaction commits (a receipt). Send it after commit with
 * deliverOutboxMessage when the status is "queued" (SMTP configured).
 */
export async function queueEmail(db: Db, msg: EmailMessage): Promise<{ id: string; status: "queued" | "stored" }> {
  const smtp = await smtpTransport();
  const status = smtp ? "queued" : "stored";
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

/** Record the message in the outbox and, when SMTP is configured, send it now. */
export async function sendEmail(db: Db, msg: EmailMessage): Promise<{ id: string; status: string }> {
  const queued = await queueEmail(db, msg);
  return queued.status === "queued" ? deliverOutboxMessage(db, queued.id) : queued;
}

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

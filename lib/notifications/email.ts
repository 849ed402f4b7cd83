// Emailing notifications: a background job (one per email window, see record.ts) gathers each
// person's pending notifications and sends ONE email: the notification itself when there is
// one, a digest listing them all when there are several (30 partners submitting within minutes
// make one email, not 30). Text is plain; the HTML part escapes every value.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notificationPreferences, notifications, users } from "../../db/schema";
import { appUrl, serviceName } from "../config";
import { deliverNow, queueEmail } from "../email";
import { htmlAttr, htmlText } from "../escape";
import { formatDateTime } from "../format";
import type { JobHandlers } from "../jobs/queue";
import { JOB_NOTIFICATION_EMAILS } from "./record";

export type PendingNotification = { title: string; path: string; createdAt: Date };

/** One line for a subject: no line breaks (a title is typed text) and not too long. */
function oneLine(s: string, max = 150): string {
  const flat = s.replace(/[\r\n\u2028\u2029\t]+/g, " ").replace(/\s{2,}/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The email for one person's pending notifications (oldest first). */
export function composeNotificationEmail(
  person: { name: string | null },
  items: PendingNotification[],
  base = appUrl(),
): { subject: string; text: string; html: string } {
  const settings = `${base}/notifications/settings`;
  const greeting = `Dear ${person.name ?? "colleague"},`;
  const footer = [`You can choose which notifications you get, in the app and by email: ${settings}`, "", serviceName()];
  if (items.length === 1) {
    const [n] = items;
    const link = `${base}${n.path}`;
    const text = [greeting, "", n.title, "", "Open it here:", link, "", ...footer].join("\n");
    const html = [
      `<p>${htmlText(greeting)}</p>`,
      `<p>${htmlText(n.title)}</p>`,
      `<p><a href="${htmlAttr(link)}">Open it here</a></p>`,
      `<p>You can <a href="${htmlAttr(settings)}">choose which notifications you get</a>, in the app and by email.</p>`,
      `<p>${htmlText(serviceName())}</p>`,
    ].join("\n");
    return { subject: oneLine(n.title), text, html };
  }
  const subject = `${items.length} new notifications from ${serviceName()}`;
  const lines = items.flatMap((n) => [`- ${n.title} (${formatDateTime(n.createdAt)})`, `  ${base}${n.path}`]);
  const text = [
    greeting,
    "",
    `You have ${items.length} new notifications:`,
    "",
    ...lines,
    "",
    `All your notifications: ${base}/notifications`,
    "",
    ...footer,
  ].join("\n");
  const html = [
    `<p>${htmlText(greeting)}</p>`,
    `<p>You have ${items.length} new notifications:</p>`,
    "<ul>",
    ...items.map((n) => `<li><a href="${htmlAttr(`${base}${n.path}`)}">${htmlText(n.title)}</a> (${htmlText(formatDateTime(n.createdAt))})</li>`),
    "</ul>",
    `<p><a href="${htmlAttr(`${base}/notifications`)}">All your notifications</a></p>`,
    `<p>You can <a href="${htmlAttr(settings)}">choose which notifications you get</a>, in the app and by email.</p>`,
    `<p>${htmlText(serviceName())}</p>`,
  ].join("\n");
  return { subject, text, html };
}

/**
 * Send every person with pending notification emails one email (a digest when several are
 * pending). Each person's batch is claimed under FOR UPDATE SKIP LOCKED and marked sent in the
 * transaction that writes its outbox row, so two workers never send it twice; delivery through
 * SMTP follows the commit. Kinds the person has muted by email since are not sent.
 * Tests call this directly (the job runs it at the end of each email window).
 */
export async function sendNotificationEmails(db: Db): Promise<{ emails: number; notifications: number }> {
  const people = await db.selectDistinct({ userId: notifications.userId }).from(notifications).where(eq(notifications.emailState, "pending"));
  let emails = 0;
  let sentCount = 0;
  for (const { userId } of people) {
    const outcome = await db.transaction(async (tx) => {
      const pending = await tx
        .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, path: notifications.path, createdAt: notifications.createdAt, consultationId: notifications.consultationId })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.emailState, "pending")))
        .orderBy(asc(notifications.createdAt))
        .for("update", { skipLocked: true });
      if (!pending.length) return null;
      const [person] = await tx.select({ name: users.name, email: users.email, erasedAt: users.erasedAt }).from(users).where(eq(users.id, userId));
      const muted = new Set(
        (
          await tx
            .select({ kind: notificationPreferences.kind })
            .from(notificationPreferences)
            .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.email, false)))
        ).map((p) => p.kind),
      );
      const wanted = person && !person.erasedAt ? pending.filter((n) => !muted.has(n.kind)) : [];
      const unwanted = pending.filter((n) => !wanted.includes(n));
      if (unwanted.length) await tx.update(notifications).set({ emailState: "none" }).where(inArray(notifications.id, unwanted.map((n) => n.id)));
      if (!wanted.length) return null;
      const msg = composeNotificationEmail(person!, wanted);
      const consultationIds = new Set(wanted.map((n) => n.consultationId));
      const queued = await queueEmail(tx, {
        to: person!.email,
        ...msg,
        kind: wanted.length === 1 ? "notification" : "notification_digest",
        consultationId: consultationIds.size === 1 ? [...consultationIds][0] : null,
        userId,
      });
      await tx
        .update(notifications)
        .set({ emailState: "sent", outboxId: queued.id })
        .where(inArray(notifications.id, wanted.map((n) => n.id)));
      return { queued, count: wanted.length };
    });
    if (!outcome) continue;
    emails++;
    sentCount += outcome.count;
    // A failure is recorded on the outbox row and retried by its job; the rest still go.
    await deliverNow(db, outcome.queued);
  }
  return { emails, notifications: sentCount };
}

/** How many notification emails are waiting (for tests and the admin's eye). */
export async function pendingNotificationEmails(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.emailState, "pending"));
  return n;
}

export const notificationJobHandlers: JobHandlers = {
  [JOB_NOTIFICATION_EMAILS]: async (db) => sendNotificationEmails(db),
};

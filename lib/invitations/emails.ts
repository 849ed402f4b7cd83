// The invitation and reminder emails, written and sent by background jobs. Each job records
// its outbox row before trying to deliver, so a retry (SMTP down) resends the same email with
// the same link instead of writing a second one.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, invitations, notificationPreferences, organisations, outbox, responses, users, type Job } from "../../db/schema";
import { appUrl } from "../config";
import { deliverOutboxMessage } from "../email";
import { formatDate } from "../format";
import { setJobResult, type JobHandlers } from "../jobs/queue";
import { JOB_INVITATION, JOB_REMINDER, JOB_REMINDER_SCAN, scanAutomaticReminders } from "./commands";
import { INVITATION_LINK_DAYS, createSignInLink } from "./sign-in-link";

export type EmailKind = "invitation" | "reminder";

export function respondPath(slug: string) {
  return `/respond/${slug}`;
}

export function composeEmail(
  kind: EmailKind,
  d: { name: string | null; organisation: string; council: string; title: string; summary: string; closesAt: Date | null; askedBy: string | null; link: string; base: string },
) {
  const due = d.closesAt ? formatDate(d.closesAt) : null;
  const first = d.summary.split(/\n{2,}/)[0]?.trim();
  const subject = kind === "invitation" ? `Invitation to respond: ${d.title}` : `Reminder: ${d.title}${due ? ` closes on ${due}` : ""}`;
  const opening =
    kind === "invitation"
      ? `${d.council} invites ${d.organisation} to respond to “${d.title}”${d.askedBy ? ` (a consultation from ${d.askedBy})` : ""}.`
      : `${d.organisation} has not yet submitted a response to “${d.title}”.${due ? ` Responses close on ${due}.` : ""}`;
  const text = [
    `Dear ${d.name ?? "colleague"},`,
    "",
    opening,
    ...(kind === "invitation" && first ? ["", first] : []),
    ...(kind === "invitation" && due ? ["", `Please respond for ${d.organisation} by ${due}. You can save your answers and come back before you submit.`] : []),
    "",
    "Use this link to sign in and go straight to the consultation:",
    "",
    d.link,
    "",
    `The link works once and expires in ${INVITATION_LINK_DAYS} days. After that, sign in at ${d.base}/sign-in with this email address.`,
    "",
    d.council,
  ].join("\n");
  return { subject, text };
}

async function sendInvitationOrReminder(db: Db, kind: EmailKind, payload: Record<string, unknown>, job: Job) {
  const invitationId = String(payload.invitationId ?? "");
  const [row] = await db
    .select({
      invitationId: invitations.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      erasedAt: users.erasedAt,
      deactivatedAt: users.deactivatedAt,
      organisationId: invitations.organisationId,
      organisation: organisations.name,
      consultationId: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      summary: consultations.summary,
      status: consultations.status,
      closesAt: consultations.closesAt,
      askedBy: consultations.askedBy,
      council: sql<string>`(select o.name from organisations o where o.id = "consultations"."owner_organisation_id")`,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(consultations, eq(consultations.id, invitations.consultationId))
    .where(eq(invitations.id, invitationId));
  const progress = (job.result ?? {}) as { outboxId?: string };
  if (!progress.outboxId) {
    // Checked only before the email is written: once written, it is delivered.
    if (!row) return { skipped: "the invitation was removed" };
    if (row.status !== "open") return { skipped: `the consultation is ${row.status}` };
    if (row.erasedAt) return { skipped: "the person's data was erased" };
    if (row.deactivatedAt) return { skipped: "the person's account is deactivated" };
    if (kind === "reminder" && payload.reason === "automatic" && (await mutesClosingEmails(db, row.userId))) {
      return { skipped: "the person mutes emails about consultations closing soon" };
    }
    if (kind === "reminder") {
      const done = await db
        .select({ id: responses.id })
        .from(responses)
        .where(and(eq(responses.consultationId, row.consultationId), eq(responses.organisationId, row.organisationId), eq(responses.status, "submitted")));
      if (done.length) return { skipped: "the organisation has submitted" };
    }
    const base = appUrl();
    const outboxId = await db.transaction(async (tx) => {
      const { url } = await createSignInLink(tx, { email: row.email, callbackPath: respondPath(row.slug) });
      const { subject, text } = composeEmail(kind, { ...row, link: url, base });
      const [msg] = await tx
        .insert(outbox)
        .values({ to: row.email, subject, text, kind, consultationId: row.consultationId, userId: row.userId, status: "queued" })
        .returning({ id: outbox.id });
      if (kind === "reminder") {
        await tx
          .update(invitations)
          .set({ lastRemindedAt: new Date(), reminderCount: sql`${invitations.reminderCount} + 1` })
          .where(eq(invitations.id, row.invitationId));
      }
      await setJobResult(tx, job.id, { outboxId: msg.id });
      return msg.id;
    });
    progress.outboxId = outboxId;
  }
  const sent = await deliverOutboxMessage(db, progress.outboxId);
  return { outboxId: progress.outboxId, status: sent.status };
}

/** An automatic reminder is the email of the "closes soon" notification, so its mute applies. */
async function mutesClosingEmails(db: Db, userId: string): Promise<boolean> {
  const [p] = await db
    .select({ email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, "consultation_closing")));
  return p?.email === false;
}

export const invitationJobHandlers: JobHandlers = {
  [JOB_INVITATION]: (db, payload, job) => sendInvitationOrReminder(db, "invitation", payload, job),
  [JOB_REMINDER]: (db, payload, job) => sendInvitationOrReminder(db, "reminder", payload, job),
  [JOB_REMINDER_SCAN]: async (db) => ({ queued: await scanAutomaticReminders(db) }),
};


// Writing notifications: called by the command whose event it is, inside that command's own
// transaction (an outbox-style write), so a rolled-back event notifies nobody. One statement
// finds the recipients, leaves out the actor, applies each person's preferences and inserts.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { settings } from "../config";
import type { Role } from "../../db/schema/organisations";
import { enqueueJob } from "../jobs/queue";
import type { NotificationKind } from "./kinds";

export const JOB_NOTIFICATION_EMAILS = "notifications.email";

/** How often, at most, a person is emailed: NOTIFICATION_EMAIL_MINUTES (default 5), read once (lib/config). */
export function emailEveryMinutes(): number {
  return settings().notificationEmailMinutes;
}

/**
 * The end of the email window `now` falls in: the email job for everything written in a
 * window runs once, at its end, so each person gets at most one email per window.
 */
export function emailWindowEnd(now: Date, minutes = emailEveryMinutes()): Date {
  const ms = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms + ms);
}

export const emailJobKey = (windowEnd: Date) => `${JOB_NOTIFICATION_EMAILS}:${windowEnd.toISOString()}`;

/** Queue the email job for the window `now` falls in (once per window, whoever asks). */
export async function scheduleNotificationEmails(db: Db, now = new Date()) {
  const runAt = emailWindowEnd(now);
  await enqueueJob(db, { name: JOB_NOTIFICATION_EMAILS, runAt, singletonKey: emailJobKey(runAt) });
}

/** Who receives a notification. */
export type Recipients =
  /** Everyone holding one of `roles` in the organisation (the council that owns the consultation). */
  | { roles: Role[]; organisationId: string }
  /** The contacts invited to the consultation (optionally only those whose organisation has not submitted). */
  | { invitedTo: string; notSubmitted?: boolean; notCommentedOn?: string }
  /** Named people (the person who submitted an organisation's comments). */
  | { userIds: string[] };

function recipientsSql(r: Recipients): SQL {
  if ("userIds" in r) {
    const ids = r.userIds.length ? r.userIds : ["00000000-0000-0000-0000-000000000000"];
    return sql`select u.id as user_id from users u where u.id in (${sql.join(ids.map((x) => sql`${x}::uuid`), sql`, `)}) and u.erased_at is null and u.deactivated_at is null`;
  }
  if ("roles" in r) {
    return sql`select distinct m.user_id from memberships m join users u on u.id = m.user_id
      where m.organisation_id = ${r.organisationId} and m.role in (${sql.join(r.roles.map((x) => sql`${x}`), sql`, `)}) and u.erased_at is null`;
  }
  return sql`select distinct i.user_id from invitations i join users u on u.id = i.user_id
    where i.consultation_id = ${r.invitedTo} and u.erased_at is null
    ${r.notSubmitted ? sql`and not exists (select 1 from responses s where s.consultation_id = i.consultation_id and s.organisation_id = i.organisation_id and s.status = 'submitted')` : sql``}
    ${r.notCommentedOn ? sql`and not exists (select 1 from document_representations d where d.version_id = ${r.notCommentedOn} and d.organisation_id = i.organisation_id)` : sql``}`;
}

export type NotifyInput = {
  kind: NotificationKind;
  recipients: Recipients;
  consultationId: string | null;
  title: string;
  /** A path inside the app. */
  path: string;
  /** Who did it: never notified of their own action. Null for the system. */
  actorId: string | null;
  /** False when another email already says this (the notification is then in-app only). */
  email?: boolean;
  /** Once-only per person: a second notify with the same key is skipped for them. */
  dedupeKey?: string;
  now?: Date;
};

/**
 * Record a notification for every recipient except the actor, in the caller's transaction.
 * A person who mutes the kind in the app and by email gets no row; one who mutes only one of
 * them gets a row that is not listed, or not emailed. Returns how many were written.
 */
export async function notify(tx: Db, input: NotifyInput): Promise<{ written: number; emails: number }> {
  if (!input.path.startsWith("/") || input.path.startsWith("//") || input.path.includes("\\")) throw new Error(`notification path must be inside the app: ${input.path}`);
  const email = input.email ?? true;
  const now = input.now ?? new Date();
  const rows = await rowsOf<{ email_state: string }>(tx, sql`
    insert into notifications (user_id, kind, consultation_id, title, path, actor_id, in_app, email_state, dedupe_key, created_at)
    select r.user_id, ${input.kind}, ${input.consultationId}, ${input.title}, ${input.path}, ${input.actorId},
      coalesce(p.in_app, true),
      case when ${email} and coalesce(p.email, true) then 'pending' else 'none' end,
      ${input.dedupeKey ?? null}, ${now.toISOString()}::timestamptz
    from (${recipientsSql(input.recipients)}) r
    left join notification_preferences p on p.user_id = r.user_id and p.kind = ${input.kind}
    where r.user_id is distinct from ${input.actorId}::uuid
      and (coalesce(p.in_app, true) or (${email} and coalesce(p.email, true)))
    on conflict (user_id, dedupe_key) do nothing
    returning email_state`);
  const emails = rows.filter((r) => r.email_state === "pending").length;
  if (emails) await scheduleNotificationEmails(tx, now);
  return { written: rows.length, emails };
}

/** The paths notifications link to. */
export const paths = {
  review: (consultationId: string, questionNumber?: string) =>
    `/manage/${consultationId}/review${questionNumber ? `#q-${encodeURIComponent(questionNumber)}` : ""}`,
  signOff: (consultationId: string) => `/manage/${consultationId}/sign-off`,
  drafting: (consultationId: string) => `/manage/${consultationId}/drafting`,
  response: (consultationId: string, responseId: string) => `/manage/${consultationId}/responses/${responseId}`,
  respond: (slug: string) => `/respond/${encodeURIComponent(slug)}`,
  documentComments: (consultationId: string, documentId: string, version: number) => `/manage/${consultationId}/documents/${documentId}/comments?version=${version}`,
  documentEndorsements: (consultationId: string, documentId: string) => `/manage/${consultationId}/documents/${documentId}/endorsements`,
  document: (documentId: string) => `/documents/${documentId}`,
  ownDocumentComments: (documentId: string, version: number) => `/documents/${documentId}/comments?version=${version}`,
};

/**
 * The officers' "response submitted" notifications as parts of a data-modifying CTE, for the
 * API's one-statement submission (lib/responses submitNewResponse): the same rows `notify`
 * writes, for the response the CTE named `r` inserted. Parameters: $2 consultation, $6 actor,
 * and from `first`: the owner council, the title, the email job's time and its key.
 */
export function submittedNotificationCte(first: number): string {
  const [owner, title, runAt, key] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  const kind = "'response_submitted'";
  return `n as (
    insert into notifications (user_id, kind, consultation_id, title, path, actor_id, in_app, email_state, created_at)
    select o.user_id, ${kind}, $2::uuid, ${title}::text, '/manage/' || $2::text || '/responses/' || r.id::text, $6::uuid,
      coalesce(p.in_app, true), case when coalesce(p.email, true) then 'pending' else 'none' end, $7::timestamptz
    from r
    cross join (select distinct m.user_id from memberships m join users u on u.id = m.user_id
      where m.organisation_id = ${owner}::uuid and m.role = 'officer' and u.erased_at is null) o
    left join notification_preferences p on p.user_id = o.user_id and p.kind = ${kind}
    where o.user_id is distinct from $6::uuid and (coalesce(p.in_app, true) or coalesce(p.email, true))
    returning email_state
  ), j as (
    insert into jobs (name, payload, run_at, singleton_key)
    select '${JOB_NOTIFICATION_EMAILS}', '{}'::jsonb, ${runAt}::timestamptz, ${key}::text
    where exists (select 1 from n where email_state = 'pending')
    on conflict (singleton_key) do nothing
  )`;
}

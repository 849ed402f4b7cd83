// Notifications: one row per person per event, written in the transaction of the event itself
// (so a rolled-back event notifies nobody), read in the app at /notifications and emailed by a
// background job that batches what is pending for a person into one digest.
import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { consultations } from "./consultations";
import { inList } from "./organisations";
import { outbox } from "./system";

export const NOTIFICATION_KINDS = [
  "review_requested", // scrutiny: the answers were sent for review
  "signoff_requested", // signatories: the answers are ready for sign-off
  "comment_added", // officers: a comment on a draft answer
  "response_submitted", // officers: a partner submitted (or amended) a response
  "answers_approved", // officers: the answers were signed off
  "answers_returned", // officers: the answers were returned or reopened
  "consultation_closing", // partners: a consultation they are invited to closes soon
  "consultation_reopened", // partners: a consultation they are invited to reopened for amendments
  "document_comments_submitted", // officers: an organisation submitted its comments on a draft document
  "document_comment_answered", // partners: the council answered their organisation's comment on a document
  "document_stage_opened", // partners: a draft document they are invited to comment on is open for comments
  "document_stage_closing", // partners: comments on a draft document close soon
  "document_endorsed", // officers: a partner organisation's signatory recorded its endorsement of a final document
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Whether the email of a notification is still to go ("pending"), went ("sent", in the outbox
 * row `outboxId`), or is not wanted ("none": the person mutes the kind's emails, or another
 * email already says it, such as a consultation's automatic reminder).
 */
export const NOTIFICATION_EMAIL_STATES = ["pending", "sent", "none"] as const;
export type NotificationEmailState = (typeof NOTIFICATION_EMAIL_STATES)[number];

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().$type<NotificationKind>().notNull(),
    consultationId: uuid().references(() => consultations.id, { onDelete: "cascade" }),
    /** One line, already worded for the reader ("Chorley's answers were sent for review"). */
    title: text().notNull(),
    /** The page it is about, a path inside the app (never an outside address). */
    path: text().notNull(),
    /** Who caused it (null: the system, e.g. the daily closing-date scan). */
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** False when the person mutes the kind in the app but still wants its email. */
    inApp: boolean().notNull().default(true),
    emailState: text().$type<NotificationEmailState>().notNull().default("pending"),
    outboxId: uuid().references(() => outbox.id, { onDelete: "set null" }),
    /** Makes a scan's notification once-only per person (e.g. one per closing date). */
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    // The header's unread count reads this index alone; "mark all as read" its batches, newest first.
    index("notifications_unread_created_idx").on(t.userId, t.createdAt).where(sql`${t.readAt} is null and ${t.inApp}`),
    // The daily prune (lib/notifications/retention) of old notifications read or never shown;
    // a new notification (unread, shown) takes no entry here.
    index("notifications_prunable_idx")
      .on(t.createdAt)
      .where(sql`(${t.readAt} is not null or not ${t.inApp}) and ${t.dedupeKey} is null`),
    // The email job finds what is pending without scanning the sent.
    index("notifications_email_pending_idx").on(t.userId, t.createdAt).where(sql`${t.emailState} = 'pending'`),
    unique("notifications_user_dedupe_unique").on(t.userId, t.dedupeKey),
    // The notifications a person caused, whose titles name them: rewritten at their erasure (lib/audit/erased).
    index("notifications_actor_idx").on(t.actorId).where(sql`${t.actorId} is not null`),
    check("notifications_kind_check", sql`${t.kind} in (${inList(NOTIFICATION_KINDS)})`),
    check("notifications_email_state_check", sql`${t.emailState} in (${inList(NOTIFICATION_EMAIL_STATES)})`),
    check("notifications_path_check", sql`${t.path} like '/%' and ${t.path} not like '//%'`),
  ],
);

/** A person's choice for one kind; no row means both on. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().$type<NotificationKind>().notNull(),
    inApp: boolean().notNull().default(true),
    email: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check("notification_preferences_kind_check", sql`${t.kind} in (${inList(NOTIFICATION_KINDS)})`),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationPreference = typeof notificationPreferences.$inferSelect;

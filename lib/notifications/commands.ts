// A person's writes to their own notifications: mark one or all as read, and choose which
// kinds they get in the app and by email. Nobody acts on another person's notifications.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notificationPreferences, notifications } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { kindsForRoles } from "./kinds";
import type { PreferencesInput } from "./schemas";

/** Mark one of the person's notifications read; returns the path it is about (to follow it). */
export async function markNotificationRead(db: Db, input: { notificationId: string }, actor: Actor, now = new Date()) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, input.notificationId), eq(notifications.userId, actor.id)))
    .returning({ path: notifications.path });
  if (!row) throw new NotFoundError("Notification");
  return row;
}

export async function markAllNotificationsRead(db: Db, actor: Actor, now = new Date()) {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}

/**
 * Save the person's choices for the kinds they can receive: a kind not ticked is muted there.
 * Muted in the app: not listed or counted. Muted by email: not emailed (nor in a digest).
 */
export async function savePreferences(db: Db, input: PreferencesInput, actor: Actor, now = new Date()) {
  const offered = kindsForRoles(actor.memberships.map((m) => m.role));
  const inApp = new Set(input.inApp);
  const email = new Set(input.email);
  const rows = offered.map((kind) => ({ userId: actor.id, kind, inApp: inApp.has(kind), email: email.has(kind), updatedAt: now }));
  if (!rows.length) return { saved: 0 };
  await db
    .insert(notificationPreferences)
    .values(rows)
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: now },
    });
  return { saved: rows.length };
}

// A person's writes to their own notifications: mark one or all as read, and choose which
// kinds they get in the app and by email. Nobody acts on another person's notifications.
import { and, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notificationPreferences, notifications } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { kindsForRoles } from "./kinds";
import { exactCreatedAt } from "./queries";
import type { NotificationCursor, PreferencesInput } from "./schemas";

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

/**
 * How many rows an UPDATE or DELETE changed, from either driver's result (node-postgres says
 * `rowCount`, PGlite `affectedRows`): a count without RETURNING every row into memory.
 */
export function affectedRows(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number | null } | null | undefined;
  return Number(r?.rowCount ?? r?.affectedRows ?? 0);
}

/** Notifications one statement of markAllNotificationsRead marks (one short transaction each). */
export const MARK_ALL_BATCH = 5_000;

/**
 * Mark every notification the person has in the app, made up to `now`, read; returns how many.
 * An officer of a consultation with 300,000 responses may hold as many unread: one statement
 * over them all runs for seconds (near the statement timeout) holding their row locks, so they
 * are marked in batches of MARK_ALL_BATCH, newest first, each its own short statement. Each
 * batch is a range of the (user_id, created_at) index below the one before, its lower end the
 * batch's oldest unread notification (found by reading that many down the index), so no batch
 * walks past rows already marked, and none is an `id in (… limit n)`, which the planner may
 * answer with a scan of the whole table. A batch that fails leaves those before it marked
 * (pressing the button again finishes). The bound on `now` ends the loop while partners keep
 * submitting and leaves unread what arrived after the press. The count is each UPDATE's row
 * count: no id comes back.
 */
export async function markAllNotificationsRead(db: Db, actor: Actor, now = new Date()) {
  const key = sql`(${notifications.createdAt}, ${notifications.id})`;
  const cursor = (c: NotificationCursor) => sql`(${c.at}::timestamptz, ${c.id}::uuid)`;
  let upper: NotificationCursor | null = null;
  let marked = 0;
  for (;;) {
    const unread = and(
      eq(notifications.userId, actor.id),
      isNull(notifications.readAt),
      eq(notifications.inApp, true),
      lte(notifications.createdAt, now),
      upper ? sql`${key} < ${cursor(upper)}` : undefined,
    );
    // The batch's oldest: the MARK_ALL_BATCH-th unread below the last batch (none: the rest is the last batch).
    const [lower]: NotificationCursor[] = await db
      .select({ at: exactCreatedAt, id: notifications.id })
      .from(notifications)
      .where(unread)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(1)
      .offset(MARK_ALL_BATCH - 1);
    const result = await db
      .update(notifications)
      .set({ readAt: now })
      .where(and(unread, lower ? sql`${key} >= ${cursor(lower)}` : undefined));
    marked += affectedRows(result);
    if (!lower) return { marked };
    upper = lower;
  }
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

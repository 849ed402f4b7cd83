// Reading a person's notifications: the list (newest first, keyset-paged), the unread count
// for the header (capped), and their preferences. Everything is the signed-in person's own:
// no other access rule.
import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { notificationPreferences, notifications } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { KIND_INFO, kindsForRoles, type NotificationKind } from "./kinds";
import { encodeNotificationCursor, type NotificationCursor } from "./schemas";
import { exactUtc, keysetPage, newestFirstRange, type KeysetDirection } from "../keyset";

export const PAGE_SIZE = 20;
/** The header shows "99+" beyond this: the count stops there so it stays cheap. */
export const UNREAD_CAP = 99;

export type NotificationItem = { id: string; kind: NotificationKind; title: string; path: string; createdAt: Date; readAt: Date | null };

/**
 * One page of the list and the cursors of its neighbours, for the addresses of the "Newer"
 * (`?after=newer`) and "Older" (`?before=older`) links: null where there is no such page.
 */
export type NotificationPage = { items: NotificationItem[]; newer: string | null; older: string | null };

/** A notification's creation time as UTC text to the microsecond, for its cursor. */
export const exactCreatedAt = exactUtc(notifications.createdAt);

type Row = NotificationItem & { at: string };
const keyOf = (r: Row): NotificationCursor => ({ at: r.at, id: r.id });

/**
 * `limit` of the person's listed notifications from `from` on (not including it): down the list
 * the older ones newest first, up it the newer ones oldest first. A range of the (user_id,
 * created_at) index read from where the cursor points, so every page costs what the first one
 * does however many there are, and notifications arriving meanwhile never shift a page.
 */
async function readFrom(db: Db, userId: string, from: NotificationCursor | null, direction: KeysetDirection, limit: number): Promise<Row[]> {
  const range = newestFirstRange(notifications.createdAt, notifications.id, from, direction);
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      path: notifications.path,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      at: exactCreatedAt,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.inApp, true), range.where))
    .orderBy(...range.orderBy)
    .limit(limit);
}

/**
 * A page of the person's notifications, newest first, by keyset (keysetPage): the newest
 * PAGE_SIZE, or those just older than `before`, or just newer than `after`. Nothing counts them
 * all. A cursor that leads nowhere (a stale or tampered link, or fewer than a page newer than
 * `after`) gives the newest page; given both, `after` is read.
 */
export async function listNotifications(
  db: Db,
  actor: Pick<Actor, "id">,
  { before = null, after = null }: { before?: NotificationCursor | null; after?: NotificationCursor | null } = {},
): Promise<NotificationPage> {
  const page = await keysetPage(
    (from, direction, limit) => readFrom(db, actor.id, from, direction, limit),
    { down: before, up: after },
    PAGE_SIZE,
    keyOf,
    encodeNotificationCursor,
  );
  return { items: page.rows.map(({ at: _at, ...item }) => item), newer: page.previous, older: page.next };
}

/**
 * Unread notifications shown in the app for the person `userId` names (an id, or a column of
 * the statement it is part of), counted up to UNREAD_CAP + 1 from the partial index
 * notifications_unread_created_idx alone, so a person with thousands unread costs no more.
 */
export const unreadCount = (userId: SQLWrapper | string) =>
  sql<number>`(select count(*)::int from (select 1 from ${notifications} where ${notifications.userId} = ${userId} and ${notifications.readAt} is null and ${notifications.inApp} limit ${sql.raw(String(UNREAD_CAP + 1))}) x)`;

export async function countUnread(db: Db, userId: string): Promise<number> {
  const result = await rowsOf<{ n: number }>(db, sql`select ${unreadCount(userId)} as n`);
  return result[0]?.n ?? 0;
}

export async function getNotification(db: Db, actor: Pick<Actor, "id">, id: string) {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, actor.id)));
  return row ?? null;
}

export type PreferenceRow = { kind: NotificationKind; label: string; inApp: boolean; email: boolean };

/** The kinds this person can receive (by their roles), each with its two switches. */
export async function getPreferences(db: Db, actor: Actor): Promise<PreferenceRow[]> {
  const saved = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const byKind = new Map(saved.map((s) => [s.kind, s]));
  return kindsForRoles(actor.memberships.map((m) => m.role)).map((kind) => ({
    kind,
    label: KIND_INFO[kind].label,
    inApp: byKind.get(kind)?.inApp ?? true,
    email: byKind.get(kind)?.email ?? true,
  }));
}


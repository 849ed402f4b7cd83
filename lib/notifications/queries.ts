// Reading a person's notifications: the list (newest first, paged), the unread count for the
// header, and their preferences. Everything is the signed-in person's own: no other access rule.
import { and, count, desc, eq, sql } from "drizzle-orm";
import { readTogether, rowsOf, type Db } from "../../db/client";
import { notificationPreferences, notifications } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { pageNumber } from "../input/page";
import { KIND_INFO, kindsForRoles, type NotificationKind } from "./kinds";

export const PAGE_SIZE = 20;
/** The header shows "99+" beyond this: the count stops there so it stays cheap. */
export const UNREAD_CAP = 99;

export async function listNotifications(db: Db, actor: Pick<Actor, "id">, { page = 1 }: { page?: number } = {}) {
  const p = pageNumber(page);
  const where = and(eq(notifications.userId, actor.id), eq(notifications.inApp, true));
  const [rows, [{ total }]] = await readTogether(db, [
    () => db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        title: notifications.title,
        path: notifications.path,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(PAGE_SIZE)
      .offset((p - 1) * PAGE_SIZE),
    () => db.select({ total: count() }).from(notifications).where(where),
  ]);
  return { items: rows, page: p, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
}

/**
 * Unread notifications shown in the app, counted up to UNREAD_CAP + 1 (from the partial index
 * notifications_unread_idx alone), so a person with thousands unread costs no more.
 */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const result = await rowsOf<{ n: number }>(db, 
    sql`select count(*)::int as n from (select 1 from ${notifications} where ${notifications.userId} = ${userId} and ${notifications.readAt} is null and ${notifications.inApp} limit ${UNREAD_CAP + 1}) x`,
  );
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


// Loads the person behind a session, with their roles, fresh from the database on every
// request so that a role change, an erasure, a deactivation or the end of their sessions takes
// effect at once.
import { and, eq, isNull, sql } from "drizzle-orm";
import { preparedQuery, type Db } from "../../db/client";
import { memberships, organisations, users } from "../../db/schema";
import { unreadCount } from "../notifications/queries";
import type { Actor } from "./policy";

// One read on every signed-in request (a row per membership), built once and named so that
// each connection plans it once.
const actorQuery = preparedQuery((db) =>
  db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      sessionVersion: users.sessionVersion,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      role: memberships.role,
      // The header's unread notifications, in the same statement (no extra round trip).
      unreadNotifications: unreadCount(users.id),
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(users.id, sql.placeholder("userId")), isNull(users.erasedAt), isNull(users.deactivatedAt)))
    .orderBy(organisations.name, memberships.role)
    .prepare("load_actor"),
);

/**
 * The person, or null. For a session, `session.version` is the version its token carries (see
 * sessions.ts): a token whose version is not the person's current one gets null. It is checked
 * on the row this named statement reads anyway, so ending sessions costs no query per request
 * and takes effect at the next request, not after a cache expires. Background work acting for
 * a person (no session) omits it.
 */
export async function loadActor(db: Db, userId: string, session?: { version: number }): Promise<(Actor & { unreadNotifications: number }) | null> {
  const rows = await actorQuery(db).execute({ userId });
  const user = rows[0];
  if (!user) return null;
  if (session && user.sessionVersion !== session.version) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    unreadNotifications: Number(user.unreadNotifications ?? 0),
    memberships: rows.flatMap((r) => (r.organisationId && r.organisationName && r.role ? [{ organisationId: r.organisationId, organisationName: r.organisationName, role: r.role }] : [])),
  };
}

/** The person who may sign in with this address: not erased, not deactivated. */
export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.erasedAt), isNull(users.deactivatedAt)));
  return user ?? null;
}

/** Demo users offered for one-click sign-in, with their roles. */
export async function listDemoUsers(db: Db) {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      organisationName: organisations.name,
    })
    .from(users)
    // A demo member of the public belongs to no organisation: listed with no roles.
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(users.isDemo, true), isNull(users.erasedAt), isNull(users.deactivatedAt)))
    .orderBy(users.name);
  const byUser = new Map<string, { id: string; name: string | null; email: string; roles: string[]; organisationName: string }>();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [], organisationName: r.organisationName ?? "Member of the public" };
    if (r.role) u.roles.push(r.role);
    byUser.set(r.id, u);
  }
  return [...byUser.values()];
}

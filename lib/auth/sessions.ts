// Ending sessions everywhere. A session is a signed cookie (a JWT) that the server keeps no
// copy of, so it cannot be deleted; instead each person has a session version, every token
// carries the version it was issued with, and the read of the signed-in person on every
// request (loadActor) refuses a token whose version has moved on. Raising the version ends
// every session of the person at once, on every instance, from their next request.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";

/** The version a new session of the person carries. */
export async function currentSessionVersion(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row?.v ?? 0;
}

/**
 * Ends every session of the person (sign-out, or an administrator's decision). With
 * `fromVersion` (a sign-out), only if the signing-out session is still current: signing out
 * with an already-ended session's cookie does not end the sessions begun since.
 */
export async function endSessions(db: Db, userId: string, fromVersion?: number): Promise<boolean> {
  const ended = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(fromVersion === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.sessionVersion, fromVersion)))
    .returning({ id: users.id });
  return ended.length > 0;
}

/**
 * The version a token carries, as a number; tokens issued before versions existed carry none
 * and count as version 0 (the column's default), so they stay valid until the first sign-out.
 */
export function tokenSessionVersion(token: object | null | undefined): number {
  const v = (token as { sv?: unknown } | null | undefined)?.sv;
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
}

// Reading API keys: the admin list, and turning a presented key into the actor it acts as.
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiKeys, organisations, users, type ApiKeyScope } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { hashApiKey, looksLikeApiKey, serviceAccountEmail } from "./token";

export async function listApiKeys(db: Db, actor: Actor) {
  authorize(actor, "admin.manage", { kind: "system" });
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      organisationId: apiKeys.organisationId,
      organisationName: organisations.name,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.organisationId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
}

export type ApiKeyPrincipal = {
  apiKeyId: string;
  scope: ApiKeyScope;
  organisationId: string;
  /** Who the lib functions see: the key's service account with the key's organisation role. */
  actor: Actor;
};

/** Last-used is written at most this often per key, so reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The principal for a presented key, or null for an unknown, malformed or revoked key. A
 * council's key acts as an officer of that council; any other organisation's key acts as a
 * partner of it. A "read" key is refused every write by `can` (lib/auth/policy).
 */
export async function authenticateApiKey(db: Db, presented: string, now = new Date()): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      organisationId: apiKeys.organisationId,
      organisationName: organisations.name,
      organisationType: organisations.type,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.organisationId))
    .where(eq(apiKeys.hash, hashApiKey(presented)));
  if (!row || row.revokedAt) return null;
  const email = serviceAccountEmail(row.id);
  const [account] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email));
  if (!account) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
  }
  const role = row.organisationType === "council" ? "officer" : "partner";
  return {
    apiKeyId: row.id,
    scope: row.scope,
    organisationId: row.organisationId,
    actor: {
      id: account.id,
      name: account.name,
      email,
      memberships: [{ organisationId: row.organisationId, organisationName: row.organisationName, role }],
      apiKeyScope: row.scope,
    },
  };
}

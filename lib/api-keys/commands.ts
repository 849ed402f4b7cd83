// Creating and revoking API keys (admins only). The key is returned once, at creation, and
// only its SHA-256 is stored. Each key gets a service account so that what it does is
// recorded against the key, not against a person.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiKeys, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import type { CreateApiKeyInput } from "./schemas";
import { organisationToJoin, type JoinRefusals } from "../admin/commands";
import { apiKeyPrefix, generateApiKey, hashApiKey, serviceAccountEmail } from "./token";

const SYSTEM = { kind: "system" } as const;

export type CreatedApiKey = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "read_write";
  organisationId: string;
  organisationName: string;
  /** The whole key. Shown to the admin once; it cannot be recovered afterwards. */
  key: string;
};

/** Where a key may act: the refusals of organisationToJoin, as the key's form says them. */
const KEY_REFUSALS: JoinRefusals = {
  missing: "Select the organisation the key acts for",
  merged: "That organisation was merged into another: choose the one it was merged into",
  public: "A key cannot act for the council's “Members of the public”: choose a partner organisation or the council",
};

export async function createApiKey(db: Db, input: CreateApiKeyInput, actor: Actor): Promise<CreatedApiKey> {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const org = await organisationToJoin(tx, input.organisationId, KEY_REFUSALS);
    const key = generateApiKey();
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: apiKeyPrefix(key),
        hash: hashApiKey(key),
        organisationId: org.id,
        scope: input.scope,
        createdBy: actor.id,
      })
      .returning();
    await tx.insert(users).values({ name: `API key: ${input.name}`, email: serviceAccountEmail(row.id) });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      organisationId: org.id,
      // Never the key or its hash: the audit log is readable by more people than the key's owner.
      after: { name: row.name, prefix: row.prefix, scope: row.scope, organisation: org.name },
    });
    return { id: row.id, name: row.name, prefix: row.prefix, scope: row.scope, organisationId: org.id, organisationName: org.name, key };
  });
}

export async function revokeApiKey(db: Db, apiKeyId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, apiKeyId));
    if (!row) throw new NotFoundError("API key");
    if (row.revokedAt) throw new InvalidError("That key has already been revoked", { apiKeyId: "That key has already been revoked" });
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: row.id,
      organisationId: row.organisationId,
      before: { name: row.name, prefix: row.prefix, revokedAt: null },
      after: { revokedAt: after.revokedAt },
    });
    return after;
  });
}

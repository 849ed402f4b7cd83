// Creating and revoking API keys (admins only). The key is returned once, at creation, and
// only its SHA-256 is stored. Each key gets a service account so that what it does is
// recorded against the key, not against a person.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiKeys, organisations, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import type { CreateApiKeyInput } from "./schemas";
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

export async function createApiKey(db: Db, input: CreateApiKeyInput, actor: Actor): Promise<CreatedApiKey> {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    // Shared-locked: a merge of it under way finishes first, and then it reads as merged.
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).for("share");
    if (!org) throw new InvalidError("Select the organisation the key acts for", { organisationId: "Select the organisation the key acts for" });
    // A key acts as a partner of its organisation; "Members of the public" has no members, ever
    // (a key for it would read every member of the public's response).
    if (org.type === "public" || org.mergedIntoId) {
      const m = org.type === "public" ? "A key cannot act for the council's “Members of the public”: choose a partner organisation or the council" : "That organisation was merged into another: choose the one it was merged into";
      throw new InvalidError(m, { organisationId: m });
    }
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

// Administration of people, organisations and roles. Each command checks the actor may
// administer and writes the audit log in the same transaction.
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { memberships, organisations, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { endSessions } from "../auth/sessions";
import { InvalidError, NotFoundError } from "../errors";
import { isUuid } from "../sql";
import type { createOrganisationSchema, createUserSchema, grantRoleSchema } from "./schemas";

const SYSTEM = { kind: "system" } as const;

export async function createOrganisation(db: Db, input: z.infer<typeof createOrganisationSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, input.name));
    if (existing.length) throw new InvalidError("An organisation with that name already exists", { name: "An organisation with that name already exists" });
    const [org] = await tx.insert(organisations).values(input).returning();
    await writeAudit(tx, { actorId: actor.id, action: "organisation.create", entityType: "organisation", entityId: org.id, organisationId: org.id, after: input });
    return org;
  });
}

/** What organisationToJoin says at the field for each refusal; the summary's message is the field's unless given. */
export type JoinRefusals = {
  missing: string;
  merged: string;
  public: string;
  publicSummary?: string;
};

/** A person's role: the refusals of organisationToJoin for the people pages. */
export const ROLE_REFUSALS: JoinRefusals = {
  missing: "Select an organisation",
  merged: "That organisation was merged into another: choose the one it was merged into",
  public: "Choose a partner organisation or the council",
  publicSummary: "Nobody can be added to the council's “Members of the public”: members of the public need no organisation",
};

/**
 * The organisation a person or an API key is given a role in (added, granted, moved, a key
 * created), or a refusal at the field: one that exists and still stands (not merged into
 * another), and not the council's "Members of the public", which holds no staff or partners (a
 * key for it would read every member of the public's response). The choice offers no other;
 * this refuses a hand-made post. Shared-locked: a merge of it under way finishes first, and then
 * it reads as merged.
 */
export async function organisationToJoin(tx: Pick<Db, "select">, organisationId: string, refusals: JoinRefusals = ROLE_REFUSALS) {
  const [org] = isUuid(organisationId) ? await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for("share") : [];
  const why = !org ? "missing" : org.mergedIntoId ? "merged" : org.type === "public" ? "public" : null;
  if (why) throw new InvalidError((why === "public" && refusals.publicSummary) || refusals[why], { organisationId: refusals[why] });
  return org!;
}

export async function createUser(db: Db, input: z.infer<typeof createUserSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const org = await organisationToJoin(tx, input.organisationId);
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing.length) throw new InvalidError("Someone with that email address already has an account", { email: "Someone with that email address already has an account" });
    const [user] = await tx.insert(users).values({ name: input.name, email: input.email }).returning();
    await tx.insert(memberships).values({ userId: user.id, organisationId: org.id, role: input.role });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      organisationId: org.id,
      after: { name: input.name, email: input.email, organisation: org.name, role: input.role },
    });
    return user;
  });
}

export async function grantRole(db: Db, input: z.infer<typeof grantRoleSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!user) throw new NotFoundError("Person");
    const org = await organisationToJoin(tx, input.organisationId);
    const inserted = await tx.insert(memberships).values(input).onConflictDoNothing().returning();
    if (!inserted.length) throw new InvalidError("They already have that role in that organisation", { role: "They already have that role in that organisation" });
    await writeAudit(tx, { actorId: actor.id, action: "membership.grant", entityType: "user", entityId: user.id, organisationId: org.id, after: { organisation: org.name, role: input.role } });
  });
}

export async function revokeRole(db: Db, membershipId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(memberships).where(eq(memberships.id, membershipId));
    if (!m) throw new NotFoundError("Role");
    if (m.userId === actor.id && m.role === "admin") {
      throw new InvalidError("You cannot remove your own administrator role");
    }
    await tx.delete(memberships).where(and(eq(memberships.id, membershipId)));
    await writeAudit(tx, { actorId: actor.id, action: "membership.revoke", entityType: "user", entityId: m.userId, organisationId: m.organisationId, before: { role: m.role } });
  });
}

/**
 * Ends every session of a person (a lost laptop, a compromised account, someone leaving): they
 * are signed out on every device at their next request (lib/auth/sessions.ts) and must sign in
 * again. Their account and roles are untouched.
 */
export async function endUserSessions(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, name: users.name, erasedAt: users.erasedAt }).from(users).where(eq(users.id, userId)).for("update");
    if (!user || user.erasedAt) throw new NotFoundError("Person");
    await endSessions(tx, user.id);
    await writeAudit(tx, { actorId: actor.id, action: "user.end_sessions", entityType: "user", entityId: user.id });
    return { name: user.name };
  });
}

/** A person as the "end sessions" confirmation names them. */
export async function getUserForAdmin(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const [user] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.id, userId), isNull(users.erasedAt)));
  if (!user) throw new NotFoundError("Person");
  return user;
}


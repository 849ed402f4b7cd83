// The audit log: every change of state is recorded in the same transaction as the change.
// Rows are never updated or deleted (a database trigger enforces it).
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditLog, users } from "../../db/schema";
import type { AuditAction } from "./labels";

export type AuditInput = {
  actorId: string | null;
  /** A kind with a label in labels.ts, so every entry reads in words. */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  consultationId?: string | null;
  organisationId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Append one entry, or several in one insert. */
export async function writeAudit(db: Db, entry: AuditInput | AuditInput[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (!entries.length) return;
  await auditInsert(db, entries);
}

/**
 * The insert of one or more entries, not yet run: to run it as part of another statement (a
 * data-modifying CTE), so the entry is written with the change it records in one round trip.
 */
export function auditInsert(db: Db, entries: AuditInput[]) {
  return db.insert(auditLog).values(
    entries.map((e) => ({
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      consultationId: e.consultationId ?? null,
      organisationId: e.organisationId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

export type AuditFilter = {
  consultationId?: string;
  actorId?: string;
  action?: string;
  /** Keyset paging: entries older than this id. */
  beforeId?: number;
  limit?: number;
};

export async function listAudit(db: Db, filter: AuditFilter = {}) {
  const where: SQL[] = [];
  if (filter.consultationId) where.push(eq(auditLog.consultationId, filter.consultationId));
  if (filter.actorId) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      consultationId: auditLog.consultationId,
      before: auditLog.before,
      after: auditLog.after,
      actorId: auditLog.actorId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(filter.limit ?? 100, 500));
}

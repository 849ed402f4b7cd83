// The audit log: every change of state is recorded in the same transaction as the change.
// Rows are never updated or deleted (a database trigger enforces it).
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";
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

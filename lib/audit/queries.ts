// Reading the audit log: per consultation (its council's officers, signatories and admins) and
// for the whole system (administrators), filterable by action and actor, keyset-paged by id.
import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { auditLog, consultations, users } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { InvalidError } from "../errors";
import { ERASED_PERSON, withholdErased } from "./erased";
import { withholdAnswers } from "./withhold";
import { isUuid } from "../sql";

export type AuditQuery = {
  action?: string;
  actorId?: string;
  /** Older than this id (next page). */
  before?: number;
  /** Newer than this id (previous page). */
  after?: number;
  limit?: number;
};

export const AUDIT_PAGE_SIZE = 50;

/** How an entry names someone who gave no name (a member of the public). */
const NO_NAME = "Someone who gave no name";

/**
 * Who acted, by name: an erased person said as such (never "the system", which acts with no
 * person), someone who gave no name (a member of the public) as one. Null: the system.
 */
function actorName() {
  return sql<string | null>`case when ${users.id} is null then null when ${users.erasedAt} is not null then ${ERASED_PERSON}::text else coalesce(${users.name}, ${NO_NAME}::text) end`;
}

export type AuditRow = {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  consultationId: string | null;
  consultationTitle: string | null;
  /** The council that owns the consultation, and the organisation the entry is about. */
  consultationOwnerId: string | null;
  organisationId: string | null;
  before: unknown;
  after: unknown;
  actorId: string | null;
  actorName: string | null;
};

async function page(db: Db, scope: SQL | undefined, q: AuditQuery, actor: Actor) {
  const limit = Math.max(1, Math.min(200, q.limit ?? AUDIT_PAGE_SIZE));
  const where: (SQL | undefined)[] = [scope];
  if (q.action) {
    if (q.action.length > 100) throw new InvalidError("Choose an action from the list", { action: "Choose an action from the list" });
    where.push(eq(auditLog.action, q.action));
  }
  if (q.actorId) {
    if (!isUuid(q.actorId)) throw new InvalidError("Choose a person from the list", { actor: "Choose a person from the list" });
    where.push(eq(auditLog.actorId, q.actorId));
  }
  const backwards = q.after !== undefined && q.before === undefined;
  if (q.before !== undefined) where.push(lt(auditLog.id, q.before));
  else if (q.after !== undefined) where.push(gt(auditLog.id, q.after));
  const rows: AuditRow[] = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      consultationId: auditLog.consultationId,
      consultationTitle: consultations.title,
      consultationOwnerId: consultations.ownerOrganisationId,
      organisationId: auditLog.organisationId,
      before: auditLog.before,
      after: auditLog.after,
      actorId: auditLog.actorId,
      actorName: actorName(),
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(consultations, eq(consultations.id, auditLog.consultationId))
    .where(and(...where))
    .orderBy(backwards ? asc(auditLog.id) : desc(auditLog.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  // Partners' answers only to those who may read them (withhold.ts says why).
  // An erased person's name and address, wherever an entry wrote them before (erased.ts says why).
  const shown = (await withholdErased(db, rows.slice(0, limit))).map((r) => withholdAnswers(r, actor));
  if (backwards) shown.reverse();
  const newest = shown[0]?.id;
  const oldest = shown[shown.length - 1]?.id;
  return {
    rows: shown,
    /** Cursor for older entries (`before`), or null on the last page. */
    olderThan: (backwards ? shown.length > 0 : more) ? (oldest ?? null) : null,
    /** Cursor for newer entries (`after`), or null on the first page. */
    newerThan: (backwards ? more : q.before !== undefined) ? (newest ?? null) : null,
  };
}

async function filterOptions(db: Db, scope: SQL | undefined) {
  const [actions, actors] = await readTogether(db, [
    () => db.selectDistinct({ action: auditLog.action }).from(auditLog).where(scope).orderBy(asc(auditLog.action)),
    () => db
      .selectDistinct({ id: users.id, name: sql<string>`${actorName()}` })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorId))
      .where(scope)
      .orderBy(asc(sql`2`), asc(users.id)),
  ]);
  return { actions: actions.map((a) => a.action), actors };
}

/** One consultation's audit entries, newest first. */
export async function listConsultationAudit(db: Db, input: { consultationId: string } & AuditQuery, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "audit.read", actor);
  const scope = eq(auditLog.consultationId, c.id);
  const [result, options] = await readTogether(db, [() => page(db, scope, input, actor), () => filterOptions(db, scope)]);
  return { consultation: c, ...result, options };
}

/** Every audit entry in the system, newest first: administrators only. */
export async function listSystemAudit(db: Db, input: AuditQuery, actor: Actor) {
  authorize(actor, "audit.read", { kind: "system" });
  const [result, options] = await readTogether(db, [() => page(db, undefined, input, actor), () => filterOptions(db, undefined)]);
  return { ...result, options };
}

// Reading the audit log: per consultation (its council's officers and signatories) and for the
// whole system (administrators), filterable by action and by person, keyset-paged by id.
import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { auditLog, consultations, memberships, users } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { consultationFor } from "../collation/access";
import { InvalidError, parseField } from "../errors";
import { ERASED_PERSON, withholdErased } from "./erased";
import { AUDIT_PERSON_MATCHES_MAX, auditPersonSchema } from "./schemas";
import { withholdAnswers } from "./withhold";
import { isUuid, likePrefix, uuidArray } from "../sql";

export type AuditQuery = {
  action?: string;
  /** One person's entries, by their id (a link to them). */
  actorId?: string;
  /**
   * The entries of the people whose name begins with this text or whose email address is it,
   * case aside, as typed into "Person (name or email)" (checked by auditPersonSchema).
   */
  person?: string;
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

/**
 * The ids of the people `text` finds: those whose name begins with it, or whose email address is
 * it, case aside. Not "contains", and the whole address only: an officer is not shown members of
 * the public's addresses, and a part of one that finds entries would let them be spelt out a
 * character at a time; a whole address can only confirm a guess. Both are read from users'
 * indexes (the email's unique one; lower(name) text_pattern_ops), at most
 * AUDIT_PERSON_MATCHES_MAX + 1 rows, so the search never reads every person. Erased people are
 * left out: their name is gone and their address is a placeholder, nothing is held to find them
 * by (and their old address, which a search would otherwise confirm, is not held at all).
 *
 * Within one consultation's log (`consultationId`), only people with entries in it count (so a
 * common first name is refused only if more than the limit of them acted on it, not across the
 * whole service), and an address finds only council staff and partner contacts (people with a
 * role): a member of the public's address, typed as a guess, must not confirm that they responded.
 */
async function peopleMatching(db: Db, text: string, consultationId?: string): Promise<string[]> {
  // Addresses are stored as the sign-in form writes them: trimmed and in lower case.
  const byEmail = eq(users.email, text.toLowerCase());
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        isNull(users.erasedAt),
        or(
          consultationId ? and(byEmail, sql`exists (select 1 from ${memberships} m where m.user_id = ${users.id})`) : byEmail,
          sql`lower(${users.name}) like lower(${likePrefix(text)})`,
        ),
        consultationId ? sql`exists (select 1 from ${auditLog} a where a.actor_id = ${users.id} and a.consultation_id = ${consultationId})` : undefined,
      ),
    )
    .limit(AUDIT_PERSON_MATCHES_MAX + 1);
  if (found.length > AUDIT_PERSON_MATCHES_MAX) {
    const who = consultationId ? `people whose names begin “${text}” have entries here` : `people's names begin “${text}”`;
    const message = `More than ${AUDIT_PERSON_MATCHES_MAX} ${who}: enter more of their name, or their whole email address`;
    throw new InvalidError(message, { person: message });
  }
  return found.map((p) => p.id);
}

/** The person's text as the filter takes it, or a refusal that says why (at the field). */
function personText(text: string | undefined): string | undefined {
  return parseField(auditPersonSchema, text ?? "", "person");
}

async function page(db: Db, scope: SQL | undefined, q: AuditQuery, actor: Actor, consultationId?: string) {
  const limit = Math.max(1, Math.min(200, q.limit ?? AUDIT_PAGE_SIZE));
  const where: (SQL | undefined)[] = [scope];
  if (q.action) {
    if (q.action.length > 100) throw new InvalidError("Choose an action from the list", { action: "Choose an action from the list" });
    where.push(eq(auditLog.action, q.action));
  }
  if (q.actorId) {
    if (!isUuid(q.actorId)) throw new InvalidError("The person in the address was not found", { actor: "The person in the address was not found" });
    where.push(eq(auditLog.actorId, q.actorId));
  }
  const text = personText(q.person);
  if (text !== undefined) {
    const ids = await peopleMatching(db, text, consultationId);
    if (!ids.length) return { rows: [] as AuditRow[], olderThan: null, newerThan: null };
    // One person (a whole address, a full name): equality, so an index on (actor_id, id) can
    // serve the page in order.
    where.push(ids.length === 1 ? eq(auditLog.actorId, ids[0]!) : sql`${auditLog.actorId} = any(${uuidArray(ids)})`);
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

/**
 * Who a link's `actorId` names, as the log shows them (an erased person as such), for the page to
 * say whose entries it lists; null when no one has that id. One read by primary key.
 */
async function actorShown(db: Db, actorId: string | undefined): Promise<{ id: string; name: string } | null> {
  if (!actorId || !isUuid(actorId)) return null;
  const [row] = await db.select({ id: users.id, name: actorName() }).from(users).where(eq(users.id, actorId));
  return row ? { id: row.id, name: row.name ?? NO_NAME } : null;
}

// The filter's actions are the fixed list in labels.ts (every kind the code writes), not the
// distinct actions of the entries, and its people are found by what is typed: neither reads the
// log, which at scale holds millions of entries (and a person for every response).

/** One consultation's audit entries, newest first. */
export async function listConsultationAudit(db: Db, input: { consultationId: string } & AuditQuery, actor: Actor) {
  const c = await consultationFor(db, input.consultationId, "audit.read", actor);
  const scope = eq(auditLog.consultationId, c.id);
  const [result, filteredBy] = await readTogether(db, [() => page(db, scope, input, actor, c.id), () => actorShown(db, input.actorId)]);
  return { consultation: c, ...result, filteredBy };
}

/** Every audit entry in the system, newest first: administrators only. */
export async function listSystemAudit(db: Db, input: AuditQuery, actor: Actor) {
  authorize(actor, "audit.read", { kind: "system" });
  const [result, filteredBy] = await readTogether(db, [() => page(db, undefined, input, actor), () => actorShown(db, input.actorId)]);
  return { ...result, filteredBy };
}

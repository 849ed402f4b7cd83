// An administrator's work on one person: edit their name, email and organisation, deactivate and
// reactivate them. Deactivation is how someone leaves: they cannot sign in (findUserByEmail and
// loadActor leave them out), every session of theirs ends at once (the session version is
// raised), and they are not offered as an assignee, invited or emailed. Their past work keeps
// their name. Each command writes the audit log in its transaction.
import { and, asc, desc, eq, gt, ilike, inArray, isNotNull, isNull, lt, ne, not, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { readTogether, rowsOf, type Db } from "../../db/client";
import { memberships, organisations, users } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { endSessions } from "../auth/sessions";
import { InvalidError, NotFoundError, parseField } from "../errors";
import { keysetPage, type KeysetDirection } from "../keyset";
import { isUuid, likeContains } from "../sql";
import { organisationToJoin } from "./commands";
import { cappedCount } from "./counts";
import { decodePersonCursor, encodePersonCursor, type PersonCursor } from "./cursors";
import { textSearchSchema } from "../input/search";
import type { updatePersonSchema } from "./schemas";

const SYSTEM = { kind: "system" } as const;

export type PersonForAdmin = {
  id: string;
  name: string | null;
  email: string;
  deactivatedAt: Date | null;
  roles: { membershipId: string; role: string; organisationId: string; organisationName: string }[];
};

/** A person with their roles, for their page. Erased people have no page. */
export async function getPerson(db: Db, userId: string, actor: Actor): Promise<PersonForAdmin> {
  authorize(actor, "admin.manage", SYSTEM);
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt, erasedAt: users.erasedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.erasedAt) throw new NotFoundError("Person");
  const roles = await db
    .select({ membershipId: memberships.id, role: memberships.role, organisationId: organisations.id, organisationName: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name), asc(memberships.role));
  return { id: user.id, name: user.name, email: user.email, deactivatedAt: user.deactivatedAt, roles };
}

async function lockPerson(tx: Db, userId: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user || user.erasedAt) throw new NotFoundError("Person");
  return user;
}

/**
 * Change a person's name and email and, when an organisation is chosen, move every role they
 * hold to it (a role they already hold there is not doubled). A new email is theirs to sign in
 * with from now on; their sessions carry on.
 */
export async function updatePerson(db: Db, input: z.infer<typeof updatePersonSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const user = await lockPerson(tx, input.userId);
    if (input.email !== user.email) {
      const taken = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, input.email), ne(users.id, user.id)));
      if (taken.length) throw new InvalidError("Someone else already has that email address", { email: "Someone else already has that email address" });
    }
    const roles = await tx
      .select({ id: memberships.id, role: memberships.role, organisationId: memberships.organisationId, organisationName: organisations.name })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.userId, user.id));
    const before: Record<string, unknown> = { name: user.name, email: user.email };
    const after: Record<string, unknown> = { name: input.name, email: input.email };
    if (input.organisationId) {
      const org = await organisationToJoin(tx, input.organisationId);
      const moving = roles.filter((r) => r.organisationId !== org.id);
      if (moving.length) {
        if (moving.some((r) => r.role === "admin") && user.id === actor.id) {
          throw new InvalidError("You cannot move your own administrator role", { organisationId: "You cannot move your own administrator role" });
        }
        const held = new Set(roles.filter((r) => r.organisationId === org.id).map((r) => r.role));
        const toMove = moving.filter((r) => !held.has(r.role) && (held.add(r.role), true));
        const toDrop = moving.filter((r) => !toMove.includes(r));
        if (toMove.length) await tx.update(memberships).set({ organisationId: org.id }).where(inArray(memberships.id, toMove.map((r) => r.id)));
        if (toDrop.length) await tx.delete(memberships).where(inArray(memberships.id, toDrop.map((r) => r.id)));
        before.organisations = [...new Set(roles.map((r) => r.organisationName))].join(", ");
        after.organisations = org.name;
      }
    }
    await tx.update(users).set({ name: input.name, email: input.email }).where(eq(users.id, user.id));
    const changed = Object.keys(after).some((k) => before[k] !== after[k]);
    if (changed) await writeAudit(tx, { actorId: actor.id, action: "user.update", entityType: "user", entityId: user.id, before, after });
    return { id: user.id, name: input.name, email: input.email };
  });
}

/** Deactivate: no sign-in, every session ends now, not assigned or notified. */
export async function deactivatePerson(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  if (userId === actor.id) throw new InvalidError("You cannot deactivate your own account");
  return db.transaction(async (tx) => {
    const user = await lockPerson(tx, userId);
    if (user.deactivatedAt) return { name: user.name, email: user.email, changed: false };
    await tx.update(users).set({ deactivatedAt: sql`now()` }).where(eq(users.id, user.id));
    await endSessions(tx, user.id);
    await writeAudit(tx, { actorId: actor.id, action: "user.deactivate", entityType: "user", entityId: user.id, after: { name: user.name, email: user.email } });
    return { name: user.name, email: user.email, changed: true };
  });
}

/** Reactivate: they may sign in again (a new sign-in; old sessions stay ended). */
export async function reactivatePerson(db: Db, userId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const user = await lockPerson(tx, userId);
    if (!user.deactivatedAt) return { name: user.name, email: user.email, changed: false };
    await tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, user.id));
    await writeAudit(tx, { actorId: actor.id, action: "user.reactivate", entityType: "user", entityId: user.id, after: { name: user.name, email: user.email } });
    return { name: user.name, email: user.email, changed: true };
  });
}

export const PEOPLE_PAGE_SIZE = 50;

/** Which people the list shows: those who hold a role (staff and partners), or those who hold none. */
export const PEOPLE_GROUPS = ["with-roles", "without-roles"] as const;
export type PeopleGroup = (typeof PEOPLE_GROUPS)[number];

export type PeopleListRow = {
  id: string;
  name: string | null;
  email: string;
  erased: boolean;
  deactivated: boolean;
  roles: { membershipId: string; role: string; organisationName: string }[];
};

type PersonRow = { id: string; name: string | null; email: string; erasedAt: Date | null; deactivatedAt: Date | null; sortName: string | null };
const keyOf = (r: PersonRow): PersonCursor => ({ name: r.sortName, email: r.email });

/**
 * A page of people for the administrator, by name. People holding a role (council staff and
 * partners) are listed apart from those holding none (members of the public who signed in to
 * respond, thousands of them, and people whose roles were removed), so the list an administrator
 * works in stays short. `q` finds people whose name or email contains it (any case, LIKE's
 * wildcards as typed); a search the form would refuse (too long, a NUL) is refused at its field,
 * `q`. Paged by keyset from the cursor `after` (the next page) or `before` (the previous): those
 * with a name by their name in lower case, read in the order of its index (users_name_prefix_idx,
 * text_pattern_ops: code point order), then those with none by email (its unique index), so every
 * page costs what the first does. Both groups are counted for the same search up to
 * ADMIN_COUNT_CAP ("10,000+" beyond), never all of them.
 */
export async function listPeople(db: Db, input: { group?: string; q?: string; after?: unknown; before?: unknown }, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const group: PeopleGroup = input.group === "without-roles" ? "without-roles" : "with-roles";
  const q = parseField(textSearchSchema, input.q ?? "", "q");
  const hasRole = sql`exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id})`;
  const search = q ? or(ilike(users.name, likeContains(q)), ilike(users.email, likeContains(q))) : undefined;
  const inList = and(group === "with-roles" ? hasRole : not(hasRole), search);
  const sortName = sql<string | null>`lower(${users.name})`;
  const columns = { id: users.id, name: users.name, email: users.email, erasedAt: users.erasedAt, deactivatedAt: users.deactivatedAt, sortName };
  const named = (from: PersonCursor | null, down: boolean, limit: number) =>
    db
      .select(columns)
      .from(users)
      .where(
        and(
          inList,
          isNotNull(users.name),
          from?.name == null
            ? undefined
            : down
              ? sql`${sortName} ~>=~ ${from.name} and (${sortName} ~>~ ${from.name} or ${users.email} > ${from.email})`
              : sql`${sortName} ~<=~ ${from.name} and (${sortName} ~<~ ${from.name} or ${users.email} < ${from.email})`,
        ),
      )
      .orderBy(down ? sql`${sortName} using ~<~` : sql`${sortName} using ~>~`, down ? asc(users.email) : desc(users.email))
      .limit(limit);
  const unnamed = (from: PersonCursor | null, down: boolean, limit: number) =>
    db
      .select(columns)
      .from(users)
      .where(and(inList, isNull(users.name), from ? (down ? gt(users.email, from.email) : lt(users.email, from.email)) : undefined))
      .orderBy(down ? asc(users.email) : desc(users.email))
      .limit(limit);
  // Named people first, then the unnamed: down the list a named cursor reads on into the unnamed,
  // up it an unnamed cursor reads back into the named.
  const read = async (from: PersonCursor | null, direction: KeysetDirection, limit: number): Promise<PersonRow[]> => {
    const down = direction === "down";
    const first = down ? (from && from.name === null ? null : named) : from && from.name !== null ? null : unnamed;
    const rows = first ? await first(from, down, limit) : [];
    if (rows.length >= limit) return rows;
    if (down) return [...rows, ...(from?.name === null ? await unnamed(from, true, limit) : await unnamed(null, true, limit - rows.length))];
    return [...rows, ...(from && from.name !== null ? await named(from, false, limit) : await named(null, false, limit - rows.length))];
  };
  const [page, [counts]] = await readTogether(db, [
    () => keysetPage(read, { down: decodePersonCursor(input.after), up: decodePersonCursor(input.before) }, PEOPLE_PAGE_SIZE, keyOf, encodePersonCursor),
    () =>
      rowsOf<{ withRoles: number; withoutRoles: number }>(
        db,
        sql`select ${cappedCount(users, and(hasRole, search))} as "withRoles", ${cappedCount(users, and(not(hasRole), search))} as "withoutRoles"`,
      ),
  ]);
  const rows = page.rows;
  const roles = rows.length
    ? await db
        .select({ userId: memberships.userId, membershipId: memberships.id, role: memberships.role, organisationName: organisations.name })
        .from(memberships)
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(inArray(memberships.userId, rows.map((r) => r.id)))
        .orderBy(asc(organisations.name), asc(memberships.role))
    : [];
  const people: PeopleListRow[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    erased: !!r.erasedAt,
    deactivated: !!r.deactivatedAt,
    roles: roles.filter((m) => m.userId === r.id).map(({ membershipId, role, organisationName }) => ({ membershipId, role, organisationName })),
  }));
  const both = { withRoles: Number(counts!.withRoles), withoutRoles: Number(counts!.withoutRoles) };
  const total = group === "with-roles" ? both.withRoles : both.withoutRoles;
  return { people, group, q, total, counts: both, previous: page.previous, next: page.next };
}

/** One role a person holds, for the confirmation before removing it; null when it is gone. */
export async function getRoleForRemoval(db: Db, membershipId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  if (!isUuid(membershipId)) return null;
  const [row] = await db
    .select({ membershipId: memberships.id, role: memberships.role, organisationName: organisations.name, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.id, membershipId));
  return row ?? null;
}

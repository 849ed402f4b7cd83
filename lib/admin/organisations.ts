// An administrator's work on organisations: rename (and retype) one, and merge a duplicate into
// the one that stays ("Chorley CVS" into "Chorley Council for Voluntary Service"). A merge moves
// the duplicate's people (their roles), invitations, responses, API keys and any consultations
// it runs, in one transaction; it never drops a response, so if both organisations responded
// to the same consultation it is refused, naming those consultations. The duplicate's row
// stays (the append-only audit log refers to it), marked as merged and left out of every list.
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { readTogether, rowsOf, type Db } from "../../db/client";
import { actionPlans, apiKeys, consultations, invitations, memberships, organisations, planIndicators, planItems, planPriorities, planReturns, responses, documentComments, documentRepresentations, documentEndorsements } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { DomainError, InvalidError, NotFoundError, parseField } from "../errors";
import { keysetPage, type KeysetDirection } from "../keyset";
import { isUuid, likeContains } from "../sql";
import { cappedCount } from "./counts";
import { decodeNameCursor, encodeNameCursor, type NameCursor } from "./cursors";
import { organisationSearchSchema } from "../input/search";
import type { mergeOrganisationsSchema, renameOrganisationSchema } from "./schemas";
import { plural } from "../text/plural";

const SYSTEM = { kind: "system" } as const;

/** Refused merge: both organisations responded to these consultations (titles in `particulars`). */
export class MergeConflictError extends DomainError {
  readonly particulars: string[];
  constructor(consultations: string[], returns: string[] = []) {
    const particulars = [...consultations, ...returns.map(returnLabel)];
    const what = [
      consultations.length ? `responded to ${consultations.length === 1 ? "this consultation" : `these ${consultations.length} consultations`}` : "",
      returns.length ? `sent ${returns.length === 1 ? "a progress return for this period" : `progress returns for these ${returns.length} periods`}` : "",
    ].filter(Boolean).join(" and ");
    super(
      `Both organisations have ${what}, so they cannot be merged without losing a response${returns.length ? " or a return" : ""}. Ask one of them to withdraw or combine its answers first.`,
      "conflict",
      409,
      { consultations, returns },
    );
    this.particulars = particulars;
  }
}

/** A progress return as a merge conflict names it. */
const returnLabel = (r: string) => `Progress return: ${r}`;

/** How many organisations a search offers to choose from: the first this many by name. */
export const ORGANISATION_CHOICES = 50;

export type OrganisationChoices = {
  organisations: { id: string; name: string; type: string }[];
  /** The search as taken (trimmed); empty for none: the first organisations by name. */
  q: string;
  /** More organisations match than are offered: the administrator should search for more of the name. */
  more: boolean;
};

/**
 * The organisations an administrator may choose (to give someone a role in, to move their roles
 * to, for an API key to act for, to merge into): those whose name contains `q` (any case, its LIKE
 * wildcards matched as themselves), or the first by name when there is none, at most
 * ORGANISATION_CHOICES of them, so the form costs the same on a service of ten councils or of a
 * hundred thousand organisations. Never a merged organisation, nor a council's "Members of the
 * public" (it has no members, and cannot be merged). `except`: one to leave out (the duplicate
 * itself, when choosing what to merge it into). A search the form would refuse (too long, a NUL)
 * is refused here at its field, `org`.
 */
export async function findOrganisations(db: Db, input: { q?: string; except?: string }, actor: Actor): Promise<OrganisationChoices> {
  authorize(actor, "admin.manage", SYSTEM);
  const q = parseField(organisationSearchSchema, input.q ?? "", "org");
  const found = await db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .where(
      and(
        isNull(organisations.mergedIntoId),
        ne(organisations.type, "public"),
        q ? ilike(organisations.name, likeContains(q)) : undefined,
        input.except && isUuid(input.except) ? ne(organisations.id, input.except) : undefined,
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(ORGANISATION_CHOICES + 1);
  return { organisations: found.slice(0, ORGANISATION_CHOICES), q, more: found.length > ORGANISATION_CHOICES };
}

/** What the choice offers, said above it: how many, and whether to search for more of the name. */
export function organisationChoicesText({ organisations: offered, q, more }: OrganisationChoices): string {
  const count = offered.length;
  if (q) {
    if (more) return `Showing the first ${ORGANISATION_CHOICES} organisations matching “${q}”: search for more of the name to narrow them.`;
    if (!count) return `No organisations match “${q}”. Search for part of the name.`;
    return `${plural(count, "organisation matches", "organisations match")} “${q}”.`;
  }
  return more ? `Showing the first ${ORGANISATION_CHOICES} organisations by name: search for the one you want.` : "Search for an organisation by name, or choose one.";
}

export const ORGANISATIONS_PAGE_SIZE = 50;

export type OrganisationListRow = { id: string; name: string; type: string; people: number };

/**
 * A page of the organisations, by name, for the administrator's list: those whose name contains
 * `q`, read from the name's unique index from the cursor on (`after`: the next page, `before`: the
 * previous), each with how many people hold a role in it (counted for the page's rows alone), and
 * how many match, counted up to ADMIN_COUNT_CAP. A page costs its rows, however many there are.
 */
export async function listOrganisationsPage(db: Db, input: { q?: string; after?: unknown; before?: unknown }, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const q = parseField(organisationSearchSchema, input.q ?? "", "q");
  const where = and(isNull(organisations.mergedIntoId), q ? ilike(organisations.name, likeContains(q)) : undefined);
  const read = (from: NameCursor | null, direction: KeysetDirection, limit: number) =>
    db
      .select({ id: organisations.id, name: organisations.name, type: organisations.type })
      .from(organisations)
      .where(and(where, from ? (direction === "down" ? gt(organisations.name, from.name) : lt(organisations.name, from.name)) : undefined))
      .orderBy(direction === "down" ? asc(organisations.name) : desc(organisations.name))
      .limit(limit);
  const [page, [counted]] = await readTogether(db, [
    () => keysetPage(read, { down: decodeNameCursor(input.after), up: decodeNameCursor(input.before) }, ORGANISATIONS_PAGE_SIZE, (r) => ({ name: r.name }), encodeNameCursor),
    () => rowsOf<{ n: number }>(db, sql`select ${cappedCount(organisations, where)} as n`),
  ]);
  const ids = page.rows.map((r) => r.id);
  const people = ids.length
    ? await db
        .select({ organisationId: memberships.organisationId, n: sql<number>`count(distinct ${memberships.userId})::int` })
        .from(memberships)
        .where(inArray(memberships.organisationId, ids))
        .groupBy(memberships.organisationId)
    : [];
  const byOrg = new Map(people.map((p) => [p.organisationId, Number(p.n)]));
  const rows: OrganisationListRow[] = page.rows.map((r) => ({ ...r, people: byOrg.get(r.id) ?? 0 }));
  return { rows, q, total: Number(counted?.n ?? 0), previous: page.previous, next: page.next };
}

export async function getOrganisation(db: Db, organisationId: string, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  const [org] = await db.select().from(organisations).where(and(eq(organisations.id, organisationId), isNull(organisations.mergedIntoId)));
  if (!org) throw new NotFoundError("Organisation");
  return org;
}

const PUBLIC_ORG = "The council's “Members of the public” holds members of the public's own responses: it has no members and cannot be changed or merged";

export async function renameOrganisation(db: Db, input: z.infer<typeof renameOrganisationSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(and(eq(organisations.id, input.organisationId), isNull(organisations.mergedIntoId))).for("update");
    if (!org) throw new NotFoundError("Organisation");
    if (org.type === "public") throw new InvalidError(PUBLIC_ORG, { name: PUBLIC_ORG });
    if (org.name === input.name && org.type === input.type) return org;
    const taken = await tx.select({ id: organisations.id }).from(organisations).where(and(sql`lower(${organisations.name}) = lower(${input.name})`, ne(organisations.id, org.id)));
    if (taken.length) throw new InvalidError("Another organisation already has that name", { name: "Another organisation already has that name" });
    const [renamed] = await tx.update(organisations).set({ name: input.name, type: input.type }).where(eq(organisations.id, org.id)).returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: "organisation.update",
      entityType: "organisation",
      entityId: org.id,
      organisationId: org.id,
      before: { name: org.name, type: org.type },
      after: { name: input.name, type: input.type },
    });
    return renamed!;
  });
}

/** Consultations both organisations have a response to (titles, by title). */
async function conflictingConsultations(db: Db, fromId: string, intoId: string): Promise<string[]> {
  const other = alias(responses, "other");
  const rows = await db
    .select({ title: consultations.title })
    .from(responses)
    .innerJoin(other, and(eq(other.consultationId, responses.consultationId), eq(other.organisationId, intoId)))
    .innerJoin(consultations, eq(consultations.id, responses.consultationId))
    .where(eq(responses.organisationId, fromId))
    .orderBy(asc(consultations.title));
  return rows.map((r) => r.title);
}

/** The reporting periods both organisations have sent a progress return for ("plan title, period"). */
async function conflictingReturns(db: Db, fromId: string, intoId: string): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select ap.title || ', ' || p.label as name
      from plan_returns a
      join plan_returns b on b.period_id = a.period_id and b.organisation_id = ${intoId}
      join reporting_periods p on p.id = a.period_id
      join action_plans ap on ap.id = p.plan_id
      where a.organisation_id = ${fromId}
      order by ap.title, p.position`,
  );
  return rows.map((r) => r.name);
}

/** What a merge would move, and what stops it: for the confirmation page. */
export async function previewMerge(db: Db, input: z.infer<typeof mergeOrganisationsSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  if (input.organisationId === input.intoId) throw new InvalidError("Select a different organisation to keep", { intoId: "Select a different organisation to keep" });
  const both = await db.select().from(organisations).where(and(inArray(organisations.id, [input.organisationId, input.intoId]), isNull(organisations.mergedIntoId)));
  const from = both.find((o) => o.id === input.organisationId);
  const into = both.find((o) => o.id === input.intoId);
  if (!from) throw new NotFoundError("Organisation");
  if (!into) throw new InvalidError("Select the organisation to keep", { intoId: "Select the organisation to keep" });
  if (from.type === "public" || into.type === "public") throw new InvalidError(PUBLIC_ORG, { intoId: PUBLIC_ORG });
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const [people, invited, responded, endorsed, reported, conflicts, returnConflicts] = await readTogether(db, [
    () => n(db.select({ n: sql<number>`count(distinct ${memberships.userId})::int` }).from(memberships).where(eq(memberships.organisationId, from.id))),
    () => n(db.select({ n: count() }).from(invitations).where(eq(invitations.organisationId, from.id))),
    () => n(db.select({ n: count() }).from(responses).where(eq(responses.organisationId, from.id))),
    () => n(db.select({ n: count() }).from(documentEndorsements).where(eq(documentEndorsements.organisationId, from.id))),
    () => n(db.select({ n: count() }).from(planReturns).where(eq(planReturns.organisationId, from.id))),
    () => conflictingConsultations(db, from.id, into.id),
    () => conflictingReturns(db, from.id, into.id),
  ]);
  return { from, into, people, invitations: invited, responses: responded, progressReturns: reported, endorsements: endorsed, conflicts: [...conflicts, ...returnConflicts.map(returnLabel)] };
}

/**
 * Merge `organisationId` into `intoId`. Both rows are locked first, so two merges (or a merge
 * and a response being started) cannot interleave; the conflict check runs under the lock.
 */
export async function mergeOrganisations(db: Db, input: z.infer<typeof mergeOrganisationsSchema>, actor: Actor) {
  authorize(actor, "admin.manage", SYSTEM);
  if (input.organisationId === input.intoId) throw new InvalidError("Select a different organisation to keep", { intoId: "Select a different organisation to keep" });
  return db.transaction(async (tx) => {
    // The consultations the duplicate owns are locked before the organisations: a submission
    // holds its consultation's row and then takes the responding organisation's (the response's
    // foreign key), so taking them in the same order, the two cannot deadlock.
    await tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.ownerOrganisationId, input.organisationId)).orderBy(asc(consultations.id)).for("update");
    // Its responses, returns and comments too, before the organisations: a save holds its row and
    // then takes the organisation's (its audit entry's foreign key), so in this order the two
    // wait for each other rather than deadlock; one started after this is refused by the
    // organisation's lock (responses lib insertResponse) or found by the conflict checks below.
    await tx.select({ id: responses.id }).from(responses).where(eq(responses.organisationId, input.organisationId)).orderBy(asc(responses.id)).for("update");
    await tx.select({ id: planReturns.id }).from(planReturns).where(eq(planReturns.organisationId, input.organisationId)).orderBy(asc(planReturns.id)).for("update");
    await tx.select({ id: documentComments.id }).from(documentComments).where(eq(documentComments.organisationId, input.organisationId)).orderBy(asc(documentComments.id)).for("update");
    // Locked in id order, so two opposite merges cannot deadlock.
    const both = await tx
      .select()
      .from(organisations)
      .where(inArray(organisations.id, [input.organisationId, input.intoId]))
      .orderBy(asc(organisations.id))
      .for("update");
    const from = both.find((o) => o.id === input.organisationId);
    const into = both.find((o) => o.id === input.intoId);
    if (!from || from.mergedIntoId) throw new NotFoundError("Organisation");
    if (!into || into.mergedIntoId) throw new InvalidError("Select the organisation to keep", { intoId: "Select the organisation to keep" });
    if (from.type === "public" || into.type === "public") throw new InvalidError(PUBLIC_ORG, { intoId: PUBLIC_ORG });
    const conflicts = await conflictingConsultations(tx, from.id, into.id);
    const returnConflicts = await conflictingReturns(tx, from.id, into.id);
    if (conflicts.length || returnConflicts.length) throw new MergeConflictError(conflicts, returnConflicts);

    // Roles: moved unless the person already holds the same role in the one kept.
    const moved = await rowsOf<unknown>(tx, sql`
      update memberships m set organisation_id = ${into.id}
      where m.organisation_id = ${from.id}
        and not exists (select 1 from memberships k where k.organisation_id = ${into.id} and k.user_id = m.user_id and k.role = m.role)
      returning m.user_id`);
    await tx.delete(memberships).where(eq(memberships.organisationId, from.id));
    const inv = await tx.update(invitations).set({ organisationId: into.id }).where(eq(invitations.organisationId, from.id)).returning({ id: invitations.id });
    const resp = await tx.update(responses).set({ organisationId: into.id }).where(eq(responses.organisationId, from.id)).returning({ id: responses.id });
    const keys = await tx.update(apiKeys).set({ organisationId: into.id }).where(eq(apiKeys.organisationId, from.id)).returning({ id: apiKeys.id });
    // Comments on draft documents (issue 16) and their submissions move with the organisation.
    await tx.update(documentComments).set({ organisationId: into.id }).where(eq(documentComments.organisationId, from.id));
    await tx.update(documentRepresentations).set({ organisationId: into.id }).where(eq(documentRepresentations.organisationId, from.id));
    const owned = await tx.update(consultations).set({ ownerOrganisationId: into.id }).where(eq(consultations.ownerOrganisationId, from.id)).returning({ id: consultations.id });
    // Action plans (issue 15): the plans it owns, the priorities it leads, the items and
    // indicators it reports on, and its returns.
    const plans = await tx.update(actionPlans).set({ ownerOrganisationId: into.id }).where(eq(actionPlans.ownerOrganisationId, from.id)).returning({ id: actionPlans.id });
    await tx.update(planPriorities).set({ leadOrganisationId: into.id }).where(eq(planPriorities.leadOrganisationId, from.id));
    const items = await tx.update(planItems).set({ ownerOrganisationId: into.id }).where(eq(planItems.ownerOrganisationId, from.id)).returning({ id: planItems.id });
    const indicators = await tx.update(planIndicators).set({ ownerOrganisationId: into.id }).where(eq(planIndicators.ownerOrganisationId, from.id)).returning({ id: planIndicators.id });
    const returns = await tx.update(planReturns).set({ organisationId: into.id }).where(eq(planReturns.organisationId, from.id)).returning({ id: planReturns.id });
    // Endorsements are signed records: each stays as signed, for the organisation it was signed
    // for, and is shown and counted as the kept organisation's (lib/documents/endorsements.ts
    // currentOrganisations). Moving them would rewrite what a named signatory signed, and two
    // decisions on one version (one by each duplicate) could not both move.
    const [{ kept }] = await tx.select({ kept: count() }).from(documentEndorsements).where(eq(documentEndorsements.organisationId, from.id));
    await tx.update(organisations).set({ mergedIntoId: into.id }).where(eq(organisations.id, from.id));
    const moves = {
      roles: moved.length,
      invitations: inv.length,
      responses: resp.length,
      apiKeys: keys.length,
      consultations: owned.length,
      actionPlans: plans.length,
      planItems: items.length + indicators.length,
      progressReturns: returns.length,
      endorsementsKept: kept,
    };
    await writeAudit(tx, {
      actorId: actor.id,
      action: "organisation.merge",
      entityType: "organisation",
      entityId: into.id,
      organisationId: into.id,
      before: { name: from.name, type: from.type },
      after: { mergedInto: into.name, ...moves },
    });
    return { from, into, ...moves };
  });
}

// A consultation's audience: who is invited (picked, or imported from CSV), the invitation and
// reminder emails (queued as jobs, never sent from the request), and "opened" tracking.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import {
  consultations,
  invitations,
  memberships,
  organisations,
  responses,
  users,
  type Consultation,
  type Organisation,
} from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { addDays, ukDate } from "../consultations/dates";
import { InvalidError, LockedError, NotFoundError } from "../errors";
import { enqueueJob } from "../jobs/queue";
import { uuidArray } from "../sql";
import { readContactsCsv } from "./csv";
import { partnerOrganisation } from "./partners";

export const JOB_INVITATION = "email.invitation";
export const JOB_REMINDER = "email.reminder";
export const JOB_REMINDER_SCAN = "reminders.scan";

/** An invitation's email job is keyed by this and the invitation's id (one email, ever). */
export const INVITATION_JOB_KEY_PREFIX = "invitation:";
export const invitationJobKey = (invitationId: string) => `${INVITATION_JOB_KEY_PREFIX}${invitationId}`;

async function lockManaged(tx: Db, consultationId: string, actor: Actor): Promise<Consultation> {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("update");
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

function assertNotClosed(c: Consultation) {
  if (c.status === "closed" || c.status === "archived") throw new LockedError("This consultation is closed, so nobody more can be invited");
}

// ---------------------------------------------------------------------------------------------
// Picking the audience

/**
 * Invite named contacts and/or every partner contact of whole organisations. Contacts must hold
 * the partner role in a partner organisation (./partners: not the council running the
 * consultation, another council on the service, a merged or a public organisation). The ids are
 * checked here, whatever the picker listed: it lists only a search's or a short list's worth, and
 * a post may carry any id. Already invited people are left as they are. Emails go out on
 * publishing (or "Send invitations").
 */
export async function inviteContacts(
  db: Db,
  input: { consultationId: string; userIds: string[]; organisationIds: string[] },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, input.consultationId, actor);
    assertNotClosed(c);
    // Each list is one parameter (an array), however many boxes were ticked.
    const conditions = [];
    if (input.userIds.length) conditions.push(sql`${memberships.userId} = any(${uuidArray(input.userIds)})`);
    if (input.organisationIds.length) conditions.push(sql`${memberships.organisationId} = any(${uuidArray(input.organisationIds)})`);
    const found = await tx
      .select({ userId: users.id, name: users.name, email: users.email, organisationId: organisations.id, organisationName: organisations.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(
        and(
          eq(memberships.role, "partner"),
          partnerOrganisation(tx, c.ownerOrganisationId),
          isNull(users.erasedAt),
          isNull(users.deactivatedAt),
          conditions.length === 2 ? sql`(${conditions[0]} or ${conditions[1]})` : conditions[0],
        ),
      );
    // A person who is a partner in two organisations is invited for the one picked.
    const pickedOrgs = new Set(input.organisationIds);
    const pickedPeople = new Set(input.userIds);
    const chosen = new Map<string, (typeof found)[number]>();
    for (const f of found) {
      const picked = pickedOrgs.has(f.organisationId) || pickedPeople.has(f.userId);
      if (!picked) continue;
      const prev = chosen.get(f.userId);
      if (!prev || (!pickedOrgs.has(prev.organisationId) && pickedOrgs.has(f.organisationId))) chosen.set(f.userId, f);
    }
    const unknown = input.userIds.filter((u) => !chosen.has(u));
    if (unknown.length) throw new InvalidError("Select only partner contacts from the list", { contacts: "Select only partner contacts from the list" });
    if (!chosen.size) throw new InvalidError("Those organisations have no partner contacts yet. Import contacts from a CSV file instead.", { contacts: "Those organisations have no partner contacts yet. Import contacts from a CSV file instead." });
    return addInvitations(tx, c, [...chosen.values()], actor);
  });
}

async function addInvitations(
  tx: Db,
  c: Consultation,
  people: { userId: string; name: string | null; email: string; organisationId: string; organisationName: string }[],
  actor: Actor,
) {
  const added: string[] = [];
  for (const p of people) {
    const [inv] = await tx
      .insert(invitations)
      .values({ consultationId: c.id, organisationId: p.organisationId, userId: p.userId, invitedBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: invitations.id });
    if (!inv) continue;
    added.push(inv.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "invitation.create",
      entityType: "invitation",
      entityId: inv.id,
      consultationId: c.id,
      organisationId: p.organisationId,
      after: { name: p.name, email: p.email, organisation: p.organisationName },
    });
  }
  return { added: added.length, alreadyInvited: people.length - added.length };
}

/** Take someone out of the audience. Emails already sent stay sent; queued ones are skipped. */
export async function removeInvitation(db: Db, input: { consultationId: string; invitationId: string }, actor: Actor) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, input.consultationId, actor);
    const [inv] = await tx
      .select({ id: invitations.id, organisationId: invitations.organisationId, name: users.name, email: users.email })
      .from(invitations)
      .innerJoin(users, eq(users.id, invitations.userId))
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.consultationId, c.id)));
    if (!inv) throw new NotFoundError("Invitation");
    await tx.delete(invitations).where(eq(invitations.id, inv.id));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "invitation.delete",
      entityType: "invitation",
      entityId: inv.id,
      consultationId: c.id,
      organisationId: inv.organisationId,
      before: { name: inv.name, email: inv.email },
    });
    return inv;
  });
}

/**
 * Import contacts from CSV (name, email, organisation) and invite them. Creates organisations,
 * people and partner roles as needed. All or nothing: if any row is bad, nothing is saved and
 * every bad row is reported.
 *
 * A partner role lets its holder act for the organisation everywhere on the service (its
 * responses to every council's consultations, its comments and returns), so an officer gives one
 * only in an organisation the import creates or one nobody acts for and nothing belongs to yet.
 * Anyone already acting for an organisation is invited as they are. An organisation in use (a
 * partner, a response, a return or a comment) takes new people from an administrator, never
 * from an officer (whose council's invitations prove nothing: an officer makes those too), and
 * a council on the service or a "members of the public" organisation from nobody here.
 */
export async function importContacts(db: Db, input: { consultationId: string; csv: string }, actor: Actor) {
  const { rows, errors } = readContactsCsv(input.csv);
  if (errors.length) throw rowErrors(errors);
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, input.consultationId, actor);
    assertNotClosed(c);
    const [owner] = await tx.select().from(organisations).where(eq(organisations.id, c.ownerOrganisationId));
    const orgByName = await organisationsNamed(tx, rows.map((r) => r.organisation));
    const emails = rows.map((r) => r.email);
    const existing = await tx.select().from(users).where(inArray(users.email, emails));
    const userByEmail = new Map(existing.map((u) => [u.email, u]));
    const roles = existing.length
      ? await tx.select().from(memberships).where(inArray(memberships.userId, existing.map((u) => u.id)))
      : [];
    // The existing organisations named: which are in use (someone acts for them, or something of
    // theirs is here), and which are councils on the service.
    const named = [...new Set(rows.map((r) => orgByName.get(r.organisation.toLowerCase())?.id).filter((id): id is string => Boolean(id)))];
    const ties = named.length
      ? await rowsOf<{ id: string; inUse: boolean; council: boolean }>(
          tx,
          sql`select o.id,
              (exists (select 1 from memberships m where m.organisation_id = o.id)
                or exists (select 1 from responses r where r.organisation_id = o.id)
                or exists (select 1 from plan_returns pr where pr.organisation_id = o.id)
                or exists (select 1 from document_comments dc where dc.organisation_id = o.id)) as "inUse",
              (exists (select 1 from memberships m where m.organisation_id = o.id and m.role in ('officer', 'scrutiny', 'admin'))
                or exists (select 1 from consultations k where k.owner_organisation_id = o.id)) as council
            from organisations o where o.id = any(${uuidArray(named)})`,
        )
      : [];
    const tieOf = new Map(ties.map((x) => [x.id, x]));
    const problems: { line: number; message: string }[] = [];
    for (const r of rows) {
      if (r.organisation.toLowerCase() === owner.name.toLowerCase()) {
        problems.push({ line: r.line, message: `Row ${r.line}: ${owner.name} runs this consultation; invite people from partner organisations` });
        continue;
      }
      const org = orgByName.get(r.organisation.toLowerCase());
      const tie = org && tieOf.get(org.id);
      if (org && (org.type === "public" || tie?.council)) {
        problems.push({ line: r.line, message: `Row ${r.line}: ${org.name} is ${org.type === "public" ? "the public's organisation" : "a council on this service"}; invite people from partner organisations` });
        continue;
      }
      const u = userByEmail.get(r.email);
      const alreadyActsForIt = Boolean(org && u && roles.some((m) => m.userId === u.id && m.organisationId === org.id));
      if (org && tie?.inUse && !alreadyActsForIt) {
        problems.push({
          line: r.line,
          message: `Row ${r.line}: ${org.name} already has people or responses on this service, so only an administrator can add ${r.email} to it; invite its people who are already here`,
        });
        continue;
      }
      if (!u) continue;
      if (u.erasedAt) problems.push({ line: r.line, message: `Row ${r.line}: ${r.email} belonged to someone whose data was erased; ask an administrator` });
      else if (u.deactivatedAt) problems.push({ line: r.line, message: `Row ${r.line}: ${r.email} belongs to someone whose account is deactivated; ask an administrator` });
      else if (roles.some((m) => m.userId === u.id && m.role !== "partner")) {
        problems.push({ line: r.line, message: `Row ${r.line}: ${r.email} has a council account; ask an administrator to add them as a partner` });
      }
    }
    if (problems.length) throw rowErrors(problems);

    let organisationsCreated = 0;
    let peopleCreated = 0;
    const people: Parameters<typeof addInvitations>[2] = [];
    for (const r of rows) {
      let org = orgByName.get(r.organisation.toLowerCase());
      if (!org) {
        [org] = await tx.insert(organisations).values({ name: r.organisation, type: "other" }).returning();
        orgByName.set(org.name.toLowerCase(), org);
        organisationsCreated++;
        await writeAudit(tx, { actorId: actor.id, action: "organisation.create", entityType: "organisation", entityId: org.id, organisationId: org.id, consultationId: c.id, after: { name: org.name, type: org.type, via: "contacts import" } });
      }
      let u = userByEmail.get(r.email);
      if (!u) {
        [u] = await tx.insert(users).values({ name: r.name, email: r.email }).returning();
        userByEmail.set(u.email, u);
        peopleCreated++;
        await writeAudit(tx, { actorId: actor.id, action: "user.create", entityType: "user", entityId: u.id, organisationId: org.id, consultationId: c.id, after: { name: r.name, email: r.email, organisation: org.name, via: "contacts import" } });
      }
      const granted = await tx.insert(memberships).values({ userId: u.id, organisationId: org.id, role: "partner" }).onConflictDoNothing().returning({ id: memberships.id });
      if (granted.length) {
        await writeAudit(tx, { actorId: actor.id, action: "membership.grant", entityType: "user", entityId: u.id, organisationId: org.id, consultationId: c.id, after: { organisation: org.name, role: "partner", via: "contacts import" } });
      }
      people.push({ userId: u.id, name: u.name, email: u.email, organisationId: org.id, organisationName: org.name });
    }
    const result = await addInvitations(tx, c, people, actor);
    return { ...result, organisationsCreated, peopleCreated, rows: rows.length };
  });
}

/** The most names one statement of organisationsNamed looks up. */
export const NAME_LOOKUP_BATCH = 1000;

/**
 * The organisations (not merged away) the names give, whatever their case, keyed by their name in
 * lower case: looked up by those names alone (organisations_name_lower_idx, a batch at a time), so
 * an import costs its file's names, not every organisation on the service. Postgres's lower() finds
 * them; JavaScript's decides, as it always has, which one a name means.
 */
async function organisationsNamed(tx: Db, names: readonly string[]): Promise<Map<string, Organisation>> {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const asked = [...new Set(names.flatMap((n) => [n, n.toLowerCase()]))];
  const byName = new Map<string, Organisation>();
  for (let i = 0; i < asked.length; i += NAME_LOOKUP_BATCH) {
    const batch = asked.slice(i, i + NAME_LOOKUP_BATCH);
    const found = await tx
      .select()
      .from(organisations)
      .where(and(isNull(organisations.mergedIntoId), sql`lower(${organisations.name}) = any(array(select lower(n) from unnest(${sql.param(batch)}::text[]) n))`));
    for (const o of found) if (wanted.has(o.name.toLowerCase())) byName.set(o.name.toLowerCase(), o);
  }
  return byName;
}

function rowErrors(errors: { line: number; message: string }[]) {
  return new InvalidError(
    errors.length === 1 ? errors[0].message : `${errors.length} rows have problems; nothing was imported`,
    Object.fromEntries(errors.map((e, i) => [i === 0 ? "csv" : `csv-row-${e.line}-${i}`, e.message])),
  );
}

// ---------------------------------------------------------------------------------------------
// Emails

/** Queue an invitation email for every invitation not yet sent one (each at most once, ever). */
export async function queueInvitationEmails(tx: Db, c: Consultation, actor: Actor | null): Promise<number> {
  const list = await tx
    .select({ id: invitations.id, email: users.email, name: users.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(and(eq(invitations.consultationId, c.id), isNull(users.erasedAt), isNull(users.deactivatedAt)));
  const queued: string[] = [];
  for (const inv of list) {
    const jobId = await enqueueJob(tx, { name: JOB_INVITATION, payload: { invitationId: inv.id }, singletonKey: invitationJobKey(inv.id) });
    if (jobId) queued.push(inv.email);
  }
  if (queued.length) {
    await writeAudit(tx, {
      actorId: actor?.id ?? null,
      action: "invitation.send",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      after: { count: queued.length, recipients: queued },
    });
  }
  return queued.length;
}

/** "Send invitations": email everyone invited since publishing who has not had one. */
export async function sendInvitations(db: Db, consultationId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    if (c.status !== "open") throw new LockedError(c.status === "draft" ? "Invitations are sent when you publish the consultation" : "This consultation is closed");
    return queueInvitationEmails(tx, c, actor);
  });
}

/** Invitations whose organisation has not submitted a response. */
function nonSubmitters(tx: Db, consultationId: string) {
  return tx
    .select({ id: invitations.id, email: users.email, organisationId: invitations.organisationId })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(
      and(
        eq(invitations.consultationId, consultationId),
        isNull(users.erasedAt),
        isNull(users.deactivatedAt),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(responses)
            .where(
              and(
                eq(responses.consultationId, consultationId),
                eq(responses.organisationId, invitations.organisationId),
                eq(responses.status, "submitted"),
              ),
            ),
        ),
      ),
    );
}

/** Minutes after an on-demand reminder before the same contact can be reminded on demand again. */
export const REMIND_AGAIN_AFTER_MINUTES = 10;

/** "Remind those who have not submitted": a reminder to each contact of an organisation yet to submit. */
export async function remindNonSubmitters(db: Db, consultationId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const c = await lockManaged(tx, consultationId, actor);
    if (c.status !== "open") throw new LockedError(c.status === "draft" ? "Publish the consultation before sending reminders" : "This consultation is closed, so reminders cannot be sent");
    const batch = randomUUID();
    // A contact reminded on demand in the last ten minutes is not reminded again: the button
    // pressed twice (or by two officers at once: the consultation's lock puts them in turn) sends one.
    const recent = await rowsOf<{ id: string }>(
      tx,
      sql`select payload->>'invitationId' as id from jobs
        where name = ${JOB_REMINDER} and payload->>'reason' = 'on_demand' and created_at > now() - make_interval(mins => ${REMIND_AGAIN_AFTER_MINUTES})`,
    );
    const reminded = new Set(recent.map((r) => r.id));
    const list = (await nonSubmitters(tx, c.id)).filter((inv) => !reminded.has(inv.id));
    for (const inv of list) {
      await enqueueJob(tx, { name: JOB_REMINDER, payload: { invitationId: inv.id, reason: "on_demand" }, singletonKey: `reminder:${inv.id}:${batch}` });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: "reminder.send",
      entityType: "consultation",
      entityId: c.id,
      consultationId: c.id,
      organisationId: c.ownerOrganisationId,
      after: { reason: "on demand", count: list.length, recipients: list.map((l) => l.email) },
    });
    return list.length;
  });
}

/**
 * The daily scan: for each open consultation with automatic reminders, from N days before its
 * closing date until it closes, queue one reminder per contact yet to submit. The job key
 * includes the closing date, so each person gets one automatic reminder per deadline however
 * often the scan runs (and another if the deadline moves).
 */
export async function scanAutomaticReminders(db: Db, now = new Date()) {
  const today = ukDate(now)!;
  const due = await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.status, "open"), sql`${consultations.reminderDaysBefore} is not null`, sql`${consultations.closesAt} > ${now}`));
  let total = 0;
  for (const c of due) {
    const closing = ukDate(c.closesAt)!;
    if (today < addDays(closing, -c.reminderDaysBefore!) || today > closing) continue;
    await db.transaction(async (tx) => {
      const queued: string[] = [];
      for (const inv of await nonSubmitters(tx, c.id)) {
        const id = await enqueueJob(tx, { name: JOB_REMINDER, payload: { invitationId: inv.id, reason: "automatic" }, singletonKey: `reminder:${inv.id}:auto:${closing}` });
        if (id) queued.push(inv.email);
      }
      if (queued.length) {
        total += queued.length;
        await writeAudit(tx, {
          actorId: null,
          action: "reminder.send",
          entityType: "consultation",
          entityId: c.id,
          consultationId: c.id,
          organisationId: c.ownerOrganisationId,
          after: { reason: "automatic", daysBefore: c.reminderDaysBefore, closing, count: queued.length, recipients: queued },
        });
      }
    });
  }
  return total;
}

/** The respondent pages call this when an invited person opens the consultation. */
export async function markInvitationOpened(db: Db, consultationId: string, userId: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ openedAt: now })
    .where(and(eq(invitations.consultationId, consultationId), eq(invitations.userId, userId), isNull(invitations.openedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}


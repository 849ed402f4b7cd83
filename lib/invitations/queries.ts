// Reads for the audience page: who is invited and how far each has got (emailed, opened,
// drafting, submitted), and the partner contacts an officer can pick from (a bounded list:
// a search by name, or the partners this council has invited before).
import { and, asc, desc, eq, exists, ilike, isNotNull, isNull, max, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { consultations, invitations, jobs, memberships, organisations, outbox, responses, users } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { NotFoundError, parseField } from "../errors";
import { likeContains, uuidArray } from "../sql";
import { INVITATION_JOB_KEY_PREFIX } from "./commands";
import { partnerOrganisation } from "./partners";
import { partnerSearchSchema } from "./schemas";
import { plural } from "../text/plural";

export type EmailState = "not_sent" | "sending" | "sent" | "in_outbox" | "failed" | "skipped";

async function managed(db: Db, consultationId: string, actor: Actor) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

export async function listAudience(db: Db, consultationId: string, actor: Actor) {
  const c = await managed(db, consultationId, actor);
  // Each invitation's email job is found by its key through the jobs' unique index, in the same
  // statement: no list of every invitation's key sent back to the database.
  const rows = await db
    .select({
      id: invitations.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      organisationId: organisations.id,
      organisation: organisations.name,
      invitedAt: invitations.invitedAt,
      openedAt: invitations.openedAt,
      lastRemindedAt: invitations.lastRemindedAt,
      reminderCount: invitations.reminderCount,
      responseStatus: responses.status,
      responseStartedBy: responses.startedBy,
      submittedAt: responses.submittedAt,
      lastEditedAt: responses.lastEditedAt,
      jobStatus: jobs.status,
      jobError: jobs.lastError,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(responses, and(eq(responses.consultationId, invitations.consultationId), eq(responses.organisationId, invitations.organisationId)))
    .leftJoin(jobs, eq(jobs.singletonKey, sql`${INVITATION_JOB_KEY_PREFIX} || ${invitations.id}::text`))
    .where(eq(invitations.consultationId, c.id))
    .orderBy(asc(organisations.name), asc(users.name));
  // The newest invitation email to each person about this consultation, one row a person
  // (reminders do not say whether the invitation went), looked up by person: linear in both.
  const mail = rows.length
    ? await db
        .selectDistinctOn([outbox.userId], { userId: outbox.userId, status: outbox.status })
        .from(outbox)
        .where(and(eq(outbox.consultationId, c.id), eq(outbox.kind, "invitation"), isNotNull(outbox.userId)))
        .orderBy(outbox.userId, desc(outbox.createdAt), desc(outbox.id))
    : [];
  const invitationMail = new Map(mail.map((m) => [m.userId, m.status]));
  return rows.map(({ jobStatus, jobError, ...r }) => {
    const sent = invitationMail.get(r.userId);
    let emailState: EmailState = "not_sent";
    if (sent) emailState = sent === "sent" ? "sent" : sent === "stored" ? "in_outbox" : sent === "failed" ? "failed" : "sending";
    else if (jobStatus) emailState = jobStatus === "failed" ? "failed" : jobStatus === "done" ? "skipped" : "sending";
    const progress: "not_started" | "drafting" | "submitted" = r.responseStatus === "submitted" ? "submitted" : r.responseStatus === "draft" ? "drafting" : "not_started";
    return { ...r, emailState, emailError: jobError ?? null, progress };
  });
}

export type AudienceRow = Awaited<ReturnType<typeof listAudience>>[number];

export function summariseAudience(rows: AudienceRow[]) {
  const orgs = new Map<string, AudienceRow["progress"]>();
  for (const r of rows) orgs.set(r.organisationId, r.progress);
  return {
    contacts: rows.length,
    organisations: orgs.size,
    notSent: rows.filter((r) => r.emailState === "not_sent").length,
    opened: rows.filter((r) => r.openedAt).length,
    drafting: [...orgs.values()].filter((p) => p === "drafting").length,
    submitted: [...orgs.values()].filter((p) => p === "submitted").length,
    toRemind: rows.filter((r) => r.progress !== "submitted").length,
  };
}

// ---------------------------------------------------------------------------------------------
// The contact picker

/** The most organisations the picker lists at once: past it, the officer narrows by searching. */
export const PICKER_ORGANISATIONS = 50;
/** The most contacts listed under one organisation ("All contacts at …" still takes every one). */
export const PICKER_CONTACTS_PER_ORGANISATION = 25;

export type PickerContact = { id: string; name: string | null; email: string; invited: boolean };
export type PickerOrganisation = {
  id: string;
  name: string;
  type: string;
  /** Listed in name order: those not yet invited first when there are more than can be listed. */
  contacts: PickerContact[];
  /** Every partner contact it has, listed or not. */
  contactCount: number;
  /** How many of them are invited to this consultation. */
  invitedCount: number;
};

/**
 * What the picker lists: `search` (the organisations whose name contains the text), `invited`
 * (with no search: those whose contacts this council has invited before, to this consultation or
 * another, the most recent first) or `first` (with no search and nobody ever invited by this
 * council: the first organisations by name that have contacts).
 */
export type PickerList = "search" | "invited" | "first";

export type PartnerPicker = { organisations: PickerOrganisation[]; list: PickerList; q: string; more: boolean };

/**
 * Partner organisations (by the rule of ./partners) with their partner contacts, for picking the
 * audience, at most PICKER_ORGANISATIONS of them, so the page costs the same on a service of ten
 * councils or of a hundred thousand organisations. `q`: part of a name, any case, its LIKE
 * wildcards matched as themselves; refused (InvalidError) when the search form would refuse it.
 * `more`: more organisations than listed match, so the officer should search (or narrow it).
 */
export async function listPartnerContacts(db: Db, consultationId: string, input: { q?: string }, actor: Actor): Promise<PartnerPicker> {
  const c = await managed(db, consultationId, actor);
  const { q } = parseField(partnerSearchSchema, { q: input.q ?? "" }, "q");
  const partner = partnerOrganisation(db, c.ownerOrganisationId);
  const limit = PICKER_ORGANISATIONS + 1;
  let list: PickerList = "search";
  let found: { id: string; name: string; type: string }[];
  if (q) {
    found = await db
      .select({ id: organisations.id, name: organisations.name, type: organisations.type })
      .from(organisations)
      .where(and(partner, ilike(organisations.name, likeContains(q))))
      .orderBy(asc(organisations.name))
      .limit(limit);
  } else {
    list = "invited";
    // The partners this council works with, whoever it invited last first: its invitations
    // grouped by organisation before the partner rule is checked, once an organisation.
    const invitedBefore = db
      .select({ organisationId: invitations.organisationId, last: max(invitations.invitedAt).as("last") })
      .from(invitations)
      .innerJoin(consultations, eq(consultations.id, invitations.consultationId))
      .where(eq(consultations.ownerOrganisationId, c.ownerOrganisationId))
      .groupBy(invitations.organisationId)
      .as("invited_before");
    found = await db
      .select({ id: organisations.id, name: organisations.name, type: organisations.type })
      .from(invitedBefore)
      .innerJoin(organisations, eq(organisations.id, invitedBefore.organisationId))
      .where(partner)
      .orderBy(desc(invitedBefore.last), asc(organisations.name))
      .limit(limit);
    if (!found.length) {
      // A council that has invited nobody yet: the first organisations by name that have someone to invite.
      list = "first";
      const someone = db
        .select({ one: sql`1` })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, organisations.id), eq(memberships.role, "partner"), isNull(users.erasedAt), isNull(users.deactivatedAt)));
      found = await db
        .select({ id: organisations.id, name: organisations.name, type: organisations.type })
        .from(organisations)
        .where(and(partner, exists(someone)))
        .orderBy(asc(organisations.name))
        .limit(limit);
    }
  }
  const more = found.length > PICKER_ORGANISATIONS;
  const shown = found.slice(0, PICKER_ORGANISATIONS);
  // The most recently invited, listed in name order like a search's.
  if (list === "invited") shown.sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  const contacts = shown.length ? await pickerContacts(db, c.id, shown.map((o) => o.id)) : [];
  const byOrg = new Map<string, PickerOrganisation>(shown.map((o) => [o.id, { ...o, contacts: [], contactCount: 0, invitedCount: 0 }]));
  for (const r of contacts) {
    const o = byOrg.get(r.organisationId)!;
    o.contactCount = Number(r.total);
    o.invitedCount = Number(r.invitedCount);
    o.contacts.push({ id: r.id, name: r.name, email: r.email, invited: r.invited });
  }
  return { organisations: [...byOrg.values()], list, q, more };
}

/**
 * The partner contacts of the organisations given, at most PICKER_CONTACTS_PER_ORGANISATION of
 * each (those not yet invited first), in name order, each with its organisation's full counts.
 */
async function pickerContacts(db: Db, consultationId: string, organisationIds: string[]) {
  return rowsOf<{ organisationId: string; id: string; name: string | null; email: string; invited: boolean; total: number | string; invitedCount: number | string }>(
    db,
    sql`select "organisationId", id, name, email, invited, total, "invitedCount" from (
          select m.organisation_id as "organisationId", u.id, u.name, u.email, (i.id is not null) as invited,
                 row_number() over (partition by m.organisation_id order by (i.id is not null), u.name, u.email) as rank,
                 count(*) over (partition by m.organisation_id) as total,
                 count(i.id) over (partition by m.organisation_id) as "invitedCount"
            from memberships m
            join users u on u.id = m.user_id and u.erased_at is null and u.deactivated_at is null
            left join invitations i on i.consultation_id = ${consultationId}::uuid and i.user_id = u.id
           where m.role = 'partner' and m.organisation_id = any(${uuidArray(organisationIds)})
        ) c
        where rank <= ${PICKER_CONTACTS_PER_ORGANISATION}
        order by name nulls last, email`,
  );
}

/**
 * What the officer is told above the picker's list: what it holds, and how to narrow it when
 * there are more than it lists.
 */
export function pickerCaption(p: Pick<PartnerPicker, "list" | "q" | "more"> & { count: number }): string {
  const orgs = (n: number) => plural(n, "partner organisation");
  if (p.list === "search") {
    if (p.more) return `Showing the first ${PICKER_ORGANISATIONS} matches for “${p.q}”: search for more of the name to narrow them.`;
    if (!p.count) return `No partner organisations match “${p.q}”. Councils on this service cannot be invited as partners; to add a new organisation, import its contacts from a CSV file.`;
    return `${orgs(p.count)} ${p.count === 1 ? "matches" : "match"} “${p.q}”.`;
  }
  if (p.list === "invited") {
    return p.more
      ? `Showing the ${PICKER_ORGANISATIONS} partner organisations your council invited most recently: search for a name to find the others.`
      : `The ${orgs(p.count)} your council has invited before. Search for a name to find others.`;
  }
  if (!p.count) return "There are no partner organisations with contacts yet. Import contacts from a CSV file.";
  return p.more
    ? `Showing the first ${PICKER_ORGANISATIONS} partner organisations by name: search for a name to narrow them.`
    : `${orgs(p.count)} with contacts. Search for a name to find one.`;
}

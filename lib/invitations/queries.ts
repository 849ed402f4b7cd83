// Reads for the audience page: who is invited and how far each has got (emailed, opened,
// drafting, submitted), and the partner contacts an officer can pick from.
import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consultations, invitations, memberships, organisations, outbox, responses, users } from "../../db/schema";
import { authorize, type Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { invitationJobStates } from "./commands";

export type EmailState = "not_sent" | "sending" | "sent" | "in_outbox" | "failed" | "skipped";

async function managed(db: Db, consultationId: string, actor: Actor) {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  if (!c) throw new NotFoundError("Consultation");
  authorize(actor, "consultation.manage", { kind: "consultation", ownerOrganisationId: c.ownerOrganisationId });
  return c;
}

export async function listAudience(db: Db, consultationId: string, actor: Actor) {
  const c = await managed(db, consultationId, actor);
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
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(responses, and(eq(responses.consultationId, invitations.consultationId), eq(responses.organisationId, invitations.organisationId)))
    .where(eq(invitations.consultationId, c.id))
    .orderBy(asc(organisations.name), asc(users.name));
  const jobs = await invitationJobStates(db, rows.map((r) => r.id));
  const mail = rows.length
    ? await db
        .select({ userId: outbox.userId, kind: outbox.kind, status: outbox.status, createdAt: outbox.createdAt })
        .from(outbox)
        .where(and(eq(outbox.consultationId, c.id), inArray(outbox.kind, ["invitation", "reminder"])))
        .orderBy(desc(outbox.createdAt))
    : [];
  return rows.map((r) => {
    const job = jobs.get(r.id);
    const sentInvitation = mail.find((m) => m.userId === r.userId && m.kind === "invitation");
    let emailState: EmailState = "not_sent";
    if (sentInvitation) emailState = sentInvitation.status === "sent" ? "sent" : sentInvitation.status === "stored" ? "in_outbox" : sentInvitation.status === "failed" ? "failed" : "sending";
    else if (job) emailState = job.status === "failed" ? "failed" : job.status === "done" ? "skipped" : "sending";
    const progress: "not_started" | "drafting" | "submitted" = r.responseStatus === "submitted" ? "submitted" : r.responseStatus === "draft" ? "drafting" : "not_started";
    return { ...r, emailState, emailError: job?.lastError ?? null, progress };
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

/** Partner organisations (not the council running it) with their partner contacts, for picking. */
export async function listPartnerContacts(db: Db, consultationId: string, actor: Actor) {
  const c = await managed(db, consultationId, actor);
  const rows = await db
    .select({
      organisationId: organisations.id,
      organisation: organisations.name,
      type: organisations.type,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(organisations)
    .leftJoin(memberships, and(eq(memberships.organisationId, organisations.id), eq(memberships.role, "partner")))
    .leftJoin(users, and(eq(users.id, memberships.userId), isNull(users.erasedAt), isNull(users.deactivatedAt)))
    .where(and(ne(organisations.id, c.ownerOrganisationId), isNull(organisations.mergedIntoId)))
    .orderBy(asc(organisations.name), asc(users.name));
  const invited = new Set(
    (await db.select({ userId: invitations.userId }).from(invitations).where(eq(invitations.consultationId, c.id))).map((r) => r.userId),
  );
  const byOrg = new Map<string, { id: string; name: string; type: string; contacts: { id: string; name: string | null; email: string; invited: boolean }[] }>();
  for (const r of rows) {
    const o = byOrg.get(r.organisationId) ?? { id: r.organisationId, name: r.organisation, type: r.type, contacts: [] };
    if (r.userId && r.email) o.contacts.push({ id: r.userId, name: r.name, email: r.email, invited: invited.has(r.userId) });
    byOrg.set(r.organisationId, o);
  }
  return [...byOrg.values()];
}

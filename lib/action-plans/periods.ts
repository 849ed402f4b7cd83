// Periods run themselves: the job queue's scan opens each reporting period on its date and
// tells each owner organisation's people what they report on (and nothing else), reminds those
// who have not submitted before the due date, and closes the period after its closing date,
// recording which returns were late or missing. Each step is claimed with a conditional update,
// so two servers running the scan never send the same email twice, in the same transaction as
// its emails, so a scan that fails part-way sends none and is done again whole. Officers may reopen one
// organisation's return after the close.
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { readTogether, type Db } from "../../db/client";
import { actionPlans, memberships, organisations, planIndicators, planItems, planReturns, reportingPeriods, users, type ReportingPeriod } from "../../db/schema";
import { refuseSignedOffReport } from "./committee";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { appUrl } from "../config";
import { queueEmail } from "../email";
import { InvalidError, NotFoundError } from "../errors";
import { formatDate } from "../format";
import { loadPeriod } from "./queries";

export const JOB_PERIOD_SCAN = "action_plans.period_scan";
/** Days before the due date that those who have not submitted are reminded. */
export const RETURN_REMINDER_DAYS = 7;
const DAY = 86_400_000;

type Claimed = ReportingPeriod & { planTitle: string; ownerOrganisationId: string };

/** The owner organisations of a plan, with what each owns (counts), and their partner people. */
async function ownersOf(db: Db, planId: string) {
  const [items, inds] = await readTogether(db, [
    () => db.select({ org: planItems.ownerOrganisationId, n: sql<number>`count(*)::int` }).from(planItems).where(eq(planItems.planId, planId)).groupBy(planItems.ownerOrganisationId),
    () => db.select({ org: planIndicators.ownerOrganisationId, n: sql<number>`count(*)::int` }).from(planIndicators).where(eq(planIndicators.planId, planId)).groupBy(planIndicators.ownerOrganisationId),
  ]);
  const counts = new Map<string, { items: number; indicators: number }>();
  for (const r of items) counts.set(r.org, { items: Number(r.n), indicators: 0 });
  for (const r of inds) counts.set(r.org, { items: counts.get(r.org)?.items ?? 0, indicators: Number(r.n) });
  const orgIds = [...counts.keys()];
  const people = orgIds.length
    ? await db
        .select({ userId: users.id, email: users.email, name: users.name, organisationId: memberships.organisationId, organisationName: organisations.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(and(inArray(memberships.organisationId, orgIds), eq(memberships.role, "partner"), isNull(users.erasedAt), isNull(users.deactivatedAt)))
    : [];
  return { counts, people };
}

async function claim(db: Db, column: "openedAt" | "remindedAt" | "closedAt", where: ReturnType<typeof and>, now: Date): Promise<Claimed[]> {
  const claimed = await db
    .update(reportingPeriods)
    .set({ [column]: now })
    .where(and(isNull(reportingPeriods[column]), where))
    .returning();
  if (!claimed.length) return [];
  const plans = await db.select({ id: actionPlans.id, title: actionPlans.title, owner: actionPlans.ownerOrganisationId }).from(actionPlans).where(inArray(actionPlans.id, [...new Set(claimed.map((c) => c.planId))]));
  return claimed.map((c) => {
    const p = plans.find((x) => x.id === c.planId)!;
    return { ...c, planTitle: p.title, ownerOrganisationId: p.owner };
  });
}

/**
 * The daily scan, in one transaction: each step's claim, its emails (and their delivery jobs) and
 * the close's audit entry commit together or not at all. Before, the claims committed first and
 * the emails one by one after, so a scan that failed part-way left the rest of a period's emails
 * never sent (its claim made, the retry found nothing to do).
 */
export function runPeriodScan(db: Db, now = new Date()): Promise<{ opened: number; reminded: number; closed: number; emails: number }> {
  return db.transaction((tx) => scanPeriods(tx, now));
}

async function scanPeriods(db: Db, now: Date): Promise<{ opened: number; reminded: number; closed: number; emails: number }> {
  let emails = 0;
  const link = (p: ReportingPeriod, org: string) => `${appUrl()}/returns/${p.id}?organisation=${org}`;

  const opened = await claim(db, "openedAt", and(lte(reportingPeriods.opensAt, now), sql`${reportingPeriods.closesAt} > ${now.toISOString()}::timestamptz`), now);
  for (const p of opened) {
    const { counts, people } = await ownersOf(db, p.planId);
    for (const person of people) {
      const c = counts.get(person.organisationId)!;
      await queueEmail(db, {
        to: person.email,
        userId: person.userId,
        kind: "plan_return_open",
        subject: `${p.label} progress return for ${p.planTitle} is open`,
        text: `Hello ${person.name ?? ""},\n\nThe ${p.label} progress return for ${p.planTitle} is open. ${person.organisationName} reports on ${c.items} milestones and projects and ${c.indicators} indicators it leads.\n\nPlease submit it by ${formatDate(p.dueAt)}. You can change it until ${formatDate(p.closesAt)}.\n\n${link(p, person.organisationId)}\n`,
      });
      emails++;
    }
  }

  const reminding = await claim(db, "remindedAt", and(lte(reportingPeriods.opensAt, now), sql`${reportingPeriods.dueAt} - interval '${sql.raw(String(RETURN_REMINDER_DAYS))} days' <= ${now.toISOString()}::timestamptz`, sql`${reportingPeriods.dueAt} > ${now.toISOString()}::timestamptz`), now);
  for (const p of reminding) {
    const { people } = await ownersOf(db, p.planId);
    const submitted = new Set((await db.select({ org: planReturns.organisationId }).from(planReturns).where(and(eq(planReturns.periodId, p.id), eq(planReturns.status, "submitted")))).map((r) => r.org));
    for (const person of people.filter((x) => !submitted.has(x.organisationId))) {
      await queueEmail(db, {
        to: person.email,
        userId: person.userId,
        kind: "plan_return_reminder",
        subject: `Reminder: ${p.label} progress return for ${p.planTitle} is due on ${formatDate(p.dueAt)}`,
        text: `Hello ${person.name ?? ""},\n\n${person.organisationName} has not yet submitted its ${p.label} progress return for ${p.planTitle}. It is due on ${formatDate(p.dueAt)}.\n\n${link(p, person.organisationId)}\n`,
      });
      emails++;
    }
  }

  const closing = await claim(db, "closedAt", lte(reportingPeriods.closesAt, now), now);
  for (const p of closing) {
    const { counts } = await ownersOf(db, p.planId);
    const rets = await db.select().from(planReturns).where(eq(planReturns.periodId, p.id));
    const missing = [...counts.keys()].filter((org) => !rets.some((r) => r.organisationId === org && r.status === "submitted"));
    const late = rets.filter((r) => r.status === "submitted" && r.submittedAt! > p.dueAt).map((r) => r.organisationId);
    await writeAudit(db, {
      actorId: null,
      action: "reporting_period.close",
      entityType: "reporting_period",
      entityId: p.id,
      organisationId: p.ownerOrganisationId,
      after: { plan: p.planTitle, period: p.label, missing, late },
    });
  }
  return { opened: opened.length, reminded: reminding.length, closed: closing.length, emails };
}

/** An officer reopens one organisation's return after its period has closed, until `until`. */
export async function reopenReturn(db: Db, input: { periodId: string; organisationId: string; days: number }, actor: Actor, now = new Date()): Promise<{ until: Date }> {
  const { plan, period } = await loadPeriod(db, input.periodId);
  authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 60) throw new InvalidError("Reopen for between 1 and 60 days", { days: "Reopen for between 1 and 60 days" });
  const { counts } = await ownersOf(db, plan.id);
  if (!counts.has(input.organisationId)) throw new NotFoundError("That organisation's return");
  const until = new Date(Math.max(now.getTime(), period.closesAt.getTime()) + input.days * DAY);
  await db.transaction(async (tx) => {
    await refuseSignedOffReport(tx, period.id);
    await tx.insert(planReturns).values({ periodId: period.id, organisationId: input.organisationId, reopenedUntil: until }).onConflictDoUpdate({ target: [planReturns.periodId, planReturns.organisationId], set: { reopenedUntil: until } });
    await writeAudit(tx, { actorId: actor.id, action: "plan_return.reopen", entityType: "plan_return", organisationId: input.organisationId, after: { plan: plan.title, period: period.label, until: until.toISOString() } });
  });
  return { until };
}

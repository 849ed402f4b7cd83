// The plan editor's reporting periods: an officer adds, changes (label, plan year, opening, due
// and closing dates) and removes periods that have not opened yet. Dates are UK calendar days:
// a period opens at the start of its opening day and is due and closes at the end of those days.
// Periods keep their order by opening date and never overlap; nothing opens in the past; a
// period that has opened (or whose opening day has come) is history and cannot be changed or
// removed. Every change carries the version the form was opened at, as the plan's other rows.
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { actionPlans, planReturns, reportingPeriods, type ReportingPeriod } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { endOfUkDay, startOfUkDay } from "../consultations/dates";
import { ConflictError, InvalidError, LockedError, NotFoundError } from "../errors";
import { formatDate } from "../format";
import { dayField, str } from "./editor";
import { isUuid } from "../sql";

export const periodFields = z.object({
  label: str("label", 60),
  yearLabel: str("plan year", 40, false),
  opensOn: dayField("opening date", true),
  dueOn: dayField("due date", true),
  closesOn: dayField("closing date", true),
});

/** Opened, or its opening day has come: the job queue may be inviting returns, so it is history. */
export const periodHasOpened = (p: Pick<ReportingPeriod, "openedAt" | "opensAt">, now: Date) => p.openedAt !== null || p.opensAt <= now;

const YEAR = /\b(\d{4}\/\d{2}(?:\d{2})?)\b/;

async function planFor(db: Db, planId: string, actor: Actor) {
  if (!isUuid(planId)) throw new NotFoundError("Action plan");
  const [plan] = await db.select().from(actionPlans).where(eq(actionPlans.id, planId));
  if (!plan) throw new NotFoundError("Action plan");
  authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  return plan;
}

/** Positions follow the opening dates (1, 2, …); moved in two steps past the unique (plan, position). */
async function renumber(tx: Db, planId: string) {
  const rows = await tx.select({ id: reportingPeriods.id, position: reportingPeriods.position }).from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.opensAt), asc(reportingPeriods.position));
  const moved = rows.map((r, i) => ({ ...r, to: i + 1 })).filter((r) => r.position !== r.to);
  for (const r of moved) await tx.update(reportingPeriods).set({ position: -r.to }).where(eq(reportingPeriods.id, r.id));
  if (moved.length) await tx.update(reportingPeriods).set({ position: sql`-${reportingPeriods.position}` }).where(and(eq(reportingPeriods.planId, planId), lt(reportingPeriods.position, 0)));
}

/**
 * Add (no id) or change (id + version) a period that has not opened. Field errors: the dates out
 * of order, in the past, before a period that has opened, overlapping another period, or a label
 * the plan already has.
 */
export async function savePeriod(db: Db, input: { planId: string; id?: string | null; version?: number | null; values: Record<string, unknown> }, actor: Actor, now = new Date()) {
  const plan = await planFor(db, input.planId, actor);
  const parsed = periodFields.safeParse(input.values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "_form")] ??= i.message;
    throw new InvalidError("There is a problem", errors);
  }
  const v = parsed.data;
  const opensAt = startOfUkDay(v.opensOn!);
  const dueAt = endOfUkDay(v.dueOn!);
  const closesAt = endOfUkDay(v.closesOn!);
  const values = { label: v.label, yearLabel: v.yearLabel || (YEAR.exec(v.label)?.[1] ?? ""), opensAt, dueAt, closesAt };

  const result = await db.transaction(async (tx) => {
    // Every period of the plan, locked: two officers adding periods at once are checked one after the other.
    const all = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.position)).for("update");
    const current = input.id ? all.find((p) => p.id === input.id) : undefined;
    if (input.id && !current) throw new NotFoundError("Reporting period");
    if (current && periodHasOpened(current, now)) throw new LockedError(`${current.label} has opened, so it can no longer be changed.`);
    if (current && input.version !== null && input.version !== undefined && current.version !== input.version) return { conflict: current } as const;

    const errors: Record<string, string> = {};
    const others = all.filter((p) => p.id !== input.id);
    if (others.some((p) => p.label.trim().toLowerCase() === values.label.toLowerCase())) errors.label = `The plan already has a period called ${values.label}`;
    if (opensAt <= now) errors.opensOn = "The opening date must be in the future: a period cannot open in the past";
    if (dueAt < opensAt) errors.dueOn = "The due date must be on or after the opening date";
    if (closesAt < dueAt) errors.closesOn = "The closing date must be on or after the due date";
    const lastOpened = others.filter((p) => periodHasOpened(p, now)).at(-1);
    if (!errors.opensOn && lastOpened && opensAt <= lastOpened.closesAt) errors.opensOn = `The period must open after ${lastOpened.label} closes (${formatDate(lastOpened.closesAt)}), which has already opened`;
    const overlap = others.find((p) => p.opensAt <= closesAt && opensAt <= p.closesAt);
    if (!errors.opensOn && overlap) errors.opensOn = `The period overlaps ${overlap.label} (${formatDate(overlap.opensAt)} to ${formatDate(overlap.closesAt)}): periods must not overlap`;
    if (Object.keys(errors).length) throw new InvalidError("Check the period's label and dates", errors);

    let row: ReportingPeriod;
    if (current) {
      [row] = (await tx
        .update(reportingPeriods)
        .set({ ...values, version: sql`${reportingPeriods.version} + 1` })
        .where(eq(reportingPeriods.id, current.id))
        .returning()) as [ReportingPeriod];
    } else {
      [row] = (await tx
        .insert(reportingPeriods)
        .values({ planId: plan.id, position: Math.max(0, ...all.map((p) => p.position)) + 1, ...values })
        .returning()) as [ReportingPeriod];
    }
    await renumber(tx, plan.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "action_plan.edit",
      entityType: "action_plan",
      entityId: plan.id,
      organisationId: plan.ownerOrganisationId,
      before: current ? { label: current.label, opensAt: current.opensAt, dueAt: current.dueAt, closesAt: current.closesAt } : undefined,
      after: { [current ? "changed" : "added"]: "period", ...values },
    });
    return row;
  });
  if ("conflict" in result) {
    const current = result.conflict as ReportingPeriod;
    await writeAudit(db, { actorId: actor.id, action: "action_plan.edit_conflict", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, before: { version: current.version }, after: { kind: "period", id: input.id, attemptedFrom: input.version, attempted: values } });
    throw new ConflictError("Someone else changed this period since you opened it. Reload to see their version; yours is kept in the form — check both, then save again.", current, values);
  }
  return result;
}

/** Remove a period that has not opened (and so has no returns), from the version the form showed. */
export async function removePeriod(db: Db, input: { planId: string; id: string; version?: number | null }, actor: Actor, now = new Date()) {
  const plan = await planFor(db, input.planId, actor);
  const result = await db.transaction(async (tx) => {
    const all = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).for("update");
    const current = all.find((p) => p.id === input.id);
    if (!current) throw new NotFoundError("Reporting period");
    if (periodHasOpened(current, now)) throw new LockedError(`${current.label} has opened, so it cannot be removed.`);
    if (input.version !== null && input.version !== undefined && current.version !== input.version) return { conflict: current } as const;
    const [ret] = await tx.select({ id: planReturns.id }).from(planReturns).where(eq(planReturns.periodId, current.id)).limit(1);
    if (ret) throw new LockedError(`${current.label} already has returns, so it cannot be removed.`);
    await tx.delete(reportingPeriods).where(eq(reportingPeriods.id, current.id));
    await renumber(tx, plan.id);
    await writeAudit(tx, { actorId: actor.id, action: "action_plan.edit", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, before: { label: current.label, opensAt: current.opensAt, dueAt: current.dueAt, closesAt: current.closesAt }, after: { removed: "period", label: current.label } });
    return { removed: current.label };
  });
  if ("conflict" in result) {
    const current = result.conflict as ReportingPeriod;
    throw new ConflictError(`Someone else changed ${current.label} since you opened the page. Reload and check it before removing it.`, current);
  }
  return result;
}

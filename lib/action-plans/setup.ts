// Makes a plan from an imported one (lib/action-plans/import.ts) and its reporting periods:
// used by the demo content and the tests, and by an officer's import.
import type { Db } from "../../db/client";
import { actionPlans, planIndicators, planItems, planPriorities, planRisks, reportingPeriods, type PlanFrequency } from "../../db/schema";
import { writeAudit } from "../audit";
import type { ImportedPlan } from "./import";

export type PlanOwners = {
  ownerOrganisationId: string;
  /** The lead organisation of each priority (by number); null where there is none yet. */
  leadOf: (priorityNumber: number) => string | null;
  /** Who owns what a priority without a lead reports on. */
  fallbackOwnerId: string;
};

/** Amber tolerance when the plan gives none: half the way from baseline to target, at least one unit step. */
export function defaultTolerance(baseline: number | null, target: number | null): number {
  if (baseline === null || target === null) return 0;
  const gap = Math.abs(target - baseline) / 2;
  return Math.round(gap * 10) / 10;
}

export async function createPlanFromImport(
  db: Db,
  imported: ImportedPlan,
  opts: PlanOwners & { slug: string; title?: string; frequency?: PlanFrequency; firstPeriodStartsOn?: string | null; actorId?: string | null },
): Promise<{ planId: string; priorityIds: Map<number, string> }> {
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(actionPlans)
      .values({
        ownerOrganisationId: opts.ownerOrganisationId,
        slug: opts.slug,
        title: opts.title ?? imported.title,
        summary: imported.summary,
        frequency: opts.frequency ?? "quarterly",
        firstPeriodStartsOn: opts.firstPeriodStartsOn ?? null,
        ragKey: imported.ragKey,
        createdBy: opts.actorId ?? null,
      })
      .returning({ id: actionPlans.id });
    const priorityIds = new Map<number, string>();
    for (const p of imported.priorities) {
      const lead = opts.leadOf(p.number);
      const owner = lead ?? opts.fallbackOwnerId;
      const [row] = await tx
        .insert(planPriorities)
        .values({ planId: plan!.id, number: p.number, title: p.title, leadOrganisationId: lead, leadText: p.leadText, resources: p.resources, comments: p.comments })
        .returning({ id: planPriorities.id });
      priorityIds.set(p.number, row!.id);
      if (p.indicators.length) {
        await tx.insert(planIndicators).values(
          p.indicators.map((i, n) => ({
            planId: plan!.id,
            priorityId: row!.id,
            position: n,
            code: i.code,
            title: i.title,
            unit: i.unit,
            polarity: "higher" as const,
            baseline: i.baseline,
            baselineDate: i.baselineDate,
            targets: i.targets,
            results: i.results,
            amberTolerance: defaultTolerance(i.baseline, i.targets[i.targets.length - 1]?.value ?? null),
            ownerOrganisationId: owner,
          })),
        );
      }
      const items = [...p.milestones.map((m) => ({ ...m, kind: "milestone" as const })), ...p.projects.map((m) => ({ ...m, kind: "project" as const }))];
      if (items.length) {
        await tx.insert(planItems).values(
          items.map((m, n) => ({ planId: plan!.id, priorityId: row!.id, kind: m.kind, number: m.number, position: n, text: m.text, outcome: m.outcome, dueOn: m.dueOn, ownerOrganisationId: owner })),
        );
      }
      if (p.risks.length) await tx.insert(planRisks).values(p.risks.map((r, n) => ({ priorityId: row!.id, position: n, risk: r.risk, mitigation: r.mitigation })));
    }
    await writeAudit(tx, {
      actorId: opts.actorId ?? null,
      action: "action_plan.create",
      entityType: "action_plan",
      entityId: plan!.id,
      organisationId: opts.ownerOrganisationId,
      after: { title: opts.title ?? imported.title, priorities: imported.priorities.length, warnings: imported.warnings.length },
    });
    return { planId: plan!.id, priorityIds };
  });
}

export async function addPeriods(db: Db, planId: string, periods: { label: string; yearLabel: string; opensAt: Date; dueAt: Date; closesAt: Date }[]) {
  return db
    .insert(reportingPeriods)
    .values(periods.map((p, i) => ({ planId, position: i + 1, ...p })))
    .returning();
}

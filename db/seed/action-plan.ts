// The demo action plan: the whole of the Rochford LSP Strategic Action Plan 2009–10 (read by
// the importer from the paper's text), four quarterly periods dated around today so that the
// fourth is open now, and the lead partnerships' returns for the three before it, drawn from
// the paper's RAG letters and progress comments.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { planIndicators, planItems, planPriorities, planReturns, reportingPeriods, returnItems, returnSubmissions, type ReportingPeriod } from "../schema";
import { importActionPlan, type ImportedPlan } from "../../lib/action-plans/import";
import { ragFromLetter } from "../../lib/action-plans/rag";
import { computeIndicatorRag, itemHash, planReferenceCode, type ItemValue } from "../../lib/action-plans/rules";
import { addPeriods, createPlanFromImport } from "../../lib/action-plans/setup";
import { makeReference } from "../../lib/responses/reference";

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");

export type PlanSpec = { file: string; slug: string; owner: string; title: string; leads: Record<string, string>; fallbackOwner: string };

const DAY = 86_400_000;

/** Corrective actions for what the demo shows as Red (the paper gives none). */
const CORRECTIVE: Record<string, string> = {
  "P5.2": "The training provider withdrew; CDRP is commissioning a replacement so that the programme runs in the spring term.",
  "6.3": "LSP Executive to take a report on payment terms to each member's finance lead before the next Board.",
};

export async function loadActionPlanDemo(
  db: Db,
  spec: PlanSpec,
  orgIds: Map<string, string>,
  userIds: Map<string, { id: string; orgKey: string }>,
  today: Date,
) {
  const imported: ImportedPlan = importActionPlan(readFileSync(path.join(dataDir, spec.file), "utf8"));
  const owner = orgIds.get(spec.owner)!;
  const fallback = orgIds.get(spec.fallbackOwner)!;
  const officer = userIds.get("officer")?.id ?? null;
  const { planId } = await createPlanFromImport(db, imported, {
    ownerOrganisationId: owner,
    leadOf: (n) => (spec.leads[String(n)] ? orgIds.get(spec.leads[String(n)]!)! : null),
    fallbackOwnerId: fallback,
    slug: spec.slug,
    title: spec.title,
    frequency: "quarterly",
    firstPeriodStartsOn: "2009-04-01",
    actorId: officer,
  });
  const at = (days: number) => new Date(today.getTime() + days * DAY);
  // Each past quarter opened about three months before the next; the fourth is open now.
  const periods = await addPeriods(
    db,
    planId,
    [-270, -180, -90, -10].map((open, i) => ({
      label: `Q${i + 1} 2009/10`,
      yearLabel: "2009/10",
      opensAt: at(open),
      dueAt: at(open + 30),
      closesAt: at(open + 45),
    })),
  );
  // The three past quarters were opened, reminded and closed by the job queue; the current one
  // is left for the queue's next scan to open (it emails the lead partnerships).
  for (const p of periods.slice(0, 3)) {
    await db.update(reportingPeriods).set({ openedAt: p.opensAt, remindedAt: new Date(p.dueAt.getTime() - 7 * DAY), closedAt: p.closesAt }).where(eq(reportingPeriods.id, p.id));
  }
  const priorities = await db.select().from(planPriorities).where(eq(planPriorities.planId, planId));
  const comments = new Map(priorities.map((p) => [p.id, p.comments]));
  const items = await db.select().from(planItems).where(eq(planItems.planId, planId));
  const indicators = await db.select().from(planIndicators).where(eq(planIndicators.planId, planId));
  const letters = new Map(imported.priorities.flatMap((p) => [...p.milestones, ...p.projects].map((m) => [m.number, m.rag])));
  const userOf = new Map([...userIds.values()].map((u) => [orgIds.get(u.orgKey)!, u.id]));

  for (const [q, period] of periods.slice(0, 3).entries()) {
    const owners = [...new Set([...items.map((i) => i.ownerOrganisationId), ...indicators.map((i) => i.ownerOrganisationId)])];
    for (const org of owners) {
      const by = userOf.get(org) ?? null;
      const submittedAt = new Date(period.dueAt.getTime() - 2 * DAY);
      const [ret] = await db
        .insert(planReturns)
        .values({ periodId: period.id, organisationId: org, status: "submitted", revision: 1, reference: makeReference(planReferenceCode(spec.slug)), lastEditedBy: by, lastEditedAt: submittedAt, submittedAt, submittedBy: by, createdAt: period.opensAt })
        .returning();
      const rows: (typeof returnItems.$inferInsert)[] = [];
      for (const item of items.filter((i) => i.ownerOrganisationId === org)) {
        const v = milestoneInQuarter(item.number, letters.get(item.number) ?? null, item.dueOn, q, item.kind === "project" ? item.outcome : (comments.get(item.priorityId) || item.outcome));
        rows.push({ returnId: ret!.id, itemId: item.id, ...v, version: 1, hash: itemHash(v), updatedBy: by, updatedAt: submittedAt });
      }
      for (const ind of indicators.filter((i) => i.ownerOrganisationId === org)) {
        const actual = indicatorInQuarter(ind.code, ind.unit, ind.baseline, ind.targets[ind.targets.length - 1]?.value ?? null, q);
        const v: ItemValue = { status: null, rag: null, commentary: actual === null ? "No figure available this quarter." : `Quarter ${q + 1} figure from the partnership's monitoring.`, correctiveAction: "", actual };
        const computedRag = computeIndicatorRag({ kind: "indicator", id: ind.id, code: ind.code, title: ind.title, unit: ind.unit, polarity: ind.polarity, targets: ind.targets, amberTolerance: ind.amberTolerance }, actual, period);
        rows.push({ returnId: ret!.id, indicatorId: ind.id, ...v, computedRag, version: 1, hash: itemHash(v), updatedBy: by, updatedAt: submittedAt });
      }
      if (rows.length) await db.insert(returnItems).values(rows);
      await db.insert(returnSubmissions).values({ returnId: ret!.id, revision: 1, items: rows.map((r) => ({ subject: r.itemId ?? r.indicatorId, status: r.status, rag: r.rag, actual: r.actual, commentary: r.commentary })), submittedAt, submittedBy: by });
    }
  }
  return { planId, periods: periods as ReportingPeriod[] };
}

/**
 * A milestone's state in quarter q (0 = Q1): the paper (September 2009) is Q2. Where it gives
 * no letter the milestone is the key's "Achieved"; Q1 had some Reds still Amber, and by Q3 some
 * Ambers had recovered to Green and one had slipped to Red.
 */
function milestoneInQuarter(number: string, letter: string | null, dueOn: string | null, q: number, commentary: string): ItemValue {
  const rag = ragFromLetter(letter);
  if (!rag) {
    const doneBy = q === 0 && dueOn && dueOn > "2009-06-30" ? null : "complete";
    return doneBy ? { status: "complete", rag: null, commentary, correctiveAction: "", actual: null } : { status: "in_progress", rag: "green", commentary, correctiveAction: "", actual: null };
  }
  let r = rag;
  if (q === 0 && rag === "red") r = "amber";
  if (q === 2 && rag === "amber" && /^(2\.3|3\.4|P3\.1|P4\.3)$/.test(number)) r = "green";
  if (q === 2 && number === "6.3") r = "red";
  const correctiveAction = r === "red" ? (CORRECTIVE[number] ?? "Recovery plan agreed with the lead partnership.") : "";
  return { status: "in_progress", rag: r, commentary, correctiveAction, actual: null };
}

/** An indicator's quarterly figure on the way from baseline to target; NI 8 dips in Q3. */
function indicatorInQuarter(code: string, unit: string, baseline: number | null, target: number | null, q: number): number | null {
  if (baseline === null || target === null) return null;
  const share = code === "NI 8" ? [0.55, 0.65, 0.4][q]! : [0.55, 0.65, 0.8][q]!;
  const v = baseline + (target - baseline) * share;
  return unit === "percentage" ? Math.round(v * 10) / 10 : Math.round(v);
}

// A plan as a file: the documented, versioned JSON format (docs/action-plan-format.md), with
// its zod schema, export from the database and import into a new plan. Organisations are
// named, not referenced by id, so a file moves between installations; an import resolves each
// name to an organisation or refuses the file with every problem listed, creating nothing.
import { randomBytes } from "node:crypto";
import { asc, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { readTogether, type Db } from "../../db/client";
import { actionPlans, INDICATOR_UNITS, organisations, planIndicators, planItems, planPriorities, planRisks, POLARITIES, reportingPeriods } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, organisationsWithRole, type Actor } from "../auth/policy";
import { slugify } from "../consultations/commands";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { importActionPlan, type ImportedPlan } from "./import";
import { matchLeads, type OwnerCandidate } from "./owner-match";
import { createPlanFromImport } from "./setup";

export const PLAN_FORMAT = "council-consult/action-plan";
export const PLAN_FORMAT_VERSION = 1;
/** A plan file larger than this is refused before it is parsed. */
export const MAX_PLAN_JSON_BYTES = 2_000_000;

const text = (max: number) => z.string().max(max, `must be ${max.toLocaleString("en-GB")} characters or fewer`);
const figure = z.object({ label: text(40), value: z.number().finite() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");

export const planFileSchema = z.object({
  format: z.literal(PLAN_FORMAT, { error: `format must be "${PLAN_FORMAT}"` }),
  version: z.literal(PLAN_FORMAT_VERSION, { error: `version must be ${PLAN_FORMAT_VERSION}: this installation reads version ${PLAN_FORMAT_VERSION} files` }),
  plan: z.object({
    title: text(300).min(1, "must not be empty"),
    summary: text(20_000).default(""),
    frequency: z.enum(["monthly", "quarterly", "annual"]).default("quarterly"),
    firstPeriodStartsOn: isoDate.nullable().default(null),
    ragKey: z.array(z.object({ rag: text(20), meaning: text(500) })).max(10).default([]),
  }),
  priorities: z
    .array(
      z.object({
        number: z.number().int().min(1).max(99),
        title: text(500).min(1, "must not be empty"),
        lead: text(300).nullable().default(null),
        leadText: text(500).default(""),
        resources: text(5_000).default(""),
        comments: text(20_000).default(""),
        indicators: z
          .array(
            z.object({
              code: text(40).min(1, "must not be empty"),
              title: text(500).min(1, "must not be empty"),
              unit: z.enum(INDICATOR_UNITS),
              polarity: z.enum(POLARITIES),
              baseline: z.number().finite().nullable(),
              baselineDate: text(40).default(""),
              targets: z.array(figure).max(60).default([]),
              results: z.array(figure).max(60).default([]),
              amberTolerance: z.number().finite().min(0),
              owner: text(300).min(1, "must name an organisation"),
            }),
          )
          .max(2_000)
          .default([]),
        items: z
          .array(
            z.object({
              kind: z.enum(["milestone", "project"]),
              number: text(40).min(1, "must not be empty"),
              text: text(5_000).min(1, "must not be empty"),
              outcome: text(5_000).default(""),
              dueOn: isoDate.nullable().default(null),
              owner: text(300).min(1, "must name an organisation"),
            }),
          )
          .max(5_000)
          .default([]),
        risks: z.array(z.object({ risk: text(5_000).min(1), mitigation: text(5_000).default("") })).max(200).default([]),
      }),
    )
    .max(100),
  periods: z
    .array(z.object({ label: text(60).min(1), yearLabel: text(20).default(""), opensAt: z.iso.datetime({ offset: true }), dueAt: z.iso.datetime({ offset: true }), closesAt: z.iso.datetime({ offset: true }) }))
    .max(120)
    .default([]),
});
export type PlanFile = z.infer<typeof planFileSchema>;

export type PlanFileProblem = { path: string; message: string };

/** The plan as a file. Returns are not part of it: they are the partners', not the plan's. */
export async function exportPlan(db: Db, planId: string, actor: Actor): Promise<PlanFile> {
  const [plan] = await db.select().from(actionPlans).where(eq(actionPlans.id, planId));
  if (!plan) throw new NotFoundError("Action plan");
  authorize(actor, "plan.read", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  const [priorities, indicators, items, periods] = await readTogether(db, [
    () => db.select().from(planPriorities).where(eq(planPriorities.planId, plan.id)).orderBy(asc(planPriorities.number)),
    () => db.select().from(planIndicators).where(eq(planIndicators.planId, plan.id)).orderBy(asc(planIndicators.position)),
    () => db.select().from(planItems).where(eq(planItems.planId, plan.id)).orderBy(asc(planItems.kind), asc(planItems.position)),
    () => db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.position)),
  ]);
  const risks = priorities.length ? await db.select().from(planRisks).where(inArray(planRisks.priorityId, priorities.map((p) => p.id))).orderBy(asc(planRisks.position)) : [];
  const orgIds = [...new Set([...indicators.map((i) => i.ownerOrganisationId), ...items.map((i) => i.ownerOrganisationId), ...priorities.flatMap((p) => (p.leadOrganisationId ? [p.leadOrganisationId] : []))])];
  const orgRows = orgIds.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds)) : [];
  const name = new Map(orgRows.map((o) => [o.id, o.name]));
  return {
    format: PLAN_FORMAT,
    version: PLAN_FORMAT_VERSION,
    plan: { title: plan.title, summary: plan.summary, frequency: plan.frequency, firstPeriodStartsOn: plan.firstPeriodStartsOn, ragKey: plan.ragKey },
    priorities: priorities.map((p) => ({
      number: p.number,
      title: p.title,
      lead: p.leadOrganisationId ? (name.get(p.leadOrganisationId) ?? null) : null,
      leadText: p.leadText,
      resources: p.resources,
      comments: p.comments,
      indicators: indicators
        .filter((i) => i.priorityId === p.id)
        .map((i) => ({ code: i.code, title: i.title, unit: i.unit, polarity: i.polarity, baseline: i.baseline, baselineDate: i.baselineDate, targets: i.targets, results: i.results, amberTolerance: i.amberTolerance, owner: name.get(i.ownerOrganisationId) ?? "" })),
      items: items.filter((i) => i.priorityId === p.id).map((i) => ({ kind: i.kind, number: i.number, text: i.text, outcome: i.outcome, dueOn: i.dueOn, owner: name.get(i.ownerOrganisationId) ?? "" })),
      risks: risks.filter((r) => r.priorityId === p.id).map((r) => ({ risk: r.risk, mitigation: r.mitigation })),
    })),
    periods: periods.map((p) => ({ label: p.label, yearLabel: p.yearLabel, opensAt: p.opensAt.toISOString(), dueAt: p.dueAt.toISOString(), closesAt: p.closesAt.toISOString() })),
  };
}

/** Parse and check a plan file: every problem, with where it is, or the file. */
export function parsePlanFile(json: string): { ok: true; file: PlanFile } | { ok: false; problems: PlanFileProblem[] } {
  if (Buffer.byteLength(json, "utf8") > MAX_PLAN_JSON_BYTES) return { ok: false, problems: [{ path: "", message: `The file is larger than ${MAX_PLAN_JSON_BYTES / 1_000_000} MB` }] };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, problems: [{ path: "", message: `This is not JSON: ${(e as Error).message}` }] };
  }
  const parsed = planFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join("."), message: i.message })) };
  const problems: PlanFileProblem[] = [];
  const seen = { priority: new Set<number>(), code: new Set<string>(), number: new Set<string>() };
  parsed.data.priorities.forEach((p, pi) => {
    if (seen.priority.has(p.number)) problems.push({ path: `priorities.${pi}.number`, message: `Priority ${p.number} appears twice` });
    seen.priority.add(p.number);
    p.indicators.forEach((i, ii) => {
      if (seen.code.has(i.code)) problems.push({ path: `priorities.${pi}.indicators.${ii}.code`, message: `Indicator ${i.code} appears twice` });
      seen.code.add(i.code);
    });
    p.items.forEach((i, ii) => {
      if (seen.number.has(i.number)) problems.push({ path: `priorities.${pi}.items.${ii}.number`, message: `Item ${i.number} appears twice` });
      seen.number.add(i.number);
    });
  });
  parsed.data.periods.forEach((p, n) => {
    if (!(p.opensAt <= p.dueAt && p.dueAt <= p.closesAt)) problems.push({ path: `periods.${n}`, message: `Period ${p.label} must open before it is due, and be due before it closes` });
  });
  return problems.length ? { ok: false, problems } : { ok: true, file: parsed.data };
}

/** A new plan from a file, owned by the actor's council; all or nothing. */
export async function importPlanFile(db: Db, file: PlanFile, input: { ownerOrganisationId: string; slug: string }, actor: Actor): Promise<{ planId: string }> {
  authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: input.ownerOrganisationId });
  const names = [...new Set(file.priorities.flatMap((p) => [...(p.lead ? [p.lead] : []), ...p.indicators.map((i) => i.owner), ...p.items.map((i) => i.owner)]))];
  const orgRows = names.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.name, names)) : [];
  const idOf = new Map(orgRows.map((o) => [o.name, o.id]));
  const unknown = names.filter((n) => !idOf.has(n));
  if (unknown.length) {
    throw new InvalidError(`The file names ${unknown.length === 1 ? "an organisation" : "organisations"} not on this system: ${unknown.join(", ")}. Add ${unknown.length === 1 ? "it" : "them"} first, or change the file.`, {
      json: `Unknown ${unknown.length === 1 ? "organisation" : "organisations"}: ${unknown.join(", ")}`,
    });
  }
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(actionPlans)
      .values({ ownerOrganisationId: input.ownerOrganisationId, slug: input.slug, title: file.plan.title, summary: file.plan.summary, frequency: file.plan.frequency, firstPeriodStartsOn: file.plan.firstPeriodStartsOn, ragKey: file.plan.ragKey as never, createdBy: actor.id })
      .returning({ id: actionPlans.id });
    for (const p of file.priorities) {
      const [row] = await tx
        .insert(planPriorities)
        .values({ planId: plan!.id, number: p.number, title: p.title, leadOrganisationId: p.lead ? idOf.get(p.lead)! : null, leadText: p.leadText, resources: p.resources, comments: p.comments })
        .returning({ id: planPriorities.id });
      if (p.indicators.length) {
        await tx.insert(planIndicators).values(p.indicators.map((i, n) => ({ planId: plan!.id, priorityId: row!.id, position: n, code: i.code, title: i.title, unit: i.unit, polarity: i.polarity, baseline: i.baseline, baselineDate: i.baselineDate, targets: i.targets, results: i.results, amberTolerance: i.amberTolerance, ownerOrganisationId: idOf.get(i.owner)! })));
      }
      if (p.items.length) {
        await tx.insert(planItems).values(p.items.map((i, n) => ({ planId: plan!.id, priorityId: row!.id, kind: i.kind, number: i.number, position: n, text: i.text, outcome: i.outcome, dueOn: i.dueOn, ownerOrganisationId: idOf.get(i.owner)! })));
      }
      if (p.risks.length) await tx.insert(planRisks).values(p.risks.map((r, n) => ({ priorityId: row!.id, position: n, risk: r.risk, mitigation: r.mitigation })));
    }
    if (file.periods.length) {
      await tx.insert(reportingPeriods).values(file.periods.map((p, i) => ({ planId: plan!.id, position: i + 1, label: p.label, yearLabel: p.yearLabel, opensAt: new Date(p.opensAt), dueAt: new Date(p.dueAt), closesAt: new Date(p.closesAt) })));
    }
    await writeAudit(tx, { actorId: actor.id, action: "action_plan.create", entityType: "action_plan", entityId: plan!.id, organisationId: input.ownerOrganisationId, after: { title: file.plan.title, from: `${PLAN_FORMAT}@${file.version}`, priorities: file.priorities.length } });
    return { planId: plan!.id };
  });
}

// ---- Creating a plan from the importer's page: a pasted plan (lib/action-plans/import.ts) or a file.

/** A slug not yet taken: the title's, then with a short suffix. */
async function freeSlug(db: Db, title: string): Promise<string> {
  const base = slugify(title).replace(/^consultation$/, "action-plan");
  for (let n = 0; n < 20; n++) {
    const slug = n === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    const [taken] = await db.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.slug, slug));
    if (!taken) return slug;
  }
  return `${base}-${randomBytes(6).toString("hex")}`;
}

/** The council the officer works for: the plan's owner. */
export function planOwnerFor(actor: Actor): string {
  const councils = organisationsWithRole(actor, "officer");
  if (!councils.length) throw new ForbiddenError("Only council officers can create action plans");
  return councils[0]!;
}

/** The organisations a pasted plan's leads may be: every organisation but the public's. */
export async function ownerCandidates(db: Db): Promise<OwnerCandidate[]> {
  return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(ne(organisations.type, "public")).orderBy(asc(organisations.name));
}

/**
 * What the paste would make, for the preview: the importer is pure, so nothing is stored. With
 * the organisations, each priority's lead is matched to one (warnings for those not matched).
 */
export function previewPastedPlan(text: string, orgs: OwnerCandidate[] = []) {
  const imported = importActionPlan(text);
  const count = (f: (p: ImportedPlan["priorities"][number]) => number) => imported.priorities.reduce((n, p) => n + f(p), 0);
  const owners = matchLeads(imported.priorities, orgs);
  return {
    imported: { ...imported, warnings: [...imported.warnings, ...owners.warnings] },
    owners: owners.matches,
    organisations: orgs,
    counts: { priorities: imported.priorities.length, indicators: count((p) => p.indicators.length), milestones: count((p) => p.milestones.length), projects: count((p) => p.projects.length), risks: count((p) => p.risks.length) },
  };
}

/**
 * Create a plan from pasted text. Each priority's lead organisation (which then owns its
 * milestones and indicators) is the one the officer chose in the preview (`leads`: priority
 * number → organisation id, "" for the council), or else the one its lead's name matches;
 * a priority with neither is owned by the council until set in the editor.
 */
export async function createPlanFromPaste(db: Db, input: { text: string; title: string; leads?: Record<string, string> }, actor: Actor): Promise<{ planId: string }> {
  const owner = planOwnerFor(actor);
  authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: owner });
  const orgs = await ownerCandidates(db);
  const { imported, owners } = previewPastedPlan(input.text, orgs);
  if (!imported.priorities.length) throw new InvalidError("No strategic priorities were found in the text, so there is nothing to create", { text: "No strategic priorities were found: each starts “Strategic Priority 1: …”" });
  const known = new Set(orgs.map((o) => o.id));
  const leads = new Map<number, string | null>();
  for (const m of owners) {
    const chosen = input.leads?.[String(m.priority)];
    if (chosen === undefined) leads.set(m.priority, m.organisationId);
    else if (chosen === "") leads.set(m.priority, null);
    else if (known.has(chosen)) leads.set(m.priority, chosen);
    else throw new InvalidError("Choose an organisation from the list", { [`lead-${m.priority}`]: "Choose an organisation from the list" });
  }
  const title = input.title.trim() || imported.title;
  const { planId } = await createPlanFromImport(db, imported, { ownerOrganisationId: owner, leadOf: (n) => leads.get(n) ?? null, fallbackOwnerId: owner, slug: await freeSlug(db, title), title, actorId: actor.id });
  return { planId };
}

/** Create a plan from a JSON plan file (checked with parsePlanFile). */
export async function createPlanFromFile(db: Db, file: PlanFile, actor: Actor): Promise<{ planId: string }> {
  const owner = planOwnerFor(actor);
  return importPlanFile(db, file, { ownerOrganisationId: owner, slug: await freeSlug(db, file.plan.title) }, actor);
}

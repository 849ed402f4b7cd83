// The officer's plan editor: priorities, indicators (baseline, targets, tolerance, polarity),
// milestones and projects (owner, due date) and risks, each edited with its version so that
// a colleague's edit in between is never overwritten (the edit is refused with both versions);
// and CSV import of indicators and milestones, where every row is checked first and nothing is
// written unless every row is good.
import { parse } from "csv-parse/sync";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, readTogether, type Db } from "../../db/client";
import { actionPlans, INDICATOR_UNITS, organisations, planIndicators, planItems, planPriorities, planRisks, POLARITIES, reportingPeriods, type ActionPlan } from "../../db/schema";
import { writeAudit } from "../audit";
import { authorize, type Actor } from "../auth/policy";
import { ConflictError, InvalidError, NotFoundError } from "../errors";
import { isUuid } from "../sql";
import { plural } from "../text/plural";

export const EDIT_KINDS = ["priority", "indicator", "item", "risk"] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

async function planFor(db: Db, planId: string, actor: Actor): Promise<ActionPlan> {
  if (!isUuid(planId)) throw new NotFoundError("Action plan");
  const [plan] = await db.select().from(actionPlans).where(eq(actionPlans.id, planId));
  if (!plan) throw new NotFoundError("Action plan");
  authorize(actor, "plan.manage", { kind: "action_plan", ownerOrganisationId: plan.ownerOrganisationId });
  return plan;
}

/** Everything the editor shows, with each row's version, and the organisations that may own things. */
export async function getPlanForEdit(db: Db, planId: string, actor: Actor, now = new Date()) {
  const plan = await planFor(db, planId, actor);
  const [priorities, indicators, items, orgs, periods] = await readTogether(db, [
    () => db.select().from(planPriorities).where(eq(planPriorities.planId, plan.id)).orderBy(asc(planPriorities.number)),
    () => db.select().from(planIndicators).where(eq(planIndicators.planId, plan.id)).orderBy(asc(planIndicators.position), asc(planIndicators.code)),
    () => db.select().from(planItems).where(eq(planItems.planId, plan.id)).orderBy(asc(planItems.kind), asc(planItems.position), asc(planItems.number)),
    () => db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)),
    () => db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.position)),
  ]);
  const risks = priorities.length ? await db.select().from(planRisks).where(inArray(planRisks.priorityId, priorities.map((p) => p.id))).orderBy(asc(planRisks.position)) : [];
  return {
    plan,
    organisations: orgs,
    /** Periods that have opened (or whose opening day has come) are history: only the others may change. */
    periods: periods.map((p) => ({ ...p, opened: p.openedAt !== null || p.opensAt <= now })),
    priorities: priorities.map((p) => ({
      ...p,
      indicators: indicators.filter((i) => i.priorityId === p.id),
      items: items.filter((i) => i.priorityId === p.id),
      risks: risks.filter((r) => r.priorityId === p.id),
    })),
  };
}
export type PlanForEdit = Awaited<ReturnType<typeof getPlanForEdit>>;

// ---- Field schemas (shared by the forms' actions and the CSV import).
export const str = (label: string, max: number, required = true) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(required ? z.string().min(1, `Enter the ${label}`).max(max, `The ${label} must be ${max} characters or fewer`) : z.string().max(max, `The ${label} must be ${max} characters or fewer`));
const num = (label: string, opts: { optional?: boolean; min?: number } = {}) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      const t = s.replace(/[,£%\s]/g, "");
      if (!t) {
        if (opts.optional) return null;
        ctx.addIssue({ code: "custom", message: `Enter the ${label}` });
        return z.NEVER;
      }
      const n = Number(t);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be a number, like 42 or 12.5` });
        return z.NEVER;
      }
      if (opts.min !== undefined && n < opts.min) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be ${opts.min} or more` });
        return z.NEVER;
      }
      return n;
    });
/** "2009/10: 33; 2010/11: 35" → [{ label, value }]. */
export const figuresField = (label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      const out: { label: string; value: number }[] = [];
      for (const part of s.split(/[;\n]/).map((x) => x.trim()).filter(Boolean)) {
        const m = /^(.{1,40}?)\s*[:=]\s*(-?\d+(?:\.\d+)?)\s*%?$/.exec(part);
        if (!m) {
          ctx.addIssue({ code: "custom", message: `Write each ${label} as “year: value”, separated by semicolons, for example “2009/10: 33; 2010/11: 35” (could not read “${part.slice(0, 60)}”)` });
          return z.NEVER;
        }
        out.push({ label: m[1]!, value: Number(m[2]) });
      }
      return out;
    });
/** A calendar date typed as 31/03/2010 or 2010-03-31, read as "YYYY-MM-DD" (null when blank and not required). */
export const dayField = (label: string, required = false) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s, ctx) => {
      const t = s.trim();
      if (!t) {
        if (required) ctx.addIssue({ code: "custom", message: `Enter the ${label}` });
        return required ? z.NEVER : null;
      }
      const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
      const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : t;
      const d = new Date(`${iso}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be a real date, like 31/03/2010 or 2010-03-31` });
        return z.NEVER;
      }
      return iso;
    });
const dateField = dayField("due date");

export const priorityFields = z.object({ number: num("number", { min: 1 }), title: str("title", 500), leadText: str("lead", 500, false), leadOrganisationId: z.union([z.literal(""), z.uuid()]).optional().default("").transform((v) => v || null), resources: str("resources", 5000, false), comments: str("progress comments", 20000, false) });
export const indicatorFields = z.object({
  priorityId: z.uuid({ error: "Choose the priority" }),
  code: str("code", 40),
  title: str("title", 500),
  unit: z.enum(INDICATOR_UNITS, { error: "Choose the unit" }),
  polarity: z.enum(POLARITIES, { error: "Choose whether higher or lower is better" }),
  baseline: num("baseline", { optional: true }),
  baselineDate: str("baseline date", 40, false),
  targets: figuresField("target"),
  amberTolerance: num("amber tolerance", { min: 0 }),
  ownerOrganisationId: z.uuid({ error: "Choose the organisation that reports it" }),
});
export const itemFields = z.object({
  priorityId: z.uuid({ error: "Choose the priority" }),
  kind: z.enum(["milestone", "project"], { error: "Choose milestone or funded project" }),
  number: str("number", 40),
  text: str("milestone", 5000),
  outcome: str("expected outcome", 5000, false),
  dueOn: dateField,
  ownerOrganisationId: z.uuid({ error: "Choose the owner" }),
});
export const riskFields = z.object({ priorityId: z.uuid({ error: "Choose the priority" }), risk: str("risk", 5000), mitigation: str("mitigation", 5000, false) });

const TABLES = { priority: planPriorities, indicator: planIndicators, item: planItems, risk: planRisks } as const;
const FIELDS = { priority: priorityFields, indicator: indicatorFields, item: itemFields, risk: riskFields } as const;

/**
 * Add (no id) or change (id + the version the form was opened at) one row of the plan. A change
 * from an older version is refused with the stored row and the attempt, neither lost; the
 * attempt is kept in the audit log.
 */
export async function savePlanRow(db: Db, input: { planId: string; kind: EditKind; id?: string | null; version?: number | null; values: Record<string, unknown> }, actor: Actor) {
  const plan = await planFor(db, input.planId, actor);
  const parsed = FIELDS[input.kind].safeParse(input.values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "_form")] ??= i.message;
    throw new InvalidError("There is a problem", errors);
  }
  const values = parsed.data as Record<string, unknown>;
  const result = await db.transaction(async (tx) => {
    if ("priorityId" in values) {
      const [p] = await tx.select({ id: planPriorities.id }).from(planPriorities).where(and(eq(planPriorities.id, values.priorityId as string), eq(planPriorities.planId, plan.id)));
      if (!p) throw new InvalidError("Choose a priority of this plan", { priorityId: "Choose a priority of this plan" });
    }
    const table = TABLES[input.kind] as typeof planIndicators;
    const scoped = input.kind === "risk" ? {} : { planId: plan.id };
    try {
      if (!input.id) {
        const [row] = await tx.insert(table).values({ ...scoped, ...values } as never).returning();
        await writeAudit(tx, { actorId: actor.id, action: "action_plan.edit", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, after: { added: input.kind, ...values } });
        return row as unknown as { id: string; version: number };
      }
      const [current] = await tx.select().from(table).where(eq(table.id, input.id)).for("update");
      if (!current || ("planId" in current && current.planId !== plan.id)) throw new NotFoundError("That part of the plan");
      if (input.kind === "risk") {
        const [p] = await tx.select({ id: planPriorities.id }).from(planPriorities).where(and(eq(planPriorities.id, (current as unknown as { priorityId: string }).priorityId), eq(planPriorities.planId, plan.id)));
        if (!p) throw new NotFoundError("That part of the plan");
      }
      if (input.version !== null && input.version !== undefined && current.version !== input.version) {
        return { conflict: current } as const;
      }
      const [row] = await tx
        .update(table)
        .set({ ...values, version: sql`${table.version} + 1` } as never)
        .where(eq(table.id, input.id))
        .returning();
      await writeAudit(tx, { actorId: actor.id, action: "action_plan.edit", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, before: current as never, after: { changed: input.kind, ...values } });
      return row as unknown as { id: string; version: number };
    } catch (e) {
      if (pgErrorCode(e) === "23505") {
        const field = input.kind === "indicator" ? "code" : "number";
        throw new InvalidError(`Another ${input.kind === "priority" ? "priority" : input.kind} of this plan already has that ${field}`, { [field]: `Another ${input.kind} of this plan already has that ${field}` });
      }
      throw e;
    }
  });
  if ("conflict" in result) {
    // Nothing written; the attempt is kept in the audit log, and handed back beside the stored row.
    const current = result.conflict as { version: number };
    await writeAudit(db, { actorId: actor.id, action: "action_plan.edit_conflict", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, before: { version: current.version }, after: { kind: input.kind, id: input.id, attemptedFrom: input.version, attempted: values } });
    throw new ConflictError("Someone else changed this since you opened it. Reload to see their version; yours is kept in the form — check both, then save again.", current, values);
  }
  return result;
}

// ---- CSV import of indicators and milestones.

export const INDICATOR_CSV_COLUMNS = ["priority", "code", "title", "unit", "polarity", "baseline", "baseline date", "targets", "amber tolerance", "owner"] as const;
export const MILESTONE_CSV_COLUMNS = ["priority", "kind", "number", "milestone", "expected outcome", "due date", "owner"] as const;
export const MAX_CSV_BYTES = 1_000_000;

export type CsvRowError = { row: number; column: string; message: string };

/**
 * Read a CSV of indicators or milestones (header row with the columns above; priority by number,
 * owner by organisation name) and add or update each row (matched by code or number). Every
 * row is checked before anything is written; any error and nothing is written.
 */
export async function importPlanCsv(db: Db, input: { planId: string; kind: "indicators" | "milestones"; csv: string }, actor: Actor): Promise<{ added: number; updated: number }> {
  const plan = await planFor(db, input.planId, actor);
  if (Buffer.byteLength(input.csv, "utf8") > MAX_CSV_BYTES) throw new InvalidError("The CSV is larger than 1 MB", { csv: "The CSV is larger than 1 MB" });
  let records: Record<string, string>[];
  try {
    records = parse(input.csv.replace(/^\uFEFF/, ""), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw new InvalidError(`The CSV could not be read: ${(e as Error).message}`, { csv: `The CSV could not be read: ${(e as Error).message}` });
  }
  const columns = input.kind === "indicators" ? INDICATOR_CSV_COLUMNS : MILESTONE_CSV_COLUMNS;
  const header = records.length ? Object.keys(records[0]!) : [];
  const missing = columns.filter((c) => !header.includes(c));
  if (!records.length) throw new InvalidError("The CSV has no rows", { csv: "The CSV has no rows under its header" });
  if (missing.length) throw new InvalidError(`The CSV is missing ${missing.length === 1 ? "the column" : "columns"}: ${missing.join(", ")}`, { csv: `Missing ${missing.length === 1 ? "column" : "columns"}: ${missing.join(", ")}` });

  const [priorities, orgs, existing] = await readTogether(db, [
    () => db.select({ id: planPriorities.id, number: planPriorities.number }).from(planPriorities).where(eq(planPriorities.planId, plan.id)),
    () => db.select({ id: organisations.id, name: organisations.name }).from(organisations),
    () => input.kind === "indicators"
      ? db.select({ id: planIndicators.id, key: planIndicators.code }).from(planIndicators).where(eq(planIndicators.planId, plan.id))
      : db.select({ id: planItems.id, key: planItems.number }).from(planItems).where(eq(planItems.planId, plan.id)),
  ]);
  const priorityId = new Map(priorities.map((p) => [String(p.number), p.id]));
  const orgId = new Map(orgs.map((o) => [o.name.toLowerCase(), o.id]));
  const existingId = new Map(existing.map((e) => [e.key.toLowerCase(), e.id]));
  const errors: CsvRowError[] = [];
  const rows: { id: string | null; values: Record<string, unknown> }[] = [];
  const seen = new Set<string>();
  records.forEach((rec, n) => {
    const row = n + 2; // the header is row 1
    const pid = priorityId.get(rec.priority!.replace(/^(strategic )?priority\s*/i, ""));
    if (!pid) errors.push({ row, column: "priority", message: `There is no priority ${rec.priority || "(blank)"} in this plan` });
    const oid = orgId.get((rec.owner ?? "").toLowerCase());
    if (!oid) errors.push({ row, column: "owner", message: rec.owner ? `No organisation is called “${rec.owner}”` : "Enter the owner's organisation" });
    const raw =
      input.kind === "indicators"
        ? { priorityId: pid ?? "", code: rec.code, title: rec.title, unit: (rec.unit ?? "").toLowerCase().replace(/[ /-]+/g, "_"), polarity: (rec.polarity ?? "").toLowerCase().replace(/ is better$/, ""), baseline: rec.baseline, baselineDate: rec["baseline date"], targets: rec.targets, amberTolerance: rec["amber tolerance"] || "0", ownerOrganisationId: oid ?? "" }
        : { priorityId: pid ?? "", kind: (rec.kind || "milestone").toLowerCase().replace(/^funded /, ""), number: rec.number, text: rec.milestone, outcome: rec["expected outcome"], dueOn: rec["due date"], ownerOrganisationId: oid ?? "" };
    const parsed = (input.kind === "indicators" ? indicatorFields : itemFields).safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const f = String(i.path[0]);
        if (f === "priorityId" || f === "ownerOrganisationId") continue; // reported above
        errors.push({ row, column: CSV_COLUMN_OF[f] ?? f, message: i.message });
      }
      return;
    }
    const key = (input.kind === "indicators" ? (parsed.data as { code: string }).code : (parsed.data as { number: string }).number).toLowerCase();
    if (seen.has(key)) errors.push({ row, column: input.kind === "indicators" ? "code" : "number", message: `${key.toUpperCase()} appears more than once in the CSV` });
    seen.add(key);
    rows.push({ id: existingId.get(key) ?? null, values: parsed.data as Record<string, unknown> });
  });
  if (errors.length) {
    const e = new InvalidError(`${plural(errors.length, "problem")} in the CSV; nothing was imported`, { csv: `${plural(errors.length, "problem")} in the CSV; nothing was imported` });
    (e as InvalidError & { rowErrors?: CsvRowError[] }).rowErrors = errors;
    throw e;
  }
  const table = input.kind === "indicators" ? planIndicators : planItems;
  let added = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const r of rows) {
      if (r.id) {
        await tx.update(table).set({ ...r.values, version: sql`${table.version} + 1` } as never).where(eq(table.id, r.id));
        updated++;
      } else {
        await tx.insert(table).values({ planId: plan.id, position: 1000 + added, ...r.values } as never);
        added++;
      }
    }
    await writeAudit(tx, { actorId: actor.id, action: "action_plan.edit", entityType: "action_plan", entityId: plan.id, organisationId: plan.ownerOrganisationId, after: { csvImport: input.kind, added, updated } });
  });
  return { added, updated };
}

const CSV_COLUMN_OF: Record<string, string> = { baselineDate: "baseline date", amberTolerance: "amber tolerance", text: "milestone", outcome: "expected outcome", dueOn: "due date" };

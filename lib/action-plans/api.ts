// The action-plan API: list plans, a period's report as JSON, and a partner system's return
// posted for the key's own organisation (items named by their reference, "1.3" or "LI 2.1").
// The same lib calls as the pages; the caller states values, so each item is applied over what
// is stored (no base to be stale against).
import { z } from "zod";
import type { Db } from "../../db/client";
import { authorize, type Actor } from "../auth/policy";
import { InvalidError, NotFoundError } from "../errors";
import { saveReturn, submitReturn, type PostedItem } from "./commands";
import { getReturnForm, listPlans, periodWindow } from "./queries";
import { subjectLabel } from "./present";
import { getPlanReport } from "./report";

const isoDate = z.string().meta({ format: "date-time" });

export const apiPeriodSchema = z
  .object({ id: z.uuid(), label: z.string(), opensAt: isoDate, dueAt: isoDate, closesAt: isoDate, state: z.enum(["not_open", "open", "closed"]) })
  .meta({ id: "ReportingPeriod" });
export const apiPlanSchema = z
  .object({ id: z.uuid(), title: z.string(), slug: z.string(), frequency: z.enum(["monthly", "quarterly", "annual"]), periods: z.array(apiPeriodSchema) })
  .meta({ id: "ActionPlan" });
export const apiPlanListSchema = z.object({ data: z.array(apiPlanSchema) }).meta({ id: "ActionPlanList" });

const ragSchema = z.enum(["red", "amber", "green"]).nullable();
export const apiReportSchema = z
  .object({
    plan: z.object({ id: z.uuid(), title: z.string() }),
    period: apiPeriodSchema,
    summary: z.object({
      milestones: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()), byRag: z.record(z.string(), z.number()) }),
      indicators: z.object({ total: z.number(), byRag: z.record(z.string(), z.number()) }),
      returns: z.object({ expected: z.number(), submitted: z.number(), late: z.number() }),
    }),
    exceptions: z.array(z.object({ reason: z.enum(["red", "amber", "worsening", "missing", "late"]), label: z.string(), text: z.string(), ownerName: z.string(), commentary: z.string() })),
    priorities: z.array(
      z.object({
        number: z.number(),
        title: z.string(),
        indicators: z.array(z.object({ code: z.string(), title: z.string(), unit: z.string(), baseline: z.number().nullable(), target: z.number().nullable(), actual: z.number().nullable(), rag: ragSchema, direction: z.enum(["improving", "worsening", "same"]).nullable(), commentary: z.string(), owner: z.string() })),
        milestones: z.array(z.object({ number: z.string(), kind: z.enum(["milestone", "project"]), text: z.string(), status: z.enum(["not_started", "in_progress", "complete"]).nullable(), rag: ragSchema, direction: z.enum(["improving", "worsening", "same"]).nullable(), commentary: z.string(), correctiveAction: z.string(), owner: z.string() })),
      }),
    ),
  })
  .meta({ id: "ActionPlanReport" });

export const apiReturnBodySchema = z
  .object({
    items: z
      .array(
        z.object({
          ref: z.string().min(1).max(50).meta({ description: 'The milestone\'s number ("1.3", "P5.2") or the indicator\'s code ("LI 2.1")' }),
          status: z.enum(["not_started", "in_progress", "complete"]).nullable().optional(),
          rag: z.enum(["red", "amber", "green"]).nullable().optional(),
          actual: z.number().finite().nullable().optional(),
          commentary: z.string().max(5000).optional(),
          correctiveAction: z.string().max(5000).optional(),
        }),
      )
      .max(2000),
    submit: z.boolean().optional().meta({ description: "Submit (or amend) the return once the items are saved" }),
  })
  .meta({ id: "ActionPlanReturnInput" });

export const apiReturnResultSchema = z
  .object({ organisationId: z.uuid(), periodId: z.uuid(), saved: z.number(), status: z.enum(["not_started", "draft", "submitted"]), revision: z.number(), reference: z.string().nullable() })
  .meta({ id: "ActionPlanReturnResult" });

const periodOut = (p: { id: string; label: string; opensAt: Date; dueAt: Date; closesAt: Date }, now: Date) => ({
  id: p.id,
  label: p.label,
  opensAt: p.opensAt.toISOString(),
  dueAt: p.dueAt.toISOString(),
  closesAt: p.closesAt.toISOString(),
  state: periodWindow(p, null, now).state,
});

export async function listPlansForApi(db: Db, actor: Actor, now = new Date()): Promise<z.infer<typeof apiPlanListSchema>> {
  const plans = await listPlans(db, actor);
  return { data: plans.map(({ plan, periods }) => ({ id: plan.id, title: plan.title, slug: plan.slug, frequency: plan.frequency, periods: periods.map((p) => periodOut(p, now)) })) };
}

export async function planReportForApi(db: Db, actor: Actor, planId: string, periodId: string, now = new Date()): Promise<z.infer<typeof apiReportSchema>> {
  const r = await getPlanReport(db, { periodId }, actor, now);
  if (r.plan.id !== planId) throw new NotFoundError("Reporting period");
  return {
    plan: { id: r.plan.id, title: r.plan.title },
    period: periodOut(r.period, now),
    summary: r.summary,
    exceptions: r.exceptions.map((e) => ({ reason: e.reason, label: e.label, text: e.text, ownerName: e.ownerName, commentary: e.commentary })),
    priorities: r.priorities.map((p) => ({
      number: p.number,
      title: p.title,
      indicators: p.indicators.map((i) => ({ code: i.code, title: i.title, unit: i.unit, baseline: i.baseline, target: i.target?.value ?? null, actual: i.actual, rag: i.rag, direction: i.direction, commentary: i.commentary, owner: i.ownerName })),
      milestones: p.milestones.map((m) => ({ number: m.number, kind: m.kind, text: m.text, status: m.status, rag: m.rag, direction: m.direction, commentary: m.commentary, correctiveAction: m.correctiveAction, owner: m.ownerName })),
    })),
  };
}

export async function postReturnForApi(db: Db, actor: Actor, organisationId: string, planId: string, periodId: string, body: z.infer<typeof apiReturnBodySchema>): Promise<z.infer<typeof apiReturnResultSchema>> {
  const form = await getReturnForm(db, { periodId, organisationId }, actor);
  if (form.plan.id !== planId) throw new NotFoundError("Reporting period");
  authorize(actor, "plan_return.edit", { kind: "plan_return", organisationId, planOwnerOrganisationId: form.plan.ownerOrganisationId });
  const byRef = new Map(form.priorities.flatMap((p) => p.subjects).map((s) => [subjectLabel(s.subject).toLowerCase(), s]));
  const unknown = body.items.filter((i) => !byRef.has(i.ref.trim().toLowerCase())).map((i) => i.ref);
  if (unknown.length) throw new InvalidError(`Your organisation does not report on ${unknown.slice(0, 5).join(", ")} in this plan. Nothing has been saved.`, Object.fromEntries(unknown.map((u, n) => [`items.${n}.ref`, `Not an item your organisation reports on: ${u}`])));
  const items: PostedItem[] = body.items.map((i) => {
    const s = byRef.get(i.ref.trim().toLowerCase())!;
    return {
      subjectId: s.subject.id,
      base: s.current?.base ?? null,
      posted: { status: i.status ?? "", rag: i.rag ?? "", commentary: i.commentary ?? "", correctiveAction: i.correctiveAction ?? "", actual: i.actual === null || i.actual === undefined ? "" : String(i.actual) },
    };
  });
  const saved = items.length ? await saveReturn(db, { periodId, organisationId, items }, actor) : { saved: 0, errors: {}, conflicts: {} };
  const errors = Object.entries(saved.errors);
  if (errors.length) {
    const refOf = new Map([...byRef.values()].map((s) => [s.subject.id, subjectLabel(s.subject)]));
    throw new InvalidError("Some items are not valid; the others were saved", Object.fromEntries(errors.map(([k, m]) => [`${refOf.get(k.split(".")[0]!) ?? k}.${k.split(".").slice(1).join(".")}`, m])));
  }
  let reference = form.ret?.reference ?? null;
  let revision = form.ret?.revision ?? 0;
  let status: "not_started" | "draft" | "submitted" = form.ret?.status ?? (saved.saved ? "draft" : "not_started");
  if (body.submit) {
    const r = await submitReturn(db, { periodId, organisationId, revision }, actor);
    reference = r.reference;
    revision = r.revision;
    status = "submitted";
  }
  return { organisationId, periodId, saved: saved.saved, status, revision, reference };
}

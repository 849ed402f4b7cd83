// Building a plan on a real database (Postgres with DATABASE_URL, else PGlite), on the demo
// content: the editor's versioned edits and denials, CSV import (per-row errors, all or
// nothing), the pasted plan's preview and creation, and the JSON plan file round trip.
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../db/testing";
import { actionPlans, auditLog, planIndicators, planItems, planPriorities, planRisks, reportingPeriods } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ConflictError, ForbiddenError, InvalidError, LockedError } from "../errors";
import { getPlanForEdit, importPlanCsv, savePlanRow, type CsvRowError } from "./editor";
import { removePeriod, savePeriod } from "./period-editor";
import { createPlanFromFile, createPlanFromPaste, exportPlan, ownerCandidates, parsePlanFile, PLAN_FORMAT, previewPastedPlan } from "./plan-format";

let t: TestDb;
const actors: Record<string, Actor> = {};
let planId: string;

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoContent(t.db);
  for (const [k, e] of Object.entries({ hwp: "janet.price@hwp.example", officer: "jane.fisher@council.example", officer2: "amir.khan@council.example", scrutiny: "peter.moss@council.example", police: "sarah.lee@police.example" })) {
    const u = await findUserByEmail(t.db, e);
    actors[k] = (await loadActor(t.db, u!.id))!;
  }
  planId = (await t.db.select().from(actionPlans))[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

const SEED = readFileSync(path.resolve(__dirname, "../../db/seed/data/rochford-action-plan-2009-10.txt"), "utf8");

describe("the plan editor", () => {
  it("is refused to partners, scrutiny and other organisations", async () => {
    for (const a of ["hwp", "scrutiny", "police"]) await expect(getPlanForEdit(t.db, planId, actors[a]!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(savePlanRow(t.db, { planId, kind: "risk", values: {} }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("edits an indicator's baseline, targets and tolerance; a colleague's edit from the same version is refused with both kept", async () => {
    const e = await getPlanForEdit(t.db, planId, actors.officer!);
    const p = e.priorities[0]!;
    const i = p.indicators[0]!;
    const values = { priorityId: p.id, code: i.code, title: i.title, unit: i.unit, polarity: "higher", baseline: "24.6", baselineDate: "2008/09", targets: "2009/10: 33; 2010/11: 35", amberTolerance: "2", ownerOrganisationId: i.ownerOrganisationId };
    const saved = await savePlanRow(t.db, { planId, kind: "indicator", id: i.id, version: i.version, values }, actors.officer!);
    expect(saved.version).toBe(i.version + 1);
    const [row] = await t.db.select().from(planIndicators).where(eq(planIndicators.id, i.id));
    expect(row!.targets).toEqual([{ label: "2009/10", value: 33 }, { label: "2010/11", value: 35 }]);
    expect(row!.amberTolerance).toBe(2);
    const attempt = savePlanRow(t.db, { planId, kind: "indicator", id: i.id, version: i.version, values: { ...values, amberTolerance: "5" } }, actors.officer2!);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    const err = (await attempt.catch((x) => x)) as ConflictError<unknown>;
    expect((err.current as { amberTolerance: number }).amberTolerance).toBe(2);
    expect((err.attempted as { amberTolerance: number }).amberTolerance).toBe(5);
    const [kept] = await t.db.select().from(planIndicators).where(eq(planIndicators.id, i.id));
    expect(kept!.amberTolerance).toBe(2);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, "action_plan.edit_conflict"));
    expect(audited).toHaveLength(1);
  });

  it("says what is wrong next to each field, and refuses a duplicate code", async () => {
    const e = await getPlanForEdit(t.db, planId, actors.officer!);
    const p = e.priorities[1]!;
    const bad = savePlanRow(t.db, { planId, kind: "indicator", values: { priorityId: p.id, code: "", title: "x", unit: "percentage", polarity: "higher", baseline: "lots", targets: "next year 5", amberTolerance: "-1", ownerOrganisationId: p.indicators[0]?.ownerOrganisationId ?? e.plan.ownerOrganisationId } }, actors.officer!);
    const err = (await bad.catch((x) => x)) as InvalidError;
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.keys(err.fieldErrors ?? {}).sort()).toEqual(["amberTolerance", "baseline", "code", "targets"]);
    const dup = savePlanRow(t.db, { planId, kind: "indicator", values: { priorityId: p.id, code: e.priorities[0]!.indicators[0]!.code, title: "x", unit: "number", polarity: "lower", baseline: "", targets: "", amberTolerance: "0", ownerOrganisationId: e.plan.ownerOrganisationId } }, actors.officer!);
    await expect(dup).rejects.toThrow(/already has that code/);
  });

  it("adds a milestone with owner and due date, and a risk; refuses a priority of another plan", async () => {
    const e = await getPlanForEdit(t.db, planId, actors.officer!);
    const p = e.priorities[2]!;
    await savePlanRow(t.db, { planId, kind: "item", values: { priorityId: p.id, kind: "milestone", number: "3.9", text: "<b>Hold</b> a volunteering fair", outcome: "200 volunteers", dueOn: "31/03/2010", ownerOrganisationId: e.plan.ownerOrganisationId } }, actors.officer!);
    const [m] = await t.db.select().from(planItems).where(and(eq(planItems.planId, planId), eq(planItems.number, "3.9")));
    expect(m!.dueOn).toBe("2010-03-31");
    expect(m!.text).toBe("<b>Hold</b> a volunteering fair");
    await savePlanRow(t.db, { planId, kind: "risk", values: { priorityId: p.id, risk: "Funding ends", mitigation: "Seek grants" } }, actors.officer!);
    expect((await t.db.select().from(planRisks).where(eq(planRisks.risk, "Funding ends"))).length).toBe(1);
    await expect(savePlanRow(t.db, { planId, kind: "risk", values: { priorityId: "00000000-0000-4000-8000-000000000000", risk: "x" } }, actors.officer!)).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("CSV import of indicators and milestones", () => {
  it("lists every bad row and imports nothing", async () => {
    const before = await t.db.select().from(planIndicators).where(eq(planIndicators.planId, planId));
    const csv = ["priority,code,title,unit,polarity,baseline,baseline date,targets,amber tolerance,owner", "1,NI 999,Good row,percentage,higher,10,2008/09,2009/10: 20,2,Chorley Council", "9,NI 998,No such priority,percentage,higher,10,,,0,Chorley Council", "2,NI 997,Bad unit,furlongs,higher,x,,,0,Nobody Ltd"].join("\n");
    const err = (await importPlanCsv(t.db, { planId, kind: "indicators", csv }, actors.officer!).catch((x) => x)) as InvalidError & { rowErrors?: CsvRowError[] };
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.rowErrors!.map((r) => [r.row, r.column])).toEqual([
      [3, "priority"],
      [4, "owner"],
      [4, "unit"],
      [4, "baseline"],
    ]);
    expect(await t.db.select().from(planIndicators).where(eq(planIndicators.planId, planId))).toHaveLength(before.length);
  });

  it("adds new rows and updates those it already has, formula-looking text kept as text", async () => {
    const csv = ["priority,kind,number,milestone,expected outcome,due date,owner", `2,milestone,2.9,"=HYPERLINK(""x"") Run a fair",More volunteers,2010-03-31,Chorley Council`, "1,milestone,1.1,Updated text,Outcome,31/03/2010,Chorley Council"].join("\r\n");
    const r = await importPlanCsv(t.db, { planId, kind: "milestones", csv: `\uFEFF${csv}` }, actors.officer!);
    expect(r).toEqual({ added: 1, updated: 1 });
    const [added] = await t.db.select().from(planItems).where(and(eq(planItems.planId, planId), eq(planItems.number, "2.9")));
    expect(added!.text).toBe('=HYPERLINK("x") Run a fair');
    const [updated] = await t.db.select().from(planItems).where(and(eq(planItems.planId, planId), eq(planItems.number, "1.1")));
    expect(updated!.text).toBe("Updated text");
    await expect(importPlanCsv(t.db, { planId, kind: "milestones", csv }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importPlanCsv(t.db, { planId, kind: "milestones", csv: "a,b\n1,2" }, actors.officer!)).rejects.toThrow(/missing columns/);
  });
});

describe("the importer and the plan file", () => {
  it("previews the pasted seed plan with its warnings, then creates it", async () => {
    const preview = previewPastedPlan(SEED);
    expect(preview.counts).toMatchObject({ priorities: 7, indicators: 11 });
    expect(preview.imported.warnings.length).toBeGreaterThan(0);
    await expect(createPlanFromPaste(t.db, { text: SEED, title: "" }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createPlanFromPaste(t.db, { text: "nothing here", title: "" }, actors.officer!)).rejects.toBeInstanceOf(InvalidError);
    const { planId: created } = await createPlanFromPaste(t.db, { text: SEED, title: "Imported plan" }, actors.officer!);
    expect((await t.db.select().from(planPriorities).where(eq(planPriorities.planId, created))).length).toBe(7);
    expect((await t.db.select().from(actionPlans).where(eq(actionPlans.id, created)))[0]!.title).toBe("Imported plan");
  });

  it("matches the pasted plan's lead partnerships to the organisations, and the officer's choice wins", async () => {
    const orgs = await ownerCandidates(t.db);
    const idOf = (name: string) => orgs.find((o) => o.name === name)!.id;
    const preview = previewPastedPlan(SEED, orgs);
    const lead = (n: number) => preview.owners.find((m) => m.priority === n)!.organisationId;
    expect(lead(1)).toBe(idOf("Rochford Health and Wellbeing Partnership"));
    expect([2, 3, 4].map(lead)).toEqual(Array(3).fill(idOf("Rochford Community Involvement Group")));
    expect(lead(5)).toBe(idOf("Rochford Crime and Disorder Reduction Partnership"));
    expect(lead(6)).toBeNull(); // "To be established"
    expect(lead(7)).toBe(idOf("Rochford LSP Executive Board"));
    // "To be established" is warned about once (by the importer), not again as unmatched.
    expect(preview.imported.warnings.filter((w) => /^Strategic Priority 6:/.test(w))).toEqual(['Strategic Priority 6: the lead partnership is "To be established"; choose an owner for its milestones.']);
    expect(orgs.some((o) => /Members of the public/.test(o.name))).toBe(false);

    const police = idOf("Lancashire Constabulary");
    await expect(createPlanFromPaste(t.db, { text: SEED, title: "Owners", leads: { "1": "00000000-0000-4000-8000-000000000000" } }, actors.officer!)).rejects.toBeInstanceOf(InvalidError);
    const { planId: created } = await createPlanFromPaste(t.db, { text: SEED, title: "Owners", leads: { "1": police, "7": "" } }, actors.officer!);
    const ps = await t.db.select().from(planPriorities).where(eq(planPriorities.planId, created));
    const by = (n: number) => ps.find((p) => p.number === n)!;
    expect(by(1).leadOrganisationId).toBe(police);
    expect(by(5).leadOrganisationId).toBe(idOf("Rochford Crime and Disorder Reduction Partnership"));
    expect(by(7).leadOrganisationId).toBeNull();
    const owners = await t.db.select({ owner: planItems.ownerOrganisationId }).from(planItems).where(and(eq(planItems.planId, created), eq(planItems.priorityId, by(1).id)));
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => o.owner === police)).toBe(true);
    const [council] = await t.db.select({ id: actionPlans.ownerOrganisationId }).from(actionPlans).where(eq(actionPlans.id, created));
    const seven = await t.db.select({ owner: planItems.ownerOrganisationId }).from(planItems).where(eq(planItems.priorityId, by(7).id));
    expect(seven.every((o) => o.owner === council!.id)).toBe(true);
  });

  it("exports a plan as a versioned file and imports it back the same", async () => {
    const file = await exportPlan(t.db, planId, actors.officer!);
    expect(file.format).toBe(PLAN_FORMAT);
    expect(file.version).toBe(1);
    await expect(exportPlan(t.db, planId, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    const parsed = parsePlanFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    const { planId: copy } = await createPlanFromFile(t.db, (parsed as { file: typeof file }).file, actors.officer!);
    const again = await exportPlan(t.db, copy, actors.officer!);
    expect(again).toEqual(file);
  });

  it("refuses a bad file with every problem and where, creating nothing", async () => {
    const plans = (await t.db.select().from(actionPlans)).length;
    const file = await exportPlan(t.db, planId, actors.officer!);
    const broken = { ...file, version: 2, priorities: [{ ...file.priorities[0]!, number: 0 }, file.priorities[0]] };
    const r = parsePlanFile(JSON.stringify(broken));
    expect(r.ok).toBe(false);
    expect((r as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(expect.arrayContaining(["version", "priorities.0.number"]));
    expect(parsePlanFile("{not json").ok).toBe(false);
    const dup = parsePlanFile(JSON.stringify({ ...file, priorities: [file.priorities[0], file.priorities[0]] }));
    expect((dup as { problems: { message: string }[] }).problems[0]!.message).toMatch(/appears twice/);
    const unknownOrg = { ...file, priorities: [{ ...file.priorities[0]!, items: [{ ...file.priorities[0]!.items[0]!, owner: "Nobody Ltd" }] }] };
    await expect(createPlanFromFile(t.db, unknownOrg, actors.officer!)).rejects.toThrow(/Nobody Ltd/);
    expect((await t.db.select().from(actionPlans)).length).toBe(plans);
  });
});

describe("the period editor", () => {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const period = (label: string, opens: number, due: number, closes: number) => ({ label, opensOn: day(opens), dueOn: day(due), closesOn: day(closes) });
  const fieldErrors = (e: unknown) => (e as InvalidError & { fieldErrors: Record<string, string> }).fieldErrors;
  const periodsOf = () => t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.position));

  it("adds future periods in order, refusing overlaps, dates out of order, the past, and a period before one that has opened", async () => {
    const before = await periodsOf();
    expect(before.length).toBe(4);
    await expect(savePeriod(t.db, { planId, values: period("Q1 2010/11", 100, 130, 145) }, actors.hwp!)).rejects.toBeInstanceOf(ForbiddenError);
    const q1 = await savePeriod(t.db, { planId, values: period("Q1 2010/11", 100, 130, 145) }, actors.officer!);
    expect(q1.position).toBe(5);
    expect(q1.yearLabel).toBe("2010/11");
    const refused = async (values: Record<string, string>) => fieldErrors(await savePeriod(t.db, { planId, values }, actors.officer!).catch((e) => e));
    expect((await refused(period("Q2 2010/11", 140, 170, 185))).opensOn).toMatch(/overlaps Q1 2010\/11/);
    expect((await refused(period("Q2 2010/11", 200, 190, 210))).dueOn).toMatch(/on or after the opening date/);
    expect((await refused(period("Q2 2010/11", 200, 210, 205))).closesOn).toMatch(/on or after the due date/);
    expect((await refused(period("Q2 2010/11", -5, 10, 20))).opensOn).toMatch(/future/);
    expect((await refused(period("Q2 2010/11", 20, 25, 30))).opensOn).toMatch(/after Q4 2009\/10 closes/);
    expect((await refused(period("q1 2010/11", 300, 310, 320))).label).toMatch(/already has a period called/);
    expect((await refused({ label: "", opensOn: "31/02/2011", dueOn: "", closesOn: "" })).opensOn).toMatch(/real date/);
    expect((await periodsOf()).length).toBe(5);
  });

  it("changes a period from the version the form showed, keeping the order by opening date; removes only periods not yet open", async () => {
    const q2 = await savePeriod(t.db, { planId, values: period("Q2 2010/11", 200, 230, 245) }, actors.officer!);
    const q1 = (await periodsOf()).find((p) => p.label === "Q1 2010/11")!;
    // Q1 moved after Q2: the positions follow.
    const moved = await savePeriod(t.db, { planId, id: q1.id, version: q1.version, values: period("Q1 2010/11", 300, 330, 345) }, actors.officer!);
    expect(moved.version).toBe(q1.version + 1);
    expect((await periodsOf()).map((p) => p.label).slice(4)).toEqual(["Q2 2010/11", "Q1 2010/11"]);
    const stale = await savePeriod(t.db, { planId, id: q1.id, version: q1.version, values: period("Q1 2010/11", 400, 430, 445) }, actors.officer!).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    // Periods that have opened are history.
    const q4 = (await periodsOf()).find((p) => p.label === "Q4 2009/10")!;
    await expect(savePeriod(t.db, { planId, id: q4.id, version: q4.version, values: period("Q4 2009/10", 400, 430, 445) }, actors.officer!)).rejects.toBeInstanceOf(LockedError);
    await expect(removePeriod(t.db, { planId, id: q4.id, version: q4.version }, actors.officer!)).rejects.toBeInstanceOf(LockedError);
    await expect(removePeriod(t.db, { planId, id: q2.id, version: q2.version }, actors.police!)).rejects.toBeInstanceOf(ForbiddenError);
    await removePeriod(t.db, { planId, id: q2.id, version: q2.version }, actors.officer!);
    const after = await periodsOf();
    expect(after.map((p) => [p.label, p.position])).toEqual([
      ["Q1 2009/10", 1],
      ["Q2 2009/10", 2],
      ["Q3 2009/10", 3],
      ["Q4 2009/10", 4],
      ["Q1 2010/11", 5],
    ]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "action_plan.edit_conflict"));
    expect(audit.some((a) => (a.after as { kind?: string }).kind === "period")).toBe(true);
  });
});

// The action-plan API on a real database: keys scoped to their organisation, the report as
// JSON for the council, a partner system's return posted with an Idempotency-Key; every
// response checked against the OpenAPI document.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listPlans } from "../../app/api/v1/action-plans/route";
import { GET as getReport } from "../../app/api/v1/action-plans/[planId]/periods/[periodId]/report/route";
import { POST as postReturn } from "../../app/api/v1/action-plans/[planId]/periods/[periodId]/returns/route";
import { createTestDb, type TestDb } from "../../db/testing";
import { organisations, reportingPeriods, returnSubmissions } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createApiKey } from "../api-keys/commands";
import { findUserByEmail, loadActor } from "../auth/actor";
import { OpenApiValidator } from "../api/testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "../api/testing/routes";
import { reloadSettings } from "../config";

let t: TestDb;
const keys: Record<string, string> = {};
let planId = "";
let pastId = "";
let openId = "";
const call = makeCaller(new OpenApiValidator());

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  reloadSettings();
  t = await createTestDb();
  await loadDemoContent(t.db);
  routeHandlersUse(t);
  const admin = (await loadActor(t.db, (await findUserByEmail(t.db, "ravi.shah@council.example"))!.id))!;
  const org = async (name: string) => (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  keys.council = (await createApiKey(t.db, { name: "Council", organisationId: await org("Chorley Council"), scope: "read" }, admin)).key;
  keys.hwp = (await createApiKey(t.db, { name: "HWP", organisationId: await org("Rochford Health and Wellbeing Partnership"), scope: "read_write" }, admin)).key;
  keys.hwpRead = (await createApiKey(t.db, { name: "HWP read", organisationId: await org("Rochford Health and Wellbeing Partnership"), scope: "read" }, admin)).key;
  const periods = await t.db.select().from(reportingPeriods).orderBy(reportingPeriods.position);
  planId = periods[0]!.planId;
  pastId = periods[2]!.id;
  openId = periods[3]!.id;
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

describe("the action-plan API", () => {
  it("lists the council's plans with their periods, and none to a partner's key", async () => {
    const r = await call(listPlans, "GET", "/action-plans", { key: keys.council });
    expect(r.status).toBe(200);
    expect(r.body.data[0].periods.map((p: { label: string }) => p.label)).toEqual(["Q1 2009/10", "Q2 2009/10", "Q3 2009/10", "Q4 2009/10"]);
    expect((await call(listPlans, "GET", "/action-plans", { key: keys.hwp })).body.data).toEqual([]);
  });

  it("gives a period's report to the council and refuses it to a partner", async () => {
    const params = { planId, periodId: pastId };
    const r = await call(getReport, "GET", `/action-plans/${planId}/periods/${pastId}/report`, { key: keys.council, params });
    expect(r.status).toBe(200);
    expect(r.body.summary.milestones.total).toBe(42);
    expect(r.body.exceptions.some((e: { label: string; reason: string }) => e.label === "P5.2" && e.reason === "red")).toBe(true);
    expect((await call(getReport, "GET", `/action-plans/${planId}/periods/${pastId}/report`, { key: keys.hwp, params })).status).toBe(403);
  });

  it("takes a partner system's return for its own items only, once per Idempotency-Key", async () => {
    const params = { planId, periodId: openId };
    const path = `/action-plans/${planId}/periods/${openId}/returns`;
    const foreign = await call(postReturn, "POST", path, { key: keys.hwp, params, body: { items: [{ ref: "5.1", status: "complete" }] } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toMatch(/does not report on 5.1/);
    expect((await call(postReturn, "POST", path, { key: keys.hwpRead, params, body: { items: [] } })).status).toBe(403);
    const items = [
      { ref: "LI 2.1", actual: 29.4, commentary: "From the survey" },
      ...["1.1", "1.2", "1.3", "1.4", "P1.1", "P1.2"].map((ref) => ({ ref, status: "in_progress", rag: "green", commentary: `On track (${ref})` })),
    ];
    const body = { items, submit: true };
    const first = await call(postReturn, "POST", path, { key: keys.hwp, params, body, headers: { "idempotency-key": "hwp-q4-1" } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "submitted", revision: 1, saved: 7 });
    const again = await call(postReturn, "POST", path, { key: keys.hwp, params, body, headers: { "idempotency-key": "hwp-q4-1" } });
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.reference).toBe(first.body.reference);
    const subs = await t.db.select().from(returnSubmissions);
    expect(subs.filter((s) => s.revision === 1 && (s.items as { subject: string }[]).some((i) => i.subject === "LI 2.1"))).toHaveLength(1);
    const red = await call(postReturn, "POST", path, { key: keys.hwp, params, body: { items: [{ ref: "1.3", status: "in_progress", rag: "red" }] } });
    expect(red.status).toBe(422);
    expect(JSON.stringify(red.body.error.details)).toContain("corrective action");
  });
});

// The open-data endpoints, called as route handlers and checked against the OpenAPI document:
// no key needed, 404 while a consultation does not publish, only published content, a CSV
// with formula guards, and 429 with Retry-After past the per-address limit.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, consultationOutcomes, consultations, questions, responses, sections } from "../../db/schema";
import { createTestDb, type TestDb } from "../../db/testing";
import { seedWorld } from "../consultations/test-helpers";
import { decideModeration, listModerationQueue, redactPassage, syncModerationQueue } from "../public/moderation";
import { getOpenDataCounts, getOpenDataCsv, getOpenDataOutcome, getOpenDataResponses } from "./open-data";
import { OpenApiValidator } from "./testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "./testing/routes";
import { LIMITS, windowStart } from "../rate-limit";

let t: TestDb;
const validator = new OpenApiValidator();
const call = makeCaller(validator);
let slug: string;
let consultationId: string;
const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

beforeAll(async () => {
  t = await createTestDb();
  routeHandlersUse(t);
  const w = await seedWorld(t.db);
  slug = `open-data-${Date.now()}`;
  const [c] = await t.db.insert(consultations).values({ slug, title: "Libraries", kind: "questionnaire", ownerOrganisationId: w.council.id, status: "closed", publishResponses: "after_close" }).returning();
  consultationId = c!.id;
  const [s] = await t.db.insert(sections).values({ consultationId, title: "Libraries", position: 1 }).returning();
  const [q1] = await t.db.insert(questions).values({ consultationId, sectionId: s!.id, number: "1", type: "single_choice", text: "Keep the library?", options: ["Yes", "No"], position: 1 }).returning();
  const [q2] = await t.db.insert(questions).values({ consultationId, sectionId: s!.id, number: "2", type: "long_text", text: "Why?", position: 2 }).returning();
  const base = { consultationId, status: "submitted" as const, revision: 1, submittedAt: new Date() };
  const [named] = await t.db.insert(responses).values({ ...base, organisationId: w.police!.id, reference: "PRIV-1", publicReference: "LIB-0001", publishConsent: "named" }).returning();
  const [refused] = await t.db.insert(responses).values({ ...base, organisationId: w.healthOrg!.id, reference: "PRIV-2", publicReference: "LIB-0002", publishConsent: "none" }).returning();
  for (const [r, choice, text] of [[named!, "Yes", "=cmd|' /C calc'!A0 call Ann on 07700 900123"], [refused!, "No", "SECRET-REFUSED"]] as const) {
    await t.db.insert(answers).values([
      { responseId: r.id, questionId: q1!.id, value: choice, valueText: choice },
      { responseId: r.id, questionId: q2!.id, value: text, valueText: text },
    ]);
  }
  // Written directly rather than submitted: the repair queues them as submissions would.
  await syncModerationQueue(t.db, consultationId);
  const [item] = (await listModerationQueue(t.db, { consultationId, state: "pending" }, w.officer)).items;
  const red = await redactPassage(t.db, { consultationId, responseId: item!.responseId, questionId: item!.questionId, baseVersion: item!.version, passage: "07700 900123", occurrence: 1, reason: "phone", note: "" }, w.officer);
  await decideModeration(t.db, { consultationId, responseId: item!.responseId, questionId: item!.questionId, baseVersion: red.version, decision: "approve", withheldReason: "" }, w.officer);
  await t.db.insert(consultationOutcomes).values({ consultationId, weAsked: "Asked", youSaid: "Said", weDid: "Did", outcomeDate: "2026-12-01", status: "published", publishedAt: new Date() });
});

afterAll(async () => {
  await t?.close();
});

describe("open data without a key", () => {
  it("lists only consented, moderated responses with redactions applied, as documented", async () => {
    const r = await call(getOpenDataResponses, "GET", `/public/consultations/${slug}/responses`, { params: { slug }, ...from("198.51.100.1") });
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x: { publicReference: string }) => x.publicReference)).toEqual(["LIB-0001"]);
    expect(r.body.responses[0].answers[1].text).toBe("=cmd|' /C calc'!A0 call Ann on [redacted]");
    expect(JSON.stringify(r.body)).not.toMatch(/SECRET|07700|PRIV-/);
    expect(r.res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("gives the CSV with formula guards and nothing unpublished", async () => {
    const r = await call(getOpenDataCsv, "GET", `/public/consultations/${slug}/responses.csv`, { params: { slug }, ...from("198.51.100.1") });
    expect(r.status).toBe(200);
    // Read a second response directly: the contract check above consumed the first one's stream.
    const text = await (await getOpenDataCsv(new Request(`http://localhost/api/v1/public/consultations/${slug}/responses.csv`, from("198.51.100.1")), { params: Promise.resolve({ slug }) })).text();
    expect(text.split("\r\n")[0]).toBe("Public reference,Submitted on,Name,Respondent type,Question number,Question,Answer,Comment");
    expect(text).toContain(`,'=cmd|' /C calc'!A0 call Ann on [redacted]\r\n`);
    expect(text).not.toMatch(/SECRET|07700|LIB-0002/);
  });

  it("gives counts and the outcome", async () => {
    const counts = await call(getOpenDataCounts, "GET", `/public/consultations/${slug}/counts`, { params: { slug }, ...from("198.51.100.1") });
    expect(counts.status).toBe(200);
    expect(counts.body.questions[0].counts).toEqual([{ option: "Yes", count: 1 }, { option: "No", count: 0 }]);
    const outcome = await call(getOpenDataOutcome, "GET", `/public/consultations/${slug}/outcome`, { params: { slug }, ...from("198.51.100.1") });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ weDid: "Did", respondents: [{ type: "Health", count: 1 }, { type: "Police", count: 1 }] });
  });

  it("is 404 for a consultation that does not publish, or an unknown slug; 400 for a bad parameter", async () => {
    await t.db.update(consultations).set({ publishResponses: "no" }).where(eq(consultations.id, consultationId));
    expect((await call(getOpenDataResponses, "GET", `/public/consultations/${slug}/responses`, { params: { slug }, ...from("198.51.100.2") })).status).toBe(404);
    expect((await call(getOpenDataCounts, "GET", `/public/consultations/nope/counts`, { params: { slug: "nope" }, ...from("198.51.100.2") })).status).toBe(404);
    await t.db.update(consultations).set({ publishResponses: "after_close" }).where(eq(consultations.id, consultationId));
    expect((await call(getOpenDataResponses, "GET", `/public/consultations/${slug}/responses?limit=1000`, { params: { slug }, ...from("198.51.100.2") })).status).toBe(400);
  });

  it("limits each client address to 60 requests a minute (429 with Retry-After), others unaffected", async () => {
    let last = 0;
    let retryAfter: string | null = null;
    // The window is a fixed minute: 61 requests that straddle its end are counted in two windows,
    // so they are made again from another address in the new window (at most once: they take
    // seconds).
    for (const address of ["192.0.2.77", "192.0.2.79"]) {
      const window = windowStart(new Date(), LIMITS.openDataPerClient.windowSeconds).getTime();
      for (let i = 0; i < 61; i++) {
        const r = await call(getOpenDataCounts, "GET", `/public/consultations/${slug}/counts`, { params: { slug }, ...from(address) });
        last = r.status;
        retryAfter = r.res.headers.get("retry-after");
      }
      if (windowStart(new Date(), LIMITS.openDataPerClient.windowSeconds).getTime() === window) break;
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await call(getOpenDataCounts, "GET", `/public/consultations/${slug}/counts`, { params: { slug }, ...from("192.0.2.78") })).status).toBe(200);
  });

  it("called every open-data operation", () => {
    expect([...validator.seen].sort()).toEqual(validator.operations().filter((o) => o.includes(" /public/")).sort());
  });
});

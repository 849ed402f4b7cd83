// Idempotency that survives crashes: a claim is a lease, and the outcome is written with the
// work. A process that dies mid-request (simulated: its claim row left behind, or its action
// never returning) leaves either the work and its outcome, which a retry replays, or neither,
// which a retry does once the lease has run out.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as submitResponse } from "../../app/api/v1/consultations/[id]/responses/handlers";
import { auditLog, idempotencyKeys, organisations, responses, responseSubmissions } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { authenticateApiKey } from "../api-keys/queries";
import { createApiKey } from "../api-keys/commands";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, requestFingerprint, withIdempotency } from "./idempotency";
import { submitResponseSchema } from "./schemas";
import { submitResponseForApi } from "./submissions";
import { OpenApiValidator } from "./testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "./testing/routes";
import { reloadSettings } from "../config";

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string };
const call = makeCaller(new OpenApiValidator());

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  reloadSettings();
  ({ t, actors, odpm } = await odpmSetup());
  routeHandlersUse(t);
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

let orgCount = 0;
/** A partner organisation of its own with a read and write key: nothing submitted yet. */
async function partnerWithKey() {
  const [org] = await t.db.insert(organisations).values({ name: `Idempotency partner ${++orgCount}`, type: "voluntary_sector" }).returning();
  const created = await createApiKey(t.db, { name: `Idempotency key ${orgCount}`, organisationId: org!.id, scope: "read_write" }, actors.admin);
  const principal = await authenticateApiKey(t.db, created.key);
  if (!principal) throw new Error("the new key does not authenticate");
  return { organisationId: org!.id, key: created.key, apiKeyId: created.id, principal };
}

const bodyOf = (text: string) => ({ answers: [{ questionNumber: "1", value: text }, { questionNumber: "12", value: "Thematic partnerships work." }] });
const path = () => `/consultations/${odpm.id}/responses`;
const post = (key: string, body: unknown, idempotencyKey: string) =>
  call(submitResponse, "POST", path(), { key, body, headers: { "idempotency-key": idempotencyKey }, params: { id: odpm.id } });
/** The fingerprint the route gives this body (what a claim row left by a crash holds). */
const fingerprintOf = (body: unknown) => requestFingerprint(new Request(`http://localhost/api/v1${path()}`, { method: "POST" }), body);

async function responsesOf(organisationId: string) {
  return t.db.select().from(responses).where(and(eq(responses.consultationId, odpm.id), eq(responses.organisationId, organisationId)));
}

async function claimRow(apiKeyId: string, key: string) {
  const [row] = await t.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
  return row ?? null;
}

describe("an Idempotency-Key after a crash", () => {
  it("answers 409 with Retry-After while the crashed request's lease runs, then does the work once when a retry takes the claim over", async () => {
    const p = await partnerWithKey();
    const body = bodyOf("Claimed by a process that then died.");
    const now = Date.now();
    // The process claimed the key and died before the work committed.
    await t.db.insert(idempotencyKeys).values({
      apiKeyId: p.apiKeyId,
      key: "crash-before-work",
      requestHash: fingerprintOf(body),
      createdAt: new Date(now - 5_000),
      leaseExpiresAt: new Date(now + 20_000),
    });
    const early = await post(p.key, body, "crash-before-work");
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("idempotency_in_progress");
    const retryAfter = Number(early.res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(19);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(await responsesOf(p.organisationId)).toEqual([]);
    // The lease runs out (here: it ended a moment ago).
    await t.db.update(idempotencyKeys).set({ leaseExpiresAt: new Date(Date.now() - 1) }).where(eq(idempotencyKeys.apiKeyId, p.apiKeyId));
    const retry = await post(p.key, body, "crash-before-work");
    expect(retry.status).toBe(201);
    expect(retry.res.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(p.key, body, "crash-before-work");
    expect(again.status).toBe(201);
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.reference).toBe(retry.body.reference);
    const stored = await responsesOf(p.organisationId);
    expect(stored.map((r) => [r.reference, r.revision])).toEqual([[retry.body.reference, 1]]);
  });

  it("takes over a claim made before leases existed (no lease, no outcome) once it is older than a lease", async () => {
    const p = await partnerWithKey();
    const body = bodyOf("Claimed by the old code, never finished.");
    await t.db.insert(idempotencyKeys).values({ apiKeyId: p.apiKeyId, key: "stuck-for-a-day", requestHash: fingerprintOf(body), createdAt: new Date(Date.now() - 60 * 60_000) });
    const retry = await post(p.key, body, "stuck-for-a-day");
    expect(retry.status).toBe(201);
    expect((await responsesOf(p.organisationId)).map((r) => r.reference)).toEqual([retry.body.reference]);
  });

  it("forgets a key after a day: it is claimed afresh, even for another request, and the key's other old claims are deleted", async () => {
    const p = await partnerWithKey();
    const dayAgo = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000);
    // Used a day ago, with its outcome recorded (and another key, as old, never reused).
    await t.db.insert(idempotencyKeys).values([
      { apiKeyId: p.apiKeyId, key: "yesterday", requestHash: "another request", createdAt: dayAgo, leaseExpiresAt: dayAgo, responseStatus: 422, responseBody: { old: true } },
      { apiKeyId: p.apiKeyId, key: "yesterday-too", requestHash: "x", createdAt: dayAgo, leaseExpiresAt: dayAgo, responseStatus: 201, responseBody: {} },
    ]);
    const body = bodyOf("Sent with a key last used yesterday.");
    const res = await post(p.key, body, "yesterday");
    expect(res.status).toBe(201);
    expect(res.res.headers.get("idempotent-replayed")).toBeNull();
    const row = await claimRow(p.apiKeyId, "yesterday");
    expect(row).toMatchObject({ requestHash: fingerprintOf(body), responseStatus: 201 });
    expect(row!.createdAt.getTime()).toBeGreaterThan(dayAgo.getTime() + 60_000);
    expect(await claimRow(p.apiKeyId, "yesterday-too")).toBeNull();
    const again = await post(p.key, body, "yesterday");
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.reference).toBe(res.body.reference);
  });

  it.skipIf(!process.env.DATABASE_URL)("never deadlocks when one API key's requests at once reuse day-old keys and delete the others (20 trials of 12 connections)", async () => {
    const p = await partnerWithKey();
    const dayAgo = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 60_000);
    for (let trial = 0; trial < 20; trial++) {
      const old = Array.from({ length: 40 }, (_, i) => `old-${trial}-${String(i).padStart(2, "0")}`);
      await t.db.insert(idempotencyKeys).values(old.map((key) => ({ apiKeyId: p.apiKeyId, key, requestHash: "x", createdAt: dayAgo, leaseExpiresAt: dayAgo, responseStatus: 201, responseBody: {} })));
      // Half the requests reuse a day-old key (spread over the old ones, so that each one's
      // deletions cross the others' claims), half bring a new key.
      const keys = [...Array.from({ length: 6 }, (_, i) => old[(i * 7 + trial) % old.length]!), ...Array.from({ length: 6 }, (_, i) => `new-${trial}-${i}`)];
      const results = await Promise.allSettled(
        keys.map((key) => withIdempotency(t.db, { apiKeyId: p.apiKeyId, key, fingerprint: () => `request ${key}` }, async () => ({ status: 200, body: { key } }))),
      );
      const failed = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.message ?? r.reason)] : []));
      expect(failed, `trial ${trial}`).toEqual([]);
      const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : 0));
      expect(statuses, `trial ${trial}`).toEqual(keys.map(() => 200));
      // Every key now holds its own request's outcome, the reused ones afresh.
      for (const key of keys) expect(await claimRow(p.apiKeyId, key), key).toMatchObject({ requestHash: `request ${key}`, responseStatus: 200 });
    }
  });

  for (const path_ of ["first submission (one statement)", "amendment (general path)"] as const) {
    it(`replays the original 201 and its reference when the process died after the work committed: ${path_}`, async () => {
      const p = await partnerWithKey();
      if (path_ === "amendment (general path)") {
        const first = await post(p.key, bodyOf("The first submission."), "first");
        expect(first.status).toBe(201);
      }
      const body = bodyOf("Submitted; the client never heard back.");
      const key = "crash-after-work";
      // The process does the work, then dies before it answers (its action never returns).
      void withIdempotency(t.db, { apiKeyId: p.apiKeyId, key, fingerprint: () => fingerprintOf(body) }, async (claim) => {
        await submitResponseForApi(t.db, p.principal, odpm.id, submitResponseSchema.parse(body), claim);
        return new Promise(() => {});
      });
      // Wait until the submission has committed.
      const deadline = Date.now() + 10_000;
      const revision = path_ === "amendment (general path)" ? 2 : 1;
      while (!(await responsesOf(p.organisationId)).some((r) => r.revision >= revision)) {
        if (Date.now() > deadline) throw new Error("the submission never committed");
        await new Promise((r) => setTimeout(r, 10));
      }
      const [stored] = await responsesOf(p.organisationId);
      const retry = await post(p.key, body, key);
      expect(retry.status).toBe(201);
      expect(retry.res.headers.get("idempotent-replayed")).toBe("true");
      expect(retry.body.reference).toBe(stored!.reference);
      expect(retry.body.revision).toBe(stored!.revision);
      expect(retry.body.answers.find((a: { questionNumber: string }) => a.questionNumber === "1").value).toBe("Submitted; the client never heard back.");
      // Nothing was submitted twice.
      const history = await t.db.select().from(responseSubmissions).where(eq(responseSubmissions.responseId, stored!.id));
      expect(history).toHaveLength(stored!.revision);
    });
  }

  for (const path_ of ["first submission (one statement)", "amendment (general path)"] as const) {
    it(`writes nothing when its outcome cannot be recorded (a retry took the claim over): ${path_}`, async () => {
      const p = await partnerWithKey();
      if (path_ === "amendment (general path)") expect((await post(p.key, bodyOf("The first submission."), "first")).status).toBe(201);
      const before = await responsesOf(p.organisationId);
      const auditBefore = await t.db.select().from(auditLog).where(eq(auditLog.organisationId, p.organisationId));
      const body = bodyOf("Ran past its lease.");
      const res = await withIdempotency(t.db, { apiKeyId: p.apiKeyId, key: "lease-lost", fingerprint: () => fingerprintOf(body) }, async (claim) => {
        // This request stalled past its lease and a retry took the claim over meanwhile.
        await t.db
          .update(idempotencyKeys)
          .set({ leaseExpiresAt: new Date(Date.now() + IDEMPOTENCY_LEASE_MS * 2) })
          .where(and(eq(idempotencyKeys.apiKeyId, p.apiKeyId), eq(idempotencyKeys.key, "lease-lost")));
        return { status: 201, body: await submitResponseForApi(t.db, p.principal, odpm.id, submitResponseSchema.parse(body), claim) };
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("idempotency_in_progress");
      // The work rolled back with its outcome: the response is as it was, no audit entry added,
      // and the claim is still the retry's, without an outcome.
      expect(await responsesOf(p.organisationId)).toEqual(before);
      expect(await t.db.select().from(auditLog).where(eq(auditLog.organisationId, p.organisationId))).toEqual(auditBefore);
      expect((await claimRow(p.apiKeyId, "lease-lost"))?.responseStatus).toBeNull();
    });
  }

  it("records a refusal with the claim and replays it; an unexpected failure releases the claim at once", async () => {
    const p = await partnerWithKey();
    const invalid = { answers: [{ questionNumber: "99", value: "?" }] };
    const first = await post(p.key, invalid, "refused");
    expect(first.status).toBe(422);
    const again = await post(p.key, invalid, "refused");
    expect(again.status).toBe(422);
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    const failed = await withIdempotency(t.db, { apiKeyId: p.apiKeyId, key: "failed", fingerprint: () => "x" }, async () => {
      throw new Error("the database went away");
    });
    expect(failed.status).toBe(500);
    expect(await claimRow(p.apiKeyId, "failed")).toBeNull();
  });
});

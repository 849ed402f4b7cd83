// The draft-documents API on a real database: documents and a version's paragraphs for any key,
// comments scoped to the key's organisation (the council's key reads all submitted ones), a
// partner system's comment posted with an Idempotency-Key (a retry makes no second comment),
// 4xx JSON for bad input and for keys that may not; every response checked against the OpenAPI
// document.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listDocs } from "../../app/api/v1/consultations/[id]/documents/route";
import { GET as listComments, POST as postComment } from "../../app/api/v1/documents/[documentId]/comments/route";
import { GET as getVersion } from "../../app/api/v1/documents/[documentId]/versions/[version]/route";
import { consultations, documentComments, documents, organisations } from "../../db/schema";
import { loadDemoContent } from "../../db/seed/load";
import { createTestDb, type TestDb } from "../../db/testing";
import { createApiKey } from "../api-keys/commands";
import { OpenApiValidator } from "../api/testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "../api/testing/routes";
import { findUserByEmail, loadActor } from "../auth/actor";

let t: TestDb;
const keys: Record<string, string> = {};
let consultationId = "";
let documentId = "";
let policeId = "";
const call = makeCaller(new OpenApiValidator());

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  t = await createTestDb();
  await loadDemoContent(t.db);
  routeHandlersUse(t);
  const admin = (await loadActor(t.db, (await findUserByEmail(t.db, "ravi.shah@council.example"))!.id))!;
  const org = async (name: string) => (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  policeId = await org("Lancashire Constabulary");
  keys.council = (await createApiKey(t.db, { name: "Council", organisationId: await org("Chorley Council"), scope: "read" }, admin)).key;
  keys.police = (await createApiKey(t.db, { name: "Police", organisationId: policeId, scope: "read_write" }, admin)).key;
  keys.policeRead = (await createApiKey(t.db, { name: "Police read", organisationId: policeId, scope: "read" }, admin)).key;
  keys.chamber = (await createApiKey(t.db, { name: "Chamber", organisationId: await org("Chorley Chamber of Trade"), scope: "read_write" }, admin)).key;
  const [c] = await t.db.select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
  consultationId = c!.id;
  documentId = (await t.db.select().from(documents).where(eq(documents.consultationId, consultationId)))[0]!.id;
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

describe("the draft-documents API", () => {
  it("lists a consultation's documents and gives a version's numbered paragraphs with their anchors", async () => {
    const list = await call(listDocs, "GET", `/consultations/${consultationId}/documents`, { key: keys.police, params: { id: consultationId } });
    expect(list.status).toBe(200);
    expect(list.body.data[0].versions.map((v: { label: string }) => v.label)).toEqual(["Evidence base", "First draft"]);
    const latest = await call(getVersion, "GET", `/documents/${documentId}/versions/latest`, { key: keys.police, params: { documentId, version: "latest" } });
    expect(latest.body).toMatchObject({ version: 2, label: "First draft", latest: true, commenting: "open", finalHash: null });
    const v1 = await call(getVersion, "GET", `/documents/${documentId}/versions/1`, { key: keys.police, params: { documentId, version: "1" } });
    expect(v1.body.commenting).toBe("closed");
    // A paragraph that carried forward keeps its anchor.
    const p32 = v1.body.paragraphs.find((p: { number: string }) => p.number === "3.2");
    expect(latest.body.paragraphs.some((p: { anchor: string }) => p.anchor === p32.anchor)).toBe(true);
    expect((await call(getVersion, "GET", `/documents/${documentId}/versions/99`, { key: keys.police, params: { documentId, version: "99" } })).status).toBe(404);
    expect((await call(getVersion, "GET", `/documents/${documentId}/versions/x`, { key: keys.police, params: { documentId, version: "x" } })).status).toBe(404);
    expect((await call(listDocs, "GET", `/consultations/nope/documents`, { key: keys.police, params: { id: "nope" } })).status).toBe(404);
  });

  it("posts a comment for the key's organisation once, whatever the retries, and submits it", async () => {
    const body = { paragraph: "4.3", stance: "object", text: `Posted by the police system ${Date.now()}.`, proposedChange: "Name a lead." };
    const headers = { "Idempotency-Key": `post-${Date.now()}` };
    const first = await call(postComment, "POST", `/documents/${documentId}/comments`, { key: keys.police, params: { documentId }, body, headers });
    expect(first.status).toBe(201);
    expect(first.body.comment).toMatchObject({ organisationId: policeId, stance: "object", status: "draft", paragraph: { number: "4.3" } });
    const again = await call(postComment, "POST", `/documents/${documentId}/comments`, { key: keys.police, params: { documentId }, body, headers });
    expect(again.status).toBe(201);
    expect(again.body.comment.id).toBe(first.body.comment.id);
    const rows = await t.db.select().from(documentComments).where(and(eq(documentComments.organisationId, policeId), eq(documentComments.text, body.text)));
    expect(rows).toHaveLength(1);
    // The same key with a different body is refused rather than replayed.
    const reused = await call(postComment, "POST", `/documents/${documentId}/comments`, { key: keys.police, params: { documentId }, body: { ...body, text: "Other" }, headers });
    expect(reused.status).toBeGreaterThanOrEqual(400);
    expect(reused.status).toBeLessThan(500);

    const submitted = await call(postComment, "POST", `/documents/${documentId}/comments`, { key: keys.police, params: { documentId }, body: { paragraph: "5.1", stance: "support", text: "And this one.", submit: true } });
    expect(submitted.status).toBe(201);
    expect(submitted.body.submitted.reference).toMatch(/^[A-Z0-9]+-/);
    const own = await call(listComments, "GET", `/documents/${documentId}/comments`, { key: keys.policeRead, params: { documentId } });
    expect(own.body.data.filter((k: { status: string }) => k.status === "submitted").map((k: { text: string }) => k.text)).toEqual(expect.arrayContaining([body.text, "And this one."]));
    expect(own.body.data.every((k: { organisationId: string }) => k.organisationId === policeId)).toBe(true);
    // The council's key reads every organisation's submitted comments, with the answers.
    const all = await call(listComments, "GET", `/documents/${documentId}/comments?version=1`, { key: keys.council, params: { documentId } });
    expect(all.body.data).toHaveLength(4);
    expect(new Set(all.body.data.map((k: { organisation: string }) => k.organisation)).size).toBe(4);
    expect(all.body.data.every((k: { outcome: string | null }) => k.outcome)).toBe(true);
  });

  it("answers bad input and keys that may not with 4xx JSON", async () => {
    const post = (key: string, body: unknown, rawBody?: string) =>
      call(postComment, "POST", `/documents/${documentId}/comments`, { key, params: { documentId }, ...(rawBody !== undefined ? { rawBody, headers: { "content-type": "application/json" } } : { body }) });
    const invalid = await post(keys.police, { paragraph: "4.3", stance: "maybe", text: "" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe("invalid");
    expect((await post(keys.police, null, "{not json")).status).toBe(400);
    const noParagraph = await post(keys.police, { paragraph: "99.9", stance: "comment", text: "Where?" });
    expect(noParagraph.status).toBe(422);
    expect(noParagraph.body.error.message).toContain("There is no paragraph 99.9");
    const badQuote = await post(keys.police, { paragraph: "4.3", stance: "comment", text: "x", quote: "words that are not there" });
    expect(badQuote.status).toBe(422);
    // A read-only key, an organisation not invited, the council's key, and no key.
    expect((await post(keys.policeRead, { paragraph: "4.3", stance: "comment", text: "x" })).status).toBe(403);
    expect((await post(keys.chamber, { paragraph: "4.3", stance: "comment", text: "x" })).status).toBe(403);
    expect((await post(keys.council, { paragraph: "4.3", stance: "comment", text: "x" })).status).toBe(403);
    expect((await call(postComment, "POST", `/documents/${documentId}/comments`, { params: { documentId }, body: {} })).status).toBe(401);
    // Comments on the closed evidence base cannot be read as another organisation's by a partner key.
    const chamberRead = await call(listComments, "GET", `/documents/${documentId}/comments?version=1`, { key: keys.chamber, params: { documentId } });
    expect(chamberRead.body.data).toEqual([]);
    expect((await call(listComments, "GET", `/documents/${documentId}/comments?version=x`, { key: keys.police, params: { documentId } })).status).toBe(400);
  });
});

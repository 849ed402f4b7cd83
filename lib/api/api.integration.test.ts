// Contract tests for /api/v1: every endpoint is called through its route handler with real
// Request objects on a fresh database, and every response (errors included) is checked
// against the OpenAPI document. Also the rules: organisation A cannot read organisation B's
// responses, a read-only key cannot write, revoked keys stop working, retries are idempotent.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getDraft, PUT as putDraft } from "../../app/api/v1/consultations/[id]/draft-answers/[questionId]/route";
import { GET as exportCsv } from "../../app/api/v1/consultations/[id]/export.csv/route";
import { GET as summary } from "../../app/api/v1/consultations/[id]/questions/[questionId]/summary/route";
import { GET as getThemes } from "../../app/api/v1/consultations/[id]/questions/[questionId]/themes/route";
import { GET as getTags, PUT as putTags } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/route";
import { POST as postPassage } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/route";
import { DELETE as deletePassage } from "../../app/api/v1/consultations/[id]/questions/[questionId]/answers/[responseId]/tags/passages/[tagId]/route";
import { GET as listResponses, POST as submitResponse } from "../../app/api/v1/consultations/[id]/responses/handlers";
import { GET as getConsultation } from "../../app/api/v1/consultations/[id]/route";
import { GET as listConsultations, POST as createConsultation } from "../../app/api/v1/consultations/route";
import { GET as openapi } from "../../app/api/v1/openapi.json/route";
import { POST as parsePaper } from "../../app/api/v1/question-sets/parse/route";
import { GET as getResponse } from "../../app/api/v1/responses/[id]/route";
import { GET as notFound } from "../../app/api/v1/[...path]/route";
import { apiKeys, auditLog, consultations as consultationsTable, organisations, outbox, responses, responseSubmissions, users } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { createApiKey, revokeApiKey } from "../api-keys/commands";
import { InvalidError } from "../errors";
import { createTheme } from "../analysis/codeframe";
import type { Actor } from "../auth/policy";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { GET as listActionPlans } from "../../app/api/v1/action-plans/route";
import { GET as getActionPlanReport } from "../../app/api/v1/action-plans/[planId]/periods/[periodId]/report/route";
import { POST as postActionPlanReturn } from "../../app/api/v1/action-plans/[planId]/periods/[periodId]/returns/route";
import { GET as listDocuments } from "../../app/api/v1/consultations/[id]/documents/route";
import { GET as listDocumentComments, POST as postDocumentComment } from "../../app/api/v1/documents/[documentId]/comments/route";
import { GET as getDocumentVersion } from "../../app/api/v1/documents/[documentId]/versions/[version]/route";
import { parseCsv } from "../invitations/csv";
import { sendForReview } from "../review/commands";
import { decideSignOff } from "../signoff/commands";
import { OpenApiValidator } from "./testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "./testing/routes";
import { reloadSettings } from "../config";
import { executeNamed, relaxesCommit } from "../../db/client";
import { AUTHENTICATE_COUNTED } from "../api-keys/queries";
import { hashApiKey, SERVICE_ACCOUNT_DOMAIN, SERVICE_ACCOUNT_PREFIX } from "../api-keys/token";
import { apiLimitPerKey, HIT, hitParams } from "../rate-limit";
import { CLAIM } from "./idempotency";

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string };
let q: (n: string) => { id: string; number: string };
const validator = new OpenApiValidator();
const call = makeCaller(validator);
const keys = {} as Record<"councilRw" | "councilRead" | "policeRw" | "policeRead" | "cvsRead" | "parishRw" | "otherCouncilRw" | "revoked", string>;
const orgId = {} as Record<string, string>;

beforeAll(async () => {
  const setup = await odpmSetup();
  t = setup.t;
  actors = setup.actors;
  odpm = setup.odpm;
  q = setup.q;
  routeHandlersUse(t);
  for (const o of await t.db.select().from(organisations)) orgId[o.name] = o.id;
  const [other] = await t.db.insert(organisations).values({ name: "South Ribble Borough Council", type: "council" }).returning();
  orgId.other = other.id;
  const admin: Actor = actors.admin;
  const make = async (name: string, organisationId: string, scope: "read" | "read_write") => (await createApiKey(t.db, { name, organisationId, scope }, admin)).key;
  keys.councilRw = await make("Council integration", orgId["Chorley Council"]!, "read_write");
  keys.councilRead = await make("Council analytics", orgId["Chorley Council"]!, "read");
  keys.policeRw = await make("Police RMS", orgId["Lancashire Constabulary"]!, "read_write");
  keys.policeRead = await make("Police dashboard", orgId["Lancashire Constabulary"]!, "read");
  keys.cvsRead = await make("CVS reporting", orgId["Chorley Council for Voluntary Service"]!, "read");
  keys.parishRw = await make("Parish clerk's system", orgId["Croston Parish Council"]!, "read_write");
  keys.otherCouncilRw = await make("South Ribble", orgId.other, "read_write");
  const revoked = await createApiKey(t.db, { name: "Old key", organisationId: orgId["Chorley Council"]!, scope: "read_write" }, admin);
  await revokeApiKey(t.db, revoked.id, admin);
  keys.revoked = revoked.key;
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

const odpmPath = () => `/consultations/${odpm.id}`;
const idParams = () => ({ id: odpm.id });

describe("the OpenAPI document", () => {
  it("is served without a key, is OpenAPI 3.1 and documents every endpoint", async () => {
    const res = await openapi();
    const doc = await validator.check("GET", "/openapi.json", res);
    expect((doc as { openapi: string }).openapi).toBe("3.1.0");
    expect(validator.operations().sort()).toEqual(
      [
        "GET /consultations",
        "POST /consultations",
        "GET /consultations/{consultationId}",
        "POST /question-sets/parse",
        "GET /consultations/{consultationId}/responses",
        "POST /consultations/{consultationId}/responses",
        "GET /responses/{responseId}",
        "GET /consultations/{consultationId}/questions/{questionId}/summary",
        "GET /consultations/{consultationId}/questions/{questionId}/themes",
        "GET /consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags",
        "PUT /consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags",
        "POST /consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags/passages",
        "DELETE /consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags/passages/{tagId}",
        "GET /consultations/{consultationId}/draft-answers/{questionId}",
        "PUT /consultations/{consultationId}/draft-answers/{questionId}",
        "GET /consultations/{consultationId}/export.csv",
        "GET /openapi.json",
        "GET /action-plans",
        "GET /action-plans/{planId}/periods/{periodId}/report",
        "POST /action-plans/{planId}/periods/{periodId}/returns",
        "GET /consultations/{consultationId}/documents",
        "GET /documents/{documentId}/versions/{version}",
        "GET /documents/{documentId}/comments",
        "POST /documents/{documentId}/comments",
        "GET /public/consultations/{slug}/responses",
        "GET /public/consultations/{slug}/responses.csv",
        "GET /public/consultations/{slug}/counts",
        "GET /public/consultations/{slug}/outcome",
      ].sort(),
    );
  });

  it("has a route handler file for every documented path", () => {
    const root = path.resolve(__dirname, "../../app/api/v1");
    const pagesRoot = path.resolve(__dirname, "../../pages/api/v1");
    for (const op of validator.operations()) {
      const [method, p] = op.split(" ") as [string, string];
      const dir = p.replace(/^\/responses\/\{responseId\}/, "/responses/[id]").replace(/\{responseId\}/g, "[responseId]").replace(/\{consultationId\}/g, "[id]").replace(/\{questionId\}/g, "[questionId]").replace(/\{planId\}/g, "[planId]").replace(/\{periodId\}/g, "[periodId]").replace(/\{documentId\}/g, "[documentId]").replace(/\{version\}/g, "[version]").replace(/\{slug\}/g, "[slug]").replace(/\{tagId\}/g, "[tagId]");
      // An App Router route.ts, or a Pages Router route serving the same handlers (lib/api/node-route).
      const appRoute = path.join(root, dir, "route.ts");
      if (existsSync(appRoute)) {
        expect(readFileSync(appRoute, "utf8"), op).toMatch(new RegExp(`export (const|function) ${method}\\b`));
      } else {
        const source = readFileSync(path.join(pagesRoot, `${dir}.ts`), "utf8");
        expect(source, op).toMatch(new RegExp(`nodeRoute\\(\\{[^}]*\\b${method}\\b`));
      }
    }
  });
});

describe("bookkeeping commits", () => {
  // The key check, a rate-limit hit and an idempotency claim each commit without waiting for the
  // disk (db/client relaxableStatement): each statement, as the app runs it on the pool, turns
  // synchronous_commit off for its own transaction. Seen from inside a transaction here (on the
  // pool the setting ends with the statement); PGlite has no such setting to relax.
  it("relax their own transaction's commit, through the statements the app runs", async () => {
    if (t.driver !== "pg") return;
    expect(relaxesCommit(t.db)).toBe(true);
    const now = new Date();
    const [key] = await t.db.select({ id: apiKeys.id }).from(apiKeys).limit(1);
    const limit = apiLimitPerKey(1000);
    const statements: [string, string, unknown[]][] = [
      ["key check", AUTHENTICATE_COUNTED.relaxed, [hashApiKey(keys.councilRw), SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNT_DOMAIN, now.toISOString(), new Date(now.getTime() - 60_000).toISOString(), ...hitParams(limit, now)]],
      ["rate-limit hit", HIT.relaxed, ["test_relaxed", "subject", now.toISOString()]],
      ["idempotency claim", CLAIM.relaxed, [key!.id, `relaxed-${now.getTime()}`, "hash", now.toISOString(), new Date(now.getTime() + 30_000).toISOString(), new Date(now.getTime() - 86_400_000).toISOString(), "30000 milliseconds"]],
    ];
    for (const [what, text, params] of statements) {
      await t.db
        .transaction(async (tx) => {
          const setting = async () => ((await tx.execute(sql`show synchronous_commit`)) as unknown as { rows: { synchronous_commit: string }[] }).rows[0]!.synchronous_commit;
          expect(await setting(), what).toBe("on");
          expect(await executeNamed(tx, `test_relaxed_${what.replace(/\W/g, "_")}`, text, params), what).toHaveLength(1);
          expect(await setting(), what).toBe("off");
          tx.rollback();
        })
        .catch((e) => {
          if (!/rollback/i.test(String((e as Error).message))) throw e;
        });
    }
  });
});

describe("keys", () => {
  it("cannot act for the public's organisation (it has no members, ever) nor a merged one", async () => {
    const [pub] = await t.db.insert(organisations).values({ name: "Members of the public (API test)", type: "public", publicOfOrganisationId: orgId.other! }).returning();
    const [merged] = await t.db.insert(organisations).values({ name: "Merged away (API test)", type: "other", mergedIntoId: orgId.other! }).returning();
    const refused = async (organisationId: string) => {
      const e = await createApiKey(t.db, { name: "Not allowed", organisationId, scope: "read" }, actors.admin).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidError);
      // The key's form says the same in its summary as at the field.
      expect((e as InvalidError).message).toBe((e as InvalidError).fieldErrors.organisationId);
      return (e as InvalidError).fieldErrors.organisationId;
    };
    expect(await refused(pub!.id)).toBe("A key cannot act for the council's “Members of the public”: choose a partner organisation or the council");
    expect(await refused(merged!.id)).toBe("That organisation was merged into another: choose the one it was merged into");
    expect(await refused("00000000-0000-4000-8000-000000000000")).toBe("Select the organisation the key acts for");
    expect(await refused("not an id")).toBe("Select the organisation the key acts for");
  });
});

describe("authentication", () => {
  it("refuses a request without a key, with a Bearer challenge", async () => {
    const { status, body, res } = await call(listConsultations, "GET", "/consultations");
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthenticated");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a malformed header, an unknown key and a revoked key", async () => {
    expect((await call(listConsultations, "GET", "/consultations", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await call(listConsultations, "GET", "/consultations", { key: "cck_" + "x".repeat(43) })).status).toBe(401);
    const revoked = await call(listConsultations, "GET", "/consultations", { key: keys.revoked });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
  });

  it("records when a key was last used", async () => {
    await call(listConsultations, "GET", "/consultations", { key: keys.councilRead });
    const rows = await t.db.select({ name: apiKeys.name, lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.name, "Council analytics"));
    expect(rows[0]!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers an unknown endpoint with the API's JSON 404", async () => {
    const res = await notFound();
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("consultations", () => {
  it("lists the council's consultations for its key, and only published ones for a partner's", async () => {
    const created = await call(createConsultation, "POST", "/consultations", {
      key: keys.councilRw,
      body: { format: "council-consult/question-set", formatVersion: 1, title: "Draft listing check", kind: "questionnaire", chapters: [{ title: "One", questions: [{ number: "1", type: "short_text", text: "Name?" }] }] },
    });
    expect(created.status).toBe(201);
    const council = await call(listConsultations, "GET", "/consultations", { key: keys.councilRead });
    expect(council.status).toBe(200);
    expect(council.body.data.map((c: { title: string }) => c.title)).toContain("Draft listing check");
    const police = await call(listConsultations, "GET", "/consultations", { key: keys.policeRead });
    expect(police.body.data.map((c: { title: string }) => c.title)).not.toContain("Draft listing check");
    expect(police.body.data.every((c: { status: string }) => c.status === "open" || c.status === "closed")).toBe(true);
    const drafts = await call(listConsultations, "GET", "/consultations?status=draft", { key: keys.councilRead });
    expect(drafts.body.data.map((c: { status: string }) => c.status)).toEqual(drafts.body.data.map(() => "draft"));
    const bad = await call(listConsultations, "GET", "/consultations?status=sideways", { key: keys.councilRead });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("status");
  });

  it("gets the ODPM consultation with its 4 chapters, sub-headings and 35 questions", async () => {
    const { status, body } = await call(getConsultation, "GET", odpmPath(), { key: keys.policeRead, params: idParams() });
    expect(status).toBe(200);
    expect(body.chapters).toHaveLength(4);
    expect(body.chapters.flatMap((c: { questions: unknown[] }) => c.questions)).toHaveLength(35);
    expect(body.chapters[0].subheadings[0]).toBe("LSPs, Sustainable Community Strategies and LAAs");
    expect(body.askedBy).toMatch(/ODPM/);
    expect(body.answerSetStatus).toBe("drafting");
    // The stage under way, as people read it (the demo's first stage runs from before today).
    expect(body.currentStage).toBe("Stage 1: Partners give their views");
  });

  it("says a questionnaire needs no council answer (not_applicable), as the screens do, in the list and the consultation", async () => {
    const list = await call(listConsultations, "GET", "/consultations", { key: keys.councilRead });
    const byKind = (kind: string) => list.body.data.filter((c: { kind: string }) => c.kind === kind);
    expect(byKind("questionnaire").length).toBeGreaterThan(0);
    expect(byKind("questionnaire").map((c: { answerSetStatus: string }) => c.answerSetStatus)).toEqual(byKind("questionnaire").map(() => "not_applicable"));
    expect(byKind("consultation_to_answer").map((c: { answerSetStatus: string }) => c.answerSetStatus)).not.toContain("not_applicable");
    const breckland = byKind("questionnaire").find((c: { slug: string }) => c.slug === "partner-questionnaire-scs-refresh");
    const one = await call(getConsultation, "GET", `/consultations/${breckland.id}`, { key: keys.councilRead, params: { id: breckland.id } });
    expect(one.status).toBe(200);
    expect(one.body.answerSetStatus).toBe("not_applicable");
    // The OpenAPI document lists the value and says what it means.
    const schema = (validator.doc.components?.schemas as Record<string, { properties: Record<string, { enum?: string[]; description?: string }> }>).ConsultationSummary!;
    expect(schema.properties.answerSetStatus!.enum).toEqual(["drafting", "in_review", "signed_off", "not_applicable"]);
    expect(schema.properties.answerSetStatus!.description).toMatch(/not_applicable for a questionnaire, which needs no council answer/);
  });

  it("hides a draft from other organisations and says not found for unknown ids", async () => {
    const list = await call(listConsultations, "GET", "/consultations?status=draft", { key: keys.councilRead });
    const draftId = list.body.data[0].id as string;
    expect((await call(getConsultation, "GET", `/consultations/${draftId}`, { key: keys.councilRead, params: { id: draftId } })).status).toBe(200);
    expect((await call(getConsultation, "GET", `/consultations/${draftId}`, { key: keys.policeRead, params: { id: draftId } })).status).toBe(404);
    expect((await call(getConsultation, "GET", `/consultations/${draftId}`, { key: keys.otherCouncilRw, params: { id: draftId } })).status).toBe(404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(getConsultation, "GET", `/consultations/${unknown}`, { key: keys.councilRead, params: { id: unknown } })).status).toBe(404);
    expect((await call(getConsultation, "GET", "/consultations/not-a-uuid", { key: keys.councilRead, params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("creates a draft from a question set for a council's read and write key only", async () => {
    const set = JSON.parse(readFileSync(path.resolve(__dirname, "../../db/seed/data/breckland-partner-questionnaire.json"), "utf8"));
    const ok = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, body: { ...set, title: "Breckland via the API" } });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe("draft");
    expect(ok.body.owner.id).toBe(orgId["Chorley Council"]);
    expect(ok.res.headers.get("location")).toBe(`/api/v1/consultations/${ok.body.id}`);
    const readOnly = await call(createConsultation, "POST", "/consultations", { key: keys.councilRead, body: set });
    expect(readOnly.status).toBe(403);
    const partner = await call(createConsultation, "POST", "/consultations", { key: keys.policeRw, body: set });
    expect(partner.status).toBe(403);
  });

  it("answers bad bodies with 400, 413 and 422, never 500", async () => {
    const malformed = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, rawBody: '{"title": ', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
    const empty = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, rawBody: "" });
    expect(empty.status).toBe(400);
    const invalid = await call(createConsultation, "POST", "/consultations", {
      key: keys.councilRw,
      body: { format: "council-consult/question-set", formatVersion: 1, title: "", kind: "questionnaire", chapters: [{ title: "", questions: [] }] },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "title", message: "Give the consultation a title" },
        { path: "chapters.0.title", message: "Give the chapter a title" },
      ]),
    );
    const notAnObject = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, body: [1, 2, 3] });
    expect(notAnObject.status).toBe(422);
    const huge = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, rawBody: JSON.stringify({ title: "x".repeat(3 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
  });
});

describe("the paste parser", () => {
  it("returns the question set and warnings and saves nothing", async () => {
    const before = (await call(listConsultations, "GET", "/consultations", { key: keys.councilRead })).body.data.length;
    const text = "Key Questions – Governance\n\nBoards\n\n1: Should every area have its own LSP?\nA: Yes.\n3: Is the board the right size?\n";
    const { status, body } = await call(parsePaper, "POST", "/question-sets/parse?kind=consultation_to_answer&title=Test%20paper", {
      key: keys.councilRead,
      rawBody: text,
      headers: { "content-type": "text/plain" },
    });
    expect(status).toBe(200);
    expect(body.questionSet.title).toBe("Test paper");
    expect(body.questionSet.chapters[0].questions.map((x: { number: string }) => x.number)).toEqual(["1", "3"]);
    expect(body.warnings.some((w: { code: string }) => w.code === "number_gap")).toBe(true);
    expect((await call(listConsultations, "GET", "/consultations", { key: keys.councilRead })).body.data.length).toBe(before);
  });

  it("parses the whole ODPM paper into 4 chapters and 35 questions", async () => {
    const source = readFileSync(path.resolve(__dirname, "../../../shared/seeds/002_c29d52a561d580ca.txt"), "utf8");
    const { status, body } = await call(parsePaper, "POST", "/question-sets/parse", { key: keys.councilRead, rawBody: source });
    expect(status).toBe(200);
    expect(body.questionSet.chapters).toHaveLength(4);
    expect(body.questionSet.chapters.flatMap((c: { questions: unknown[] }) => c.questions)).toHaveLength(35);
  });

  it("refuses empty text (422), a bad query (400) and an oversized paste (413)", async () => {
    expect((await call(parsePaper, "POST", "/question-sets/parse", { key: keys.councilRead, rawBody: "   " })).status).toBe(422);
    expect((await call(parsePaper, "POST", "/question-sets/parse?kind=poem", { key: keys.councilRead, rawBody: "1: A?" })).status).toBe(400);
    const big = await call(parsePaper, "POST", "/question-sets/parse", { key: keys.councilRead, rawBody: "1: x\n".repeat(600_000) });
    expect(big.status).toBe(413);
  });
});

describe("responses", () => {
  it("gives the council's key every submitted response, with answers, in cursor pages", async () => {
    const first = await call(listResponses, "GET", `${odpmPath()}/responses?limit=1`, { key: keys.councilRead, params: idParams() });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(listResponses, "GET", `${odpmPath()}/responses?limit=1&cursor=${first.body.nextCursor}`, { key: keys.councilRead, params: idParams() });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    const all = await call(listResponses, "GET", `${odpmPath()}/responses`, { key: keys.councilRead, params: idParams() });
    expect(all.body.data.map((r: { organisation: { name: string } }) => r.organisation.name).sort()).toEqual(["Chorley Council for Voluntary Service", "Croston Parish Council"]);
    expect(all.body.nextCursor).toBeNull();
    const cvs = all.body.data.find((r: { organisation: { name: string } }) => r.organisation.name.startsWith("Chorley Council for"));
    expect(cvs.answers.map((a: { questionNumber: string }) => a.questionNumber)).toEqual(["1", "6", "12", "21", "31"]);
  });

  it("gives a partner organisation's key only its own organisation's response", async () => {
    const cvs = await call(listResponses, "GET", `${odpmPath()}/responses`, { key: keys.cvsRead, params: idParams() });
    expect(cvs.status).toBe(200);
    expect(cvs.body.data.map((r: { organisation: { name: string } }) => r.organisation.name)).toEqual(["Chorley Council for Voluntary Service"]);
    const police = await call(listResponses, "GET", `${odpmPath()}/responses`, { key: keys.policeRead, params: idParams() });
    expect(police.body.data).toEqual([]);
  });

  it("refuses one organisation's key another organisation's response (A cannot read B)", async () => {
    const [parish] = await t.db.select().from(responses).where(eq(responses.organisationId, orgId["Croston Parish Council"]!));
    const byCvs = await call(getResponse, "GET", `/responses/${parish!.id}`, { key: keys.cvsRead, params: { id: parish!.id } });
    expect(byCvs.status).toBe(403);
    const byOtherCouncil = await call(getResponse, "GET", `/responses/${parish!.id}`, { key: keys.otherCouncilRw, params: { id: parish!.id } });
    expect(byOtherCouncil.status).toBe(403);
    const otherCouncilList = await call(listResponses, "GET", `${odpmPath()}/responses`, { key: keys.otherCouncilRw, params: idParams() });
    expect(otherCouncilList.status).toBe(403);
    const byParish = await call(getResponse, "GET", `/responses/${parish!.id}`, { key: keys.parishRw, params: { id: parish!.id } });
    expect(byParish.status).toBe(200);
    expect(byParish.body.organisation.name).toBe("Croston Parish Council");
    const byCouncil = await call(getResponse, "GET", `/responses/${parish!.id}`, { key: keys.councilRead, params: { id: parish!.id } });
    expect(byCouncil.status).toBe(200);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(getResponse, "GET", `/responses/${unknown}`, { key: keys.councilRead, params: { id: unknown } })).status).toBe(404);
  });

  it("refuses a bad cursor or limit with 400", async () => {
    const cursor = await call(listResponses, "GET", `${odpmPath()}/responses?cursor=nonsense`, { key: keys.councilRead, params: idParams() });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details[0].path).toBe("cursor");
    expect((await call(listResponses, "GET", `${odpmPath()}/responses?limit=0`, { key: keys.councilRead, params: idParams() })).status).toBe(400);
    expect((await call(listResponses, "GET", `${odpmPath()}/responses?limit=1000`, { key: keys.councilRead, params: idParams() })).status).toBe(400);
  });

  it("submits the police's response on behalf of its organisation, once per Idempotency-Key", async () => {
    const body = { answers: [{ questionNumber: "1", value: "Yes: one vision, delivered through the LAA." }, { questionId: q("12").id, value: "Thematic partnerships work for community safety." }] };
    const headers = { "idempotency-key": "police-submission-0001" };
    const first = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.policeRw, body, headers, params: idParams() });
    expect(first.status).toBe(201);
    expect(first.body.organisation.name).toBe("Lancashire Constabulary");
    expect(first.body.status).toBe("submitted");
    expect(first.body.reference).toMatch(/^[A-Z0-9]+-/);
    expect(first.body.answers.map((a: { questionNumber: string }) => a.questionNumber)).toEqual(["1", "12"]);
    // The 201 body is built from what was written, not read back: it must be what a GET shows.
    const read = await call(getResponse, "GET", `/responses/${first.body.id}`, { key: keys.policeRead, params: { id: first.body.id } });
    expect(read.body).toEqual(first.body);
    // One statement marks it submitted, keeps the submitted copy and writes the audit trail, in order.
    const history = await t.db.select().from(responseSubmissions).where(eq(responseSubmissions.responseId, first.body.id));
    expect(history.map((h) => [h.revision, Object.keys(h.answers as object).length])).toEqual([[1, 2]]);
    const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, first.body.id)).orderBy(asc(auditLog.id));
    expect(trail.map((a) => a.action)).toEqual(["response.save", "response.submit"]);
    expect(trail[0]!.before).toEqual({ "1": null, "12": null });
    expect((trail[0]!.after as { answers: Record<string, string> }).answers["1"]).toBe("Yes: one vision, delivered through the LAA.");
    expect(trail[1]!.after).toMatchObject({ status: "submitted", revision: 1, reference: first.body.reference, answered: 2 });
    const [submitter] = await t.db.select({ id: responses.submittedBy }).from(responses).where(eq(responses.id, first.body.id));
    expect(trail.every((a) => a.actorId === submitter!.id && a.organisationId === first.body.organisation.id)).toBe(true);
    // A key's service account cannot receive mail: the 201 body is the receipt, and no email is queued.
    const receipts = await t.db.select().from(outbox).where(eq(outbox.kind, "receipt"));
    expect(receipts.filter((m) => m.to.endsWith("@api-keys.invalid"))).toEqual([]);
    const again = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.policeRw, body, headers, params: idParams() });
    expect(again.status).toBe(201);
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const [row] = await t.db.select().from(responses).where(eq(responses.id, first.body.id));
    expect(row!.revision).toBe(1);
    const changed = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.policeRw, body: { answers: [{ questionNumber: "1", value: "Something else" }] }, headers, params: idParams() });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe("idempotency_key_reused");
    const visible = await call(listResponses, "GET", `${odpmPath()}/responses`, { key: keys.policeRead, params: idParams() });
    expect(visible.body.data.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it("refuses writes from read-only keys and from the council, and invalid answers", async () => {
    const body = { answers: [{ questionNumber: "7", value: "Yes." }] };
    const readOnly = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.cvsRead, body, params: idParams() });
    expect(readOnly.status).toBe(403);
    const council = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.councilRw, body, params: idParams() });
    expect(council.status).toBe(403);
    const unknownQuestion = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, body: { answers: [{ questionNumber: "99", value: "?" }] }, params: idParams() });
    expect(unknownQuestion.status).toBe(422);
    expect(unknownQuestion.body.error.details).toEqual([{ path: "answers.0.questionNumber", message: "There is no such question in this consultation" }]);
    const wrongType = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, body: { answers: [{ questionNumber: "7", value: { not: "text" } }] }, params: idParams() });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.details[0].path).toBe("answers.0.value");
    const shape = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, body: { answers: [] }, params: idParams() });
    expect(shape.status).toBe(422);
    const malformed = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, rawBody: "{", params: idParams() });
    expect(malformed.status).toBe(400);
    const badKey = await call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, body, headers: { "idempotency-key": "has spaces in it" }, params: idParams() });
    expect(badKey.status).toBe(400);
  });

  it("amends a submitted response when the answers change", async () => {
    const amended = await call(submitResponse, "POST", `${odpmPath()}/responses`, {
      key: keys.parishRw,
      body: { answers: [{ questionNumber: "7", value: "Yes, and the county should support it." }] },
      params: idParams(),
    });
    expect(amended.status).toBe(201);
    expect(amended.body.revision).toBe(2);
    const unchanged = await call(submitResponse, "POST", `${odpmPath()}/responses`, {
      key: keys.parishRw,
      body: { answers: [{ questionNumber: "7", value: "Yes, and the county should support it." }] },
      params: idParams(),
    });
    expect(unchanged.status).toBe(422);
  });

  it("takes the consent to publish with the submission when the consultation publishes responses", async () => {
    await t.db.update(consultationsTable).set({ publishResponses: "while_open" }).where(eq(consultationsTable.id, idParams().id));
    try {
      const shown = await call(getConsultation, "GET", odpmPath(), { key: keys.parishRw, params: idParams() });
      expect(shown.body.publishResponses).toBe("while_open");
      const answers = [{ questionNumber: "7", value: "Yes, with the parish councils involved." }];
      const post = (body: unknown) => call(submitResponse, "POST", `${odpmPath()}/responses`, { key: keys.parishRw, body, params: idParams() });
      const without = await post({ answers });
      expect(without.status).toBe(422);
      expect(without.body.error.details).toEqual([{ path: "publishConsent", message: "Say whether we may publish your response before you submit it" }]);
      const bad = await post({ answers, publishConsent: "yes please" });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details).toEqual([{ path: "publishConsent", message: "publishConsent must be one of named, anonymous or none" }]);
      // Organisations publish under their own name: there is no name to give.
      expect((await post({ answers, publishConsent: "named", publishedName: "A person" })).status).toBe(422);
      const [before] = await t.db.select().from(responses).where(eq(responses.organisationId, orgId["Croston Parish Council"]!));
      expect(before!.publishConsent).toBeNull();
      expect(before!.revision).toBe(2);
      const ok = await post({ answers, publishConsent: "anonymous" });
      expect(ok.status).toBe(201);
      expect(ok.body.revision).toBe(3);
      const [after] = await t.db.select().from(responses).where(eq(responses.id, before!.id));
      expect([after!.publishConsent, after!.publishedName]).toEqual(["anonymous", null]);
      const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, before!.id)).orderBy(asc(auditLog.id));
      expect(trail.filter((a) => a.action === "response.details").map((a) => a.after)).toEqual([{ publishConsent: "anonymous" }]);
      // The consent saved stands for later amendments that do not restate it.
      const later = await post({ answers: [{ questionNumber: "7", value: "Yes: parish councils first." }] });
      expect(later.status).toBe(201);
    } finally {
      await t.db.update(consultationsTable).set({ publishResponses: "no" }).where(eq(consultationsTable.id, idParams().id));
    }
  });
});

describe("themes of a question (the full contract is in lib/analysis/analysis-pages.integration.test.ts)", () => {
  it("lists no themes before an officer adds any, and reads and sets an answer's tags with If-Match", async () => {
    const qid = q("12").id;
    const themes = await call(getThemes, "GET", `${odpmPath()}/questions/${qid}/themes`, { key: keys.councilRead, params: { id: odpm.id, questionId: qid } });
    expect(themes.status).toBe(200);
    expect(themes.body.themes).toEqual([]);
    const [answered] = (await t.db.execute(sql`select response_id as id from answers where question_id = ${qid} limit 1`) as unknown as { rows: { id: string }[] }).rows;
    const p = `${odpmPath()}/questions/${qid}/answers/${answered!.id}/tags`;
    const params = { id: odpm.id, questionId: qid, responseId: answered!.id };
    const got = await call(getTags, "GET", p, { key: keys.councilRw, params });
    expect(got.status).toBe(200);
    const put = await call(putTags, "PUT", p, { key: keys.councilRw, params, headers: { "if-match": got.res.headers.get("etag")! }, body: { themeIds: [], analysed: true } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ analysed: true, tags: [], version: got.body.version + 1 });
    expect((await call(putTags, "PUT", p, { key: keys.policeRw, params, headers: { "if-match": `"${put.body.version}"` }, body: { themeIds: [] } })).status).toBe(403);
  });
});

describe("an answer's passages through the API", () => {
  it("tags a passage by its words or its offsets, lists it with its id, removes it, and refuses what it should", async () => {
    const qid = q("12").id;
    const answeredRows = (await t.db.execute(sql`select response_id as id, value_text as text from answers where question_id = ${qid} and length(value_text) > 40 order by response_id limit 2`) as unknown as { rows: { id: string; text: string }[] }).rows;
    const [answered, otherAnswer] = answeredRows;
    const theme = await createTheme(t.db, { consultationId: odpm.id, questionId: qid, name: `Passages by API ${Date.now()}` }, actors.officer);
    const base = `${odpmPath()}/questions/${qid}/answers/${answered!.id}/tags/passages`;
    const params = { id: odpm.id, questionId: qid, responseId: answered!.id };
    // Words of the answer from one non-space to another, as an officer would copy them.
    const span = /\S.{10,18}\S/.exec(answered!.text.slice(1))!;
    const start = span.index + 1;
    const words = span[0];
    const post = (body: unknown, key = keys.councilRw) => call(postPassage, "POST", base, { key, params, body });

    const byQuote = await post({ themeId: theme.id, quote: words.toUpperCase() });
    expect(byQuote.status).toBe(200);
    const tagged = byQuote.body.tags.find((x: { passage: { text: string } | null }) => x.passage?.text === words);
    expect(tagged).toMatchObject({ themeId: theme.id, passage: { start, end: start + words.length, text: words }, source: "manual", status: "confirmed" });
    expect(byQuote.res.headers.get("etag")).toBe(`"${byQuote.body.version}"`);
    // GET lists it with the same id.
    const got = await call(getTags, "GET", `${odpmPath()}/questions/${qid}/answers/${answered!.id}/tags`, { key: keys.councilRead, params });
    expect(got.body.tags.map((x: { id: string }) => x.id)).toContain(tagged.id);
    // The same passage again changes nothing; by offsets, another one is added.
    expect((await post({ themeId: theme.id, start, end: start + words.length })).body.version).toBe(byQuote.body.version);
    const byOffsets = await post({ themeId: theme.id, start: 0, end: 4 });
    expect(byOffsets.status).toBe(200);
    expect(byOffsets.body.version).toBe(byQuote.body.version + 1);
    expect(byOffsets.body.tags.filter((x: { themeId: string }) => x.themeId === theme.id)).toHaveLength(2);

    // Refused: malformed, beyond the text, words not in it, a theme of another question, a read
    // key, a partner's key, another council's; each with the API's JSON error naming the field.
    const none = await post({ themeId: theme.id });
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: "invalid", details: [expect.objectContaining({ path: "quote" })] });
    expect((await post({ themeId: theme.id, quote: "x", start: 0, end: 1 })).status).toBe(422);
    expect((await post({ themeId: theme.id, start: 9, end: 3 })).status).toBe(422);
    const beyond = await post({ themeId: theme.id, start: 0, end: answered!.text.length + 1 });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.details).toEqual([expect.objectContaining({ path: "end" })]);
    const elsewhere = await createTheme(t.db, { consultationId: odpm.id, questionId: q("13").id, name: `Question 13 theme ${Date.now()}` }, actors.officer);
    const wrongTheme = await post({ themeId: elsewhere.id, start: 0, end: 4 });
    expect(wrongTheme.status).toBe(422);
    expect(wrongTheme.body.error.details).toEqual([expect.objectContaining({ path: "themeId" })]);
    expect((await post({ themeId: "00000000-0000-4000-8000-000000000000", start: 0, end: 4 })).status).toBe(422);
    const missing = await post({ themeId: theme.id, quote: "quillwort and sundew" });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toBe("Those words are not in the answer: copy them exactly");
    expect((await post({ themeId: theme.id, quote: words }, keys.councilRead)).status).toBe(403);
    expect((await post({ themeId: theme.id, quote: words }, keys.policeRw)).status).toBe(403);
    expect((await post({ themeId: theme.id, quote: words }, keys.otherCouncilRw)).status).toBe(403);

    // Removed by its id; again, it is not found; a whole answer's theme is not removed here.
    const del = (tagId: string, key = keys.councilRw) => call(deletePassage, "DELETE", `${base}/${tagId}`, { key, params: { ...params, tagId } });
    expect((await del(tagged.id, keys.policeRw)).status).toBe(403);
    expect((await del(tagged.id, keys.councilRead)).status).toBe(403);
    expect((await del(tagged.id, keys.otherCouncilRw)).status).toBe(403);
    // Through another answer's path, the passage is not found (and stays).
    const viaOther = await call(deletePassage, "DELETE", `${odpmPath()}/questions/${qid}/answers/${otherAnswer!.id}/tags/passages/${tagged.id}`, {
      key: keys.councilRw,
      params: { ...params, responseId: otherAnswer!.id, tagId: tagged.id },
    });
    expect(viaOther.status).toBe(404);
    const removed = await del(tagged.id);
    expect(removed.status).toBe(200);
    expect(removed.body.tags.some((x: { id: string }) => x.id === tagged.id)).toBe(false);
    expect(removed.body.version).toBe(byOffsets.body.version + 1);
    expect((await del(tagged.id)).status).toBe(404);
    expect((await del("not-a-uuid")).status).toBe(404);
    const whole = await call(putTags, "PUT", `${odpmPath()}/questions/${qid}/answers/${answered!.id}/tags`, {
      key: keys.councilRw,
      params,
      headers: { "if-match": `"${removed.body.version}"` },
      body: { themeIds: [theme.id] },
    });
    const wholeTag = whole.body.tags.find((x: { themeId: string; passage: unknown }) => x.themeId === theme.id && x.passage === null);
    expect((await del(wholeTag.id)).status).toBe(422);
    // A "passage" of the whole text is the whole answer's theme.
    const all = await post({ themeId: theme.id, start: 0, end: answered!.text.length });
    expect(all.status).toBe(200);
    expect(all.body.tags.filter((x: { themeId: string; passage: unknown }) => x.themeId === theme.id && x.passage === null)).toHaveLength(1);
  });
});

describe("question summaries", () => {
  it("counts answers for an open question for the council, and refuses partners", async () => {
    const p = `${odpmPath()}/questions/${q("12").id}/summary`;
    const ok = await call(summary, "GET", p, { key: keys.councilRead, params: { id: odpm.id, questionId: q("12").id } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ questionNumber: "12", closed: false, options: null });
    expect(ok.body.answered).toBeGreaterThanOrEqual(1);
    expect((await call(summary, "GET", p, { key: keys.policeRead, params: { id: odpm.id, questionId: q("12").id } })).status).toBe(403);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(summary, "GET", `${odpmPath()}/questions/${unknown}/summary`, { key: keys.councilRead, params: { id: odpm.id, questionId: unknown } })).status).toBe(404);
  });

  it("counts each option of a closed question", async () => {
    const set = {
      format: "council-consult/question-set",
      formatVersion: 1,
      title: "Closed question check",
      kind: "questionnaire",
      chapters: [{ title: "Views", questions: [{ number: "1", type: "single_choice", text: "Pick one", options: ["Red", "Blue"] }] }],
    };
    const created = await call(createConsultation, "POST", "/consultations", { key: keys.councilRw, body: set });
    const question = created.body.chapters[0].questions[0];
    const { status, body } = await call(summary, "GET", `/consultations/${created.body.id}/questions/${question.id}/summary`, {
      key: keys.councilRead,
      params: { id: created.body.id, questionId: question.id },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ closed: true, answered: 0, options: [{ option: "Red", count: 0 }, { option: "Blue", count: 0 }] });
  });
});

describe("the council's draft answers", () => {
  const draftPath = (n: string) => `${odpmPath()}/draft-answers/${q(n).id}`;
  const params = (n: string) => ({ id: odpm.id, questionId: q(n).id });

  it("reads a draft answer with its version as the ETag", async () => {
    const { status, body, res } = await call(getDraft, "GET", draftPath("17"), { key: keys.councilRead, params: params("17") });
    expect(status).toBe(200);
    expect(body.text).toBe("As for 16 above.");
    expect(res.headers.get("etag")).toBe(`"${body.version}"`);
    expect((await call(getDraft, "GET", draftPath("17"), { key: keys.policeRead, params: params("17") })).status).toBe(403);
  });

  it("saves with If-Match, and refuses a stale version with 412 and the current text", async () => {
    const current = await call(getDraft, "GET", draftPath("1"), { key: keys.councilRw, params: params("1") });
    const saved = await call(putDraft, "PUT", draftPath("1"), {
      key: keys.councilRw,
      body: { text: "The council agrees with the proposed key role.", status: "ready_for_review" },
      headers: { "if-match": current.res.headers.get("etag")! },
      params: params("1"),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
    expect(saved.body.status).toBe("ready_for_review");
    const stale = await call(putDraft, "PUT", draftPath("1"), {
      key: keys.councilRw,
      body: { text: "An edit from an old copy" },
      headers: { "if-match": `"${current.body.version}"` },
      params: params("1"),
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details.current.text).toBe("The council agrees with the proposed key role.");
    expect(stale.body.error.details.current.version).toBe(saved.body.version);
  });

  it("needs If-Match (428), a valid body (422) and a read and write council key (403)", async () => {
    const noIfMatch = await call(putDraft, "PUT", draftPath("2"), { key: keys.councilRw, body: { text: "x" }, params: params("2") });
    expect(noIfMatch.status).toBe(428);
    const badIfMatch = await call(putDraft, "PUT", draftPath("2"), { key: keys.councilRw, body: { text: "x" }, headers: { "if-match": "yesterday" }, params: params("2") });
    expect(badIfMatch.status).toBe(400);
    const invalid = await call(putDraft, "PUT", draftPath("2"), { key: keys.councilRw, body: { text: 42, status: "approved" }, headers: { "if-match": '"1"' }, params: params("2") });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["status", "text"]);
    const tooLong = await call(putDraft, "PUT", draftPath("2"), { key: keys.councilRw, body: { text: "x".repeat(20_001) }, headers: { "if-match": '"1"' }, params: params("2") });
    expect(tooLong.status).toBe(422);
    const readOnly = await call(putDraft, "PUT", draftPath("2"), { key: keys.councilRead, body: { text: "x" }, headers: { "if-match": '"1"' }, params: params("2") });
    expect(readOnly.status).toBe(403);
    const partner = await call(putDraft, "PUT", draftPath("2"), { key: keys.policeRw, body: { text: "x" }, headers: { "if-match": '"1"' }, params: params("2") });
    expect(partner.status).toBe(403);
  });

  it("refuses edits once the answers are signed off (409 locked)", async () => {
    await sendForReview(t.db, { consultationId: odpm.id }, actors.officer);
    await decideSignOff(t.db, { consultationId: odpm.id, decision: "approved", note: "", expectedHash: undefined }, actors.signatory);
    const current = await call(getDraft, "GET", draftPath("3"), { key: keys.councilRw, params: params("3") });
    const locked = await call(putDraft, "PUT", draftPath("3"), { key: keys.councilRw, body: { text: "Too late" }, headers: { "if-match": current.res.headers.get("etag")! }, params: params("3") });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe("locked");
  });
});

describe("CSV export", () => {
  it("streams every submitted response for the council, one row each", async () => {
    const { status, res, body } = await call(exportCsv, "GET", `${odpmPath()}/export.csv`, { key: keys.councilRead, params: idParams() });
    expect(status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="lsp-shaping-their-future-responses-wide.csv"/);
    const rows = parseCsv(body as string);
    expect(rows[0]!.slice(0, 7)).toEqual(["Reference", "Organisation", "Organisation type", "Submitted at (UK time)", "Submitted by", "Revision", "Consultation version"]);
    expect(rows[0]![7]).toMatch(/^1: Do you agree/);
    expect(rows).toHaveLength(1 + 3);
  });

  it("gives a partner's key only its own organisation's rows, in long form", async () => {
    const { status, body } = await call(exportCsv, "GET", `${odpmPath()}/export.csv?shape=long`, { key: keys.cvsRead, params: idParams() });
    expect(status).toBe(200);
    const rows = parseCsv(body as string);
    expect(rows[0]).toEqual(["Reference", "Organisation", "Organisation type", "Submitted at (UK time)", "Submitted by", "Chapter", "Sub-heading", "Question number", "Question", "Answer", "Explanation or commentary"]);
    expect(rows.slice(1).every((r) => r[1] === "Chorley Council for Voluntary Service")).toBe(true);
    expect(rows).toHaveLength(1 + 5);
    expect((await call(exportCsv, "GET", `${odpmPath()}/export.csv?shape=tall`, { key: keys.cvsRead, params: idParams() })).status).toBe(400);
    expect((await call(exportCsv, "GET", `${odpmPath()}/export.csv`, { key: keys.otherCouncilRw, params: idParams() })).status).toBe(403);
  });
});

describe("rate limit", () => {
  /**
   * The limits count in windows of a clock minute (lib/rate-limit): requests that straddle the
   * turn of a minute are counted in two windows. A test of a limit starts clear of it.
   */
  const clearOfMinuteTurn = async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
  };

  it("answers 429 with Retry-After once a key has used its requests for the minute", async () => {
    const { key } = await createApiKey(t.db, { name: "Busy client", organisationId: orgId["Chorley Council"]!, scope: "read" }, actors.admin);
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    reloadSettings();
    try {
      await clearOfMinuteTurn();
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await call(listConsultations, "GET", "/consultations", { key });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(last!.body.error.code).toBe("rate_limited");
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
      reloadSettings();
    }
  });

  it("refuses a client that keeps presenting unknown keys with 429 and Retry-After, while its good keys and other clients are answered as before", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    const guess = (i: number, ip: string) => call(listConsultations, "GET", "/consultations", { key: `cck_${String(i).padStart(43, "g")}`, headers: from(ip) });
    await clearOfMinuteTurn();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await guess(i, "203.0.113.50")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await guess(20, "203.0.113.50");
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.res.headers.get("retry-after"))).toBeGreaterThan(0);
    // A good key from the same address (an office sharing it) still works.
    expect((await call(listConsultations, "GET", "/consultations", { key: keys.councilRead, headers: from("203.0.113.50") })).status).toBe(200);
    expect((await guess(21, "198.51.100.4")).status).toBe(401);
    expect((await call(listConsultations, "GET", "/consultations", { key: keys.councilRead, headers: from("198.51.100.4") })).status).toBe(200);
  });
});

describe("action plans", () => {
  it("lists plans, gives the council a period's report, and takes a return only for the key's own organisation", async () => {
    const list = await call(listActionPlans, "GET", "/action-plans", { key: keys.councilRead });
    expect(list.status).toBe(200);
    const plan = list.body.data[0];
    const period = plan.periods[3];
    const params = { planId: plan.id, periodId: period.id };
    expect((await call(getActionPlanReport, "GET", `/action-plans/${plan.id}/periods/${period.id}/report`, { key: keys.councilRead, params })).status).toBe(200);
    expect((await call(getActionPlanReport, "GET", `/action-plans/${plan.id}/periods/${period.id}/report`, { key: keys.policeRw, params })).status).toBe(403);
    const path = `/action-plans/${plan.id}/periods/${period.id}/returns`;
    expect((await call(postActionPlanReturn, "POST", path, { key: keys.policeRw, params, body: { items: [] } })).status).toBe(200);
    expect((await call(postActionPlanReturn, "POST", path, { key: keys.otherCouncilRw, params, body: { items: [] } })).status).toBe(403);
    expect((await call(postActionPlanReturn, "POST", path, { key: keys.policeRw, params, body: { items: [{ ref: "1.1", status: "complete" }] } })).status).toBe(422);
  });
});

describe("draft documents", () => {
  it("lists a consultation's documents, gives a version's paragraphs, and takes a comment only for the key's own invited organisation", async () => {
    const [leics] = await t.db.select().from(consultationsTable).where(eq(consultationsTable.slug, "leicestershire-scs-laa"));
    const docs = await call(listDocuments, "GET", `/consultations/${leics!.id}/documents`, { key: keys.policeRead, params: { id: leics!.id } });
    expect(docs.status).toBe(200);
    const documentId = docs.body.data[0].id;
    const version = await call(getDocumentVersion, "GET", `/documents/${documentId}/versions/latest`, { key: keys.policeRead, params: { documentId, version: "latest" } });
    expect(version.body.paragraphs.length).toBeGreaterThan(5);
    const posted = await call(postDocumentComment, "POST", `/documents/${documentId}/comments`, { key: keys.policeRw, params: { documentId }, body: { paragraph: version.body.paragraphs[0].number, stance: "support", text: "From the police system." } });
    expect(posted.status).toBe(201);
    expect((await call(postDocumentComment, "POST", `/documents/${documentId}/comments`, { key: keys.otherCouncilRw, params: { documentId }, body: { paragraph: "1", stance: "support", text: "x" } })).status).toBe(403);
    const mine = await call(listDocumentComments, "GET", `/documents/${documentId}/comments`, { key: keys.policeRead, params: { documentId } });
    expect(mine.body.data.map((k: { text: string }) => k.text)).toContain("From the police system.");
  });
});

describe("coverage", () => {
  it("called every documented operation", () => {
    // The open-data operations (no key) are called by lib/api/open-data.integration.test.ts, which checks its own coverage.
    expect([...validator.seen].sort()).toEqual(validator.operations().filter((o) => !o.includes(" /public/")).sort());
  });

  it("recorded the API's actions against the key's service account, not a person", async () => {
    const names = await t.db.select({ name: users.name }).from(users).where(eq(users.name, "API key: Police RMS"));
    expect(names).toHaveLength(1);
  });
});


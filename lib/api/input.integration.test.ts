// Bad input through the API is refused with a 4xx and a JSON error naming the field, never a
// 500 and never stored: impossible question limits, dates out of range, text Postgres cannot
// store (NUL, unpaired surrogates), bodies nested too deep. And a question stored with
// impossible limits some other way is caught again at publish.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as submitResponse } from "../../app/api/v1/consultations/[id]/responses/handlers";
import { POST as createConsultation } from "../../app/api/v1/consultations/route";
import { consultations, idempotencyKeys, organisations, questions } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { createApiKey } from "../api-keys/commands";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { publishConsultationAs } from "../consultations/publishing";
import { InvalidError } from "../errors";
import { OpenApiValidator } from "./testing/openapi-validator";
import { makeCaller, routeHandlersUse } from "./testing/routes";

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string };
const call = makeCaller(new OpenApiValidator());
const keys = {} as Record<"council" | "police", string>;

beforeAll(async () => {
  const setup = await odpmSetup();
  ({ t, actors, odpm } = setup);
  routeHandlersUse(t);
  const org = async (name: string) => (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  keys.council = (await createApiKey(t.db, { name: "Council", organisationId: await org("Chorley Council"), scope: "read_write" }, actors.admin)).key;
  keys.police = (await createApiKey(t.db, { name: "Police", organisationId: await org("Lancashire Constabulary"), scope: "read_write" }, actors.admin)).key;
});
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await t?.close();
});

const questionSet = (over: Record<string, unknown> = {}, question: Record<string, unknown> = {}) => ({
  format: "council-consult/question-set",
  formatVersion: 1,
  title: "Input checks",
  kind: "questionnaire",
  chapters: [{ title: "One", questions: [{ number: "1", type: "short_text", text: "Name?", ...question }] }],
  ...over,
});

async function created(title: string) {
  return t.db.select().from(consultations).where(eq(consultations.title, title));
}

describe("POST /consultations refuses question limits no answer could pass", () => {
  it.each([
    ["minLength above maxLength", { type: "long_text", limits: { minLength: 100, maxLength: 10 } }, "chapters.0.questions.0.limits.maxLength", "Maximum length must be at least the minimum length"],
    ["min above max", { type: "number", limits: { min: 10, max: 1 } }, "chapters.0.questions.0.limits.max", "Largest number allowed must be at least the smallest"],
    ["minSelections above maxSelections", { type: "multiple_choice", options: ["A", "B", "C"], limits: { minSelections: 3, maxSelections: 2 } }, "chapters.0.questions.0.limits.maxSelections", "Most choices must be at least the fewest choices"],
    ["maxSelections above the options", { type: "multiple_choice", options: ["A", "B"], limits: { maxSelections: 5 } }, "chapters.0.questions.0.limits.maxSelections", "Most choices cannot be more than the 2 options"],
    ["a required ranking with one option", { type: "ranking", required: true, options: ["Only"] }, "chapters.0.questions.0.options", "Enter at least 2 options, one on each line"],
  ])("%s: 422 naming the limit, nothing stored", async (what, question, path, message) => {
    const title = `Limits: ${what}`;
    const res = await call(createConsultation, "POST", "/consultations", { key: keys.council, body: questionSet({ title }, question) });
    expect(res.status).toBe(422);
    expect(res.res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.error.code).toBe("invalid");
    expect(res.body.error.details).toEqual([{ path, message }]);
    expect(await created(title)).toEqual([]);
  });
});

describe("POST /consultations refuses what Postgres could not store, at the field", () => {
  it.each([
    ["NUL in the title", { title: "Safety\u0000 priorities" }, {}, "title", /NUL character/],
    ["NUL in a question's text", { title: "NUL question" }, { text: "Why\u0000?" }, "chapters.0.questions.0.text", /NUL character/],
    ["an unpaired surrogate in an option", { title: "Surrogate option" }, { type: "single_choice", options: ["A\udc00", "B"] }, "chapters.0.questions.0.options.0", /unpaired surrogate/],
    ["a relative date out of range", { title: "Far date", closesOn: "@+99999999d" }, {}, "closesOn", /^Enter a date between 1900 and 9999$/],
    ["the year 0000", { title: "Year zero", opensOn: "0000-01-01" }, {}, "opensOn", /^Enter a date between 1900 and 9999$/],
    ["a day that does not exist, in a stage", { title: "No such day", stages: [{ name: "Comment", dueOn: "2026-02-30" }] }, {}, "stages.0.dueOn", /real date/],
  ])("%s: 422", async (_what, over, question, path, message) => {
    const res = await call(createConsultation, "POST", "/consultations", { key: keys.council, body: questionSet(over, question) });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe("POST /consultations/{id}/responses refuses bad answers with 4xx", () => {
  const submit = (rawBody: string, headers: Record<string, string> = {}) =>
    call(submitResponse, "POST", `/consultations/${odpm.id}/responses`, {
      key: keys.police,
      rawBody,
      headers: { "content-type": "application/json", ...headers },
      params: { id: odpm.id },
    });

  it("an answer that is a lone surrogate: 422 at the answer", async () => {
    const res = await submit(JSON.stringify({ answers: [{ questionNumber: "1", value: "\ud800" }] }));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: "answers.0.value", message: expect.stringMatching(/unpaired surrogate/) }]);
  });

  it("an answer nested 10,000 deep sent with an Idempotency-Key: 422, and the key is not held", async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const res = await submit(`{"answers":[{"questionNumber":"1","value":${deep}}]}`, { "idempotency-key": "deep-1" });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/nested too deeply/);
    expect(await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "deep-1"))).toEqual([]);
  });

  it("a body of more than 200,000 values: 413", async () => {
    const res = await submit(`{"answers":[{"questionNumber":"1","value":[${new Array(200_001).fill(0).join(",")}]}]}`, { "idempotency-key": "wide-1" });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });
});

describe("publishing checks the limits again", () => {
  it("refuses to publish a question stored with impossible limits, listing what to fix", async () => {
    const res = await call(createConsultation, "POST", "/consultations", {
      key: keys.council,
      body: questionSet({ title: "Stored before the rule", opensOn: "@-1d", closesOn: "@+30d" }, { type: "number", limits: { min: 1, max: 10 } }),
    });
    expect(res.status).toBe(201);
    // As a question written before the schema checked it (or by hand) would be.
    await t.db.update(questions).set({ limits: { min: 10, max: 1 } }).where(eq(questions.consultationId, res.body.id));
    const refused = await publishConsultationAs(t.db, res.body.id, actors.officer).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidError);
    expect(Object.values((refused as InvalidError).fieldErrors)).toEqual(["Question 1: largest number allowed must be at least the smallest"]);
    const [after] = await t.db.select().from(consultations).where(eq(consultations.id, res.body.id));
    expect(after!.status).toBe("draft");
  });
});

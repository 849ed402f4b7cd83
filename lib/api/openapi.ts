// The OpenAPI 3.1 document for /api/v1, generated from the zod schemas the routes use
// (schemas.ts and lib/question-sets/schema.ts). Served at /api/v1/openapi.json, rendered
// as the /api-docs page, and used by the contract tests to validate every response.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { questionSetSchema } from "../question-sets/schema";
import { openDataCountsSchema, openDataOutcomeSchema, openDataResponsesQuery, openDataResponsesSchema } from "./open-data";
import { apiPlanListSchema, apiReportSchema, apiReturnBodySchema, apiReturnResultSchema } from "../action-plans/api";
import { apiDocumentCommentListSchema, apiDocumentListSchema, apiDocumentVersionSchema, apiPostCommentResultSchema, apiPostCommentSchema } from "../documents/api";
import {
  apiAnswerTagsSchema,
  apiThemesSchema,
  postPassageBodySchema,
  putAnswerTagsBodySchema,
  tagsPreconditionFailedSchema,
  consultationListSchema,
  consultationSchema,
  draftAnswerSchema,
  errorSchema,
  exportCsvQuerySchema,
  listConsultationsQuerySchema,
  listResponsesQuerySchema,
  parseQuerySchema,
  parseWarningSchema,
  preconditionFailedSchema,
  putDraftAnswerSchema,
  questionSummarySchema,
  responsePageSchema,
  responseSchema,
  submitResponseSchema,
} from "./schemas";

export const API_VERSION = "1.0.0";

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 428 | 429 | 503;

const ERROR_RESPONSES: Record<ErrorStatus, { description: string; example: { code: string; message: string; details?: unknown; reference?: string } }> = {
  400: { description: "The request is malformed: not JSON, or a bad query parameter or header", example: { code: "bad_request", message: "The request body is not valid JSON", details: [{ path: "", message: "Unexpected token } in JSON at position 12" }] } },
  401: { description: "No API key, or a key that is not valid or has been revoked", example: { code: "unauthenticated", message: "Send your API key as: Authorization: Bearer <key>" } },
  403: { description: "The key's organisation or scope does not allow this", example: { code: "forbidden", message: "This API key is read-only; use a read and write key to change data" } },
  404: { description: "No such record, or one the key may not see", example: { code: "not_found", message: "Consultation was not found" } },
  409: { description: "The record is locked (closed consultation, signed-off answers), or a request with the same Idempotency-Key is still running (then with Retry-After: the seconds left of its lease)", example: { code: "locked", message: "The council's answers have been signed off, so they cannot be changed." } },
  412: { description: "If-Match names an older version: someone saved in between. `details.current` is the stored version; merge and retry with its version.", example: { code: "precondition_failed", message: "Someone else saved this answer first" } },
  413: { description: "The request body is over the size limit", example: { code: "payload_too_large", message: "The request body must be 1024 KB or smaller", details: { limitBytes: 1048576 } } },
  422: { description: "The body is well-formed but not valid; `details` lists each problem with its path", example: { code: "invalid", message: "The request is not valid", details: [{ path: "chapters.0.title", message: "Give the chapter a title" }] } },
  428: { description: "If-Match is required for this request", example: { code: "precondition_required", message: "Send If-Match with the version you edited" } },
  429: { description: "Too many requests for this key; wait for Retry-After seconds", example: { code: "rate_limited", message: "Too many requests for this API key. Try again in 12 seconds.", details: { retryAfterSeconds: 12 } } },
  503: { description: "The database did not answer in time (DATABASE_STATEMENT_TIMEOUT_SECONDS) or cannot be reached, or gave the request up as it met another changing the same records at the same moment (a deadlock: Retry-After 1); nothing was changed. Try again after Retry-After seconds. `reference` is the failure's in the service's log", example: { code: "unavailable", message: "Sorry, the database took too long to answer. Try again in a minute.", reference: "2868193867" } },
};

/**
 * The documented error responses of an operation; every one has the Error shape (412: with the
 * stored version). Every operation may meet a database that is slow or away: 503 always.
 */
function errorRefs(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    [...statuses, 503 as const].map((status) => {
      const e = ERROR_RESPONSES[status];
      const headers =
        status === 429 || status === 503
          ? z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait before trying again", example: "12" }) })
          : status === 401
            ? z.object({ "WWW-Authenticate": z.string().meta({ description: "The Bearer challenge", example: 'Bearer realm="api"' }) })
            : undefined;
      const schema = status === 412 ? preconditionFailedSchema : errorSchema;
      return [String(status), { description: e.description, headers, content: { "application/json": { schema, example: { error: e.example } } } }];
    }),
  );
}

/** The question-set format (lib/question-sets) under its own name in the document. */
const questionSetDoc = questionSetSchema.meta({ id: "QuestionSet" });

const consultationId = z.uuid().meta({ description: "The consultation's id" });
const questionId = z.uuid().meta({ description: "The question's id" });

function buildRegistry(): OpenAPIRegistry {
  const r = new OpenAPIRegistry();
  r.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key created by an administrator at /admin/api-keys. Send it as `Authorization: Bearer cck_…`. Each key acts for one organisation and is either read-only or read and write.",
  });
  const security = [{ apiKey: [] }];
  const json = (schema: z.ZodType, example?: unknown) => ({ "application/json": example === undefined ? { schema } : { schema, example } });

  r.registerPath({
    method: "get",
    path: "/consultations",
    operationId: "listConsultations",
    tags: ["Consultations"],
    summary: "List consultations",
    description: "A council's key sees its council's consultations in every status; any key sees the published ones (open and closed).",
    security,
    request: { query: listConsultationsQuerySchema },
    responses: { 200: { description: "The consultations, newest first", content: json(consultationListSchema) }, ...errorRefs(400, 401, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/consultations",
    operationId: "createConsultation",
    tags: ["Consultations"],
    summary: "Create a draft consultation from a question set",
    description: "The body is a question-set JSON document (the same format the importer and exporter use). Creates a draft owned by the key's council. Needs a council's read and write key. Body limit 2 MB.",
    security,
    request: {
      body: {
        required: true,
        content: json(questionSetDoc, {
          format: "council-consult/question-set",
          formatVersion: 1,
          title: "Local Strategic Partnerships: Shaping their Future",
          kind: "consultation_to_answer",
          askedBy: "Office of the Deputy Prime Minister (ODPM)",
          responseDeadline: "2026-03-03",
          chapters: [
            {
              title: "Governance",
              questions: [
                {
                  number: "10",
                  subheading: "Two-tier areas",
                  type: "long_text",
                  text: "Should every local authority area have its own LSP?",
                  required: false,
                  draftAnswer: "Yes. Each local authority area has distinct needs and priorities.",
                },
              ],
            },
          ],
        }),
      },
    },
    responses: {
      201: { description: "Created; Location names the new consultation", headers: z.object({ Location: z.string() }), content: json(consultationSchema) },
      ...errorRefs(400, 401, 403, 413, 422, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}",
    operationId: "getConsultation",
    tags: ["Consultations"],
    summary: "Get a consultation with its chapters, sub-headings and questions",
    security,
    request: { params: z.object({ consultationId }) },
    responses: { 200: { description: "The consultation", content: json(consultationSchema) }, ...errorRefs(401, 404, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/question-sets/parse",
    operationId: "parseQuestionPaper",
    tags: ["Question sets"],
    summary: "Find chapters, sub-headings and numbered questions in pasted text",
    description: "Send a consultation paper's list of key questions as text/plain. Returns the question set it found and a warning for everything it was unsure of. Saves nothing. Body limit 2 MB.",
    security,
    request: {
      query: parseQuerySchema,
      body: {
        required: true,
        content: { "text/plain": { schema: z.string(), example: "Chapter 1 – Governance\n\n1: Should every local authority area have its own LSP?\nA: Yes." } },
      },
    },
    responses: {
      200: { description: "The question set and warnings", content: json(z.object({ questionSet: questionSetDoc, warnings: z.array(parseWarningSchema) })) },
      ...errorRefs(400, 401, 413, 422, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/responses",
    operationId: "listResponses",
    tags: ["Responses"],
    summary: "List submitted responses with their answers",
    description: "Cursor-paged. The council's key sees every organisation's response; a partner organisation's key sees only its own.",
    security,
    request: { params: z.object({ consultationId }), query: listResponsesQuerySchema },
    responses: { 200: { description: "One page of responses", content: json(responsePageSchema) }, ...errorRefs(400, 401, 403, 404, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/consultations/{consultationId}/responses",
    operationId: "submitResponse",
    tags: ["Responses"],
    summary: "Submit the key's organisation's response",
    description:
      "Saves the answers given and submits the response for the key's organisation (a partner organisation's read and write key). Answers are validated exactly as on the response form. " +
      "When the consultation publishes responses (`publishResponses` on the consultation is not `no`), state `publishConsent` (named, anonymous or none): it is saved with the submission, and without it (or a consent saved before) the submission is refused with 422 and the field `publishConsent`. " +
      "Send an `Idempotency-Key` header to make retries safe: the same key with the same body returns the first result again (with `Idempotent-Replayed: true`); the same key with a different body is refused (422).",
    security,
    request: {
      params: z.object({ consultationId }),
      headers: z.object({ "Idempotency-Key": z.string().min(1).max(255).optional().meta({ description: "Any unique string, up to 255 characters, e.g. a UUID" }) }),
      body: { required: true, content: json(submitResponseSchema, { answers: [{ questionNumber: "1", value: "We agree." }, { questionNumber: "12", value: "The board works well." }], publishConsent: "named" }) },
    },
    responses: {
      201: { description: "Submitted", content: json(responseSchema) },
      ...errorRefs(400, 401, 403, 404, 409, 413, 422, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/responses/{responseId}",
    operationId: "getResponse",
    tags: ["Responses"],
    summary: "Get one response",
    security,
    request: { params: z.object({ responseId: z.uuid() }) },
    responses: { 200: { description: "The response", content: json(responseSchema) }, ...errorRefs(401, 403, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/questions/{questionId}/summary",
    operationId: "summariseQuestion",
    tags: ["Responses"],
    summary: "Count the submitted answers to a question",
    description: "For closed questions (choices, scales, yes/no, RAG status, ranking) the count for each option; for open questions the number of answers. Council keys only.",
    security,
    request: { params: z.object({ consultationId, questionId }) },
    responses: { 200: { description: "The counts", content: json(questionSummarySchema) }, ...errorRefs(401, 403, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/questions/{questionId}/themes",
    operationId: "listQuestionThemes",
    tags: ["Analysis"],
    summary: "A question's themes (its codeframe) with counts",
    description: "Each theme with the submitted answers and respondents (organisations, or members of the public each as themselves) tagged with it, by organisation type and by stage, and how many answers are analysed. Council keys only.",
    security,
    request: { params: z.object({ consultationId, questionId }) },
    responses: { 200: { description: "The themes", content: json(apiThemesSchema) }, ...errorRefs(401, 403, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags",
    operationId: "getAnswerTags",
    tags: ["Analysis"],
    summary: "One answer's themes",
    description: "The ETag header carries the version of the answer's tags; send it back in If-Match when you set them. Council keys only.",
    security,
    request: { params: z.object({ consultationId, questionId, responseId: z.uuid().meta({ description: "The response whose answer it is" }) }) },
    responses: {
      200: { description: "The answer's tags", headers: z.object({ ETag: z.string().meta({ example: '"4"' }) }), content: json(apiAnswerTagsSchema) },
      ...errorRefs(401, 403, 404, 429),
    },
  });
  r.registerPath({
    method: "put",
    path: "/consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags",
    operationId: "setAnswerTags",
    tags: ["Analysis"],
    summary: "Set one answer's whole-answer themes, and whether it is analysed",
    description:
      "Needs `If-Match` with the version you read. Themes listed are confirmed and on the whole answer; a theme on the whole answer that is not listed is removed with its passages; a theme only passages carry is left as it is. If someone changed the tags in between you get 412 with the stored tags in `details.current`, unless what is stored is already what you send (the same request sent twice): then 200 with the stored tags, nothing changed. Council read and write keys of an officer's organisation only.",
    security,
    request: {
      params: z.object({ consultationId, questionId, responseId: z.uuid() }),
      headers: z.object({ "If-Match": z.string().meta({ description: "The version you read, e.g. \"4\"", example: '"4"' }) }),
      body: { required: true, content: json(putAnswerTagsBodySchema, { themeIds: ["3f1c2b9e-8d4a-4c1e-9b7a-2d5e6f7a8b9c"], analysed: true }) },
    },
    responses: {
      200: { description: "Saved; the new version is in the body and the ETag", headers: z.object({ ETag: z.string() }), content: json(apiAnswerTagsSchema) },
      ...errorRefs(400, 401, 403, 404, 413, 422, 428, 429),
      412: {
        description: "If-Match names an older version: someone changed the tags in between. `details.current` holds the stored tags and version.",
        content: json(tagsPreconditionFailedSchema),
      },
    },
  });
  r.registerPath({
    method: "post",
    path: "/consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags/passages",
    operationId: "tagPassage",
    tags: ["Analysis"],
    summary: "Tag a passage of one answer with a theme",
    description:
      "Name the passage by its words (`quote`: found as written, else ignoring case and runs of white space; where they occur more than once, the first) or by its offsets in the answer's text (`start`, and `end` not included: UTF-16 code units, JavaScript's string indexes, of the text this API gives; an offset may not fall inside a character), not both. `themeId` must be one of the question's themes (422 otherwise). A passage only adds to the answer's tags, so no If-Match is needed; one tagged already is left as it is (same version). A passage spanning the whole text tags the whole answer (its entry has `passage: null`, and a suggested tag of the theme becomes confirmed). The answer's tags come back with their ids, the version in the ETag. Council read and write keys of an officer's organisation only.",
    security,
    request: {
      params: z.object({ consultationId, questionId, responseId: z.uuid() }),
      body: { required: true, content: json(postPassageBodySchema, { themeId: "3f1c2b9e-8d4a-4c1e-9b7a-2d5e6f7a8b9c", quote: "the evening bus" }) },
    },
    responses: {
      200: { description: "The answer's tags, with the passage (or, for the whole text, the whole answer's theme)", headers: z.object({ ETag: z.string() }), content: json(apiAnswerTagsSchema) },
      ...errorRefs(400, 401, 403, 404, 413, 422, 429),
    },
  });
  r.registerPath({
    method: "delete",
    path: "/consultations/{consultationId}/questions/{questionId}/answers/{responseId}/tags/passages/{tagId}",
    operationId: "removePassage",
    tags: ["Analysis"],
    summary: "Remove one tagged passage of an answer",
    description:
      "`tagId` is a passage's `id` in the answer's tags. The answer's other tags stay (a theme of the whole answer is removed, with its passages, by setting the tags: PUT …/tags). 404 if the answer has no such passage, as after it was removed already; 422 for the id of a whole answer's theme. Council read and write keys of an officer's organisation only.",
    security,
    request: { params: z.object({ consultationId, questionId, responseId: z.uuid(), tagId: z.uuid().meta({ description: "The passage's tag id" }) }) },
    responses: {
      200: { description: "Removed; the answer's tags as they now are", headers: z.object({ ETag: z.string() }), content: json(apiAnswerTagsSchema) },
      ...errorRefs(401, 403, 404, 422, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/draft-answers/{questionId}",
    operationId: "getDraftAnswer",
    tags: ["Council's answers"],
    summary: "Get the council's draft answer to a question",
    description: "The ETag header carries the version; send it back in If-Match when you save. Council keys only.",
    security,
    request: { params: z.object({ consultationId, questionId }) },
    responses: {
      200: { description: "The draft answer", headers: z.object({ ETag: z.string().meta({ example: '"3"' }) }), content: json(draftAnswerSchema) },
      ...errorRefs(401, 403, 404, 429),
    },
  });
  r.registerPath({
    method: "put",
    path: "/consultations/{consultationId}/draft-answers/{questionId}",
    operationId: "saveDraftAnswer",
    tags: ["Council's answers"],
    summary: "Save the council's draft answer to a question",
    description:
      "Needs `If-Match` with the version you edited (from GET's ETag or `version`). If someone saved in between you get 412 with the stored text in `details.current`: nothing is lost; merge and save again with the new version. Signed-off answers are locked (409). Council read and write keys only.",
    security,
    request: {
      params: z.object({ consultationId, questionId }),
      headers: z.object({ "If-Match": z.string().meta({ description: "The version you edited, e.g. \"3\"", example: '"3"' }) }),
      body: { required: true, content: json(putDraftAnswerSchema, { text: "The council supports the proposal.", status: "ready_for_review" }) },
    },
    responses: {
      200: { description: "Saved; the new version is in the body and the ETag", headers: z.object({ ETag: z.string() }), content: json(draftAnswerSchema) },
      ...errorRefs(400, 401, 403, 404, 409, 412, 413, 422, 428, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/export.csv",
    operationId: "exportResponsesCsv",
    tags: ["Responses"],
    summary: "All submitted responses as CSV, streamed",
    description: "`shape=wide` (default): one row per response, a column per question. `shape=long`: one row per answer. UTF-8 with a byte-order mark; records end with LF, and fields with commas, quotes or line breaks are quoted. A cell a spreadsheet would run as a formula (starting with =, +, -, @ or their full-width forms, also after leading spaces, or with a tab or carriage return; other than a plain number) starts with an apostrophe, and bidirectional control characters (U+202A–U+202E, U+2066–U+2069) are removed. A partner organisation's key gets only its own response.",
    security,
    request: {
      params: z.object({ consultationId }),
      query: exportCsvQuerySchema,
    },
    responses: {
      200: { description: "The CSV", content: { "text/csv": { schema: z.string() } } },
      ...errorRefs(400, 401, 403, 404, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    tags: ["About the API"],
    summary: "This document",
    description: "No key needed.",
    security: [],
    responses: { 200: { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: z.object({ openapi: z.string() }).loose() } } } },
  });
  const planId = z.uuid().meta({ description: "The action plan's id" });
  const periodId = z.uuid().meta({ description: "The reporting period's id" });
  r.registerPath({
    method: "get",
    path: "/action-plans",
    operationId: "listActionPlans",
    tags: ["Action plans"],
    summary: "List action plans",
    description: "A council's key sees its council's action plans with their reporting periods; a partner's key sees none.",
    security,
    responses: { 200: { description: "The plans", content: json(apiPlanListSchema) }, ...errorRefs(401, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/action-plans/{planId}/periods/{periodId}/report",
    operationId: "getActionPlanReport",
    tags: ["Action plans"],
    summary: "A period's action-plan report",
    description: "Summary counts, exceptions and every indicator and milestone with its RAG and direction of travel, from the submitted returns. Council keys only.",
    security,
    request: { params: z.object({ planId, periodId }) },
    responses: { 200: { description: "The report", content: json(apiReportSchema) }, ...errorRefs(401, 403, 404, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/action-plans/{planId}/periods/{periodId}/returns",
    operationId: "postActionPlanReturn",
    tags: ["Action plans"],
    summary: "Post your organisation's return for a period",
    description:
      "For the key's own organisation: each item (named by its reference) is stated as given; `submit` submits or amends the return. Only what the organisation owns may be posted. Send an `Idempotency-Key` to retry safely. Needs a partner's read and write key.",
    security,
    request: {
      params: z.object({ planId, periodId }),
      headers: z.object({ "Idempotency-Key": z.string().optional() }),
      body: { required: true, content: json(apiReturnBodySchema, { items: [{ ref: "1.3", status: "in_progress", rag: "amber", commentary: "Commitment secured from five of seven members." }, { ref: "LI 2.1", actual: 29.4 }], submit: true }) },
    },
    responses: { 200: { description: "Saved (and submitted when asked)", content: json(apiReturnResultSchema) }, ...errorRefs(400, 401, 403, 404, 409, 413, 422, 429) },
  });
  const documentId = z.uuid().meta({ description: "The document's id" });
  r.registerPath({
    method: "get",
    path: "/consultations/{consultationId}/documents",
    operationId: "listDocuments",
    tags: ["Draft documents"],
    summary: "A consultation's draft documents",
    description: "Each document with its versions (one per stage). Any key may read the published versions of a consultation that is not a draft; the council's officers also see unpublished ones.",
    security,
    request: { params: z.object({ consultationId: z.uuid().meta({ description: "The consultation's id" }) }) },
    responses: { 200: { description: "The documents", content: json(apiDocumentListSchema) }, ...errorRefs(401, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/documents/{documentId}/versions/{version}",
    operationId: "getDocumentVersion",
    tags: ["Draft documents"],
    summary: "A version's sections and numbered paragraphs",
    description: "`version` is a number, or `latest` for the newest published version. Paragraph anchors stay the same across versions for the same paragraph. `commenting` says whether the version takes comments now.",
    security,
    request: { params: z.object({ documentId, version: z.string().meta({ description: "A version number, or latest", example: "latest" }) }) },
    responses: { 200: { description: "The version", content: json(apiDocumentVersionSchema) }, ...errorRefs(401, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/documents/{documentId}/comments",
    operationId: "listDocumentComments",
    tags: ["Draft documents"],
    summary: "Comments on a version",
    description: "A council key (officer, signatory or scrutiny) gets every organisation's submitted comments with the council's answers; a partner organisation's key gets its own organisation's comments, drafts and submitted. `version` defaults to the newest published one.",
    security,
    request: { params: z.object({ documentId }), query: z.object({ version: z.string().optional().meta({ description: "A version number" }) }) },
    responses: { 200: { description: "The comments", content: json(apiDocumentCommentListSchema) }, ...errorRefs(400, 401, 403, 404, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/documents/{documentId}/comments",
    operationId: "postDocumentComment",
    tags: ["Draft documents"],
    summary: "Comment on a paragraph for your organisation",
    description:
      "For the key's own organisation, on the version open for comment: the comment is saved as the organisation's draft (colleagues see it in the app); `submit` then submits every draft as the organisation's representation and returns its reference. Refused (409) when comments are closed. Send an `Idempotency-Key` to retry safely. Needs a partner's read and write key of an invited organisation.",
    security,
    request: {
      params: z.object({ documentId }),
      headers: z.object({ "Idempotency-Key": z.string().optional() }),
      body: { required: true, content: json(apiPostCommentSchema, { paragraph: "4.3", stance: "object", text: "Anti-social behaviour needs a named lead.", proposedChange: "Safer communities: led by the community safety partnerships.", submit: false }) },
    },
    responses: { 201: { description: "The comment saved (and the representation, when submitted)", content: json(apiPostCommentResultSchema) }, ...errorRefs(400, 401, 403, 404, 409, 413, 422, 429) },
  });
  const slug = z.string().meta({ description: "The consultation's slug, as in its public page's address" });
  const openData = (path: string, operationId: string, summary: string, description: string, content: ReturnType<typeof json> | { "text/csv": { schema: z.ZodString } }, query?: z.ZodObject) =>
    r.registerPath({
      method: "get",
      path,
      operationId,
      tags: ["Open data"],
      summary,
      description: `${description} No key needed; each client address may make 60 requests a minute (429 with Retry-After beyond it).`,
      security: [],
      request: { params: z.object({ slug }), ...(query ? { query } : {}) },
      responses: { 200: { description: summary, content }, ...errorRefs(400, 404, 429) },
    });
  openData(
    "/public/consultations/{slug}/responses",
    "listPublishedResponses",
    "Published responses",
    "Responses whose authors agreed to publication, as moderated: closed answers as chosen, free text once approved with redactions applied. Paged by public reference (`after`), searchable (`q`, in the published text only). 404 while the consultation does not publish.",
    json(openDataResponsesSchema),
    openDataResponsesQuery,
  );
  openData("/public/consultations/{slug}/responses.csv", "publishedResponsesCsv", "Published responses as CSV", "The same as the JSON, one row per answer; cells a spreadsheet would run as formulas are defused.", { "text/csv": { schema: z.string() } });
  openData("/public/consultations/{slug}/counts", "publishedCounts", "Counts per closed question", "Per closed question, how many published responses chose each option.", json(openDataCountsSchema));
  openData("/public/consultations/{slug}/outcome", "publishedOutcome", "We asked, you said, we did", "The published outcome of a closed consultation, with the number of responses by respondent type.", json(openDataOutcomeSchema));
  return r;
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument(serverUrl = "/api/v1") {
  if (cached && cached.servers?.[0]?.url === serverUrl) return cached;
  const generator = new OpenApiGeneratorV31(buildRegistry().definitions);
  cached = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Council consultations API",
      version: API_VERSION,
      description:
        "Read consultations and partner responses, submit responses, and work on the council's draft answers. " +
        "JSON in and out. Every error is `{ \"error\": { \"code\", \"message\", \"details\" } }`. " +
        "Each key is limited to a number of requests per minute (429 with Retry-After beyond it).",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Consultations" },
      { name: "Question sets" },
      { name: "Responses" },
      { name: "Council's answers" },
      { name: "Action plans" },
      { name: "Draft documents" },
      { name: "Open data" },
      { name: "About the API" },
    ],
  });
  return cached;
}

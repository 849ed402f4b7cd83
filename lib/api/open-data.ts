// The open-data endpoints (/api/v1/public/...): published responses, counts and outcomes read
// without a key. Each client address is limited (LIMITS.openDataPerClient, counted in Postgres
// so all instances share it); over it the answer is 429 with Retry-After. Errors leave as the
// API's JSON errors. What they return comes from lib/public, which holds only what is published.
import { z } from "zod";
import type { Db } from "../../db/client";
import { getDb } from "../../db/client";
import { clientAddress } from "../auth/request-origin";
import { openDataCounts, openDataCsv, openDataOutcome, openDataResponses } from "../public/open-data";
import { getPublishingConsultation } from "../public/publication";
import { getConsultationBySlug } from "../consultations/queries";
import { hit, LIMITS } from "../rate-limit";
import { ApiError, errorResponse } from "./errors";
import { json, readQuery } from "./http";
import { countedRoute } from "../metrics";

export const openDataResponsesQuery = z.object({
  q: z.string().trim().max(200).optional(),
  after: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, "after is the publicReference of the last response of the page before").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

const consultationRef = z.object({ slug: z.string(), title: z.string(), status: z.string().optional() });
export const publishedResponseSchema = z
  .object({
    publicReference: z.string().meta({ description: "The response's public reference (never the respondent's private receipt reference)" }),
    submittedOn: z.string().nullable().meta({ description: "YYYY-MM-DD" }),
    name: z.string().meta({ description: "The respondent's name or organisation when they chose to be named; otherwise Anonymous" }),
    respondentType: z.string(),
    answers: z.array(
      z.object({
        questionId: z.uuid(),
        number: z.string(),
        question: z.string(),
        answer: z.string().meta({ description: "The chosen option(s) of a closed question; empty for a text question" }),
        text: z.string().nullable().meta({ description: "Moderated free text with redactions shown as [redacted]; null until approved" }),
      }),
    ),
  })
  .meta({ id: "PublishedResponse" });
export const openDataResponsesSchema = z.object({
  consultation: consultationRef,
  licence: z.string(),
  total: z.number().int(),
  next: z.string().nullable().meta({ description: "Pass as `after` for the next page; null on the last" }),
  responses: z.array(publishedResponseSchema),
});
export const openDataCountsSchema = z.object({
  consultation: consultationRef,
  licence: z.string(),
  responses: z.number().int(),
  questions: z.array(
    z.object({ questionId: z.uuid(), number: z.string(), question: z.string(), type: z.string(), answered: z.number().int(), counts: z.array(z.object({ option: z.string(), count: z.number().int() })) }),
  ),
  themes: z
    .array(
      z.object({
        questionId: z.uuid(),
        number: z.string(),
        question: z.string(),
        answered: z.number().int().meta({ description: "Respondents whose answer to the question is published" }),
        themes: z.array(z.object({ themeId: z.uuid(), theme: z.string(), respondents: z.number().int() })),
      }),
    )
    .meta({
      description:
        "The themes the council confirmed in the answers to free-text questions, each with the number of respondents whose published answer carries it. Only published answers count; a theme found only in unpublished answers is not listed.",
    }),
});
export const openDataOutcomeSchema = z.object({
  consultation: consultationRef,
  weAsked: z.string(),
  youSaid: z.string(),
  weDid: z.string(),
  outcomeDate: z.string().nullable(),
  publishedAt: z.string().nullable(),
  respondents: z.array(z.object({ type: z.string(), count: z.number().int() })),
});

const slugOf = (slug: string | undefined) => {
  if (!slug || !/^[a-z0-9-]{1,200}$/i.test(slug)) throw new ApiError("not_found", "Consultation was not found");
  return slug;
};

type Ctx = { req: Request; db: Db; slug: string };

function openDataRoute(run: (ctx: Ctx) => Promise<Response>) {
  return countedRoute<{ slug: string }>(async (req, params) => {
    try {
      const db = await getDb();
      const decision = await hit(db, LIMITS.openDataPerClient, clientAddress(req.headers));
      if (!decision.allowed) {
        throw new ApiError("rate_limited", "Too many requests from your address; try again shortly", undefined, { "Retry-After": String(decision.retryAfterSeconds) });
      }
      return await run({ req, db, slug: slugOf(params.slug) });
    } catch (e) {
      return errorResponse(e);
    }
  });
}

const CORS = { "Access-Control-Allow-Origin": "*" };
const notPublished = () => new ApiError("not_found", "This consultation does not publish its responses, or not yet");

export const getOpenDataResponses = openDataRoute(async ({ req, db, slug }) => {
  const query = readQuery(req, openDataResponsesQuery);
  const data = await openDataResponses(db, slug, query);
  if (!data) throw notPublished();
  return json(data, { headers: CORS });
});

export const getOpenDataCounts = openDataRoute(async ({ db, slug }) => {
  const data = await openDataCounts(db, slug);
  if (!data) throw notPublished();
  return json(data, { headers: CORS });
});

export const getOpenDataOutcome = openDataRoute(async ({ db, slug }) => {
  const c = await getConsultationBySlug(db, slug);
  const data = c && c.status !== "draft" ? await openDataOutcome(db, c.id) : null;
  if (!c || !data) throw new ApiError("not_found", "No outcome is published for this consultation");
  return json({ consultation: { slug: c.slug, title: c.title }, ...data }, { headers: CORS });
});

export const getOpenDataCsv = openDataRoute(async ({ db, slug }) => {
  const c = await getPublishingConsultation(db, slug);
  if (!c) throw notPublished();
  const lines = openDataCsv(db, c.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${c.slug}-published-responses.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...CORS,
    },
  });
});

// Open data: the published responses, counts and outcome of a consultation, as JSON and CSV,
// read without a key (the route limits each client address). Built only from lib/public/publication
// and the published outcome, so it can never hold more than the public pages show.
import { readTogether, type Db } from "../../db/client";
import { csvRow } from "../exports/csv";
import { getPublishedOutcome, respondentCounts } from "./outcomes";
import { getPublishingConsultation, listPublishedResponses, listPublishedResponsesOf, publishedCountsOf, type PublishedResponse } from "./publication";
import { keptPublishedThemes } from "./themes";

export const OPEN_DATA_LICENCE = "Open Government Licence v3.0";

export async function openDataResponses(db: Db, slug: string, input: { q?: string; after?: string; limit?: number }) {
  const c = await getPublishingConsultation(db, slug);
  if (!c) return null;
  const page = await listPublishedResponsesOf(db, c, { q: input.q, after: input.after, limit: input.limit ?? 100 });
  return { consultation: { slug: c.slug, title: c.title, status: c.status }, licence: OPEN_DATA_LICENCE, total: page.total, next: page.next, responses: page.items };
}

export async function openDataCounts(db: Db, slug: string) {
  const c = await getPublishingConsultation(db, slug);
  if (!c) return null;
  const [counts, themes] = await readTogether(db, [() => publishedCountsOf(db, c), () => keptPublishedThemes(db, c.id)]);
  return { consultation: { slug: c.slug, title: c.title, status: c.status }, licence: OPEN_DATA_LICENCE, responses: counts.responses, questions: counts.questions, themes };
}

/** The published outcome of a consultation by slug (null unless published and closed). */
export async function openDataOutcome(db: Db, consultationId: string) {
  const o = await getPublishedOutcome(db, consultationId);
  if (!o) return null;
  return {
    weAsked: o.weAsked,
    youSaid: o.youSaid,
    weDid: o.weDid,
    outcomeDate: o.outcomeDate,
    publishedAt: o.publishedAt?.toISOString() ?? null,
    respondents: (await respondentCounts(db, consultationId)).map(({ label, count }) => ({ type: label, count })),
  };
}

const CSV_HEADER = ["Public reference", "Submitted on", "Name", "Respondent type", "Question number", "Question", "Answer", "Comment"];

function csvLines(r: PublishedResponse): string[] {
  return r.answers.map((a) => csvRow([r.publicReference, r.submittedOn ?? "", r.name, r.respondentType, a.number, a.question, a.answer, a.text ?? ""]));
}

/**
 * All published responses as CSV, one row per answer, paged through by keyset so memory stays
 * flat; every cell is formula-guarded (lib/exports/csv).
 */
export async function* openDataCsv(db: Db, consultationId: string): AsyncGenerator<string> {
  yield csvRow(CSV_HEADER);
  let after: string | undefined;
  for (;;) {
    const page = await listPublishedResponses(db, { consultationId, after, limit: 100 });
    for (const r of page.items) for (const line of csvLines(r)) yield line;
    if (!page.next) return;
    after = page.next;
  }
}

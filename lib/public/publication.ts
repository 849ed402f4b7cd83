// What the public may read of a consultation's responses, and nothing more: responses submitted
// with consent to publish (named or anonymous), under their public reference; closed answers as
// chosen; free-text answers only as an officer approved them, redactions applied, and only while
// the text approved is still the answer's text. Pages, open data and the API all read these.
import { and, asc, eq, exists, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  answerModerations,
  answers,
  publishedCounts as keptCounts,
  consultations,
  organisations,
  questions,
  responses,
  sections,
  type Consultation,
} from "../../db/schema";
import { label } from "../format";
import { ukDate } from "../consultations/dates";
import { selectJson, uuidArray, type Json } from "../sql";
import { responsesPublishableNow } from "./consent";
import { consentedSql, freeTextSql } from "./moderation";

/** The rows of a raw statement, on node-postgres and PGlite alike. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

type PublishSettings = Pick<Consultation, "status" | "publishResponses" | "closesAt">;

/** Whether the consultation's responses are public now: as the officer chose, while open or once closed (lib/public/consent). */
export function responsesArePublic(c: PublishSettings, now = new Date()): boolean {
  return responsesPublishableNow(c, now);
}

/** A consultation by its slug, when its responses are public; null otherwise (the page is then 404). */
export async function getPublishingConsultation(db: Db, slug: string) {
  const [c] = await db.select().from(consultations).where(eq(consultations.slug, slug));
  return c && responsesArePublic(c) ? c : null;
}

/** Approved text that is still the answer's text: the one condition a free-text answer is shown on (the themes' counts too). */
export const approvedNow = and(eq(answerModerations.state, "approved"), sql`${answerModerations.moderatedText} = ${freeTextSql}`)!;

export type PublishedAnswer = { questionId: string; number: string; question: string; answer: string; text: string | null };
export type PublishedResponse = {
  publicReference: string;
  submittedOn: string | null;
  name: string;
  respondentType: string;
  answers: PublishedAnswer[];
};

export const PUBLIC_PAGE_SIZE = 20;
/** A search matching at most this many approved answers pages through its matches by id; more, through the list in order. */
const FEW_MATCHES = 1000;

/** A page of published responses, the reference after which the next starts, and how many there are. */
export type PublishedPage = { items: PublishedResponse[]; next: string | null; total: number; totalIsAtLeast: boolean };
type ListInput = {
  q?: string;
  after?: string;
  limit?: number;
  /** Count a search's matches only up to this many (a page's "more than 1,000"); exact when unset. */
  countUpTo?: number;
};

/**
 * A page of the published responses in public-reference order, paged by keyset (`after` is the
 * last reference of the page before). `q` searches the published text only (its words, stemmed,
 * in websearch syntax, through answer_moderations_search_idx), so a redacted word never finds a
 * response.
 */
export async function listPublishedResponses(db: Db, input: ListInput & { consultationId: string }): Promise<PublishedPage> {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, input.consultationId));
  return listPublishedResponsesOf(db, c ?? null, input);
}

/** listPublishedResponses for a consultation already read (the page's, by its slug): one read fewer. */
export async function listPublishedResponsesOf(db: Db, c: (PublishSettings & { id: string }) | null, input: ListInput): Promise<PublishedPage> {
  const limit = Math.min(Math.max(input.limit ?? PUBLIC_PAGE_SIZE, 1), 100);
  if (!c || !responsesArePublic(c)) return { items: [], next: null, total: 0, totalIsAtLeast: false };
  const base = [eq(responses.consultationId, c.id), consentedSql(), sql`${responses.publicReference} is not null`];
  const q = input.q?.trim();
  /** Without a search, the total is read in the page's own statement. */
  let total: SQL | number;
  let totalIsAtLeast = false;
  if (!q) {
    // Kept by triggers (published_counts, migration 0020): the listed responses, without counting them.
    total = sql`(select coalesce(sum(${keptCounts.n}), 0)::int from ${keptCounts}
      where ${and(eq(keptCounts.consultationId, c.id), isNull(keptCounts.questionId), eq(keptCounts.option, "listed"))})`;
  } else {
    const matching = and(
      eq(answerModerations.consultationId, c.id),
      eq(answerModerations.state, "approved"),
      sql`${answerModerations.publishedSearch} @@ websearch_to_tsquery('simple', ${q})`,
    );
    // First the matches straight from the search index (answer_moderations_search_idx) among the
    // listed responses, stopping after a few: a rare word's responses are then paged and counted
    // among themselves, and a common word's are known to be more than a page counts. The listed
    // responses only, whatever moderation rows were left behind: a count must not tell of
    // responses the public may not read.
    const hits = await db
      .select({ id: answerModerations.responseId })
      .from(answerModerations)
      .innerJoin(responses, eq(responses.id, answerModerations.responseId))
      .where(and(matching, ...base))
      .limit(FEW_MATCHES + 1);
    const found = [...new Set(hits.map((h) => h.id))];
    if (hits.length <= FEW_MATCHES) {
      if (!found.length) return { items: [], next: null, total: 0, totalIsAtLeast: false };
      base.push(sql`${responses.id} = any(${uuidArray(found)})`);
      total = found.length;
    } else {
      // A common word: walking the list in public-reference order finds a page's matches at once.
      base.push(exists(db.select({ one: sql`1` }).from(answerModerations).where(and(eq(answerModerations.responseId, responses.id), matching))));
      if (input.countUpTo && found.length > input.countUpTo) {
        // More listed responses than counted have matching answers: no need to walk the list.
        total = input.countUpTo;
        totalIsAtLeast = true;
      } else if (input.countUpTo) {
        // Counting every match would cost as much as reading them all.
        const upTo = input.countUpTo;
        const matches = db.select({ one: sql`1`.as("one") }).from(responses).where(and(...base)).limit(upTo + 1).as("matches");
        const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(matches)) as [{ n: number }];
        total = Math.min(n, upTo);
        totalIsAtLeast = n > upTo;
      } else {
        total = sql`(select count(*)::int from ${responses} where ${and(...base)})`;
      }
    }
  }
  // The page and each response's answers in one statement (a JSON document), the total beside them.
  const answersOf = sql`(select coalesce(json_agg(json_build_object(
        'questionId', ${questions.id}, 'number', ${questions.number}, 'question', ${questions.text}, 'type', ${questions.type},
        'options', ${questions.options}, 'value', ${answers.value}, 'text', case when ${approvedNow} then ${answerModerations.publishedText} end
      ) order by ${sections.position}, ${questions.position}), '[]')
    from ${answers}
    join ${questions} on ${questions.id} = ${answers.questionId}
    join ${sections} on ${sections.id} = ${questions.sectionId}
    left join ${answerModerations} on ${answerModerations.responseId} = ${answers.responseId} and ${answerModerations.questionId} = ${answers.questionId}
    where ${answers.responseId} = ${responses.id})`;
  const pageSql = sql`select ${responses.publicReference} as "publicReference", ${responses.submittedAt} as "submittedAt",
      ${responses.publishConsent} as consent, ${responses.respondentUserId} is not null as "isPublic", ${responses.publishedName} as "publishedName",
      ${organisations.name} as "organisationName", ${organisations.type} as "organisationType", ${answersOf} as answers
    from ${responses} join ${organisations} on ${organisations.id} = ${responses.organisationId}
    where ${and(...base, input.after ? gt(responses.publicReference, input.after) : undefined)}
    order by ${responses.publicReference} limit ${limit + 1}`;
  const data = await selectJson<{ total: number; rows: Json<PageRow, "submittedAt">[] }>(
    db,
    sql`json_build_object('total', ${total}::int, 'rows', coalesce((select json_agg(p order by p."publicReference") from (${pageSql}) p), '[]'))`,
  );
  const page = data!.rows;
  const shown = page.slice(0, limit);
  const items = shown.map((r): PublishedResponse => {
    const named = r.consent === "named";
    const name = !named ? "Anonymous" : r.isPublic ? r.publishedName?.trim() || "Anonymous" : r.organisationName;
    const respondentType = r.isPublic ? "Member of the public" : named ? label(r.organisationType) : "Organisation";
    const published: PublishedAnswer[] = [];
    for (const a of r.answers) {
      const answer = closedPart(a.type, a.options, a.value);
      if (!answer && !a.text) continue;
      published.push({ questionId: a.questionId, number: a.number, question: a.question, answer, text: a.text });
    }
    return {
      publicReference: r.publicReference,
      // The day in the UK (a response sent at 00:30 BST was sent that day, not the day before).
      submittedOn: ukDate(r.submittedAt) ?? null,
      name,
      respondentType,
      answers: published,
    };
  });
  return { items, next: page.length > limit ? shown[shown.length - 1]!.publicReference : null, total: data!.total, totalIsAtLeast };
}

/** A row of the page's statement: the response, its organisation and its answers (text only where approved now). */
type PageRow = {
  publicReference: string;
  submittedAt: Date | null;
  consent: string | null;
  isPublic: boolean;
  publishedName: string | null;
  organisationName: string;
  organisationType: string;
  answers: { questionId: string; number: string; question: string; type: string; options: string[]; value: unknown; text: string | null }[];
};

const OTHER = "Other (not published)";

/**
 * The chosen part of an answer, as the public may read it: only options the question offered
 * (a value outside them may be free text an API client sent, so it reads "Other"), a yes/no's
 * answer and a RAG status without their explanation, a number or a date. Empty for text answers.
 */
export function closedPart(type: string, options: readonly string[], value: unknown): string {
  const pick = (v: unknown) => (typeof v === "string" && options.includes(v) ? v : OTHER);
  switch (type) {
    case "single_choice":
    case "agreement_scale":
      return pick(value);
    case "multiple_choice":
      return Array.isArray(value) ? value.map(pick).join("; ") : "";
    case "ranking":
      return Array.isArray(value) ? value.map((v, i) => `${i + 1}. ${pick(v)}`).join("; ") : "";
    case "yes_no": {
      const v = (value as { answer?: unknown } | null)?.answer;
      return v === "Yes" || v === "No" ? v : "";
    }
    case "rag_status": {
      const v = (value as { status?: unknown } | null)?.status;
      return v === "Red" || v === "Amber" || v === "Green" ? v : "";
    }
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
    default:
      return "";
  }
}

export type QuestionCounts = {
  questionId: string;
  number: string;
  question: string;
  type: string;
  /** Each option in the question's order, then any other value given, with its count. */
  counts: { option: string; count: number }[];
  answered: number;
};

/**
 * For each closed question, how many published responses chose each option (a ranking counts
 * first preferences; a multiple choice counts each option ticked). Only consenting, submitted
 * responses count, the same ones the response pages list.
 */
export async function publishedCounts(db: Db, consultationId: string): Promise<PublishedCounts> {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, consultationId));
  return publishedCountsOf(db, c ?? null);
}

export type PublishedCounts = { questions: QuestionCounts[]; responses: number };

/** publishedCounts for a consultation already read (the page's, by its slug): one read fewer. */
export async function publishedCountsOf(db: Db, c: (PublishSettings & { id: string }) | null): Promise<PublishedCounts> {
  if (!c || !responsesArePublic(c)) return { questions: [], responses: 0 };
  const qs = await db
    .select({ id: questions.id, number: questions.number, text: questions.text, type: questions.type, options: questions.options })
    .from(questions)
    .innerJoin(sections, eq(sections.id, questions.sectionId))
    .where(and(eq(questions.consultationId, c.id), inArray(questions.type, ["single_choice", "multiple_choice", "agreement_scale", "yes_no", "rag_status", "ranking"])))
    .orderBy(asc(sections.position), asc(questions.position));
  // Kept exact by triggers (published_counts, migration 0020): a few rows whatever the number of responses.
  const kept = await db
    .select({ questionId: keptCounts.questionId, option: keptCounts.option, n: sql<number>`sum(${keptCounts.n})::int` })
    .from(keptCounts)
    .where(eq(keptCounts.consultationId, c.id))
    .groupBy(keptCounts.questionId, keptCounts.option);
  const rows = kept.filter((r) => r.questionId !== null && r.option !== null && r.n !== 0).map((r) => ({ question_id: r.questionId!, option: r.option!, n: r.n }));
  const answered = kept.filter((r) => r.questionId !== null && r.option === null).map((r) => ({ question_id: r.questionId!, n: r.n }));
  const total = kept.find((r) => r.questionId === null && r.option === null)?.n ?? 0;
  const result = qs.map((q): QuestionCounts => {
    const mine = rows.filter((r) => r.question_id === q.id);
    const options = q.type === "yes_no" ? ["Yes", "No"] : q.type === "rag_status" ? ["Red", "Amber", "Green"] : q.options;
    const counts = options.map((option) => ({ option, count: mine.find((r) => r.option === option)?.n ?? 0 }));
    // A value outside the options may be typed text: counted, never named.
    const other = mine.filter((r) => !options.includes(r.option)).reduce((n, r) => n + r.n, 0);
    if (other) counts.push({ option: OTHER, count: other });
    return { questionId: q.id, number: q.number, question: q.text, type: q.type, counts, answered: answered.find((r) => r.question_id === q.id)?.n ?? 0 };
  });
  return { questions: result, responses: total };
}

/** Consultations whose responses are public now, for the hub's list. */
export async function listPublishingConsultations(db: Db) {
  const all = await db
    .select({ id: consultations.id, slug: consultations.slug, title: consultations.title, status: consultations.status, publishResponses: consultations.publishResponses, closesAt: consultations.closesAt })
    .from(consultations)
    .where(inArray(consultations.publishResponses, ["while_open", "after_close"]))
    .orderBy(asc(consultations.title));
  return all.filter((c) => responsesArePublic(c));
}

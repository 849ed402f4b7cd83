// The collated report for the committee as a document model: per chapter, sub-heading and
// question, a summary of partner views (counts, then the answers), the council's draft answer
// and the comment threads; then the committee's resolutions. Drawn from lib/review's
// getReviewReport, the same read the review page uses.
import { readTogether, rowsOf, type Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { label } from "../format";
import { getReviewReport, type CommentThread } from "../review/queries";
import { themeQuotesFor } from "../analysis/queries";
import { sql } from "drizzle-orm";
import { groupBySubheading, loadConsultationForExport } from "./council-response";

/** Partner answers printed per question; the report says how many more there are. */
export const REPORT_PARTNER_ANSWERS = 50;

export type ReportQuestion = {
  number: string;
  question: string;
  partnerCount: number;
  counts: { option: string; count: number; percent: number }[] | null;
  countLabel: string | null;
  views: { organisation: string; organisationType: string; answer: string }[];
  /** The question's codeframe (lib/analysis): themes with counts and representative quotes, most raised first. */
  themes: { name: string; answers: number; respondents: number; quotes: { organisation: string; organisationType: string; text: string }[] }[];
  draft: { text: string; status: string } | null;
  threads: CommentThread[];
};

export type CollatedReportDoc = {
  consultationId: string;
  slug: string;
  title: string;
  councilName: string;
  askedBy: string | null;
  responseDeadline: string | null;
  signedOff: boolean;
  chapters: { title: string; groups: { subheading: string | null; questions: ReportQuestion[] }[] }[];
  resolutions: { meetingDate: string; committee: string; text: string; recordedByName: string | null }[];
  openThreads: number;
  generatedAt: Date;
};

export async function loadCollatedReport(db: Db, consultationId: string, actor: Actor, now = new Date()): Promise<CollatedReportDoc> {
  const report = await getReviewReport(db, { consultationId, answersPerQuestion: REPORT_PARTNER_ANSWERS }, actor);
  const { consultation: c, councilName } = await loadConsultationForExport(db, consultationId);
  // Themes only for the questions that have a codeframe (one read each; most have none).
  const withThemes = await rowsOf<{ id: string }>(db, sql`select distinct question_id as id from themes where consultation_id = ${c.id}`);
  const themesOf = new Map(
    await readTogether(
      db,
      withThemes.map(({ id }) => async () => {
        const list = await themeQuotesFor(db, c.id, id, 2, 400);
        return [id, list.filter((t) => t.answers > 0).map((t) => ({ name: t.name, answers: t.answers, respondents: t.respondents, quotes: t.quotes.map((x) => ({ organisation: x.organisationName, organisationType: label(x.organisationType), text: x.text })) }))] as const;
      }),
    ),
  );
  return {
    consultationId: c.id,
    slug: c.slug,
    title: c.title,
    councilName,
    askedBy: c.askedBy,
    responseDeadline: c.responseDeadline,
    signedOff: c.answerSetStatus === "signed_off",
    chapters: report.chapters.map((ch) => ({
      title: ch.title,
      groups: groupBySubheading(ch.questions).map((g) => ({
        subheading: g.subheading,
        questions: g.items.map((q) => ({
          number: q.number,
          question: q.text,
          partnerCount: q.partnerCount,
          counts: q.summary?.options?.map((o) => ({ option: o.option, count: o.count, percent: o.percent })) ?? null,
          countLabel: q.summary?.countLabel ?? null,
          views: q.partnerAnswers.map((a) => ({ organisation: a.organisationName, organisationType: label(a.organisationType), answer: a.valueText })),
          themes: themesOf.get(q.id) ?? [],
          draft: c.kind === "consultation_to_answer" && q.draft ? { text: q.draft.text, status: label(q.draft.status) } : null,
          threads: q.threads,
        })),
      })),
    })),
    resolutions: report.resolutions.map((r) => ({ meetingDate: r.meetingDate, committee: r.committee, text: r.text, recordedByName: r.recordedByName })),
    openThreads: report.commentCounts.open,
    generatedAt: now,
  };
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AnswerSummary } from "@/components/response/answer-summary";
import { formatDateTime } from "@/lib/format";
import { listSubmissions } from "@/lib/responses/queries";
import { answerSummary } from "@/lib/responses/rules";
import { loadRespondPage, type RespondSearch } from "../../load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "What your organisation submitted" };

type Props = { params: Promise<{ slug: string }>; searchParams: RespondSearch };

export default async function SubmittedPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const search = await searchParams;
  const { db, ctx, href } = await loadRespondPage(slug, search, `/respond/${slug}/submitted`);
  const history = ctx.response ? await listSubmissions(db, ctx.response.id) : [];
  if (!history.length) notFound();
  const wanted = typeof search.version === "string" ? Number(search.version) : history[0]!.revision;
  const shown = history.find((h) => h.revision === wanted);
  if (!shown) notFound();
  const summary = answerSummary(ctx.chapters, new Map(Object.entries(shown.answers as Record<string, unknown>)), { answeredOnly: true });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link href={href()} className="govuk-back-link">
          Back to your response
        </Link>
        <span className="govuk-caption-l">{ctx.consultation.title}</span>
        <h1 className="govuk-heading-l">What {ctx.organisation.name} submitted</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reference</dt>
            <dd className="govuk-summary-list__value">{ctx.response?.reference}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Version</dt>
            <dd className="govuk-summary-list__value">
              {shown.revision === 1 ? "Original response" : `Amendment ${shown.revision - 1}`}
              {shown.revision === history[0]!.revision ? " (latest)" : ""}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Submitted</dt>
            <dd className="govuk-summary-list__value">
              {formatDateTime(shown.submittedAt)}
              {shown.submittedByName ? ` by ${shown.submittedByName}` : ""}
            </dd>
          </div>
        </dl>
        {history.length > 1 && (
          <nav aria-label="Versions" className="govuk-!-margin-bottom-6">
            <p className="govuk-body govuk-!-margin-bottom-1">Other versions:</p>
            <ul className="govuk-list">
              {history
                .filter((h) => h.revision !== shown.revision)
                .map((h) => (
                  <li key={h.revision}>
                    <Link className="govuk-link" href={href("/submitted", { version: String(h.revision) })}>
                      {h.revision === 1 ? "Original response" : `Amendment ${h.revision - 1}`}, {formatDateTime(h.submittedAt)}
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
        )}
        <AnswerSummary summary={summary} chapterCount={ctx.chapters.length} />
      </div>
    </div>
  );
}

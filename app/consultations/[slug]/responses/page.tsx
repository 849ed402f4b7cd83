import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { formatDate } from "@/lib/format";
import { getPublishingConsultation, listPublishedResponsesOf } from "@/lib/public/publication";
import { publicListSchema } from "@/lib/public/publication-schemas";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Published responses" };

/** A search's matches are counted up to this many ("more than 1,000"), so a common word stays cheap. */
const SEARCH_COUNT_UP_TO = 1000;

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ q?: string; after?: string }> };

export default async function PublishedResponsesPage({ params, searchParams }: Props) {
  const db = await getDb();
  const c = await getPublishingConsultation(db, (await params).slug);
  if (!c) notFound();
  const { q, after } = publicListSchema.parse(await searchParams);
  const page = await listPublishedResponsesOf(db, c, { q, after, countUpTo: SEARCH_COUNT_UP_TO });
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(q ? { q } : {}), ...extra }).toString();
  return (
    <>
      <Link href={`/consultations/${c.slug}`} className="govuk-back-link">
        {c.title}
      </Link>
      <span className="govuk-caption-l">{c.title}</span>
      <h1 className="govuk-heading-xl">Published responses</h1>
      <p className="govuk-body">
        Responses whose authors agreed to publication, after moderation: personal details are removed and marked [redacted]. Answers still being moderated are
        not shown yet. <Link className="govuk-link" href={`/consultations/${c.slug}/results`}>Results of the closed questions</Link>. Open data:{" "}
        <a className="govuk-link" href={`/api/v1/public/consultations/${c.slug}/responses`}>JSON</a>,{" "}
        <a className="govuk-link" href={`/api/v1/public/consultations/${c.slug}/responses.csv`}>CSV</a>.
      </p>
      <form method="get" role="search" aria-label="Published responses" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">
            Search the responses
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Search
        </button>
      </form>
      <p className="govuk-body" role="status" data-testid="published-count">
        {page.totalIsAtLeast ? `More than ${page.total.toLocaleString("en-GB")}` : page.total.toLocaleString("en-GB")} {page.total === 1 ? "response" : "responses"}
        {q ? ` matching “${q}”` : ""}
      </p>
      {page.items.map((r) => (
        <article key={r.publicReference} className="govuk-!-margin-bottom-8" data-testid="published-response" aria-labelledby={`r-${r.publicReference}`}>
          <h2 className="govuk-heading-m govuk-!-margin-bottom-1" id={`r-${r.publicReference}`}>
            Response {r.publicReference}
          </h2>
          <p className="govuk-body-s">
            {r.name} · {r.respondentType}
            {r.submittedOn ? ` · ${formatDate(r.submittedOn)}` : ""}
          </p>
          <dl className="govuk-summary-list">
            {r.answers.map((a) => (
              <div key={a.questionId} className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">
                  {a.number}. {a.question}
                </dt>
                <dd className="govuk-summary-list__value app-pre-wrap">
                  {a.answer && <p className="govuk-body govuk-!-margin-bottom-1">{a.answer}</p>}
                  {a.text && <p className="govuk-body govuk-!-margin-bottom-0">{a.text}</p>}
                </dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
      {(after || page.next) && (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of responses">
          {after && (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" href={`/consultations/${c.slug}/responses?${qs({})}`}>
                <span className="govuk-pagination__link-title">First page</span>
              </Link>
            </div>
          )}
          {page.next && (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" href={`/consultations/${c.slug}/responses?${qs({ after: page.next })}`} rel="next">
                <span className="govuk-pagination__link-title">Next page</span>
              </Link>
            </div>
          )}
        </nav>
      )}
    </>
  );
}

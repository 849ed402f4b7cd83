import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { formatDate } from "@/lib/format";
import { listClosedConsultationsByOutcome, OUTCOME_FILTERS, type OutcomeFilter } from "@/lib/public/outcomes";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outcomes of consultations" };

const TEXT: Record<OutcomeFilter, string> = { all: "All closed", published: "Outcome published", awaiting: "Awaiting the outcome" };

export default async function OutcomesPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  const given = (await searchParams).outcome;
  const filter: OutcomeFilter = OUTCOME_FILTERS.includes(given as OutcomeFilter) ? (given as OutcomeFilter) : "all";
  const rows = await listClosedConsultationsByOutcome(await getDb(), filter);
  return (
    <>
      <h1 className="govuk-heading-xl">We asked, you said, we did</h1>
      <p className="govuk-body-l">Closed consultations and what the council did with what it heard.</p>
      <nav aria-label="Filter by outcome">
        <ul className="govuk-list app-filter-links">
          {OUTCOME_FILTERS.map((f) => (
            <li key={f}>
              <Link className="govuk-link" href={`/consultations/outcomes?outcome=${f}`} aria-current={f === filter ? "page" : undefined}>
                {f === filter ? <strong>{TEXT[f]}</strong> : TEXT[f]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="govuk-body" role="status">
        {plural(rows.length, "consultation")}
      </p>
      <ul className="govuk-list" data-testid="outcome-list">
        {rows.map((c) => (
          <li key={c.id} className="govuk-!-margin-bottom-4">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" href={c.outcomePublished ? `/consultations/${c.slug}/outcome` : `/consultations/${c.slug}`}>
                {c.title}
              </Link>
            </h2>
            <p className="govuk-body-s">
              {c.outcomePublished ? `Outcome published${c.outcomeDate ? `, dated ${formatDate(c.outcomeDate)}` : ""}` : "Awaiting the outcome"}
              {c.closesAt ? ` · closed ${formatDate(c.closesAt)}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

// Pieces of the public pages about a consultation's responses and outcome: the links and the
// outcome's summary on the consultation's page, and a bar chart drawn in HTML (no JavaScript)
// that sits beside the table holding the same figures.
import Link from "next/link";
import { formatDate } from "@/lib/format";

type Outcome = { weDid: string; outcomeDate: string | null } | null;

export function PublicationLinks({ slug, status, responsesPublic, outcome }: { slug: string; status: string; responsesPublic: boolean; outcome: Outcome }) {
  const closed = status === "closed" || status === "archived";
  if (!responsesPublic && !closed) return null;
  return (
    <section aria-labelledby="publication-heading" data-testid="publication-links">
      <h2 className="govuk-heading-m" id="publication-heading">
        {closed ? "What happened next" : "Responses so far"}
      </h2>
      {closed &&
        (outcome ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">
              <strong>We did:</strong> {outcome.weDid.split(/\n{2,}/)[0]!.slice(0, 400)}
              {outcome.weDid.length > 400 ? "…" : ""}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" href={`/consultations/${slug}/outcome`}>
                We asked, you said, we did{outcome.outcomeDate ? ` (${formatDate(outcome.outcomeDate)})` : ""}
              </Link>
            </p>
          </div>
        ) : (
          <p className="govuk-body">The council has not yet published what it did with the responses.</p>
        ))}
      {responsesPublic && (
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" href={`/consultations/${slug}/responses`}>
              Read the published responses
            </Link>
          </li>
          <li>
            <Link className="govuk-link" href={`/consultations/${slug}/results`}>
              Results: counts and themes
            </Link>
          </li>
        </ul>
      )}
    </section>
  );
}

/**
 * Horizontal bars as SVG (its sizes are attributes, which the Content-Security-Policy allows where
 * inline styles are not); the numbers are in the table beside it, so it is hidden from screen readers.
 */
export function BarChart({ rows }: { rows: { option: string; count: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowHeight = 28;
  return (
    <svg aria-hidden="true" focusable="false" className="app-bar-chart" width="100%" height={rows.length * rowHeight} viewBox={`0 0 400 ${rows.length * rowHeight}`} preserveAspectRatio="none">
      {rows.map((r, i) => (
        <g key={r.option}>
          <rect x={0} y={i * rowHeight + 4} width={400} height={20} fill="#f3f2f1" />
          <rect x={0} y={i * rowHeight + 4} width={(r.count / max) * 400} height={20} fill="#1d70b8" />
        </g>
      ))}
    </svg>
  );
}

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
              Results of the closed questions
            </Link>
          </li>
        </ul>
      )}
    </section>
  );
}

/** Horizontal bars; the numbers are in the table beside it, so the chart is hidden from screen readers. */
export function BarChart({ rows }: { rows: { option: string; count: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div aria-hidden="true" className="app-bar-chart">
      {rows.map((r) => (
        <div key={r.option} style={{ display: "flex", alignItems: "center", marginBottom: 6 }}>
          <span className="govuk-body-s govuk-!-margin-bottom-0" style={{ flex: "0 0 40%", paddingRight: 8, overflowWrap: "anywhere" }}>
            {r.option}
          </span>
          <span style={{ flex: "1 1 auto", background: "#f3f2f1" }}>
            <span style={{ display: "block", height: 20, width: `${(r.count / max) * 100}%`, background: "#1d70b8" }} />
          </span>
        </div>
      ))}
    </div>
  );
}

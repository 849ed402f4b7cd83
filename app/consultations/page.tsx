import type { Metadata } from "next";
import "@/components/consultation/consultation.css";
import Link from "next/link";
import { StageTimeline } from "@/components/consultation/stage-timeline";
import { Tag } from "@/components/ui/tag";
import { KeysetPager, withParams } from "@/components/collation/pager";
import { getDb } from "@/db/client";
import { ukDate } from "@/lib/consultations/dates";
import { hubParamsSchema } from "@/lib/consultations/list-params";
import { listPublicConsultations } from "@/lib/consultations/queries";
import { formatDate, label } from "@/lib/format";
import type { SearchParams } from "../_server/page";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Consultations" };
export const dynamic = "force-dynamic";

function daysLeft(closesAt: Date | null, now: Date) {
  if (!closesAt) return null;
  const days = Math.ceil((closesAt.getTime() - now.getTime()) / 86_400_000);
  if (days <= 0) return null;
  return days === 1 ? "closes today" : `${days} days left`;
}

export default async function HubPage({ searchParams }: { searchParams: SearchParams }) {
  // A parameter the form or the pager could not have written is ignored (a bad page link is the first page).
  const { q, status, anyone, after, before } = hubParamsSchema.parse(await searchParams);
  const list = await listPublicConsultations(await getDb(), { q, status, anyone, after, before });
  const total = list.openCount + list.closedCount;
  const now = new Date();
  const groups = [
    { key: "open", title: "Open for responses", rows: list.open },
    { key: "closed", title: "Closed", rows: list.closed },
  ].filter((g) => g.rows.length);
  // The search as the pager's links keep it.
  const search = { q, status, who: anyone ? "anyone" : undefined };
  return (
    <>
      <h1 className="govuk-heading-l">Consultations</h1>
      <p className="govuk-body-l">Consultations and partner questionnaires run by the council, with their dates, stages and how to respond.</p>
      <form method="get" className="govuk-!-margin-bottom-6 app-hub-search" role="search" aria-label="Consultations">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="q">
                Search by title
              </label>
              <input className="govuk-input" id="q" name="q" type="search" defaultValue={q ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="status">
                Status
              </label>
              <select className="govuk-select" id="status" name="status" defaultValue={status ?? ""}>
                <option value="">Open and closed</option>
                <option value="open">Open</option>
                <option value="closed">Closed</option>
              </select>
            </div>
          </div>
        </div>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="who" name="who" type="checkbox" value="anyone" defaultChecked={anyone} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="who">
                Only consultations anyone can respond to
              </label>
            </div>
          </div>
        </div>
        <button className="govuk-button govuk-button--secondary" type="submit">
          Search
        </button>
        {(q || status || anyone) && (
          <p className="govuk-body">
            <Link className="govuk-link" href="/consultations">
              Clear the search
            </Link>
          </p>
        )}
      </form>
      <p className="govuk-body">
        <Link className="govuk-link" href="/consultations/outcomes">
          Outcomes: we asked, you said, we did
        </Link>
      </p>
      <p className="govuk-body" role="status" data-testid="hub-count">
        {plural(total, "consultation")}
        {q ? ` matching “${q}”` : ""}
        {status ? ` (${status} only)` : ""}
        {anyone ? " that anyone can respond to" : ""}
      </p>
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={`group-${g.key}`} data-testid={`hub-${g.key}`}>
          <h2 className="govuk-heading-m" id={`group-${g.key}`}>
            {g.title}
          </h2>
          {g.key === "closed" && (
            <p className="govuk-body-s" data-testid="hub-closed-order">
              Most recently closed first.
              {list.previous && list.openCount > 0 && (
                <>
                  {" "}
                  <Link className="govuk-link" href={withParams("/consultations", search, {})}>
                    Open consultations
                  </Link>{" "}
                  are on the first page.
                </>
              )}
            </p>
          )}
          <ul className="govuk-list">
            {g.rows.map((c) => {
              const opensLater = c.opensAt && c.opensAt > now;
              const left = c.status === "open" && !opensLater ? daysLeft(c.closesAt, now) : null;
              return (
                <li key={c.id} className="app-hub-item" data-testid="hub-item">
                  <h3 className="govuk-heading-s govuk-!-margin-bottom-2" id={`c-${c.id}`}>
                    <Link className="govuk-link" href={`/consultations/${c.slug}`}>
                      {c.title}
                    </Link>
                  </h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-2">
                    <Tag status={c.status}>{opensLater ? "Opens soon" : label(c.status)}</Tag>{" "}
                    {c.audience !== "partners" && (
                      <>
                        <Tag status="submitted">Anyone can respond</Tag>{" "}
                      </>
                    )}
                    {label(c.kind)}
                    {c.askedBy ? ` from ${c.askedBy}` : ""}
                  </p>
                  <dl className="app-hub-dates govuk-body-s">
                    <div>
                      <dt>Opens</dt>
                      <dd>{formatDate(ukDate(c.opensAt)) || "Not set"}</dd>
                    </div>
                    <div>
                      <dt>{c.status === "open" ? "Closes" : "Closed"}</dt>
                      <dd>
                        {formatDate(ukDate(c.closesAt)) || "Not set"}
                        {left ? ` (${left})` : ""}
                      </dd>
                    </div>
                  </dl>
                  {c.summary && <p className="govuk-body govuk-!-margin-bottom-2">{c.summary.split(/\n{2,}/)[0].slice(0, 300)}{c.summary.split(/\n{2,}/)[0].length > 300 ? "…" : ""}</p>}
                  <p className="govuk-body-s govuk-!-margin-bottom-2">
                    <strong>Who may respond:</strong>{" "}
                    {c.audienceDescription ||
                      (c.audience === "public" ? "Anyone, online." : c.audience === "both" ? "Anyone, and invited partner organisations, online." : "Invited partner organisations, online.")}
                  </p>
                  {c.stages.length > 0 && (
                    <details className="govuk-details govuk-!-margin-bottom-2">
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">
                          Stages<span className="govuk-visually-hidden"> of {c.title}</span> ({c.stages.length})
                        </span>
                      </summary>
                      <div className="govuk-details__text">
                        <StageTimeline stages={c.stages} />
                      </div>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {list.closed.length > 0 && (
        <KeysetPager
          label="Pages of closed consultations"
          testId="hub-pager"
          base="/consultations"
          current={search}
          page={list}
          prevText="Previous"
          nextText="Next"
          hiddenSuffix=" page of closed consultations"
        />
      )}
      {total === 0 && (
        <p className="govuk-body">
          No consultations match. <Link className="govuk-link" href="/consultations">See them all</Link>.
        </p>
      )}
    </>
  );
}

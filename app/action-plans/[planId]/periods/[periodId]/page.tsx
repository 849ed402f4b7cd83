import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RagTag, TrendChart } from "@/components/action-plans/rag-tag";
import { ActionForm, SelectField, SubmitButton, TextAreaField } from "@/components/ui/action-form";
import { FiguresTable, Table, Td, Tr } from "@/components/ui/table";
import { ragLabel, statusLabel } from "@/lib/action-plans/present";
import { DIRECTION_ARROWS, DIRECTION_LABELS, type Direction } from "@/lib/action-plans/rag";
import { getPlanReport } from "@/lib/action-plans/report";
import { formatActual } from "@/lib/action-plans/rules";
import { reportFilterSchema } from "@/lib/action-plans/schemas";
import { can } from "@/lib/auth/policy";
import { formatDate, formatDateTime } from "@/lib/format";
import { orPage, pageContext } from "../../../../manage/[id]/collate/_page";
import {
  addReportCommentAction,
  decideReportSignOffAction,
  overrideRagAction,
  recordReportResolutionAction,
  reopenReportSignOffAction,
  reopenReturnAction,
  sendReportForReviewAction,
  setReportCommentStatusAction,
} from "../../../actions";
import { CommitteePanel } from "@/components/action-plans/committee-panel";
import { CommentThreads } from "@/components/drafting/comment-threads";
import { getReportCommittee } from "@/lib/action-plans/committee";

export const metadata: Metadata = { title: "Action plan report" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ planId: string; periodId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const LARGE_PLAN_ITEMS = 250;
const EXCEPTIONS_SHOWN = 60;

const REASONS = { red: "Red", amber: "Amber", worsening: "Worsening", missing: "Not submitted", late: "Late" } as const;

function Direction({ d }: { d: Direction | null }) {
  if (!d) return <span className="govuk-body-s">No comparison</span>;
  return (
    <span data-direction={d}>
      <span aria-hidden="true">{DIRECTION_ARROWS[d]} </span>
      {DIRECTION_LABELS[d]}
    </span>
  );
}

export default async function PlanReportPage({ params, searchParams }: Props) {
  const { planId, periodId } = await params;
  const sp = await searchParams;
  const overrideId = typeof sp.override === "string" ? sp.override : null;
  const base = `/action-plans/${planId}/periods/${periodId}`;
  const { actor, db } = await pageContext(base);
  const filters = reportFilterSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined])));
  const r = await orPage(getPlanReport(db, { periodId, ...filters }, actor));
  if (r.plan.id !== planId) notFound();
  const planResource = { kind: "action_plan", ownerOrganisationId: r.plan.ownerOrganisationId } as const;
  const canOverride = can(actor, "plan.manage", planResource);
  const committee = await getReportCommittee(db, { periodId, report: r }, actor);
  const canComment = committee.status === "in_review" && can(actor, "review.comment", planResource);
  const s = r.summary;
  // A large plan's page shows one priority at a time (and the first exceptions), or it takes
  // seconds to serve; the filters choose another, and the downloads hold everything.
  const large = s.milestones.total + s.indicators.total > LARGE_PLAN_ITEMS;
  const shownPriorities = large && !filters.priority ? r.priorities.slice(0, 1) : r.priorities;
  const shownExceptions = large ? r.exceptions.slice(0, EXCEPTIONS_SHOWN) : r.exceptions;
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
  const fig = (v: number | null | undefined, unit: string) => formatActual(v ?? null, unit as never) || "–";

  return (
    <>
      <Link href="/action-plans" className="govuk-back-link">
        Action plans
      </Link>
      <span className="govuk-caption-l">{r.plan.title}</span>
      <h1 className="govuk-heading-l">Progress report: {r.period.label}</h1>
      <p className="govuk-body">
        Returns due {formatDate(r.period.dueAt)}, period closes {formatDate(r.period.closesAt)}.{" "}
        <strong data-testid="returns-received">
          {s.returns.submitted} of {s.returns.expected} returns received
        </strong>
        {s.returns.late ? `, ${s.returns.late} late` : ""}.
      </p>
      <nav aria-label="Periods" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list app-inline-list">
          {r.periods.map((p) => (
            <li key={p.id}>
              {p.id === r.period.id ? <strong>{p.label}</strong> : <Link className="govuk-link" href={`/action-plans/${planId}/periods/${p.id}`}>{p.label}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      <p className="govuk-body" data-testid="downloads">
        Download: <a className="govuk-link" href={`${base}/report.docx`}>Word (DOCX)</a> · <a className="govuk-link" href={`${base}/report.pdf`}>PDF</a> ·{" "}
        <a className="govuk-link" href={`${base}/report.html`}>print view</a> · <a className="govuk-link" href={`${base}/report.csv${query ? `?${query}` : ""}`}>this period&apos;s items (CSV)</a> ·{" "}
        <a className="govuk-link" href={`${base}/report.xlsx`}>spreadsheet (XLSX)</a> · <a className="govuk-link" href={`${base}/all-periods.csv`}>every item across all periods (CSV)</a>
      </p>

      <CommitteePanel
        c={committee}
        base={base}
        can={{
          send: canOverride,
          record: can(actor, "review.record_resolution", planResource),
          decide: can(actor, "signoff.decide", planResource),
          reopen: can(actor, "signoff.reopen", planResource),
        }}
        actions={{ send: sendReportForReviewAction, record: recordReportResolutionAction, decide: decideReportSignOffAction, reopen: reopenReportSignOffAction }}
      />

      <h2 className="govuk-heading-m">Summary</h2>
      <div className="govuk-grid-row" data-testid="summary">
        <div className="govuk-grid-column-one-half">
          <FiguresTable
            caption={`Milestones and projects (${s.milestones.total})`}
            rows={[
              { label: "Complete", value: s.milestones.byStatus.complete },
              { label: "In progress: Red", value: s.milestones.byRag.red, testId: "milestones-red" },
              { label: "In progress: Amber", value: s.milestones.byRag.amber },
              { label: "In progress: Green", value: s.milestones.byRag.green },
              { label: "Not started", value: s.milestones.byStatus.not_started },
              { label: "Not reported", value: s.milestones.byStatus.not_reported },
            ]}
          />
        </div>
        <div className="govuk-grid-column-one-half">
          <FiguresTable
            caption={`Indicators (${s.indicators.total})`}
            rows={[
              { label: "Red", value: s.indicators.byRag.red },
              { label: "Amber", value: s.indicators.byRag.amber },
              { label: "Green", value: s.indicators.byRag.green },
              { label: "No figure", value: s.indicators.byRag.none },
            ]}
          />
        </div>
      </div>
      {r.previousPeriod && (
        <>
          <h3 className="govuk-heading-s">Changed colour since {r.previousPeriod.label}</h3>
          {r.changes.length === 0 ? (
            <p className="govuk-body">Nothing changed colour.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet" data-testid="changes">
              {r.changes.map((c) => (
                <li key={c.label}>
                  <strong>{c.label}</strong> {c.text}: {ragLabel(c.from) || statusLabel(c.from) || "none"} to {ragLabel(c.to) || (c.to === "complete" ? "Achieved" : c.to)} ({c.ownerName})
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h2 className="govuk-heading-m">Exceptions</h2>
      {r.exceptions.length === 0 ? (
        <p className="govuk-body">No exceptions this period.</p>
      ) : (
        <table className="govuk-table" data-testid="exceptions">
          <caption className="govuk-table__caption govuk-table__caption--s">Red, Amber and worsening items, and returns not in or late</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Why</th>
              <th scope="col" className="govuk-table__header">Item</th>
              <th scope="col" className="govuk-table__header">Owner</th>
              <th scope="col" className="govuk-table__header">Commentary</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {shownExceptions.map((e, n) => (
              <tr className="govuk-table__row" key={`${e.reason}-${e.label}-${n}`} data-testid="exception" data-reason={e.reason}>
                <td className="govuk-table__cell">{e.reason === "red" || e.reason === "amber" ? <RagTag rag={e.reason} /> : <strong className="govuk-tag govuk-tag--grey">{REASONS[e.reason]}</strong>}</td>
                <td className="govuk-table__cell">
                  <strong>{e.label}</strong> {e.label === e.text ? "" : e.text}
                </td>
                <td className="govuk-table__cell">{e.ownerName}</td>
                <td className="govuk-table__cell">
                  {e.commentary}
                  {e.correctiveAction && (
                    <>
                      <br />
                      <strong>Corrective action:</strong> {e.correctiveAction}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shownExceptions.length < r.exceptions.length && (
        <p className="govuk-body" data-testid="exceptions-more">
          The first {shownExceptions.length} of {r.exceptions.length} exceptions are shown. Filter the plan by RAG status below, or download the report, to see them all.
        </p>
      )}

      <h2 className="govuk-heading-m">Returns</h2>
      <Table data-testid="returns" caption="One return per lead organisation" columns={["Organisation", "Status", "Submitted", canOverride && r.window.state === "closed" && "Reopen"]}>
        {r.returns.map((x) => (
          <Tr key={x.organisationId}>
            <Td>
              <Link className="govuk-link" href={`/returns/${r.period.id}?organisation=${x.organisationId}`}>
                {x.organisationName}
              </Link>
            </Td>
            <Td>
              {x.status === "submitted" ? "Submitted" : x.status === "draft" ? "Started, not submitted" : "Not started"}
              {x.late && <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Late</strong>}
            </Td>
            <Td>{x.submittedAt ? `${formatDateTime(x.submittedAt)}${x.revision > 1 ? ` (amended ${x.revision - 1}×)` : ""}` : "–"}</Td>
            {canOverride && r.window.state === "closed" && (
              <Td>
                <ActionForm action={reopenReturnAction} permalink={base}>
                  <input type="hidden" name="periodId" value={r.period.id} />
                  <input type="hidden" name="organisationId" value={x.organisationId} />
                  <input type="hidden" name="days" value="7" />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                    Reopen for 7 days<span className="govuk-visually-hidden"> for {x.organisationName}</span>
                  </button>
                </ActionForm>
              </Td>
            )}
          </Tr>
        ))}
      </Table>

      <h2 className="govuk-heading-m">The full plan</h2>
      <form method="get" action={base} className="app-filters" data-testid="filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="f-priority">Priority</label>
              <select className="govuk-select" id="f-priority" name="priority" defaultValue={filters.priority ?? ""}>
                <option value="">All priorities</option>
                {r.allPriorities.map((p) => (
                  <option key={p.number} value={p.number}>
                    {p.number}. {p.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="f-owner">Owner</label>
              <select className="govuk-select" id="f-owner" name="owner" defaultValue={filters.owner ?? ""}>
                <option value="">All owners</option>
                {r.owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="f-rag">RAG status</label>
              <select className="govuk-select" id="f-rag" name="rag" defaultValue={filters.rag ?? ""}>
                <option value="">Any</option>
                <option value="red">Red</option>
                <option value="amber">Amber</option>
                <option value="green">Green</option>
                <option value="none">No RAG</option>
              </select>
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Apply filters
        </button>{" "}
        {query && (
          <a className="govuk-link govuk-!-margin-left-3" href={base}>
            Clear filters
          </a>
        )}
      </form>
      {shownPriorities.length < r.priorities.length && (
        <p className="govuk-body" data-testid="one-priority-notice">
          This plan is large, so one priority is shown at a time: choose another priority above, or download the report for the whole plan.
        </p>
      )}
      {shownPriorities.map((p) => (
        <section key={p.id} aria-labelledby={`p-${p.number}`} className="govuk-!-margin-bottom-8" data-testid="priority">
          <h3 className="govuk-heading-m" id={`p-${p.number}`}>
            Strategic Priority {p.number}: {p.title}
          </h3>
          <p className="govuk-body-s">
            Lead: {p.leadText || "none"}
            {p.leadName ? ` (${p.leadName})` : ""} · Resources: {p.resources || "none"}
          </p>
          {p.indicators.length > 0 && (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Indicators</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Indicator</th>
                  <th scope="col" className="govuk-table__header">Baseline</th>
                  <th scope="col" className="govuk-table__header">Target</th>
                  <th scope="col" className="govuk-table__header">Actual</th>
                  <th scope="col" className="govuk-table__header">RAG</th>
                  <th scope="col" className="govuk-table__header">Direction</th>
                  <th scope="col" className="govuk-table__header">Trend</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {p.indicators.map((i) => (
                  <tr className="govuk-table__row" key={i.id} id={`ind-${i.id}`} data-testid="indicator-row" data-code={i.code}>
                    <td className="govuk-table__cell">
                      <strong>{i.code}</strong> {i.title}
                      <br />
                      <span className="govuk-body-s">{i.ownerName}</span>
                      {i.commentary && <p className="govuk-body-s govuk-!-margin-bottom-0">{i.commentary}</p>}
                    </td>
                    <td className="govuk-table__cell">
                      {fig(i.baseline, i.unit)} {i.baselineDate && <span className="govuk-body-s">({i.baselineDate})</span>}
                    </td>
                    <td className="govuk-table__cell">
                      {i.target ? fig(i.target.value, i.unit) : "–"} {i.target?.label && <span className="govuk-body-s">({i.target.label})</span>}
                    </td>
                    <td className="govuk-table__cell">{fig(i.actual, i.unit)}</td>
                    <td className="govuk-table__cell">
                      <RagTag rag={i.rag} />
                      {i.overridden && <span className="govuk-body-s"> overridden: {i.overrideReason}</span>}
                      {/* One override form at a time (?override=): a form per indicator made a large plan's page slow to serve. */}
                      {canOverride && i.returnItemId && overrideId !== i.returnItemId && (
                        <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                          <Link className="govuk-link" href={`${base}?${new URLSearchParams([...new URLSearchParams(query), ["override", i.returnItemId]]).toString()}#ind-${i.id}`}>
                            Override<span className="govuk-visually-hidden"> the RAG of {i.code}</span>
                          </Link>
                        </p>
                      )}
                      {canOverride && i.returnItemId && overrideId === i.returnItemId && (
                        <div className="govuk-!-margin-top-2">
                            <ActionForm action={overrideRagAction} permalink={`${base}?override=${i.returnItemId}#ind-${i.id}`}>
                              <input type="hidden" name="returnItemId" value={i.returnItemId} />
                              <input type="hidden" name="periodId" value={r.period.id} />
                              <SelectField name="rag" label={`Override the RAG of ${i.code} to`} defaultValue={i.overridden ? (i.rag ?? "") : ""} options={[{ value: "red", text: "Red" }, { value: "amber", text: "Amber" }, { value: "green", text: "Green" }, { value: "clear", text: "Clear the override" }]} />
                              <TextAreaField name="reason" label="Reason" rows={2} defaultValue={i.overrideReason} />
                              <SubmitButton secondary>Save override</SubmitButton>
                            </ActionForm>
                        </div>
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      <Direction d={i.direction} />
                    </td>
                    <td className="govuk-table__cell">
                      <TrendChart points={i.trend.map((t) => t.actual)} />
                      <table className="govuk-table govuk-!-font-size-14 govuk-!-margin-bottom-0">
                        <caption className="govuk-visually-hidden">{i.code} by period</caption>
                        <tbody className="govuk-table__body">
                          {i.trend.map((t) => (
                            <tr className="govuk-table__row" key={t.period}>
                              <th scope="row" className="govuk-table__header govuk-!-font-size-14">{t.period}</th>
                              <td className="govuk-table__cell govuk-!-font-size-14">{fig(t.actual, i.unit)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {p.milestones.length > 0 && (
            <Table caption="Milestones, outputs and funded projects" columns={["Milestone", "Status", "RAG", "Direction", "Commentary"]}>
              {p.milestones.map((m) => (
                <Tr key={m.id} data-testid="milestone-row" data-number={m.number}>
                  <Td>
                    <strong>{m.number}</strong> {m.text}
                    <br />
                    <span className="govuk-body-s">
                      {m.kind === "project" ? "Funded project · " : ""}
                      {m.ownerName}
                      {m.dueOn ? ` · due ${formatDate(m.dueOn)}` : ""}
                    </span>
                  </Td>
                  <Td>{statusLabel(m.status) || "Not reported"}</Td>
                  <Td>{m.status === "complete" ? <RagTag rag="complete" /> : <RagTag rag={m.rag} />}</Td>
                  <Td>
                    <Direction d={m.direction} />
                  </Td>
                  <Td>
                    {m.carriedForward && <span className="govuk-body-s">No change since last period. </span>}
                    {m.commentary}
                    {m.correctiveAction && (
                      <>
                        <br />
                        <strong>Corrective action:</strong> {m.correctiveAction}
                      </>
                    )}
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
          {p.risks.length > 0 && (
            <dl className="govuk-summary-list govuk-!-font-size-16">
              {p.risks.map((k, n) => (
                <div className="govuk-summary-list__row" key={n}>
                  <dt className="govuk-summary-list__key">Key risks</dt>
                  <dd className="govuk-summary-list__value">
                    {k.risk}
                    {k.mitigation && (
                      <>
                        <br />
                        <strong>Mitigation:</strong> {k.mitigation}
                      </>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {(canComment || (committee.threadsByPriority.get(p.id)?.length ?? 0) > 0) && (
            <div id={`priority-${p.number}`}>
              <h4 className="govuk-heading-s">Committee comments on priority {p.number}</h4>
              <CommentThreads
                subject={{ periodId }}
                questionId={p.id}
                questionNumber={String(p.number)}
                anchor="priority"
                threads={committee.threadsByPriority.get(p.id) ?? []}
                canComment={canComment}
                permalink={`${base}#priority-${p.number}`}
                addCommentAction={addReportCommentAction}
                setStatusAction={setReportCommentStatusAction}
              />
            </div>
          )}
        </section>
      ))}
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { changesHtml, exceptionRowsHtml, indicatorRowsHtml, milestoneRowsHtml, returnRowsHtml } from "@/components/action-plans/report-rows";
import { ActionForm, KeptHidden, SelectField, SubmitButton, TextAreaField, TextField } from "@/components/ui/action-form";
import { FiguresTable, Table } from "@/components/ui/table";
import { getPlanReportPage } from "@/lib/action-plans/report";
import { reportFilterSchema, reportPageSchema } from "@/lib/action-plans/schemas";
import { can } from "@/lib/auth/policy";
import { formatDate } from "@/lib/format";
import { orPage, pageContext } from "@/app/_server/page";
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
import { pageLinks, Pager } from "@/components/collation/pager";
import { CommentThreads } from "@/components/drafting/comment-threads";
import { getReportCommittee } from "@/lib/action-plans/committee";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Action plan report" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ planId: string; periodId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PlanReportPage({ params, searchParams }: Props) {
  const { planId, periodId } = await params;
  const sp = await searchParams;
  const overrideId = typeof sp.override === "string" ? sp.override : null;
  // The form to reopen a return only when asked for (?reopen=1, no JavaScript needed): its list of every organisation on every load cost more than it served.
  const reopenOpen = sp.reopen === "1";
  const base = `/action-plans/${planId}/periods/${periodId}`;
  const { actor, db } = await pageContext(base);
  const first = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const filters = reportFilterSchema.parse(first);
  const view = reportPageSchema.parse(first);
  // The report is read and worked out once, and the page shows one priority, a page of
  // exceptions, the first changes (lib/action-plans/report.ts); the committee's SHA-256 only when
  // it is shown, from that same report (the committee's own rows are read meanwhile).
  const reportPage = getPlanReportPage(db, { periodId, ...filters, exceptionsPage: view.xpage, milestonesPage: view.mpage, allChanges: view.changes === "all", trends: Boolean(view.trends) }, actor);
  const [r, committee] = await orPage(Promise.all([reportPage, getReportCommittee(db, { periodId, hash: "when-shown", report: () => reportPage.then((x) => x.report) }, actor)]));
  if (r.plan.id !== planId) notFound();
  const shown = r;
  const p = shown.priority;
  const planResource = { kind: "action_plan", ownerOrganisationId: r.plan.ownerOrganisationId } as const;
  const canOverride = can(actor, "plan.manage", planResource);
  /** A return can be reopened by a manager once the window has closed (and there is one to reopen). */
  const mayReopen = canOverride && r.window.state === "closed" && r.returns.length > 0;
  const canComment = committee.status === "in_review" && can(actor, "review.comment", planResource);
  const s = r.summary;
  /** A link to this page with some choices changed (undefined removes one). */
  const current: Record<string, string | undefined> = { priority: p ? String(p.number) : undefined, owner: filters.owner, rag: filters.rag, trends: view.trends, changes: view.changes, xpage: view.xpage ? String(view.xpage) : undefined, mpage: view.mpage ? String(view.mpage) : undefined };
  const href = (change: Record<string, string | undefined>, hash = "") => {
    const q = new URLSearchParams(Object.entries({ ...current, ...change }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
    return `${base}${q ? `?${q}` : ""}${hash}`;
  };
  const filterQuery = new URLSearchParams(Object.entries({ owner: filters.owner, rag: filters.rag }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const previousLabel = r.previousPeriod?.label ?? "Previous";
  // One override form at a time (?override=, which works without JavaScript): a form per indicator made a large plan's page slow to serve.
  // Relative to this page (a query and a fragment): the path is not repeated on every row.
  const here = href({}).slice(base.length);
  const overrideHref = (i: { id: string; returnItemId: string | null }) => `${here || "?"}${here ? "&" : ""}override=${i.returnItemId}#ind-${i.id}`;
  const open = canOverride && overrideId && p ? p.indicators.findIndex((i) => i.returnItemId === overrideId) : -1;
  const openIndicator = p && open >= 0 ? p.indicators[open] : undefined;
  const indicatorRows = (list: NonNullable<typeof p>["indicators"]) =>
    indicatorRowsHtml(list, { trends: Boolean(view.trends), overrideHref: (i) => (canOverride && i.returnItemId && i.returnItemId !== overrideId ? overrideHref(i) : null) });

  return (
    <>
      <a href="/action-plans" className="govuk-back-link">
        Action plans
      </a>
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
          {r.periods.map((x) => (
            <li key={x.id}>
              {x.id === r.period.id ? <strong>{x.label}</strong> : <a className="govuk-link" href={`/action-plans/${planId}/periods/${x.id}`}>{x.label}</a>}
            </li>
          ))}
        </ul>
      </nav>
      <p className="govuk-body" data-testid="downloads">
        Download the whole report: <a className="govuk-link" href={`${base}/report.docx`}>Word (DOCX)</a> · <a className="govuk-link" href={`${base}/report.pdf`}>PDF</a> ·{" "}
        <a className="govuk-link" href={`${base}/report.html`}>print view</a> · <a className="govuk-link" href={`${base}/report.csv${filterQuery ? `?${filterQuery}` : ""}`}>this period&apos;s items (CSV)</a> ·{" "}
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
          <h3 className="govuk-heading-s" id="changes-heading">
            Changed colour since {r.previousPeriod.label}
          </h3>
          {r.changesTotal === 0 ? (
            <p className="govuk-body">Nothing changed colour.</p>
          ) : (
            <>
              <ul className="govuk-list govuk-list--bullet" data-testid="changes" dangerouslySetInnerHTML={{ __html: changesHtml(shown.changes) }} />
              {shown.changes.length < r.changesTotal && (
                <p className="govuk-body" data-testid="changes-more">
                  {r.changesTotal} items changed colour; the first {shown.changes.length} are shown.{" "}
                  <a className="govuk-link" href={href({ changes: "all" }, "#changes-heading")}>
                    Show all {r.changesTotal}
                  </a>
                </p>
              )}
            </>
          )}
        </>
      )}

      <h2 className="govuk-heading-m" id="exceptions">
        Exceptions
      </h2>
      {r.exceptionsTotal === 0 ? (
        <p className="govuk-body">No exceptions this period.</p>
      ) : (
        <Table data-testid="exceptions" caption="Red, Amber and worsening items, and returns not in or late" columns={["Why", "Item", "Owner", "Commentary"]} bodyHtml={exceptionRowsHtml(shown.exceptions)} />
      )}
      {shown.exceptionsPages > 1 && (
        <Pager label="Pages of exceptions" testId="exceptions-more" prevText="Previous exceptions" nextText="Next exceptions" hiddenSuffix="" {...pageLinks(base, current, shown.exceptionsPage, shown.exceptionsPages, { param: "xpage", hash: "#exceptions" })}>
          <p className="govuk-body">
            Exceptions {shown.exceptionsFrom} to {shown.exceptionsFrom + shown.exceptions.length - 1} of {r.exceptionsTotal}.
          </p>
        </Pager>
      )}

      <h2 className="govuk-heading-m">Returns</h2>
      <Table data-testid="returns" caption="One return per lead organisation" columns={["Organisation", "Status", "Submitted"]} bodyHtml={returnRowsHtml(r.returns, r.period.id)} />
      {/* One form for every organisation, opened by its link: a form per row made a large plan's page slow to serve. */}
      {mayReopen && !reopenOpen && (
        <p className="govuk-body" id="reopen-return">
          <a className="govuk-link" href={href({ reopen: "1" }, "#reopen-return")}>
            Reopen one organisation&apos;s return
          </a>
        </p>
      )}
      {mayReopen && reopenOpen && (
        <div data-testid="reopen-return" id="reopen-return">
          <ActionForm action={reopenReturnAction} permalink={href({ reopen: "1" }, "#reopen-return")}>
            <input type="hidden" name="periodId" value={r.period.id} />
            <h3 className="govuk-heading-s">Reopen one organisation&apos;s return</h3>
            <SelectField name="organisationId" label="Organisation" options={r.returns.map((x) => ({ value: x.organisationId, text: x.organisationName }))} />
            <TextField name="days" label="For how many days" hint="Between 1 and 60" defaultValue="7" width="govuk-input--width-2" />
            <SubmitButton secondary>Reopen the return</SubmitButton>
          </ActionForm>
        </div>
      )}

      <h2 className="govuk-heading-m" id="plan">
        The full plan
      </h2>
      <nav aria-labelledby="contents-heading" data-testid="contents">
        <h3 className="govuk-heading-s" id="contents-heading">
          Priorities
        </h3>
        <ol className="govuk-list">
          {shown.contents.map((c) => (
            <li key={c.number} data-testid="contents-priority">
              {p && c.number === p.number ? (
                <strong aria-current="page">
                  {c.number}. {c.title}
                </strong>
              ) : (
                <a className="govuk-link" href={href({ priority: String(c.number), xpage: undefined, mpage: undefined, changes: undefined }, "#plan")}>
                  {c.number}. {c.title}
                </a>
              )}{" "}
              <span className="govuk-body-s">
                ({plural(c.items, "item")}
                {filterQuery ? " matching the filters" : ""})
              </span>
            </li>
          ))}
        </ol>
      </nav>
      <form method="get" action={base} className="app-filters" data-testid="filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="f-priority">
                Priority
              </label>
              <select className="govuk-select" id="f-priority" name="priority" defaultValue={p ? String(p.number) : ""}>
                {r.allPriorities.map((x) => (
                  <option key={x.number} value={x.number}>
                    {x.number}. {x.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="f-owner">
                Owner
              </label>
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
              <label className="govuk-label govuk-label--s" htmlFor="f-rag">
                RAG status
              </label>
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
        {view.trends && <input type="hidden" name="trends" value="1" />}
        <button type="submit" className="govuk-button govuk-button--secondary">
          Apply filters
        </button>{" "}
        {filterQuery && (
          <a className="govuk-link govuk-!-margin-left-3" href={href({ owner: undefined, rag: undefined })}>
            Clear filters
          </a>
        )}
      </form>
      {p && (
        <section key={p.id} aria-labelledby={`p-${p.number}`} className="govuk-!-margin-bottom-8" data-testid="priority">
          <h3 className="govuk-heading-m" id={`p-${p.number}`}>
            Strategic Priority {p.number}: {p.title}
          </h3>
          <p className="govuk-body-s">
            Lead: {p.leadText || "none"}
            {p.leadName ? ` (${p.leadName})` : ""} · Resources: {p.resources || "none"}
          </p>
          {p.indicators.length > 0 && (
            <>
              <p className="govuk-body-s" data-testid="trend-toggle">
                {view.trends ? (
                  <a className="govuk-link" href={href({ trends: undefined }, `#p-${p.number}`)}>
                    Show this period and the last only
                  </a>
                ) : (
                  <a className="govuk-link" href={href({ trends: "1" }, `#p-${p.number}`)}>
                    Show each indicator&apos;s trend across all periods
                  </a>
                )}
              </p>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Indicators</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    {["Indicator", "Baseline", "Target", "Actual", "RAG", "Direction", view.trends ? "Trend" : previousLabel].map((c) => (
                      <th key={c} scope="col" className="govuk-table__header">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                {/* The rows as markup (report-rows.ts); an open override form in a body of its own after its row. */}
                <tbody className="govuk-table__body app-rows" dangerouslySetInnerHTML={{ __html: indicatorRows(open < 0 ? p.indicators : p.indicators.slice(0, open + 1)) }} />
                {open >= 0 && (
                  <>
                    <tbody className="govuk-table__body">
                      <tr className="govuk-table__row">
                        <td className="govuk-table__cell" colSpan={7}>
                          <ActionForm action={overrideRagAction} permalink={`${base}${overrideHref(openIndicator!)}`}>
                            <input type="hidden" name="returnItemId" value={openIndicator!.returnItemId!} />
                            <input type="hidden" name="periodId" value={r.period.id} />
                            <KeptHidden name="editBase" value={openIndicator!.overrideBase} />
                            <SelectField name="rag" label={`Override the RAG of ${openIndicator!.code} to`} defaultValue={openIndicator!.overridden ? (openIndicator!.rag ?? "") : ""} options={[{ value: "red", text: "Red" }, { value: "amber", text: "Amber" }, { value: "green", text: "Green" }, { value: "clear", text: "Clear the override" }]} />
                            <TextAreaField name="reason" label="Reason" rows={2} defaultValue={openIndicator!.overrideReason} />
                            <SubmitButton secondary>Save override</SubmitButton>
                          </ActionForm>
                        </td>
                      </tr>
                    </tbody>
                    {open + 1 < p.indicators.length && <tbody className="govuk-table__body app-rows" dangerouslySetInnerHTML={{ __html: indicatorRows(p.indicators.slice(open + 1)) }} />}
                  </>
                )}
              </table>
            </>
          )}
          {p.milestones.length > 0 && (
            <Table caption="Milestones, outputs and funded projects" columns={["Milestone", "Status", "RAG", "Direction", "Commentary"]} bodyHtml={milestoneRowsHtml(p.milestones)} />
          )}
          {shown.milestonesPages > 1 && (
            <Pager
              label={`Pages of priority ${p.number}'s milestones`}
              testId="milestones-more"
              prevText="Previous milestones"
              nextText="Next milestones"
              hiddenSuffix=""
              {...pageLinks(base, current, shown.milestonesPage, shown.milestonesPages, { param: "mpage", hash: `#p-${p.number}` })}
            >
              <p className="govuk-body">
                Milestones and projects {shown.milestonesFrom} to {shown.milestonesFrom + p.milestones.length - 1} of {shown.milestonesTotal}.
              </p>
            </Pager>
          )}
          {p.indicators.length + p.milestones.length === 0 && <p className="govuk-body">Nothing in this priority matches the filters.</p>}
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
                permalink={href({}, `#priority-${p.number}`)}
                addCommentAction={addReportCommentAction}
                setStatusAction={setReportCommentStatusAction}
              />
            </div>
          )}
        </section>
      )}
    </>
  );
}

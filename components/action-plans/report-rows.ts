// The period report page's long lists (indicator, milestone, exception and return rows, the
// changes) written as HTML strings, each table's body given to React whole. As React elements
// every cell was serialised twice (the RSC payload and the HTML) and made the page several
// times as costly to serve as the cheapest one (issue 15; docs/performance.md). The markup is
// the GOV.UK table's, as components/ui/table.tsx writes it, in a body of class app-rows. Every value is escaped here
// (htmlText between tags, htmlAttr inside quoted attributes): names, titles and commentary are
// typed by partners and officers and are hostile.
import { htmlAttr as attr, htmlText as text } from "@/lib/escape";
import { formatDate, formatDateTime } from "@/lib/format";
import { ragLabel, statusLabel } from "@/lib/action-plans/present";
import { DIRECTION_ARROWS, DIRECTION_LABELS, type Direction } from "@/lib/action-plans/rag";
import type { Exception, ReportIndicator, ReportMilestone } from "@/lib/action-plans/report";
import { formatActual } from "@/lib/action-plans/rules";
import { ragTagHtml, trendChartHtml } from "./rag-tag";

// Rows and cells carry no class: the body's (app-rows, app/_styles/app.scss) gives every cell the
// GOV.UK cell's style, a class written once instead of on each of hundreds of cells (the markup
// is sent twice: as HTML and again in the page's RSC payload).
const TR = "<tr";
const TD = "<td>";
const S = '<span class="govuk-body-s">';
const REASONS = { red: "Red", amber: "Amber", worsening: "Worsening", missing: "Not submitted", late: "Late" } as const;

export const fig = (v: number | null | undefined, unit: string) => formatActual(v ?? null, unit as never) || "–";

export function directionHtml(d: Direction | null): string {
  if (!d) return `${S}No comparison</span>`;
  return `<span data-direction="${attr(d)}"><span aria-hidden="true">${text(DIRECTION_ARROWS[d])} </span>${text(DIRECTION_LABELS[d])}</span>`;
}

const corrective = (c: string | undefined) => (c ? `<br><strong>Corrective action:</strong> ${text(c)}` : "");

/**
 * The indicators' rows. `overrideHref(i)`: the link to this page with that indicator's override
 * form open (?override=, so it works without JavaScript), or null where the officer may not
 * override it or its form is already open.
 */
export function indicatorRowsHtml(indicators: ReportIndicator[], o: { trends: boolean; overrideHref: (i: ReportIndicator) => string | null }): string {
  let out = "";
  for (const i of indicators) {
    const href = o.overrideHref(i);
    out += `${TR} id="ind-${attr(i.id)}" data-testid="indicator-row" data-code="${attr(i.code)}">`;
    out += `${TD}<strong>${text(i.code)}</strong> ${text(i.title)}<br>${S}${text(i.ownerName)}</span>`;
    if (i.commentary) out += `<p class="govuk-body-s govuk-!-margin-bottom-0">${text(i.commentary)}</p>`;
    out += "</td>";
    out += `${TD}${text(fig(i.baseline, i.unit))} ${i.baselineDate ? `${S}(${text(i.baselineDate)})</span>` : ""}</td>`;
    out += `${TD}${i.target ? text(fig(i.target.value, i.unit)) : "–"} ${i.target?.label ? `${S}(${text(i.target.label)})</span>` : ""}</td>`;
    out += `${TD}${text(fig(i.actual, i.unit))}</td>`;
    out += `${TD}${ragTagHtml(i.rag)}`;
    if (i.overridden) out += `${S} overridden: ${text(i.overrideReason)}</span>`;
    if (href) out += `<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0"><a class="govuk-link" href="${attr(href)}">Override<span class="govuk-visually-hidden"> the RAG of ${text(i.code)}</span></a></p>`;
    out += `</td>${TD}${directionHtml(i.direction)}</td>${TD}`;
    if (o.trends) {
      out += trendChartHtml(i.trend.map((t) => t.actual));
      out += `<table class="govuk-table govuk-!-font-size-14 govuk-!-margin-bottom-0"><caption class="govuk-visually-hidden">${text(i.code)} by period</caption><tbody class="govuk-table__body">`;
      for (const t of i.trend) out += `${TR}><th scope="row" class="govuk-table__header govuk-!-font-size-14">${text(t.period)}</th><td class="govuk-table__cell govuk-!-font-size-14">${text(fig(t.actual, i.unit))}</td></tr>`;
      out += "</tbody></table>";
    } else {
      out += text(fig(i.previousActual, i.unit));
    }
    out += "</td></tr>";
  }
  return out;
}

export function milestoneRowsHtml(milestones: ReportMilestone[]): string {
  let out = "";
  for (const m of milestones) {
    out += `${TR} data-testid="milestone-row" data-number="${attr(m.number)}">`;
    out += `${TD}<strong>${text(m.number)}</strong> ${text(m.text)}<br>${S}${m.kind === "project" ? "Funded project · " : ""}${text(m.ownerName)}${m.dueOn ? ` · due ${text(formatDate(m.dueOn))}` : ""}</span></td>`;
    out += `${TD}${text(statusLabel(m.status) || "Not reported")}</td>`;
    out += `${TD}${ragTagHtml(m.status === "complete" ? "complete" : m.rag)}</td>`;
    out += `${TD}${directionHtml(m.direction)}</td>`;
    out += `${TD}${m.carriedForward ? `${S}No change since last period. </span>` : ""}${text(m.commentary)}${corrective(m.correctiveAction)}</td></tr>`;
  }
  return out;
}

export function exceptionRowsHtml(exceptions: Exception[]): string {
  let out = "";
  for (const e of exceptions) {
    const why = e.reason === "red" || e.reason === "amber" ? ragTagHtml(e.reason) : `<strong class="govuk-tag govuk-tag--grey">${REASONS[e.reason]}</strong>`;
    out += `${TR} data-testid="exception" data-reason="${attr(e.reason)}">${TD}${why}</td>`;
    out += `${TD}<strong>${text(e.label)}</strong> ${e.label === e.text ? "" : text(e.text)}</td>`;
    out += `${TD}${text(e.ownerName)}</td>${TD}${text(e.commentary)}${corrective(e.correctiveAction)}</td></tr>`;
  }
  return out;
}

type ReturnRow = { organisationId: string; organisationName: string; status: string; late: boolean; submittedAt: Date | string | null; revision: number };

export function returnRowsHtml(returns: ReturnRow[], periodId: string): string {
  let out = "";
  for (const x of returns) {
    const status = x.status === "submitted" ? "Submitted" : x.status === "draft" ? "Started, not submitted" : "Not started";
    const submitted = x.submittedAt ? `${formatDateTime(x.submittedAt)}${x.revision > 1 ? ` (amended ${x.revision - 1}×)` : ""}` : "–";
    out += `${TR}>${TD}<a class="govuk-link" href="/returns/${attr(periodId)}?organisation=${attr(encodeURIComponent(x.organisationId))}">${text(x.organisationName)}</a></td>`;
    out += `${TD}${status}${x.late ? '<strong class="govuk-tag govuk-tag--red govuk-!-margin-left-1">Late</strong>' : ""}</td>${TD}${text(submitted)}</td></tr>`;
  }
  return out;
}

/** A change's colour: a RAG, "complete" (a milestone achieved) or "none". */
const changeLabel = (v: string) => (v === "complete" ? "Achieved" : ragLabel(v) || statusLabel(v) || "none");

type Change = { label: string; text: string; from: string; to: string; ownerName: string };

export function changesHtml(changes: Change[]): string {
  let out = "";
  for (const c of changes) {
    out += `<li><strong>${text(c.label)}</strong> ${text(c.text)}: ${text(changeLabel(c.from))} to ${text(changeLabel(c.to))} (${text(c.ownerName)})</li>`;
  }
  return out;
}

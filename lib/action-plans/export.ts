// The action-plan report as files, through lib/exports' machinery: a committee paper (summary,
// exceptions, then the full plan by priority) as print HTML, PDF (that HTML printed by
// Chromium) and DOCX, and every item as CSV. Hostile text is escaped in each.
import { Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import ExcelJS from "exceljs";
import { csvRow, UTF8_BOM, xlsxCell } from "../exports/csv";
import { CONTENT_TYPES, type RenderedFile } from "../exports/documents";
import { buildDocument, COLOURS, documentBuffer, headingLevel } from "../exports/docx-common";
import { documentHtml, formatDate } from "../exports/html";
import { docxSafe, htmlText, isolate, xmlText } from "../escape";
import { htmlToPdf } from "../exports/pdf";
import { ragLabel, statusLabel } from "./present";
import { DIRECTION_ARROWS, DIRECTION_LABELS, type Direction } from "./rag";
import type { ReportCommittee } from "./committee";
import type { HistoryRow } from "./history";
import type { PlanReport } from "./report";
import { formatActual } from "./rules";

export const REPORT_FILES = ["report.html", "report.pdf", "report.docx", "report.csv", "report.xlsx", "all-periods.csv"] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

const dir = (d: Direction | null) => (d ? `${DIRECTION_ARROWS[d]} ${DIRECTION_LABELS[d]}` : "");
const fig = (v: number | null | undefined, unit: string) => formatActual(v ?? null, unit as never);
const REASONS = { red: "Red", amber: "Amber", worsening: "Worsening", missing: "Return not submitted", late: "Late return" } as const;

export function reportTitle(r: PlanReport): string {
  return `${r.plan.title}: progress report, ${r.period.label}`;
}

export type ExportOptions = { nonce?: string; committee?: ReportCommittee | null; history?: HistoryRow[] };

/**
 * The committee's part, as lines for every format: where the report stands, the resolutions, and
 * for a signed-off report who approved it, when, and the SHA-256 of exactly what was approved.
 */
export function committeeLines(c: ReportCommittee | null | undefined): { heading: string; lines: string[] } | null {
  if (!c) return null;
  const lines: string[] = [];
  const status = { open: "Not yet sent to the committee", in_review: "With the committee for review", signed_off: "Signed off" }[c.status];
  lines.push(`Status: ${status} (version ${c.version}).`);
  // Each person's text isolated: a line is escaped (or written) as a whole.
  for (const r of c.resolutions) lines.push(`${isolate(r.committee)}, ${formatDate(r.meetingDate)}: ${isolate(r.text)}`);
  if (c.latestApproval) {
    lines.push(`Signed off by ${isolate(c.latestApproval.decidedByName ?? "a signatory")} on ${formatDate(c.latestApproval.decidedAt)}${c.latestApproval.note ? `: ${isolate(c.latestApproval.note)}` : ""}.`);
    lines.push(`SHA-256 of what was approved (${c.format}, version ${c.latestApproval.answerSetVersion}): ${c.latestApproval.hash}`);
    lines.push(c.verified ? "The stored report still matches this hash." : "The stored report no longer matches this hash.");
  }
  return { heading: "The committee", lines };
}

const HISTORY_HEADER = ["Period", "Priority", "Type", "Reference", "Item", "Owner", "Status", "RAG", "Actual", "Commentary", "Corrective action", "Return reference", "Submitted"];
function historyCells(h: HistoryRow): (string | number | null)[] {
  return [h.period, `${h.priorityNumber}. ${h.priorityTitle}`, h.kind === "indicator" ? "Indicator" : h.kind === "project" ? "Funded project" : "Milestone", h.reference, h.text, h.ownerName, statusLabel(h.status), ragLabel(h.rag), h.actual === null ? "" : fig(h.actual, h.unit ?? "number"), h.commentary, h.correctiveAction, h.returnReference, h.submittedAt ? h.submittedAt.toISOString().slice(0, 10) : ""];
}

/** Every item of every period's submitted returns, one row each, oldest period first. */
export function historyCsv(rows: HistoryRow[]): string {
  let out = UTF8_BOM + csvRow(HISTORY_HEADER);
  for (const h of rows) out += csvRow(historyCells(h));
  return out;
}

/** A cell of the workbook (lib/exports/csv xlsxCell: text never run as a formula, nothing XML cannot hold); empty for none. */
const xcell = (c: string | number | null | undefined) => xlsxCell(c ?? "");

/** The workbook's other sheets' names, and the one exceljs keeps for itself. */
const TAKEN_SHEET_NAMES = ["all periods", "committee", "history"];

/**
 * A period's label as a sheet name Excel takes: none of \ / ? * [ ] :, no apostrophe at either
 * end, at most 31 characters, nothing XML cannot hold; "Period" when nothing is left of it or it
 * is another sheet's name (an officer may call a period anything up to 60 characters).
 */
export function periodSheetName(label: string): string {
  const trimEnds = (s: string) => s.trim().replace(/^'+|'+$/g, "").trim();
  const name = trimEnds(trimEnds(xmlText(label).replace(/[\\/?*[\]:]/g, " ")).slice(0, 31));
  return name === "" || TAKEN_SHEET_NAMES.includes(name.toLowerCase()) ? "Period" : name;
}

/** The period's items (with last period's beside them), every period's items, and the committee's part. */
export async function reportXlsx(r: PlanReport, opts: ExportOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = xmlText(reportTitle(r));
  const sheet = (name: string, header: string[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = header.map((h) => ({ header: xcell(h) as string, width: /Item|Commentary|Corrective/.test(h) ? 50 : 16 }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const period = sheet(periodSheetName(r.period.label), CSV_HEADER);
  for (const row of periodRows(r)) period.addRow(row.map(xcell));
  if (opts.history) {
    const all = sheet("All periods", HISTORY_HEADER);
    for (const h of opts.history) all.addRow(historyCells(h).map(xcell));
  }
  const c = committeeLines(opts.committee);
  if (c) {
    const ws = wb.addWorksheet("Committee");
    ws.columns = [{ header: "The committee", width: 120 }];
    ws.getRow(1).font = { bold: true };
    for (const l of c.lines) ws.addRow([xcell(l)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CSV_HEADER = ["Period", "Priority", "Type", "Reference", "Item", "Owner", "Baseline", "Target", "Actual", "Previous actual", "Status", "RAG", "Previous RAG", "Direction of travel", "Commentary", "Corrective action", "Due"];

function periodRows(r: PlanReport): (string | number | null)[][] {
  const out: (string | number | null)[][] = [];
  for (const p of r.priorities) {
    for (const i of p.indicators) {
      out.push([r.period.label, `${p.number}. ${p.title}`, "Indicator", i.code, i.title, i.ownerName, i.baseline === null ? "" : `${fig(i.baseline, i.unit)} ${i.baselineDate}`.trim(), i.target ? `${fig(i.target.value, i.unit)} ${i.target.label}`.trim() : "", fig(i.actual, i.unit), fig(i.previousActual, i.unit), "", ragLabel(i.rag), ragLabel(i.trend[i.trend.length - 2]?.rag ?? null), dir(i.direction), i.commentary, i.overridden ? `RAG overridden: ${i.overrideReason}` : "", ""]);
    }
    for (const m of p.milestones) {
      out.push([r.period.label, `${p.number}. ${p.title}`, m.kind === "project" ? "Funded project" : "Milestone", m.number, m.text, m.ownerName, "", m.outcome, "", "", statusLabel(m.status), ragLabel(m.rag), ragLabel(m.previous?.rag ?? null), dir(m.direction), m.commentary, m.correctiveAction, m.dueOn ?? ""]);
    }
  }
  return out;
}

export function reportCsv(r: PlanReport, opts: ExportOptions = {}): string {
  let out = UTF8_BOM + csvRow(CSV_HEADER);
  for (const row of periodRows(r)) out += csvRow(row);
  const c = committeeLines(opts.committee);
  if (c) {
    out += csvRow([]);
    for (const l of c.lines) out += csvRow([c.heading, l]);
  }
  return out;
}

export function reportHtml(r: PlanReport, opts: ExportOptions = {}): string {
  const t = htmlText;
  const s = r.summary;
  const body: string[] = [];
  body.push(`<div class="masthead"><p class="council">${t(r.plan.title)}</p><h1>Progress report: ${t(r.period.label)}</h1><p class="muted">Returns due ${t(formatDate(r.period.dueAt))}; ${s.returns.submitted} of ${s.returns.expected} received${s.returns.late ? `, ${s.returns.late} late` : ""}.</p></div>`);
  const committee = committeeLines(opts.committee);
  if (committee) body.push(`<h2>${t(committee.heading)}</h2>${committee.lines.map((l) => `<p class="hash">${t(l)}</p>`).join("")}`);
  body.push(`<h2>Summary</h2><table><caption>Milestones and projects (${s.milestones.total})</caption><tbody>
<tr><th>Complete</th><td>${s.milestones.byStatus.complete}</td></tr><tr><th>In progress</th><td>${s.milestones.byStatus.in_progress} (Red ${s.milestones.byRag.red}, Amber ${s.milestones.byRag.amber}, Green ${s.milestones.byRag.green})</td></tr>
<tr><th>Not started</th><td>${s.milestones.byStatus.not_started}</td></tr><tr><th>Not reported</th><td>${s.milestones.byStatus.not_reported}</td></tr></tbody></table>
<table><caption>Indicators (${s.indicators.total})</caption><tbody><tr><th>Red</th><td>${s.indicators.byRag.red}</td></tr><tr><th>Amber</th><td>${s.indicators.byRag.amber}</td></tr><tr><th>Green</th><td>${s.indicators.byRag.green}</td></tr><tr><th>No figure</th><td>${s.indicators.byRag.none}</td></tr></tbody></table>`);
  if (r.changes.length) {
    body.push(`<h3>Changed colour since ${t(r.previousPeriod?.label ?? "last period")}</h3><ul>${r.changes.map((c) => `<li>${t(c.label)} ${t(c.text)}: ${t(ragLabel(c.from) || c.from)} to ${t(ragLabel(c.to) || c.to)} (${t(c.ownerName)})</li>`).join("")}</ul>`);
  }
  body.push(`<h2>Exceptions</h2>`);
  if (!r.exceptions.length) body.push(`<p>None.</p>`);
  for (const e of r.exceptions) {
    body.push(`<div class="view"><p class="who">${t(REASONS[e.reason])}: ${t(e.label)} ${e.label === e.text ? "" : t(e.text)}</p><p class="muted">${t(e.ownerName)}</p>${e.commentary ? `<p>${t(e.commentary)}</p>` : ""}${e.correctiveAction ? `<p><strong>Corrective action:</strong> ${t(e.correctiveAction)}</p>` : ""}</div>`);
  }
  body.push(`<h2>The full plan</h2>`);
  for (const p of r.priorities) {
    body.push(`<h3>Strategic Priority ${p.number}: ${t(p.title)}</h3><p class="muted">Lead: ${t(p.leadText || "none")}${p.leadName ? ` (${t(p.leadName)})` : ""}. Resources: ${t(p.resources || "none")}.</p>`);
    for (const i of p.indicators) {
      body.push(`<div class="qa"><p class="q">${t(i.code)} ${t(i.title)}</p><p>Baseline ${t(fig(i.baseline, i.unit) || "none")}${i.baselineDate ? ` (${t(i.baselineDate)})` : ""} · target ${t(i.target ? fig(i.target.value, i.unit) : "none")}${i.target?.label ? ` (${t(i.target.label)})` : ""} · actual ${t(fig(i.actual, i.unit) || "not reported")} · RAG ${t(ragLabel(i.rag) || "none")}${i.overridden ? " (overridden)" : ""} · ${t(dir(i.direction) || "no comparison")}</p>${i.commentary ? `<p>${t(i.commentary)}</p>` : ""}</div>`);
    }
    for (const m of p.milestones) {
      body.push(`<div class="qa"><p class="q">${t(m.number)} ${t(m.text)}</p><p>${t(statusLabel(m.status) || "Not reported")}${m.rag ? ` · ${t(ragLabel(m.rag))}` : ""} · ${t(m.ownerName)}${m.dueOn ? ` · due ${t(formatDate(m.dueOn))}` : ""}</p>${m.commentary ? `<p>${t(m.commentary)}</p>` : ""}${m.correctiveAction ? `<p><strong>Corrective action:</strong> ${t(m.correctiveAction)}</p>` : ""}</div>`);
    }
  }
  return documentHtml({ title: reportTitle(r), draft: false, body: body.join("\n"), nonce: opts.nonce });
}

export async function reportDocx(input: PlanReport, options: ExportOptions = {}): Promise<Buffer> {
  // Nothing XML cannot hold, no bidi controls (lib/escape docxSafe): Word would not open the file.
  const r = docxSafe(input);
  const opts = docxSafe(options);
  const P = (text: string, opts: { bold?: boolean; colour?: string } = {}) => new Paragraph({ children: [new TextRun({ text, bold: opts.bold, color: opts.colour })], spacing: { after: 120 } });
  const H = (n: number, text: string) => new Paragraph({ heading: headingLevel(n), children: [new TextRun(text)] });
  const s = r.summary;
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ style: "Title", children: [new TextRun(`Progress report: ${r.period.label}`)] }),
    P(r.plan.title, { colour: COLOURS.muted }),
    ...(() => {
      const c = committeeLines(opts.committee);
      return c ? [H(1, c.heading), ...c.lines.map((l) => P(l))] : [];
    })(),
    H(1, "Summary"),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        ["Milestones and projects", String(s.milestones.total)],
        ["Complete", String(s.milestones.byStatus.complete)],
        ["In progress", `${s.milestones.byStatus.in_progress} (Red ${s.milestones.byRag.red}, Amber ${s.milestones.byRag.amber}, Green ${s.milestones.byRag.green})`],
        ["Not started", String(s.milestones.byStatus.not_started)],
        ["Not reported", String(s.milestones.byStatus.not_reported)],
        ["Indicators Red / Amber / Green / no figure", `${s.indicators.byRag.red} / ${s.indicators.byRag.amber} / ${s.indicators.byRag.green} / ${s.indicators.byRag.none}`],
        ["Returns received", `${s.returns.submitted} of ${s.returns.expected}${s.returns.late ? `, ${s.returns.late} late` : ""}`],
      ].map(([a, b]) => new TableRow({ children: [cell(a!, true), cell(b!)] })),
    }),
  ];
  if (r.changes.length) {
    children.push(H(2, `Changed colour since ${r.previousPeriod?.label ?? "last period"}`));
    for (const c of r.changes) children.push(P(`${c.label} ${c.text}: ${ragLabel(c.from) || c.from} to ${ragLabel(c.to) || c.to} (${c.ownerName})`));
  }
  children.push(H(1, "Exceptions"));
  if (!r.exceptions.length) children.push(P("None."));
  for (const e of r.exceptions) {
    children.push(H(2, `${REASONS[e.reason]}: ${e.label}${e.label === e.text ? "" : ` ${e.text}`}`), P(e.ownerName, { colour: COLOURS.muted }));
    if (e.commentary) children.push(P(e.commentary));
    if (e.correctiveAction) children.push(P(`Corrective action: ${e.correctiveAction}`));
  }
  children.push(H(1, "The full plan"));
  for (const p of r.priorities) {
    children.push(H(2, `Strategic Priority ${p.number}: ${p.title}`), P(`Lead: ${p.leadText || "none"}. Resources: ${p.resources || "none"}.`, { colour: COLOURS.muted }));
    for (const i of p.indicators) {
      children.push(H(3, `${i.code} ${i.title}`));
      children.push(P(`Baseline ${fig(i.baseline, i.unit) || "none"}${i.baselineDate ? ` (${i.baselineDate})` : ""} · target ${i.target ? fig(i.target.value, i.unit) : "none"} · actual ${fig(i.actual, i.unit) || "not reported"} · RAG ${ragLabel(i.rag) || "none"} · ${dir(i.direction) || "no comparison"}`));
      if (i.commentary) children.push(P(i.commentary));
    }
    for (const m of p.milestones) {
      children.push(H(3, `${m.number} ${m.text}`));
      children.push(P(`${statusLabel(m.status) || "Not reported"}${m.rag ? ` · ${ragLabel(m.rag)}` : ""} · ${m.ownerName}${m.dueOn ? ` · due ${formatDate(m.dueOn)}` : ""}`));
      if (m.commentary) children.push(P(m.commentary));
      if (m.correctiveAction) children.push(P(`Corrective action: ${m.correctiveAction}`));
    }
  }
  return documentBuffer(buildDocument({ title: reportTitle(r), draft: false, children }));
}

export async function renderReportFile(r: PlanReport, file: ReportFile, opts: ExportOptions = {}): Promise<RenderedFile> {
  const base = `${r.plan.slug}-${r.period.label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-report`;
  if (file === "report.csv") return { body: reportCsv(r, opts), contentType: CONTENT_TYPES.csv, filename: `${base}.csv`, inline: false };
  if (file === "all-periods.csv") return { body: historyCsv(opts.history ?? []), contentType: CONTENT_TYPES.csv, filename: `${r.plan.slug}-all-periods.csv`, inline: false };
  if (file === "report.xlsx") return { body: await reportXlsx(r, opts), contentType: CONTENT_TYPES.xlsx, filename: `${base}.xlsx`, inline: false };
  if (file === "report.docx") return { body: await reportDocx(r, opts), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false };
  const html = reportHtml(r, opts);
  if (file === "report.html") return { body: html, contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true };
  return { body: await htmlToPdf(html), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false };
}

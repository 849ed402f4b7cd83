// A draft document's consultation statement as print-ready HTML (also what its PDF is printed
// from), as a Word document and its schedule of comments as CSV, from lib/documents/statement.ts:
// who was invited and how, the counts, the main issues, the council's responses per paragraph,
// and every comment with the council's response and outcome, each linked to the paragraph in the
// next version. Every text a person typed is escaped.
//
// The PDF carries the schedule of every comment only up to PDF_SCHEDULE_LIMIT comments. Chromium's
// tagged (accessible) PDF costs superlinearly in its structure tree: 20,000 comments took 53–76 s
// and made a 2,500-page file no one reads through. Above the limit the PDF is the statement a
// council publishes (the summary: counts, main issues and the council's responses per paragraph)
// and links the complete schedule as a web page, a Word document and a spreadsheet (CSV). Merging
// PDFs printed in chunks was the other way, but no Node library keeps the structure tree when it
// merges (pdf-lib copies pages and drops StructTreeRoot), and on two cores even the untagged print
// of the whole list took 23 s.
import { randomBytes } from "node:crypto";
import { ExternalHyperlink, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { appUrl } from "../config";
import { statementAccess, statementOf } from "../documents/statement";
import { keeper } from "../kept";
import { NotFoundError } from "../errors";
import { csvRow, UTF8_BOM } from "./csv";
import { CONTENT_TYPES, type RenderedFile } from "./documents";
import { htmlToPdf } from "./pdf";
import { OUTCOME_LABELS, STANCE_LABELS } from "../documents/schemas";
import type { CommentChange, ConsultationStatement, StatementRow } from "../documents/statement";
import { docxSafe, htmlAttr, htmlText, isolate } from "../escape";
import { buildDocument, COLOURS, documentBuffer, headingLevel, textParagraphs } from "./docx-common";
import { documentHtml, formatDate, formatDateTime } from "./html";
import { label } from "../format";
import { plural } from "../text/plural";

export function statementTitle(s: ConsultationStatement): string {
  return `Consultation statement: ${s.documentTitle}, version ${s.version} (${s.versionLabel})`;
}

/** The public address of the paragraph in the next version (anchors carry across versions). */
export function changeUrl(s: Pick<ConsultationStatement, "documentId">, c: CommentChange): string {
  return `${appUrl()}/documents/${s.documentId}?version=${c.version}#${encodeURIComponent(c.anchor)}`;
}

export function changeText(c: CommentChange | null): string | null {
  if (!c) return null;
  if (c.kind === "removed") return `Removed from version ${c.version}`;
  if (c.kind === "changed") return `Changed in version ${c.version}: now paragraph ${c.numberAfter}`;
  return `Unchanged in version ${c.version}: paragraph ${c.numberAfter}`;
}

function invitedText(s: ConsultationStatement): string {
  const window = s.stage?.startsOn && s.stage?.dueOn ? ` between ${formatDate(s.stage.startsOn)} and ${formatDate(s.stage.dueOn)}` : "";
  return `${s.stage ? `At stage ${s.stage.number} (${s.stage.name}), ` : ""}${s.invited.length} organisations were invited by email to read the document online and comment on any numbered paragraph${window}${s.openToAll ? "; partners of any other organisation could comment too" : ""}.`;
}

function totalsText(s: ConsultationStatement): string {
  const outcomes = (Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[]).map((o) => `${s.outcomes[o]} ${OUTCOME_LABELS[o].toLowerCase()}`).join(", ");
  return `${plural(s.totals.comments, "comment")} from ${plural(s.totals.organisations, "organisation")}. The council has answered ${s.totals.answered}: ${outcomes}.`;
}

const COUNT_HEADS = ["Comments", "Support", "Object", "Comment"];
const countCells = (r: StatementRow) => [r.total, r.support, r.object, r.comment].map(String);

function countsHtml(caption: string, first: string, rows: StatementRow[], withOrganisations = false): string {
  const heads = [first, ...(withOrganisations ? ["Organisations"] : []), ...COUNT_HEADS];
  return `<table class="counts"><caption><strong>${htmlText(caption)}</strong></caption><thead><tr>${heads.map((h) => `<th scope="col">${htmlText(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr><th scope="row">${htmlText(r.label)}</th>${[...(withOrganisations ? [String(r.organisations ?? 0)] : []), ...countCells(r)].map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

// The comments are grouped by paragraph: a summary (counts, main issues, how they were answered)
// then one compact table row per comment. A heading and a block per comment made 20,000 outline
// entries and ~200,000 boxes for Chromium to lay out (36 s); rows of a fixed-layout table are cheap.
const STATEMENT_CSS = `
table.counts th { width: auto; }
table.comments { table-layout: fixed; font-size: 9pt; line-height: 1.3; }
table.comments th, table.comments td { width: auto; padding: 1mm 2mm 1mm 0; }
table.comments col.who { width: 30mm; }
table.comments col.answer { width: 55mm; }
table.comments .q { color: #505a5f; font-style: italic; }
table.comments a { color: #1d70b8; }
p.responses-head { margin-bottom: 1mm; }
ul.invited { columns: 2; column-gap: 8mm; font-size: 10pt; }
ul.responses { font-size: 10pt; margin-top: 0; }
`;

type StatementComment = ConsultationStatement["comments"][number];
export type ParagraphGroup = { paragraphNumber: string; comments: StatementComment[] };

/** The comments grouped by paragraph, in the order they come (the document's order). */
export function commentsByParagraph(comments: StatementComment[]): ParagraphGroup[] {
  const groups = new Map<string, ParagraphGroup>();
  for (const k of comments) {
    let g = groups.get(k.paragraphId);
    if (!g) groups.set(k.paragraphId, (g = { paragraphNumber: k.paragraphNumber, comments: [] }));
    g.comments.push(k);
  }
  return [...groups.values()];
}

/** "12 comments from 9 organisations: 4 support, 5 object, 3 comment. Answered 10: 2 changed, …" */
export function groupSummary(g: ParagraphGroup): { counts: string; issues: string | null; responses: ReturnType<typeof groupResponses> } {
  const orgs = new Set(g.comments.map((k) => k.organisationId)).size;
  const stance = (x: string) => g.comments.filter((k) => k.stance === x).length;
  const answered = g.comments.filter((k) => k.outcome);
  const outcomes = (Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[])
    .map((o) => [answered.filter((k) => k.outcome === o).length, OUTCOME_LABELS[o].toLowerCase()] as const)
    .filter(([n]) => n > 0)
    .map(([n, l]) => `${n} ${l}`)
    .join(", ");
  const counts = `${plural(g.comments.length, "comment")} from ${plural(orgs, "organisation")}: ${stance("support")} support, ${stance("object")} object, ${stance("comment")} comment. ${answered.length === g.comments.length ? "All answered" : `Answered ${answered.length}`}${outcomes ? `: ${outcomes}` : ""}.`;
  const issueCounts = new Map<string, number>();
  for (const k of g.comments) if (k.issueTitle) issueCounts.set(k.issueTitle, (issueCounts.get(k.issueTitle) ?? 0) + 1);
  const issues = issueCounts.size ? `Main issues: ${[...issueCounts].map(([t, n]) => `${isolate(t)} (${n})`).join("; ")}.` : null;
  return { counts, issues, responses: groupResponses(g) };
}

/** At most this many of a paragraph's distinct responses in the summary; the schedule has them all. */
export const RESPONSES_PER_PARAGRAPH = 8;

/**
 * The council's responses on a paragraph: each distinct answer (outcome and text) once, with how
 * many comments it answers and the main issue it was given under, most used first. One answer
 * given to a whole issue's comments shows once; at most RESPONSES_PER_PARAGRAPH, with the rest counted.
 */
export function groupResponses(g: ParagraphGroup): { shown: { outcome: string; response: string; comments: number; issue: string | null }[]; more: number } {
  const byText = new Map<string, { outcome: string; response: string; comments: number; issue: string | null }>();
  for (const k of g.comments) {
    if (!k.response || !k.outcome) continue;
    const key = `${k.outcome}\u0000${k.response.trim()}`;
    const r = byText.get(key) ?? { outcome: OUTCOME_LABELS[k.outcome], response: k.response.trim(), comments: 0, issue: k.issueTitle };
    r.comments += 1;
    if (r.issue !== k.issueTitle) r.issue = null;
    byText.set(key, r);
  }
  const all = [...byText.values()].sort((a, b) => b.comments - a.comments);
  return { shown: all.slice(0, RESPONSES_PER_PARAGRAPH), more: all.length - Math.min(all.length, RESPONSES_PER_PARAGRAPH) };
}

/** Up to this many comments the PDF lists every one; above it, the PDF links the schedule (see the top). */
export const PDF_SCHEDULE_LIMIT = 1_000;

/** The addresses of a statement's files (absolute: they are printed in the PDF). */
export function statementFileUrl(s: Pick<ConsultationStatement, "consultationSlug" | "documentId" | "version">, file: StatementFile): string {
  return `${appUrl()}/consultations/${encodeURIComponent(s.consultationSlug)}/documents/${s.documentId}/${file}?version=${s.version}`;
}

function responsesHtml(r: ReturnType<typeof groupResponses>): string {
  if (!r.shown.length) return "";
  return `<p class="responses-head"><strong>The council's responses</strong></p><ul class="responses">${r.shown
    .map((x) => `<li><strong>${htmlText(x.outcome)}</strong> (${plural(x.comments, "comment")}${x.issue ? `; ${htmlText(x.issue)}` : ""}): ${cellText(x.response)}</li>`)
    .join("")}${r.more ? `<li>${plural(r.more, "other response")}: see the schedule of comments.</li>` : ""}</ul>`;
}

/** Typed text in a table cell: its lines kept, with no element per paragraph. */
const cellText = (text: string) => text.split(/\n+/).map((l) => htmlText(l.trim())).filter(Boolean).join("<br>");

function commentRowHtml(s: ConsultationStatement, k: StatementComment): string {
  const change = changeText(k.change);
  return `<tr><td>${htmlText(k.organisationName)}<br>${htmlText(STANCE_LABELS[k.stance])}</td><td>${k.quote ? `<span class="q">About “${htmlText(k.quote)}”</span><br>` : ""}${cellText(k.text)}${k.proposedChange ? `<br><strong>Proposed change:</strong> ${cellText(k.proposedChange)}` : ""}</td><td>${
    k.response ? `<strong>${htmlText(OUTCOME_LABELS[k.outcome!])}:</strong> ${cellText(k.response)}` : "Not answered yet."
  }${change && k.change ? `<br><a href="${htmlAttr(changeUrl(s, k.change))}">${htmlText(change)}</a>` : ""}</td></tr>`;
}

/**
 * The statement as HTML. `schedule`: list every comment (the print view always does; the PDF up
 * to PDF_SCHEDULE_LIMIT comments, above which it links the schedule instead).
 */
export function statementHtml(s: ConsultationStatement, opts: { nonce?: string; schedule?: boolean } = {}): string {
  const schedule = opts.schedule ?? true;
  const parts: string[] = [];
  parts.push(`<header class="masthead"><p class="council">${htmlText(s.consultationTitle)}</p></header>`);
  parts.push(`<h1>${htmlText(statementTitle(s))}</h1>`);
  parts.push(`<dl class="meta"><dt>Status</dt><dd>${s.publishedAt ? `Published ${htmlText(formatDate(s.publishedAt))}` : "Not yet published"}</dd><dt>Produced</dt><dd>${htmlText(formatDateTime(s.generatedAt))}</dd></dl>`);
  parts.push(`<h2>Who was invited and how</h2><p>${htmlText(invitedText(s))}</p>`);
  if (s.invited.length) parts.push(`<ul class="invited">${s.invited.map((o) => `<li>${htmlText(o.name)} (${plural(o.contacts, "contact")})</li>`).join("")}</ul>`);
  parts.push(`<h2>How many comments</h2><p>${htmlText(totalsText(s))}</p>`);
  if (s.byType.length) parts.push(countsHtml("Comments by type of organisation", "Type of organisation", s.byType, true));
  if (s.byParagraph.length) parts.push(countsHtml("Comments by paragraph", "Paragraph", s.byParagraph));
  if (s.issues.length) {
    parts.push(`<h2>The main issues raised</h2><ul>${s.issues
      .map((i) => `<li>${htmlText(i.title)}: ${plural(i.comments, "comment")} (paragraphs ${i.paragraphs.map(htmlText).join(", ")}; ${i.organisations.map(htmlText).join(", ")})</li>`)
      .join("")}</ul>`);
  }
  parts.push(`<h2>The comments and how each was taken into account</h2>`);
  if (!schedule && s.comments.length) {
    const link = (file: StatementFile, text: string) => `<a href="${htmlAttr(statementFileUrl(s, file))}">${htmlText(text)}</a>`;
    parts.push(
      `<p class="schedule-link">${htmlText(`This PDF summarises each paragraph's comments and the council's responses. The schedule of all ${s.comments.length.toLocaleString("en-GB")} comments, each with the council's response and outcome, is too long to print here; it is published as`)} ${link("statement.html", "a web page")}, ${link("statement.docx", "a Word document")} ${htmlText("and")} ${link("statement-comments.csv", "a spreadsheet (CSV)")}.</p>`,
    );
  }
  for (const g of commentsByParagraph(s.comments)) {
    const sum = groupSummary(g);
    // In the summary a paragraph's counts are in the table above: a section only for its issues and
    // responses (with the schedule, each response is in its comment's row instead).
    if (!schedule && !sum.issues && !sum.responses.shown.length) continue;
    parts.push(`<h3>Paragraph ${htmlText(g.paragraphNumber)}</h3><p>${htmlText(sum.counts)}${sum.issues ? `<br>${htmlText(sum.issues)}` : ""}</p>${schedule ? "" : responsesHtml(sum.responses)}`);
    if (!schedule) continue;
    parts.push(
      `<table class="comments"><colgroup><col class="who"><col><col class="answer"></colgroup><thead><tr><th scope="col">Organisation</th><th scope="col">Comment</th><th scope="col">Council's response</th></tr></thead><tbody>${g.comments.map((k) => commentRowHtml(s, k)).join("")}</tbody></table>`,
    );
  }
  if (!s.comments.length) parts.push(`<p>No comments were submitted on this version.</p>`);
  return documentHtml({ title: statementTitle(s), draft: false, body: parts.join("\n"), nonce: opts.nonce, css: STATEMENT_CSS });
}

function countsDocx(rows: StatementRow[], first: string, withOrganisations = false): Table {
  const heads = [first, ...(withOrganisations ? ["Organisations"] : []), ...COUNT_HEADS];
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: heads.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: [cell(r.label, true), ...[...(withOrganisations ? [String(r.organisations ?? 0)] : []), ...countCells(r)].map((c) => cell(c))] })),
    ],
  });
}

export async function statementDocx(input: ConsultationStatement): Promise<Buffer> {
  const s = docxSafe(input);
  const children: (Paragraph | Table)[] = [];
  children.push(new Paragraph({ children: [new TextRun({ text: s.consultationTitle, bold: true })], spacing: { after: 120 } }));
  children.push(new Paragraph({ heading: headingLevel(1), text: statementTitle(s) }));
  children.push(new Paragraph({ children: [new TextRun({ text: "Status: ", bold: true }), new TextRun(s.publishedAt ? `Published ${formatDate(s.publishedAt)}` : "Not yet published")] }));
  children.push(new Paragraph({ children: [new TextRun({ text: "Produced: ", bold: true }), new TextRun(formatDateTime(s.generatedAt))], spacing: { after: 200 } }));
  children.push(new Paragraph({ heading: headingLevel(2), text: "Who was invited and how" }), new Paragraph({ text: invitedText(s), spacing: { after: 120 } }));
  for (const o of s.invited) children.push(new Paragraph({ text: `${o.name} (${plural(o.contacts, "contact")})`, bullet: { level: 0 } }));
  children.push(new Paragraph({ heading: headingLevel(2), text: "How many comments" }), new Paragraph({ text: totalsText(s), spacing: { after: 120 } }));
  if (s.byType.length) children.push(new Paragraph({ heading: headingLevel(3), text: "Comments by type of organisation" }), countsDocx(s.byType, "Type of organisation", true));
  if (s.byParagraph.length) children.push(new Paragraph({ heading: headingLevel(3), text: "Comments by paragraph" }), countsDocx(s.byParagraph, "Paragraph"));
  if (s.issues.length) {
    children.push(new Paragraph({ heading: headingLevel(2), text: "The main issues raised" }));
    for (const i of s.issues) {
      children.push(new Paragraph({ text: `${i.title}: ${plural(i.comments, "comment")} (paragraphs ${i.paragraphs.join(", ")}; ${i.organisations.join(", ")})`, bullet: { level: 0 } }));
    }
  }
  children.push(new Paragraph({ heading: headingLevel(2), text: "The comments and how each was taken into account" }));
  const cell = (paras: Paragraph[], width: number) => new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: paras.length ? paras : [new Paragraph("")] });
  const small = (text: string, opts: { bold?: boolean; italics?: boolean; color?: string } = {}) => new Paragraph({ children: [new TextRun({ text, size: 18, ...opts })] });
  for (const g of commentsByParagraph(s.comments)) {
    const sum = groupSummary(g);
    children.push(new Paragraph({ heading: headingLevel(3), text: `Paragraph ${g.paragraphNumber}` }));
    children.push(new Paragraph({ text: sum.counts }));
    if (sum.issues) children.push(new Paragraph({ text: sum.issues }));
    const rows = g.comments.map((k) => {
      const comment: Paragraph[] = [];
      if (k.quote) comment.push(small(`About “${k.quote}”`, { italics: true, color: COLOURS.muted }));
      comment.push(...textParagraphs(k.text));
      if (k.proposedChange) comment.push(...textParagraphs(k.proposedChange, { prefix: "Proposed change:" }));
      const answer: Paragraph[] = k.response
        ? [small(`${OUTCOME_LABELS[k.outcome!]}:`, { bold: true, color: COLOURS.blue }), ...textParagraphs(k.response)]
        : [small("Not answered yet.", { italics: true })];
      const change = changeText(k.change);
      if (change && k.change) answer.push(new Paragraph({ children: [new ExternalHyperlink({ link: changeUrl(s, k.change), children: [new TextRun({ text: change, style: "Hyperlink", color: COLOURS.blue, underline: {}, size: 18 })] })] }));
      return new TableRow({ children: [cell([small(k.organisationName, { bold: true }), small(STANCE_LABELS[k.stance])], 20), cell(comment, 45), cell(answer, 35)] });
    });
    const head = (text: string, width: number) => cell([small(text, { bold: true })], width);
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: [head("Organisation", 20), head("Comment", 45), head("Council's response", 35)] }), ...rows] }));
  }
  if (!s.comments.length) children.push(new Paragraph({ text: "No comments were submitted on this version." }));
  return documentBuffer(buildDocument({ title: statementTitle(s), draft: false, children }));
}

export const STATEMENT_CSV_HEADINGS = [
  "Paragraph",
  "Organisation",
  "Type of organisation",
  "Reference",
  "Support, object or comment",
  "Passage",
  "Comment",
  "Proposed change",
  "Main issue",
  "Outcome",
  "Council's response",
  "In the next version",
  "Link to the paragraph in the next version",
] as const;

/** The schedule of every comment with the council's response, one row each (formula-guarded). */
export function statementCsv(s: ConsultationStatement): string {
  const out: string[] = [UTF8_BOM, csvRow([...STATEMENT_CSV_HEADINGS])];
  for (const k of s.comments) {
    out.push(
      csvRow([
        k.paragraphNumber,
        k.organisationName,
        label(k.organisationType),
        k.reference,
        STANCE_LABELS[k.stance],
        k.quote,
        k.text,
        k.proposedChange,
        k.issueTitle,
        k.outcome ? OUTCOME_LABELS[k.outcome] : "",
        k.response,
        changeText(k.change),
        k.change ? changeUrl(s, k.change) : "",
      ]),
    );
  }
  return out.join("");
}

export const STATEMENT_FILES = { "statement.html": "html", "statement.pdf": "pdf", "statement.docx": "docx", "statement-comments.csv": "csv" } as const;
export type StatementFile = keyof typeof STATEMENT_FILES;

/**
 * A version's consultation statement as a file by name ("statement.pdf"); null for another name.
 * Access is decided by statementAccess (the council's readers, or anyone once published), afresh
 * on every request.
 *
 * The council's readers get it as it is now. Everyone else reads a published statement, the same
 * for all of them, which anyone may download as often as they like: its PDF is printed by
 * Chromium (seconds for thousands of comments) and every file reads every comment, so what the
 * public is served is kept for PUBLIC_KEEP_MS in each instance (up to PUBLIC_KEEP_BYTES), and
 * people asking at once share one piece of work. The key is the version and the next published
 * version, whose paragraphs the outcomes link to, so publishing one shows at once; a response
 * reworded, or an organisation or the consultation renamed, after the statement was published
 * reaches the public's files within PUBLIC_KEEP_MS. The web page is kept with a mark where the
 * request's CSP nonce goes, put in per request.
 */
export async function renderStatement(
  db: Db,
  input: { documentId: string; version: number | null; consultationSlug: string },
  file: string,
  actor: Actor | null,
  opts: { nonce?: string } = {},
): Promise<RenderedFile | null> {
  const format = STATEMENT_FILES[file as keyof typeof STATEMENT_FILES];
  if (!format) return null;
  const access = await statementAccess(db, { documentId: input.documentId, version: input.version }, actor);
  if (access.view.consultation.slug !== input.consultationSlug) throw new NotFoundError("Consultation statement");
  if (access.reader) return statementFile(await statementOf(db, access), format, opts);
  const key = `${access.view.version.id}:${access.next?.id ?? "last"}:${format}`;
  const kept = await publicFiles.read(key, async () => Object.freeze(await statementFile(await statementOf(db, access), format, { nonce: NONCE_MARK })));
  if (format !== "html") return kept;
  return { ...kept, body: (kept.body as string).replaceAll(` nonce="${NONCE_MARK}"`, opts.nonce ? ` nonce="${htmlAttr(opts.nonce)}"` : "") };
}

/** How long what the public is served of a published statement is kept (lib/kept). */
export const PUBLIC_KEEP_MS = 5 * 60_000;
/** The most bytes of statement files kept at once in an instance. */
export const PUBLIC_KEEP_BYTES = 128 * 1024 * 1024;

/** Where a kept web page's nonce goes: random, so no text of a statement (all of it escaped) can hold it. */
const NONCE_MARK = `nonce-${randomBytes(18).toString("hex")}`;

const publicFiles = keeper<RenderedFile & { body: Buffer | string }>({
  ttl: PUBLIC_KEEP_MS,
  maxSize: PUBLIC_KEEP_BYTES,
  size: (f) => (typeof f.body === "string" ? Buffer.byteLength(f.body) : f.body.byteLength),
});

async function statementFile(s: ConsultationStatement, format: (typeof STATEMENT_FILES)[StatementFile], opts: { nonce?: string }): Promise<RenderedFile & { body: Buffer | string }> {
  const base = `${s.consultationSlug}-statement-v${s.version}`.replace(/[^A-Za-z0-9._-]/g, "-");
  if (format === "html") return { body: statementHtml(s, opts), contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true };
  if (format === "docx") return { body: await statementDocx(s), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false };
  if (format === "csv") return { body: statementCsv(s), contentType: CONTENT_TYPES.csv, filename: `${base}-comments.csv`, inline: false };
  return { body: await htmlToPdf(statementHtml(s, { schedule: s.comments.length <= PDF_SCHEDULE_LIMIT })), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false };
}

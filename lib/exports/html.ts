// The print-ready HTML shell shared by every exported document: one self-contained page (no
// external assets) laid out for A4, with a DRAFT mark repeated on every printed page when the
// document is not signed off. The PDF is this HTML printed by Chromium.
import { createHash } from "node:crypto";
import { cssString, htmlAttr, htmlText } from "../escape";
import { formatDate, formatDateTime } from "../format";

/** Paragraphs from plain text: a blank line starts a new paragraph, a single break is kept. */
export function paragraphsHtml(text: string, className = ""): string {
  const paras = text.replace(/\r\n/g, "\n").trim().split(/\n\s*\n/).filter((p) => p.trim());
  const cls = className ? ` class="${htmlAttr(className)}"` : "";
  return paras.map((p) => `<p${cls}>${htmlText(p.trim()).replace(/\n/g, "<br>")}</p>`).join("\n");
}

/**
 * Page furniture as CSS page-margin boxes, so the browser's own printing and the PDF (printed
 * by Chromium from this HTML) carry the same running head and page numbers. A draft says
 * DRAFT at the top of every page; the running head is text in the margin, not a watermark
 * drawn over the content, so it never gets in the way of reading or of copying the text.
 */
function pageCss(runningHead: string, draft: boolean): string {
  const head = draft
    ? `content: ${cssString(runningHead)}; color: #d4351c; font: bold 10pt Arial, "Liberation Sans", sans-serif;`
    : `content: ${cssString(runningHead)}; color: #505a5f; font: 8pt Arial, "Liberation Sans", sans-serif;`;
  return `@page { size: A4; margin: 22mm 20mm 20mm 20mm;
  @top-right { ${head} vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); color: #505a5f; font: 8pt Arial, "Liberation Sans", sans-serif; vertical-align: top; padding-top: 4mm; }
}`;
}

export const PRINT_CSS = `
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; margin: 0; }
main { max-width: 170mm; margin: 0 auto; padding: 8mm 0; }
.masthead { border-bottom: 2pt solid #0b0c0c; padding-bottom: 4mm; margin-bottom: 6mm; }
.masthead .council { font-size: 12pt; font-weight: bold; margin: 0 0 2mm; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 3mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.meta { margin: 0; }
.meta dt { font-weight: bold; float: left; clear: left; width: 48mm; }
.meta dd { margin: 0 0 1mm 50mm; }
.qa { margin: 0 0 4mm; }
.qa .q { font-size: 11pt; font-weight: bold; margin: 0 0 2.5mm; break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.qa .a.first { orphans: 3; widows: 2; }
.qa .a-label, .qa .q-label { font-weight: bold; }
.qa .a { margin-left: 0; }
.qa .none { color: #505a5f; font-style: italic; }
.view { border-left: 3pt solid #b1b4b6; padding-left: 3mm; margin: 0 0 3mm; break-inside: avoid; }
.view .who { font-weight: bold; margin-bottom: 1mm; }
.draft-answer { border-left: 3pt solid #1d70b8; padding-left: 3mm; margin: 0 0 3mm; break-inside: avoid; }
.a-label { break-after: avoid; page-break-after: avoid; }
.comment { border-left: 3pt solid #f47738; padding-left: 3mm; margin: 0 0 2mm; break-inside: avoid; }
.comment .who { font-size: 10pt; color: #505a5f; margin-bottom: 1mm; }
.muted { color: #505a5f; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; }
caption { text-align: left; }
th, td { text-align: left; vertical-align: top; border-bottom: 0.75pt solid #b1b4b6; padding: 1.5mm 2mm 1.5mm 0; }
th { width: 48mm; }
.hash { font-family: "Courier New", "Liberation Mono", monospace; font-size: 9.5pt; word-break: break-all; }
.signoff { break-inside: avoid; page-break-inside: avoid; }
.draft-banner { border: 2pt solid #d4351c; color: #d4351c; font-weight: bold; padding: 2mm 3mm; margin: 0 0 5mm; }
@media print { main { padding: 0; } }
@media screen { body { background: #f3f2f1; } main { background: #fff; padding: 15mm 20mm; margin: 10mm auto; max-width: 210mm; box-shadow: 0 0 0 1px #b1b4b6; } }
`;

export const DRAFT_RUNNING_HEAD = "DRAFT – not signed off";

/**
 * The document's own policy, for when it is saved and opened from disk (where no header
 * protects it): no script, no network, and only its one stylesheet, by hash. Served by the
 * app, the page also gets the site's policy header (proxy.ts), whose nonce the caller passes.
 */
function documentPolicy(css: string): string {
  const hash = createHash("sha256").update(css, "utf8").digest("base64");
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** `css`: the document's own rules after the shared ones (the letterhead's, say). */
export function documentHtml(opts: { title: string; draft: boolean; body: string; nonce?: string; css?: string }): string {
  const css = `${pageCss(opts.draft ? DRAFT_RUNNING_HEAD : opts.title, opts.draft)}${PRINT_CSS}${opts.css ?? ""}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlAttr(documentPolicy(css))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(opts.draft ? `DRAFT – ${opts.title}` : opts.title)}</title>
<style${opts.nonce ? ` nonce="${htmlAttr(opts.nonce)}"` : ""}>${css}</style>
</head>
<body>
<main>
${opts.body}
</main>
</body>
</html>
`;
}

export { formatDate, formatDateTime };

// The collated report as print-ready HTML (and, printed by Chromium, the PDF).
import type { CollatedReportDoc, ReportQuestion } from "./collated-report";
import { documentHtml, formatDate, formatDateTime, paragraphsHtml } from "./html";
import { htmlAttr, htmlText } from "../escape";
import { plural } from "../text/plural";

export function collatedReportTitle(doc: CollatedReportDoc): string {
  return `${doc.title}: collated report`;
}

/** `level`: the question's heading level, one below its sub-heading or chapter (no gap in the outline). */
function questionHtml(q: ReportQuestion, level: 3 | 4): string {
  const parts = [`<div class="qa" data-question="${htmlAttr(q.number)}">`, `<h${level} class="q"><span class="q-label">${htmlText(q.number)}:</span> ${htmlText(q.question)}</h${level}>`];
  parts.push(`<p class="muted">${plural(q.partnerCount, "partner answered", "partners answered")}.</p>`);
  if (q.counts && q.counts.length) {
    parts.push(`<table><caption class="muted">How partners answered (${htmlText(q.countLabel ?? "chose")})</caption><thead><tr><th scope="col">Option</th><th scope="col">Partners</th><th scope="col">Per cent</th></tr></thead><tbody>`);
    for (const c of q.counts) parts.push(`<tr><td>${htmlText(c.option)}</td><td>${c.count}</td><td>${c.percent}%</td></tr>`);
    parts.push(`</tbody></table>`);
  }
  if (q.themes.length) {
    parts.push(`<table><caption class="muted">Themes partners raised (an answer may raise several)</caption><thead><tr><th scope="col">Theme</th><th scope="col">Answers</th><th scope="col">Respondents</th></tr></thead><tbody>`);
    for (const t of q.themes) parts.push(`<tr><td>${htmlText(t.name)}</td><td>${t.answers}</td><td>${t.respondents}</td></tr>`);
    parts.push(`</tbody></table>`);
    for (const t of q.themes.filter((x) => x.quotes.length)) {
      parts.push(`<p class="a-label">${htmlText(t.name)}: in partners' words</p>`);
      for (const x of t.quotes) parts.push(`<div class="view"><p class="who">${htmlText(x.organisation)} <span class="muted">(${htmlText(x.organisationType)})</span></p>${paragraphsHtml(x.text)}</div>`);
    }
  }
  if (q.views.length) {
    parts.push(`<p class="a-label">Partner views</p>`);
    for (const v of q.views) {
      parts.push(`<div class="view"><p class="who">${htmlText(v.organisation)} <span class="muted">(${htmlText(v.organisationType)})</span></p>${paragraphsHtml(v.answer)}</div>`);
    }
    if (q.partnerCount > q.views.length) parts.push(`<p class="muted">And ${q.partnerCount - q.views.length} more answers, on the collation page.</p>`);
  }
  if (q.draft) {
    parts.push(`<div class="draft-answer"><p class="a-label">Council's draft answer <span class="muted">(${htmlText(q.draft.status)})</span></p>${q.draft.text.trim() ? paragraphsHtml(q.draft.text) : '<p class="none">No answer has been drafted.</p>'}</div>`);
  }
  if (q.threads.length) {
    parts.push(`<p class="a-label">Comments</p>`);
    for (const t of q.threads) {
      parts.push(`<div class="comment"><p class="who">${htmlText(t.authorName ?? "Someone")}, ${htmlText(formatDateTime(t.createdAt))} · ${t.status === "open" ? "Open" : "Resolved"}</p>${paragraphsHtml(t.body)}`);
      for (const r of t.replies) parts.push(`<div class="comment"><p class="who">Reply from ${htmlText(r.authorName ?? "someone")}, ${htmlText(formatDateTime(r.createdAt))}</p>${paragraphsHtml(r.body)}</div>`);
      parts.push(`</div>`);
    }
  }
  parts.push(`</div>`);
  return parts.join("\n");
}

/** `nonce`: the page's CSP nonce, when the app serves the HTML (see documentHtml). */
export function collatedReportHtml(doc: CollatedReportDoc, opts: { nonce?: string } = {}): string {
  const parts: string[] = [];
  parts.push(`<header class="masthead">
<p class="council">${htmlText(doc.councilName)}</p>
<h1>${htmlText(doc.title)}</h1>
<p class="meta">Collated report for the Overview and Scrutiny Committee: for each question, partners' views, the council's draft answer and the committee's comments.</p>
<dl class="meta">
${doc.askedBy ? `<dt>Consultation from</dt><dd>${htmlText(doc.askedBy)}</dd>` : ""}
${doc.responseDeadline ? `<dt>Deadline for responses</dt><dd>${htmlText(formatDate(doc.responseDeadline))}</dd>` : ""}
<dt>Open comment threads</dt><dd>${doc.openThreads}</dd>
</dl>
</header>`);
  if (!doc.signedOff) parts.push(`<p class="draft-banner">DRAFT. The council's answers have not been signed off and may change.</p>`);
  for (const chapter of doc.chapters) {
    parts.push(`<section class="chapter">\n<h2>${htmlText(chapter.title)}</h2>`);
    for (const group of chapter.groups) {
      if (group.subheading) parts.push(`<h3>${htmlText(group.subheading)}</h3>`);
      for (const q of group.questions) parts.push(questionHtml(q, group.subheading ? 4 : 3));
    }
    parts.push(`</section>`);
  }
  parts.push(`<section class="signoff">\n<h2>Resolutions</h2>`);
  if (doc.resolutions.length) {
    for (const r of doc.resolutions) {
      parts.push(`<h3>${htmlText(r.committee)}, ${htmlText(formatDate(r.meetingDate))}</h3>${paragraphsHtml(r.text)}<p class="muted">Recorded by ${htmlText(r.recordedByName ?? "an officer")}.</p>`);
    }
  } else {
    parts.push(`<p>No resolution has been recorded yet.</p>`);
  }
  parts.push(`<p class="muted">Produced ${htmlText(formatDateTime(doc.generatedAt))}.</p>\n</section>`);
  return documentHtml({ title: collatedReportTitle(doc), draft: !doc.signedOff, body: parts.join("\n"), nonce: opts.nonce });
}

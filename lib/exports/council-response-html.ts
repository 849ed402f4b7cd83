// The council's response as print-ready HTML (also what the PDF is printed from).
import type { CouncilResponseDoc } from "./council-response";
import { documentHtml, formatDate, formatDateTime, paragraphsHtml } from "./html";
import { htmlAttr, htmlText } from "../escape";

export function councilResponseTitle(doc: CouncilResponseDoc): string {
  return `${doc.status === "draft" ? "Draft responses" : "Responses"} to key questions`;
}

export function signOffRows(doc: CouncilResponseDoc): [string, string][] {
  if (!doc.signOff) return [];
  return [
    ["Approved by", doc.signOff.approvedBy],
    ["Approved on", formatDateTime(doc.signOff.approvedAt)],
    ["Answer set version", String(doc.signOff.answerSetVersion)],
    ["SHA-256 of the approved answers", doc.signOff.hash],
  ];
}

/**
 * The chapters, sub-headings and question–answer pairs, with headings from level `top` (the
 * chapter) down without a gap: a question is the level below its sub-heading, or below the
 * chapter when it has none. Print CSS keeps each question with its answer's first lines.
 */
export function answersHtml(doc: Pick<CouncilResponseDoc, "chapters">, top: 1 | 2 | 3): string {
  const parts: string[] = [];
  for (const chapter of doc.chapters) {
    parts.push(`<section class="chapter">\n<h${top}>${htmlText(chapter.title)}</h${top}>`);
    if (chapter.description.trim()) parts.push(paragraphsHtml(chapter.description, "muted"));
    for (const group of chapter.groups) {
      if (group.subheading) parts.push(`<h${top + 1}>${htmlText(group.subheading)}</h${top + 1}>`);
      const level = group.subheading ? top + 2 : top + 1;
      for (const q of group.questions) {
        const answer = q.answer.trim()
          ? paragraphsHtml(q.answer, "a").replace('<p class="a">', '<p class="a first"><span class="a-label">A:</span> ')
          : `<p class="a first none"><span class="a-label">A:</span> No answer has been drafted.</p>`;
        parts.push(`<div class="qa" data-question="${htmlAttr(q.number)}">
<h${level} class="q"><span class="q-label">${htmlText(q.number)}:</span> ${htmlText(q.question)}</h${level}>
${answer}
</div>`);
      }
    }
    parts.push(`</section>`);
  }
  return parts.join("\n");
}

/** Whom the response answers, its deadline and whether it is signed off. */
export function responseMetaHtml(doc: CouncilResponseDoc): string {
  const draft = !doc.signOff;
  return `<dl class="meta">
${doc.askedBy ? `<dt>Response to</dt><dd>${htmlText(doc.askedBy)}</dd>` : ""}
${doc.responseDeadline ? `<dt>Deadline for responses</dt><dd>${htmlText(formatDate(doc.responseDeadline))}</dd>` : ""}
<dt>Status</dt><dd>${draft ? "Draft – not signed off" : "Signed off"}</dd>
</dl>`;
}

/** The sign-off section: who approved what and its hash (with the signatory's note where asked), or that it is a draft. */
export function signOffSectionHtml(doc: CouncilResponseDoc, opts: { note: boolean }): string {
  const parts = [`<section class="signoff">\n<h2>Sign-off</h2>`];
  if (doc.signOff) {
    parts.push(
      `<table><tbody>${signOffRows(doc)
        .map(([k, v]) => `<tr><th scope="row">${htmlText(k)}</th><td${k.startsWith("SHA") ? ' class="hash"' : ""}>${htmlText(v)}</td></tr>`)
        .join("")}</tbody></table>`,
    );
    if (opts.note && doc.signOff.note.trim()) parts.push(paragraphsHtml(doc.signOff.note));
  } else {
    parts.push(`<p>Not signed off. This is a draft: the answers may still change before a signatory approves them.</p>`);
  }
  parts.push(`<p class="muted">Produced ${htmlText(formatDateTime(doc.generatedAt))}.</p>\n</section>`);
  return parts.join("\n");
}

/** `nonce`: the page's CSP nonce, when the app serves the HTML (see documentHtml). */
export function councilResponseHtml(doc: CouncilResponseDoc, opts: { nonce?: string } = {}): string {
  const draft = doc.status === "draft";
  const parts: string[] = [];
  parts.push(`<header class="masthead">
<p class="council">${htmlText(doc.councilName)}</p>
<h1>${htmlText(doc.title)}</h1>
${responseMetaHtml(doc)}
</header>`);
  if (draft) {
    parts.push(`<p class="draft-banner">DRAFT. These answers have not been signed off and may change.</p>`);
  }
  parts.push(`<h2>${htmlText(councilResponseTitle(doc))}</h2>`);
  parts.push(answersHtml(doc, 2));
  parts.push(signOffSectionHtml(doc, { note: true }));
  return documentHtml({ title: `${doc.title} – ${councilResponseTitle(doc)}`, draft, body: parts.join("\n"), nonce: opts.nonce });
}

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

/** `nonce`: the page's CSP nonce, when the app serves the HTML (see documentHtml). */
export function councilResponseHtml(doc: CouncilResponseDoc, opts: { nonce?: string } = {}): string {
  const draft = doc.status === "draft";
  const parts: string[] = [];
  parts.push(`<header class="masthead">
<p class="council">${htmlText(doc.councilName)}</p>
<h1>${htmlText(doc.title)}</h1>
<dl class="meta">
${doc.askedBy ? `<dt>Response to</dt><dd>${htmlText(doc.askedBy)}</dd>` : ""}
${doc.responseDeadline ? `<dt>Deadline for responses</dt><dd>${htmlText(formatDate(doc.responseDeadline))}</dd>` : ""}
<dt>Status</dt><dd>${draft ? "Draft – not signed off" : "Signed off"}</dd>
</dl>
</header>`);
  if (draft) {
    parts.push(`<p class="draft-banner">DRAFT. These answers have not been signed off and may change.</p>`);
  }
  parts.push(`<h2>${htmlText(councilResponseTitle(doc))}</h2>`);
  for (const chapter of doc.chapters) {
    parts.push(`<section class="chapter">\n<h2>${htmlText(chapter.title)}</h2>`);
    if (chapter.description.trim()) parts.push(paragraphsHtml(chapter.description, "muted"));
    for (const group of chapter.groups) {
      if (group.subheading) parts.push(`<h3>${htmlText(group.subheading)}</h3>`);
      for (const q of group.questions) {
        const answer = q.answer.trim()
          ? paragraphsHtml(q.answer, "a").replace('<p class="a">', '<p class="a"><span class="a-label">A:</span> ')
          : `<p class="a none"><span class="a-label">A:</span> No answer has been drafted.</p>`;
        parts.push(`<div class="qa" data-question="${htmlAttr(q.number)}">
<p class="q"><span class="q-label">${htmlText(q.number)}:</span> ${htmlText(q.question)}</p>
${answer}
</div>`);
      }
    }
    parts.push(`</section>`);
  }
  parts.push(`<section class="signoff">\n<h2>Sign-off</h2>`);
  if (doc.signOff) {
    parts.push(
      `<table><tbody>${signOffRows(doc)
        .map(([k, v]) => `<tr><th scope="row">${htmlText(k)}</th><td${k.startsWith("SHA") ? ' class="hash"' : ""}>${htmlText(v)}</td></tr>`)
        .join("")}</tbody></table>`,
    );
    if (doc.signOff.note.trim()) parts.push(paragraphsHtml(doc.signOff.note));
  } else {
    parts.push(`<p>Not signed off. This is a draft: the answers may still change before a signatory approves them.</p>`);
  }
  parts.push(`<p class="muted">Produced ${htmlText(formatDateTime(doc.generatedAt))}.</p>\n</section>`);
  return documentHtml({ title: `${doc.title} – ${councilResponseTitle(doc)}`, draft, body: parts.join("\n"), nonce: opts.nonce });
}

// The text of a document on its reading page (pages/documents/[id]): every section and numbered
// paragraph, and for a partner who may comment the "Comment on paragraph 3.2" link under each,
// written as one HTML string. As React elements, 600 paragraphs with their links made the
// commenter's page cost three times the server CPU of the cheapest signed-in page (issue 16; docs/performance.md).
// The markup is what the page rendered, with the attributes the comment-in-place script reads
// (data-comment-link, data-number, data-own-count; components/documents/enhance). Every value is
// escaped here (htmlText between tags, htmlAttr inside quoted attributes): the text is the
// council's and headings may hold anything typed.
import { htmlAttr as attr, htmlText as text } from "@/lib/escape";
import { plural } from "@/lib/text/plural";

export type TextSection = { anchor: string; heading: string; paragraphs: { anchor: string; number: string; text: string; own: number }[] };

/** `commentHref(anchor)`: the paragraph's comment page, or null where the person may not comment. */
export function documentTextHtml(sections: TextSection[], commentHref: ((anchor: string) => string) | null): string {
  let out = "";
  for (const s of sections) {
    out += s.heading ? `<section aria-labelledby="h-${attr(s.anchor)}"><h2 class="govuk-heading-m govuk-!-margin-top-6" id="h-${attr(s.anchor)}">${text(s.heading)}</h2>` : "<section>";
    for (const p of s.paragraphs) {
      out += `<div id="${attr(p.anchor)}" class="app-doc-paragraph" data-testid="document-paragraph"><p class="govuk-body govuk-!-margin-bottom-1"><strong class="app-doc-number">${text(p.number)}</strong> ${text(p.text)}</p>`;
      if (commentHref) {
        out += `<p class="govuk-body-s govuk-!-margin-bottom-4"><a class="govuk-link" href="${attr(commentHref(p.anchor))}" data-comment-link="${attr(p.anchor)}" data-number="${attr(p.number)}">Comment on paragraph ${text(p.number)}</a>`;
        out += `<span data-own-count="${p.own}">${p.own > 0 ? ` · ${plural(p.own, "comment")} from your organisation` : ""}</span></p>`;
      }
      out += "</div>";
    }
    out += "</section>";
  }
  return out;
}

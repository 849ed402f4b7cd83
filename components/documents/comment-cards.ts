// The officer's comments page's list (a page of up to 500 comments, under their paragraphs or
// their organisations) written as one HTML string, given to React whole. As React elements each
// comment's card (a dozen elements and a Next <Link>) was serialised twice, into the RSC payload
// and into the HTML: 1.8 MB for 500 comments and 8–14 times the server CPU of the cheapest
// signed-in page (issue 16; docs/performance.md). The markup is that of the GOV.UK summary card,
// as StanceTag and CommentBody (comment-bits.tsx) write it, with the same test ids. Every value is
// escaped here (htmlText between tags, htmlAttr inside quoted attributes): organisations' names
// and comments are typed by partners and are hostile.
import type { OfficerComment, ParagraphCounts, ParagraphView } from "@/lib/documents/queries";
import { OUTCOME_LABELS, STANCE_LABELS } from "@/lib/documents/schemas";
import { htmlAttr as attr, htmlText as text } from "@/lib/escape";
import { groupBy } from "@/lib/group-by";
import { plural } from "@/lib/text/plural";

const STANCE_COLOURS = { support: "govuk-tag--green", object: "govuk-tag--red", comment: "govuk-tag--blue" } as const;

export function stanceTagHtml(stance: keyof typeof STANCE_LABELS): string {
  return `<strong class="govuk-tag ${STANCE_COLOURS[stance]}">${text(STANCE_LABELS[stance])}</strong>`;
}

/** A comment's passage, paragraphs and proposed change, as CommentBody renders them. */
export function commentBodyHtml(k: { text: string; quote: string; proposedChange: string }): string {
  let out = "";
  if (k.quote) out += `<blockquote class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2"><span class="govuk-visually-hidden">About the passage: </span>“${text(k.quote)}”</blockquote>`;
  for (const p of k.text.split(/\n{2,}/)) out += `<p class="govuk-body app-pre-wrap">${text(p)}</p>`;
  if (k.proposedChange) out += `<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Proposed change</p><p class="govuk-body app-pre-wrap">${text(k.proposedChange)}</p>`;
  return out;
}

type CardOptions = {
  /** Whether the officer may answer (each card links to its answer page). */
  manages: boolean;
  /** The comments page's own path; a comment's answer page is under it. */
  self: string;
  /** Where the answer page returns to (this page with its filters). */
  returnTo: string;
  /** Whether each paragraph links to the page of its comments only (not when that is the page). */
  paragraphLinks?: boolean;
};

export function commentCardHtml(k: OfficerComment, heading: string, o: CardOptions): string {
  let out = `<div class="govuk-summary-card" id="comment-${attr(k.id)}" data-testid="officer-comment"><div class="govuk-summary-card__title-wrapper">`;
  out += `<h3 class="govuk-summary-card__title">${text(heading)} ${stanceTagHtml(k.stance)}</h3>`;
  if (o.manages) {
    // Relative to the comments page (…/comments/{id}), and without returnTo when it is the page
    // unfiltered, where the answer page returns anyway: 500 absolute links with two ids each
    // were a fifth of the list's bytes.
    const href = `${o.self.slice(o.self.lastIndexOf("/") + 1)}/${k.id}${o.returnTo === o.self ? "" : `?returnTo=${encodeURIComponent(o.returnTo)}`}`;
    out += `<ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action"><a class="govuk-link" href="${attr(href)}">${k.response ? "Change the answer" : "Answer"}`;
    out += `<span class="govuk-visually-hidden"> ${text(k.organisationName)}&#39;s comment on paragraph ${text(k.paragraphNumber)}</span></a></li></ul>`;
  }
  out += `</div><div class="govuk-summary-card__content">${commentBodyHtml(k)}`;
  out += `<p class="govuk-body-s govuk-!-margin-bottom-2">Reference ${text(k.reference)}${k.issueTitle ? ` · Main issue: ${text(k.issueTitle)}` : ""}</p>`;
  if (k.response) {
    out += `<div class="govuk-inset-text" data-testid="council-answer"><p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Council&#39;s response: ${text(k.outcome ? OUTCOME_LABELS[k.outcome] : "")}</p>`;
    out += `<p class="govuk-body app-pre-wrap govuk-!-margin-bottom-0">${text(k.response)}</p></div>`;
  } else {
    out += `<p class="govuk-body"><strong class="govuk-tag govuk-tag--yellow">Not answered yet</strong></p>`;
  }
  return `${out}</div></div>`;
}

/** The comments under their paragraphs (in the version's order), each paragraph with its counts and text. */
export function commentsByParagraphHtml(paragraphs: ParagraphView[], list: OfficerComment[], counts: Map<string, ParagraphCounts>, o: CardOptions): string {
  const by = groupBy(list, (k) => k.paragraphId);
  let out = "";
  for (const p of paragraphs) {
    const items = by.get(p.id);
    if (!items) continue;
    const n = counts.get(p.id);
    out += `<section class="govuk-!-margin-bottom-8" data-testid="paragraph-comments"><h2 class="govuk-heading-m">Paragraph ${text(p.number)}</h2>`;
    out += `<p class="govuk-body-s" data-testid="paragraph-counts">${plural(n?.total ?? 0, "comment")}: ${n?.support ?? 0} support, ${n?.object ?? 0} object, ${n?.comment ?? 0} comment</p>`;
    if (o.paragraphLinks) out += `<p class="govuk-body-s"><a class="govuk-link" href="${attr(`${o.returnTo}${o.returnTo.includes("?") ? "&" : "?"}paragraph=${encodeURIComponent(p.id)}`)}">Only the comments on paragraph ${text(p.number)}</a></p>`;
    out += `<div class="govuk-inset-text">${text(p.text)}</div>`;
    for (const k of items) out += commentCardHtml(k, k.organisationName, o);
    out += "</section>";
  }
  return out;
}

/** The comments under their organisations (in the list's order of organisations given). */
export function commentsByOrganisationHtml(organisations: { id: string; name: string }[], list: OfficerComment[], o: CardOptions): string {
  const by = groupBy(list, (k) => k.organisationId);
  let out = "";
  for (const org of organisations) {
    const items = by.get(org.id);
    if (!items) continue;
    out += `<section class="govuk-!-margin-bottom-8"><h2 class="govuk-heading-m">${text(org.name)}</h2>`;
    for (const k of items) out += commentCardHtml(k, `Paragraph ${k.paragraphNumber}`, o);
    out += "</section>";
  }
  return out;
}

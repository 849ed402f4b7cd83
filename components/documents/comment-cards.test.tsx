import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OfficerComment } from "@/lib/documents/queries";
import { CommentBody, StanceTag } from "./comment-bits";
import { commentBodyHtml, commentCardHtml, commentsByOrganisationHtml, commentsByParagraphHtml, stanceTagHtml } from "./comment-cards";
import { documentTextHtml } from "./document-text";

const HOSTILE = `<script>alert(1)</script>" onmouseover="x' & \u202Egnp.exe`;

function expectInert(html: string) {
  expect(html).not.toContain("<script");
  expect(html).not.toContain('" onmouseover');
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp; ");
  // A right-to-left override is kept but isolated, so it cannot reverse what follows it.
  expect(html).toContain("\u2068");
}

const comment = (over: Partial<OfficerComment> = {}): OfficerComment => ({
  id: "c-1",
  paragraphId: "p-1",
  paragraphNumber: "4.2",
  paragraphAnchor: "p-4-2",
  organisationId: "o-1",
  organisationName: HOSTILE,
  organisationType: "police",
  stance: "object",
  text: `${HOSTILE}\n\nSecond paragraph`,
  proposedChange: HOSTILE,
  quote: HOSTILE,
  reference: HOSTILE,
  submittedAt: new Date("2026-01-01T00:00:00Z"),
  response: null,
  outcome: null,
  responseEditVersion: null,
  issueId: null,
  issueTitle: null,
  ...over,
});
const cards = { manages: true, self: "/manage/m/documents/d/comments", returnTo: "/manage/m/documents/d/comments?stance=object&q=a b" };

describe("the officer's comment cards as HTML", () => {
  it("writes the stance tag and a comment's body as the React components do", () => {
    for (const stance of ["support", "object", "comment"] as const) expect(stanceTagHtml(stance)).toBe(renderToStaticMarkup(<StanceTag stance={stance} />));
    const plain = { text: "First <b>bold</b> & more\n\nSecond\nline", quote: "the passage", proposedChange: "Say \"less\"" };
    expect(commentBodyHtml(plain)).toBe(renderToStaticMarkup(<CommentBody {...plain} />));
    expect(commentBodyHtml({ text: "Only", quote: "", proposedChange: "" })).toBe(renderToStaticMarkup(<CommentBody text="Only" quote="" proposedChange="" />));
  });

  it("a card: hostile text inert, the answer link only for those who manage, the council's answer when there is one", () => {
    const html = commentCardHtml(comment(), "Heading", cards);
    expectInert(html);
    expect(html).toContain('<div class="govuk-summary-card" id="comment-c-1" data-testid="officer-comment">');
    expect(html).toContain(`<a class="govuk-link" href="comments/c-1?returnTo=${encodeURIComponent(cards.returnTo).replace(/&/g, "&amp;")}">Answer<span class="govuk-visually-hidden"> \u2068&lt;script&gt;`);
    // Unfiltered, the answer page returns to the comments page anyway.
    expect(commentCardHtml(comment(), "H", { ...cards, returnTo: cards.self })).toContain('<a class="govuk-link" href="comments/c-1">Answer<span');
    expect(html).toContain("&#39;s comment on paragraph 4.2</span></a>");
    expect(html).toContain('<strong class="govuk-tag govuk-tag--yellow">Not answered yet</strong>');
    expect(html).not.toContain("council-answer");
    const answered = commentCardHtml(comment({ response: HOSTILE, outcome: "changed", issueTitle: HOSTILE }), "Heading", { ...cards, manages: false });
    expectInert(answered);
    expect(answered).not.toContain("govuk-summary-card__actions");
    expect(answered).toContain('<div class="govuk-inset-text" data-testid="council-answer"><p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Council&#39;s response: Changed</p>');
    expect(answered).toContain(" · Main issue: \u2068&lt;script&gt;");
    expect(answered).not.toContain("Not answered yet");
    expect(commentCardHtml(comment({ response: "Yes" }), "H", cards)).toContain(">Change the answer<span");
  });

  it("groups a page of comments under their paragraphs (with counts) or their organisations, in the order given", () => {
    const paragraphs = [
      { id: "p-0", anchor: "a0", number: "1", text: "No comments here", sectionId: null },
      { id: "p-1", anchor: "a1", number: "4.2", text: HOSTILE, sectionId: null },
      { id: "p-2", anchor: "a2", number: "5", text: "Five", sectionId: null },
    ];
    const list = [comment({ id: "c-1", organisationId: "o-2", organisationName: "Zeta" }), comment({ id: "c-2", paragraphId: "p-2", paragraphNumber: "5", organisationName: "Alpha" }), comment({ id: "c-3", organisationId: "o-1", organisationName: "Alpha" })];
    const counts = new Map([["p-1", { total: 2, support: 0, object: 2, comment: 0, unanswered: 2 }], ["p-2", { total: 1, support: 0, object: 1, comment: 0, unanswered: 1 }]]);
    const html = commentsByParagraphHtml(paragraphs, list, counts, cards);
    expectInert(html);
    expect(html).not.toContain("No comments here");
    expect(html.match(/data-testid="paragraph-comments"/g)).toHaveLength(2);
    expect(html).toContain('<h2 class="govuk-heading-m">Paragraph 4.2</h2><p class="govuk-body-s" data-testid="paragraph-counts">2 comments: 0 support, 2 object, 0 comment</p>');
    expect(html).toContain('data-testid="paragraph-counts">1 comment: 0 support, 1 object, 0 comment</p>');
    expect(html.indexOf('id="comment-c-1"')).toBeLessThan(html.indexOf('id="comment-c-3"'));
    expect(html.indexOf('id="comment-c-3"')).toBeLessThan(html.indexOf('id="comment-c-2"'));
    // With paragraph links: each paragraph links to its own comments, keeping the filters.
    const linked = commentsByParagraphHtml(paragraphs, list, counts, { ...cards, paragraphLinks: true });
    expectInert(linked);
    expect(linked).toContain(`2 comments: 0 support, 2 object, 0 comment</p><p class="govuk-body-s"><a class="govuk-link" href="${cards.returnTo.replace(/&/g, "&amp;")}&amp;paragraph=p-1">Only the comments on paragraph 4.2</a></p>`);
    expect(commentsByParagraphHtml(paragraphs, list, counts, { ...cards, returnTo: cards.self, paragraphLinks: true })).toContain(`href="${cards.self}?paragraph=p-2">Only the comments on paragraph 5</a>`);
    const byOrg = commentsByOrganisationHtml([{ id: "o-1", name: "Alpha" }, { id: "o-2", name: HOSTILE }, { id: "o-3", name: "None" }], list, cards);
    expect(byOrg).not.toContain(">None</h2>");
    expect(byOrg.indexOf(">Alpha</h2>")).toBeLessThan(byOrg.indexOf("\u2068&lt;script&gt;alert(1)&lt;/script&gt;"));
    expect(byOrg).toContain('<h3 class="govuk-summary-card__title">Paragraph 5 <strong');
  });
});

describe("a document's text as HTML", () => {
  const sections = [
    { anchor: "start", heading: "", paragraphs: [{ anchor: "p-1", number: "1", text: "Intro", own: 0 }] },
    { anchor: "s-1", heading: HOSTILE, paragraphs: [{ anchor: "p-2", number: "2.1", text: HOSTILE, own: 1 }, { anchor: "p-3", number: "2.2", text: "Two", own: 3 }] },
  ];
  it("every paragraph with its number and anchor; the comment links (for the in-place script) only where the person may comment", () => {
    const html = documentTextHtml(sections, (a) => `/documents/d/comment/${a}?org=o&x=1`);
    expectInert(html);
    expect(html.startsWith('<section><div id="p-1" class="app-doc-paragraph" data-testid="document-paragraph"><p class="govuk-body govuk-!-margin-bottom-1"><strong class="app-doc-number">1</strong> Intro</p>')).toBe(true);
    expect(html).toContain('<section aria-labelledby="h-s-1"><h2 class="govuk-heading-m govuk-!-margin-top-6" id="h-s-1">\u2068&lt;script&gt;');
    expect(html).toContain('<a class="govuk-link" href="/documents/d/comment/p-2?org=o&amp;x=1" data-comment-link="p-2" data-number="2.1">Comment on paragraph 2.1</a><span data-own-count="1"> · 1 comment from your organisation</span>');
    expect(html).toContain('<span data-own-count="3"> · 3 comments from your organisation</span>');
    expect(html).toContain('<span data-own-count="0"></span>');
    const reading = documentTextHtml(sections, null);
    expect(reading).not.toContain("data-comment-link");
    expect(reading.match(/data-testid="document-paragraph"/g)).toHaveLength(3);
  });
});

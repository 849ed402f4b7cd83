import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { KeysetPager, pageLinks, Pager, withParams } from "./pager";

describe("pager", () => {
  const current = { priority: "2", owner: undefined, xpage: "2", mpage: undefined };

  it("links to the pages either side by ?page=, page 1 without it, keeping the other parameters", () => {
    expect(pageLinks("/list", { q: "x" }, 1, 3)).toEqual({ prevHref: null, nextHref: "/list?q=x&page=2" });
    expect(pageLinks("/list", { q: "x", page: "2" }, 2, 3)).toEqual({ prevHref: "/list?q=x", nextHref: "/list?q=x&page=3" });
    expect(pageLinks("/list", { page: "3" }, 3, 3)).toEqual({ prevHref: "/list?page=2", nextHref: null });
  });

  it("pages one of several lists by a parameter of its own, to an anchor", () => {
    expect(pageLinks("/r", current, 2, 4, { param: "xpage", hash: "#exceptions" })).toEqual({ prevHref: "/r?priority=2#exceptions", nextHref: "/r?priority=2&xpage=3#exceptions" });
    expect(pageLinks("/r", current, 1, 2, { param: "mpage", hash: "#p-2" })).toEqual({ prevHref: null, nextHref: "/r?priority=2&xpage=2&mpage=2#p-2" });
    expect(withParams("/r", current, { xpage: null })).toBe("/r?priority=2");
  });

  it("keeps the query a base already has (a permalink with the page's own parameters), changes applied on top", () => {
    expect(withParams("/themes?by=q7", {}, { change: "t1" })).toBe("/themes?by=q7&change=t1");
    expect(withParams("/themes?by=q7&change=t0", {}, { change: "t1" })).toBe("/themes?by=q7&change=t1");
    expect(withParams("/themes?by=q7", {}, { by: null })).toBe("/themes");
    expect(withParams("/themes?by=q7#codeframe", {}, { change: "t1" })).toBe("/themes?by=q7&change=t1#codeframe");
  });

  it("renders plain links (no JavaScript needed) with the text before them, and nothing with one page", () => {
    const html = renderToStaticMarkup(
      <Pager label="Pages of exceptions" testId="exceptions-more" prevText="Previous exceptions" nextText="Next exceptions" hiddenSuffix="" {...pageLinks("/r", current, 2, 3, { param: "xpage", hash: "#exceptions" })}>
        <p className="govuk-body">Exceptions 26 to 50 of 60.</p>
      </Pager>,
    );
    expect(html).toContain('<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of exceptions" data-testid="exceptions-more"><p class="govuk-body">Exceptions 26 to 50 of 60.</p>');
    expect(html).toMatch(/<a class="govuk-link govuk-pagination__link" rel="prev" href="\/r\?priority=2#exceptions">.*Previous exceptions<\/span><\/a>/);
    expect(html).toMatch(/<a class="govuk-link govuk-pagination__link" rel="next" href="\/r\?priority=2&amp;xpage=3#exceptions">.*Next exceptions<\/span><\/a>/);
    expect(html).not.toContain("govuk-visually-hidden");
    expect(renderToStaticMarkup(<Pager label="x" prevHref={null} nextHref={null} />)).toBe("");
  });

  it("links a keyset page to the pages either side by its cursors, keeping the list's parameters, and shows nothing on a lone page", () => {
    const html = renderToStaticMarkup(<KeysetPager label="Pages of people" base="/admin/users" current={{ show: "without-roles", q: undefined }} page={{ previous: "p1", next: "n2" }} hiddenSuffix=" page of people" />);
    expect(html).toContain('href="/admin/users?show=without-roles&amp;before=p1"');
    expect(html).toContain('href="/admin/users?show=without-roles&amp;after=n2"');
    expect(html).toContain('aria-label="Pages of people"');
    const first = renderToStaticMarkup(<KeysetPager label="x" base="/l" current={{}} page={{ previous: null, next: "n" }} />);
    expect(first).not.toContain("before=");
    expect(renderToStaticMarkup(<KeysetPager label="x" base="/l" current={{}} page={{ previous: null, next: null }} />)).toBe("");
  });
});

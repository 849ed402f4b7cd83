import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SearchForm } from "./search-form";

describe("SearchForm", () => {
  it("is a GET form to its address without JavaScript, in place or not, carrying the page's state and what was typed", () => {
    for (const inPlace of [false, true]) {
      const html = renderToStaticMarkup(
        <SearchForm action="/admin/users#add" name="org" label="Find their organisation" defaultValue={'"><script>'} hidden={{ show: "without-roles", q: undefined }} button="Find" inPlace={inPlace} />,
      );
      // A form without a method is GET (next/form takes none); the plain one says it.
      const form = html.match(/<form [^>]*>/)![0];
      expect(form).toContain('action="/admin/users#add"');
      expect(form).toContain('role="search"');
      expect(form).toMatch(inPlace ? /^(?!.*method=)/ : /method="get"/);
      expect(html).toContain('<input type="hidden" name="show" value="without-roles"/>');
      expect(html).not.toContain('name="q"');
      expect(html).toContain('value="&quot;&gt;&lt;script&gt;"');
      expect(html).toContain(">Find</button>");
    }
  });

  it("says what a search found in a polite live region when asked, and has none otherwise", () => {
    const html = renderToStaticMarkup(<SearchForm action="/x" label="Search" inPlace status="1 organisation matches “a&b”." />);
    expect(html).toContain('<p class="govuk-visually-hidden" role="status">1 organisation matches “a&amp;b”.</p>');
    expect(renderToStaticMarkup(<SearchForm action="/x" label="Search" />)).not.toContain('role="status"');
  });

  it("shows a refused search at its field, described by the message", () => {
    const html = renderToStaticMarkup(<SearchForm action="/x" label="Search" hint="All or part of it" error="Search must be 200 characters or fewer" inPlace />);
    expect(html).toContain('aria-describedby="q-hint q-error"');
    expect(html).toContain('<p id="q-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Search must be 200 characters or fewer</p>');
    expect(html).toContain("govuk-input--error");
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorSummaryView, fieldItems } from "./error-summary-view";
import { LabelledSelect } from "./field-parts";

const options = [
  { value: "", text: "Nobody" },
  { value: "a", text: "Ann <Lee>" },
];

describe("LabelledSelect", () => {
  it("is a GOV.UK select: its label, hint and chosen option, the hint tied to it", () => {
    const html = renderToStaticMarkup(<LabelledSelect id="f-who" name="who" label="Assigned to" hint="One officer" value="a" options={options} className="govuk-!-width-full" />);
    expect(html).toContain('<div class="govuk-form-group">');
    expect(html).toContain('<label class="govuk-label govuk-label--s" for="f-who">Assigned to</label>');
    expect(html).toContain('<div id="f-who-hint" class="govuk-hint">One officer</div>');
    expect(html).toMatch(/<select class="govuk-select govuk-!-width-full" id="f-who" name="who" aria-describedby="f-who-hint">/);
    expect(html).toContain('<option value="a" selected="">Ann &lt;Lee&gt;</option>');
  });

  it("in error: the group and the select marked, the message beside it and read with it", () => {
    const html = renderToStaticMarkup(<LabelledSelect id="f-who" name="who" label="Assigned to" labelClass="" error="Select an officer" value="" options={options} />);
    expect(html).toContain('<div class="govuk-form-group govuk-form-group--error">');
    expect(html).toContain('<label class="govuk-label " for="f-who">');
    expect(html).toContain('<p id="f-who-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Select an officer</p>');
    expect(html).toMatch(/<select class="govuk-select govuk-select--error" id="f-who" name="who" aria-describedby="f-who-error">/);
  });
});

describe("ErrorSummaryView fields", () => {
  it("lists each field with a message, in the order given, linking to its id; nothing without one", () => {
    expect(fieldItems({ q: "Search for less", org: undefined, to: false, by: null, email: "Enter 3 characters" })).toEqual([
      { href: "#q", text: "Search for less" },
      { href: "#email", text: "Enter 3 characters" },
    ]);
    expect(renderToStaticMarkup(<ErrorSummaryView fields={{ q: undefined }} />)).toBe("");
    const html = renderToStaticMarkup(<ErrorSummaryView items={[{ href: "#main", text: "First" }]} fields={{ q: "Second" }} />);
    expect(html.indexOf("First")).toBeLessThan(html.indexOf("Second"));
    expect(html).toContain('<a href="#q">Second</a>');
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SuccessBanner } from "./success-banner";

describe("SuccessBanner (GOV.UK success notification banner)", () => {
  it("writes the GOV.UK markup, announced as an alert and labelled by its title", () => {
    const html = renderToStaticMarkup(<SuccessBanner titleId="done-title" testId="done" heading="Role removed" />);
    expect(html).toBe(
      '<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" data-testid="done">' +
        '<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-title">Success</h2></div>' +
        '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">Role removed</p></div></div>',
    );
  });
  it("takes a sentence after the heading, an h3 title inside a section, and escapes what a person typed", () => {
    const html = renderToStaticMarkup(
      <SuccessBanner titleId="t" titleLevel={3} heading={`<img src=x onerror=alert(1)> removed`}>
        <p className="govuk-body">More</p>
      </SuccessBanner>,
    );
    expect(html).toContain('<h3 class="govuk-notification-banner__title" id="t">Success</h3>');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; removed</p><p class=\"govuk-body\">More</p></div>");
    expect(html).not.toContain("<img");
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnswerTagForm } from "./answer-tagging";

describe("AnswerTagForm", () => {
  it("gives every control a unique id, and each theme's label names its own box", () => {
    const themes = ["Dog fouling", "Keep libraries open", "Parking", "Street lights"].map((name, i) => ({ id: `0000000${i}-0000-4000-8000-000000000000`, name }));
    const html = renderToStaticMarkup(
      <AnswerTagForm
        action={async () => ({})}
        passageAction={async () => ({})}
        consultationId="c"
        questionId="q"
        responseId="12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
        organisationName="A group"
        themes={themes}
        state={{ version: 1, analysed: false, tags: [{ id: "t", themeId: themes[1]!.id, themeName: "Keep libraries open", passageStart: null, passageEnd: null, passageText: null, source: "manual", status: "confirmed" }] }}
        permalink="/x"
      />,
    );
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, t] of themes.entries()) {
      const label = new RegExp(`<label class="govuk-label govuk-checkboxes__label" for="([^"]+)">${t.name}</label>`).exec(html)![1];
      const input = new RegExp(`<input[^>]*id="${label}"[^>]*>`).exec(html)![0];
      expect(input, t.name).toContain(`value="${t.id}"`);
      expect(input.includes("checked"), t.name).toBe(i === 1);
    }
  });
});

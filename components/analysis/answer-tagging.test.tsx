import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AnswerTagsState } from "@/lib/analysis/codeframe";
import { AnswerTagForm } from "./answer-tagging";

/** The form for one answer (of "A group") with these themes and tags, as static HTML. */
const render = (themes: { id: string; name: string }[], tags: AnswerTagsState["tags"], version = 1) =>
  renderToStaticMarkup(
    <AnswerTagForm
      action={async () => ({})}
      passageAction={async () => ({})}
      removePassageAction={async () => ({})}
      consultationId="c"
      questionId="q"
      responseId="12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
      organisationName="A group"
      themes={themes}
      state={{ version, analysed: false, tags }}
      permalink="/x"
      item="answer-12345678"
    />,
  );

describe("AnswerTagForm", () => {
  it("gives every control a unique id, and each theme's label names its own box", () => {
    const themes = ["Dog fouling", "Keep libraries open", "Parking", "Street lights"].map((name, i) => ({ id: `0000000${i}-0000-4000-8000-000000000000`, name }));
    const html = render(themes, [{ id: "t", themeId: themes[1]!.id, themeName: "Keep libraries open", passageStart: null, passageEnd: null, passageText: null, source: "manual", status: "confirmed" }]);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, t] of themes.entries()) {
      const label = new RegExp(`<label class="govuk-label govuk-checkboxes__label" for="([^"]+)">${t.name}</label>`).exec(html)![1];
      const input = new RegExp(`<input[^>]*id="${label}"[^>]*>`).exec(html)![0];
      expect(input, t.name).toContain(`value="${t.id}"`);
      expect(input.includes("checked"), t.name).toBe(i === 1);
    }
  });

  it("offers a Remove button for each tagged passage, naming it, and none when the answer has no passage", () => {
    const theme = { id: "00000001-0000-4000-8000-000000000000", name: "Parking <b>" };
    const passage = { id: "11111111-0000-4000-8000-000000000000", themeId: theme.id, themeName: theme.name, passageStart: 4, passageEnd: 30, passageText: "charges <script>alert(1)</script>", source: "manual", status: "confirmed" };
    const html = render([theme], [passage], 2);
    const button = /<button([^>]*name="tagId"[^>]*)>(.*?)<\/button>/.exec(html)!;
    expect(button[1]).toContain(`value="${passage.id}"`);
    expect(button[2].replace(/<[^>]+>/g, "")).toBe("Remove the passage “charges &lt;script&gt;alert(1)&lt;/script&gt;” tagged Parking &lt;b&gt; in the answer from A group");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("Remove a tagged passage");
    // With none left the form is still drawn (empty), so that it can say what it removed.
    const none = render([theme], [], 2);
    expect(none).not.toContain("Remove a tagged passage");
    expect(none.match(/<form/g)).toHaveLength(3);
  });
});

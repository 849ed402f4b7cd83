import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SuggestionRun } from "@/db/schema";
import { SuggestionPanel } from "./suggestion-panel";

const suggestion = (key: string, label: string) => ({ key, label, kind: "cluster", answerIds: ["a", "b"], terms: ["lamp"], phrases: [], representatives: [{ id: "a", text: "Fix the lamps" }] });
const run = {
  id: "run-1",
  status: "done",
  decisions: {},
  result: { suggestions: [suggestion("t1", "Lamps"), suggestion("t2", "Buses")], unassigned: [], stats: { answers: 2 } },
} as unknown as SuggestionRun;

const render = (openKey?: string) =>
  renderToStaticMarkup(
    <SuggestionPanel
      run={run}
      canEdit
      actions={{ start: async () => ({}), cancel: async () => ({}), decide: async () => ({}) }}
      consultationId="c"
      questionId="q"
      themes={[{ id: "th", name: "Parking" }]}
      permalink="/manage/c/collate/q/themes"
      openKey={openKey}
    />,
  );

describe("SuggestionPanel", () => {
  it("draws open only the suggestion the page names (as after a post from it without JavaScript)", () => {
    const details = (html: string) => [...html.matchAll(/<details[^>]*>/g)].map((m) => m[0].includes(" open"));
    expect(details(render())).toEqual([false, false]);
    expect(details(render("t2"))).toEqual([false, true]);
  });
});

import type { Metadata } from "next";
import Link from "next/link";
import { AddThemeForm, ApplyRulesForm, THEME_OPEN_PARAM, ThemeEditor, type CodeframeActions } from "@/components/analysis/codeframe-editor";
import { SUGGESTION_OPEN_PARAM, SuggestionPanel } from "@/components/analysis/suggestion-panel";
import { CrossTabTable, ThemeBreakdowns, ThemeChart } from "@/components/analysis/theme-counts";
import { withParams } from "@/components/collation/pager";
import { ErrorSummaryView } from "@/components/ui/error-summary-view";
import { SuccessBanner } from "@/components/ui/success-banner";
import { LabelledSelect } from "@/components/ui/field-parts";
import { countThemes, crossTabThemes, getCodeframe, listClosedQuestions, type CrossTab } from "@/lib/analysis/queries";
import { getLatestSuggestionRun } from "@/lib/analysis/suggestions";
import { themeChangeMessage } from "@/lib/analysis/theme-change";
import { getCollationQuestion } from "@/lib/collation/queries";
import { InvalidError } from "@/lib/errors";
import {
  applyRulesAction,
  cancelSuggestionsAction,
  createThemeAction,
  decideSuggestionAction,
  deleteThemeAction,
  mergeThemesAction,
  startSuggestionsAction,
  themeRulesAction,
  updateThemeAction,
} from "../../actions";
import { orPage, pageContext, param, type SearchParams } from "@/app/_server/page";

export const metadata: Metadata = { title: "Themes of one question" };

const actions: CodeframeActions = { create: createThemeAction, update: updateThemeAction, merge: mergeThemesAction, remove: deleteThemeAction, rules: themeRulesAction, applyRules: applyRulesAction };

export default async function QuestionThemesPage({ params, searchParams }: { params: Promise<{ id: string; questionId: string }>; searchParams: SearchParams }) {
  const { id, questionId } = await params;
  const sp = await searchParams;
  const self = `/manage/${id}/collate/${questionId}/themes`;
  // The primary, not a replica: an officer sees each change to the codeframe as soon as it is made.
  const { actor, db } = await pageContext(self);
  const { consultation: c, question: q } = await orPage(getCollationQuestion(db, { consultationId: id, questionId }, actor));
  const by = param(sp.by);
  // The forms' permalink keeps the cross-tab chosen, so a post without JavaScript comes back to it.
  const here = withParams(self, {}, { by });
  const [frame, counts, run, closed] = await Promise.all([
    getCodeframe(db, { consultationId: c.id, questionId: q.id }, actor),
    countThemes(db, { consultationId: c.id, questionId: q.id }, actor),
    getLatestSuggestionRun(db, { consultationId: c.id, questionId: q.id }, actor),
    listClosedQuestions(db, { consultationId: c.id }, actor),
  ]);
  let tab: CrossTab | null = null;
  let byError: string | null = null;
  if (by) {
    try {
      tab = await crossTabThemes(db, { consultationId: c.id, questionId: q.id, closedQuestionId: by }, actor);
    } catch (e) {
      if (!(e instanceof InvalidError)) throw e;
      byError = e.message;
    }
  }
  const answersHref = (themeId: string) => withParams(`/manage/${c.id}/collate/${q.id}`, {}, { theme: themeId });
  const { progress } = frame;
  const changed = themeChangeMessage((key) => param(sp[key]), frame.themes);
  // The cross-tab's choice is drawn only when there are themes and questions to compare with.
  const comparable = counts.counts.length > 0 && closed.length > 0;

  return (
    <>
      <Link href={`/manage/${c.id}/collate/${q.id}`} className="govuk-back-link">
        Answers to question {q.number}
      </Link>
      {changed && <SuccessBanner titleId="theme-change-title" testId="theme-change-banner" heading={changed} />}
      <span className="govuk-caption-m">Question {q.number}</span>
      <h1 className="govuk-heading-l">Themes</h1>
      <p className="govuk-body-l">{q.text}</p>
      <ErrorSummaryView fields={{ by: comparable && byError }} />

      <p className="govuk-body" data-testid="analysed-progress">
        <strong>{progress.percentAnalysed}% analysed</strong>: {progress.analysed.toLocaleString("en-GB")} of {progress.answered.toLocaleString("en-GB")} submitted answers marked analysed;{" "}
        {progress.tagged.toLocaleString("en-GB")} carry at least one theme.{" "}
        <Link className="govuk-link" href={`/manage/${c.id}/collate/${q.id}`}>
          Tag answers
        </Link>{" "}
        ·{" "}
        <Link className="govuk-link" href={`/manage/${c.id}/collate/${q.id}/review`}>
          Second officer&apos;s review and agreement
        </Link>
      </p>

      <section aria-labelledby="counts-heading">
        <h2 className="govuk-heading-m" id="counts-heading">
          Counts by theme
        </h2>
        {counts.counts.length === 0 ? (
          <p className="govuk-body">This question has no themes yet.</p>
        ) : (
          <>
            <ThemeChart counts={counts.counts} answered={progress.answered} questionNumber={q.number} />
            <ThemeBreakdowns counts={counts.counts} types={counts.types} stages={counts.stages} />
            {comparable && (
              <form method="get" action={self} className="govuk-!-margin-bottom-6">
                <LabelledSelect
                  id="by"
                  name="by"
                  label="Compare the themes with the answers to a question that offers choices"
                  error={byError ?? undefined}
                  value={by ?? ""}
                  options={[{ value: "", text: "Choose a question" }, ...closed.map((x) => ({ value: x.id, text: `${x.number}. ${x.text.length > 80 ? `${x.text.slice(0, 79)}…` : x.text}` }))]}
                />
                <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                  Show the cross-tab
                </button>
              </form>
            )}
            {tab && <CrossTabTable tab={tab} />}
          </>
        )}
      </section>

      <SuggestionPanel
        run={run}
        canEdit={frame.canEdit}
        actions={{ start: startSuggestionsAction, cancel: cancelSuggestionsAction, decide: decideSuggestionAction }}
        consultationId={c.id}
        questionId={q.id}
        themes={frame.themes}
        permalink={here}
        openKey={param(sp[SUGGESTION_OPEN_PARAM])}
      />

      <section aria-labelledby="codeframe-heading" data-testid="codeframe">
        <h2 className="govuk-heading-m" id="codeframe-heading">
          Codeframe
        </h2>
        {frame.themes.length > 0 ? (
          <ul className="govuk-list">
            {frame.themes.map((t) =>
              frame.canEdit ? (
                <ThemeEditor key={t.id} actions={actions} consultationId={c.id} theme={t} themes={frame.themes} permalink={here} answersHref={answersHref(t.id)} open={param(sp[THEME_OPEN_PARAM]) === t.id} crossTab={by} />
              ) : (
                <li key={t.id} data-testid="theme-row">
                  <Link className="govuk-link" href={answersHref(t.id)}>
                    {t.name}
                  </Link>{" "}
                  · {t.confirmed.toLocaleString("en-GB")} confirmed{t.suggested ? `, ${t.suggested.toLocaleString("en-GB")} suggested` : ""}
                </li>
              ),
            )}
          </ul>
        ) : (
          <p className="govuk-body">No themes yet. Add one below, or let the suggestions propose some.</p>
        )}
        {frame.canEdit && (
          <>
            {frame.themes.some((t) => t.phrases.length) && <ApplyRulesForm action={applyRulesAction} consultationId={c.id} questionId={q.id} permalink={here} />}
            <h3 className="govuk-heading-s">Add a theme</h3>
            <AddThemeForm actions={actions} consultationId={c.id} questionId={q.id} themes={frame.themes} permalink={here} />
          </>
        )}
      </section>
    </>
  );
}

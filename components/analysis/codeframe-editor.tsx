// The codeframe of one question: add a theme, and per theme rename / describe / move it,
// set its keyword rules, merge it into another, or delete it (tags follow). Plain forms.
import Link from "next/link";
import { withParams } from "@/components/collation/pager";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";
import type { CodeframeTheme } from "@/lib/analysis/queries";
import { KeywordRuleFields, PrefixedInput, PrefixedSelect, VersionField } from "./fields";
import styles from "./analysis.module.scss";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
export type CodeframeActions = { create: Action; update: Action; merge: Action; remove: Action; rules: Action; applyRules: Action };

export function AddThemeForm({ actions, consultationId, questionId, themes, permalink }: { actions: CodeframeActions; consultationId: string; questionId: string; themes: CodeframeTheme[]; permalink: string }) {
  return (
    <ActionForm action={actions.create} permalink={permalink} idPrefix="new-">
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="questionId" value={questionId} />
      <PrefixedInput name="name" label="Name of the new theme" labelClass="govuk-label govuk-label--s" width="govuk-!-width-two-thirds" />
      <PrefixedInput name="description" label="Description (optional)" hint="What an answer must say to carry this theme." />
      {themes.length > 0 && <PrefixedSelect name="parentId" label="Inside theme (optional)" options={[{ value: "", text: "None: a top-level theme" }, ...themes.map((t) => ({ value: t.id, text: t.name }))]} />}
      <SubmitButton>Add theme</SubmitButton>
    </ActionForm>
  );
}

/** The query parameter naming the theme whose "Change" toggle a page draws open (THEME_OPEN_PARAM=id). */
export const THEME_OPEN_PARAM = "change";

/**
 * One theme of the codeframe with its "Change" toggle. `open`: drawn open, as the page is after
 * a post from this theme's forms without JavaScript (their permalink names the theme in
 * THEME_OPEN_PARAM), so that what the post said, a refusal above all, is not hidden in a closed toggle.
 * `crossTab`: the closed question the page compares themes with (`?by=`): a merge or a deletion
 * redirects (the theme is gone), and the redirect keeps it.
 */
export function ThemeEditor({ actions, consultationId, theme, themes, permalink, answersHref, open, crossTab }: { actions: CodeframeActions; consultationId: string; theme: CodeframeTheme; themes: CodeframeTheme[]; permalink: string; answersHref: string; open?: boolean; crossTab?: string }) {
  const p = `t-${theme.id.slice(0, 8)}`;
  const others = themes.filter((t) => t.id !== theme.id);
  const parent = themes.find((t) => t.id === theme.parentId);
  // The theme's forms are its item (formPermalink), and their permalink names it to draw it open.
  const anchor = `theme-${theme.id}`;
  const here = withParams(permalink, {}, { [THEME_OPEN_PARAM]: theme.id });
  return (
    <li className={styles.themeRow} id={anchor} data-testid="theme-row">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
        {parent ? `${parent.name} › ` : ""}
        {theme.name}
      </h3>
      {theme.description && <p className="govuk-body-s govuk-!-margin-bottom-1">{theme.description}</p>}
      <p className="govuk-body-s">
        <Link className="govuk-link" href={answersHref}>
          {theme.confirmed.toLocaleString("en-GB")} confirmed
          {theme.suggested ? `, ${theme.suggested.toLocaleString("en-GB")} suggested` : ""}
          <span className="govuk-visually-hidden"> answers tagged {theme.name}</span>
        </Link>
        {theme.phrases.length > 0 && ` · keyword rule: ${theme.phrases.join(", ")}${theme.exclusions.length ? ` (not: ${theme.exclusions.join(", ")})` : ""}`}
      </p>
      <details className="govuk-details" open={open || undefined}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">
            Change<span className="govuk-visually-hidden"> the theme {theme.name}</span>
          </span>
        </summary>
        <div className="govuk-details__text">
          <ActionForm action={actions.update} permalink={here} item={anchor} idPrefix={`${p}-`}>
            <input type="hidden" name="consultationId" value={consultationId} />
            <input type="hidden" name="themeId" value={theme.id} />
            <VersionField version={theme.version} />
            <PrefixedInput name="name" label="Name" defaultValue={theme.name} width="govuk-!-width-two-thirds" />
            <PrefixedInput name="description" label="Description" defaultValue={theme.description} />
            <PrefixedSelect name="parentId" label="Inside theme" defaultValue={theme.parentId ?? ""} options={[{ value: "", text: "None: a top-level theme" }, ...others.map((t) => ({ value: t.id, text: t.name }))]} />
            <SubmitButton secondary>Save theme</SubmitButton>
          </ActionForm>
          <ActionForm action={actions.rules} permalink={here} item={anchor} idPrefix={`${p}-r-`}>
            <input type="hidden" name="consultationId" value={consultationId} />
            <input type="hidden" name="themeId" value={theme.id} />
            <KeywordRuleFields phrases={theme.phrases.join(", ")} exclusions={theme.exclusions.join(", ")} base={theme.rulesBase} />
            <SubmitButton secondary>Save keyword rule</SubmitButton>
          </ActionForm>
          {others.length > 0 && (
            <ActionForm action={actions.merge} permalink={here} item={anchor} idPrefix={`${p}-m-`}>
              <input type="hidden" name="consultationId" value={consultationId} />
              <input type="hidden" name="sourceThemeId" value={theme.id} />
              {crossTab && <input type="hidden" name="by" value={crossTab} />}
              <PrefixedSelect name="targetThemeId" label={`Merge “${theme.name}” into`} options={[{ value: "", text: "Choose a theme" }, ...others.map((t) => ({ value: t.id, text: t.name }))]} />
              <SubmitButton secondary>Merge</SubmitButton>
            </ActionForm>
          )}
          <ActionForm action={actions.remove} permalink={here} item={anchor} idPrefix={`${p}-d-`}>
            <input type="hidden" name="consultationId" value={consultationId} />
            <input type="hidden" name="themeId" value={theme.id} />
            {crossTab && <input type="hidden" name="by" value={crossTab} />}
            <PrefixedSelect
              name="moveTagsTo"
              label={`Delete “${theme.name}”: its tags go to`}
              options={[{ value: "", text: parent ? `Its parent, ${parent.name}` : "Nowhere: remove them" }, ...others.map((t) => ({ value: t.id, text: t.name }))]}
            />
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Delete theme
            </button>
          </ActionForm>
          <p className="govuk-body-s">
            To split this theme, <Link className="govuk-link" href={answersHref}>show its answers</Link>, select the ones that move and choose “Split into new theme”.
          </p>
        </div>
      </details>
    </li>
  );
}

export function ApplyRulesForm({ action, consultationId, questionId, permalink }: { action: Action; consultationId: string; questionId: string; permalink: string }) {
  return (
    <ActionForm action={action} permalink={permalink}>
      <input type="hidden" name="consultationId" value={consultationId} />
      <input type="hidden" name="questionId" value={questionId} />
      <p className="govuk-body-s">Keyword rules tag matching answers as suggested; tags officers made or confirmed are never changed.</p>
      <SubmitButton secondary>Apply keyword rules now</SubmitButton>
    </ActionForm>
  );
}

// Tagging on the collation page: small forms per answer (its themes as checkboxes, "analysed";
// a passage given as copied words; a tagged passage removed), a selection checkbox joining the
// bulk form, and the bulk form itself. Plain forms: they work with the keyboard alone and without
// JavaScript. The themes form carries the answer's tag version so a clash keeps both officers'
// choices; the passage forms carry none, since a passage's tag is only added or taken away.
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";
import type { AnswerTagsState } from "@/lib/analysis/codeframe";
import { clip } from "@/lib/text/clip";
import { CheckboxGroup, FormDetails, PrefixedInput, PrefixedSelect, TagConflict, VersionField, YesCheckbox } from "./fields";
import styles from "./analysis.module.scss";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
type ThemeOption = { id: string; name: string };

/** The tags an answer carries, as text: "Parking (suggested)", passages quoted. */
export function AnswerTagList({ state }: { state: AnswerTagsState }) {
  if (!state.tags.length && !state.analysed) return null;
  return (
    <p className={`govuk-body-s ${styles.tags}`} data-testid="answer-tags">
      {state.tags.map((t) => (
        <span key={t.id} className={`${styles.themeTag}${t.status === "suggested" ? ` ${styles.suggested}` : ""}`}>
          {t.themeName}
          {t.status === "suggested" ? ` (suggested by ${t.source === "rule" ? "a keyword rule" : "the suggestions"})` : ""}
          {t.passageText ? `: “${clip(t.passageText, 80)}”` : ""}
        </span>
      ))}
      {state.analysed && <span className={styles.analysed}>Analysed</span>}
    </p>
  );
}

export function AnswerTagForm({
  action,
  passageAction,
  removePassageAction,
  consultationId,
  questionId,
  responseId,
  organisationName,
  themes,
  state,
  permalink,
  item,
}: {
  action: Action;
  passageAction: Action;
  removePassageAction: Action;
  consultationId: string;
  questionId: string;
  responseId: string;
  organisationName: string;
  themes: ThemeOption[];
  state: AnswerTagsState;
  permalink: string;
  /** The answer's anchor, which its three forms post back to (formPermalink). */
  item: string;
}) {
  const prefix = `a-${responseId.slice(0, 8)}`;
  const whole = state.tags.filter((t) => t.passageStart === null);
  const passages = state.tags.filter((t) => t.passageStart !== null);
  const names = Object.fromEntries(themes.map((t) => [t.id, t.name]));
  return (
    <div data-testid="tag-answer">
      <ActionForm action={action} permalink={permalink} item={item} idPrefix={`${prefix}-`}>
        <input type="hidden" name="consultationId" value={consultationId} />
        <input type="hidden" name="questionId" value={questionId} />
        <input type="hidden" name="responseId" value={responseId} />
        <VersionField version={state.version} />
        <TagConflict themeNames={names} />
        <FormDetails
          summary={
            <>
              Tag<span className="govuk-visually-hidden"> the answer from {organisationName}</span>
            </>
          }
        >
          <CheckboxGroup
            name="themeIds"
            legend={`Themes in the answer from ${organisationName}`}
            options={themes.map((t) => {
              const tag = whole.find((x) => x.themeId === t.id);
              return { value: t.id, text: t.name, hint: tag?.status === "suggested" ? "Suggested: saving with this ticked confirms it" : undefined };
            })}
            checked={whole.map((t) => t.themeId)}
          />
          <YesCheckbox name="analysed" label="Analysed: I have finished with this answer" checked={state.analysed} />
          <SubmitButton secondary>Save themes</SubmitButton>
        </FormDetails>
      </ActionForm>
      <ActionForm action={passageAction} permalink={permalink} item={item} idPrefix={`${prefix}-p-`}>
        <input type="hidden" name="consultationId" value={consultationId} />
        <input type="hidden" name="questionId" value={questionId} />
        <input type="hidden" name="responseId" value={responseId} />
        <FormDetails
          summary={
            <>
              Tag a passage<span className="govuk-visually-hidden"> of the answer from {organisationName}</span>
            </>
          }
        >
          <PrefixedInput name="quote" label="Copy the words of the passage from the answer" hint="As they appear; case and line breaks do not matter." />
          <PrefixedSelect name="themeId" label="Theme of the passage" options={[{ value: "", text: "Choose a theme" }, ...themes.map((t) => ({ value: t.id, text: t.name }))]} />
          <SubmitButton secondary>Tag passage</SubmitButton>
        </FormDetails>
      </ActionForm>
      {/* One form whose buttons name the passage, drawn even with none left: it says what went. */}
      <ActionForm action={removePassageAction} permalink={permalink} item={item} idPrefix={`${prefix}-r-`}>
        <input type="hidden" name="consultationId" value={consultationId} />
        <input type="hidden" name="questionId" value={questionId} />
        <input type="hidden" name="responseId" value={responseId} />
        {passages.length > 0 && (
          <FormDetails
            summary={
              <>
                Remove a tagged passage<span className="govuk-visually-hidden"> of the answer from {organisationName}</span>
              </>
            }
          >
            <ul className={`govuk-list ${styles.passages}`} data-testid="tagged-passages">
              {passages.map((t) => (
                <li key={t.id}>
                  <span className="govuk-body-s govuk-!-margin-bottom-0">
                    {t.themeName}: “{clip(t.passageText ?? "", 120)}”
                  </span>
                  <button type="submit" name="tagId" value={t.id} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                    Remove<span className="govuk-visually-hidden"> the passage “{clip(t.passageText ?? "", 80)}” tagged {t.themeName} in the answer from {organisationName}</span>
                  </button>
                </li>
              ))}
            </ul>
          </FormDetails>
        )}
      </ActionForm>
    </div>
  );
}

/** The checkbox that adds an answer to the bulk form's selection (joined by the form attribute). */
export function SelectAnswer({ responseId, organisationName }: { responseId: string; organisationName: string }) {
  const id = `sel-${responseId}`;
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-2" data-module="govuk-checkboxes">
      <div className="govuk-checkboxes__item">
        <input className="govuk-checkboxes__input" id={id} type="checkbox" name="responseIds" value={responseId} form="bulk-form" />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
          Select<span className="govuk-visually-hidden"> the answer from {organisationName}</span>
        </label>
      </div>
    </div>
  );
}

/**
 * The bulk form. With `query`, it acts on every submitted answer matching the search (not only
 * the page shown); otherwise on the answers selected below it. With `splitFrom` (the list is
 * filtered by that theme) it also offers to split the selected answers off into a new theme.
 */
export function BulkTagForm({ action, consultationId, questionId, themes, query, total, splitFrom, permalink }: { action: Action; consultationId: string; questionId: string; themes: ThemeOption[]; query?: string; total?: number; splitFrom?: ThemeOption; permalink: string }) {
  const prefix = query ? "bulk-q" : "bulk";
  return (
    <section className={styles.bulk} aria-labelledby={`${prefix}-heading`} data-testid={query ? "bulk-search" : "bulk-selection"}>
      <h3 className="govuk-heading-s" id={`${prefix}-heading`}>
        {query ? `All ${total?.toLocaleString("en-GB") ?? ""} answers matching “${query}”` : "Selected answers"}
      </h3>
      <ActionForm action={action} permalink={permalink} id={query ? undefined : "bulk-form"} idPrefix={`${prefix}-`}>
        <input type="hidden" name="consultationId" value={consultationId} />
        <input type="hidden" name="questionId" value={questionId} />
        {query && <input type="hidden" name="q" value={query} />}
        {!query && <p className="govuk-hint">Tick “Select” on the answers below, then choose what to do.</p>}
        <PrefixedSelect
          name="themeId"
          label="Theme"
          defaultValue={splitFrom?.id ?? ""}
          options={[{ value: "", text: "Choose a theme" }, ...themes.map((t) => ({ value: t.id, text: t.name }))]}
        />
        {splitFrom && <PrefixedInput name="newName" label={`New theme for the selected answers (split from “${splitFrom.name}”)`} width="govuk-!-width-two-thirds" />}
        <div className="govuk-button-group">
          <button type="submit" name="op" value="tag" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Tag with theme
          </button>
          <button type="submit" name="op" value="untag" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Remove theme
          </button>
          <button type="submit" name="op" value="analysed" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Mark analysed
          </button>
          {splitFrom && (
            <button type="submit" name="op" value="split" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Split into new theme
            </button>
          )}
        </div>
      </ActionForm>
    </section>
  );
}

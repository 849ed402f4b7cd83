"use client";
// Fields of the analysis forms that appear many times on one page (one tagging form per
// answer), so their ids carry a prefix; and the view of a tagging clash, which shows both the
// officer's choice and the themes now saved, so neither is lost. Their stored values and bases
// are drawn once (useDrawnOnce): the pages refresh while an officer works (the suggestion panel's
// polling, each other form's save), and a refresh must neither undo what they are changing nor
// move the base a colleague's change is detected from.
import { KeptHidden, useDrawnOnce, useFieldId, useFormState } from "@/components/ui/action-form";
import { FieldError, LabelledSelect, RefusalDetails } from "@/components/ui/field-parts";

type Option = { value: string; text: string; hint?: string };

/** Checkboxes named `name` (repeated); after a refused post, the ticks the officer made stay. */
export function CheckboxGroup({ name, legend, options, checked, legendClass = "govuk-fieldset__legend--s", small = true }: { name: string; legend: string; options: Option[]; checked: string[]; legendClass?: string; small?: boolean }) {
  const state = useFormState();
  const drawn = useDrawnOnce(checked);
  const posted = state.values?.[name];
  // A refused post keeps the ticks made; a saved one shows the ticks as stored.
  const ticks = state.values && !state.ok ? (Array.isArray(posted) ? posted : posted ? [posted] : []) : drawn;
  const error = state.errors?.[name];
  // The first box carries the field's id, so the error summary's link lands on it (GOV.UK).
  const id = useFieldId(name);
  const boxId = (i: number) => (i === 0 ? id : `${id}-${i}`);
  const errorId = `${id}-error`;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={error ? errorId : undefined}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        <FieldError id={id} error={error} />
        <div className={`govuk-checkboxes${small ? " govuk-checkboxes--small" : ""}`} data-module="govuk-checkboxes">
          {options.map((o, i) => (
            <div className="govuk-checkboxes__item" key={o.value}>
              <input
                key={String(ticks.includes(o.value))}
                className="govuk-checkboxes__input"
                id={boxId(i)}
                name={name}
                type="checkbox"
                value={o.value}
                defaultChecked={ticks.includes(o.value)}
                aria-describedby={o.hint ? `${boxId(i)}-hint` : undefined}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={boxId(i)}>
                {o.text}
              </label>
              {o.hint && (
                <div className="govuk-hint govuk-checkboxes__hint" id={`${boxId(i)}-hint`}>
                  {o.hint}
                </div>
              )}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** One "yes" checkbox whose id carries the form's id prefix. */
export function YesCheckbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const state = useFormState();
  const id = useFieldId(name);
  const drawn = useDrawnOnce(checked);
  const on = state.values && !state.ok ? state.values[name] === "yes" : drawn;
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-3" data-module="govuk-checkboxes">
      <div className="govuk-checkboxes__item">
        <input key={String(on)} className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value="yes" defaultChecked={on} />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
          {label}
        </label>
      </div>
    </div>
  );
}

/** A text input whose id carries the form's id prefix (ActionForm idPrefix), keeping what was typed after a refused post. */
export function PrefixedInput({ name, label, hint, defaultValue = "", width = "govuk-!-width-full", labelClass = "govuk-label" }: { name: string; label: string; hint?: string; defaultValue?: string; width?: string; labelClass?: string }) {
  const state = useFormState();
  const drawn = useDrawnOnce(defaultValue);
  const v = state.values?.[name];
  const value = v === undefined ? drawn : Array.isArray(v) ? v.join(",") : v;
  const error = state.errors?.[name];
  const id = useFieldId(name);
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={labelClass} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError id={id} error={error} />
      <input key={value} className={`govuk-input ${width}${error ? " govuk-input--error" : ""}`} id={id} name={name} type="text" defaultValue={value} aria-describedby={described} />
    </div>
  );
}

/** A theme's keyword rules as the rules form draws them, with the base they are compared from (lib/input/edit-merge). */
export function KeywordRuleFields({ phrases, exclusions, base }: { phrases: string; exclusions: string; base: string }) {
  return (
    <>
      <KeptHidden name="editBase" value={base} />
      <PrefixedInput name="phrases" label="Keyword rule: words or phrases" hint="Separate with commas. “parking charge” also finds “parking charges”." defaultValue={phrases} />
      <PrefixedInput name="exclusions" label="Unless the answer says" hint="Separate with commas." defaultValue={exclusions} />
    </>
  );
}

/** A select whose id carries the form's id prefix. */
export function PrefixedSelect({ name, label, options, defaultValue = "" }: { name: string; label: string; options: Option[]; defaultValue?: string }) {
  const state = useFormState();
  const drawn = useDrawnOnce(defaultValue);
  const v = state.values?.[name];
  const value = v === undefined ? drawn : Array.isArray(v) ? v[0] : v;
  return <LabelledSelect id={useFieldId(name)} name={name} label={label} labelClass="" error={state.errors?.[name]} value={value} options={options} />;
}

type TagsState = { version?: number; analysed?: boolean; tags?: { themeName: string; passageText: string | null }[] };

/**
 * After a clash (someone else changed the answer's themes first): what they saved and what
 * this officer chose, side by side; the form below now carries their version, so ticking
 * again and saving applies this officer's choice on top of theirs.
 */
export function TagConflict({ themeNames }: { themeNames: Record<string, string> }) {
  const state = useFormState();
  if (!state.conflict) return null;
  const current = state.conflict.current as TagsState;
  const attempted = state.conflict.attempted as { themeIds?: string[]; analysed?: boolean; themeId?: string };
  const theirs = (current.tags ?? []).map((t) => (t.passageText ? `${t.themeName} (passage)` : t.themeName));
  const mine = (attempted.themeIds ?? (attempted.themeId ? [attempted.themeId] : [])).map((id) => themeNames[id] ?? "a theme since deleted");
  return (
    <div className="govuk-inset-text" data-testid="tag-conflict">
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        <strong>Saved by someone else:</strong> {theirs.length ? theirs.join(", ") : "no themes"}
        {current.analysed ? " · analysed" : ""}
      </p>
      <p className="govuk-body-s govuk-!-margin-bottom-0">
        <strong>Your choice (not saved):</strong> {mine.length ? mine.join(", ") : "no themes"}
        {attempted.analysed ? " · analysed" : ""}
      </p>
    </div>
  );
}

/** The version (an answer's tags', a theme's) the form was drawn from: after a clash, the version now saved. */
export function VersionField({ version }: { version: number }) {
  const state = useFormState();
  const drawn = useDrawnOnce(version);
  const current = (state.conflict?.current as TagsState | undefined)?.version;
  return <input type="hidden" name="baseVersion" value={current ?? drawn} />;
}

/**
 * A GOV.UK details element inside a form that opens itself when the form comes back refused,
 * so the fields with their errors (and a clash's both versions) are in view.
 */
export function FormDetails({ summary, children, testId }: { summary: React.ReactNode; children: React.ReactNode; testId?: string }) {
  const state = useFormState();
  const refused = Boolean(state.conflict || (state.errors && Object.keys(state.errors).length));
  return (
    <RefusalDetails refused={refused} summary={summary} className="govuk-details govuk-!-margin-bottom-3" testId={testId}>
      {children}
    </RefusalDetails>
  );
}

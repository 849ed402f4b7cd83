// The GOV.UK control for each of the ten question types, named as lib/questions/answers.ts
// parses them (formToValue), so that a page of these posts and validates with no JavaScript.
import type { ReactNode } from "react";
import { describedBy } from "@/components/ui/field-parts";
// Only types come from lib/questions/answers.ts: the settings arrive worked out (see
// controlSettings), so a question page's JavaScript does not carry zod.
import type { FormFields, QuestionDef } from "@/lib/questions/answers";
import type { ControlSettings } from "@/lib/responses/rules";
import { questionFieldId, questionPrefix } from "@/lib/responses/fields";

export type FieldQuestion = QuestionDef & { subheading: string | null };

type Props = {
  question: FieldQuestion;
  settings: ControlSettings;
  /** Current values of the whole form, by field name (what was typed or what is stored). */
  values: FormFields;
  error?: string;
  /** Shown as a hint: when to answer a question whose show-if is on the same page. */
  condition?: string;
  /** Label "(optional)" when the page mixes required and optional questions. */
  markOptional?: boolean;
  headingLevel: 2 | 3;
  /** Shown below the control: a conflict with a colleague's answer. */
  children?: ReactNode;
};

const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function one(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}
function many(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * "You can enter up to 10,000 characters". With JavaScript, the chapter page's script counts
 * down from data-max as the person types (components/response/enhance/chapter.ts).
 */
function CountMessage({ id, max }: { id: string; max: number }) {
  return (
    <div id={id} className="govuk-hint govuk-character-count__message" data-max={max}>
      You can enter up to {fmt(max)} characters
    </div>
  );
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

function Title({ q, markOptional }: { q: QuestionDef; markOptional?: boolean }) {
  return (
    <>
      <span className="govuk-caption-m">Question {q.number}</span> {q.text}
      {markOptional && !q.required ? " (optional)" : ""}
    </>
  );
}

export function QuestionField({ question: q, settings, values, error, condition, markOptional, headingLevel, children }: Props) {
  const prefix = questionPrefix(q.id);
  const id = questionFieldId(q.id);
  const H = headingLevel === 2 ? "h2" : "h3";
  const hintId = q.hint ? `${id}-hint` : undefined;
  const conditionId = condition ? `${id}-condition` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const groupClass = `govuk-form-group app-question${error ? " govuk-form-group--error" : ""}`;
  const hints = (
    <>
      {condition && (
        <div id={conditionId} className="govuk-hint app-question__condition">
          {condition}
        </div>
      )}
      {q.hint && (
        <div id={hintId} className="govuk-hint app-pre-wrap">
          {q.hint}
        </div>
      )}
    </>
  );

  if (q.type === "long_text" || q.type === "short_text" || q.type === "number") {
    const long = q.type === "long_text";
    const max = settings.textMax ?? 0;
    const countId = q.type === "number" ? undefined : `${id}-info`;
    const numberHint =
      q.type === "number"
        ? q.limits.min !== undefined && q.limits.max !== undefined
          ? `Enter a number between ${fmt(q.limits.min)} and ${fmt(q.limits.max)}`
          : q.limits.min !== undefined
            ? `Enter a number of ${fmt(q.limits.min)} or more`
            : q.limits.max !== undefined
              ? `Enter a number of ${fmt(q.limits.max)} or less`
              : "Enter a number"
        : null;
    const numberHintId = numberHint ? `${id}-number-hint` : undefined;
    const aria = describedBy(conditionId, hintId, numberHintId, countId, errorId);
    const errorClass = error ? (long ? " govuk-textarea--error" : " govuk-input--error") : "";
    return (
      <div className={groupClass} id={`question-${id}`}>
        <H className="govuk-label-wrapper">
          <label className="govuk-label govuk-label--s" htmlFor={id}>
            <Title q={q} markOptional={markOptional} />
          </label>
        </H>
        {hints}
        {numberHint && (
          <div id={numberHintId} className="govuk-hint">
            {numberHint}
          </div>
        )}
        <ErrorMessage id={`${id}-error`} error={error} />
        <div className={countId ? "govuk-character-count" : undefined}>
        {long ? (
          <textarea
            className={`govuk-textarea${errorClass}`}
            id={id}
            name={prefix}
            rows={8}
            defaultValue={one(values[prefix])}
            aria-describedby={aria}
            spellCheck
          />
        ) : (
          <input
            className={`govuk-input${q.type === "number" ? " govuk-input--width-10" : ""}${errorClass}`}
            id={id}
            name={prefix}
            type="text"
            inputMode={q.type === "number" ? "decimal" : undefined}
            spellCheck={q.type === "number" ? false : undefined}
            defaultValue={one(values[prefix])}
            aria-describedby={aria}
          />
        )}
        {countId && <CountMessage id={countId} max={max} />}
        </div>
        {children}
      </div>
    );
  }

  if (q.type === "date") {
    const dateHintId = `${id}-date-hint`;
    const parts = [
      ["day", "Day", "govuk-input--width-2", 2],
      ["month", "Month", "govuk-input--width-2", 2],
      ["year", "Year", "govuk-input--width-4", 4],
    ] as const;
    return (
      <div className={groupClass} id={`question-${id}`}>
        <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(conditionId, hintId, dateHintId, errorId)}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            <H className="govuk-fieldset__heading">
              <Title q={q} markOptional={markOptional} />
            </H>
          </legend>
          {hints}
          <div id={dateHintId} className="govuk-hint">
            For example, 27 3 2026
          </div>
          <ErrorMessage id={`${id}-error`} error={error} />
          <div className="govuk-date-input">
            {parts.map(([part, label, width], i) => (
              <div className="govuk-date-input__item" key={part}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={i === 0 ? id : `${id}-${part}`}>
                    {label}
                  </label>
                  <input
                    className={`govuk-input govuk-date-input__input ${width}${error ? " govuk-input--error" : ""}`}
                    id={i === 0 ? id : `${id}-${part}`}
                    name={`${prefix}.${part}`}
                    type="text"
                    inputMode="numeric"
                    defaultValue={one(values[`${prefix}.${part}`])}
                  />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        {children}
      </div>
    );
  }

  if (q.type === "ranking") {
    const n = q.options.length;
    const max = q.limits.maxSelections;
    const slots = max && max > 0 ? Math.min(max, n) : n;
    const rankHintId = `${id}-rank-hint`;
    return (
      <div className={groupClass} id={`question-${id}`}>
        <fieldset className="govuk-fieldset" aria-describedby={describedBy(conditionId, hintId, rankHintId, errorId)}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            <H className="govuk-fieldset__heading">
              <Title q={q} markOptional={markOptional} />
            </H>
          </legend>
          {hints}
          <div id={rankHintId} className="govuk-hint">
            {slots < n ? `Rank your top ${slots}: ` : "Rank every option: "}give 1 to the most important. Use each number once.
          </div>
          <ErrorMessage id={`${id}-error`} error={error} />
          <div className="app-ranking">
            {q.options.map((option, i) => {
              const name = `${prefix}.rank.${i}`;
              const fid = i === 0 ? id : `${id}-rank-${i}`;
              return (
                <div className="app-ranking__row" key={option}>
                  <select
                    className={`govuk-select${error ? " govuk-select--error" : ""}`}
                    id={fid}
                    name={name}
                    defaultValue={one(values[name])}
                  >
                    <option value="">Not ranked</option>
                    {Array.from({ length: slots }, (_, r) => (
                      <option key={r} value={String(r + 1)}>
                        {r + 1}
                      </option>
                    ))}
                  </select>
                  <label className="govuk-label app-ranking__label" htmlFor={fid}>
                    {option}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
        {children}
      </div>
    );
  }

  // Radios and checkboxes, with a text box below for yes/no and RAG status.
  const multiple = q.type === "multiple_choice";
  const options = settings.options;
  const picked = multiple ? many(values[prefix]) : [one(values[prefix])];
  const pair = q.type === "yes_no" ? "explanation" : q.type === "rag_status" ? "commentary" : null;
  const pairName = pair ? `${prefix}.${pair}` : "";
  const pairId = `${id}-${pair}`;
  const pairMax = settings.pairMax ?? 0;
  // Unless the question's own hint already says how many to tick.
  const selectHint =
    multiple && !/\bselect\b/i.test(q.hint)
      ? q.limits.maxSelections && q.limits.maxSelections > 0
        ? `Select up to ${q.limits.maxSelections}`
        : "Select all that apply"
      : null;
  const selectHintId = selectHint ? `${id}-select-hint` : undefined;
  return (
    <div className={groupClass} id={`question-${id}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(conditionId, hintId, selectHintId, errorId)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          <H className="govuk-fieldset__heading">
            <Title q={q} markOptional={markOptional} />
          </H>
        </legend>
        {hints}
        {selectHint && (
          <div id={selectHintId} className="govuk-hint">
            {selectHint}
          </div>
        )}
        <ErrorMessage id={`${id}-error`} error={error} />
        {/* An empty value lets the form say "none ticked" when every box is cleared. */}
        {multiple && <input type="hidden" name={prefix} value="" />}
        <div className={multiple ? "govuk-checkboxes" : `govuk-radios${q.type === "yes_no" ? " govuk-radios--inline" : ""}`}>
          {options.map((option, i) => {
            const oid = i === 0 ? id : `${id}-${i + 1}`;
            const cls = multiple ? "govuk-checkboxes" : "govuk-radios";
            return (
              <div className={`${cls}__item`} key={option}>
                <input
                  className={`${cls}__input`}
                  id={oid}
                  name={prefix}
                  type={multiple ? "checkbox" : "radio"}
                  value={option}
                  defaultChecked={picked.includes(option)}
                />
                <label className={`govuk-label ${cls}__label`} htmlFor={oid}>
                  {option}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      {pair && (
        <div className="govuk-form-group govuk-character-count app-question__pair">
          <label className="govuk-label" htmlFor={pairId}>
            {pair === "explanation" ? "Explain your answer" : "Commentary on progress"}
            {" (optional)"}
          </label>
          <textarea
            className="govuk-textarea"
            id={pairId}
            name={pairName}
            rows={5}
            defaultValue={one(values[pairName])}
            aria-describedby={`${pairId}-info`}
            spellCheck
          />
          <CountMessage id={`${pairId}-info`} max={pairMax} />
        </div>
      )}
      {children}
    </div>
  );
}

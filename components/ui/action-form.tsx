"use client";
// A plain <form> bound to a server action with useActionState: it posts without JavaScript
// (progressive enhancement) and, with or without it, shows the error summary and keeps
// what was typed. Fields read the state through context.
import { createContext, useActionState, useContext, useEffect, useRef, useState } from "react";
import type { FormState } from "./form-state";
import { SuccessBanner } from "./success-banner";
import { fieldDescribedBy, LabelledField, LabelledSelect, type SelectOption } from "@/components/ui/field-parts";

const FormStateContext = createContext<FormState>({});
/** For a page that repeats a form (one per row): its fields' ids carry this prefix, so they stay unique. */
const IdPrefixContext = createContext<string>("");

export function useFormState() {
  return useContext(FormStateContext);
}

/** Whether the person has changed anything in the form since it was drawn or last saved (ActionForm tracks it). */
const EditedContext = createContext<boolean>(false);

/**
 * A stored value (a field's default, the base a concurrent change is detected from) as the form
 * shows it. While the person has changed nothing in the form it follows the page: a refresh
 * (another form's save, the page's polling) shows what is stored now. From their first change it
 * stays as it was when they began, so a refresh neither undoes what they are doing nor moves the
 * base past a colleague's change (the save then meets it as a conflict); after the form's own
 * successful save it follows the page again. `strict`: never follows the page after the first
 * drawing, until the form's own save (what the person is confirming they read, such as a report's
 * fingerprint).
 */
export function useDrawnOnce<T>(value: T, strict = false): T {
  const edited = useContext(EditedContext);
  const state = useFormState();
  const [first, setFirst] = useState(value);
  const shown = useRef(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (state.ok) setFirst(latest.current);
  }, [state]);
  if (strict) return first;
  if (!edited) shown.current = value;
  return shown.current;
}

/**
 * A hidden base with the value the form was drawn with (useDrawnOnce): from the person's first
 * change, or with `strict` from the start (the fingerprint of a report they are signing off,
 * which a refresh of the page must not move to a version they have not read).
 */
export function DrawnHidden({ name, value, strict = false }: { name: string; value: string; strict?: boolean }) {
  return <input type="hidden" name={name} value={useDrawnOnce(value, strict)} />;
}

/**
 * A hidden field that a refused post may give anew (an edit conflict's base: lib/input/edit-merge),
 * so that saving again sends it; otherwise the value the page was drawn with.
 */
export function KeptHidden({ name, value }: { name: string; value: string }) {
  const state = useFormState();
  const drawn = useDrawnOnce(value);
  const v = state.values?.[name];
  return <input type="hidden" name={name} value={typeof v === "string" && !state.ok ? v : drawn} />;
}

/**
 * The id of the field called `name` in the form around it: the form's id prefix (a page that
 * repeats a form) then `fieldId(name)`. Fields and the error summary's links both use it, so a
 * link in the summary always lands on its field.
 */
export function useFieldId(name: string): string {
  return `${useContext(IdPrefixContext)}${fieldId(name)}`;
}

/** The state and id prefix that fields and the error summary read (ActionForm provides them; tests use it directly). */
export function FormScope({ state, idPrefix = "", children }: { state: FormState; idPrefix?: string; children: React.ReactNode }) {
  return (
    <IdPrefixContext.Provider value={idPrefix}>
      <FormStateContext.Provider value={state}>{children}</FormStateContext.Provider>
    </IdPrefixContext.Provider>
  );
}

type Props = {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  /** Where the form posts when JavaScript is off (the page's own URL). */
  permalink?: string;
  /** On a page that repeats the form, the id of the item this one is for (see formPermalink). */
  item?: string;
  successMessage?: string;
  /** The form shows a version conflict itself (both texts to merge), so the summary leaves it out. */
  ownConflictView?: boolean;
  /** For controls elsewhere on the page that join this form through their `form` attribute. */
  id?: string;
  /** Prefix of the fields' ids, for a page that repeats the form. */
  idPrefix?: string;
};

/**
 * Where a form posts without JavaScript: the page's own URL and, on a page that repeats the form
 * (one per answer, theme, row), the anchor of the item it is for. Without JavaScript React gives
 * a post's result to every useActionState whose action and permalink match, so a permalink
 * shared by the repeated forms would show one post's "Saved" or error in all of them; with the
 * item's anchor it shows in the form posted only, and the page comes back scrolled to it.
 */
export function formPermalink(permalink: string, item?: string): string;
export function formPermalink(permalink: string | undefined, item?: string): string | undefined;
export function formPermalink(permalink: string | undefined, item?: string): string | undefined {
  return permalink && item ? `${permalink.split("#")[0]}#${item}` : permalink;
}

export function ActionForm({ action, children, className, permalink: page, item, successMessage, ownConflictView, id, idPrefix = "" }: Props) {
  const permalink = formPermalink(page, item);
  const [state, formAction, pending] = useActionState(action, {}, permalink);
  // Changed since drawn or last saved (useDrawnOnce): any input in the form, typed, ticked or chosen.
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    if (state.ok) setEdited(false);
  }, [state]);
  return (
    <FormScope state={state} idPrefix={idPrefix}>
      <EditedContext.Provider value={edited}>
        <ErrorSummary permalink={permalink} ownConflictView={ownConflictView} />
        {state.ok && (successMessage || state.message) && (
          <SuccessBanner titleId={`${idPrefix}form-success-title`} heading={state.message ?? successMessage} />
        )}
        <form action={formAction} className={className} noValidate aria-busy={pending} id={id} onInput={edited ? undefined : () => setEdited(true)}>
          {children}
        </form>
      </EditedContext.Provider>
    </FormScope>
  );
}

/**
 * The GOV.UK error summary of the form's last post: a refusal of the whole form first (with
 * its particulars, and after a version conflict a link that reloads the page as it now
 * stands), then each field's error linking to its field. Focus moves to it: by the autofocus
 * attribute when the page comes back from a post without JavaScript, by the effect with it.
 */
export function ErrorSummary({ permalink, ownConflictView }: { permalink?: string; ownConflictView?: boolean } = {}) {
  const state = useFormState();
  const prefix = useContext(IdPrefixContext);
  const ref = useRef<HTMLDivElement>(null);
  const { _form, ...fieldErrors } = state.errors ?? {};
  const refused = !state.ok && !_form && !Object.keys(fieldErrors).length ? state.message : undefined;
  const conflictElsewhere = Boolean(state.conflict) && ownConflictView;
  const formError = conflictElsewhere ? undefined : (_form ?? refused);
  const fields = Object.entries(fieldErrors);
  const reload = state.conflict && !conflictElsewhere && permalink ? permalink.split("#")[0] : undefined;
  const shown = Boolean(formError) || fields.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!shown) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1} autoFocus data-testid="error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          {formError && <p className="govuk-body">{formError}</p>}
          {formError && state.particulars && state.particulars.length > 0 && (
            <ul className="govuk-list govuk-list--bullet">
              {state.particulars.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {(reload || fields.length > 0) && (
            <ul className="govuk-list govuk-error-summary__list">
              {reload && (
                <li>
                  <a href={reload}>Reload the page to see the latest version</a>
                </li>
              )}
              {fields.map(([field, message]) => (
                <li key={field}>
                  <a href={`#${prefix}${fieldId(field)}`}>{message}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

export function fieldId(name: string): string {
  return name === "_form" ? "main-content" : `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function value(state: FormState, name: string, fallback?: string): string {
  const v = state.values?.[name];
  if (v === undefined) return fallback ?? "";
  return Array.isArray(v) ? v.join(",") : v;
}

/** What every field reads from the form's state: its id, its error, the value to show, and its aria-describedby. */
function useField(name: string, hint?: string, defaultValue?: string) {
  const state = useFormState();
  const error = state.errors?.[name];
  const id = useFieldId(name);
  return { id, error, value: value(state, name, defaultValue), describedBy: fieldDescribedBy(id, hint, error) };
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  width?: string;
  labelClass?: string;
};

export function TextField({ name, label, hint, defaultValue, type = "text", autoComplete, width, labelClass }: FieldProps) {
  const { id, error, value, describedBy } = useField(name, hint, defaultValue);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <input
        key={value}
        className={`govuk-input${width ? ` ${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={value}
        aria-describedby={describedBy}
      />
    </LabelledField>
  );
}

export function SelectField({ name, label, hint, defaultValue, options, labelClass }: FieldProps & { options: SelectOption[] }) {
  const { id, error, value } = useField(name, hint, defaultValue);
  return <LabelledSelect id={id} name={name} label={label} hint={hint} error={error} labelClass={labelClass} value={value} options={options} />;
}

export function SubmitButton({ children, secondary }: { children: React.ReactNode; secondary?: boolean }) {
  return (
    <button type="submit" className={`govuk-button${secondary ? " govuk-button--secondary" : ""}`} data-module="govuk-button">
      {children}
    </button>
  );
}

export function TextAreaField({ name, label, hint, defaultValue, rows = 5, labelClass }: FieldProps & { rows?: number }) {
  const { id, error, value, describedBy } = useField(name, hint, defaultValue);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <textarea
        key={value}
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-describedby={describedBy}
      />
    </LabelledField>
  );
}

/** A GOV.UK file upload. A browser never refills a file input, so the hint should say to choose it again. */
export function FileField({ name, label, hint, accept, labelClass }: Omit<FieldProps, "defaultValue" | "type"> & { accept?: string }) {
  const { id, error, describedBy } = useField(name, hint);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <input
        className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy}
      />
    </LabelledField>
  );
}

/** One checkbox (value "yes"); kept ticked after a refused post. */
export function CheckboxField({ name, label, defaultChecked }: { name: string; label: string; defaultChecked?: boolean }) {
  const state = useFormState();
  const id = useFieldId(name);
  const checked = state.values ? state.values[name] === "yes" : Boolean(defaultChecked);
  return (
    <div className="govuk-form-group">
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input key={String(checked)} className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value="yes" defaultChecked={checked} />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </div>
  );
}

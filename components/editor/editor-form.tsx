"use client";
// The officer's forms: a plain <form> bound to a server action (useActionState), so it posts
// and shows errors with JavaScript off; with JavaScript on, react-hook-form checks each field
// as it is left, with the same zod schema the server uses, and stops a submit that would fail.
import "./editor.css";
import { zodResolver } from "@hookform/resolvers/zod";
import { createContext, startTransition, useActionState, useContext, useEffect, useMemo, useRef, useState } from "react";
import { FormProvider, useForm, useFormContext, type FieldValues, type Resolver } from "react-hook-form";
import { FieldError, FieldHint, fieldDescribedBy, LabelledField } from "@/components/ui/field-parts";
import type { FormState } from "@/components/ui/form-state";
import { SuccessBanner } from "@/components/ui/success-banner";
import { CLIENT_SCHEMAS, type ClientSchemaName } from "./schemas";

type Values = Record<string, string | string[] | boolean>;

type Ctx = {
  errorFor: (name: string) => string | undefined;
  valueOf: (name: string) => string | string[] | boolean | undefined;
  enhanced: boolean;
};

const EditorContext = createContext<Ctx>({ errorFor: () => undefined, valueOf: () => undefined, enhanced: false });

export function useEditorField(name: string) {
  const ctx = useContext(EditorContext);
  const rhf = useFormContext();
  const registered = rhf && ctx.enhanced ? rhf.register(name) : { name };
  return { ...ctx, registered, error: ctx.errorFor(name), id: fieldId(name) };
}

export function fieldId(name: string): string {
  return name === "_form" ? "main-content" : `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

type Props = {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  /** Which zod schema react-hook-form checks with in the browser; none for forms of buttons only. */
  schema?: ClientSchemaName;
  defaults?: Values;
  /** Hidden fields (ids) sent with the form. */
  hidden?: Record<string, string>;
  /** The page's URL, where the form posts when JavaScript is off. */
  permalink: string;
  /** Fields; a function of the action's last result when part of the form depends on it. */
  children: React.ReactNode | ((state: FormState) => React.ReactNode);
  className?: string;
  /** Where to send the error summary's field links when a field has a different anchor. */
  anchors?: Record<string, string>;
  showSummary?: boolean;
  testId?: string;
};

export function EditorForm({ action, schema, defaults = {}, hidden, permalink, children, className, anchors, showSummary = true, testId }: Props) {
  const [state, formAction, pending] = useActionState(action, {}, permalink);
  const resolver = useMemo(() => (schema ? (zodResolver(CLIENT_SCHEMAS[schema] as never) as unknown as Resolver<FieldValues>) : undefined), [schema]);
  const methods = useForm<FieldValues>({ resolver, defaultValues: defaults, mode: "onTouched", shouldFocusError: false });
  const [enhanced, setEnhanced] = useState(false);
  // Server errors stay until their field is changed.
  const [stale, setStale] = useState<Set<string>>(new Set());
  const [focusTick, setFocusTick] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => setEnhanced(Boolean(schema)), [schema]);
  useEffect(() => {
    setStale(new Set());
    if (state.errors && Object.keys(state.errors).length) setFocusTick((n) => n + 1);
  }, [state]);
  useEffect(() => {
    if (focusTick) summaryRef.current?.focus();
  }, [focusTick]);

  const clientErrors = methods.formState.errors;
  const errorFor = (name: string): string | undefined => {
    const client = clientErrors[name]?.message;
    if (typeof client === "string") return client;
    if (stale.has(name)) return undefined;
    return state.errors?.[name];
  };
  const valueOf = (name: string) => state.values?.[name] ?? defaults[name];

  const summary: [string, string][] = [];
  for (const [k, v] of Object.entries(clientErrors)) if (typeof v?.message === "string") summary.push([k, v.message]);
  for (const [k, v] of Object.entries(state.errors ?? {})) if (!stale.has(k) && !summary.some(([s]) => s === k)) summary.push([k, v]);

  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const name = (e.target as HTMLInputElement).name;
    if (!name) return;
    const base = name.replace(/-(day|month|year)$/, "");
    if (state.errors?.[base] || state.errors?.[name]) setStale((s) => new Set(s).add(base).add(name));
  };

  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    if (!resolver) return;
    e.preventDefault();
    const form = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLElement | null;
    const ok = await methods.trigger();
    if (!ok) {
      setFocusTick((n) => n + 1);
      return;
    }
    const data = new FormData(form, submitter);
    startTransition(() => formAction(data));
  };

  return (
    <EditorContext.Provider value={{ errorFor, valueOf, enhanced }}>
      <FormProvider {...methods}>
        {showSummary && summary.length > 0 && (
          <div className="govuk-error-summary" data-module="govuk-error-summary" ref={summaryRef} tabIndex={-1}>
            <div role="alert">
              <h2 className="govuk-error-summary__title">There is a problem</h2>
              <div className="govuk-error-summary__body">
                <ul className="govuk-list govuk-error-summary__list">
                  {summary.map(([field, message]) => (
                    <li key={field}>
                      <a href={`#${anchors?.[field] ?? fieldId(field)}`}>{message}</a>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </div>
        )}
        {state.ok && state.message && (
          <SuccessBanner titleId={`${testId ?? "form"}-success`} heading={state.message} />
        )}
        <form action={formAction} onSubmit={onSubmit} onChange={onChange} className={className} noValidate aria-busy={pending} data-testid={testId}>
          {/* A hidden field the last answer gave anew (an edit conflict's base) is sent as given. */}
          {hidden && Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={typeof state.values?.[k] === "string" ? (state.values[k] as string) : v} />)}
          {typeof children === "function" ? children(state) : children}
        </form>
      </FormProvider>
    </EditorContext.Provider>
  );
}

// ---------------------------------------------------------------------------------------------
// Fields

type FieldProps = { name: string; label: React.ReactNode; hint?: React.ReactNode; labelClass?: string };

const str = (v: unknown) => (Array.isArray(v) ? v.join("\n") : v === undefined || v === null || typeof v === "boolean" ? "" : String(v));

export function TextInput({ name, label, hint, labelClass, width, type = "text", inputMode, spellCheck, autoComplete = "off" }: FieldProps & { width?: string; type?: string; inputMode?: "numeric" | "decimal" | "text"; spellCheck?: boolean; autoComplete?: string }) {
  const { registered, error, id, valueOf } = useEditorField(name);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <input
        {...registered}
        className={`govuk-input${width ? ` ${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={id}
        type={type}
        inputMode={inputMode}
        spellCheck={spellCheck}
        autoComplete={autoComplete}
        defaultValue={str(valueOf(name))}
        aria-describedby={fieldDescribedBy(id, hint, error)}
      />
    </LabelledField>
  );
}

export function TextArea({ name, label, hint, labelClass, rows = 5, spellCheck }: FieldProps & { rows?: number; spellCheck?: boolean }) {
  const { registered, error, id, valueOf } = useEditorField(name);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <textarea
        {...registered}
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        rows={rows}
        spellCheck={spellCheck}
        defaultValue={str(valueOf(name))}
        aria-describedby={fieldDescribedBy(id, hint, error)}
      />
    </LabelledField>
  );
}

export function SelectInput({ name, label, hint, labelClass, options }: FieldProps & { options: { value: string; text: string }[] }) {
  const { registered, error, id, valueOf } = useEditorField(name);
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <select {...registered} className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} defaultValue={str(valueOf(name))} aria-describedby={fieldDescribedBy(id, hint, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function Checkbox({ name, label, hint }: FieldProps) {
  const { registered, error, id, valueOf } = useEditorField(name);
  const v = valueOf(name);
  const checked = v === true || (typeof v === "string" && v !== "" && v !== "false");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <FieldError id={id} error={error} />
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input {...registered} className="govuk-checkboxes__input" id={id} type="checkbox" value="yes" defaultChecked={checked} aria-describedby={fieldDescribedBy(id, hint, error)} />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint && (
            <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

export function Radios({
  name,
  legend,
  hint,
  options,
  legendClass = "govuk-fieldset__legend--s",
  small,
  inline,
}: {
  name: string;
  legend: React.ReactNode;
  hint?: React.ReactNode;
  options: { value: string; text: string; hint?: string }[];
  legendClass?: string;
  small?: boolean;
  inline?: boolean;
}) {
  const { registered, error, id, valueOf } = useEditorField(name);
  const current = str(valueOf(name));
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={fieldDescribedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className={`govuk-radios${small ? " govuk-radios--small" : ""}${inline ? " govuk-radios--inline" : ""}`} data-module="govuk-radios">
          {options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${i}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  {...registered}
                  className="govuk-radios__input"
                  id={oid}
                  type="radio"
                  value={o.value}
                  defaultChecked={current === o.value}
                  aria-describedby={o.hint ? `${oid}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={oid}>
                  {o.text}
                </label>
                {o.hint && (
                  <div id={`${oid}-item-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK date input: three boxes, `${name}-day`, `-month`, `-year`; errors at `name`. */
export function DateInput({ name, legend, hint, legendClass = "govuk-fieldset__legend--s" }: { name: string; legend: React.ReactNode; hint?: React.ReactNode; legendClass?: string }) {
  const ctx = useContext(EditorContext);
  const rhf = useFormContext();
  const error = ctx.errorFor(name);
  const id = fieldId(name);
  const part = (p: "day" | "month" | "year", text: string, width: string) => {
    const field = `${name}-${p}`;
    const registered = rhf && ctx.enhanced ? rhf.register(field) : { name: field };
    const pid = p === "day" ? id : `${id}-${p}`;
    return (
      <div className="govuk-date-input__item">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-date-input__label" htmlFor={pid}>
            {text}
          </label>
          <input
            {...registered}
            className={`govuk-input govuk-date-input__input ${width}${error ? " govuk-input--error" : ""}`}
            id={pid}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={str(ctx.valueOf(field))}
          />
        </div>
      </div>
    );
  };
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={fieldDescribedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className="govuk-date-input">
          {part("day", "Day", "govuk-input--width-2")}
          {part("month", "Month", "govuk-input--width-2")}
          {part("year", "Year", "govuk-input--width-4")}
        </div>
      </fieldset>
    </div>
  );
}

export function Submit({ children, secondary, warning, name, value }: { children: React.ReactNode; secondary?: boolean; warning?: boolean; name?: string; value?: string }) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}${warning ? " govuk-button--warning" : ""}`}
      data-module="govuk-button"
    >
      {children}
    </button>
  );
}

/** Show children only when another field has one of `values` (with JavaScript; always without). */
export function ShowWhen({ field, values, children }: { field: string; values: readonly string[]; children: React.ReactNode }) {
  const ctx = useContext(EditorContext);
  const rhf = useFormContext();
  const current = rhf?.watch(field) as unknown;
  if (!ctx.enhanced) return <>{children}</>;
  const v = typeof current === "string" ? current : str(ctx.valueOf(field));
  return values.includes(v) ? <>{children}</> : null;
}

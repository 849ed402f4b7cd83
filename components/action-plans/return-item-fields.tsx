"use client";
// One milestone's or indicator's fields in a partner's return: last period's entry beside it
// with "No change since last period", the status and RAG radios or the actual, commentary and
// corrective action; after a colleague's save, both versions to choose from. Reads the form's
// state (errors, what was typed) from the ActionForm around it, so it works without JavaScript.
import { fieldId, useFormState } from "@/components/ui/action-form";
import { fieldDescribedBy, FieldError, FieldHint } from "@/components/ui/field-parts";

export type ItemView = {
  id: string;
  kind: "milestone" | "indicator";
  /** "1.3" or "LI 2.1". */
  label: string;
  text: string;
  /** Outcome and due date (milestone) or baseline and target (indicator). */
  details: { key: string; value: string }[];
  unitSuffix: string;
  base: string;
  current: { status: string; rag: string; commentary: string; correctiveAction: string; actual: string; ragText: string; carried: boolean; by: string | null };
  previous: { periodLabel: string; status: string; rag: string; actual: string; commentary: string } | null;
};

type Conflict = { current: { text: string; updatedByName: string | null }; attempted: { text: string }; base: string };

const STATUS = [
  { value: "not_started", text: "Not started" },
  { value: "in_progress", text: "In progress" },
  { value: "complete", text: "Complete" },
];
const RAG = [
  { value: "red", text: "Red: target unlikely to be met" },
  { value: "amber", text: "Amber: slippage, recovery planned" },
  { value: "green", text: "Green: on target" },
];

export function ReturnItemFields({ item, disabled }: { item: ItemView; disabled?: boolean }) {
  const state = useFormState();
  const name = (f: string) => `${item.id}.${f}`;
  const typed = (f: string, fallback: string) => {
    const v = state.values?.[name(f)];
    return v === undefined ? fallback : Array.isArray(v) ? (v[0] ?? "") : v;
  };
  const err = (f: string) => state.errors?.[name(f)];
  const conflicts = (state.conflict?.current ?? {}) as Record<string, Conflict>;
  const conflict = conflicts[item.id];
  const base = typed("base", item.base);
  const headingId = `item-${item.id}`;
  const k = JSON.stringify([item.base, state.values ? 1 : 0]);

  return (
    <div className="app-return-item govuk-!-margin-bottom-8" data-testid="return-item" data-label={item.label} id={fieldId(name("carry"))}>
      <h3 className="govuk-heading-s" id={headingId}>
        <span className="govuk-caption-s app-block">
          {item.kind === "indicator" ? "Indicator" : "Milestone"} {item.label}
        </span>{" "}
        {item.text}
      </h3>
      <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-3">
        {item.details.map((d) => (
          <div className="govuk-summary-list__row" key={d.key}>
            <dt className="govuk-summary-list__key">{d.key}</dt>
            <dd className="govuk-summary-list__value">{d.value}</dd>
          </div>
        ))}
      </dl>
      <input type="hidden" name={name("base")} value={conflict ? item.base : base} key={`b${k}`} />
      <div className="govuk-inset-text govuk-!-margin-top-2" data-testid="previous">
        {item.previous ? (
          <>
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Last period ({item.previous.periodLabel})</p>
            <p className="govuk-body govuk-!-margin-bottom-1">
              {[item.previous.status, item.previous.rag, item.previous.actual].filter(Boolean).join(" · ") || "Nothing reported"}
            </p>
            {item.previous.commentary && <p className="govuk-body govuk-!-margin-bottom-2">{item.previous.commentary}</p>}
            {!disabled && (
              <button type="submit" name="carry" value={item.id} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                No change since last period<span className="govuk-visually-hidden"> for {item.label}</span>
              </button>
            )}
            <FieldError id={fieldId(name("carry"))} error={err("carry")} />
          </>
        ) : (
          <p className="govuk-body govuk-!-margin-bottom-0">Nothing was reported for this last period.</p>
        )}
      </div>
      {item.current.carried && <p className="govuk-body-s" data-testid="carried">Carried forward from last period unchanged.</p>}
      {conflict && (
        <div className="govuk-form-group govuk-form-group--error" data-testid="conflict" id={fieldId(name("resolve"))} tabIndex={-1}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{conflict.current.updatedByName ?? "A colleague"} saved this while you were editing it: which do you want to keep?</legend>
            <FieldError id={fieldId(name("resolve"))} error={err("resolve")} />
            <div className="govuk-radios govuk-radios--small">
              <div className="govuk-radios__item">
                <input className="govuk-radios__input" id={`${name("resolve")}-mine`} name={name("resolve")} type="radio" value={`mine:${conflict.base}`} defaultChecked />
                <label className="govuk-label govuk-radios__label" htmlFor={`${name("resolve")}-mine`}>
                  Yours: {conflict.attempted.text || "(empty)"}
                </label>
              </div>
              <div className="govuk-radios__item">
                <input className="govuk-radios__input" id={`${name("resolve")}-theirs`} name={name("resolve")} type="radio" value={`theirs:${conflict.base}`} />
                <label className="govuk-label govuk-radios__label" htmlFor={`${name("resolve")}-theirs`}>
                  {conflict.current.updatedByName ?? "Theirs"}&apos;s: {conflict.current.text || "(empty)"}
                </label>
              </div>
            </div>
          </fieldset>
        </div>
      )}
      {item.kind === "milestone" ? (
        <>
          <Radios legend="Status" name={name("status")} options={STATUS} value={typed("status", item.current.status)} error={err("status")} disabled={disabled} k={k} />
          <Radios legend="RAG status" hint="Only for a milestone in progress" name={name("rag")} options={RAG} value={typed("rag", item.current.rag)} error={err("rag")} disabled={disabled} k={k} />
        </>
      ) : (
        <Input label="Actual this period" name={name("actual")} suffix={item.unitSuffix} value={typed("actual", item.current.actual)} error={err("actual")} disabled={disabled} hint={item.current.ragText ? `RAG worked out from the saved figure: ${item.current.ragText}` : undefined} k={k} />
      )}
      <Textarea label="Commentary" name={name("commentary")} value={typed("commentary", item.current.commentary)} error={err("commentary")} disabled={disabled} k={k} />
      {item.kind === "milestone" && (
        <Textarea label="Corrective action" hint="Required when the milestone is Red: what is being done to bring it back on track" name={name("correctiveAction")} value={typed("correctiveAction", item.current.correctiveAction)} error={err("correctiveAction")} disabled={disabled} k={k} />
      )}
    </div>
  );
}

function Radios({ legend, hint, name, options, value, error, disabled, k }: { legend: string; hint?: string; name: string; options: { value: string; text: string }[]; value: string; error?: string; disabled?: boolean; k: string }) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={fieldDescribedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldHint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className="govuk-radios govuk-radios--small govuk-radios--inline" key={`${k}${value}`}>
          {options.map((o, i) => (
            <div className="govuk-radios__item" key={o.value}>
              <input className="govuk-radios__input" id={i === 0 ? id : `${id}-${o.value}`} name={name} type="radio" value={o.value} defaultChecked={value === o.value} disabled={disabled} />
              <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? id : `${id}-${o.value}`}>
                {o.text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function Input({ label, name, suffix, value, error, disabled, hint, k }: { label: string; name: string; suffix: string; value: string; error?: string; disabled?: boolean; hint?: string; k: string }) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <div className="govuk-input__wrapper">
        <input key={`${k}${value}`} className={`govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}`} id={id} name={name} type="text" inputMode="decimal" spellCheck={false} defaultValue={value} disabled={disabled} aria-describedby={fieldDescribedBy(id, hint, error)} />
        {suffix && (
          <div className="govuk-input__suffix" aria-hidden="true">
            {suffix}
          </div>
        )}
      </div>
    </div>
  );
}

function Textarea({ label, hint, name, value, error, disabled, k }: { label: string; hint?: string; name: string; value: string; error?: string; disabled?: boolean; k: string }) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <textarea key={`${k}${value}`} className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} id={id} name={name} rows={3} defaultValue={value} disabled={disabled} aria-describedby={fieldDescribedBy(id, hint, error)} />
    </div>
  );
}

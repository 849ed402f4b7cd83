"use client";
// The notifications pages' forms: plain <form>s bound to server actions (they post without
// JavaScript), with the GOV.UK error summary and success banner of ActionForm.
import { ActionForm, SubmitButton, useFormState } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

// Each form stays on the page once what it marks is read (only its button goes), so its
// success message is still there to read and announce.
export function MarkAllReadForm({ action, unread }: { action: Action; unread: boolean }) {
  return (
    <ActionForm action={action} permalink="/notifications">
      {unread && <SubmitButton secondary>Mark all as read</SubmitButton>}
    </ActionForm>
  );
}

/** `back`: the address of the list's page the form is on (it posts there without JavaScript). */
export function MarkReadForm({ action, id, title, back, unread }: { action: Action; id: string; title: string; back: string; unread: boolean }) {
  return (
    <ActionForm action={action} permalink={`${back}#n-${id}`}>
      <input type="hidden" name="notificationId" value={id} />
      {unread && (
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          Mark as read<span className="govuk-visually-hidden">: {title}</span>
        </button>
      )}
    </ActionForm>
  );
}

export type PreferenceView = { kind: string; label: string; inApp: boolean; email: boolean };

function Choices({ preferences }: { preferences: PreferenceView[] }) {
  const state = useFormState();
  // After a refused post, show what was ticked in it, not what is saved.
  const posted = state.values && !state.ok ? state.values : null;
  const ticked = (name: "inApp" | "email", p: PreferenceView) => {
    if (!posted) return p[name];
    const v = posted[name];
    return Array.isArray(v) ? v.includes(p.kind) : v === p.kind;
  };
  const error = state.errors?.inApp ?? state.errors?.email;
  return (
    // The error summary links to #f-inApp / #f-email (a refused post can only be a tampered one).
    <div id="f-inApp" tabIndex={-1}>
      <span id="f-email" tabIndex={-1} />
      {error && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {preferences.map((p) => (
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`} key={p.kind} data-testid={`preference-${p.kind}`}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{p.label}</legend>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input
                  key={`${p.kind}-in-app-${String(ticked("inApp", p))}`}
                  className="govuk-checkboxes__input"
                  id={`f-inApp-${p.kind}`}
                  name="inApp"
                  type="checkbox"
                  value={p.kind}
                  defaultChecked={ticked("inApp", p)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`f-inApp-${p.kind}`}>
                  On this site
                </label>
              </div>
              <div className="govuk-checkboxes__item">
                <input
                  key={`${p.kind}-email-${String(ticked("email", p))}`}
                  className="govuk-checkboxes__input"
                  id={`f-email-${p.kind}`}
                  name="email"
                  type="checkbox"
                  value={p.kind}
                  defaultChecked={ticked("email", p)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`f-email-${p.kind}`}>
                  By email
                </label>
              </div>
            </div>
          </fieldset>
        </div>
      ))}
    </div>
  );
}

export function PreferencesForm({ action, preferences }: { action: Action; preferences: PreferenceView[] }) {
  return (
    <ActionForm action={action} permalink="/notifications/settings">
      <Choices preferences={preferences} />
      <SubmitButton>Save settings</SubmitButton>
    </ActionForm>
  );
}

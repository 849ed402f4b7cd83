"use client";
// The new key, shown once in the create form's result. It is in this response only: the
// server keeps its hash, so if it is lost the admin revokes it and creates another.
import { useFormState } from "@/components/ui/action-form";
import type { CreatedKeyState } from "./actions";

export function CreatedKey() {
  const state = useFormState() as CreatedKeyState;
  if (!state.created) return null;
  const c = state.created;
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="created-key-title" data-testid="created-key">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="created-key-title">
          Important
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">Copy the key now: it will not be shown again</p>
        <p className="govuk-body">
          {c.name}: {c.scope.toLowerCase()}, acting for {c.organisationName}.
        </p>
        <div className="govuk-form-group govuk-!-margin-bottom-2">
          <label className="govuk-label govuk-label--s" htmlFor="created-api-key">
            API key
          </label>
          <input
            className="govuk-input govuk-!-width-full app-monospace"
            id="created-api-key"
            readOnly
            value={c.key}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <p className="govuk-body govuk-!-margin-bottom-0">
          Send it with every request as <code>Authorization: Bearer {c.prefix}…</code>
        </p>
      </div>
    </div>
  );
}

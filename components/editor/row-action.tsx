"use client";
// A one-button form for a row of a list (move up, move down, remove): posts to a server action
// with or without JavaScript, and shows a refusal beside the row it concerns.
import "./editor.css";
import { useActionState } from "react";
import { formPermalink } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";

type Props = {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  permalink: string;
  /** The visible label and the words that make it unique to screen readers. */
  label: string;
  context?: string;
  variant?: "link" | "secondary" | "warning" | "primary";
  testId?: string;
  /**
   * The form's id, and the item its post without JavaScript comes back to (see formPermalink):
   * each row's action, and two of one row with the same action, need their own.
   */
  item?: string;
};

export function RowAction({ action, hidden, permalink, label, context, variant = "link", testId, item }: Props) {
  const [state, formAction, pending] = useActionState(action, {}, formPermalink(permalink, item));
  const error = state.errors ? Object.values(state.errors)[0] : undefined;
  const className =
    variant === "link"
      ? "app-button-link govuk-link"
      : `govuk-button govuk-!-margin-bottom-0${variant === "secondary" ? " govuk-button--secondary" : variant === "warning" ? " govuk-button--warning" : ""}`;
  return (
    <form action={formAction} className="app-row-action" aria-busy={pending} id={item}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={className} data-testid={testId}>
        {label}
        {context && <span className="govuk-visually-hidden"> {context}</span>}
      </button>
      {error && (
        <p className="govuk-error-message app-row-action__error" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {state.ok && state.message && (
        <p className="govuk-body-s app-row-action__ok" role="status">
          {state.message}
        </p>
      )}
    </form>
  );
}

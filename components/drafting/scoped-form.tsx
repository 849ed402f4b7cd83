"use client";
// A server-action form for pages that repeat the same form many times (a comment form per
// question): like ActionForm, but its field ids carry a prefix so they stay unique, and its
// error summary links to its own fields. Works without JavaScript (permalink).
import { createContext, useActionState, useContext, useEffect, useRef } from "react";
import { fieldId, formPermalink } from "@/components/ui/action-form";
import { RefusalDetails } from "@/components/ui/field-parts";
import type { FormState } from "@/components/ui/form-state";

export const ScopedFormContext = createContext<{ state: FormState; idPrefix: string } | null>(null);

export function useScopedForm() {
  return useContext(ScopedFormContext);
}

export function ScopedActionForm({
  action,
  permalink,
  item,
  idPrefix,
  children,
  className,
  testId,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  permalink: string;
  /** The id of the item this form is for, on a page that repeats it (see formPermalink). */
  item?: string;
  idPrefix: string;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {}, formPermalink(permalink, item));
  const summary = useRef<HTMLDivElement>(null);
  const errors = Object.entries(state.errors ?? {});
  useEffect(() => {
    if (errors.length) summary.current?.focus();
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <ScopedFormContext.Provider value={{ state, idPrefix }}>
      {errors.length > 0 && (
        <div className="govuk-error-summary" ref={summary} tabIndex={-1}>
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {errors.map(([field, message]) => (
                  <li key={field}>
                    <a href={`#${field === "_form" ? `${idPrefix}-form` : `${idPrefix}-${fieldId(field)}`}`}>{message}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
      {state.ok && state.message && (
        <p className="govuk-body govuk-!-font-weight-bold" role="status">
          {state.message}
        </p>
      )}
      <form action={formAction} className={className} noValidate aria-busy={pending} id={`${idPrefix}-form`} data-testid={testId}>
        {children}
      </form>
    </ScopedFormContext.Provider>
  );
}

/**
 * A GOV.UK details toggle inside a ScopedActionForm, open when the form's last post was refused:
 * the fields it hides, and their errors, are then in view (without JavaScript too, as the page
 * comes back from the post drawn with that state).
 */
export function ScopedDetails({ summary, children, className }: { summary: React.ReactNode; children: React.ReactNode; className?: string }) {
  const scope = useScopedForm();
  const refused = Boolean(scope && Object.keys(scope.state.errors ?? {}).length);
  return (
    <RefusalDetails refused={refused} summary={summary} className={className}>
      {children}
    </RefusalDetails>
  );
}

// The one confirmation step for destructive actions (GOV.UK style): "Are you sure you want to
// …?", what will happen, a warning button and Cancel. It is server-rendered on a page of its own
// or on the page the action started from (reached by a link), so it works with JavaScript off;
// its form sends `confirm=yes`, without which the server refuses the action (lib/input/confirm).
import { ActionForm } from "@/components/ui/action-form";
import type { FormState } from "@/components/ui/form-state";
import { CONFIRM_FIELD, CONFIRM_VALUE } from "@/lib/input/confirm";

type Props = {
  /** The question, ending with "?": "Are you sure you want to revoke the API key “Police system”?" */
  title: string;
  /** What will happen and what will not; plain text or elements (never raw HTML). */
  children?: React.ReactNode;
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  /** The warning button's words: "Yes, delete this question". */
  confirmLabel: string;
  cancelHref: string;
  /** Where the form posts without JavaScript (the page showing this step). */
  permalink: string;
  /** h1 when the step is the page; h2 when it is a panel on a page with its own heading. */
  headingLevel?: 1 | 2;
  testId?: string;
};

export function ConfirmStep({ title, children, action, hidden, confirmLabel, cancelHref, permalink, headingLevel = 1, testId = "confirm-step" }: Props) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const headingId = `${testId}-title`;
  return (
    <section className={headingLevel === 1 ? "app-confirm" : "app-confirm app-confirm--panel"} aria-labelledby={headingId} data-testid={testId} id="confirm">
      <Heading className={headingLevel === 1 ? "govuk-heading-l" : "govuk-heading-m"} id={headingId}>
        {title}
      </Heading>
      {children}
      <ActionForm action={action} permalink={permalink}>
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value={CONFIRM_VALUE} />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" data-testid={`${testId}-yes`}>
            {confirmLabel}
          </button>
          <a className="govuk-link" href={cancelHref} data-testid={`${testId}-cancel`}>
            Cancel
          </a>
        </div>
      </ActionForm>
    </section>
  );
}

// A GET search box (GOV.UK text input and secondary button) that works without JavaScript: the
// query lands in the address, so a search can be bookmarked, shared and paged. Hidden fields
// carry the rest of the page's state (a filter, a chapter) through the search.
import Form from "next/form";

export function SearchForm({
  action,
  label,
  name = "q",
  defaultValue,
  hint,
  error,
  hidden = {},
  button = "Search",
  width = "govuk-!-width-one-half",
  maxLength,
  noValidate,
  inPlace = false,
  status,
}: {
  action: string;
  label: string;
  name?: string;
  defaultValue?: string;
  hint?: React.ReactNode;
  /** Shown at the field, GOV.UK style, and the input marked invalid. */
  error?: string | null;
  hidden?: Record<string, string | undefined>;
  button?: string;
  width?: string;
  maxLength?: number;
  noValidate?: boolean;
  /**
   * With JavaScript, the search updates the page where it stands (next/form: a client-side
   * navigation to the same address, without scrolling), so another form on the page keeps what
   * was typed in it; without JavaScript it is the same GET, which reloads the page.
   */
  inPlace?: boolean;
  /**
   * What the search found, said to screen readers (a polite live region, visually hidden) when a
   * search updates the page in place, where nothing else would tell them.
   */
  status?: string;
}) {
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  const fields = (
    <>
      {Object.entries(hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor={name}>
          {label}
        </label>
        {hint && (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          className={`govuk-input ${width}${error ? " govuk-input--error" : ""}`}
          id={name}
          name={name}
          type="search"
          spellCheck={false}
          autoComplete="off"
          defaultValue={defaultValue ?? ""}
          maxLength={maxLength}
          aria-describedby={describedBy}
        />
      </div>
      <button className="govuk-button govuk-button--secondary" type="submit">
        {button}
      </button>
      {status !== undefined && (
        <p className="govuk-visually-hidden" role="status">
          {status}
        </p>
      )}
    </>
  );
  if (inPlace) {
    return (
      <Form action={action} scroll={false} prefetch={false} role="search" className="govuk-!-margin-bottom-6" noValidate={noValidate}>
        {fields}
      </Form>
    );
  }
  return (
    <form method="get" action={action} role="search" className="govuk-!-margin-bottom-6" noValidate={noValidate}>
      {fields}
    </form>
  );
}

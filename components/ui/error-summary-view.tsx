// The GOV.UK error summary as plain markup, for forms rendered on the server without React in
// the browser (the respondent's pages). autofocus moves focus to it on load, as GOV.UK's
// error summary does, with or without JavaScript.
export type SummaryItem = { href: string; text: string };

/** Field ids to their messages, in the page's order; a field without one is left out. */
export type FieldMessages = Record<string, string | null | undefined | false>;

/** The summary's items for `fields`: each links to its field by id. */
export function fieldItems(fields: FieldMessages): SummaryItem[] {
  return Object.entries(fields).flatMap(([id, text]) => (text ? [{ href: `#${id}`, text }] : []));
}

/** The summary of `items`, then of `fields` (fieldItems); nothing when there is neither. */
export function ErrorSummaryView({ items = [], fields = {} }: { items?: SummaryItem[]; fields?: FieldMessages }) {
  const all = [...items, ...fieldItems(fields)];
  if (!all.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} autoFocus>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {all.map((s) => (
              <li key={s.href + s.text}>
                <a href={s.href}>{s.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

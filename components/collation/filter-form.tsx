// The GET form that filters partner answers (organisation type, stage, response status) and,
// optionally, searches them. A plain form: it works without JavaScript and its URL can be shared.
import { label } from "@/lib/format";
import { stageLabel } from "@/lib/consultations/stages";
import styles from "./collation.module.scss";

export const ORGANISATION_TYPE_OPTIONS = ["police", "health", "voluntary_sector", "parish", "business", "council", "other"] as const;

export type FilterValues = { q?: string; type?: string; stage?: string; status?: string; theme?: string };

export function CollationFilterForm({
  action,
  values,
  stages,
  searchLabel,
  error,
}: {
  action: string;
  values: FilterValues;
  stages: { id: string; name: string }[];
  /** Shown when the form also searches; omitted, there is no search box. */
  searchLabel?: string;
  error?: { field: string; message: string } | null;
}) {
  const err = (field: string) =>
    error?.field === field ? (
      <p className="govuk-error-message" id={`${field}-error`}>
        <span className="govuk-visually-hidden">Error:</span> {error.message}
      </p>
    ) : null;
  return (
    <form method="get" action={action} className={styles.filters} role="search" aria-label="Search and filter partner answers">
      {values.theme && <input type="hidden" name="theme" value={values.theme} />}
      {searchLabel && (
        <div className={`govuk-form-group${error?.field === "q" ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="q">
            {searchLabel}
          </label>
          <div className="govuk-hint" id="q-hint">
            Words find their forms (“partner” finds “partners”); use “quotes” for a phrase and a minus to leave a word out.
          </div>
          {err("q")}
          <input
            className={`govuk-input govuk-!-width-two-thirds${error?.field === "q" ? " govuk-input--error" : ""}`}
            id="q"
            name="q"
            type="search"
            defaultValue={values.q ?? ""}
            maxLength={200}
            aria-describedby={`q-hint${error?.field === "q" ? " q-error" : ""}`}
          />
        </div>
      )}
      <div className={styles.filterRow}>
        <div className={`govuk-form-group${error?.field === "type" ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="type">
            Organisation type
          </label>
          {err("type")}
          <select className="govuk-select" id="type" name="type" defaultValue={values.type ?? ""}>
            <option value="">All types</option>
            {ORGANISATION_TYPE_OPTIONS.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </div>
        {stages.length > 0 && (
          <div className={`govuk-form-group${error?.field === "stage" ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="stage">
              Answered during stage
            </label>
            {err("stage")}
            <select className="govuk-select" id="stage" name="stage" defaultValue={values.stage ?? ""}>
              <option value="">Any stage</option>
              {stages.map((s, i) => (
                <option key={s.id} value={s.id}>
                  {stageLabel(i + 1, s.name)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className={`govuk-form-group${error?.field === "status" ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="status">
            Responses
          </label>
          {err("status")}
          <select className="govuk-select" id="status" name="status" defaultValue={values.status ?? "submitted"}>
            <option value="submitted">Submitted only</option>
            <option value="draft">Drafts only</option>
            <option value="all">Submitted and drafts</option>
          </select>
        </div>
        <div className="govuk-form-group">
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            {searchLabel ? "Search" : "Filter"}
          </button>
        </div>
      </div>
    </form>
  );
}

// Audit entries as a table: when, who, what, and a compact account of before → after
// (long texts word-diffed).
import { RevisionDiff } from "@/components/drafting/revision-diff";
import { auditChanges, auditValueText } from "@/lib/audit/diff";
import { AUDIT_ACTION_LABELS, AUDIT_KEY_LABELS, auditActionLabel, type AuditAction } from "@/lib/audit/labels";
import { AUDIT_PERSON_MAX } from "@/lib/audit/schemas";
import type { AuditRow } from "@/lib/audit/queries";
import { elideUnchanged, wordDiff } from "@/lib/drafts/diff";
import { formatDateTime, label } from "@/lib/format";
import { LabelledSelect } from "@/components/ui/field-parts";
import styles from "./collation.module.scss";

function keyLabel(key: string) {
  return AUDIT_KEY_LABELS[key] ?? key;
}

/** Status values read as words ("In review"), everything else as it is. */
function valueText(key: string, v: unknown) {
  return typeof v === "string" && /status$/i.test(key) ? label(v) : auditValueText(v);
}

function Changes({ before, after }: { before: unknown; after: unknown }) {
  // Ids are for machines; a field that appears only to say "none" says nothing.
  const changes = auditChanges(before, after).filter(
    (c) => c.kind !== "same" && c.key !== "assigneeId" && !(c.kind === "added" && (c.after === null || c.after === undefined)),
  );
  if (!changes.length) return <span className="govuk-body-s">No details</span>;
  return (
    <ul className={`${styles.auditChanges} govuk-body-s`}>
      {changes.map((c) => {
        const longText = typeof c.before === "string" && typeof c.after === "string" && (c.before.length > 60 || c.after.length > 60);
        return (
          <li key={c.key}>
            <span className={styles.auditKey}>{keyLabel(c.key)}</span>
            {c.kind === "added" && <>: {valueText(c.key, c.after)}</>}
            {c.kind === "removed" && (
              <>
                : <del>{valueText(c.key, c.before)}</del>
                <span className="govuk-visually-hidden"> (removed)</span>
              </>
            )}
            {c.kind === "changed" &&
              (longText ? (
                <RevisionDiff parts={elideUnchanged(wordDiff(c.before as string, c.after as string))} label={`${keyLabel(c.key)}: changes`} />
              ) : (
                <>
                  : {valueText(c.key, c.before)} <span aria-hidden="true">→</span>
                  <span className="govuk-visually-hidden"> changed to </span> {valueText(c.key, c.after)}
                </>
              ))}
          </li>
        );
      })}
    </ul>
  );
}

export function AuditTable({ rows, showConsultation, caption }: { rows: AuditRow[]; showConsultation?: boolean; caption: string }) {
  return (
    <table className="govuk-table" data-testid="audit-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">When</th>
          <th scope="col" className="govuk-table__header">Who</th>
          <th scope="col" className="govuk-table__header">What</th>
          <th scope="col" className="govuk-table__header">Before → after</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => {
          const question = (r.after as { question?: string } | null)?.question ?? (r.before as { question?: string } | null)?.question;
          return (
            <tr className="govuk-table__row" key={r.id} data-testid="audit-row" data-entry-id={r.id}>
              <td className="govuk-table__cell govuk-body-s">{formatDateTime(r.at)}</td>
              <td className="govuk-table__cell govuk-body-s" data-testid="audit-actor">
                {r.actorName ?? "The system"}
              </td>
              <td className="govuk-table__cell govuk-body-s" data-testid="audit-action">
                {auditActionLabel(r.action)}
                {question ? `, question ${question}` : ""}
                {showConsultation && r.consultationTitle ? <span className="govuk-!-display-block">{r.consultationTitle}</span> : null}
                <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">{r.action}</span>
              </td>
              <td className="govuk-table__cell">
                <Changes before={r.before} after={r.after} />
              </td>
            </tr>
          );
        })}
        {rows.length === 0 && (
          <tr className="govuk-table__row">
            <td className="govuk-table__cell" colSpan={4}>
              No entries match.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Every action the code writes, by label: a fixed list, so the form never reads the log for it. */
const ACTION_OPTIONS = (Object.keys(AUDIT_ACTION_LABELS) as AuditAction[])
  .map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))
  .sort((x, y) => x.label.localeCompare(y.label, "en-GB"));

/**
 * The audit log's GET filter: an action from the list, and a person by the start of their name or
 * their whole email address (typed, so the page holds no list of everyone who ever acted). A link
 * to one person's entries (`actor`) is kept through the form, and said in words with a way out.
 */
export function AuditFilterForm({
  action,
  values,
  error,
  filteredBy,
  everyoneHref,
}: {
  action: string;
  values: { action?: string; person?: string; actor?: string };
  /** Why the person's text cannot be searched for, shown at the field. */
  error?: string;
  /** The person a link's `actor` names: null when no one has that id, undefined when not known (the search was refused). */
  filteredBy?: { name: string } | null;
  /** This page without the link's person. */
  everyoneHref?: string;
}) {
  return (
    <form method="get" action={action} className={styles.filters} role="search" aria-label="Filter the audit log" noValidate>
      {values.actor && <input type="hidden" name="actor" value={values.actor} />}
      {values.actor && (
        <p className="govuk-body" data-testid="audit-actor-filter">
          {filteredBy === undefined ? "Only one person's entries" : `Only the entries by ${filteredBy ? filteredBy.name : "a person who was not found"}`}.{" "}
          {everyoneHref && (
            <a className="govuk-link" href={everyoneHref}>
              Show everyone&apos;s entries
            </a>
          )}
        </p>
      )}
      <div className={styles.filterRow}>
        <LabelledSelect
          id="action"
          name="action"
          label="Action"
          labelClass=""
          value={values.action ?? ""}
          options={[{ value: "", text: "All actions" }, ...ACTION_OPTIONS.map((a) => ({ value: a.value, text: a.label }))]}
        />
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="person">
            Person (name or email)
          </label>
          <div className="govuk-hint" id="person-hint">
            The start of their name, or their whole email address
          </div>
          {error && (
            <p className="govuk-error-message" id="person-error">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            className={`govuk-input govuk-input--width-20${error ? " govuk-input--error" : ""}`}
            id="person"
            name="person"
            type="search"
            spellCheck={false}
            autoComplete="off"
            defaultValue={values.person ?? ""}
            maxLength={AUDIT_PERSON_MAX}
            aria-describedby={`person-hint${error ? " person-error" : ""}`}
          />
        </div>
        <div className="govuk-form-group">
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Filter
          </button>
        </div>
      </div>
    </form>
  );
}

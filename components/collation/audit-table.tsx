// Audit entries as a table: when, who, what, and a compact account of before → after
// (long texts word-diffed).
import { RevisionDiff } from "@/components/drafting/revision-diff";
import { auditChanges, auditValueText } from "@/lib/audit/diff";
import { AUDIT_KEY_LABELS, auditActionLabel } from "@/lib/audit/labels";
import type { AuditRow } from "@/lib/audit/queries";
import { elideUnchanged, wordDiff } from "@/lib/drafts/diff";
import { formatDateTime, label } from "@/lib/format";
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

export function AuditFilterForm({ action, values, options }: { action: string; values: { action?: string; actor?: string }; options: { actions: string[]; actors: { id: string; name: string | null }[] } }) {
  return (
    <form method="get" action={action} className={styles.filters}>
      <div className={styles.filterRow}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="action">
            Action
          </label>
          <select className="govuk-select" id="action" name="action" defaultValue={values.action ?? ""}>
            <option value="">All actions</option>
            {[...options.actions].sort((x, y) => auditActionLabel(x).localeCompare(auditActionLabel(y))).map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="actor">
            Person
          </label>
          <select className="govuk-select" id="actor" name="actor" defaultValue={values.actor ?? ""}>
            <option value="">Everyone</option>
            {options.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
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

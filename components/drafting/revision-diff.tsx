// A word diff between two texts: insertions in <ins>, deletions in <del>, each also announced
// as "added" or "removed" for people who cannot see the colours and lines.
import type { DiffPart } from "@/lib/drafts/diff";
import styles from "../collation/collation.module.scss";

export function RevisionDiff({ parts, label }: { parts: DiffPart[]; label: string }) {
  if (!parts.length) return <p className="govuk-body">Both are empty.</p>;
  if (parts.every((p) => p.kind === "same")) return <p className="govuk-body">The text is the same in both.</p>;
  return (
    <div className={`govuk-body ${styles.diff}`} aria-label={label} role="group" data-testid="revision-diff">
      {parts.map((p, i) =>
        p.kind === "added" ? (
          <ins key={i} className={styles.diffIns}>
            <span className="govuk-visually-hidden">[added: </span>
            {p.text}
            <span className="govuk-visually-hidden">]</span>
          </ins>
        ) : p.kind === "removed" ? (
          <del key={i} className={styles.diffDel}>
            <span className="govuk-visually-hidden">[removed: </span>
            {p.text}
            <span className="govuk-visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

// An answer as the moderator sees it: redacted passages struck through and labelled, suggested
// personal data highlighted with its kind in words (for screen readers too). Text only, no markup
// from the answer is ever interpreted.
import { PERSONAL_DATA_LABELS, type PersonalDataKind } from "@/lib/public/personal-data";
import type { MarkedRun } from "@/lib/public/redactions";

export function MarkedText({ runs }: { runs: MarkedRun[] }) {
  return (
    <p className="govuk-body app-moderated-text">
      {runs.map((r, i) =>
        r.redacted ? (
          <del key={i} className="app-redacted">
            <span className="govuk-visually-hidden">[redacted: </span>
            {r.text}
            <span className="govuk-visually-hidden">]</span>
          </del>
        ) : r.suggestion ? (
          <mark key={i} className="app-suggestion" title={PERSONAL_DATA_LABELS[r.suggestion as PersonalDataKind]}>
            {r.text}
            <span className="govuk-visually-hidden"> (possibly {PERSONAL_DATA_LABELS[r.suggestion as PersonalDataKind]?.toLowerCase()})</span>
          </mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </p>
  );
}

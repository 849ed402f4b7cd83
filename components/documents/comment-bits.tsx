// Small pieces shared by the document pages: a comment's stance as a tag, the outcome of the
// council's answer, and a comment's text with its passage and proposed change.
import { OUTCOME_LABELS, STANCE_LABELS } from "@/lib/documents/schemas";

const STANCE_COLOURS = { support: "govuk-tag--green", object: "govuk-tag--red", comment: "govuk-tag--blue" } as const;

export function StanceTag({ stance }: { stance: keyof typeof STANCE_LABELS }) {
  return <strong className={`govuk-tag ${STANCE_COLOURS[stance]}`}>{STANCE_LABELS[stance]}</strong>;
}

export function outcomeText(outcome: keyof typeof OUTCOME_LABELS | null): string {
  return outcome ? OUTCOME_LABELS[outcome] : "";
}

export function CommentBody({ text, quote, proposedChange }: { text: string; quote: string; proposedChange: string }) {
  return (
    <>
      {quote && (
        <blockquote className="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2">
          <span className="govuk-visually-hidden">About the passage: </span>“{quote}”
        </blockquote>
      )}
      {text.split(/\n{2,}/).map((p, i) => (
        <p className="govuk-body app-pre-wrap" key={i}>
          {p}
        </p>
      ))}
      {proposedChange && (
        <>
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Proposed change</p>
          <p className="govuk-body app-pre-wrap">{proposedChange}</p>
        </>
      )}
    </>
  );
}

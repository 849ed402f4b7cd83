// The council's answer as text, with cross-references ("As for 16 above.") linked to that
// question's answer.
import Link from "next/link";
import { linkCrossReferences } from "@/lib/drafts/cross-references";
import styles from "../collation/collation.module.scss";

export function LinkedAnswer({
  text,
  links,
  selfNumber,
  empty = "No answer yet.",
}: {
  text: string;
  /** Question number → where its answer is. */
  links: Record<string, string>;
  selfNumber?: string;
  empty?: string;
}) {
  if (!text.trim()) return <p className="govuk-body govuk-hint">{empty}</p>;
  return (
    <p className={`govuk-body ${styles.answer}`}>
      {linkCrossReferences(text, Object.keys(links), selfNumber).map((s, i) => {
        const href = s.questionNumber ? links[s.questionNumber] : undefined;
        return href ? (
          // The name says what the bare number refers to; it contains the visible text (WCAG 2.5.3).
          <Link key={i} className="govuk-link" href={href} aria-label={`question ${s.text}`}>
            {s.text}
          </Link>
        ) : (
          <span key={i}>{s.text}</span>
        );
      })}
    </p>
  );
}

// A search excerpt with its matches marked. The excerpt is split on marker characters and
// rendered as text, so nothing a partner typed can ever become HTML.
import { splitHighlights } from "@/lib/collation/highlight";
import styles from "./collation.module.scss";

export function HighlightedText({ headline, cutStart, cutEnd }: { headline: string; cutStart?: boolean; cutEnd?: boolean }) {
  return (
    <>
      {cutStart && "… "}
      {splitHighlights(headline).map((p, i) =>
        p.match ? (
          <mark key={i} className={styles.mark}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
      {cutEnd && " …"}
    </>
  );
}

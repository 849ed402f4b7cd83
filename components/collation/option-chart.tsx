// Counts for a closed question: a bar chart drawn with CSS on the server (no script), with the
// same figures in a table beside it, which is what assistive technology reads.
import type { QuestionSummary } from "@/lib/collation/queries";
import { widthClass } from "@/components/ui/width";
import styles from "./collation.module.scss";

export function OptionChart({ summary, questionNumber }: { summary: QuestionSummary; questionNumber: string }) {
  const options = summary.options ?? [];
  const caption =
    summary.countLabel === "ticked"
      ? `How many of the ${summary.answered} who answered question ${questionNumber} ticked each option (several could be ticked)`
      : summary.countLabel === "ranked first"
        ? `What the ${summary.answered} who answered question ${questionNumber} ranked first`
        : `What the ${summary.answered} who answered question ${questionNumber} chose`;
  return (
    <div className="govuk-grid-row" data-testid="option-summary">
      <div className="govuk-grid-column-one-half">
        <div className={styles.bars} aria-hidden="true">
          {options.map((o) => (
            <div className={styles.barRow} key={o.option}>
              <span className={styles.barLabel}>{o.option}</span>
              <span className={styles.barTrack}>
                <span className={`${styles.barFill}${o.offered ? "" : ` ${styles.barFillOther}`} ${o.count ? `${styles.barFillSome} ${widthClass(o.percent)}` : "app-width-0"}`} />
              </span>
              <span className={styles.barValue}>
                {o.count} ({o.percent}%)
              </span>
            </div>
          ))}
        </div>
      </div>
      <div className="govuk-grid-column-one-half">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Option
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Number
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Per cent
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {options.map((o) => (
              <tr className="govuk-table__row" key={o.option}>
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                  {o.option}
                  {!o.offered && <span className="govuk-body-s"> (no longer offered)</span>}
                </th>
                <td className={`govuk-table__cell govuk-table__cell--numeric ${styles.numeric}`}>{o.count}</td>
                <td className={`govuk-table__cell govuk-table__cell--numeric ${styles.numeric}`}>{o.percent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

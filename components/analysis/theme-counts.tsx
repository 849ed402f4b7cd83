// Counts per theme: a bar chart drawn with CSS (hidden from assistive technology) beside a
// table with the same figures, then answers by organisation type and by stage, and a
// cross-tab with a closed question's options. Server-rendered; no script.
import collation from "@/components/collation/collation.module.scss";
import { widthClass } from "@/components/ui/width";
import type { CrossTab, ThemeCount } from "@/lib/analysis/queries";
import { label } from "@/lib/format";
import styles from "./analysis.module.scss";

const num = (n: number) => n.toLocaleString("en-GB");

export function ThemeChart({ counts, answered, questionNumber }: { counts: ThemeCount[]; answered: number; questionNumber: string }) {
  const pct = (n: number) => (answered ? Math.round((n / answered) * 1000) / 10 : 0);
  return (
    <div className="govuk-grid-row" data-testid="theme-counts">
      <div className="govuk-grid-column-one-half">
        <div className={collation.bars} aria-hidden="true">
          {counts.map((t) => (
            <div className={collation.barRow} key={t.themeId}>
              <span className={collation.barLabel}>{t.name}</span>
              <span className={collation.barTrack}>
                <span className={`${collation.barFill} ${t.answers ? `${collation.barFillSome} ${widthClass(pct(t.answers))}` : "app-width-0"}`} />
              </span>
              <span className={collation.barValue}>
                {num(t.answers)} ({pct(t.answers)}%)
              </span>
            </div>
          ))}
        </div>
      </div>
      <div className="govuk-grid-column-one-half">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            Answers to question {questionNumber} by theme, of {num(answered)} submitted (an answer may carry several themes)
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Theme
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Answers
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Respondents
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Per cent
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {counts.map((t) => (
              <tr className="govuk-table__row" key={t.themeId}>
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                  {t.name}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{num(t.answers)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{num(t.respondents)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{pct(t.answers)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Matrix({ caption, columns, rows, testId }: { caption: string; columns: string[]; rows: { name: string; cells: number[]; total?: number }[]; testId: string }) {
  return (
    <div className={styles.scroll}>
      <table className="govuk-table govuk-!-font-size-16" data-testid={testId}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Theme
            </th>
            {columns.map((c) => (
              <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr className="govuk-table__row" key={r.name}>
              <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                {r.name}
              </th>
              {r.cells.map((v, i) => (
                <td className="govuk-table__cell govuk-table__cell--numeric" key={columns[i]}>
                  {num(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ThemeBreakdowns({ counts, types, stages }: { counts: ThemeCount[]; types: string[]; stages: { id: string; name: string }[] }) {
  return (
    <>
      {types.length > 0 && (
        <Matrix
          testId="theme-by-type"
          caption="Answers per theme by organisation type"
          columns={types.map((t) => label(t))}
          rows={counts.map((t) => ({ name: t.name, cells: types.map((ty) => t.byType[ty as keyof typeof t.byType] ?? 0) }))}
        />
      )}
      {stages.length > 0 && (
        <Matrix
          testId="theme-by-stage"
          caption="Answers per theme by the stage in which they were last saved"
          columns={stages.map((s) => s.name)}
          rows={counts.map((t) => ({ name: t.name, cells: stages.map((s) => t.byStage[s.id] ?? 0) }))}
        />
      )}
    </>
  );
}

export function CrossTabTable({ tab }: { tab: CrossTab }) {
  return (
    <Matrix
      testId="theme-crosstab"
      caption={`Answers per theme by the answer to question ${tab.closedQuestion.number}: ${tab.closedQuestion.text.length > 120 ? `${tab.closedQuestion.text.slice(0, 119)}…` : tab.closedQuestion.text}`}
      columns={tab.options}
      rows={tab.rows}
    />
  );
}

// Counts per theme: a bar chart drawn with CSS (hidden from assistive technology) beside a
// table with the same figures, then answers by organisation type and by stage, and a
// cross-tab with a closed question's options. Server-rendered; no script.
import collation from "@/components/collation/collation.module.scss";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
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
        <Table
          caption={`Answers to question ${questionNumber} by theme, of ${num(answered)} submitted (an answer may carry several themes)`}
          columns={["Theme", { label: "Answers", numeric: true }, { label: "Respondents", numeric: true }, { label: "Per cent", numeric: true }]}
        >
          {counts.map((t) => (
            <Tr key={t.themeId}>
              <RowHeader className="govuk-!-font-weight-regular">{t.name}</RowHeader>
              <Td numeric>{num(t.answers)}</Td>
              <Td numeric>{num(t.respondents)}</Td>
              <Td numeric>{pct(t.answers)}%</Td>
            </Tr>
          ))}
        </Table>
      </div>
    </div>
  );
}

function Matrix({ caption, columns, rows, testId }: { caption: string; columns: string[]; rows: { name: string; cells: number[]; total?: number }[]; testId: string }) {
  return (
    <div className={styles.scroll}>
      <Table className="govuk-!-font-size-16" data-testid={testId} caption={caption} columns={["Theme", ...columns.map((c) => ({ label: c, numeric: true }))]}>
        {rows.map((r) => (
          <Tr key={r.name}>
            <RowHeader className="govuk-!-font-weight-regular">{r.name}</RowHeader>
            {r.cells.map((v, i) => (
              <Td numeric key={columns[i]}>
                {num(v)}
              </Td>
            ))}
          </Tr>
        ))}
      </Table>
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

// Agreement between two officers per theme: the 2×2 counts, percentage agreement and Cohen's
// kappa with Landis and Koch's words, and every theme pooled. An accessible GOV.UK table.
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import { kappaWords, type Agreement, type AgreementReport } from "@/lib/analysis/agreement";

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
const kappa = (v: number | null) => (v === null ? "not defined" : `${v.toFixed(2)} (${kappaWords(v)})`);

function Cells({ a }: { a: Agreement }) {
  return (
    <>
      <Td numeric>{a.both}</Td>
      <Td numeric>{a.firstOnly}</Td>
      <Td numeric>{a.secondOnly}</Td>
      <Td numeric>{a.neither}</Td>
      <Td numeric>{pct(a.percent)}</Td>
      <Td numeric>{kappa(a.kappa)}</Td>
    </>
  );
}

export function AgreementTable({ report, themeNames }: { report: AgreementReport; themeNames: Record<string, string> }) {
  return (
    <Table
      data-testid="agreement-table"
      caption={`Agreement per theme over ${report.coded} answers coded by both officers`}
      columns={[
        "Theme",
        { label: "Both", numeric: true },
        { label: "First officer only", numeric: true },
        { label: "Second officer only", numeric: true },
        { label: "Neither", numeric: true },
        { label: "Agreement", numeric: true },
        { label: "Cohen's kappa", numeric: true },
      ]}
    >
      {report.perTheme.map((t) => (
        <Tr key={t.themeId} data-testid="agreement-row">
          <RowHeader>{themeNames[t.themeId] ?? "A theme since removed"}</RowHeader>
          <Cells a={t} />
        </Tr>
      ))}
      <Tr data-testid="agreement-pooled">
        <RowHeader>All themes together</RowHeader>
        <Cells a={report.pooled} />
      </Tr>
    </Table>
  );
}

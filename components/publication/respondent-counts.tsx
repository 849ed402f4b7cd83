// "Who responded": submitted responses by respondent type (lib/public/outcomes respondentCounts),
// the block the officer's outcome page and the public outcome page both show.
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";

export function RespondentCounts({
  counts,
  caption,
  captionSize,
  testId,
}: {
  counts: { type: string; label: string; count: number }[];
  caption: string;
  captionSize: "s" | "m";
  testId: string;
}) {
  return (
    <Table caption={caption} captionSize={captionSize} columns={["Respondent type", { label: "Responses", numeric: true }]} data-testid={testId}>
      {counts.map((r) => (
        <Tr key={r.type}>
          <RowHeader>{r.label}</RowHeader>
          <Td numeric>{r.count}</Td>
        </Tr>
      ))}
    </Table>
  );
}

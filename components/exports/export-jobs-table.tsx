// The background exports of a consultation's responses: who asked, when, and a download link
// once ready. Server component; the page is refreshed by the officer (no auto-refresh, which
// would move focus and content under a screen reader user).
import { Table, Td, Tr } from "@/components/ui/table";
import { Tag } from "@/components/ui/tag";
import type { ExportJobView } from "@/lib/exports/jobs";
import { formatDate, formatDateTime } from "@/lib/format";

const FORMAT_TEXT: Record<string, string> = { "csv-wide": "CSV, one row per response", "csv-long": "CSV, one row per answer", xlsx: "Excel workbook (XLSX)" };
const STATUS: Record<string, { tag: string; text: string }> = {
  queued: { tag: "to_do", text: "Waiting" },
  running: { tag: "in_progress", text: "Being prepared" },
  done: { tag: "submitted", text: "Ready" },
  failed: { tag: "closed", text: "Failed" },
  expired: { tag: "draft", text: "Deleted" },
};

/** A job's state: a finished export whose file was deleted shows as "Deleted". */
function StatusTag({ job }: { job: ExportJobView }) {
  const key = job.expiredAt ? "expired" : job.status;
  return <Tag status={STATUS[key]?.tag ?? "draft"}>{STATUS[key]?.text ?? key}</Tag>;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportJobsTable({ consultationId, jobs }: { consultationId: string; jobs: ExportJobView[] }) {
  if (!jobs.length) return <p className="govuk-body">No background exports yet.</p>;
  return (
    <Table caption="Recent background exports" columns={["Requested", "Format", "Status", "File"]} data-testid="export-jobs">
      {jobs.map((j) => (
        <Tr key={j.id}>
          <Td>
            {formatDateTime(j.requestedAt)}
            {j.requestedByName ? <><br /><span className="govuk-body-s">by {j.requestedByName}</span></> : null}
          </Td>
          <Td>{FORMAT_TEXT[j.format] ?? j.format}</Td>
          <Td>
            <StatusTag job={j} />
          </Td>
          <Td>
            {j.result ? (
              <a className="govuk-link" href={`/manage/${consultationId}/exports/jobs/${j.id}`} download>
                Download {j.result.filename}
                <span className="govuk-visually-hidden"> ({FORMAT_TEXT[j.format]})</span>
              </a>
            ) : j.expiredAt ? (
              `File deleted on ${formatDate(j.expiredAt)}`
            ) : j.error ? (
              j.error
            ) : (
              "Not ready yet"
            )}
            {j.result ? <span className="govuk-body-s"> ({size(j.result.bytes)}, {j.result.responses} responses)</span> : null}
          </Td>
        </Tr>
      ))}
    </Table>
  );
}

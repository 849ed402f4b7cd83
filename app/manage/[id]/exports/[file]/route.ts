// Direct downloads: /manage/{id}/exports/council-response.docx|pdf|html,
// collated-report.docx|pdf|html, responses-wide.csv, responses-long.csv, responses.xlsx.
import { getReportDb } from "@/db/client";
import { fileResponse, parseExportName, renderDocument, renderResponsesFile } from "@/lib/exports/documents";
import { plain } from "@/app/_server/plain";
import { downloadFor } from "../download";

export async function GET(req: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const { id, file } = await params;
  const wanted = parseExportName(file);
  if (!wanted) return plain(404, "There is no such export.");
  return downloadFor(id, `/manage/${id}/exports`, async ({ actor, db }) =>
    fileResponse(
      wanted.kind === "document"
        ? await renderDocument(db, id, wanted.document, wanted.format, actor, { nonce: req.headers.get("x-nonce") ?? undefined })
        : // Every response as data: read from the replica when there is one (DATABASE_REPLICA_URL).
          await renderResponsesFile((await getReportDb()).db, id, wanted.file, actor),
    ),
  );
}

// A finished background export, for people who may read the consultation's responses.
import { Readable } from "node:stream";
import { openExportFile } from "@/lib/exports/jobs";
import { plain } from "@/app/_server/plain";
import { downloadFor } from "../../download";
import { isUuid } from "@/lib/sql";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string; jobId: string }> }) {
  const { id, jobId } = await params;
  if (!isUuid(jobId)) return plain(404, "There is no such export.");
  return downloadFor(id, `/manage/${id}/exports`, async ({ actor, db }) => {
    const file = await openExportFile(db, id, jobId, actor);
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.bytes),
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}

// A draft document's consultation statement to read, print or keep: statement.html (the print
// view), statement.pdf, statement.docx; ?version= picks the version (the newest published one
// otherwise). Anyone once the council has published it; before that, the council's readers.
import { unstable_rethrow } from "next/navigation";
import { getDb } from "@/db/client";
import { isDomainError } from "@/lib/errors";
import { renderStatement } from "@/lib/exports/document-statement";
import { fileResponse } from "@/lib/exports/documents";
import { getActor } from "@/app/_server/session";
import { plain } from "@/app/_server/plain";
import { downloadFailed } from "@/app/manage/[id]/exports/download";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string; docId: string; file: string }> }) {
  const { slug, docId, file } = await params;
  const version = new URL(req.url).searchParams.get("version");
  try {
    const rendered = await renderStatement(
      await getDb(),
      { documentId: docId, consultationSlug: slug, version: version && /^\d{1,4}$/.test(version) ? Number(version) : null },
      file,
      await getActor(),
      { nonce: req.headers.get("x-nonce") ?? undefined },
    );
    if (!rendered) return plain(404, "There is no such file.");
    return fileResponse(rendered);
  } catch (e) {
    unstable_rethrow(e);
    if (isDomainError(e)) {
      if (e.status === 404 || e.status === 403) return plain(404, "This consultation statement has not been published.");
      return plain(e.status, e.message);
    }
    return downloadFailed("file", e, "the council's contact officer");
  }
}

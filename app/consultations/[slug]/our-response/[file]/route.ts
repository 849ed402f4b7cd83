// A partner's own submitted response to keep or print: response.html (the print view),
// response.pdf, response.docx. ?org= picks the organisation for someone in more than one;
// ?version= an earlier submission. Only that organisation's people may have it.
import { redirect, unstable_rethrow } from "next/navigation";
import { getDb } from "@/db/client";
import { isDomainError } from "@/lib/errors";
import { CONTENT_TYPES, fileResponse } from "@/lib/exports/documents";
import { loadPartnerResponse, partnerResponseDocx, partnerResponseHtml } from "@/lib/exports/partner-response";
import { htmlToPdf } from "@/lib/exports/pdf";
import { getActor } from "../../../../_server/session";
import { plain } from "@/app/_server/plain";
import { downloadFailed } from "../../../../manage/[id]/exports/download";

const FILES = { "response.html": "html", "response.pdf": "pdf", "response.docx": "docx" } as const;

export async function GET(req: Request, { params }: { params: Promise<{ slug: string; file: string }> }) {
  const { slug, file } = await params;
  const format = FILES[file as keyof typeof FILES];
  if (!format) return plain(404, "There is no such file.");
  const url = new URL(req.url);
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(url.pathname + url.search)}`);
  const org = url.searchParams.get("org");
  const version = url.searchParams.get("version");
  try {
    const doc = await loadPartnerResponse(
      await getDb(),
      { slug, organisationId: org || null, version: version && /^\d{1,6}$/.test(version) ? Number(version) : null },
      actor,
    );
    const base = `${doc.slug}-${doc.reference}${doc.revision > 1 ? `-v${doc.revision}` : ""}`.replace(/[^A-Za-z0-9._-]/g, "-");
    if (format === "html") return fileResponse({ body: partnerResponseHtml(doc, { nonce: req.headers.get("x-nonce") ?? undefined }), contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true });
    if (format === "docx") return fileResponse({ body: await partnerResponseDocx(doc), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false });
    return fileResponse({ body: await htmlToPdf(partnerResponseHtml(doc)), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false });
  } catch (e) {
    unstable_rethrow(e);
    if (isDomainError(e)) {
      if (e.status === 403) return plain(403, "You can only download your own organisation's response.");
      if (e.status === 404) return plain(404, `${e.message}.`);
      return plain(e.status, e.message);
    }
    return downloadFailed("file", e, "the council's contact officer");
  }
}

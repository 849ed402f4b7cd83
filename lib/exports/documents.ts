// Every downloadable export by name: the council's response and the collated report as DOCX,
// PDF or HTML, and the responses as CSV (wide or long) or XLSX. Each checks permission through
// the loader it calls, so a route only has to map a file name to one of these.
import type { Db } from "../../db/client";
import { can, type Actor } from "../auth/policy";
import { ForbiddenError } from "../errors";
import { loadCollatedReport } from "./collated-report";
import { collatedReportDocx } from "./collated-report-docx";
import { collatedReportHtml } from "./collated-report-html";
import { loadConsultationForExport, loadCouncilResponse } from "./council-response";
import { councilResponseDocx } from "./council-response-docx";
import { councilResponseHtml } from "./council-response-html";
import { loadCoveringLetter } from "./covering-letter";
import { coveringLetterDocx } from "./covering-letter-docx";
import { coveringLetterHtml } from "./covering-letter-html";
import { htmlToPdf } from "./pdf";
import { responsesCsvStream, responsesXlsxStream } from "./responses-export";

export const DOCUMENT_KINDS = ["council-response", "covering-letter", "collated-report"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_FORMATS = ["docx", "pdf", "html"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export const RESPONSE_FILES = ["responses-wide.csv", "responses-long.csv", "responses.xlsx"] as const;
export type ResponseFile = (typeof RESPONSE_FILES)[number];

export const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export type RenderedFile = {
  body: Buffer | string | ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
  /** HTML opens in the browser (it is the print view); the rest download. */
  inline: boolean;
};

/** "council-response.docx" → its kind and format, or null for a name that is not an export. */
export function parseExportName(name: string): { kind: "document"; document: DocumentKind; format: DocumentFormat } | { kind: "responses"; file: ResponseFile } | null {
  if ((RESPONSE_FILES as readonly string[]).includes(name)) return { kind: "responses", file: name as ResponseFile };
  const m = /^([a-z-]+)\.(docx|pdf|html)$/.exec(name);
  if (m && (DOCUMENT_KINDS as readonly string[]).includes(m[1]!)) return { kind: "document", document: m[1] as DocumentKind, format: m[2] as DocumentFormat };
  return null;
}

/** `nonce`: the CSP nonce of the request, for the HTML's stylesheet (proxy.ts sets the policy). */
export async function renderDocument(db: Db, consultationId: string, document: DocumentKind, format: DocumentFormat, actor: Actor, opts: { nonce?: string } = {}): Promise<RenderedFile> {
  if (document === "council-response") {
    const doc = await loadCouncilResponse(db, consultationId, actor);
    const draft = doc.status === "draft";
    const base = `${doc.slug}-${draft ? "draft-" : ""}council-response`;
    if (format === "docx") return { body: await councilResponseDocx(doc), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false };
    const html = councilResponseHtml(doc, opts);
    if (format === "html") return { body: html, contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true };
    return { body: await htmlToPdf(html), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false };
  }
  if (document === "covering-letter") {
    const letter = await loadCoveringLetter(db, consultationId, actor);
    const base = `${letter.doc.slug}-${letter.doc.status === "draft" ? "draft-" : ""}covering-letter`;
    if (format === "docx") return { body: await coveringLetterDocx(letter), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false };
    const html = coveringLetterHtml(letter, opts);
    if (format === "html") return { body: html, contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true };
    return { body: await htmlToPdf(html), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false };
  }
  const doc = await loadCollatedReport(db, consultationId, actor);
  const base = `${doc.slug}-collated-report`;
  if (format === "docx") return { body: await collatedReportDocx(doc), contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, inline: false };
  const html = collatedReportHtml(doc, opts);
  if (format === "html") return { body: html, contentType: CONTENT_TYPES.html, filename: `${base}.html`, inline: true };
  return { body: await htmlToPdf(html), contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, inline: false };
}

/** The responses as a streamed download, for the council that runs the consultation. */
export async function renderResponsesFile(db: Db, consultationId: string, file: ResponseFile, actor: Actor): Promise<RenderedFile> {
  const { consultation } = await loadConsultationForExport(db, consultationId);
  if (!can(actor, "consultation.read_responses", { kind: "consultation", ownerOrganisationId: consultation.ownerOrganisationId })) throw new ForbiddenError();
  const filter = { consultationId };
  if (file === "responses.xlsx") {
    return { body: responsesXlsxStream(db, filter, { title: consultation.title }), contentType: CONTENT_TYPES.xlsx, filename: `${consultation.slug}-responses.xlsx`, inline: false };
  }
  const shape = file === "responses-long.csv" ? "long" : "wide";
  return { body: responsesCsvStream(db, filter, shape), contentType: CONTENT_TYPES.csv, filename: `${consultation.slug}-${file}`, inline: false };
}

export function fileResponse(file: RenderedFile): Response {
  const body = typeof file.body === "string" || file.body instanceof ReadableStream ? file.body : new Uint8Array(file.body);
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `${file.inline ? "inline" : "attachment"}; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

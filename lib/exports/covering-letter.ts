// The council's response as a letter would send it: a covering letter on the council's
// letterhead (logo, address, date, addressed to whoever asked, the body from the council's
// template, signed by the signatory with their job title), then the answers as an annex. The
// DOCX and the HTML (printed to PDF) both draw this one model.
import type { Db } from "../../db/client";
import type { LogoType } from "../../db/schema";
import type { Actor } from "../auth/policy";
import { letterTemplateOrDefault, loadLetterhead } from "../branding/commands";
import { renderTemplate } from "../branding/template";
import { formatDate } from "../format";
import { loadConsultationForExport, loadCouncilResponse, type CouncilResponseDoc } from "./council-response";

export type CoveringLetter = {
  doc: CouncilResponseDoc;
  councilName: string;
  postalAddress: string;
  logo: { bytes: Buffer; type: LogoType } | null;
  /** The date printed on the letter (the day it is made). */
  date: string;
  addressee: string;
  /** The letter's text with the placeholders filled in: plain text, blank line = paragraph. */
  body: string;
  signatoryName: string;
  signatoryTitle: string;
  contact: { name: string; email: string; phone: string };
};

/** "Jane Fisher (jane.fisher@council.example, 01362 656 870)", or what there is of it. */
export function contactLine(c: { name: string; email: string; phone: string }): string {
  const reach = [c.email, c.phone].filter((s) => s.trim());
  if (!c.name.trim()) return reach.join(", ") || "the council";
  return reach.length ? `${c.name} (${reach.join(", ")})` : c.name;
}

export async function loadCoveringLetter(db: Db, consultationId: string, actor: Actor, now = new Date()): Promise<CoveringLetter> {
  // loadCouncilResponse checks the actor may read the council's answers.
  const doc = await loadCouncilResponse(db, consultationId, actor, now);
  const { consultation: c } = await loadConsultationForExport(db, consultationId);
  const head = await loadLetterhead(db, c.ownerOrganisationId);
  const contact = c.contactOfficerName.trim() || c.contactOfficerEmail.trim()
    ? { name: c.contactOfficerName, email: c.contactOfficerEmail, phone: c.contactOfficerEmail.trim() === head.contactEmail.trim() ? head.contactPhone : "" }
    : { name: head.contactName, email: head.contactEmail, phone: head.contactPhone };
  // A signed-off response is signed by whoever approved it; a draft by the council's signatory.
  const signatoryName = doc.signOff?.approvedBy ?? head.signatoryName;
  const date = formatDate(now);
  const addressee = doc.askedBy?.trim() || "The consultation team";
  const body = renderTemplate(letterTemplateOrDefault(head), {
    consultation_title: doc.title,
    asked_by: addressee,
    response_deadline: doc.responseDeadline ? formatDate(doc.responseDeadline) : "",
    council_name: head.councilName,
    signatory_name: signatoryName,
    signatory_title: head.signatoryTitle,
    contact_officer: contactLine(contact),
    date,
  });
  return {
    doc: { ...doc, councilName: head.councilName },
    councilName: head.councilName,
    postalAddress: head.postalAddress,
    logo: head.logo,
    date,
    addressee,
    body,
    signatoryName,
    signatoryTitle: head.signatoryTitle,
    contact,
  };
}

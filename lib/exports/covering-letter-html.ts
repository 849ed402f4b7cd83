// The covering letter and its annex as print-ready HTML (also what its PDF is printed from).
import { htmlAttr, htmlText } from "../escape";
import { logoDataUrl } from "../branding/logo";
import { answersHtml, councilResponseTitle, responseMetaHtml, signOffSectionHtml } from "./council-response-html";
import type { CoveringLetter } from "./covering-letter";
import { documentHtml, paragraphsHtml } from "./html";

export function coveringLetterTitle(l: CoveringLetter): string {
  return `${l.doc.title} – covering letter and ${councilResponseTitle(l.doc).toLowerCase()}`;
}

const LETTER_CSS = `
.letterhead { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm; border-bottom: 1.5pt solid #0b0c0c; padding-bottom: 4mm; margin-bottom: 8mm; }
.letterhead .logo { flex: 0 0 auto; }
.letterhead .logo img { display: block; max-height: 25mm; max-width: 70mm; }
.letterhead .from { flex: 1 1 0; min-width: 0; text-align: right; margin-left: auto; overflow-wrap: anywhere; }
main { overflow-wrap: break-word; }
.letterhead .council { font-size: 13pt; font-weight: bold; margin: 0 0 1.5mm; }
.letterhead .address { margin: 0; font-size: 10pt; }
.letterhead .contact { margin: 2mm 0 0; font-size: 10pt; }
.letter-date { margin: 0 0 6mm; }
.addressee { margin: 0 0 6mm; }
.subject { font-size: 12pt; margin: 0 0 4mm; }
.closing { margin: 6mm 0 14mm; }
.signature p { margin: 0; }
.signature .name { font-weight: bold; }
.enclosure { margin-top: 8mm; }
.annex { break-before: page; page-break-before: always; }
.annex > h1 { font-size: 18pt; }
`;

export function letterheadHtml(l: Pick<CoveringLetter, "councilName" | "postalAddress" | "logo"> & { contactText?: string }): string {
  const logo = l.logo ? `<div class="logo"><img src="${htmlAttr(logoDataUrl(l.logo))}" alt="${htmlAttr(`${l.councilName} logo`)}"></div>` : "";
  return `<header class="letterhead">
${logo}
<div class="from">
<p class="council">${htmlText(l.councilName)}</p>
${l.postalAddress.trim() ? `<p class="address">${htmlText(l.postalAddress.trim()).replace(/\n/g, "<br>")}</p>` : ""}
${l.contactText ? `<p class="contact">${htmlText(l.contactText)}</p>` : ""}
</div>
</header>`;
}

export function coveringLetterHtml(l: CoveringLetter, opts: { nonce?: string } = {}): string {
  const doc = l.doc;
  const draft = doc.status === "draft";
  const parts: string[] = [];
  parts.push(letterheadHtml(l));
  if (draft) parts.push(`<p class="draft-banner">DRAFT. These answers have not been signed off and may change.</p>`);
  parts.push(`<p class="letter-date">${htmlText(l.date)}</p>`);
  parts.push(`<p class="addressee">${htmlText(l.addressee)}</p>`);
  parts.push(`<h1 class="subject">${htmlText(doc.title)}</h1>`);
  parts.push(`<div class="letter-body">\n${paragraphsHtml(l.body)}\n</div>`);
  parts.push(`<p class="closing">Yours sincerely,</p>`);
  parts.push(`<div class="signature">
${l.signatoryName.trim() ? `<p class="name">${htmlText(l.signatoryName)}</p>` : ""}
${l.signatoryTitle.trim() ? `<p class="title">${htmlText(l.signatoryTitle)}</p>` : ""}
<p class="org">${htmlText(l.councilName)}</p>
</div>`);
  parts.push(`<p class="enclosure">Enclosed: Annex – ${htmlText(councilResponseTitle(doc))}</p>`);
  parts.push(`<section class="annex">
<h1>Annex: ${htmlText(councilResponseTitle(doc))}</h1>
${responseMetaHtml(doc)}`);
  parts.push(answersHtml(doc, 2));
  parts.push(`${signOffSectionHtml(doc, { note: false })}\n</section>`);
  return documentHtml({ title: coveringLetterTitle(l), draft, body: parts.join("\n"), nonce: opts.nonce, css: LETTER_CSS });
}

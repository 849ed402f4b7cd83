// Consultation papers as an officer would upload them, built in memory for the tests of the
// importer (integration and end to end): a Word file with automatic numbering, and a PDF with a
// running header and page numbers on every page. Test-only: nothing in the app imports this.
import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";

/** The parking strategy paper: three questions numbered by Word itself, one with its options. */
export async function parkingStrategyDocx(): Promise<Uint8Array> {
  const numbered = (text: string) => new Paragraph({ text, numbering: { reference: "questions", level: 0 } });
  const doc = new Document({
    numbering: { config: [{ reference: "questions", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }] }] },
    sections: [
      {
        children: [
          new Paragraph("Parking Strategy 2026 to 2031"),
          numbered("Do you agree with the proposed parking zones?"),
          numbered("How often do you park in the town centre?"),
          new Paragraph("Daily"),
          new Paragraph("Weekly"),
          new Paragraph("Rarely"),
          numbered("What should the council consider when setting charges for residents' permits?"),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * A PDF with one page per entry of `pages` (its lines, "" for a blank line), each page under the
 * same running header and over "Page N of M", as a council's printed paper has.
 */
export async function pagedPdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pages.forEach((lines, p) => {
    const page = pdf.addPage([595, 842]);
    page.drawText("Borough Council – Draft for consultation", { x: 50, y: 800, size: 9, font });
    let y = 740;
    for (const line of lines) {
      if (line) page.drawText(line, { x: 50, y, size: 11, font });
      y -= line ? 14 : 28;
    }
    page.drawText(`Page ${p + 1} of ${pages.length}`, { x: 280, y: 30, size: 9, font });
  });
  return pdf.save({ useObjectStreams: false });
}

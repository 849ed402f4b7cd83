// What every exported Word document shares: styles that match the print HTML (Arial, the same
// heading sizes), a header that says DRAFT on every page when not signed off, and page numbers.
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type ISectionOptions,
} from "docx";

const FONT = "Arial";

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/** Word's "Heading n" (1–6): real heading styles, so they are in the navigation pane and the outline. */
export function headingLevel(n: number): (typeof HEADINGS)[number] {
  return HEADINGS[Math.min(Math.max(n, 1), 6) - 1]!;
}
/** docx sizes are half-points. */
const pt = (n: number) => n * 2;

export const COLOURS = { text: "0B0C0C", muted: "505A5F", red: "D4351C", blue: "1D70B8", grey: "B1B4B6" } as const;

/** Plain text split into paragraphs the way the HTML does it (blank line = new paragraph). */
export function textParagraphs(text: string, opts: { prefix?: string; italic?: boolean; colour?: string; indentLeft?: number } = {}): Paragraph[] {
  const paras = text.replace(/\r\n/g, "\n").trim().split(/\n\s*\n/).filter((p) => p.trim());
  return paras.map((p, i) => {
    const lines = p.trim().split("\n");
    const runs: TextRun[] = [];
    if (i === 0 && opts.prefix) runs.push(new TextRun({ text: `${opts.prefix} `, bold: true }));
    lines.forEach((line, li) => runs.push(new TextRun({ text: line, italics: opts.italic, color: opts.colour, break: li > 0 ? 1 : undefined })));
    return new Paragraph({ children: runs, spacing: { after: 120 }, indent: opts.indentLeft ? { left: opts.indentLeft } : undefined });
  });
}

function header(draft: boolean, title: string): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: draft
          ? [new TextRun({ text: "DRAFT – not signed off", bold: true, color: COLOURS.red, size: pt(12) })]
          : [new TextRun({ text: title, color: COLOURS.muted, size: pt(9) })],
      }),
    ],
  });
}

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES], size: pt(9), color: COLOURS.muted })],
      }),
    ],
  });
}

export function buildDocument(opts: { title: string; draft: boolean; children: ISectionOptions["children"] }): Document {
  return new Document({
    title: opts.title,
    creator: "Council consultations",
    styles: {
      default: { document: { run: { font: FONT, size: pt(11), color: COLOURS.text }, paragraph: { spacing: { line: 276 } } } },
      paragraphStyles: [
        { id: "Title", name: "Title", basedOn: "Normal", next: "Normal", run: { font: FONT, size: pt(20), bold: true }, paragraph: { spacing: { after: 160 } } },
        { id: "Heading1", name: "Heading 1", basedOn: "Normal", next: "Normal", quickFormat: true, run: { font: FONT, size: pt(15), bold: true }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        { id: "Heading2", name: "Heading 2", basedOn: "Normal", next: "Normal", quickFormat: true, run: { font: FONT, size: pt(12), bold: true }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        { id: "Heading3", name: "Heading 3", basedOn: "Normal", next: "Normal", quickFormat: true, run: { font: FONT, size: pt(11), bold: true }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true, keepLines: true } },
        { id: "Heading4", name: "Heading 4", basedOn: "Normal", next: "Normal", quickFormat: true, run: { font: FONT, size: pt(11), bold: true }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true, keepLines: true } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1247, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 } } },
        headers: { default: header(opts.draft, opts.title) },
        footers: { default: footer() },
        children: opts.children,
      },
    ],
  });
}

export async function documentBuffer(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc);
}

export { pt };

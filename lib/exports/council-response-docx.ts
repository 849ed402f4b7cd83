// The council's response as a Word document, drawn from the same model as the HTML and PDF.
import { BorderStyle, HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { formatDate, formatDateTime } from "../format";
import type { CouncilResponseDoc } from "./council-response";
import { councilResponseTitle, signOffRows } from "./council-response-html";
import { buildDocument, COLOURS, documentBuffer, headingLevel, pt, textParagraphs } from "./docx-common";
import { docxSafe } from "../escape";

/**
 * The chapters, sub-headings and questions as Word headings from level `top` down without a
 * gap (a question is one level below its sub-heading, or its chapter when it has none), each
 * question kept on the page of its answer's first lines (the heading styles keep with next).
 */
export function answersDocx(doc: Pick<CouncilResponseDoc, "chapters">, top: number): Paragraph[] {
  const out: Paragraph[] = [];
  for (const chapter of doc.chapters) {
    out.push(new Paragraph({ text: chapter.title, heading: headingLevel(top) }));
    if (chapter.description.trim()) out.push(...textParagraphs(chapter.description, { colour: COLOURS.muted }));
    for (const group of chapter.groups) {
      if (group.subheading) out.push(new Paragraph({ text: group.subheading, heading: headingLevel(top + 1) }));
      const level = headingLevel(group.subheading ? top + 2 : top + 1);
      for (const q of group.questions) {
        out.push(new Paragraph({ text: `${q.number}: ${q.question}`, heading: level, keepNext: true, keepLines: true }));
        if (q.answer.trim()) out.push(...textParagraphs(q.answer, { prefix: "A:" }));
        else out.push(...textParagraphs("No answer has been drafted.", { prefix: "A:", italic: true, colour: COLOURS.muted }));
      }
    }
  }
  return out;
}

export async function councilResponseDocx(input: CouncilResponseDoc): Promise<Buffer> {
  const doc = docxSafe(input);
  const draft = doc.status === "draft";
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: doc.councilName, bold: true, size: pt(12) })], spacing: { after: 120 } }),
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
  ];
  const meta: [string, string][] = [];
  if (doc.askedBy) meta.push(["Response to", doc.askedBy]);
  if (doc.responseDeadline) meta.push(["Deadline for responses", formatDate(doc.responseDeadline)]);
  meta.push(["Status", draft ? "Draft – not signed off" : "Signed off"]);
  for (const [k, v] of meta) {
    children.push(new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)], spacing: { after: 60 } }));
  }
  if (draft) {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: "DRAFT. These answers have not been signed off and may change.", bold: true, color: COLOURS.red })],
        border: { top: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.red, space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.red, space: 4 }, left: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.red, space: 4 }, right: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.red, space: 4 } },
        spacing: { before: 200, after: 200 },
      }),
    );
  }
  // The document's own heading is a Title-level line, so that Heading 1 is only ever a chapter.
  children.push(new Paragraph({ children: [new TextRun({ text: councilResponseTitle(doc), bold: true, size: pt(15) })], spacing: { before: 240, after: 120 } }));
  children.push(...answersDocx(doc, 1));
  children.push(new Paragraph({ text: "Sign-off", heading: HeadingLevel.HEADING_1 }));
  if (doc.signOff) {
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: signOffRows(doc).map(
          ([k, v]) =>
            new TableRow({
              children: [
                new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: k, bold: true })] })] }),
                new TableCell({
                  width: { size: 70, type: WidthType.PERCENTAGE },
                  children: [new Paragraph({ children: [new TextRun({ text: v, font: k.startsWith("SHA") ? "Courier New" : undefined, size: k.startsWith("SHA") ? pt(9) : undefined })] })],
                }),
              ],
            }),
        ),
      }),
    );
    if (doc.signOff.note.trim()) children.push(...textParagraphs(doc.signOff.note));
  } else {
    children.push(...textParagraphs("Not signed off. This is a draft: the answers may still change before a signatory approves them."));
  }
  children.push(new Paragraph({ children: [new TextRun({ text: `Produced ${formatDateTime(doc.generatedAt)}.`, color: COLOURS.muted })], spacing: { before: 200 } }));
  return documentBuffer(buildDocument({ title: `${doc.title} – ${councilResponseTitle(doc)}`, draft, children }));
}

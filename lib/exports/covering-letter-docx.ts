// The covering letter and its annex as a Word document, from the same model as its HTML. The
// letter's subject and the annex's title are Heading 1, chapters Heading 2, and questions the
// level below (lib/exports/council-response-docx answersDocx), so Word's navigation pane shows
// every question and the outline has no gaps.
import { AlignmentType, BorderStyle, ImageRun, LineRuleType, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { imageSize } from "../branding/logo";
import { formatDate, formatDateTime } from "../format";
import { answersDocx } from "./council-response-docx";
import { councilResponseTitle, signOffRows } from "./council-response-html";
import type { CoveringLetter } from "./covering-letter";
import { coveringLetterTitle } from "./covering-letter-html";
import { buildDocument, COLOURS, documentBuffer, headingLevel, pt, textParagraphs } from "./docx-common";
import { docxSafe } from "../escape";

const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE } as const;

function logoRun(l: CoveringLetter): ImageRun | null {
  if (!l.logo) return null;
  const size = imageSize(l.logo.bytes, l.logo.type) ?? { width: 300, height: 100 };
  // At most 95 px high and 260 px wide (96 px to the inch), keeping its proportions.
  const scale = Math.min(95 / size.height, 260 / size.width, 1);
  return new ImageRun({
    type: l.logo.type === "image/png" ? "png" : "jpg",
    data: l.logo.bytes,
    transformation: { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) },
    altText: { name: "Logo", title: `${l.councilName} logo`, description: `${l.councilName} logo` },
  });
}

function letterhead(l: CoveringLetter): Table {
  const logo = logoRun(l);
  const from: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: l.councilName, bold: true, size: pt(13) })], spacing: { after: 60 } }),
  ];
  const lines = l.postalAddress.trim() ? l.postalAddress.trim().split(/\r?\n/) : [];
  if (lines.length) {
    from.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: lines.map((line, i) => new TextRun({ text: line, size: pt(10), break: i > 0 ? 1 : undefined })) }));
  }
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...NO_BORDERS, bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.text } },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: 45, type: WidthType.PERCENTAGE }, borders: { top: NONE, left: NONE, right: NONE, bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.text } }, children: [new Paragraph({ children: logo ? [logo] : [], spacing: { line: 240, lineRule: LineRuleType.AUTO } })] }),
          new TableCell({ width: { size: 55, type: WidthType.PERCENTAGE }, borders: { top: NONE, left: NONE, right: NONE, bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOURS.text } }, children: from }),
        ],
      }),
    ],
  });
}

export async function coveringLetterDocx(input: CoveringLetter): Promise<Buffer> {
  const l = docxSafe(input);
  const doc = l.doc;
  const draft = doc.status === "draft";
  const children: (Paragraph | Table)[] = [letterhead(l), new Paragraph({ spacing: { after: 240 }, children: [] })];
  if (draft) {
    children.push(new Paragraph({ children: [new TextRun({ text: "DRAFT. These answers have not been signed off and may change.", bold: true, color: COLOURS.red })], spacing: { after: 240 } }));
  }
  children.push(new Paragraph({ text: l.date, spacing: { after: 240 } }));
  children.push(new Paragraph({ text: l.addressee, spacing: { after: 240 } }));
  // The subject: Heading 1 (the outline's first entry), at letter size.
  children.push(new Paragraph({ heading: headingLevel(1), children: [new TextRun({ text: doc.title, size: pt(12) })], spacing: { before: 0, after: 200 } }));
  children.push(...textParagraphs(l.body));
  children.push(new Paragraph({ text: "Yours sincerely,", spacing: { before: 240, after: 720 }, keepNext: true }));
  const signature = [l.signatoryName, l.signatoryTitle, l.councilName].filter((s) => s.trim());
  signature.forEach((line, i) =>
    children.push(new Paragraph({ children: [new TextRun({ text: line, bold: i === 0 && line === l.signatoryName })], keepNext: i < signature.length - 1, spacing: { after: 0 } })),
  );
  children.push(new Paragraph({ text: `Enclosed: Annex – ${councilResponseTitle(doc)}`, spacing: { before: 360 } }));

  children.push(new Paragraph({ heading: headingLevel(1), text: `Annex: ${councilResponseTitle(doc)}`, pageBreakBefore: true }));
  const meta: [string, string][] = [];
  if (doc.askedBy) meta.push(["Response to", doc.askedBy]);
  if (doc.responseDeadline) meta.push(["Deadline for responses", formatDate(doc.responseDeadline)]);
  meta.push(["Status", draft ? "Draft – not signed off" : "Signed off"]);
  for (const [k, v] of meta) children.push(new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)], spacing: { after: 60 } }));
  children.push(...answersDocx(doc, 2));
  children.push(new Paragraph({ text: "Sign-off", heading: headingLevel(2) }));
  if (doc.signOff) {
    for (const [k, v] of signOffRows(doc)) children.push(new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun({ text: v, font: k.startsWith("SHA") ? "Courier New" : undefined, size: k.startsWith("SHA") ? pt(9) : undefined })] }));
  } else {
    children.push(...textParagraphs("Not signed off. This is a draft: the answers may still change before a signatory approves them."));
  }
  children.push(new Paragraph({ children: [new TextRun({ text: `Produced ${formatDateTime(doc.generatedAt)}.`, color: COLOURS.muted })], spacing: { before: 200 } }));
  return documentBuffer(buildDocument({ title: coveringLetterTitle(l), draft, children }));
}

// The collated report as a Word document, from the same model as its HTML.
import { HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { formatDate, formatDateTime } from "../format";
import type { CollatedReportDoc, ReportQuestion } from "./collated-report";
import { collatedReportTitle } from "./collated-report-html";
import { buildDocument, COLOURS, documentBuffer, headingLevel, pt, textParagraphs } from "./docx-common";
import { docxSafe } from "../escape";
import { plural } from "../text/plural";

const bold = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })], spacing: { before: 120, after: 60 } });
const INDENT = 284;

function cell(text: string, header = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })] });
}

function questionBlocks(q: ReportQuestion, level: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: headingLevel(level), children: [new TextRun({ text: `${q.number}: ${q.question}` })], keepNext: true, keepLines: true }),
    new Paragraph({ children: [new TextRun({ text: plural(q.partnerCount, "partner answered.", "partners answered."), color: COLOURS.muted })] }),
  ];
  if (q.counts && q.counts.length) {
    out.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: [cell("Option", true), cell("Partners", true), cell("Per cent", true)] }),
          ...q.counts.map((c) => new TableRow({ children: [cell(c.option), cell(String(c.count)), cell(`${c.percent}%`)] })),
        ],
      }),
    );
  }
  if (q.themes.length) {
    out.push(bold("Themes partners raised"));
    out.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: [cell("Theme", true), cell("Answers", true), cell("Respondents", true)] }),
          ...q.themes.map((t) => new TableRow({ children: [cell(t.name), cell(String(t.answers)), cell(String(t.respondents))] })),
        ],
      }),
    );
    for (const t of q.themes.filter((x) => x.quotes.length)) {
      out.push(bold(`${t.name}: in partners' words`));
      for (const x of t.quotes) {
        out.push(new Paragraph({ children: [new TextRun({ text: x.organisation, bold: true }), new TextRun({ text: ` (${x.organisationType})`, color: COLOURS.muted })], indent: { left: INDENT } }));
        out.push(...textParagraphs(x.text, { indentLeft: INDENT }));
      }
    }
  }
  if (q.views.length) {
    out.push(bold("Partner views"));
    for (const v of q.views) {
      out.push(new Paragraph({ children: [new TextRun({ text: v.organisation, bold: true }), new TextRun({ text: ` (${v.organisationType})`, color: COLOURS.muted })], indent: { left: INDENT } }));
      out.push(...textParagraphs(v.answer, { indentLeft: INDENT }));
    }
    if (q.partnerCount > q.views.length) out.push(...textParagraphs(`And ${q.partnerCount - q.views.length} more answers, on the collation page.`, { colour: COLOURS.muted }));
  }
  if (q.draft) {
    out.push(new Paragraph({ children: [new TextRun({ text: "Council's draft answer ", bold: true }), new TextRun({ text: `(${q.draft.status})`, color: COLOURS.muted })], spacing: { before: 120, after: 60 } }));
    out.push(...(q.draft.text.trim() ? textParagraphs(q.draft.text, { indentLeft: INDENT }) : textParagraphs("No answer has been drafted.", { italic: true, colour: COLOURS.muted, indentLeft: INDENT })));
  }
  if (q.threads.length) {
    out.push(bold("Comments"));
    for (const t of q.threads) {
      out.push(new Paragraph({ children: [new TextRun({ text: `${t.authorName ?? "Someone"}, ${formatDateTime(t.createdAt)} · ${t.status === "open" ? "Open" : "Resolved"}`, color: COLOURS.muted, size: pt(10) })], indent: { left: INDENT } }));
      out.push(...textParagraphs(t.body, { indentLeft: INDENT }));
      for (const r of t.replies) {
        out.push(new Paragraph({ children: [new TextRun({ text: `Reply from ${r.authorName ?? "someone"}, ${formatDateTime(r.createdAt)}`, color: COLOURS.muted, size: pt(10) })], indent: { left: INDENT * 2 } }));
        out.push(...textParagraphs(r.body, { indentLeft: INDENT * 2 }));
      }
    }
  }
  return out;
}

export async function collatedReportDocx(input: CollatedReportDoc): Promise<Buffer> {
  const doc = docxSafe(input);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: doc.councilName, bold: true, size: pt(12) })], spacing: { after: 120 } }),
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
    ...textParagraphs("Collated report for the Overview and Scrutiny Committee: for each question, partners' views, the council's draft answer and the committee's comments."),
  ];
  if (doc.askedBy) children.push(new Paragraph({ children: [new TextRun({ text: "Consultation from: ", bold: true }), new TextRun(doc.askedBy)] }));
  if (doc.responseDeadline) children.push(new Paragraph({ children: [new TextRun({ text: "Deadline for responses: ", bold: true }), new TextRun(formatDate(doc.responseDeadline))] }));
  children.push(new Paragraph({ children: [new TextRun({ text: "Open comment threads: ", bold: true }), new TextRun(String(doc.openThreads))] }));
  if (!doc.signedOff) children.push(...textParagraphs("DRAFT. The council's answers have not been signed off and may change.", { colour: COLOURS.red }));
  for (const chapter of doc.chapters) {
    children.push(new Paragraph({ text: chapter.title, heading: HeadingLevel.HEADING_1 }));
    for (const group of chapter.groups) {
      if (group.subheading) children.push(new Paragraph({ text: group.subheading, heading: HeadingLevel.HEADING_2 }));
      // No gap in the outline: a question is Heading 3 under a sub-heading, else Heading 2.
      for (const q of group.questions) children.push(...questionBlocks(q, group.subheading ? 3 : 2));
    }
  }
  children.push(new Paragraph({ text: "Resolutions", heading: HeadingLevel.HEADING_1 }));
  if (doc.resolutions.length) {
    for (const r of doc.resolutions) {
      children.push(new Paragraph({ text: `${r.committee}, ${formatDate(r.meetingDate)}`, heading: HeadingLevel.HEADING_2 }));
      children.push(...textParagraphs(r.text), ...textParagraphs(`Recorded by ${r.recordedByName ?? "an officer"}.`, { colour: COLOURS.muted }));
    }
  } else {
    children.push(...textParagraphs("No resolution has been recorded yet."));
  }
  children.push(...textParagraphs(`Produced ${formatDateTime(doc.generatedAt)}.`, { colour: COLOURS.muted }));
  return documentBuffer(buildDocument({ title: collatedReportTitle(doc), draft: !doc.signedOff, children }));
}

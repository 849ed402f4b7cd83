// A partner organisation's own submitted response as a document to keep, print or forward:
// print-ready HTML, PDF and DOCX, for that organisation's people only (getRespondContext
// refuses anyone else, council staff included: they have their own exports).
import { Paragraph, TextRun } from "docx";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/policy";
import { NotFoundError } from "../errors";
import { formatDateTime } from "../format";
import { getRespondContext, listSubmissions } from "../responses/queries";
import { answerSummary } from "../responses/rules";
import { groupBySubheading, type DocChapter } from "./council-response";
import { answersDocx } from "./council-response-docx";
import { answersHtml } from "./council-response-html";
import { buildDocument, COLOURS, documentBuffer, headingLevel, pt } from "./docx-common";
import { docxSafe, htmlText } from "../escape";
import { documentHtml } from "./html";

export type PartnerResponseDoc = {
  slug: string;
  consultationTitle: string;
  organisationName: string;
  reference: string;
  revision: number;
  latest: number;
  submittedAt: Date;
  submittedBy: string | null;
  chapters: DocChapter[];
  generatedAt: Date;
};

export const versionName = (revision: number) => (revision === 1 ? "Original response" : `Amendment ${revision - 1}`);

export async function loadPartnerResponse(
  db: Db,
  input: { slug: string; organisationId?: string | null; version?: number | null },
  actor: Actor,
  now = new Date(),
): Promise<PartnerResponseDoc> {
  const ctx = await getRespondContext(db, { slug: input.slug, organisationId: input.organisationId }, actor, now);
  const history = ctx.response ? await listSubmissions(db, ctx.response.id) : [];
  if (!history.length || !ctx.response?.reference) throw new NotFoundError("Submitted response");
  const shown = input.version ? history.find((h) => h.revision === input.version) : history[0];
  if (!shown) throw new NotFoundError("That version of the response");
  const summary = answerSummary(ctx.chapters, new Map(Object.entries(shown.answers as Record<string, unknown>)), { answeredOnly: true });
  return {
    slug: ctx.consultation.slug,
    consultationTitle: ctx.consultation.title,
    organisationName: ctx.organisation.name,
    reference: ctx.response.reference,
    revision: shown.revision,
    latest: history[0]!.revision,
    submittedAt: shown.submittedAt,
    submittedBy: shown.submittedByName ?? null,
    chapters: summary.map((ch) => ({
      title: ch.chapter.title,
      description: "",
      groups: groupBySubheading(ch.items.map((i) => ({ subheading: i.question.subheading, item: i }))).map((g) => ({
        subheading: g.subheading,
        questions: g.items.map(({ item }) => ({ number: item.question.number, question: item.question.text, answer: item.text })),
      })),
    })),
    generatedAt: now,
  };
}

function metaRows(d: PartnerResponseDoc): [string, string][] {
  return [
    ["Organisation", d.organisationName],
    ["Reference", d.reference],
    ["Version", `${versionName(d.revision)}${d.revision === d.latest ? " (latest)" : ""}`],
    ["Submitted", `${formatDateTime(d.submittedAt)}${d.submittedBy ? ` by ${d.submittedBy}` : ""}`],
  ];
}

export function partnerResponseTitle(d: PartnerResponseDoc): string {
  return `${d.organisationName}'s response to ${d.consultationTitle}`;
}

export function partnerResponseHtml(d: PartnerResponseDoc, opts: { nonce?: string } = {}): string {
  const body = `<header class="masthead">
<p class="council">${htmlText(d.organisationName)}</p>
<h1>${htmlText(d.consultationTitle)}</h1>
<dl class="meta">
${metaRows(d)
  .map(([k, v]) => `<dt>${htmlText(k)}</dt><dd>${htmlText(v)}</dd>`)
  .join("\n")}
</dl>
</header>
${answersHtml({ chapters: d.chapters }, 2)}
<p class="muted">Printed ${htmlText(formatDateTime(d.generatedAt))}.</p>`;
  return documentHtml({ title: partnerResponseTitle(d), draft: false, body, nonce: opts.nonce });
}

export async function partnerResponseDocx(input: PartnerResponseDoc): Promise<Buffer> {
  const d = docxSafe(input);
  const children = [
    new Paragraph({ children: [new TextRun({ text: d.organisationName, bold: true, size: pt(12) })], spacing: { after: 120 } }),
    new Paragraph({ text: d.consultationTitle, heading: headingLevel(1) }),
    ...metaRows(d).map(([k, v]) => new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)], spacing: { after: 60 } })),
    ...answersDocx({ chapters: d.chapters }, 2),
    new Paragraph({ children: [new TextRun({ text: `Printed ${formatDateTime(d.generatedAt)}.`, color: COLOURS.muted })], spacing: { before: 200 } }),
  ];
  return documentBuffer(buildDocument({ title: partnerResponseTitle(d), draft: false, children }));
}

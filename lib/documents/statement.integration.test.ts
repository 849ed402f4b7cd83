// The consultation statement of a document version on PGlite or Postgres: who may read it before
// and after it is published, each outcome linked to the paragraph in the next version, and its
// HTML, Word and PDF files holding hostile text as text.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, documentCommentResponses, documentComments, documents } from "../../db/schema";
import { odpmSetup } from "../collation/testing";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { PDF_SCHEDULE_LIMIT, renderStatement, statementCsv, statementDocx, statementHtml } from "../exports/document-statement";
import { hostile } from "../exports/testing/hostile";
import { hasTool } from "../exports/testing/tools";
import { docxParagraphs, readZipEntries } from "../exports/testing/zip";
import { listComments, getDocumentView } from "./queries";
import { getConsultationStatement, publishStatement } from "./statement";

let s: Awaited<ReturnType<typeof odpmSetup>>;
let docId: string;
let slug: string;
const db = () => s.t.db;
const EVIL = hostile("statement");

beforeAll(async () => {
  s = await odpmSetup();
  const [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
  slug = leics!.slug;
  const [d] = await db().select().from(documents).where(eq(documents.consultationId, leics!.id));
  docId = d!.id;
  // One answered comment on the evidence base (version 1) carries hostile text everywhere.
  const v1 = await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer);
  const [k] = await listComments(db(), { versionId: v1.version.id }, s.actors.officer);
  await db().update(documentComments).set({ text: `Comment ${EVIL}`, proposedChange: `Change ${EVIL}` }).where(eq(documentComments.id, k!.id));
  await db().update(documentCommentResponses).set({ response: `Response ${EVIL}` }).where(eq(documentCommentResponses.commentId, k!.id));
}, 120_000);
afterAll(async () => s?.t.close());

describe("the consultation statement", () => {
  it("links each outcome to what became of the paragraph in the next version", async () => {
    const st = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    expect(st.nextVersion).toEqual({ version: 2, label: "First draft" });
    expect(st.comments.length).toBeGreaterThan(0);
    for (const k of st.comments) {
      expect(k.change).not.toBeNull();
      expect(k.change!.version).toBe(2);
    }
    // The demo's first draft rewrites some commented paragraphs: at least one comment is "changed".
    expect(st.comments.some((k) => k.change!.kind === "changed" && k.change!.anchor === k.paragraphAnchor)).toBe(true);
    const latest = await getConsultationStatement(db(), { documentId: docId, version: 2 }, s.actors.officer);
    expect(latest.nextVersion).toBeNull();
  });

  it("is the council's until published, then anyone's; only officers publish it, and only once comments close", async () => {
    await expect(getConsultationStatement(db(), { documentId: docId, version: 1 }, null)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.scrutiny)).publishedAt).toBeNull();
    await expect(publishStatement(db(), { documentId: docId, version: 1 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishStatement(db(), { documentId: docId, version: 1 }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishStatement(db(), { documentId: docId, version: 2 }, s.actors.officer)).rejects.toBeInstanceOf(InvalidError);
    expect(await publishStatement(db(), { documentId: docId, version: 1 }, s.actors.officer)).toEqual({ published: true });
    expect(await publishStatement(db(), { documentId: docId, version: 1 }, s.actors.officer)).toEqual({ published: false });
    const open = await getConsultationStatement(db(), { documentId: docId, version: 1 }, null);
    expect(open.publishedAt).not.toBeNull();
    expect((await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.partner)).comments.length).toBe(open.comments.length);
    // Version 2's statement is still the council's alone.
    await expect(getConsultationStatement(db(), { documentId: docId, version: 2 }, null)).rejects.toBeInstanceOf(NotFoundError);
    // Under another consultation's address it is not there.
    await expect(renderStatement(db(), { documentId: docId, version: 1, consultationSlug: "lsp-shaping-their-future" }, "statement.html", null)).rejects.toBeInstanceOf(NotFoundError);
    expect(await renderStatement(db(), { documentId: docId, version: 1, consultationSlug: slug }, "statement.exe", null)).toBeNull();
  });
});

describe("a published statement as the public is served it", () => {
  it("is kept for the public and shared by requests at once, while the council's readers get it as it is now", async () => {
    const file = (name: string, actor: typeof s.actors.officer | null, nonce?: string) =>
      renderStatement(db(), { documentId: docId, version: 1, consultationSlug: slug }, name, actor, { nonce });
    const [k] = await listComments(db(), { versionId: (await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer)).version.id }, s.actors.officer);
    const [{ response: was }] = await db().select({ response: documentCommentResponses.response }).from(documentCommentResponses).where(eq(documentCommentResponses.commentId, k!.id));
    // Four people download the Word file at once: one file made, the same bytes for all.
    const docx = await Promise.all(Array.from({ length: 4 }, () => file("statement.docx", null)));
    expect(new Set(docx.map((f) => f!.body)).size).toBe(1);
    const csv = (await file("statement-comments.csv", null))!.body as string;
    expect((await file("statement.html", null, "nonce-zero"))!.body).toContain('nonce="nonce-zero"');
    expect(csv).toContain(`Response ${EVIL}`.slice(0, 20));
    try {
      // An officer rewords a response after publishing: the council sees it at once, the public a while later.
      await db().update(documentCommentResponses).set({ response: "REWORDED-LATER" }).where(eq(documentCommentResponses.commentId, k!.id));
      expect((await file("statement-comments.csv", s.actors.officer))!.body).toContain("REWORDED-LATER");
      expect((await file("statement-comments.csv", null))!.body).toBe(csv);
      expect((await file("statement.docx", null))!.body).toBe(docx[0]!.body);
      // The web page is kept too, each request's nonce put in.
      const one = (await file("statement.html", null, "nonce-one"))!.body as string;
      const two = (await file("statement.html", s.actors.partner, "nonce-two"))!.body as string;
      expect(one).toContain('nonce="nonce-one"');
      expect(two).toContain('nonce="nonce-two"');
      expect((await file("statement.html", null))!.body).not.toContain("nonce=");
      expect(one + two).not.toContain("REWORDED-LATER");
      expect((await file("statement.html", s.actors.scrutiny, "nonce-three"))!.body).toContain("REWORDED-LATER");
    } finally {
      await db().update(documentCommentResponses).set({ response: was }).where(eq(documentCommentResponses.commentId, k!.id));
    }
  });
});

describe("the statement's files keep hostile text as text", () => {
  it("HTML: escaped, with no markup from what people typed, and links to the next version's paragraph", async () => {
    const st = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const html = statementHtml(st);
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    expect(html).toMatch(new RegExp(`href="[^"]*/documents/${docId}\\?version=2#`));
    expect(html).toContain("Changed in version 2");
    // One organisation's override cannot reverse the names listed after it: each is isolated.
    const issue = { title: "\u202Eevil issue", comments: 2, paragraphs: ["3", "4"], organisations: ["\u202EFirst Org", "Second Org"] };
    const listed = statementHtml({ ...st, issues: [issue as (typeof st.issues)[number]] });
    expect(listed).toContain("(paragraphs 3, 4; \u2068\u202EFirst Org\u2069, Second Org)");
  });

  it("Word: the hostile text is in the paragraphs literally and the XML has no markup from it", async () => {
    const st = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const docx = await statementDocx(st);
    const xml = readZipEntries(docx).get("word/document.xml")!.toString("utf8");
    expect(xml).not.toContain("<script>");
    const texts = docxParagraphs(xml).map((p) => p.text);
    // As typed, but for the bidi override, which a Word file cannot isolate (lib/escape docxText).
    expect(texts).toContain(`Comment ${EVIL.replace(/\u202E/g, "")}`);
    expect(texts).toContain(`Response ${EVIL.replace(/\u202E/g, "")}`);
    expect(xml).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(texts.some((t) => t.startsWith("Changed in version 2") || t.startsWith("Unchanged in version 2"))).toBe(true);
    expect(docxParagraphs(xml).find((p) => p.text === st.documentTitle ? false : p.text.startsWith("Consultation statement:"))?.style).toBe("Heading1");
  });

  it("CSV: the schedule of every comment, one row each, formula-guarded, with the link to the next version", async () => {
    const st = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const file = await renderStatement(db(), { documentId: docId, version: 1, consultationSlug: slug }, "statement-comments.csv", s.actors.officer);
    expect(file!.contentType).toContain("text/csv");
    const csv = statementCsv(st);
    expect(file!.body).toBe(csv);
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    expect(lines[0]).toContain("Council's response");
    expect(csv).toContain("<script>window.__pwned=1</script>");
    expect(csv).toMatch(new RegExp(`/documents/${docId}\\?version=2#`));
    // A comment that starts like a formula is a text cell.
    expect(statementCsv({ ...st, comments: [{ ...st.comments[0]!, text: "=HYPERLINK(1)" }] })).toContain("'=HYPERLINK(1)");
  });

  it("PDF summary (above the schedule limit): counts, main issues and the council's responses per paragraph, the schedule linked", async () => {
    const st = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    expect(st.comments.length).toBeLessThanOrEqual(PDF_SCHEDULE_LIMIT);
    const html = statementHtml(st, { schedule: false });
    expect(html).not.toContain('class="comments"');
    expect(html).toContain("The council's responses");
    expect(html).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    for (const file of ["statement.html", "statement.docx", "statement-comments.csv"]) expect(html).toContain(`/consultations/${slug}/documents/${docId}/${file}?version=1`);
  });

  it.skipIf(!hasTool("pdftotext"))("PDF: printed from the HTML, its text holds the hostile text literally", async () => {
    const file = await renderStatement(db(), { documentId: docId, version: 1, consultationSlug: slug }, "statement.pdf", null);
    const dir = mkdtempSync(path.join(tmpdir(), "statement-"));
    const pdf = path.join(dir, "statement.pdf");
    writeFileSync(pdf, file!.body as Buffer);
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("<script>window.__pwned=1</script>");
    expect(text).toContain("Consultation statement");
  }, 60_000);
});

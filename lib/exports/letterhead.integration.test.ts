// Documents a council would send (issue 20): the letterhead an administrator sets (validated:
// PNG or JPEG by its bytes, at most 1 MB, known placeholders only), the covering letter with
// the answers as an annex, Word headings without gaps in every document, PDFs that never
// leave a question at the foot of a page without its answer, receipts that reply to the
// contact officer, and a partner's own copy of its response (its organisation only).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, organisations, outbox } from "../../db/schema";
import type { TestDb } from "../../db/testing";
import { getLogo, saveBranding } from "../branding/commands";
import { LOGO_ERRORS, MAX_LOGO_BYTES } from "../branding/logo";
import { brandingSchema } from "../branding/schemas";
import { testPng } from "../branding/testing";
import { odpmSetup, type DemoActors } from "../collation/testing";
import { publishConsultation } from "../consultations/commands";
import { ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { importQuestionSet } from "../question-sets/import";
import { questionSetSchema } from "../question-sets/schema";
import { saveAndSubmitResponse } from "../responses/commands";
import { loadPublishedSnapshot } from "../responses/queries";
import { decideSignOff } from "../signoff/commands";
import { sendForReview } from "../review/commands";
import { loadCouncilResponse } from "./council-response";
import { renderDocument, type DocumentKind } from "./documents";
import { loadPartnerResponse, partnerResponseDocx, partnerResponseHtml } from "./partner-response";
import { htmlToPdf } from "./pdf";
import { docxParagraphs, readZipEntries, type DocxParagraph } from "./testing/zip";
import { hasTool } from "./testing/tools";

let t: TestDb;
let actors: DemoActors;
let odpm: { id: string; slug: string };
let council = "";
const work = mkdtempSync(path.join(tmpdir(), "letterhead-test-"));
const POPPLER = hasTool("pdftotext") && hasTool("pdfinfo");

const BRANDING = {
  councilName: "Breckland Council",
  postalAddress: "Elizabeth House\nWalpole Loke\nDereham NR19 1EE",
  contactName: "Jane Fisher",
  contactEmail: "jane.fisher@council.example",
  contactPhone: "01362 656 870",
  signatoryName: "Rob Walker",
  signatoryTitle: "Chief Executive",
  letterTemplate: "Dear {{asked_by}},\n\nOur response to {{consultation_title}} is enclosed, dated {{date}}.\n\nContact {{contact_officer}}.\n\n{{signatory_name}}, {{signatory_title}}",
};

const brandingInput = (over: Record<string, string> = {}) => brandingSchema.parse({ organisationId: council, ...BRANDING, ...over });

beforeAll(async () => {
  const setup = await odpmSetup();
  t = setup.t;
  actors = setup.actors;
  odpm = setup.odpm;
  council = actors.officer.memberships.find((m) => m.role === "officer")!.organisationId;
  await saveBranding(t.db, brandingInput(), testPng(), actors.admin);
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Word: real headings, no gaps

async function docxOf(kind: DocumentKind) {
  const file = await renderDocument(t.db, odpm.id, kind, "docx", actors.officer);
  const entries = readZipEntries(file.body as Buffer);
  return { entries, paragraphs: docxParagraphs(entries.get("word/document.xml")!.toString("utf8")) };
}

const levelOf = (p: DocxParagraph) => (p.style && /^Heading([1-6])$/.exec(p.style) ? Number(p.style.slice(7)) : null);

/** The outline as Word's navigation pane shows it: starts at Heading 1 and never skips a level. */
function expectOutlineWithoutGaps(paragraphs: DocxParagraph[]) {
  const levels = paragraphs.map(levelOf).filter((l): l is number => l !== null);
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level, `heading ${i} (“${paragraphs.filter((p) => levelOf(p) !== null)[i]!.text}”) after level ${levels[i - 1]}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });
  return levels;
}

describe("Word documents: every question is a heading, and levels have no gaps", () => {
  it.each(["council-response", "covering-letter", "collated-report"] as const)("%s", async (kind) => {
    const { paragraphs } = await docxOf(kind);
    expectOutlineWithoutGaps(paragraphs);
    const questions = paragraphs.filter((p) => /^\d+: /.test(p.text));
    expect(questions).toHaveLength(35);
    for (const q of questions) expect(levelOf(q), q.text).not.toBeNull();
    // A question under a sub-heading is one level below it.
    const sub = paragraphs.findIndex((p) => p.text === "LSPs, Sustainable Community Strategies and LAAs");
    expect(levelOf(paragraphs[sub + 1]!)).toBe(levelOf(paragraphs[sub]!)! + 1);
  });

  it("a partner's own response too", async () => {
    const doc = await loadPartnerResponse(t.db, { slug: odpm.slug }, actors.cvs);
    const entries = readZipEntries(await partnerResponseDocx(doc));
    const paragraphs = docxParagraphs(entries.get("word/document.xml")!.toString("utf8"));
    expectOutlineWithoutGaps(paragraphs);
    expect(paragraphs.filter((p) => /^\d+: /.test(p.text)).every((p) => levelOf(p) !== null)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The covering letter

describe("the covering letter", () => {
  it("DOCX: letterhead with the logo, date, addressee, the template filled in, the signatory and job title, then the annex", async () => {
    const { entries, paragraphs } = await docxOf("covering-letter");
    const media = [...entries.keys()].filter((k) => k.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    expect(entries.get(media[0]!)!.subarray(0, 8)).toEqual(testPng().subarray(0, 8));
    const text = paragraphs.map((p) => p.text);
    expect(text).toContain("Breckland Council");
    expect(text).toContain("Elizabeth House\nWalpole Loke\nDereham NR19 1EE");
    expect(text).toContain("Office of the Deputy Prime Minister (ODPM)");
    expect(text).toContain("Dear Office of the Deputy Prime Minister (ODPM),");
    expect(text.some((p) => /^Our response to Local Strategic Partnerships: Shaping their Future is enclosed, dated \d{1,2} \w+ \d{4}\.$/.test(p))).toBe(true);
    expect(text).toContain("Contact Jane Fisher (jane.fisher@council.example, 01362 656 870).");
    // Not signed off: the council's signatory signs.
    expect(text).toContain("Rob Walker, Chief Executive");
    expect(text).toContain("Rob Walker");
    expect(text).toContain("Chief Executive");
    const annex = paragraphs.findIndex((p) => p.text === "Annex: Draft responses to key questions");
    expect(levelOf(paragraphs[annex]!)).toBe(1);
    expect(paragraphs.findIndex((p) => p.text.startsWith("1: "))).toBeGreaterThan(annex);
    const xml = entries.get("word/document.xml")!.toString("utf8");
    expect(xml).toMatch(/<w:pageBreakBefore\/>[\s\S]*Annex: Draft responses/);
  });

  it("HTML carries the logo inside itself (a data: URL) and no other image or script", async () => {
    const html = (await renderDocument(t.db, odpm.id, "covering-letter", "html", actors.officer)).body as string;
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(images[0]).toContain('alt="Breckland Council logo"');
    expect(html).not.toMatch(/<(script|link|iframe)\b/);
    expect(html).toContain("Elizabeth House<br>Walpole Loke");
  });

  it("is refused to partners, as the council's answers are", async () => {
    await expect(renderDocument(t.db, odpm.id, "covering-letter", "docx", actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

// ---------------------------------------------------------------------------------------------
// PDF: no question at the foot of a page without its answer

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const file = path.join(work, `check-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  const raw = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
  return raw.split("\f").filter((p) => p.trim());
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const firstWords = (s: string, n: number) => squash(s.replace(/\r\n/g, "\n").trim().split(/\n\s*\n/)[0]!).split(" ").slice(0, n).join(" ");

/**
 * Each question's heading is whole on one page, and the first words of its answer follow it
 * on that same page; and no page's last line of text is (part of) a question heading.
 */
function expectQuestionsKeptWithAnswers(pages: string[], pairs: { number: string; question: string; answer: string }[]) {
  const flat = pages.map(squash);
  const pageLines = pages.map((p) => p.split("\n").map((l) => l.trim()).filter((l) => l && !/^Page \d+ of \d+$/.test(l)));
  let checkedBreaks = 0;
  for (const q of pairs) {
    const heading = squash(`${q.number}: ${q.question}`);
    const page = flat.findIndex((p) => p.includes(heading));
    expect(page, `question ${q.number}'s heading is whole on one page`).toBeGreaterThanOrEqual(0);
    const answer = `A: ${q.answer.trim() ? firstWords(q.answer, 6) : "No answer has been drafted."}`;
    expect(flat[page]!.indexOf(answer, flat[page]!.indexOf(heading)), `question ${q.number}'s answer starts on its page`).toBeGreaterThan(0);
  }
  for (const lines of pageLines.slice(0, -1)) {
    const last = lines[lines.length - 1]!;
    checkedBreaks++;
    for (const q of pairs) expect(squash(`${q.number}: ${q.question}`).includes(last) && last.length > 3, `page ends with “${last}”, part of question ${q.number}`).toBe(false);
  }
  expect(checkedBreaks).toBeGreaterThanOrEqual(4);
}

describe.runIf(POPPLER)("PDF page breaks", () => {
  it.each(["council-response", "covering-letter"] as const)("%s: no question is split from its answer's first lines", async (kind) => {
    const doc = await loadCouncilResponse(t.db, odpm.id, actors.officer);
    const pairs = doc.chapters.flatMap((c) => c.groups.flatMap((g) => g.questions));
    expect(pairs).toHaveLength(35);
    const pdf = (await renderDocument(t.db, odpm.id, kind, "pdf", actors.officer)).body as Buffer;
    expectQuestionsKeptWithAnswers(await pdfPages(pdf), pairs);
  }, 60_000);

  it("a partner's own response", async () => {
    const doc = await loadPartnerResponse(t.db, { slug: odpm.slug }, actors.cvs);
    const pairs = doc.chapters.flatMap((c) => c.groups.flatMap((g) => g.questions));
    const pages = await pdfPages(await htmlToPdf(partnerResponseHtml(doc)));
    for (const q of pairs) expect(pages.findIndex((p) => squash(p).includes(squash(`${q.number}: ${q.question}`)))).toBeGreaterThanOrEqual(0);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The letterhead form's rules

describe("the letterhead an administrator sets", () => {
  const refusal = async (bytes: Uint8Array) => {
    const e = await saveBranding(t.db, brandingInput(), bytes, actors.admin).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(InvalidError);
    return (e as InvalidError).fieldErrors.logo;
  };

  it("refuses an SVG, a GIF and anything else that is not PNG or JPEG by its bytes, whatever it is called", async () => {
    expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe(LOGO_ERRORS.type);
    expect(await refusal(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"))).toBe(LOGO_ERRORS.type);
    expect(await refusal(Buffer.from("<html><script>alert(1)</script>"))).toBe(LOGO_ERRORS.type);
    expect(LOGO_ERRORS.type).toBe("The logo must be a PNG or JPEG image");
  });

  it("refuses a logo over 1 MB", async () => {
    const big = Buffer.concat([testPng(), Buffer.alloc(MAX_LOGO_BYTES)]);
    expect(await refusal(big)).toBe("The logo must be 1 MB or smaller");
  });

  it("accepts a JPEG and serves it with its own type", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    await saveBranding(t.db, brandingInput(), jpeg, actors.admin);
    expect((await getLogo(t.db, council)).type).toBe("image/jpeg");
    await saveBranding(t.db, brandingInput(), testPng(), actors.admin);
    const logo = await getLogo(t.db, council);
    expect(logo.type).toBe("image/png");
    expect(logo.bytes.equals(testPng())).toBe(true);
  });

  it("keeps the logo when none is chosen, and removes it when asked", async () => {
    await saveBranding(t.db, brandingInput(), null, actors.admin);
    expect((await getLogo(t.db, council)).type).toBe("image/png");
    await saveBranding(t.db, brandingInput({ removeLogo: "yes" }), null, actors.admin);
    await expect(getLogo(t.db, council)).rejects.toBeInstanceOf(NotFoundError);
    await saveBranding(t.db, brandingInput(), testPng(), actors.admin);
  });

  it("refuses a template with a placeholder that does not exist, naming it", () => {
    const parsed = brandingSchema.safeParse({ organisationId: council, ...BRANDING, letterTemplate: "Dear {{asked_by}}, re {{consultaton_title}} and {{ nope }}" });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === "letterTemplate")!;
    expect(issue.message).toMatch(/^\{\{consultaton_title\}\}, \{\{nope\}\} are not placeholders\. Use only \{\{consultation_title\}\}/);
  });

  it("refuses a contact email that is not an address", () => {
    const parsed = brandingSchema.safeParse({ organisationId: council, ...BRANDING, contactEmail: "jane at council" });
    expect(parsed.error!.issues.find((i) => i.path[0] === "contactEmail")!.message).toBe("Enter an email address in the correct format, like name@example.com");
  });

  it("is for administrators only, and for councils only", async () => {
    await expect(saveBranding(t.db, brandingInput(), null, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
    const partnerOrg = actors.partner.memberships.find((m) => m.role === "partner")!.organisationId;
    await expect(saveBranding(t.db, brandingSchema.parse({ organisationId: partnerOrg, ...BRANDING }), null, actors.admin)).rejects.toBeInstanceOf(NotFoundError);
  });
});

// ---------------------------------------------------------------------------------------------
// A partner's own response

describe("a partner's own submitted response", () => {
  it("is its organisation's, with its reference, for that organisation's people", async () => {
    const doc = await loadPartnerResponse(t.db, { slug: odpm.slug }, actors.cvs);
    expect(doc.organisationName).toBe("Chorley Council for Voluntary Service");
    expect(doc.reference).toBeTruthy();
    const html = partnerResponseHtml(doc);
    expect(html).toContain("Chorley Council for Voluntary Service");
    expect(html).toMatch(/<h[23] class="q">/);
  });

  it("is refused to another organisation's partner asking for it by name, and to council staff", async () => {
    const cvsOrg = actors.cvs.memberships.find((m) => m.role === "partner")!.organisationId;
    await expect(loadPartnerResponse(t.db, { slug: odpm.slug, organisationId: cvsOrg }, actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(loadPartnerResponse(t.db, { slug: odpm.slug }, actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(loadPartnerResponse(t.db, { slug: odpm.slug }, actors.officer)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

// ---------------------------------------------------------------------------------------------
// Receipts

describe("receipts", () => {
  async function submitFresh(title: string) {
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title,
      kind: "questionnaire",
      opensOn: "@-1d",
      closesOn: "@+30d",
      chapters: [{ title: "One", questions: [{ number: "1", type: "short_text", text: "Anything to add?" }] }],
    });
    const c = await importQuestionSet(t.db, set, actors.officer);
    await publishConsultation(t.db, c.id, null);
    return c.id;
  }
  async function submit(consultationId: string) {
    const snapshot = (await loadPublishedSnapshot(t.db, consultationId))!;
    const partnerOrg = actors.partner.memberships.find((m) => m.role === "partner")!.organisationId;
    await saveAndSubmitResponse(
      t.db,
      { consultationId, organisationId: partnerOrg, statesAnswers: true, answers: [{ questionId: snapshot.questions[0]!.id, value: "Nothing." }] },
      actors.partner,
      () => undefined,
    );
    const [receipt] = await t.db.select().from(outbox).where(eq(outbox.consultationId, consultationId)).orderBy(desc(outbox.createdAt));
    return receipt!;
  }

  it("name the council's contact officer and reply to them when the consultation names none", async () => {
    const receipt = await submit(await submitFresh("Receipt test: the council's contact"));
    expect(receipt.kind).toBe("receipt");
    expect(receipt.replyTo).toBe("jane.fisher@council.example");
    expect(receipt.text).toContain("Contact officer: Jane Fisher (jane.fisher@council.example)");
    expect(receipt.text).toContain("replying to this email reaches them");
  });

  it("name the consultation's own contact officer and reply to them when it has one", async () => {
    const id = await submitFresh("Receipt test: the consultation's contact");
    await t.db.update(consultations).set({ contactOfficerName: "Amir Khan", contactOfficerEmail: "amir.khan@council.example" }).where(eq(consultations.id, id));
    const receipt = await submit(id);
    expect(receipt.replyTo).toBe("amir.khan@council.example");
    expect(receipt.text).toContain("Contact officer: Amir Khan (amir.khan@council.example)");
  });

  it("the council's name on the letterhead falls back to the organisation's", async () => {
    const [org] = await t.db.select().from(organisations).where(eq(organisations.id, council));
    await saveBranding(t.db, brandingInput({ councilName: "" }), null, actors.admin);
    const html = (await renderDocument(t.db, odpm.id, "covering-letter", "html", actors.officer)).body as string;
    expect(html).toContain(`<p class="council">${org!.name}</p>`);
    await saveBranding(t.db, brandingInput(), null, actors.admin);
  });
});

// Signed off: the approver signs the letter (last, as it locks the answers).
describe("once signed off", () => {
  it("the letter is signed by the person who approved it, with the signatory's job title", async () => {
    await sendForReview(t.db, { consultationId: odpm.id }, actors.officer);
    await decideSignOff(t.db, { consultationId: odpm.id, decision: "approved", note: "", expectedHash: undefined }, actors.signatory);
    const { paragraphs } = await docxOf("covering-letter");
    const text = paragraphs.map((p) => p.text);
    expect(text).toContain(actors.signatory.name!);
    expect(text).toContain("Chief Executive");
    expect(text).toContain("Annex: Responses to key questions");
  });
});

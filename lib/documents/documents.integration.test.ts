// Draft documents on PGlite or Postgres (DATABASE_URL): the demo document's versions, adding
// and publishing a document, stage windows, organisation scoping, concurrent comment edits,
// submitting with a receipt, and the council's answers.
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, documentCommentResponses, documentComments, documentParagraphs, documents, documentVersions, notifications, outbox, stages } from "../../db/schema";
import { odpmSetup } from "../collation/testing";
import { findUserByEmail, loadActor } from "../auth/actor";
import type { Actor } from "../auth/policy";
import { ConflictError, ForbiddenError, InvalidError, LockedError, NotFoundError } from "../errors";
import { createDocument, deleteComment, publishVersion, respondToComment, saveComment, saveVersionText, startNextVersion, submitComments } from "./commands";
import { commentCounts, commentingOrganisations, commentingOrganisationsOf, commentTotals, getCommentsOverview, decodeCommentCursor, getDocumentManagePage, getDocumentVersion, getDocumentView, listComments, listCommentsPage, listOwnComments, paragraphsById } from "./queries";
import { saveCommentSchema } from "./schemas";

let s: Awaited<ReturnType<typeof odpmSetup>>;
let partner2: Actor;
let health: Actor;
let leics: typeof consultations.$inferSelect;
let docId: string;
const db = () => s.t.db;
const police = () => s.actors.partner.memberships[0]!.organisationId;
const healthOrg = () => health.memberships[0]!.organisationId;

beforeAll(async () => {
  s = await odpmSetup();
  partner2 = (await loadActor(db(), (await findUserByEmail(db(), "david.brown@police.example"))!.id))!;
  health = (await loadActor(db(), (await findUserByEmail(db(), "grace.okafor@health.example"))!.id))!;
  [leics] = await db().select().from(consultations).where(eq(consultations.slug, "leicestershire-scs-laa"));
  const [d] = await db().select().from(documents).where(eq(documents.consultationId, leics!.id));
  docId = d!.id;
}, 120_000);
afterAll(async () => s?.t.close());

async function paragraph(number: string, version = 2) {
  const [row] = await db()
    .select({ p: documentParagraphs })
    .from(documentParagraphs)
    .innerJoin(documentVersions, eq(documentVersions.id, documentParagraphs.versionId))
    .where(and(eq(documentVersions.documentId, docId), eq(documentVersions.version, version), eq(documentParagraphs.number, number)));
  return row!.p;
}

function comment(actor: Actor, input: Partial<Record<string, string | number>> & { paragraphId: string }, organisationId = police(), now?: Date) {
  const parsed = saveCommentSchema.parse({ documentId: docId, organisationId, stance: "comment", text: "A comment.", ...input });
  return saveComment(db(), parsed, actor, now);
}

describe("the demo document", () => {
  it("lists its versions without their text, and each version's submitted comments in one count, as commentCounts adds them up", async () => {
    const full = await getDocumentView(db(), { documentId: docId }, s.actors.officer);
    const lean = await getDocumentManagePage(db(), { consultationId: leics!.id, documentId: docId }, s.actors.officer);
    expect(lean.versions).toEqual(full.versions);
    expect([lean.document.id, lean.consultation.id, lean.latest.id, lean.draft]).toEqual([docId, leics!.id, full.versions.at(-1)!.id, null]);
    expect(lean.stages.map((x) => x.id)).toContain(full.version.stageId);
    expect(lean.totals).toEqual(await commentTotals(db(), docId, s.actors.officer));
    // Only under its own consultation, and only for those who manage it.
    await expect(getDocumentManagePage(db(), { consultationId: full.version.id, documentId: docId }, s.actors.officer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDocumentManagePage(db(), { consultationId: leics!.id, documentId: docId }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const totals = await commentTotals(db(), docId, s.actors.officer);
    for (const v of full.versions) {
      const counts = await commentCounts(db(), v.id, s.actors.officer);
      expect(totals.get(v.id) ?? 0).toBe([...counts.values()].reduce((n, c) => n + c.total, 0));
    }
    expect(totals.get(full.versions[0]!.id)).toBe(4);
    await expect(commentTotals(db(), docId, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // One version without its text (the comments page), as getDocumentView chooses it; some of its paragraphs in order.
    for (const version of [null, 1]) {
      const chosen = await getDocumentVersion(db(), { documentId: docId, version }, null);
      const view = await getDocumentView(db(), { documentId: docId, version }, null);
      expect(chosen.version).toEqual(view.version);
      expect(chosen.versions).toEqual(view.versions);
      const some = [view.paragraphs[3]!, view.paragraphs[0]!, view.paragraphs[3]!];
      expect(await paragraphsById(db(), view.version.id, [...some.map((p) => p.id), "not-an-id"])).toEqual([view.paragraphs[0], view.paragraphs[3]]);
    }
    await expect(getDocumentVersion(db(), { documentId: docId, version: 9 }, null)).rejects.toBeInstanceOf(NotFoundError);
    expect(await paragraphsById(db(), full.versions[0]!.id, [full.paragraphs[0]!.id])).toEqual([]);
  });

  it("gives the officer's comments page its list, its paragraphs' counts and the organisations in one overview, as the separate reads give them", async () => {
    const chosen = await getDocumentVersion(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const v1 = chosen.version;
    const all = await commentCounts(db(), v1.id, s.actors.officer);
    const whole = await getCommentsOverview(db(), chosen, {}, s.actors.officer);
    expect(whole.items.map((k) => k.id)).toEqual((await listCommentsPage(db(), { versionId: v1.id }, s.actors.officer)).items.map((k) => k.id));
    expect(whole.counts).toEqual(all);
    expect(whole.organisations).toEqual(await commentingOrganisationsOf(db(), v1.id, s.actors.officer));
    expect(whole.total).toBe([...all.values()].reduce((n, c) => n + c.total, 0));
    expect(whole.unanswered).toBe([...all.values()].reduce((n, c) => n + c.unanswered, 0));
    // The paragraphs of the comments on the page, in the version's order (none for a list by organisation).
    expect(whole.paragraph).toBeNull();
    expect(whole.paragraphs).toEqual(await paragraphsById(db(), v1.id, whole.items.map((k) => k.paragraphId)));
    expect(whole.paragraphs.length).toBeGreaterThan(1);
    expect((await getCommentsOverview(db(), chosen, { by: "organisation" }, s.actors.officer)).paragraphs).toEqual([]);
    // One paragraph's page: its comments, its counts, and its totals and organisations only.
    const [p] = [...all.entries()].sort((a, b) => b[1].total - a[1].total)[0]!;
    const one = await getCommentsOverview(db(), chosen, { paragraph: p }, s.actors.officer);
    expect(one.paragraph?.id).toBe(p);
    expect(one.paragraphs).toEqual([one.paragraph]);
    expect(one.items.every((k) => k.paragraphId === p)).toBe(true);
    expect(one.items).toHaveLength(all.get(p)!.total);
    expect([...one.counts.entries()]).toEqual([[p, all.get(p)]]);
    expect([one.total, one.unanswered]).toEqual([all.get(p)!.total, all.get(p)!.unanswered]);
    expect(one.organisations.map((o) => o.id).sort()).toEqual([...new Set(one.items.map((k) => k.organisationId))].sort());
    expect(one.organisations.length).toBeLessThan(whole.organisations.length);
    const asPartner = await getDocumentVersion(db(), { documentId: docId, version: 1 }, s.actors.partner);
    await expect(getCommentsOverview(db(), asPartner, {}, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // Not a paragraph, not one at all, or another version's: not found.
    const v2 = await getDocumentView(db(), { documentId: docId, version: 2 }, s.actors.officer);
    for (const paragraph of ["1.1", v1.id, v2.paragraphs[0]!.id]) await expect(getCommentsOverview(db(), chosen, { paragraph }, s.actors.officer)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("has an evidence base at a closed stage with answered comments, and a first draft open now", async () => {
    const view = await getDocumentView(db(), { documentId: docId }, null);
    expect(view.versions.map((v) => [v.version, v.label, v.status])).toEqual([
      [1, "Evidence base", "published"],
      [2, "First draft", "published"],
    ]);
    expect(view.version.version).toBe(2);
    expect(view.window).toBe("open");
    const evidence = await getDocumentView(db(), { documentId: docId, version: 1 }, null);
    expect(evidence.window).toBe("closed");
    const answered = await listComments(db(), { versionId: evidence.version.id }, s.actors.officer);
    expect(answered).toHaveLength(4);
    expect(answered.every((c) => c.response && c.outcome)).toBe(true);
  });

  it("carries each paragraph's anchor from the evidence base into the first draft", async () => {
    expect((await paragraph("3.3", 2)).anchor).toBe((await paragraph("3.3", 1)).anchor);
    // Edited, but still the same paragraph.
    expect((await paragraph("5.1", 2)).anchor).toBe((await paragraph("5.1", 1)).anchor);
    // New in the first draft.
    const v1 = await getDocumentView(db(), { documentId: docId, version: 1 }, null);
    expect(v1.paragraphs.map((p) => p.anchor)).not.toContain((await paragraph("4.3", 2)).anchor);
  });
});

describe("adding and publishing a document", () => {
  it("splits pasted text, refuses a stale save with both texts, publishes and starts the next version as an edit", async () => {
    const [stage] = await db().select().from(stages).where(eq(stages.consultationId, leics.id)).orderBy(stages.position).limit(1);
    const created = await createDocument(
      db(),
      { consultationId: leics.id, title: `People and themes ${Date.now()}`, summary: "", stageId: stage!.id, label: "Evidence base", openToAll: false, text: "Introduction\n\n1. First paragraph.\n2. Second paragraph.\n - a. A list item." },
      s.actors.officer,
    );
    expect(created.version.sourceText).toBe("## Introduction\n\n1 First paragraph.\n\n2 Second paragraph.\n\n2.a A list item.\n");
    const saved = await saveVersionText(db(), { versionId: created.version.id, text: `${created.version.sourceText}\n3 Third paragraph.`, baseEditVersion: 1 }, s.actors.officer);
    expect(saved.version.editVersion).toBe(2);
    const stale = await saveVersionText(db(), { versionId: created.version.id, text: "1 Something else.", baseEditVersion: 1 }, s.actors.officer2).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError<{ text: string }>).current.text).toContain("3 Third paragraph.");
    await expect(saveVersionText(db(), { versionId: created.version.id, text: "1 x", baseEditVersion: 2 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);

    const published = await publishVersion(db(), { versionId: created.version.id }, s.actors.officer);
    expect(published.paragraphs).toBe(4);
    await expect(saveVersionText(db(), { versionId: created.version.id, text: "1 x", baseEditVersion: 2 }, s.actors.officer)).rejects.toBeInstanceOf(LockedError);

    const next = await startNextVersion(db(), { documentId: created.document.id, stageId: stage!.id, label: "First draft" }, s.actors.officer);
    expect(next.version).toBe(2);
    expect(next.sourceText).toBe(saved.version.sourceText);
    // The officer's page: the newest version is the draft, with its text to edit; the published one without.
    const page = await getDocumentManagePage(db(), { consultationId: leics.id, documentId: created.document.id }, s.actors.officer);
    expect(page.versions.map((v) => [v.version, v.status])).toEqual([[1, "published"], [2, "draft"]]);
    expect([page.latest.id, page.draft?.id, page.draft?.sourceText, page.draft?.updatedAt]).toEqual([next.id, next.id, next.sourceText, next.updatedAt]);
    await expect(startNextVersion(db(), { documentId: created.document.id, stageId: stage!.id, label: "Again" }, s.actors.officer)).rejects.toBeInstanceOf(InvalidError);
    await saveVersionText(db(), { versionId: next.id, text: "## Introduction\n\n1 A new opening.\n\n2 First paragraph.\n\n3 Second paragraph, edited.\n", baseEditVersion: 1 }, s.actors.officer);
    await publishVersion(db(), { versionId: next.id }, s.actors.officer);
    const v1 = await getDocumentView(db(), { documentId: created.document.id, version: 1 }, s.actors.officer);
    const v2 = await getDocumentView(db(), { documentId: created.document.id, version: 2 }, s.actors.officer);
    const anchorOf = (v: typeof v1, text: string) => v.paragraphs.find((p) => p.text.startsWith(text))!.anchor;
    expect(anchorOf(v2, "First paragraph")).toBe(anchorOf(v1, "First paragraph"));
    expect(anchorOf(v2, "Second paragraph")).toBe(anchorOf(v1, "Second paragraph"));
    expect(v1.paragraphs.map((p) => p.anchor)).not.toContain(anchorOf(v2, "A new opening"));
  });
});

describe("stage windows", () => {
  it("takes comments while the stage is open and refuses them before and after", async () => {
    const p = await paragraph("4.2");
    const [stage5] = await db().select().from(stages).where(and(eq(stages.consultationId, leics.id), eq(stages.position, 4)));
    const after = new Date(`${stage5!.dueOn}T23:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 2);
    await expect(comment(s.actors.partner, { paragraphId: p.id }, police(), after)).rejects.toBeInstanceOf(LockedError);
    const before = new Date(`${stage5!.startsOn}T12:00:00Z`);
    before.setUTCDate(before.getUTCDate() - 2);
    await expect(comment(s.actors.partner, { paragraphId: p.id }, police(), before)).rejects.toThrow(/open on/);
    const ok = await comment(s.actors.partner, { paragraphId: p.id, text: "Inside the window." });
    expect(ok.created).toBe(true);
    await deleteComment(db(), { documentId: docId, organisationId: police(), commentId: ok.comment.id }, s.actors.partner);
  });

  it("refuses a comment on a paragraph of the closed evidence base", async () => {
    const old = await paragraph("3.2", 1);
    await expect(comment(s.actors.partner, { paragraphId: old.id })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("organisation scoping", () => {
  it("lets a partner comment only for their own invited organisation and read only its comments", async () => {
    const p = await paragraph("4.4");
    await expect(comment(s.actors.partner, { paragraphId: p.id }, healthOrg())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(comment(s.actors.officer, { paragraphId: p.id }, police())).rejects.toBeInstanceOf(ForbiddenError);
    const mine = await comment(health, { paragraphId: p.id, text: "Health's own draft." }, healthOrg());
    const view = await getDocumentView(db(), { documentId: docId }, s.actors.partner);
    const own = await listOwnComments(db(), { versionId: view.version.id, organisationId: police(), consultationOwnerOrganisationId: leics.ownerOrganisationId }, s.actors.partner);
    expect(own.map((c) => c.id)).not.toContain(mine.comment.id);
    await expect(listOwnComments(db(), { versionId: view.version.id, organisationId: healthOrg(), consultationOwnerOrganisationId: leics.ownerOrganisationId }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listComments(db(), { versionId: view.version.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // Editing another organisation's comment by its id finds nothing.
    await expect(comment(s.actors.partner, { paragraphId: p.id, commentId: mine.comment.id, baseEditVersion: 1 })).rejects.toThrow(/not found/);
  });

  it("offers only organisations invited to the consultation, unless the document is open to all", async () => {
    const [d] = await db().select().from(documents).where(eq(documents.id, docId));
    expect(await commentingOrganisations(db(), d!, s.actors.partner)).toEqual([{ id: police(), name: "Lancashire Constabulary" }]);
    expect(await commentingOrganisations(db(), d!, s.actors.officer)).toEqual([]);
  });
});

describe("colleagues editing their organisation's comments", () => {
  it("refuses a save over a colleague's newer save and keeps both versions", async () => {
    const p = await paragraph("4.3");
    const first = await comment(s.actors.partner, { paragraphId: p.id, text: "Sarah's first words.", stance: "support" });
    const theirs = await comment(partner2, { paragraphId: p.id, commentId: first.comment.id, baseEditVersion: 1, text: "David's rewrite.", stance: "support" });
    expect(theirs.comment.editVersion).toBe(2);
    const stale = await comment(s.actors.partner, { paragraphId: p.id, commentId: first.comment.id, baseEditVersion: 1, text: "Sarah's second thoughts.", stance: "object" }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.current).toMatchObject({ text: "David's rewrite.", updatedByName: "David Brown", editVersion: 2 });
    expect(stale.attempted).toMatchObject({ text: "Sarah's second thoughts.", stance: "object" });
    const [stored] = await db().select().from(documentComments).where(eq(documentComments.id, first.comment.id));
    expect(stored!.text).toBe("David's rewrite.");
    // Saving again from the version now shown succeeds.
    const again = await comment(s.actors.partner, { paragraphId: p.id, commentId: first.comment.id, baseEditVersion: 2, text: "Agreed wording.", stance: "support" });
    expect(again.comment.editVersion).toBe(3);
  });

  it("runs two simultaneous saves from the same version: exactly one wins", async () => {
    const p = await paragraph("4.1");
    const k = await comment(s.actors.partner, { paragraphId: p.id, text: "Start." });
    const results = await Promise.allSettled([
      comment(s.actors.partner, { paragraphId: p.id, commentId: k.comment.id, baseEditVersion: 1, text: "From Sarah." }),
      comment(partner2, { paragraphId: p.id, commentId: k.comment.id, baseEditVersion: 1, text: "From David." }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
  });
});

describe("submitting and answering", () => {
  it("submits the organisation's comments with a reference and an emailed receipt listing each paragraph, then locks them", async () => {
    const p = await paragraph("5.1");
    const k = await comment(s.actors.partner, { paragraphId: p.id, stance: "support", text: "We welcome the six months notice.", quote: "at least six months notice", proposedChange: "" });
    const done = await submitComments(db(), { documentId: docId, organisationId: police() }, s.actors.partner);
    expect(done.count).toBeGreaterThanOrEqual(1);
    expect(done.representation.reference).toMatch(/^[A-Z0-9]+-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const [mail] = await db().select().from(outbox).where(like(outbox.subject, `%${done.representation.reference}%`));
    expect(mail!.to).toBe("sarah.lee@police.example");
    expect(mail!.text).toContain("Paragraph 5.1 (Support): We welcome the six months notice.");
    await expect(comment(s.actors.partner, { paragraphId: p.id, commentId: k.comment.id, baseEditVersion: 1 })).rejects.toBeInstanceOf(LockedError);
    await expect(submitComments(db(), { documentId: docId, organisationId: police() }, s.actors.partner)).rejects.toBeInstanceOf(InvalidError);
    // Officers are told in the daily digest, not one notification per submission.
    const told = await db().select().from(notifications).where(and(eq(notifications.kind, "document_comments_submitted"), eq(notifications.userId, s.actors.officer.id)));
    expect(told).toEqual([]);

    const view = await getDocumentView(db(), { documentId: docId }, s.actors.officer);
    const objections = await listComments(db(), { versionId: view.version.id, stance: "support", organisationId: police() }, s.actors.officer);
    expect(objections.map((c) => c.id)).toContain(k.comment.id);
    expect(await listComments(db(), { versionId: view.version.id, q: "six months notice" }, s.actors.officer)).toHaveLength(1);
    // Health's draft is not shown to officers until submitted.
    expect((await listComments(db(), { versionId: view.version.id }, s.actors.officer)).some((c) => c.organisationId === healthOrg())).toBe(false);
    const counts = await commentCounts(db(), view.version.id, s.actors.officer);
    expect(counts.get(p.id)).toMatchObject({ support: 1, unanswered: 1 });

    await expect(respondToComment(db(), { commentId: k.comment.id, response: "Thank you.", outcome: "noted", baseEditVersion: 0 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await respondToComment(db(), { commentId: k.comment.id, response: "Thank you.", outcome: "noted", baseEditVersion: 0 }, s.actors.officer);
    // The person who submitted it is told, once per comment.
    const answeredNote = await db().select().from(notifications).where(and(eq(notifications.kind, "document_comment_answered"), eq(notifications.userId, s.actors.partner.id)));
    expect(answeredNote).toHaveLength(1);
    expect(answeredNote[0]!.title).toBe("The council answered your organisation's comment on paragraph 5.1 of Sustainable Community Strategy for Leicestershire");
    expect(answeredNote[0]!.path).toBe(`/documents/${docId}/comments?version=2`);
    const stale = await respondToComment(db(), { commentId: k.comment.id, response: "Other words.", outcome: "changed", baseEditVersion: 0 }, s.actors.officer2).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await commentCounts(db(), view.version.id, s.actors.officer)).get(p.id)).toMatchObject({ unanswered: 0 });
    // Grouped under a main issue, named again in other words of case: the same issue.
    const [answered] = await listComments(db(), { versionId: view.version.id, commentId: k.comment.id }, s.actors.officer);
    await respondToComment(db(), { commentId: k.comment.id, response: "Thank you.", outcome: "noted", baseEditVersion: answered!.responseEditVersion!, issueTitle: "Notice for funded projects" }, s.actors.officer);
    const evidence = await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const [other] = await listComments(db(), { versionId: evidence.version.id, stance: "object", q: "voluntary" }, s.actors.officer);
    await respondToComment(db(), { commentId: other!.id, response: other!.response!, outcome: other!.outcome!, baseEditVersion: other!.responseEditVersion!, issueTitle: "notice for funded projects" }, s.actors.officer);
    const grouped = await listComments(db(), { versionId: view.version.id, commentId: k.comment.id }, s.actors.officer);
    expect(grouped[0]!.issueTitle).toBe("Notice for funded projects");
    // Issues belong to a version: the evidence base's comment gets its own.
    const [otherAfter] = await listComments(db(), { versionId: evidence.version.id, commentId: other!.id }, s.actors.officer);
    expect(otherAfter!.issueTitle).toBe("notice for funded projects");
    expect(otherAfter!.issueId).not.toBe(grouped[0]!.issueId);
    const own = await listOwnComments(db(), { versionId: view.version.id, organisationId: police(), consultationOwnerOrganisationId: leics.ownerOrganisationId }, s.actors.partner);
    expect(own.find((c) => c.id === k.comment.id)).toMatchObject({ status: "submitted", response: "Thank you.", outcome: "noted", reference: done.representation.reference });
  });
});

describe("the consultation statement", () => {
  it("says who was invited, counts comments by organisation type and paragraph, and lists each answer", async () => {
    const { getConsultationStatement } = await import("./statement");
    const s1 = await getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.officer);
    expect(s1.invited.map((o) => [o.name, o.contacts])).toContainEqual(["Lancashire Constabulary", 2]);
    expect(s1.totals).toEqual({ comments: 4, organisations: 4, answered: 4 });
    expect(s1.outcomes).toEqual({ changed: 1, partly: 2, not_changed: 0, noted: 1 });
    expect(s1.byType.map((r) => [r.label, r.total])).toEqual([
      ["Health", 1],
      ["Parish council", 1],
      ["Police", 1],
      ["Voluntary sector", 1],
    ]);
    expect(s1.byParagraph.map((r) => r.label)).toEqual(["3.2", "4.2", "5.1", "6"]);
    expect(s1.issues).toEqual([{ title: "notice for funded projects", comments: 1, paragraphs: ["5.1"], organisations: ["Chorley Council for Voluntary Service"] }]);
    await expect(getConsultationStatement(db(), { documentId: docId, version: 1 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("paging the officers' comment list", () => {
  it("pages by keyset in the list's order, with no comment twice or missed, and ignores a tampered cursor", async () => {
    const evidence = await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const all = await listComments(db(), { versionId: evidence.version.id }, s.actors.officer);
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r = await listCommentsPage(db(), { versionId: evidence.version.id, after: decodeCommentCursor(after) }, s.actors.officer, 3);
      seen.push(...r.items.map((k) => k.id));
      after = r.next;
      if (!after) break;
    }
    expect(seen).toEqual(all.map((k) => k.id));
    expect(decodeCommentCursor("not-a-cursor")).toBeNull();
    expect(decodeCommentCursor(Buffer.from('[1,"x","nope","id"]').toString("base64url"))).toBeNull();
    await expect(listCommentsPage(db(), { versionId: evidence.version.id }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("reads a broad list paragraph by paragraph with the same rows, fields and order as the narrow filters' statement", async () => {
    for (const version of [1, 2]) {
      const view = await getDocumentView(db(), { documentId: docId, version }, s.actors.officer);
      const position = new Map(view.paragraphs.map((p, i) => [p.id, i]));
      // Unfiltered, or by stance or unanswered: paragraph by paragraph. By organisation: the general statement.
      const broad = await listComments(db(), { versionId: view.version.id }, s.actors.officer);
      const orgs = [...new Set(broad.map((k) => k.organisationId))];
      const narrow = (await Promise.all(orgs.map((organisationId) => listComments(db(), { versionId: view.version.id, organisationId }, s.actors.officer)))).flat();
      const key = (k: (typeof broad)[number]) => [position.get(k.paragraphId)!, k.organisationName, k.submittedAt!.getTime(), k.id] as const;
      narrow.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
        return 0;
      });
      expect(broad.length).toBeGreaterThan(0);
      expect(broad).toEqual(narrow);
      expect(broad.every((k) => k.submittedAt instanceof Date)).toBe(true);
      for (const stance of ["support", "object", "comment"] as const) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page++) {
          const r = await listCommentsPage(db(), { versionId: view.version.id, stance, after: decodeCommentCursor(after) }, s.actors.officer, 1);
          seen.push(...r.items.map((k) => k.id));
          after = r.next;
          if (!after) break;
        }
        expect(seen).toEqual(broad.filter((k) => k.stance === stance).map((k) => k.id));
      }
      const unanswered = await listComments(db(), { versionId: view.version.id, answered: "unanswered" }, s.actors.officer);
      expect(unanswered).toEqual(broad.filter((k) => !k.response));
    }
  });

  it("pages comments submitted within one millisecond (apart only in microseconds) with each exactly once", async () => {
    const evidence = await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer);
    const [model] = await db().select().from(documentComments).where(and(eq(documentComments.versionId, evidence.version.id), eq(documentComments.status, "submitted"))).limit(1);
    const { id: _id, search: _search, ...copy } = model!;
    const added = await db()
      .insert(documentComments)
      .values([1, 2, 3, 4, 5].map((i) => ({ ...copy, text: `Within the millisecond ${i}.` })))
      .returning({ id: documentComments.id });
    const ids = added.map((k) => k.id);
    try {
      // The same paragraph and organisation, 2026-01-05 10:00:00.123100 … .123140 (microseconds apart, one millisecond).
      for (const [i, id] of ids.entries()) await db().execute(sql`update document_comments set submitted_at = ${`2026-01-05 10:00:00.1231${i}0+00`}::timestamptz where id = ${id}::uuid`);
      // Paragraph by paragraph (every comment, or one stance) and by the general statement (one organisation).
      for (const filter of [{}, { stance: model!.stance }, { organisationId: model!.organisationId }]) {
        const all = (await listComments(db(), { versionId: evidence.version.id, ...filter }, s.actors.officer)).map((k) => k.id);
        expect(all).toEqual(expect.arrayContaining(ids));
        for (const size of [1, 2]) {
          const seen: string[] = [];
          let after: string | null = null;
          for (let page = 0; page < 30; page++) {
            const r = await listCommentsPage(db(), { versionId: evidence.version.id, ...filter, after: decodeCommentCursor(after) }, s.actors.officer, size);
            seen.push(...r.items.map((k) => k.id));
            after = r.next;
            if (!after) break;
          }
          expect(seen).toEqual(all);
        }
      }
    } finally {
      await db().delete(documentComments).where(inArray(documentComments.id, ids));
    }
  });
});

describe("two officers answering at once (parallel connections)", () => {
  it("answers a comment once: the other officer is told, both kept, never an error; and names a new main issue once", async () => {
    const evidence = await getDocumentView(db(), { documentId: docId, version: 1 }, s.actors.officer);
    // Up to six of the demo's comments, their answers taken away: not yet answered.
    const unanswered = (await listComments(db(), { versionId: evidence.version.id }, s.actors.officer)).slice(0, 6);
    expect(unanswered.length).toBeGreaterThanOrEqual(2);
    await db().delete(documentCommentResponses).where(inArray(documentCommentResponses.commentId, unanswered.map((k) => k.id)));
    for (const k of unanswered) {
      const answer = (officer: Actor, response: string) => respondToComment(db(), { commentId: k.id, response, outcome: "noted", baseEditVersion: 0 }, officer);
      const results = await Promise.allSettled([answer(s.actors.officer, "First officer's answer."), answer(s.actors.officer2, "Second officer's answer.")]);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused, k.id).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(ConflictError);
      const conflict = refused[0]!.reason as ConflictError<{ response: string }>;
      expect([conflict.current.response, conflict.attempted!.response].sort()).toEqual(["First officer's answer.", "Second officer's answer."]);
    }
    // Two comments answered at once under one new issue name: one issue, both grouped under it.
    const [a, b] = unanswered;
    const [ka] = await listComments(db(), { versionId: evidence.version.id, commentId: a!.id }, s.actors.officer);
    const [kb] = await listComments(db(), { versionId: evidence.version.id, commentId: b!.id }, s.actors.officer);
    await Promise.all([
      respondToComment(db(), { commentId: a!.id, response: "Grouped.", outcome: "noted", baseEditVersion: ka!.responseEditVersion!, issueTitle: "Funding for small groups" }, s.actors.officer),
      respondToComment(db(), { commentId: b!.id, response: "Grouped.", outcome: "noted", baseEditVersion: kb!.responseEditVersion!, issueTitle: "funding for small groups" }, s.actors.officer2),
    ]);
    const [ga] = await listComments(db(), { versionId: evidence.version.id, commentId: a!.id }, s.actors.officer);
    const [gb] = await listComments(db(), { versionId: evidence.version.id, commentId: b!.id }, s.actors.officer);
    expect(ga!.issueId).toBeTruthy();
    expect(gb!.issueId).toBe(ga!.issueId);
  });
});

// A second officer's review of tags, on PGlite or Postgres (DATABASE_URL): a seeded sample of
// answers another officer finished, coded blind; agreement per theme; disagreements resolved
// into the answer's tags and audited; denials; and two officers saving one item at once from
// separate connections, over many trials: one save wins, the other is told, nothing is lost.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { answerTags, auditLog, consultations, questions, tagReviewItems, tagReviews, themes } from "../../db/schema";
import { loadAnalysisDemo } from "../../db/seed/analysis-demo";
import { readQuestionSetFile } from "../../db/seed/load";
import { odpmSetup } from "../collation/testing";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { measureAgreement } from "./agreement";
import { readAnswerTags } from "./codeframe";
import { codeReviewItem, getTagReview, resolveReviewItem, startTagReview } from "./review";

let s: Awaited<ReturnType<typeof odpmSetup>>;
const db = () => s.t.db;
let consultationId: string;
let openId: string;

beforeAll(async () => {
  s = await odpmSetup();
  // The demo survey: its answers were tagged and marked analysed by the first officer (Jane).
  const c = await createConsultationFromQuestionSet(db(), readQuestionSetFile("town-centre-survey.json"), { ownerOrganisationId: s.odpm.ownerOrganisationId, actorId: s.actors.officer.id, slug: `town-centre-review-${Date.now()}` });
  await publishConsultation(db(), c.id, s.actors.officer.id);
  await loadAnalysisDemo(db(), { consultationId: c.id, officerId: s.actors.officer.id, today: new Date() });
  consultationId = c.id;
  const qs = await db().select().from(questions).where(eq(questions.consultationId, c.id));
  openId = qs.find((q) => q.type === "long_text")!.id;
}, 120_000);
afterAll(async () => {
  (globalThis as { __consultDb?: unknown }).__consultDb = undefined;
  await s?.t.close();
});

const second = () => s.actors.officer2;
const first = () => s.actors.officer;
const themeIdsOf = async () => (await db().select({ id: themes.id }).from(themes).where(eq(themes.questionId, openId))).map((t) => t.id).sort();

describe("starting a review", () => {
  it("samples answers another officer marked analysed, the same ones for the same seed, blind to the first coding", async () => {
    const a = await startTagReview(db(), { consultationId, questionId: openId, size: 12 }, second(), 7);
    const b = await startTagReview(db(), { consultationId, questionId: openId, size: 12 }, second(), 7);
    expect(a.size).toBe(12);
    const sample = async (id: string) => (await db().select().from(tagReviewItems).where(eq(tagReviewItems.reviewId, id)).orderBy(tagReviewItems.position)).map((i) => i.responseId);
    expect(await sample(a.id)).toEqual(await sample(b.id));
    const items = await db().select().from(tagReviewItems).where(eq(tagReviewItems.reviewId, a.id));
    expect(items.every((i) => i.firstCodedBy === first().id)).toBe(true);
    const view = await getTagReview(db(), { consultationId, questionId: openId, reviewId: a.id }, second());
    expect(view.isReviewer).toBe(true);
    expect(view.review!.items).toHaveLength(12);
    // Nothing of the first officer's coding is shown before the second has coded the answer.
    expect(view.review!.items.every((i) => i.firstThemeIds === null && i.secondThemeIds === null)).toBe(true);
    expect(view.review!.toCode).toEqual(view.review!.items);
    expect(view.review!.differing).toEqual([]);
    expect(view.agreement).toBeNull();
  });

  it("refuses the officer who coded every answer (nothing is left for them to review) and leaves no review behind", async () => {
    const before = (await db().select().from(tagReviews)).length;
    await expect(startTagReview(db(), { consultationId, questionId: openId, size: 10 }, first())).rejects.toBeInstanceOf(InvalidError);
    expect(await db().select().from(tagReviews)).toHaveLength(before);
  });

  it("refuses a sample size out of range at its field, and scrutiny, partners and other questions", async () => {
    await expect(startTagReview(db(), { consultationId, questionId: openId, size: 2 }, second())).rejects.toMatchObject({ fieldErrors: { size: expect.stringContaining("from 5 to 200") } });
    await expect(startTagReview(db(), { consultationId, questionId: openId, size: 10 }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(startTagReview(db(), { consultationId, questionId: openId, size: 10 }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(startTagReview(db(), { consultationId, questionId: s.q("1").id, size: 10 }, second())).rejects.toBeInstanceOf(NotFoundError);
    await expect(getTagReview(db(), { consultationId, questionId: openId }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    // Scrutiny reads the agreement but may not change anything.
    const seen = await getTagReview(db(), { consultationId, questionId: openId }, s.actors.scrutiny);
    expect(seen.canEdit).toBe(false);
  });
});

describe("coding, agreement and resolution", () => {
  it("measures agreement per theme, lists the disagreements, and a resolution becomes the answer's tags, audited", async () => {
    const themeIds = await themeIdsOf();
    const r = await startTagReview(db(), { consultationId, questionId: openId, size: 6 }, second(), 11);
    const items = await db().select().from(tagReviewItems).where(eq(tagReviewItems.reviewId, r.id)).orderBy(tagReviewItems.position);
    // The second officer agrees on the first three answers and picks a different theme for the rest.
    for (const [k, i] of items.entries()) {
      const other = themeIds.find((t) => !i.firstThemeIds.includes(t))!;
      const mine = k < 3 ? i.firstThemeIds : [other];
      const saved = await codeReviewItem(db(), { consultationId, reviewId: r.id, responseId: i.responseId, themeIds: mine, baseVersion: 1 }, second());
      expect(saved.version).toBe(2);
    }
    // The first officer may not code the second officer's sample.
    await expect(codeReviewItem(db(), { consultationId, reviewId: r.id, responseId: items[0]!.responseId, themeIds: [], baseVersion: 2 }, first())).rejects.toBeInstanceOf(ForbiddenError);
    const view = await getTagReview(db(), { consultationId, questionId: openId, reviewId: r.id }, first());
    expect(view.review!.coded).toBe(6);
    expect(view.review!.disagreements).toBe(3);
    expect(view.review!.toCode).toEqual([]);
    // The answers coded differently are the last three of the sample; they share no theme (the second officer chose one the first had not).
    expect(view.review!.differing.map((i) => i.responseId)).toEqual(items.slice(3).map((i) => i.responseId));
    // (A sampled answer may have had no theme from the first officer: the sample is random.)
    expect(view.review!.differing.map((i) => ({ first: i.firstThemeIds, second: i.secondThemeIds.length, shared: i.sharedThemeIds }))).toEqual(
      items.slice(3).map((i) => ({ first: i.firstThemeIds, second: 1, shared: [] })),
    );
    expect(view.agreement!.identical).toBe(3);
    const pairs = view.review!.items.map((i) => ({ first: i.firstThemeIds!, second: i.secondThemeIds! }));
    expect(view.agreement).toEqual(measureAgreement(view.themes.map((t) => t.id), pairs));

    const target = items[4]!;
    // Meanwhile another officer tags the answer with a theme neither coder chose: the resolution keeps it.
    const [extra] = await db().insert(themes).values({ consultationId, questionId: openId, name: `Added after the coding ${Date.now()}` }).returning();
    await db().insert(answerTags).values({ themeId: extra!.id, responseId: target.responseId, questionId: openId, source: "rule", status: "suggested", createdBy: second().id });
    await expect(resolveReviewItem(db(), { consultationId, reviewId: r.id, responseId: target.responseId, themeIds: [s.q("1").id], baseVersion: 2 }, first())).rejects.toBeInstanceOf(InvalidError);
    const agreed = [themeIds[0]!, themeIds[1]!];
    const done = await resolveReviewItem(db(), { consultationId, reviewId: r.id, responseId: target.responseId, themeIds: agreed, note: "Both themes are in the answer", baseVersion: 2 }, first());
    expect(done.resolvedThemeIds!.sort()).toEqual([...agreed].sort());
    const tags = await readAnswerTags(db(), { responseId: target.responseId, questionId: openId });
    expect(tags.tags.filter((t) => t.passageStart === null).map((t) => t.themeId).sort()).toEqual([...agreed, extra!.id].sort());
    // The agreed themes confirmed; the other theme's suggestion left as it was.
    expect(tags.tags.filter((t) => agreed.includes(t.themeId)).every((t) => t.status === "confirmed")).toBe(true);
    expect(tags.tags.filter((t) => t.themeId === extra!.id).map((t) => t.status)).toEqual(["suggested"]);
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, "tag_review.resolve"), eq(auditLog.entityId, `${r.id}/${target.responseId}`)));
    expect(entry).toMatchObject({ actorId: first().id, consultationId });
    const after = await getTagReview(db(), { consultationId, questionId: openId, reviewId: r.id }, s.actors.scrutiny);
    expect(after.review!.items.find((i) => i.responseId === target.responseId)).toMatchObject({ resolutionNote: "Both themes are in the answer", resolvedByName: expect.any(String) });
  });

  it("refuses a review of another consultation, and a theme of another question", async () => {
    const r = await startTagReview(db(), { consultationId, questionId: openId, size: 5 }, second(), 3);
    const [item] = await db().select().from(tagReviewItems).where(eq(tagReviewItems.reviewId, r.id)).limit(1);
    await expect(codeReviewItem(db(), { consultationId: s.odpm.id, reviewId: r.id, responseId: item!.responseId, themeIds: [], baseVersion: 1 }, second())).rejects.toBeInstanceOf(NotFoundError);
    const [odpmTheme] = await db().insert(themes).values({ consultationId: s.odpm.id, questionId: s.q("1").id, name: `Elsewhere ${Date.now()}` }).returning();
    await expect(codeReviewItem(db(), { consultationId, reviewId: r.id, responseId: item!.responseId, themeIds: [odpmTheme!.id], baseVersion: 1 }, second())).rejects.toBeInstanceOf(InvalidError);
    const [c] = await db().select().from(consultations).where(eq(consultations.id, consultationId));
    expect(c).toBeTruthy();
  });
});

describe("two officers saving one review item at once", () => {
  it("keeps one save and refuses the other with both versions, never losing an edit (parallel connections on Postgres)", async () => {
    const pools: { db: Db; close: () => Promise<void> }[] = s.t.url ? await Promise.all([1, 2].map(() => openPg(s.t.url!, 2))) : [];
    const [dbA, dbB] = pools.length ? pools.map((p) => p.db) : [db(), db()];
    try {
      const themeIds = await themeIdsOf();
      const trials = s.t.url ? 12 : 5;
      const r = await startTagReview(db(), { consultationId, questionId: openId, size: trials }, second(), 99);
      const items = await db().select().from(tagReviewItems).where(eq(tagReviewItems.reviewId, r.id)).orderBy(tagReviewItems.position);
      expect(items).toHaveLength(trials);
      for (const [trial, i] of items.entries()) {
        // The reviewer saves the same answer from two tabs at once.
        const coded = await Promise.allSettled([
          codeReviewItem(dbA!, { consultationId, reviewId: r.id, responseId: i.responseId, themeIds: [themeIds[0]!], baseVersion: 1 }, second()),
          codeReviewItem(dbB!, { consultationId, reviewId: r.id, responseId: i.responseId, themeIds: [themeIds[1]!], baseVersion: 1 }, second()),
        ]);
        expect(coded.filter((x) => x.status === "fulfilled"), `trial ${trial}`).toHaveLength(1);
        const lost = coded.find((x) => x.status === "rejected") as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(ConflictError);
        const won = (coded.find((x) => x.status === "fulfilled") as PromiseFulfilledResult<{ secondThemeIds: string[] | null; version: number }>).value;
        // The refusal carries what was saved, so the loser sees it and their own choice side by side.
        expect((lost.reason as ConflictError<{ secondThemeIds: string[] }>).current.secondThemeIds).toEqual(won.secondThemeIds);
        // Two officers resolve it at once, from the version they both saw.
        const resolved = await Promise.allSettled([
          resolveReviewItem(dbA!, { consultationId, reviewId: r.id, responseId: i.responseId, themeIds: [themeIds[2]!], note: "A", baseVersion: 2 }, first()),
          resolveReviewItem(dbB!, { consultationId, reviewId: r.id, responseId: i.responseId, themeIds: [themeIds[3]!], note: "B", baseVersion: 2 }, s.actors.signatory),
        ]);
        expect(resolved.filter((x) => x.status === "fulfilled"), `trial ${trial}`).toHaveLength(1);
        expect((resolved.find((x) => x.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
        const winner = (resolved.find((x) => x.status === "fulfilled") as PromiseFulfilledResult<{ resolvedThemeIds: string[] | null; resolutionNote: string | null }>).value;
        const [stored] = await db().select().from(tagReviewItems).where(and(eq(tagReviewItems.reviewId, r.id), eq(tagReviewItems.responseId, i.responseId)));
        expect(stored).toMatchObject({ version: 3, secondThemeIds: won.secondThemeIds, resolvedThemeIds: winner.resolvedThemeIds, resolutionNote: winner.resolutionNote });
        // And the answer's tags are the winner's, from the same transaction.
        const tags = await readAnswerTags(db(), { responseId: i.responseId, questionId: openId });
        expect(tags.tags.filter((t) => t.passageStart === null).map((t) => t.themeId)).toEqual(winner.resolvedThemeIds);
      }
      const audits = await db().execute(sql`select count(*)::int as n from audit_log where action = 'tag_review.resolve' and entity_id like ${`${r.id}/%`}`);
      expect((audits as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(trials);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 120_000);
});

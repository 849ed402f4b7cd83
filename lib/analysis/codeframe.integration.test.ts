// The codeframe on PGlite or Postgres (DATABASE_URL): themes created, renamed, merged, split
// and deleted with their tags following; tags on answers and passages with the version seen
// (If-Match) so concurrent tagging is refused with both versions; keyword rules re-applied in
// Postgres over the answers' tsvector; access refused to those who may not edit; two officers
// saving one theme's keyword rules at once lose neither's edit (lib/input/edit-merge).
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, answerTags, auditLog, organisations, questions, responses, themeRules, themes } from "../../db/schema";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { openPg, type Db } from "../../db/client";
import { raceOnRow } from "../../db/testing/race";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "../errors";
import { EditConflictError, editBase, parseEditBase } from "../input/edit-merge";
import { odpmSetup } from "../collation/testing";
import { questionSetSchema } from "../question-sets/schema";
import {
  applyKeywordRules,
  createTheme,
  deleteTheme,
  hasChoice,
  mergeThemes,
  readAnswerTags,
  removePassageTag,
  setAnswerTags,
  setThemeRules,
  splitTheme,
  tagAnswer,
  themeRulesValues,
  updateTheme,
} from "./codeframe";
import { tagPassageByQuote } from "./bulk";

let s: Awaited<ReturnType<typeof odpmSetup>>;
const db = () => s.t.db;
let consultationId: string;
let questionId: string;
let otherQuestionId: string;
/** Answer keys by a short name. */
const a: Record<string, { responseId: string; questionId: string }> = {};

const TEXTS: Record<string, string> = {
  parking1: "The parking charges in the town centre are far too high.",
  parking2: "Parking charges keep rising and drive shoppers away from the market.",
  parking3: "Free parking on Saturdays would help the high street; bus fares too.",
  bus1: "The rural bus service was cut and older people are stranded.",
  bus2: "Please restore the evening bus to our village.",
  staff: "Staff parking permits for the hospital should be cheaper.",
  draft: "Parking charges again, but this response is still a draft.",
};

beforeAll(async () => {
  s = await odpmSetup();
  const set = questionSetSchema.parse({
    format: "council-consult/question-set",
    formatVersion: 1,
    title: `Codeframe test ${Date.now()}`,
    kind: "questionnaire",
    chapters: [{ title: "Views", questions: [{ number: "1", type: "long_text", text: "What should the council change?" }, { number: "2", type: "long_text", text: "Anything else?" }] }],
  });
  const [council] = await db().select().from(organisations).where(eq(organisations.id, s.odpm.ownerOrganisationId));
  const c = await createConsultationFromQuestionSet(db(), set, { ownerOrganisationId: council.id, actorId: s.actors.officer.id, slug: `codeframe-${Date.now()}` });
  await publishConsultation(db(), c.id, s.actors.officer.id);
  consultationId = c.id;
  const qs = await db().select().from(questions).where(eq(questions.consultationId, c.id));
  questionId = qs.find((q) => q.number === "1")!.id;
  otherQuestionId = qs.find((q) => q.number === "2")!.id;
  for (const [i, [key, text]] of Object.entries(TEXTS).entries()) {
    const [org] = await db().insert(organisations).values({ name: `Codeframe partner ${i}`, type: "voluntary_sector" }).returning();
    const submitted = key !== "draft";
    const [r] = await db()
      .insert(responses)
      .values({ consultationId: c.id, organisationId: org.id, status: submitted ? "submitted" : "draft", reference: submitted ? `CF-${i}-${Date.now()}` : null, revision: submitted ? 1 : 0, submittedAt: submitted ? new Date() : null })
      .returning();
    await db().insert(answers).values({ responseId: r.id, questionId, value: text, valueText: text });
    a[key] = { responseId: r.id, questionId };
  }
});
afterAll(async () => s?.t.close());

const officer = () => s.actors.officer;
const auditCount = async (entityId: string) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(eq(auditLog.action, "answer_tags.set"), eq(auditLog.entityId, entityId))))[0]!.n;
const theme = (name: string, parentId?: string) => createTheme(db(), { consultationId, questionId, name, parentId }, officer());
const tagsOf = async (themeId: string) =>
  (await db().select().from(answerTags).where(eq(answerTags.themeId, themeId))).map((t) => Object.entries(a).find(([, k]) => k.responseId === t.responseId)![0]).sort();

describe("themes", () => {
  it("creates a theme, refuses a second of the same name (any case), and renames with the version seen", async () => {
    const t = await theme("Parking costs");
    expect(t).toMatchObject({ name: "Parking costs", version: 1, questionId });
    await expect(theme("parking COSTS")).rejects.toBeInstanceOf(InvalidError);
    const renamed = await updateTheme(db(), { themeId: t.id, name: "Parking charges", description: "Cost of parking in town", baseVersion: 1 }, officer());
    expect(renamed).toMatchObject({ name: "Parking charges", version: 2 });
    const stale = updateTheme(db(), { themeId: t.id, name: "Car parks", baseVersion: 1 }, s.actors.officer2);
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ current: { name: "Parking charges", version: 2 }, attempted: { name: "Car parks" } });
  });

  it("two officers creating a theme of one name at once: one made, the other told at the field, never an error (parallel connections)", async () => {
    for (let trial = 0; trial < 8; trial++) {
      const name = `Street lighting ${trial}`;
      const results = await Promise.allSettled([theme(name), theme(name.toUpperCase())]);
      expect(results.filter((r) => r.status === "fulfilled"), `trial ${trial}`).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(refused.reason).toBeInstanceOf(InvalidError);
      expect((refused.reason as InvalidError).fieldErrors).toEqual({ name: "This question already has a theme with that name" });
    }
  });

  it("refuses a parent that would make a cycle, and one from another question", async () => {
    const top = await theme("Transport");
    const child = await theme("Buses", top.id);
    await expect(updateTheme(db(), { themeId: top.id, name: "Transport", parentId: child.id, baseVersion: 1 }, officer())).rejects.toThrow(/inside itself/);
    const elsewhere = await createTheme(db(), { consultationId, questionId: otherQuestionId, name: "Other question theme" }, officer());
    await expect(createTheme(db(), { consultationId, questionId, name: "Stray", parentId: elsewhere.id }, officer())).rejects.toBeInstanceOf(InvalidError);
  });

  it("refuses people who may not edit the analysis, and the audit log records each change", async () => {
    await expect(createTheme(db(), { consultationId, questionId, name: "Nope" }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createTheme(db(), { consultationId, questionId, name: "Nope" }, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.consultationId, consultationId), eq(auditLog.action, "theme.update")));
    expect(entries.length).toBeGreaterThanOrEqual(1);
  });

  it("does not find a theme or answer named with another consultation's id, even for an officer who may edit both", async () => {
    const t = await theme("Bound to its consultation");
    const elsewhere = s.odpm.id;
    await expect(updateTheme(db(), { consultationId: elsewhere, themeId: t.id, name: "Moved?", baseVersion: t.version }, officer())).rejects.toBeInstanceOf(NotFoundError);
    await expect(setThemeRules(db(), { consultationId: elsewhere, themeId: t.id, phrases: ["x"], exclusions: [] }, officer())).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTheme(db(), { consultationId: elsewhere, themeId: t.id }, officer())).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAnswerTags(db(), { consultationId: elsewhere, ...a.bus1!, themeIds: [t.id] }, officer())).rejects.toBeInstanceOf(NotFoundError);
    // The quote is not checked against another consultation's answer (no oracle for its words).
    await expect(tagPassageByQuote(db(), { consultationId: elsewhere, ...a.bus1!, themeId: t.id, quote: "no such words" }, officer())).rejects.toBeInstanceOf(NotFoundError);
    const [after] = await db().select().from(themes).where(eq(themes.id, t.id));
    expect(after.name).toBe("Bound to its consultation");
    await deleteTheme(db(), { consultationId, themeId: t.id }, officer());
  });

  it("merges a theme into another: tags move (without duplicates), sub-themes follow, the source goes", async () => {
    const cost = await theme("Cost of parking");
    const fees = await theme("Parking fees");
    const sub = await theme("Saturday parking", fees.id);
    await tagAnswer(db(), { ...a.parking1, themeId: cost.id }, officer());
    await tagAnswer(db(), { ...a.parking1, themeId: fees.id }, officer());
    await tagAnswer(db(), { ...a.parking2, themeId: fees.id }, officer());
    const before = await readAnswerTags(db(), a.parking2);
    // Both have keyword rules: the target's keep their order, the source's new ones follow, once each.
    await setThemeRules(db(), { themeId: cost.id, phrases: ["parking cost", "car park"], exclusions: ["hospital"] }, officer());
    await setThemeRules(db(), { themeId: fees.id, phrases: ["car park", "parking fee"], exclusions: ["staff"] }, officer());
    const r = await mergeThemes(db(), { sourceThemeId: fees.id, targetThemeId: cost.id }, officer());
    const [rules] = await db().select().from(themeRules).where(eq(themeRules.themeId, cost.id));
    expect([rules!.phrases, rules!.exclusions]).toEqual([["parking cost", "car park", "parking fee"], ["hospital", "staff"]]);
    expect(r.movedTags).toBe(1); // parking1 already had the target theme
    expect(await tagsOf(cost.id)).toEqual(["parking1", "parking2"]);
    expect(await db().select().from(themes).where(eq(themes.id, fees.id))).toEqual([]);
    const [moved] = await db().select().from(themes).where(eq(themes.id, sub.id));
    expect(moved.parentId).toBe(cost.id);
    // The answers' tag sets changed, so their versions moved on.
    expect((await readAnswerTags(db(), a.parking2)).version).toBeGreaterThan(before.version);
  });

  it("splits a theme: the chosen answers' tags go to a new theme beside it", async () => {
    const mixed = await theme("Town centre");
    for (const k of ["parking1", "parking3", "bus1"]) await tagAnswer(db(), { ...a[k], themeId: mixed.id }, officer());
    const r = await splitTheme(db(), { themeId: mixed.id, name: "Rural transport", answers: [a.bus1] }, officer());
    expect(r.movedTags).toBe(1);
    expect(await tagsOf(mixed.id)).toEqual(["parking1", "parking3"]);
    expect(await tagsOf(r.theme.id)).toEqual(["bus1"]);
  });

  it("deletes a theme: its tags follow to its parent (or a chosen theme), or go with it", async () => {
    const parent = await theme("Getting about");
    const child = await theme("Evening buses", parent.id);
    await tagAnswer(db(), { ...a.bus2, themeId: child.id }, officer());
    const r = await deleteTheme(db(), { themeId: child.id }, officer());
    expect(r).toEqual({ movedTags: 1, removedTags: 0, questionId, movedTo: parent.id });
    expect(await tagsOf(parent.id)).toEqual(["bus2"]);
    const lone = await theme("Short-lived");
    await tagAnswer(db(), { ...a.bus2, themeId: lone.id }, officer());
    const gone = await deleteTheme(db(), { themeId: lone.id }, officer());
    expect(gone).toEqual({ movedTags: 0, removedTags: 1, questionId, movedTo: null });
  });
});

describe("tagging", () => {
  it("tags a highlighted passage, keeping its text, and refuses a passage beyond the answer", async () => {
    const t = await theme("Bus fares");
    const text = TEXTS.parking3;
    const start = text.indexOf("bus fares");
    const state = await tagAnswer(db(), { ...a.parking3, themeId: t.id, passage: { start, end: start + "bus fares".length } }, officer());
    expect(state.tags.find((x) => x.themeId === t.id)).toMatchObject({ passageText: "bus fares", passageStart: start });
    await expect(tagAnswer(db(), { ...a.parking3, themeId: t.id, passage: { start: 0, end: text.length + 5 } }, officer())).rejects.toBeInstanceOf(InvalidError);
  });

  it("refuses a tag change made over a newer version, with both versions, and lets the later one retry", async () => {
    const t1 = await theme("Shoppers");
    const t2 = await theme("Markets");
    const seen = await readAnswerTags(db(), a.parking2);
    // Two officers open the same answer; the first saves.
    const first = await setAnswerTags(db(), { ...a.parking2, themeIds: [t1.id], baseVersion: seen.version }, officer());
    expect(first.version).toBe(seen.version + 1);
    const second = setAnswerTags(db(), { ...a.parking2, themeIds: [t2.id], baseVersion: seen.version }, s.actors.officer2);
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toMatchObject({ current: { version: first.version, tags: [expect.objectContaining({ themeName: "Shoppers" })] }, attempted: { themeIds: [t2.id] } });
    const retried = await setAnswerTags(db(), { ...a.parking2, themeIds: [t1.id, t2.id], analysed: true, baseVersion: first.version }, s.actors.officer2);
    expect(retried.tags.map((t) => t.themeName).sort()).toEqual(["Markets", "Shoppers"]);
    expect(retried.analysed).toBe(true);
  });

  it("takes the same choice posted twice from one version as saved once, not as a clash; a different choice from it is still refused", async () => {
    const t1 = await theme("Twice: shoppers");
    const t2 = await theme("Twice: markets");
    const seen = await readAnswerTags(db(), a.parking1);
    const choice = { ...a.parking1, themeIds: [t1.id], analysed: true, baseVersion: seen.version };
    const first = await setAnswerTags(db(), choice, officer());
    const audits = await auditCount(`${a.parking1.responseId}/${a.parking1.questionId}`);
    // The same form posted again (a double click, a resent post): the same state, nothing written.
    const again = await setAnswerTags(db(), choice, officer());
    expect(again).toEqual(first);
    expect(await auditCount(`${a.parking1.responseId}/${a.parking1.questionId}`)).toBe(audits);
    // The same themes but "analysed" left unticked is another choice: refused with both versions.
    await expect(setAnswerTags(db(), { ...choice, analysed: false }, officer())).rejects.toBeInstanceOf(ConflictError);
    await expect(setAnswerTags(db(), { ...choice, themeIds: [t1.id, t2.id] }, s.actors.officer2)).rejects.toMatchObject({ current: { version: first.version } });
    // Tagging one theme twice from one version likewise: the second finds it done.
    const tagged = await tagAnswer(db(), { ...a.parking1, themeId: t2.id, baseVersion: first.version }, officer());
    expect(await tagAnswer(db(), { ...a.parking1, themeId: t2.id, baseVersion: first.version }, officer())).toEqual(tagged);
    // A passage tagged twice: the second adds nothing, so no new version and no audit entry.
    const passage = { start: 0, end: "The parking".length };
    const once = await tagAnswer(db(), { ...a.parking1, themeId: t1.id, passage }, officer());
    const entries = await auditCount(`${a.parking1.responseId}/${a.parking1.questionId}`);
    expect(await tagAnswer(db(), { ...a.parking1, themeId: t1.id, passage }, officer())).toEqual(once);
    expect(await auditCount(`${a.parking1.responseId}/${a.parking1.questionId}`)).toBe(entries);
  });

  it("keeps a theme only passages carry when the answer's themes are saved, and removes an unticked theme with its passages", async () => {
    const permits = await theme("Staff permits");
    const hospital = await theme("Hospital");
    const seen = await readAnswerTags(db(), a.staff);
    // A colleague tags a passage meanwhile; the form (whole-answer themes, no box ticked for it)
    // saved from the older version with "analysed" leaves the passage: it is no clash with it.
    await tagAnswer(db(), { ...a.staff, themeId: permits.id, passage: { start: 0, end: "Staff parking".length } }, s.actors.officer2);
    expect(hasChoice(await readAnswerTags(db(), a.staff), [], seen.analysed)).toBe(true);
    const kept = await setAnswerTags(db(), { ...a.staff, themeIds: [hospital.id], analysed: true, baseVersion: (await readAnswerTags(db(), a.staff)).version }, officer());
    expect(kept.tags.map((t) => [t.themeName, t.passageText])).toEqual([
      ["Hospital", null],
      ["Staff permits", "Staff parking"],
    ]);
    // Ticked and saved, the passage's theme is on the whole answer too; unticked again, it goes
    // with its passage.
    const both = await setAnswerTags(db(), { ...a.staff, themeIds: [hospital.id, permits.id], baseVersion: kept.version }, officer());
    expect(both.tags.filter((t) => t.themeId === permits.id)).toHaveLength(2);
    const unticked = await setAnswerTags(db(), { ...a.staff, themeIds: [hospital.id], baseVersion: both.version }, officer());
    expect(unticked.tags.map((t) => t.themeName)).toEqual(["Hospital"]);
    // A stale base whose whole-answer themes differ is a clash, both versions kept.
    await expect(setAnswerTags(db(), { ...a.staff, themeIds: [], baseVersion: kept.version }, officer())).rejects.toMatchObject({
      current: { version: unticked.version, tags: [expect.objectContaining({ themeName: "Hospital" })] },
    });
    // A suggested tag of a chosen theme is not yet what the choice leaves (saving confirms it).
    const suggested = { version: 2, analysed: false, tags: [{ id: "x", themeId: permits.id, themeName: "Staff permits", passageStart: null, passageEnd: null, passageText: null, source: "rule", status: "suggested" }] };
    expect(hasChoice(suggested, [permits.id])).toBe(false);
    expect(hasChoice({ ...suggested, tags: [{ ...suggested.tags[0]!, status: "confirmed" }] }, [permits.id])).toBe(true);
    expect(hasChoice({ ...suggested, tags: [{ ...suggested.tags[0]!, status: "confirmed" }] }, [permits.id], true)).toBe(false);
    expect(hasChoice({ ...suggested, tags: [{ ...suggested.tags[0]!, status: "confirmed" }] }, [])).toBe(false);
  });

  it("lets only one of two simultaneous tag changes from the same version through", async () => {
    const t = await theme("Simultaneous");
    const seen = await readAnswerTags(db(), a.bus1);
    const results = await Promise.allSettled([
      tagAnswer(db(), { ...a.bus1, themeId: t.id, baseVersion: seen.version }, officer()),
      setAnswerTags(db(), { ...a.bus1, themeIds: [], baseVersion: seen.version }, s.actors.officer2),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
  });

  it("removes a passage with the version seen, refuses a theme of the whole answer there, and a theme of another question", async () => {
    const t = await theme("Untag me");
    await tagAnswer(db(), { ...a.bus2, themeId: t.id }, officer());
    const state = await tagPassageByQuote(db(), { consultationId, ...a.bus2, themeId: t.id, quote: "evening bus" }, officer());
    const passage = state.tags.find((x) => x.themeId === t.id && x.passageStart !== null)!;
    const whole = state.tags.find((x) => x.themeId === t.id && x.passageStart === null)!;
    const { state: after, removed } = await removePassageTag(db(), { ...a.bus2, tagId: passage.id, baseVersion: state.version }, officer());
    expect(removed?.id).toBe(passage.id);
    expect(after.tags.filter((x) => x.themeId === t.id).map((x) => x.passageText)).toEqual([null]);
    await expect(removePassageTag(db(), { ...a.bus2, tagId: whole.id }, officer())).rejects.toBeInstanceOf(InvalidError);
    expect((await readAnswerTags(db(), a.bus2)).tags.some((x) => x.id === whole.id)).toBe(true);
    const other = await createTheme(db(), { consultationId, questionId: otherQuestionId, name: "Elsewhere" }, officer());
    await expect(tagAnswer(db(), { ...a.bus2, themeId: other.id }, officer())).rejects.toBeInstanceOf(InvalidError);
  });
});

describe("removing a tagged passage (the collation page's Remove)", () => {
  const auditsOf = (key: { responseId: string; questionId: string }) => auditCount(`${key.responseId}/${key.questionId}`);

  it("removes that passage only: the theme's other passage and its tag on the whole answer stay; the version goes up once and the change is audited", async () => {
    const t = await theme("Passages: remove one");
    await tagAnswer(db(), { ...a.parking2, themeId: t.id }, officer());
    await tagPassageByQuote(db(), { consultationId, ...a.parking2, themeId: t.id, quote: "Parking charges keep rising" }, officer());
    const before = await tagPassageByQuote(db(), { consultationId, ...a.parking2, themeId: t.id, quote: "shoppers away" }, officer());
    const gone = before.tags.find((x) => x.passageText === "shoppers away")!;
    const audits = await auditsOf(a.parking2);
    const { state, removed } = await removePassageTag(db(), { consultationId, ...a.parking2, tagId: gone.id }, officer());
    expect(removed).toMatchObject({ id: gone.id, themeName: "Passages: remove one", passageText: "shoppers away" });
    expect(state.tags.filter((x) => x.themeId === t.id).map((x) => x.passageText ?? "(whole answer)").sort()).toEqual(["(whole answer)", "Parking charges keep rising"]);
    expect(state.version).toBe(before.version + 1);
    expect(await auditsOf(a.parking2)).toBe(audits + 1);
  });

  it("posted twice: the second finds it gone, changes nothing and says so (no new version, no audit entry)", async () => {
    const t = await theme("Passages: twice");
    const tagged = await tagPassageByQuote(db(), { consultationId, ...a.parking1, themeId: t.id, quote: "town centre" }, officer());
    const tag = tagged.tags.find((x) => x.themeId === t.id)!;
    const first = await removePassageTag(db(), { consultationId, ...a.parking1, tagId: tag.id }, officer());
    const audits = await auditsOf(a.parking1);
    const second = await removePassageTag(db(), { consultationId, ...a.parking1, tagId: tag.id }, officer());
    expect(first.removed?.id).toBe(tag.id);
    expect(second.removed).toBeNull();
    expect(second.state.version).toBe(first.state.version);
    expect(await auditsOf(a.parking1)).toBe(audits);
  });

  it("refuses a partner and the scrutiny committee, and a question given with another consultation; a tag of another answer is not removed through this one", async () => {
    const t = await theme("Passages: denied");
    const tagged = await tagPassageByQuote(db(), { consultationId, ...a.bus1, themeId: t.id, quote: "older people" }, officer());
    const tag = tagged.tags.find((x) => x.themeId === t.id)!;
    const input = { consultationId, ...a.bus1, tagId: tag.id };
    await expect(removePassageTag(db(), input, s.actors.partner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removePassageTag(db(), input, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removePassageTag(db(), { ...input, consultationId: s.odpm.id }, officer())).rejects.toBeInstanceOf(NotFoundError);
    const elsewhere = await removePassageTag(db(), { consultationId, ...a.bus2, tagId: tag.id }, officer());
    expect(elsewhere.removed).toBeNull();
    expect((await readAnswerTags(db(), a.bus1)).tags.some((x) => x.id === tag.id)).toBe(true);
  });
});

describe("keyword rules", () => {
  it("tags submitted answers matching a phrase (stemmed, in order) unless an exclusion appears, and re-applies", async () => {
    const t = await theme("Parking (rule)");
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking charge", "free parking"], exclusions: ["hospital"] }, officer());
    const first = await applyKeywordRules(db(), { consultationId, questionId }, officer());
    expect(first.added).toBeGreaterThanOrEqual(3);
    // parking1 and parking2 ("parking charges"), parking3 ("Free parking"); not staff (excluded), not the draft.
    expect(await tagsOf(t.id)).toEqual(["parking1", "parking2", "parking3"]);
    const tags = await db().select().from(answerTags).where(eq(answerTags.themeId, t.id));
    expect(tags.every((x) => x.source === "rule" && x.status === "suggested")).toBe(true);

    // An officer confirms one; the rule narrows; re-applying removes unconfirmed tags that no longer match.
    await tagAnswer(db(), { ...a.parking3, themeId: t.id }, officer());
    await setThemeRules(db(), { themeId: t.id, phrases: ["market"], exclusions: [] }, officer());
    const again = await applyKeywordRules(db(), { consultationId, questionId }, officer());
    expect(again.removed).toBe(1); // parking1
    expect(await tagsOf(t.id)).toEqual(["parking2", "parking3"]);
    // Applying again changes nothing.
    expect(await applyKeywordRules(db(), { consultationId, questionId }, officer())).toMatchObject({ added: 0, removed: 0 });
  });

  it("ignores phrases of stop words only, and refuses those who may not edit", async () => {
    const t = await theme("Stop words");
    await setThemeRules(db(), { themeId: t.id, phrases: ["the and of"], exclusions: [] }, officer());
    await applyKeywordRules(db(), { consultationId, questionId }, officer());
    expect(await tagsOf(t.id)).toEqual([]);
    await expect(applyKeywordRules(db(), { consultationId, questionId }, s.actors.scrutiny)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("two officers saving one theme's keyword rules at once", () => {
  const rulesOf = async (themeId: string) => themeRulesValues((await db().select().from(themeRules).where(eq(themeRules.themeId, themeId)))[0]);
  /** The form's hidden base, as the themes page draws it and the action reads it back. */
  const drawn = async (themeId: string) => parseEditBase(editBase(await rulesOf(themeId)));

  it("keeps both when one changes the phrases and the other the exclusions", async () => {
    const t = await theme("Rules: both kept");
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking"], exclusions: ["hospital"] }, officer());
    const base = await drawn(t.id);
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking", "car park"], exclusions: ["hospital"] }, officer(), { base });
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking"], exclusions: ["hospital", "staff"] }, s.actors.officer2, { base });
    expect(await rulesOf(t.id)).toEqual({ phrases: ["parking", "car park"], exclusions: ["hospital", "staff"] });
  });

  it("refuses the second change to the phrases, saying what is stored, saves nothing; saving again replaces them knowingly", async () => {
    const t = await theme("Rules: one field");
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking"], exclusions: [] }, officer());
    const base = await drawn(t.id);
    await setThemeRules(db(), { themeId: t.id, phrases: ["parking charge", "car park"], exclusions: [] }, officer(), { base });
    const typedByB = { themeId: t.id, phrases: ["free parking"], exclusions: ["hospital"] };
    const refused = await setThemeRules(db(), typedByB, s.actors.officer2, { base }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EditConflictError);
    const conflict = refused as EditConflictError;
    expect(Object.keys(conflict.fieldErrors)).toEqual(["phrases"]);
    expect(conflict.fieldErrors.phrases).toContain("It now reads: “parking charge, car park”");
    // Nothing of B's was saved, not even the exclusions only B changed.
    expect(await rulesOf(t.id)).toEqual({ phrases: ["parking charge", "car park"], exclusions: [] });
    await setThemeRules(db(), typedByB, s.actors.officer2, { base: parseEditBase(conflict.keep.editBase) });
    expect(await rulesOf(t.id)).toEqual({ phrases: ["free parking"], exclusions: ["hospital"] });
  });

  it("without a base (an older page, a script) saves what it is given", async () => {
    const t = await theme("Rules: no base");
    await setThemeRules(db(), { themeId: t.id, phrases: ["bus"], exclusions: [] }, officer());
    await setThemeRules(db(), { themeId: t.id, phrases: ["train"], exclusions: [] }, s.actors.officer2);
    expect(await rulesOf(t.id)).toEqual({ phrases: ["train"], exclusions: [] });
  });
});

// Postgres only (PGlite has one connection): the two saves start together from separate pools
// while a third connection holds the theme's row, so that each trial truly overlaps.
describe.skipIf(!process.env.DATABASE_URL)("real races over an answer's tags and a theme's keyword rules (Postgres)", () => {
  let poolA: { db: Db; close: () => Promise<void> };
  let poolB: { db: Db; close: () => Promise<void> };
  beforeAll(async () => {
    poolA = await openPg(s.t.url!, 2);
    poolB = await openPg(s.t.url!, 2);
  });
  afterAll(async () => {
    await poolA?.close();
    await poolB?.close();
  });

  it("a tagging form posted twice at once from one version saves once and tells neither post of a clash, in every trial", async () => {
    const t = await theme("Tags: double post");
    for (let trial = 1; trial <= 20; trial++) {
      const seen = await readAnswerTags(db(), a.bus2);
      const choice = { ...a.bus2, themeIds: trial % 2 ? [t.id] : [], analysed: trial % 2 === 1, baseVersion: seen.version };
      const results = await raceOnRow<[unknown, unknown]>(db(), sql`select 1 from answer_analysis where response_id = ${a.bus2.responseId} and question_id = ${a.bus2.questionId} for update`, [
        () => setAnswerTags(poolA.db, choice, officer()),
        () => setAnswerTags(poolB.db, choice, officer()),
      ]);
      expect(results.map((r) => r.status), `trial ${trial}`).toEqual(["fulfilled", "fulfilled"]);
      const after = await readAnswerTags(db(), a.bus2);
      expect(after.version, `trial ${trial}`).toBe(seen.version + 1);
      expect(after.tags.map((x) => x.themeId), `trial ${trial}`).toEqual(choice.themeIds);
      expect(after.analysed, `trial ${trial}`).toBe(choice.analysed);
    }
  });

  it("a passage's Remove posted twice at once removes it once and tells neither post of an error, in every trial", async () => {
    const t = await theme("Passages: double remove");
    for (let trial = 1; trial <= 20; trial++) {
      const tagged = await tagPassageByQuote(db(), { consultationId, ...a.parking3, themeId: t.id, quote: "Free parking" }, officer());
      const tag = tagged.tags.find((x) => x.themeId === t.id)!;
      const input = { consultationId, ...a.parking3, tagId: tag.id };
      const results = await raceOnRow<[Awaited<ReturnType<typeof removePassageTag>>, Awaited<ReturnType<typeof removePassageTag>>]>(
        db(),
        sql`select 1 from answer_analysis where response_id = ${a.parking3.responseId} and question_id = ${a.parking3.questionId} for update`,
        [() => removePassageTag(poolA.db, input, officer()), () => removePassageTag(poolB.db, input, s.actors.officer2)],
      );
      expect(results.map((r) => r.status), `trial ${trial}`).toEqual(["fulfilled", "fulfilled"]);
      const removed = results.map((r) => (r.status === "fulfilled" ? r.value.removed?.id ?? null : "refused"));
      expect(removed.filter((id) => id === tag.id), `trial ${trial}`).toHaveLength(1);
      expect(removed.filter((id) => id === null), `trial ${trial}`).toHaveLength(1);
      const after = await readAnswerTags(db(), a.parking3);
      expect(after.version, `trial ${trial}`).toBe(tagged.version + 1);
      expect(after.tags.some((x) => x.id === tag.id), `trial ${trial}`).toBe(false);
    }
  });

  it("of two saves of the phrases from one base, exactly one is saved and the other refused, in every trial", async () => {
    const t = await theme("Rules: raced");
    for (let trial = 1; trial <= 20; trial++) {
      await setThemeRules(db(), { themeId: t.id, phrases: [`start ${trial}`], exclusions: [] }, officer());
      const base = parseEditBase(editBase(themeRulesValues((await db().select().from(themeRules).where(eq(themeRules.themeId, t.id)))[0])));
      const mine = { a: `A's phrase ${trial}`, b: `B's phrase ${trial}` };
      const results = await raceOnRow<[unknown, unknown]>(db(), sql`select 1 from ${themes} where ${themes.id} = ${t.id} for update`, [
        () => setThemeRules(poolA.db, { themeId: t.id, phrases: [mine.a], exclusions: [] }, officer(), { base }),
        () => setThemeRules(poolB.db, { themeId: t.id, phrases: [mine.b], exclusions: [] }, s.actors.officer2, { base }),
      ]);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused, `trial ${trial}`).toHaveLength(1);
      expect(refused[0]!.reason, `trial ${trial}`).toBeInstanceOf(EditConflictError);
      const [stored] = await db().select().from(themeRules).where(eq(themeRules.themeId, t.id));
      const winner = results[0]!.status === "fulfilled" ? mine.a : mine.b;
      expect(stored!.phrases, `trial ${trial}`).toEqual([winner]);
      expect((refused[0]!.reason as EditConflictError).fieldErrors.phrases, `trial ${trial}`).toContain(`It now reads: “${winner}”`);
    }
  });
});

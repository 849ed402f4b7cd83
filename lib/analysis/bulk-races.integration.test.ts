// Real races between the bulk writes of answer_analysis, on Postgres only (PGlite has one
// connection, so nothing can race there). Four officers at the same moment, from separate
// connection pools, over overlapping answers: one bulk-tags a selection (lib/analysis/bulk.ts),
// one accepts a theme suggestion (suggestions.ts), one merges a theme into another and one
// re-applies the keyword rules (codeframe.ts). Each bumps the version of every answer it changed
// in one statement; left to itself each would take those rows in the order its own query yields
// them, and here those orders differ (the answers are stored in descending key order, and the
// merge's DISTINCT is planned by hashing), so two of them could each hold a row the other wants
// next: a deadlock, told to one officer as "busy". Taking the rows in key order, they wait in
// turn instead. In every trial all four succeed, every tag each added is there, and each
// answer's version went up once for each of the operations that changed it. (Without the
// `order by`s, nearly every trial deadlocks.)
//
// So that the four truly overlap in each trial, another connection holds the analysis row of an
// answer all four change, and lets go once Postgres shows all four waiting (db/testing/race).
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg, type Db } from "../../db/client";
import { answerAnalysis, answers, answerTags, organisations, questions, responses, suggestionRuns, themes } from "../../db/schema";
import { raceOnRow } from "../../db/testing/race";
import { odpmSetup } from "../collation/testing";
import { createConsultationFromQuestionSet, publishConsultation } from "../consultations/commands";
import { databaseProblem } from "../errors";
import { questionSetSchema } from "../question-sets/schema";
import { bulkTagAnswers } from "./bulk";
import { applyKeywordRules, createTheme, mergeThemes, setThemeRules } from "./codeframe";
import type { SuggestResult, ThemeSuggestion } from "./suggest";
import { acceptSuggestion } from "./suggestions";

const TRIALS = 20;
/** Answers of the question, numbered 0 … N-1 in the order of their key (response id). */
const N = 40;
const onPostgres = Boolean(process.env.DATABASE_URL);

/** Which answers each operation changes, by number: overlapping, none the same. */
const SETS = {
  bulk: range(0, 30),
  suggestion: range(10, 40),
  merge: range(5, 35),
  /** The answers whose text matches the rules' phrase. */
  rules: range(0, N).filter((i) => i % 3 !== 0),
};
/** The answer all four change, whose analysis row is held while they start. */
const HELD = 20;

const OPS = ["bulk tag", "accept suggestion", "merge", "keyword rules"] as const;

/** Postgres's error code, on the driver's error that drizzle's wraps (40P01: deadlock). */
function codeOf(e: unknown): string {
  for (let c = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; c && depth < 5; c = c.cause as typeof c, depth++) if (c.code) return String(c.code);
  return "no code";
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** A seeded shuffle (the same each run), so a failure can be run again as it was. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.skipIf(!onPostgres)("bulk writes of answers' analysis at the same moment over overlapping answers (Postgres)", () => {
  let s: Awaited<ReturnType<typeof odpmSetup>>;
  const db = () => s.t.db;
  let consultationId: string;
  let questionId: string;
  /** Response ids in key order: ids[i] is answer number i. */
  let ids: string[];
  let runId: string;
  let pools: { db: Db; close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    s = await odpmSetup();
    const set = questionSetSchema.parse({
      format: "council-consult/question-set",
      formatVersion: 1,
      title: `Bulk races test ${Date.now()}`,
      kind: "questionnaire",
      chapters: [{ title: "Views", questions: [{ number: "1", type: "long_text", text: "What should the council change?" }] }],
    });
    const c = await createConsultationFromQuestionSet(db(), set, { ownerOrganisationId: s.odpm.ownerOrganisationId, actorId: s.actors.officer.id, slug: `bulk-races-${Date.now()}` });
    await publishConsultation(db(), c.id, s.actors.officer.id);
    consultationId = c.id;
    [{ id: questionId }] = await db().select({ id: questions.id }).from(questions).where(eq(questions.consultationId, c.id));
    ids = Array.from({ length: N }, () => randomUUID()).sort();
    // Stored in descending key order, so a scan of the answers yields them the opposite way to the key.
    const stored = [...ids.keys()].reverse();
    const orgs = await db()
      .insert(organisations)
      .values(stored.map((i) => ({ name: `Bulk races partner ${i}`, type: "voluntary_sector" as const })))
      .returning({ id: organisations.id });
    await db()
      .insert(responses)
      .values(stored.map((i, k) => ({ id: ids[i]!, consultationId: c.id, organisationId: orgs[k]!.id, status: "submitted" as const, reference: `BR-${i}-${Date.now()}`, revision: 1, submittedAt: new Date() })))
      .returning();
    const text = (i: number) => (SETS.rules.includes(i) ? `Answer ${i}: the parking meters on the high street are broken.` : `Answer ${i}: the evening bus should come back.`);
    await db()
      .insert(answers)
      .values(stored.map((i) => ({ responseId: ids[i]!, questionId, value: text(i), valueText: text(i) })));
    await db()
      .insert(answerAnalysis)
      .values(stored.map((i) => ({ responseId: ids[i]!, questionId })));
    // A finished suggestion run with one suggestion per trial, each of the same answers (in id order, as suggest gives them).
    const suggestions: ThemeSuggestion[] = range(1, TRIALS + 1).map((trial) => ({
      key: `t${trial}`,
      kind: "theme",
      label: `Suggested ${trial}`,
      terms: ["parking"],
      phrases: [],
      answerIds: SETS.suggestion.map((i) => ids[i]!),
      representatives: [],
      cohesion: 0.5,
    }));
    const result = { suggestions, unassigned: [], stats: { answers: N, distinctTexts: N, vocabulary: 0, k: TRIALS, silhouette: 0, silhouettes: [], outliers: 0, millis: {} } } as SuggestResult;
    [{ id: runId }] = await db()
      .insert(suggestionRuns)
      .values({ consultationId, questionId, status: "done", stage: "done", progress: 1, result, answerCount: N, createdBy: s.actors.officer.id, finishedAt: new Date() })
      .returning({ id: suggestionRuns.id });
    // The merging officer's connections plan a DISTINCT by hashing, as Postgres may for a large
    // theme's tags (for this handful it would sort, which happens to give the key order anyway).
    const hashing = new URL(s.t.url!);
    hashing.searchParams.set("options", "-c enable_sort=off");
    pools = await Promise.all([s.t.url!, s.t.url!, hashing.toString(), s.t.url!].map((url) => openPg(url, 2)));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await s?.t.close();
  });

  const versions = async () =>
    new Map(
      (await db().select({ r: answerAnalysis.responseId, v: answerAnalysis.version }).from(answerAnalysis).where(eq(answerAnalysis.questionId, questionId))).map((x) => [x.r, x.v]),
    );
  const taggedWith = async (themeId: string) =>
    (await db().select({ r: answerTags.responseId, source: answerTags.source, status: answerTags.status }).from(answerTags).where(eq(answerTags.themeId, themeId)))
      .map((t) => ({ i: ids.indexOf(t.r), source: t.source, status: t.status }))
      .sort((a, b) => a.i - b.i);

  it(`four officers' bulk changes of overlapping answers at once all go through, their tags all kept and each answer's version bumped once per change, ${TRIALS} times`, async () => {
    const officer = s.actors.officer;
    const officer2 = s.actors.officer2;
    const failures: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      // Before the race: the bulk tag's theme, the theme to merge (its tags stored in shuffled order) and where it goes, the rules' theme.
      const tagTheme = await createTheme(db(), { consultationId, questionId, name: `Bulk ${trial}` }, officer);
      const source = await createTheme(db(), { consultationId, questionId, name: `Merged away ${trial}` }, officer);
      const target = await createTheme(db(), { consultationId, questionId, name: `Merged into ${trial}` }, officer);
      await db()
        .insert(answerTags)
        .values(shuffled(SETS.merge, trial).map((i) => ({ themeId: source.id, responseId: ids[i]!, questionId, createdBy: officer.id })));
      const ruleTheme = await createTheme(db(), { consultationId, questionId, name: `Rule ${trial}` }, officer);
      await setThemeRules(db(), { consultationId, themeId: ruleTheme.id, phrases: ["parking meters"], exclusions: [] }, officer);
      const before = await versions();

      const results = await raceOnRow<[Awaited<ReturnType<typeof bulkTagAnswers>>, Awaited<ReturnType<typeof acceptSuggestion>>, Awaited<ReturnType<typeof mergeThemes>>, Awaited<ReturnType<typeof applyKeywordRules>>]>(
        db(),
        sql`select 1 from ${answerAnalysis} where ${answerAnalysis.responseId} = ${ids[HELD]!} and ${answerAnalysis.questionId} = ${questionId} for update`,
        [
          () => bulkTagAnswers(pools[0]!.db, { consultationId, questionId, op: "tag", themeId: tagTheme.id, responseIds: shuffled(SETS.bulk, 100 + trial).map((i) => ids[i]!) }, officer),
          () => acceptSuggestion(pools[1]!.db, { consultationId, runId, key: `t${trial}`, name: `Accepted ${trial}` }, officer2),
          () => mergeThemes(pools[2]!.db, { consultationId, sourceThemeId: source.id, targetThemeId: target.id }, officer),
          () => applyKeywordRules(pools[3]!.db, { consultationId, questionId }, officer2),
        ],
      );
      // A deadlock is told to the officer as "busy" (lib/errors databaseProblem); anything else as itself.
      const refused = results.flatMap((r, k) => (r.status === "rejected" ? [`${OPS[k]}: ${databaseProblem(r.reason)?.kind ?? String(r.reason)} (${codeOf(r.reason)})`] : []));
      if (refused.length) {
        failures.push(`trial ${trial}: ${refused.join("; ")}`);
        // Whatever was refused saved nothing; the rules' theme goes, so that the next trial's
        // re-application does not also add the tags this one's should have.
        await db().delete(themes).where(eq(themes.id, ruleTheme.id));
        continue;
      }
      const [bulk, accepted, merged, ruled] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
        Awaited<ReturnType<typeof bulkTagAnswers>>,
        Awaited<ReturnType<typeof acceptSuggestion>>,
        Awaited<ReturnType<typeof mergeThemes>>,
        Awaited<ReturnType<typeof applyKeywordRules>>,
      ];
      // What each officer was told, and what each sees on the answers afterwards.
      expect(bulk, `trial ${trial}`).toMatchObject({ op: "tag", answers: SETS.bulk.length, changed: SETS.bulk.length });
      expect(accepted.tagged, `trial ${trial}`).toBe(SETS.suggestion.length);
      expect(merged.movedTags, `trial ${trial}`).toBe(SETS.merge.length);
      expect(ruled.added, `trial ${trial}`).toBe(SETS.rules.length);
      expect(await taggedWith(tagTheme.id), `trial ${trial}: bulk tags`).toEqual(SETS.bulk.map((i) => ({ i, source: "manual", status: "confirmed" })));
      expect(await taggedWith(accepted.theme.id), `trial ${trial}: suggestion's tags`).toEqual(SETS.suggestion.map((i) => ({ i, source: "suggestion", status: "suggested" })));
      expect(await taggedWith(target.id), `trial ${trial}: merged tags`).toEqual(SETS.merge.map((i) => ({ i, source: "manual", status: "confirmed" })));
      expect(await taggedWith(source.id), `trial ${trial}: merged theme's tags`).toEqual([]);
      expect(await taggedWith(ruleTheme.id), `trial ${trial}: rules' tags`).toEqual(SETS.rules.map((i) => ({ i, source: "rule", status: "suggested" })));
      const after = await versions();
      const bumps = ids.map((id, i) => ({ i, by: after.get(id)! - before.get(id)! }));
      const expected = ids.map((_, i) => ({ i, by: Object.values(SETS).filter((set) => set.includes(i)).length }));
      expect(bumps, `trial ${trial}: versions`).toEqual(expected);
    }
    expect(failures, "operations refused (deadlock: \"busy\")").toEqual([]);
    // Nothing was left waiting or half done: every trial's tags are there.
    const all = await db().select({ n: sql<number>`count(*)::int` }).from(answerTags).where(and(eq(answerTags.questionId, questionId), inArray(answerTags.responseId, ids)));
    expect(all[0]!.n).toBe(TRIALS * (SETS.bulk.length + SETS.suggestion.length + SETS.merge.length + SETS.rules.length));
  }, 180_000);
});

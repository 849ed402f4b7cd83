// The themes of a consultation's analysed free-text questions, as the public may read them
// (issue 18): per question, each theme the council's officers confirmed (lib/analysis), with the
// number of respondents whose *published* answer carries it. Only answers the public can read
// count: a submitted response that consents to publication, whose answer an officer approved and
// has not changed since (the rule of lib/public/publication). A withheld, pending, edited or
// unconsented answer adds nothing, and a theme found only in such answers is not listed at all,
// so neither its name nor a count can hint at what was kept back. Suggested tags never count.
// (The public pages read them through keptPublishedThemes: on a consultation with 5,000 published
// answers or more, a change reaches them within 30 seconds.)
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { deepFreeze } from "../deep-freeze";
import { keeper } from "../kept";
import { consentedSql } from "./moderation-queue";
import { approvedNow, getPublishingConsultation, rowsOf } from "./publication";

export type PublishedThemeCount = { themeId: string; theme: string; respondents: number };

export type PublishedQuestionThemes = {
  questionId: string;
  number: string;
  question: string;
  /** Respondents whose answer to the question is published: the base of each share. */
  answered: number;
  /** Largest first; a sub-theme is named "Parent: sub-theme". */
  themes: PublishedThemeCount[];
};

/**
 * The published themes of each analysed question of the consultation (by slug), in question
 * order; null if its responses are not public. Read fresh: the pages read keptPublishedThemes.
 */
export async function publishedThemes(db: Db, slug: string): Promise<PublishedQuestionThemes[] | null> {
  const c = await getPublishingConsultation(db, slug);
  if (!c) return null;
  return publishedThemesOf(db, c.id);
}

/** As publishedThemes, for a consultation already known to publish now (the caller checked). */
export async function publishedThemesOf(db: Db, consultationId: string): Promise<PublishedQuestionThemes[]> {
  return (await countPublishedThemes(db, consultationId)).themes;
}

/**
 * The published themes, and how many published answers to analysed questions were read to count
 * them (the count's cost: those with no confirmed theme too).
 */
async function countPublishedThemes(db: Db, consultationId: string): Promise<{ themes: PublishedQuestionThemes[]; read: number }> {
  // The answers the public reads, one per respondent and question, for questions with a codeframe.
  // The conditions are lib/public's own (consentedSql, approvedNow), so the counts cannot drift from what is published.
  const published = sql`
    select answers.response_id, answers.question_id, coalesce(responses.respondent_user_id, responses.organisation_id) as respondent_id
    from answer_moderations
    join answers on answers.response_id = answer_moderations.response_id and answers.question_id = answer_moderations.question_id
    join responses on responses.id = answer_moderations.response_id
    join questions on questions.id = answer_moderations.question_id
    where answer_moderations.consultation_id = ${consultationId} and ${approvedNow} and ${consentedSql()}
      and exists (select 1 from themes t where t.question_id = answer_moderations.question_id)
      -- Most consultations have no codeframe: checked once (an InitPlan, a one-time filter), so
      -- then nothing is read; without it the count read every published answer to find none
      -- (441 ms at 100,000 responses, against 0.3 ms).
      and (select exists (select 1 from themes t where t.consultation_id = ${consultationId}))`;
  const rows = rowsOf<{ question_id: string; theme_id: string | null; theme: string | null; respondents: number; answered: number }>(
    await db.execute(sql`
      with p as (${published}),
      base as (select question_id, count(distinct respondent_id)::int as answered from p group by question_id),
      counted as (
        select t.question_id, t.id as theme_id,
          case when parent.id is null then t.name else parent.name || ': ' || t.name end as theme,
          count(distinct p.respondent_id)::int as respondents
        from themes t
        left join themes parent on parent.id = t.parent_id
        join answer_tags g on g.theme_id = t.id and g.status = 'confirmed'
        join p on p.response_id = g.response_id and p.question_id = g.question_id
        where t.consultation_id = ${consultationId}
        group by t.question_id, t.id, t.name, parent.id, parent.name
      )
      select base.question_id, counted.theme_id, counted.theme, coalesce(counted.respondents, 0) as respondents, base.answered
      from base left join counted on counted.question_id = base.question_id`),
  );
  const read = [...new Map(rows.map((r) => [r.question_id, Number(r.answered)])).values()].reduce((n, a) => n + a, 0);
  // A question none of whose published answers carries a confirmed theme is not listed.
  const themed = rows.filter((r) => r.theme_id !== null);
  if (!themed.length) return { themes: [], read };
  const qs = rowsOf<{ id: string; number: string; text: string }>(
    await db.execute(sql`
      select q.id, q.number, q.text from questions q join sections s on s.id = q.section_id
      where q.consultation_id = ${consultationId} and q.id in (${sql.join([...new Set(themed.map((r) => r.question_id))].map((id) => sql`${id}::uuid`), sql`, `)})
      order by s.position, q.position`),
  );
  const themes = qs.map((q) => {
    const mine = themed.filter((r) => r.question_id === q.id);
    return {
      questionId: q.id,
      number: q.number,
      question: q.text,
      answered: Number(mine[0]!.answered),
      themes: mine
        .map((r) => ({ themeId: r.theme_id!, theme: r.theme!, respondents: Number(r.respondents) }))
        .sort((a, b) => b.respondents - a.respondents || a.theme.localeCompare(b.theme)),
    };
  });
  return { themes, read };
}

// ---------------------------------------------------------------------------------------------
// Kept for the public pages. Counting reads every published answer of the analysed questions
// (441 ms at 100,000 responses with a codeframe), and anyone can load the results page or its open
// data as often as they like: a large consultation's themes are kept for a short while, so its
// database cost is one count per instance per KEEP_MS however many people look, and people
// looking at once share one count. A small consultation's are counted on every view (a few
// milliseconds), so what an officer has just approved or tagged shows at once. On a large one a
// moderation decision, a tag or a withdrawn consent reaches the counts within KEEP_MS: the
// answers' text is never kept (the response pages read it afresh), only these counts and the
// names of the officers' themes.

/** How long a large consultation's published themes are kept. */
export const KEEP_MS = 30_000;
/** Published answers counted (over the analysed questions) from which a consultation's themes are kept. */
export const KEEP_FROM = 5_000;

/**
 * A reader of published themes that keeps them (publishedThemesOf, shared, frozen) for `keepMs`
 * when they count at least `keepFrom` published answers. `now` is the clock (tests pass their own).
 */
export function publishedThemesKeeper({ keepMs = KEEP_MS, keepFrom = KEEP_FROM, now }: { keepMs?: number; keepFrom?: number; now?: () => number } = {}) {
  const kept = keeper<Readonly<{ themes: readonly PublishedQuestionThemes[]; read: number }>>({ ttl: keepMs, now });
  return {
    /** The consultation's published themes (it publishes now: the caller checked), kept or counted. */
    read: async (db: Db, consultationId: string): Promise<readonly PublishedQuestionThemes[]> =>
      (
        await kept.read(consultationId, async () => deepFreeze(await countPublishedThemes(db, consultationId)), {
          // Small: shared only with the views that were waiting for this count, then counted afresh.
          keep: (counted) => counted.read >= keepFrom,
        })
      ).themes,
  };
}

const themesKeeper = publishedThemesKeeper();

/** The public pages' published themes: publishedThemesOf, kept a while for a large consultation. */
export const keptPublishedThemes = themesKeeper.read;
